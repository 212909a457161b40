// matcher internal: comparators and blocking keys of caller-described fields.
#include "matcher/internal/field_compare.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <unordered_map>

#include "core/text.h"
#include "matcher/internal/linkage_compare.h"

namespace huicai::matcher::internal {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string NormaliseIdentifier(std::string_view text) {
  std::string out;
  for (char c : FullWidthToHalfWidth(text)) {
    if (IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80) out += Upper(c);
  }
  return out;
}

std::string NormaliseExact(std::string_view text) {
  std::string out = Trim(FullWidthToHalfWidth(text));
  std::transform(out.begin(), out.end(), out.begin(), Lower);
  return out;
}

bool ParseNumber(std::string_view digits, int& out) {
  if (digits.empty() || digits.size() > 4) return false;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return true;
}

std::string DateKey(const Date& d) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year % 10000, d.month % 100, d.day % 100);
  return buf;
}

// The first n code points of text.
std::string FirstCharacters(std::string_view text, std::size_t n) {
  std::size_t i = 0, count = 0;
  while (i < text.size() && count < n) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0u) == 0x80u) ++i;
    ++count;
  }
  return std::string(text.substr(0, i));
}

std::string ValueKey(const PreparedColumn& column, std::size_t i) {
  switch (column.spec.comparator) {
    case Comparator::kName:
      return column.names[column.name_id[i]].sorted_key;
    case Comparator::kDate:
      return column.text[i].empty() ? std::string() : DateKey(column.dates[i]);
    default:
      return column.text[i];
  }
}

}  // namespace

std::string Soundex(std::string_view word) {
  // a b c d e f g h i j k l m n o p q r s t u v w x y z
  static constexpr char kCodes[] = "01230120022455012623010202";
  std::string out;
  char last = 0;
  for (char raw : word) {
    const char c = Lower(raw);
    if (c < 'a' || c > 'z') continue;
    const char code = kCodes[c - 'a'];
    if (out.empty()) {
      out += Upper(c);
      last = code;
      continue;
    }
    if (code != '0' && code != last) out += code;
    if (c != 'h' && c != 'w') last = code;  // h and w do not separate equal codes
    if (out.size() == 4) break;
  }
  if (!out.empty()) out.resize(4, '0');
  return out;
}

std::optional<Date> ParseDateAs(std::string_view text, DateFormat format) {
  const std::string t = Trim(text);
  Date d;
  if (format == DateFormat::kYyyymmdd) {
    if (t.size() != 8 || !ParseNumber(std::string_view(t).substr(0, 4), d.year) ||
        !ParseNumber(std::string_view(t).substr(4, 2), d.month) ||
        !ParseNumber(std::string_view(t).substr(6, 2), d.day)) {
      return std::nullopt;
    }
    return d;
  }
  const std::vector<std::string> parts = Split(t, format == DateFormat::kIsoDash ? '-' : '/');
  if (parts.size() != 3) return std::nullopt;
  int a = 0, b = 0, c = 0;
  if (!ParseNumber(parts[0], a) || !ParseNumber(parts[1], b) || !ParseNumber(parts[2], c)) {
    return std::nullopt;
  }
  switch (format) {
    case DateFormat::kIsoDash:
      d = {a, b, c};
      break;
    case DateFormat::kDdMmYyyy:
      d = {c, b, a};
      break;
    default:  // kMmDdYyyy
      d = {c, a, b};
      break;
  }
  if (d.year < 100) return std::nullopt;  // two-digit years are ambiguous
  return d;
}

std::vector<std::string> TextTokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string token;
  for (char c : FullWidthToHalfWidth(text)) {
    if (IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80) {
      token += Lower(c);
    } else if (!token.empty()) {
      tokens.push_back(std::move(token));
      token.clear();
    }
  }
  if (!token.empty()) tokens.push_back(std::move(token));
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  return tokens;
}

double TokenJaccard(std::span<const std::string> a, std::span<const std::string> b) {
  if (a.empty() && b.empty()) return 1.0;
  std::size_t shared = 0;
  for (const std::string& t : a) {
    if (std::binary_search(b.begin(), b.end(), t)) {
      ++shared;
      continue;
    }
    if (t.size() < 4) continue;
    for (const std::string& s : b) {
      if (s.size() >= 4 && s.size() + 1 >= t.size() && t.size() + 1 >= s.size() &&
          WithinOneEdit(std::string_view(t), std::string_view(s))) {
        ++shared;
        break;
      }
    }
  }
  shared = std::min(shared, std::min(a.size(), b.size()));
  return static_cast<double>(shared) / static_cast<double>(a.size() + b.size() - shared);
}

