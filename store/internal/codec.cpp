#include "store/internal/codec.h"

#include <charconv>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace huicai::store::internal {
namespace {
using Json = nlohmann::json;

std::string Dump(const Json& j) {
  // Partner text may not be valid UTF-8: replace bad bytes instead of throwing.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Json> Parse(const Cell& text, std::string_view what) {
  if (!text.has_value()) return Status::DataError(std::string(what) + ": NULL where JSON expected");
  try {
    return Json::parse(*text);
  } catch (const Json::exception& e) {
    return Status::DataError(std::string(what) + ": stored JSON does not parse: " + e.what());
  }
}
}  // namespace

std::string NowUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string EncodeList(const std::vector<std::string>& items) { return Dump(Json(items)); }
std::string EncodeMap(const std::map<std::string, std::string>& fields) {
  return Dump(Json(fields));
}
std::string EncodeParts(const std::vector<ScorePart>& parts) {
  Json arr = Json::array();
  for (const auto& p : parts)
    arr.push_back({{"name", p.name}, {"value", p.value}, {"detail", p.detail}});
  return Dump(arr);
}

Result<std::vector<std::string>> DecodeList(const Cell& text) {
  HUICAI_ASSIGN_OR_RETURN(Json j, Parse(text, "code list"));
  try {
    return j.get<std::vector<std::string>>();
  } catch (const Json::exception& e) {
    return Status::DataError(std::string("code list is not a list of strings: ") + e.what());
  }
}

Result<std::map<std::string, std::string>> DecodeMap(const Cell& text) {
  HUICAI_ASSIGN_OR_RETURN(Json j, Parse(text, "field map"));
  try {
    return j.get<std::map<std::string, std::string>>();
  } catch (const Json::exception& e) {
    return Status::DataError(std::string("field map is not an object of strings: ") + e.what());
  }
}

Result<std::vector<ScorePart>> DecodeParts(const Cell& text) {
  HUICAI_ASSIGN_OR_RETURN(Json j, Parse(text, "score parts"));
  std::vector<ScorePart> parts;
  try {
    for (const auto& item : j) {
      parts.push_back({item.at("name").get<std::string>(), item.at("value").get<double>(),
                       item.at("detail").get<std::string>()});
    }
  } catch (const Json::exception& e) {
    return Status::DataError(std::string("score parts are malformed: ") + e.what());
  }
  return parts;
}

std::string Text(const Cell& cell) { return cell.value_or(std::string()); }

Result<std::int64_t> Int(const Cell& cell, std::string_view column) {
  if (!cell.has_value()) return Status::DataError("column " + std::string(column) + " is NULL");
  std::int64_t v = 0;
  const char* b = cell->data();
  const char* e = b + cell->size();
  auto [p, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || p != e) {
    return Status::DataError("column " + std::string(column) + " is not an integer: " + *cell);
  }
  return v;
}

Result<double> Real(const Cell& cell, std::string_view column) {
  if (!cell.has_value()) return Status::DataError("column " + std::string(column) + " is NULL");
  double v = 0;
  const char* b = cell->data();
  const char* e = b + cell->size();
  auto [p, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || p != e) {
    return Status::DataError("column " + std::string(column) + " is not a number: " + *cell);
  }
  return v;
}

Result<Date> DateOf(const Cell& cell, std::string_view column) {
  auto d = ParseIsoDate(Text(cell));
  if (!d)
    return Status::DataError("column " + std::string(column) + " is not a date: " + Text(cell));
  return *d;
}

std::optional<NeedStatus> ParseNeedStatus(std::string_view text) {
  for (auto s : {NeedStatus::kOpen, NeedStatus::kMatched, NeedStatus::kClosed}) {
    if (NeedStatusName(s) == text) return s;
  }
  return std::nullopt;
}

}  // namespace huicai::store::internal
