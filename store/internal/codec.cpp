#include "store/internal/codec.h"

#include <openssl/evp.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "core/text.h"

namespace huicai::store::internal {
namespace {
using Json = nlohmann::json;

// Appends `text` as a JSON string exactly as nlohmann's dump(-1) without ensure_ascii writes
// valid UTF-8: \" \\ \b \f \n \r \t, other control characters as \u00xx, the rest as is.
void AppendJsonString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (c < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

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

namespace {

void AppendJsonValue(const odbc::Value& v, std::string& out) {
  char number[40];
  if (std::holds_alternative<std::monostate>(v)) {
    out.append("null");
  } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
    std::snprintf(number, sizeof number, "%lld", static_cast<long long>(*n));
    out.append(number);
  } else if (const auto* d = std::get_if<double>(&v)) {
    std::snprintf(number, sizeof number, "%.17g", *d);
    out.append(number);
  } else if (const std::string& text = std::get<std::string>(v); IsValidUtf8(text)) {
    AppendJsonString(text, out);
  } else {
    out.append(Dump(Json(text)));
  }
}

}  // namespace

std::string EncodeValues(std::span<const odbc::Value> values) {
  std::string out;
  out.push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonValue(values[i], out);
  }
  out.push_back(']');
  return out;
}

std::string EncodeRows(std::span<const std::vector<odbc::Value>> rows) {
  std::string out;
  out.push_back('[');
  for (const auto& row : rows) {
    if (out.size() > 1) out.push_back(',');
    out += EncodeValues(row);
  }
  out.push_back(']');
  return out;
}

Result<std::string> Sha256Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 ||
      size != 32) {
    return Status::Internal("store: OpenSSL EVP_Digest(SHA-256) failed");
  }
  return LowerHex(std::string_view(reinterpret_cast<const char*>(digest.data()), size));
}

std::string EncodeList(const std::vector<std::string>& items) { return Dump(Json(items)); }
std::string EncodeMap(const std::map<std::string, std::string>& fields) {
  // Written directly (no Json tree: one allocation instead of one per field) when all text is
  // valid UTF-8; otherwise nlohmann replaces the bad bytes, as it always did.
  size_t bytes = 2;
  for (const auto& [name, value] : fields) {
    if (!IsValidUtf8(name) || !IsValidUtf8(value)) return Dump(Json(fields));
    bytes += name.size() + value.size() + 6;
  }
  std::string out;
  out.reserve(bytes + bytes / 8);
  out.push_back('{');
  for (const auto& [name, value] : fields) {
    if (out.size() > 1) out.push_back(',');
    AppendJsonString(name, out);
    out.push_back(':');
    AppendJsonString(value, out);
  }
  out.push_back('}');
  return out;
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
