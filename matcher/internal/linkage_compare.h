#pragma once
// matcher internal: records prepared once for comparison, and the per-field comparators that
// map a pair to a level index (0 = best, kMissing = a side lacks the field).
// Thread-safety: pure functions over prepared values.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/pinyin.h"
#include "core/status.h"
#include "core/types.h"
#include "matcher/linkage.h"

namespace huicai::matcher::internal {

inline constexpr std::int8_t kMissing = -1;

enum FieldIndex : std::size_t {
  kFieldId = 0,
  kFieldPassport,
  kFieldName,
  kFieldBirthDate,
  kFieldGender,
  kFieldRegion
};

// Level names per field, best first, without "missing".
std::span<const std::string_view> LevelNames(std::size_t field);

struct PreparedRecord {
  std::string id;        // normalised 18-character ID, or empty
  std::string passport;  // "NAT:NUMBER", or empty
  std::string det_key;   // DeterministicKey()
  NameKey name;
  std::u32string han32;  // name.han as code points, for the edit-distance level
  std::optional<Date> birth;
  int gender = 0;      // 0 missing, 1 male, 2 female
  std::string region;  // 6 digits or empty
};

[[nodiscard]] Result<PreparedRecord> Prepare(const LinkRecord& record);

// Comparison vector of a pair: one level index (or kMissing) per field.
using Levels = std::array<std::int8_t, kLinkFieldCount>;
Levels Compare(const PreparedRecord& a, const PreparedRecord& b);

// Compare() of every pair, split over `threads` threads (1: the calling thread only).
std::vector<Levels> CompareAll(std::span<const PreparedRecord> records,
                               std::span<const std::pair<std::uint32_t, std::uint32_t>> pairs,
                               unsigned threads);

// Runs fn(begin, end, part) over [0, n) split into `threads` contiguous parts, in parallel.
// fn must not throw.
template <typename Fn>
void ParallelFor(std::size_t n, unsigned threads, Fn&& fn);

// Jaro and Jaro-Winkler similarity (Winkler 1990: prefix up to 4, scale 0.1), bytes compared.
double Jaro(std::string_view a, std::string_view b);
double JaroWinkler(std::string_view a, std::string_view b);

// Damerau (optimal string alignment) distance on code points is at most 1.
bool WithinOneEdit(std::string_view a, std::string_view b);
bool WithinOneEdit(std::u32string_view a, std::u32string_view b);

std::int8_t CompareDates(const std::optional<Date>& a, const std::optional<Date>& b);
std::int8_t CompareRegions(std::string_view a, std::string_view b);
std::int8_t CompareNames(const NameKey& a, const NameKey& b);

void RunParts(std::size_t n, unsigned threads,
              void (*call)(void*, std::size_t, std::size_t, unsigned), void* context);

template <typename Fn>
void ParallelFor(std::size_t n, unsigned threads, Fn&& fn) {
  RunParts(
      n, threads,
      [](void* context, std::size_t begin, std::size_t end, unsigned part) {
        (*static_cast<std::remove_reference_t<Fn>*>(context))(begin, end, part);
      },
      &fn);
}

}  // namespace huicai::matcher::internal
