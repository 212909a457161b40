#include "connectors/internal/transforms.h"

#include <opencc/opencc.h>

#include <charconv>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/text.h"
#include "core/types.h"

namespace huicai::connectors::internal {
namespace {

constexpr std::string_view kCodePrefix = "code:";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses 1..max_digits ASCII digits at text[pos], advancing pos.
std::optional<int> TakeNumber(std::string_view text, size_t& pos, size_t max_digits) {
  const size_t start = pos;
  while (pos < text.size() && IsDigit(text[pos]) && pos - start < max_digits) ++pos;
  if (pos == start) return std::nullopt;
  int value = 0;
  std::from_chars(text.data() + start, text.data() + pos, value);
  return value;
}

bool TakeLiteral(std::string_view text, size_t& pos, std::string_view literal) {
  if (text.substr(pos, literal.size()) != literal) return false;
  pos += literal.size();
  return true;
}

std::optional<Date> CheckedDate(std::optional<int> y, std::optional<int> m, std::optional<int> d) {
  if (!y || !m || !d) return std::nullopt;
  Date date{*y, *m, *d};
  if (!IsValidDate(date)) return std::nullopt;
  return date;
}

std::optional<Date> ParseYyyymmdd(std::string_view text) {
  if (text.size() != 8) return std::nullopt;
  size_t pos = 0;
  auto y = TakeNumber(text, pos, 4);
  auto m = TakeNumber(text, pos, 2);
  auto d = TakeNumber(text, pos, 2);
  if (pos != text.size()) return std::nullopt;
  return CheckedDate(y, m, d);
}

// "1980/1/5", also with '-' or '.' as the separator.
std::optional<Date> ParseSlash(std::string_view text) {
  size_t pos = 0;
  auto y = TakeNumber(text, pos, 4);
  if (pos >= text.size()) return std::nullopt;
  const char sep = text[pos];
  if (sep != '/' && sep != '-' && sep != '.') return std::nullopt;
  ++pos;
  auto m = TakeNumber(text, pos, 2);
  if (!TakeLiteral(text, pos, std::string_view(&sep, 1))) return std::nullopt;
  auto d = TakeNumber(text, pos, 2);
  if (pos != text.size()) return std::nullopt;
  return CheckedDate(y, m, d);
}

// "2019年3月5日" (the final 日 may be missing).
std::optional<Date> ParseChinese(std::string_view text) {
  size_t pos = 0;
  auto y = TakeNumber(text, pos, 4);
  if (!TakeLiteral(text, pos, "年")) return std::nullopt;
  auto m = TakeNumber(text, pos, 2);
  if (!TakeLiteral(text, pos, "月")) return std::nullopt;
  auto d = TakeNumber(text, pos, 2);
  TakeLiteral(text, pos, "日");
  if (pos != text.size()) return std::nullopt;
  return CheckedDate(y, m, d);
}

// "YYYY-MM-DD", optionally followed by " HH:MM:SS" or "T..." which is dropped.
std::optional<Date> ParseIsoPrefix(std::string_view text) {
  if (text.size() > 10 && text[10] != ' ' && text[10] != 'T') return std::nullopt;
  return ParseIsoDate(text.substr(0, 10));
}

// "YYYYMM" or "YYYY-MM" -> "YYYY-MM".
std::optional<std::string> ParseYearMonth(std::string_view text) {
  size_t pos = 0;
  std::optional<int> y;
  std::optional<int> m;
  if (text.size() == 6) {
    y = TakeNumber(text, pos, 4);
    m = TakeNumber(text, pos, 2);
  } else if (text.size() == 7 && text[4] == '-') {
    y = TakeNumber(text, pos, 4);
    ++pos;
    m = TakeNumber(text, pos, 2);
  }
  if (pos != text.size() || !y || !m) return std::nullopt;
  if (!IsValidDate(Date{*y, *m, 1})) return std::nullopt;
  std::string out = FormatDate(Date{*y, *m, 1});
  out.resize(7);
  return out;
}

// Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
Date CivilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

// Epoch seconds -> the date in China Standard Time (UTC+8, no daylight saving).
std::optional<Date> ParseEpoch(std::string_view text) {
  std::int64_t seconds = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  constexpr std::int64_t kCstOffset = 8 * 3600;
  constexpr std::int64_t kDay = 86400;
  if (seconds > (std::int64_t{1} << 40) || seconds < -(std::int64_t{1} << 40)) return std::nullopt;
  std::int64_t local = seconds + kCstOffset;
  std::int64_t days = local / kDay;
  if (local % kDay < 0) --days;
  Date date = CivilFromDays(days);
  if (!IsValidDate(date)) return std::nullopt;
  return date;
}

std::string AsciiCase(std::string_view text, bool upper) {
  std::string out(text);
  for (char& c : out) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Splits on ; , ；，、 and re-joins the trimmed, non-empty parts with ';'.
std::string NormaliseList(std::string_view text) {
  std::string unified;
  for (size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (std::string_view sep : {"；", "，", "、"}) {
      if (text.substr(i, sep.size()) == sep) {
        unified.push_back(';');
        i += sep.size();
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    unified.push_back(text[i] == ',' ? ';' : text[i]);
    ++i;
  }
  std::string out;
  for (const std::string& part : Split(unified, ';')) {
    std::string trimmed = Trim(part);
    if (trimmed.empty()) continue;
    if (!out.empty()) out.push_back(';');
    out += trimmed;
  }
  return out;
}

TransformResult Ok(std::string value) { return {std::move(value), {}, {}}; }

// Days since 1970-01-01 (some partners store dates as day numbers).
std::optional<Date> ParseDaysSince1970(std::string_view text) {
  long days = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
  if (ec != std::errc() || p != text.data() + text.size() || days < -62000 || days > 120000) {
    return std::nullopt;
  }
  // Civil date from a day number, after H. Hinnant's algorithm.
  const long z = days + 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  Date date{year, month, day};
  if (!IsValidDate(date)) return std::nullopt;
  return date;
}

// Traditional to simplified Chinese with OpenCC's t2s configuration (phrases, then characters).
// One converter per thread: OpenCC objects are not shared between threads.
TransformResult TraditionalToSimplified(std::string_view value) {
  struct Converter {
    opencc_t handle = opencc_open("t2s.json");
    ~Converter() {
      if (handle != reinterpret_cast<opencc_t>(-1)) opencc_close(handle);
    }
  };
  thread_local Converter converter;
  if (converter.handle == reinterpret_cast<opencc_t>(-1)) {
    return {std::string(value), "transform_unavailable",
            "OpenCC's t2s.json could not be opened (is the opencc data package installed?)"};
  }
  const std::string input(value);
  char* converted = opencc_convert_utf8(converter.handle, input.c_str(), input.size());
  if (converted == nullptr) {
    return {std::string(value), "bad_text", "OpenCC could not convert '" + input + "'"};
  }
  std::string out(converted);
  opencc_convert_utf8_free(converted);
  return Ok(std::move(out));
}

TransformResult BadDate(std::string_view value, std::string_view expected) {
  return {std::string(value), "bad_date",
          "'" + std::string(value) + "' is not a real calendar date in the form " +
              std::string(expected)};
}

TransformResult FromDate(std::optional<Date> date, std::string_view value,
                         std::string_view expected) {
  if (!date) return BadDate(value, expected);
  return Ok(FormatDate(*date));
}

}  // namespace

bool IsKnownTransform(std::string_view name, const CodeTables& tables) {
  static constexpr std::string_view kPlain[] = {
      "trim",          "halfwidth",  "upper",   "lower",    "list",
      "date:yyyymmdd", "date:slash", "date:cn", "date:iso", "date:yyyymm",
      "date:epoch",    "date:days",  "t2s"};
  for (std::string_view known : kPlain) {
    if (name == known) return true;
  }
  if (name.substr(0, kCodePrefix.size()) == kCodePrefix) {
    return tables.count(std::string(name.substr(kCodePrefix.size()))) > 0;
  }
  return false;
}

TransformResult ApplyTransform(std::string_view name, std::string_view value,
                               const CodeTables& tables) {
  if (name == "trim") return Ok(Trim(value));
  if (name == "halfwidth") return Ok(FullWidthToHalfWidth(value));
  if (name == "upper") return Ok(AsciiCase(value, true));
  if (name == "lower") return Ok(AsciiCase(value, false));
  if (name == "list") return Ok(NormaliseList(value));
  if (name == "date:yyyymmdd") return FromDate(ParseYyyymmdd(value), value, "YYYYMMDD");
  if (name == "date:slash") return FromDate(ParseSlash(value), value, "Y/M/D");
  if (name == "date:cn") return FromDate(ParseChinese(value), value, "Y年M月D日");
  if (name == "date:iso") return FromDate(ParseIsoPrefix(value), value, "YYYY-MM-DD");
  if (name == "date:epoch") return FromDate(ParseEpoch(value), value, "epoch seconds");
  if (name == "date:days")
    return FromDate(ParseDaysSince1970(value), value, "days since 1970-01-01");
  if (name == "t2s") return TraditionalToSimplified(value);
  if (name == "date:yyyymm") {
    auto month = ParseYearMonth(value);
    if (!month) {
      return {std::string(value), "bad_date",
              "'" + std::string(value) + "' is not a real month in the form YYYYMM"};
    }
    return Ok(*month);
  }
  if (name.substr(0, kCodePrefix.size()) == kCodePrefix) {
    const std::string table(name.substr(kCodePrefix.size()));
    auto t = tables.find(table);
    if (t != tables.end()) {
      auto hit = t->second.find(std::string(value));
      if (hit != t->second.end()) return Ok(hit->second);
    }
    return {std::string(value), "bad_code",
            "'" + std::string(value) + "' is not a code of table '" + table + "'"};
  }
  return {std::string(value), "unknown_transform", "unknown transform '" + std::string(name) + "'"};
}

}  // namespace huicai::connectors::internal
