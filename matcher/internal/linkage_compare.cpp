// matcher internal: field comparators of the linkage model.
#include "matcher/internal/linkage_compare.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <system_error>
#include <thread>
#include <vector>

#include "core/id_number.h"
#include "core/text.h"

namespace huicai::matcher::internal {
namespace {

constexpr std::string_view kIdLevels[] = {"exact", "disagree"};
constexpr std::string_view kNameLevels[] = {
    "exact", "pinyin", "one_edit", "jaro_winkler>=0.92", "jaro_winkler>=0.80", "disagree"};
constexpr std::string_view kDateLevels[] = {"exact", "swap_day_month", "one_digit_off", "disagree"};
constexpr std::string_view kGenderLevels[] = {"exact", "disagree"};
constexpr std::string_view kRegionLevels[] = {"same_county", "same_city", "same_province",
                                              "disagree"};

bool SixDigits(std::string_view s) {
  return s.size() == 6 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string DateDigits(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year % 10000, d.month % 100, d.day % 100);
  return buf;
}

}  // namespace

std::span<const std::string_view> LevelNames(std::size_t field) {
  switch (field) {
    case kFieldId:
    case kFieldPassport:
      return kIdLevels;
    case kFieldName:
      return kNameLevels;
    case kFieldBirthDate:
      return kDateLevels;
    case kFieldGender:
      return kGenderLevels;
    default:
      return kRegionLevels;
  }
}

Result<PreparedRecord> Prepare(const LinkRecord& record) {
  PreparedRecord p;
  p.det_key = DeterministicKey(record);
  if (p.det_key.starts_with("id:")) p.id = p.det_key.substr(3);
  if (!record.passport.empty() && !record.nationality.empty()) {
    LinkRecord passport_only = record;
    passport_only.id_number.clear();
    p.passport = DeterministicKey(passport_only);
  }
  HUICAI_ASSIGN_OR_RETURN(p.name, AnalyseName(record.name));
  p.han32 = DecodeUtf8(p.name.han);
  if (record.birth_date && IsValidDate(*record.birth_date)) p.birth = record.birth_date;
  if (record.gender == Gender::kMale) p.gender = 1;
  if (record.gender == Gender::kFemale) p.gender = 2;
  if (SixDigits(record.region_code)) p.region = record.region_code;
  return p;
}

double Jaro(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const std::size_t window =
      std::max(a.size(), b.size()) / 2 > 0 ? std::max(a.size(), b.size()) / 2 - 1 : 0;
  // Names are short: flags on the stack, on the heap only for long strings.
  constexpr std::size_t kStack = 64;
  std::array<char, kStack> a_stack{}, b_stack{};
  std::vector<char> a_heap, b_heap;
  char* a_match = a_stack.data();
  char* b_match = b_stack.data();
  if (a.size() > kStack) {
    a_heap.assign(a.size(), 0);
    a_match = a_heap.data();
  }
  if (b.size() > kStack) {
    b_heap.assign(b.size(), 0);
    b_match = b_heap.data();
  }
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > window ? i - window : 0;
    const std::size_t hi = std::min(b.size(), i + window + 1);
    for (std::size_t j = lo; j < hi; ++j) {
      if (!b_match[j] && a[i] == b[j]) {
        a_match[i] = b_match[j] = 1;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  std::size_t transpositions = 0;
  std::size_t j = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a_match[i]) continue;
    while (!b_match[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double t = static_cast<double>(transpositions) / 2.0;
  return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) + (m - t) / m) /
         3.0;
}

double JaroWinkler(std::string_view a, std::string_view b) {
  const double jaro = Jaro(a, b);
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

namespace {

// Damerau (optimal string alignment) distance at most 1, on any character type.
template <typename View>
bool OneEditApart(View a, View b) {
  if (a == b) return true;
  const std::size_t n = a.size(), m = b.size();
  if (n == m) {
    std::size_t diff[2] = {0, 0};
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (a[i] == b[i]) continue;
      if (count == 2) return false;
      diff[count++] = i;
    }
    if (count == 1) return true;
    return count == 2 && diff[1] == diff[0] + 1 && a[diff[0]] == b[diff[1]] &&
           a[diff[1]] == b[diff[0]];
  }
  const View longer = n > m ? a : b;
  const View shorter = n > m ? b : a;
  if (longer.size() != shorter.size() + 1) return false;
  std::size_t i = 0;
  while (i < shorter.size() && shorter[i] == longer[i]) ++i;
  return shorter.substr(i) == longer.substr(i + 1);
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

bool WithinOneEdit(std::string_view a_text, std::string_view b_text) {
  // ASCII: bytes are code points, no decoding (the hot path of identifiers and address words).
  if (IsAscii(a_text) && IsAscii(b_text)) return OneEditApart(a_text, b_text);
  const std::u32string a = DecodeUtf8(a_text);
  const std::u32string b = DecodeUtf8(b_text);
  return OneEditApart(std::u32string_view(a), std::u32string_view(b));
}

bool WithinOneEdit(std::u32string_view a, std::u32string_view b) { return OneEditApart(a, b); }

std::int8_t CompareDates(const std::optional<Date>& a, const std::optional<Date>& b) {
  if (!a || !b) return kMissing;
  if (*a == *b) return 0;
  if (a->year == b->year && a->month == b->day && a->day == b->month) return 1;
  const std::string da = DateDigits(*a), db = DateDigits(*b);
  int diff = 0;
  for (std::size_t i = 0; i < da.size(); ++i) diff += da[i] != db[i] ? 1 : 0;
  return diff == 1 ? 2 : 3;
}

std::int8_t CompareRegions(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return kMissing;
  if (a == b) return 0;
  if (a.substr(0, 4) == b.substr(0, 4)) return 1;
  if (a.substr(0, 2) == b.substr(0, 2)) return 2;
  return 3;
}

namespace {

std::int8_t CompareNameKeys(const NameKey& a, const NameKey& b, std::u32string_view a32,
                            std::u32string_view b32) {
  if (a.empty() || b.empty()) return kMissing;
  if (!a.latin && !b.latin && a.han == b.han) return 0;
  if (a.latin && b.latin && a.tokens == b.tokens) return 0;
  if (a.sorted_key == b.sorted_key) return 1;
  if (!a.latin && !b.latin && WithinOneEdit(a32, b32)) return 2;
  // Latin words may come in either order: compare the better of written and sorted order.
  double jw = JaroWinkler(a.joined, b.joined);
  if (a.latin || b.latin) {
    std::string sa, sb;
    for (char c : a.sorted_key)
      if (c != ' ') sa += c;
    for (char c : b.sorted_key)
      if (c != ' ') sb += c;
    jw = std::max(jw, JaroWinkler(sa, sb));
  }
  if (jw >= 0.92) return 3;
  if (jw >= 0.80) return 4;
  return 5;
}

}  // namespace

std::int8_t CompareNames(const NameKey& a, const NameKey& b) {
  const std::u32string a32 = DecodeUtf8(a.han), b32 = DecodeUtf8(b.han);
  return CompareNameKeys(a, b, a32, b32);
}

Levels Compare(const PreparedRecord& a, const PreparedRecord& b) {
  Levels levels;
  levels[kFieldId] = (a.id.empty() || b.id.empty()) ? kMissing : (a.id == b.id ? 0 : 1);
  levels[kFieldPassport] =
      (a.passport.empty() || b.passport.empty()) ? kMissing : (a.passport == b.passport ? 0 : 1);
  levels[kFieldName] = CompareNameKeys(a.name, b.name, a.han32, b.han32);
  levels[kFieldBirthDate] = CompareDates(a.birth, b.birth);
  levels[kFieldGender] =
      (a.gender == 0 || b.gender == 0) ? kMissing : (a.gender == b.gender ? 0 : 1);
  levels[kFieldRegion] = CompareRegions(a.region, b.region);
  return levels;
}

std::vector<Levels> CompareAll(std::span<const PreparedRecord> records,
                               std::span<const std::pair<std::uint32_t, std::uint32_t>> pairs,
                               unsigned threads) {
  std::vector<Levels> levels(pairs.size());
  ParallelFor(pairs.size(), threads, [&](std::size_t begin, std::size_t end, unsigned) {
    for (std::size_t k = begin; k < end; ++k) {
      levels[k] = Compare(records[pairs[k].first], records[pairs[k].second]);
    }
  });
  return levels;
}

void RunParts(std::size_t n, unsigned threads,
              void (*call)(void*, std::size_t, std::size_t, unsigned), void* context) {
  threads = std::max(1u, threads);
  if (threads == 1 || n < 2 * static_cast<std::size_t>(threads)) {
    call(context, 0, n, 0);
    return;
  }
  std::vector<std::thread> workers;
  const std::size_t step = (n + threads - 1) / threads;
  for (unsigned t = 1; t < threads; ++t) {
    const std::size_t begin = std::min(n, t * step), end = std::min(n, begin + step);
    try {
      workers.emplace_back([=] { call(context, begin, end, t); });
    } catch (const std::system_error&) {  // no thread to be had: do the part here
      call(context, begin, end, t);
    }
  }
  call(context, 0, std::min(n, step), 0);
  for (auto& w : workers) w.join();
}

}  // namespace huicai::matcher::internal
