// Store: talent stations and expert service bases, known by name within their region. An
// upsert that changes nothing writes nothing, so importing the same list again is a no-op.
#include <algorithm>

#include "store/internal/store_impl.h"
#include "store/store.h"

namespace huicai::store {
namespace {

using internal::Int;
using internal::Text;

constexpr const char* kStationColumns =
    "id, name, kind, host_unit, region_code, type, disciplines, description";

Result<Station> StationFromRow(const Row& r) {
  Station s;
  HUICAI_ASSIGN_OR_RETURN(s.id, Int(r[0], "station.id"));
  s.name = Text(r[1]);
  auto kind = ParseStationKind(Text(r[2]));
  if (!kind) {
    return Status::DataError("station " + std::to_string(s.id) + ": unknown kind " + Text(r[2]));
  }
  s.kind = *kind;
  s.host_unit = Text(r[3]);
  s.region_code = Text(r[4]);
  auto type = ParseStationType(Text(r[5]));
  if (!type) {
    return Status::DataError("station " + std::to_string(s.id) + ": unknown type " + Text(r[5]));
  }
  s.type = *type;
  HUICAI_ASSIGN_OR_RETURN(s.disciplines, internal::DecodeList(r[6]));
  s.description = Text(r[7]);
  return s;
}

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status CheckStation(const Station& s) {
  if (s.name.empty()) return Status::InvalidArgument("station: the name is empty");
  if (s.region_code.size() != 6 || !AllDigits(s.region_code)) {
    return Status::InvalidArgument("station \"" + s.name + "\": region \"" + s.region_code +
                                   "\" is not a 6-digit GB/T 2260 code");
  }
  for (const std::string& code : s.disciplines) {
    if (!AllDigits(code)) {
      return Status::InvalidArgument("station \"" + s.name + "\": discipline \"" + code +
                                     "\" is not a GB/T 13745 code of digits");
    }
  }
  return Status::Ok();
}

bool SameContent(const Station& a, const Station& b) {
  return a.name == b.name && a.kind == b.kind && a.host_unit == b.host_unit &&
         a.region_code == b.region_code && a.type == b.type && a.disciplines == b.disciplines &&
         a.description == b.description;
}

}  // namespace

Result<StationUpsert> Store::UpsertStation(const Station& station) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_RETURN_IF_ERROR(CheckStation(station));
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  HUICAI_ASSIGN_OR_RETURN(auto rows,
                          impl_->Query(std::string("SELECT ") + kStationColumns +
                                           " FROM station WHERE name = ? AND region_code = ?",
                                       {T(station.name), T(station.region_code)}));
  std::vector<Value> values = {T(station.name),
                               T(StationKindName(station.kind)),
                               T(station.host_unit),
                               T(station.region_code),
                               T(StationTypeName(station.type)),
                               T(internal::EncodeList(station.disciplines)),
                               T(station.description),
                               T(internal::NowUtc())};
  StationId id = 0;
  if (rows.empty()) {
    HUICAI_ASSIGN_OR_RETURN(
        id, impl_->InsertReturningId(
                "INSERT INTO station (name, kind, host_unit, region_code, type, disciplines, "
                "description, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                std::move(values)));
  } else {
    HUICAI_ASSIGN_OR_RETURN(const Station old, StationFromRow(rows[0]));
    if (SameContent(old, station)) {
      return StationUpsert{old.id, StationUpsert::Outcome::kUnchanged};  // rolled back: nothing
    }
    id = old.id;
    values.push_back(I(id));
    HUICAI_RETURN_IF_ERROR(
        impl_
            ->Exec("UPDATE station SET name = ?, kind = ?, host_unit = ?, region_code = ?, "
                   "type = ?, disciplines = ?, description = ?, updated_at = ? WHERE id = ?",
                   std::move(values))
            .status());
  }
  HUICAI_RETURN_IF_ERROR(impl_->AppendChange("station", id));
  HUICAI_RETURN_IF_ERROR(txn.Commit());
  return StationUpsert{
      id, rows.empty() ? StationUpsert::Outcome::kAdded : StationUpsert::Outcome::kUpdated};
}

Result<Station> Store::GetStation(StationId id) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(std::string("SELECT ") + kStationColumns +
                                                      " FROM station WHERE id = ?",
                                                  {I(id)}));
  if (rows.empty()) {
    return Status::NotFound("station " + std::to_string(id) +
                            " does not exist; `huicai station list` lists them");
  }
  return StationFromRow(rows[0]);
}

Result<std::vector<Station>> Store::ListStations() {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(std::string("SELECT ") + kStationColumns +
                                                  " FROM station ORDER BY id"));
  std::vector<Station> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(Station s, StationFromRow(r));
    out.push_back(std::move(s));
  }
  return out;
}

Status Store::RemoveStation(StationId id) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  HUICAI_ASSIGN_OR_RETURN(std::int64_t n, impl_->Exec("DELETE FROM station WHERE id = ?", {I(id)}));
  if (n == 0) {
    return Status::NotFound("station " + std::to_string(id) +
                            " does not exist; `huicai station list` lists them");
  }
  HUICAI_RETURN_IF_ERROR(impl_->AppendChange("station", id, "delete"));
  return txn.Commit();
}

}  // namespace huicai::store
