#pragma once
// matcher internal: the values of caller-described fields prepared once per record (column by
// column), their comparators (a level index per pair, kMissing when a side is empty) and their
// blocking keys. See field_linkage.h for the levels.
// Thread-safety: a PreparedColumn is built once, then only read (Compare/Key from any thread).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/pinyin.h"
#include "core/status.h"
#include "core/types.h"
#include "matcher/field_linkage.h"

namespace huicai::matcher::internal {

// One field's values over all records (left rows, then right rows).
struct PreparedColumn {
  FieldSpec spec;
  std::vector<std::string> text;                 // normalised value; "" = missing
  std::vector<std::uint32_t> name_id;            // kName: index into names
  std::vector<NameKey> names;                    // kName: distinct analysed names
  std::vector<std::vector<std::string>> tokens;  // kText: sorted distinct tokens
  std::vector<Date> dates;                       // kDate: fields as written (calendar unchecked)
};

// Prepares column `field` of `rows` (each row holds one value per field). Internal: ICU failed.
[[nodiscard]] Status PrepareColumn(std::span<const std::vector<std::string>* const> rows,
                                   std::size_t field, PreparedColumn& column);

// Level index of records i and j (0 = best), or kMissing.
std::int8_t CompareCells(const PreparedColumn& column, std::size_t i, std::size_t j);

// The key of record i under one key spec, "" when missing.
std::string CellKey(const PreparedColumn& column, const BlockKeySpec& key, std::size_t i);

// American Soundex of one word of ASCII letters ("robert" -> "R163"); "" without letters.
std::string Soundex(std::string_view word);

// The date in `text` under `format`, or nullopt. Fields must be digits; not calendar-checked.
std::optional<Date> ParseDateAs(std::string_view text, DateFormat format);

// Lower-case word tokens (ASCII letters and digits, and any non-ASCII bytes), sorted, distinct.
std::vector<std::string> TextTokens(std::string_view text);

// Soft Jaccard similarity of two sorted token sets (tokens of 4+ characters one edit apart
// count as shared).
double TokenJaccard(std::span<const std::string> a, std::span<const std::string> b);

}  // namespace huicai::matcher::internal