Status PrepareColumn(std::span<const std::vector<std::string>* const> rows, std::size_t field,
                     PreparedColumn& column) {
  const std::size_t n = rows.size();
  column.text.assign(n, std::string());
  std::unordered_map<std::string, std::uint32_t> seen_names;
  switch (column.spec.comparator) {
    case Comparator::kName:
      column.name_id.assign(n, 0);
      column.names.assign(1, NameKey{});  // 0: the empty name
      seen_names.emplace("", 0);
      break;
    case Comparator::kText:
      column.tokens.assign(n, {});
      break;
    case Comparator::kDate:
      column.dates.assign(n, Date{});
      break;
    default:
      break;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& value = (*rows[i])[field];
    switch (column.spec.comparator) {
      case Comparator::kName: {
        const std::string trimmed = Trim(value);
        auto [it, inserted] =
            seen_names.emplace(trimmed, static_cast<std::uint32_t>(column.names.size()));
        if (inserted) {
          HUICAI_ASSIGN_OR_RETURN(NameKey key, AnalyseName(trimmed));
          column.names.push_back(std::move(key));
        }
        column.name_id[i] = it->second;
        column.text[i] = column.names[it->second].sorted_key;
        break;
      }
      case Comparator::kText:
        column.tokens[i] = TextTokens(value);
        for (const auto& t : column.tokens[i]) {
          if (!column.text[i].empty()) column.text[i] += ' ';
          column.text[i] += t;
        }
        break;
      case Comparator::kDate:
        if (auto d = ParseDateAs(value, column.spec.date_format)) {
          column.dates[i] = *d;
          column.text[i] = DateKey(*d);
        }
        break;
      case Comparator::kIdentifier:
        column.text[i] = NormaliseIdentifier(value);
        break;
      case Comparator::kExact:
        column.text[i] = NormaliseExact(value);
        break;
    }
  }
  return Status::Ok();
}

std::int8_t CompareCells(const PreparedColumn& column, std::size_t i, std::size_t j) {
  const std::string& a = column.text[i];
  const std::string& b = column.text[j];
  if (a.empty() || b.empty()) return kMissing;
  switch (column.spec.comparator) {
    case Comparator::kName: {
      // linkage.h's levels: exact, pinyin, one_edit, jw>=0.92, jw>=0.80, disagree.
      static constexpr std::int8_t kToField[] = {0, 0, 1, 1, 2, 3};
      const std::int8_t level =
          CompareNames(column.names[column.name_id[i]], column.names[column.name_id[j]]);
      return level == kMissing ? kMissing : kToField[level];
    }
    case Comparator::kText: {
      if (a == b) return 0;
      const double jaccard = TokenJaccard(column.tokens[i], column.tokens[j]);
      return jaccard >= 0.8 ? 1 : (jaccard >= 0.5 ? 2 : 3);
    }
    case Comparator::kDate:
      return CompareDates(column.dates[i], column.dates[j]);
    case Comparator::kIdentifier:
      if (a == b) return 0;
      return WithinOneEdit(std::string_view(a), std::string_view(b)) ? 1 : 2;
    case Comparator::kExact:
      return a == b ? 0 : 1;
  }
  return kMissing;
}

std::string CellKey(const PreparedColumn& column, const BlockKeySpec& key, std::size_t i) {
  if (column.text[i].empty()) return {};
  switch (key.transform) {
    case KeyTransform::kValue:
    case KeyTransform::kPinyin:
      return ValueKey(column, i);
    case KeyTransform::kFirst:
      return FirstCharacters(ValueKey(column, i), key.length);
    case KeyTransform::kYear:
      return std::to_string(column.dates[i].year);
    case KeyTransform::kSoundex: {
      std::vector<std::string> codes;
      for (const auto& token : column.names[column.name_id[i]].tokens) {
        std::string code = Soundex(token);
        if (!code.empty()) codes.push_back(std::move(code));
      }
      std::sort(codes.begin(), codes.end());
      std::string out;
      for (const auto& c : codes) out += (out.empty() ? "" : " ") + c;
      return out;
    }
  }
  return {};
}

}  // namespace huicai::matcher::internal
