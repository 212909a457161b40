// app: `huicai station` — import talent stations and expert service bases from a CSV list,
// list and remove them — and `huicai search --kind station`.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/output.h"
#include "app/search_json.h"
#include "core/codes.h"
#include "core/regions.h"
#include "hub/hub.h"

namespace huicai::app {
namespace {

using nlohmann::json;

std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const std::string& code : codes) out += (out.empty() ? "" : " ") + code;
  return out;
}

int Import(const Globals& g, const std::string& file) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto report = (*hub)->ImportStations(file);
  if (!report.has_value()) return Fail(report.error());
  if (g.json) {
    std::cout << json{{"added", report->added},
                      {"updated", report->updated},
                      {"unchanged", report->unchanged},
                      {"refused", report->refused}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "stations: " << report->added << " added, " << report->updated << " updated, "
              << report->unchanged << " unchanged, " << report->refused.size() << " refused\n";
    for (const std::string& why : report->refused) std::cout << "  refused: " << why << "\n";
    if (report->added + report->updated > 0) {
      std::cout << "run `huicai index` to make the changes searchable\n";
    }
  }
  return report->refused.empty() ? 0 : 1;
}

int List(const Globals& g) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto stations = (*hub)->ListStations();
  if (!stations.has_value()) return Fail(stations.error());
  if (g.json) {
    json out = json::array();
    for (const Station& s : *stations) {
      out.push_back({{"id", s.id},
                     {"name", s.name},
                     {"kind", StationKindName(s.kind)},
                     {"type", StationTypeName(s.type)},
                     {"host_unit", s.host_unit},
                     {"region_code", s.region_code},
                     {"disciplines", s.disciplines},
                     {"description", s.description}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (stations->empty()) {
    std::cout << "no stations yet: `huicai station import FILE.csv` adds them (columns name, "
                 "kind, host_unit, region, type, disciplines, description)\n";
    return 0;
  }
  Table table({"id", "kind", "type", "name", "region", "host unit", "fields"});
  for (const Station& s : *stations) {
    table.AddRow({std::to_string(s.id), std::string(StationKindName(s.kind)),
                  s.kind == StationKind::kStation ? std::string(StationTypeName(s.type)) : "",
                  Ellipsize(s.name, 24),
                  Ellipsize(RegionTable::Default().FullName(s.region_code), 18),
                  Ellipsize(s.host_unit, 20), JoinCodes(s.disciplines)});
  }
  std::cout << table.Render() << FormatCount(static_cast<std::int64_t>(stations->size()))
            << " stations and service bases\n";
  return 0;
}

int Remove(const Globals& g, std::int64_t id) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  if (Status st = (*hub)->RemoveStation(id); !st.ok()) return Fail(st);
  std::cout << "removed station " << id << "; run `huicai index` to drop it from search\n";
  return 0;
}

}  // namespace

int RunStationSearch(const Globals& g, const SearchArgs& args, const std::string& kind) {
  if (!args.tier.empty() || args.programme_only || args.sort != "relevance" ||
      !args.status.empty()) {
    return Fail(Status::InvalidArgument(
        "--tier, --programme, --status and --sort apply to talents and needs; drop them when "
        "searching stations"));
  }
  hub::StationSearchRequest request;
  request.text = args.query;
  request.region = args.region;
  request.discipline = args.discipline;
  if (kind == "base") request.kind = StationKind::kServiceBase;
  if (!args.type.empty()) {
    request.type = ParseStationType(args.type);
    if (!request.type) {
      return Fail(
          Status::InvalidArgument("--type must be 创新型, 创业型, 服务型 or 综合型 (or "
                                  "innovation, entrepreneurship, service, "
                                  "comprehensive), got \"" +
                                  args.type + "\""));
    }
  }
  request.limit = args.limit;
  request.offset = args.offset;
  request.facets = args.facets;
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto response = (*hub)->SearchStations(request);
  if (!response.has_value()) return Fail(response.error());
  if (g.json) {
    json hits = json::array();
    for (const auto& h : response->hits) {
      hits.push_back({{"station_id", h.station_id},
                      {"rank", h.rank},
                      {"kind", StationKindName(h.kind)},
                      {"type", StationTypeName(h.type)},
                      {"name", h.name},
                      {"host_unit", h.host_unit},
                      {"region_code", h.region_code},
                      {"snippet", h.snippet},
                      {"relevance", h.relevance},
                      {"matched_terms", h.matched_terms}});
    }
    json out = SearchPageJson(*response, std::move(hits));
    if (response->facets) {
      out["facets"]["kind"] = response->facets->kind;
      out["facets"]["type"] = response->facets->type;
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (response->relaxed) std::cout << "No station has every word; these have some of them:\n";
  Table table({"#", "id", "kind", "type", "region", "name", "host unit", "snippet"});
  for (const auto& h : response->hits) {
    table.AddRow({std::to_string(h.rank), std::to_string(h.station_id),
                  std::string(StationKindName(h.kind)),
                  h.kind == StationKind::kStation ? std::string(StationTypeName(h.type)) : "",
                  Ellipsize(RegionTable::Default().FullName(h.region_code), 18),
                  Ellipsize(h.name, 22), Ellipsize(h.host_unit, 18), Ellipsize(h.snippet, 36)});
  }
  std::cout << table.Render() << "about "
            << FormatCount(static_cast<std::int64_t>(response->estimated_total))
            << " matching stations and service bases\n";
  if (response->facets) {
    const search::StationFacets& f = *response->facets;
    PrintPlaceAndFieldFacets(f.city, f.county, f.discipline);
    PrintFacet("kind", "类型:", f.kind);
    PrintFacet("type", "--type", f.type);
  }
  return 0;
}

void AddStationCommands(CLI::App& cli, Globals& g, int& exit_code) {
  auto* station = cli.add_subcommand(
      "station",
      "talent stations (人才驿站) and expert service bases (专家服务基地): import, list, remove");
  station->require_subcommand(1);

  static std::string file;
  auto* add = station->add_subcommand(
      "import",
      "add or update stations from a CSV with columns name, kind (station/base), host_unit,\n"
      "region (code or county name), type (创新型/创业型/服务型/综合型), disciplines (GB/T 13745\n"
      "codes), description; a station is known by name and region, so importing the same list\n"
      "again changes nothing. Bad rows are refused with their line and reason (exit 1)");
  add->add_option("FILE", file, "the CSV file (UTF-8)")->required()->check(CLI::ExistingFile);
  add->add_flag("--json", g.json, "the report as JSON on stdout");
  add->callback([&] { exit_code = Import(g, file); });

  auto* list = station->add_subcommand("list", "the stored stations and service bases");
  list->add_flag("--json", g.json, "as JSON on stdout");
  list->callback([&] { exit_code = List(g); });

  static std::int64_t id = 0;
  auto* remove = station->add_subcommand(
      "remove", "remove a station whose title was withdrawn (003 第十七条)");
  remove->add_option("ID", id, "the station's id (see `huicai station list`)")->required();
  remove->callback([&] { exit_code = Remove(g, id); });
}

}  // namespace huicai::app
