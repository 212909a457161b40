// hub: talent stations (人才驿站) and expert service bases (专家服务基地): checked and stored,
// imported from a CSV list, and searched (indexed by Hub::Index from the change log).
#include <algorithm>
#include <fstream>

#include "core/codes.h"
#include "core/csv.h"
#include "core/regions.h"
#include "core/text.h"
#include "hub/hub.h"
#include "hub/internal/impl.h"
#include "hub/internal/region_prefix.h"
#include "hub/query_syntax.h"
#include "hub/synonyms.h"

namespace huicai::hub {
namespace {

Status ValidateStation(const Station& station) {
  if (station.name.empty()) {
    return Status::InvalidArgument("a station needs a name (e.g. 兰陵县人才驿站)");
  }
  const Region* region = RegionTable::Default().Find(station.region_code);
  if (region == nullptr || !region->in_force()) {
    return Status::InvalidArgument("station \"" + station.name + "\": region \"" +
                                   station.region_code + "\" is not a GB/T 2260 code in force");
  }
  for (const std::string& code : station.disciplines) {
    if (!DisciplineTable::Default().Known(code)) {
      return Status::InvalidArgument("station \"" + station.name + "\": discipline code \"" + code +
                                     "\" is not a GB/T 13745 code");
    }
  }
  return Status::Ok();
}

// A region as a CSV row gives it: a 6-digit code, or a name naming exactly one region in force.
Result<std::string> RegionCode(const std::string& text) {
  if (text.size() == 6 &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return text;
  }
  std::vector<std::string> codes;
  for (const Region* r : RegionTable::Default().FindByName(text)) {
    if (r->in_force()) codes.push_back(r->code);
  }
  if (codes.empty()) {
    return Status::InvalidArgument("region \"" + text +
                                   "\" is neither a 6-digit code nor a region's name");
  }
  if (codes.size() > 1) {
    return Status::InvalidArgument("region \"" + text + "\" names " + std::to_string(codes.size()) +
                                   " regions; give the 6-digit code or the full name");
  }
  return codes.front();
}

// One CSV row as a station. InvalidArgument: a bad kind, type or region (the message says which).
Result<Station> StationFromRow(const CsvTable& table, const std::vector<std::string>& row) {
  auto cell = [&](std::string_view column) -> std::string {
    auto i = table.ColumnIndex(column);
    return i ? std::string(Trim(row[*i])) : std::string();
  };
  Station station;
  station.name = cell("name");
  station.host_unit = cell("host_unit");
  station.description = cell("description");
  station.disciplines = SplitCodeList(cell("disciplines"));
  if (const std::string kind = cell("kind"); !kind.empty()) {
    auto parsed = ParseStationKind(kind);
    if (!parsed) {
      return Status::InvalidArgument("kind \"" + kind +
                                     "\" is not station/人才驿站 or base/专家服务基地");
    }
    station.kind = *parsed;
  } else if (station.name.ends_with("专家服务基地")) {
    station.kind = StationKind::kServiceBase;
  }
  if (const std::string type = cell("type"); !type.empty()) {
    auto parsed = ParseStationType(type);
    if (!parsed) {
      return Status::InvalidArgument("type \"" + type +
                                     "\" is not 创新型, 创业型, 服务型 or 综合型 (003 第五条)");
    }
    station.type = *parsed;
  }
  HUICAI_ASSIGN_OR_RETURN(station.region_code, RegionCode(cell("region")));
  return station;
}

}  // namespace

Result<store::StationUpsert> Hub::UpsertStation(const Station& station) {
  HUICAI_RETURN_IF_ERROR(ValidateStation(station));
  return impl_->store_.UpsertStation(station);
}

Result<std::vector<Station>> Hub::ListStations() { return impl_->store_.ListStations(); }

Status Hub::RemoveStation(StationId id) { return impl_->store_.RemoveStation(id); }

Result<StationImport> Hub::ImportStations(const std::filesystem::path& csv) {
  std::ifstream in(csv, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + csv.string());
  CsvOptions options;
  options.trim_cells = true;
  HUICAI_ASSIGN_OR_RETURN(const CsvTable table, ReadCsv(in, csv.string(), options));
  for (std::string_view column : {"name", "region"}) {
    if (!table.ColumnIndex(column)) {
      return Status::DataError(csv.string() + " has no column \"" + std::string(column) +
                               "\"; the columns are name, kind, host_unit, region, type, "
                               "disciplines, description");
    }
  }
  StationImport report;
  for (size_t i = 0; i < table.rows.size(); ++i) {
    const std::string where = csv.string() + " line " + std::to_string(table.row_lines[i]);
    auto station = StationFromRow(table, table.rows[i]);
    if (!station.has_value()) {
      report.refused.push_back(where + ": " + station.error().message());
      continue;
    }
    auto stored = UpsertStation(*station);
    if (!stored.has_value()) {
      if (stored.error().code() != StatusCode::kInvalidArgument) return stored.error();
      report.refused.push_back(where + ": " + stored.error().message());
      continue;
    }
    switch (stored->outcome) {
      case store::StationUpsert::Outcome::kAdded:
        ++report.added;
        break;
      case store::StationUpsert::Outcome::kUpdated:
        ++report.updated;
        break;
      case store::StationUpsert::Outcome::kUnchanged:
        ++report.unchanged;
        break;
    }
  }
  return report;
}

Result<StationSearchResponse> Hub::SearchStations(const StationSearchRequest& given) {
  HUICAI_ASSIGN_OR_RETURN(QueryFields fields, ParseQueryFields(given.text));
  if ((!fields.kind.empty() && fields.kind != "station" && fields.kind != "base") || fields.tier) {
    return Status::InvalidArgument(
        "类型:" + (fields.tier ? std::string("talent (等级:)") : fields.kind) +
        " does not apply to stations; search talents with `huicai search`, needs with --kind "
        "need, policies with --kind policy");
  }
  StationSearchRequest request = given;
  request.text = SynonymTable::Default().Expand(fields.text);
  HUICAI_RETURN_IF_ERROR(TakeTypedField(request.region, fields.region, "the region"));
  HUICAI_RETURN_IF_ERROR(TakeTypedField(request.discipline, fields.discipline, "the field"));
  if (!fields.kind.empty()) {
    const std::optional<StationKind> typed = ParseStationKind(fields.kind);
    if (request.kind && typed && *request.kind != *typed) {
      return Status::InvalidArgument("the kind is given twice; keep one");
    }
    request.kind = typed;
  }
  StationSearchResponse response;
  HUICAI_ASSIGN_OR_RETURN(response.region_prefix, ResolveRegionPrefix(request.region));
  HUICAI_ASSIGN_OR_RETURN(search::Index * index, impl_->Reader());
  search::StationQuery query;
  query.text = request.text;
  query.region_prefix = response.region_prefix;
  query.region_any = request.allowed_regions;
  query.discipline_prefix = request.discipline;
  query.kind = request.kind;
  query.type = request.type;
  query.offset = request.offset;
  query.limit = request.limit;
  query.facets = request.facets;
  HUICAI_ASSIGN_OR_RETURN(search::StationResults results, index->FindStations(query));
  response.hits = std::move(results.hits);
  response.estimated_total = results.estimated_total;
  response.facets = std::move(results.facets);
  response.relaxed = results.relaxed;
  return response;
}

}  // namespace huicai::hub
