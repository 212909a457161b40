#pragma once
// matcher: Fellegi-Sunter linkage over fields the caller describes (any two sources, any field
// set: given name, surname, address, postcode, date of birth, a social-security number ...).
// Same model as linkage.h (docs/linkage.md "Linking any two sources"): u from random record
// pairs, m by EM per blocking rule with u fixed, a prior from the fit, decisions on the
// posterior match probability; optionally one-to-one between the two sources.
// Thread-safety: every function is re-entrant; inputs are only read during the call and the
// result owns its data.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "matcher/linkage.h"

namespace huicai::matcher {

// How a field is compared; levels best first ("missing" — either value empty — weighs 0):
//   kName:       exact, jaro_winkler>=0.92, jaro_winkler>=0.80, disagree. Latin case and
//                accents folded, Chinese through pinyin, word order ignored (as linkage.h's
//                name: its exact and pinyin levels are "exact" here, one_edit is >=0.92).
//   kText:       exact, jaccard>=0.8, jaccard>=0.5, disagree. Token sets (lower-case words,
//                digits kept); two tokens of 4+ characters one edit apart count as shared.
//   kDate:       exact, swap_day_month, one_digit_off, disagree (as linkage.h's birth date).
//   kIdentifier: exact, one_edit, disagree. Letters and digits only, case folded; one_edit is
//                one substitution, insertion, deletion or adjacent transposition.
//   kExact:      exact, disagree (trimmed, ASCII case folded).
enum class Comparator { kName, kText, kDate, kIdentifier, kExact };
std::string_view ComparatorName(Comparator comparator);  // "name", "text", ...
std::optional<Comparator> ParseComparator(std::string_view text);
std::span<const std::string_view> ComparatorLevels(Comparator comparator);

// How date values are written. Values that do not fit the format count as missing; the
// calendar is not checked (a damaged 19991302 still compares as swap_day_month to 19990213).
enum class DateFormat { kYyyymmdd, kIsoDash, kDdMmYyyy, kMmDdYyyy };
// "YYYYMMDD", "YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY" (exactly these spellings).
std::optional<DateFormat> ParseDateFormat(std::string_view text);

struct FieldSpec {
  std::string name;  // for the model and reports
  Comparator comparator = Comparator::kExact;
  DateFormat date_format = DateFormat::kYyyymmdd;  // kDate only
};

// A blocking key: a field's value after a transform.
enum class KeyTransform {
  kValue,    // the normalised value (name: folded words sorted; date: YYYY-MM-DD)
  kFirst,    // the first `length` characters of the normalised value
  kSoundex,  // Soundex of each Latin word of a name, sorted ("robert" -> "R163")
  kYear,     // the year of a date
  kPinyin,   // a name's pinyin (Chinese) or folded Latin words, sorted
};
struct BlockKeySpec {
  std::string field;  // a FieldSpec::name
  KeyTransform transform = KeyTransform::kValue;
  std::size_t length = 0;  // kFirst only, >= 1
};
// "surname", "surname:soundex", "postcode:first:3", "date_of_birth:year", "name:pinyin".
// InvalidArgument: an unknown transform or a bad length (the message lists what is allowed).
[[nodiscard]] Result<BlockKeySpec> ParseBlockKey(std::string_view text);

// A conjunction of keys; a record missing one of them is not blocked by the rule. Candidate
// pairs are the union over rules.
struct FieldBlockingRule {
  std::string name;  // for reports
  std::vector<BlockKeySpec> keys;
};

struct FieldLinkageOptions {
  std::vector<FieldSpec> fields;  // at least one; each row has one value per field, this order
  std::vector<FieldBlockingRule> blocking;  // at least one rule
  double link_probability = 0.9;            // posterior >= this: link
  double review_probability = 0.5;          // review_probability <= posterior < link: review
  bool one_to_one = false;  // two sources: each record in at most one output pair (best first)
  std::size_t max_block_size = 2000;       // larger blocks are skipped and listed in the result
  int em_iterations = 300;                 // 0: no fit, use `model` or the defaults
  std::size_t min_pairs_for_em = 1000;     // fewer candidate pairs: use `model` or the defaults
  std::size_t u_sample_pairs = 2'000'000;  // random pairs compared to estimate u
  std::optional<ModelParameters> model;    // a stored model for the same fields
  unsigned threads = 2;                    // 1: the calling thread only
};

// The hand-set model for `fields` (m, u per level by comparator; prior 1e-6) that is used when
// no fit is possible; also the starting point of the fit. When it is used without a fit, the
// prior becomes 1 / (records on the larger side) (one source: 1 / (records - 1)).
ModelParameters DefaultFieldModel(std::span<const FieldSpec> fields);

enum class PairDecision { kLink, kReview };
std::string_view PairDecisionName(PairDecision decision);  // "link", "review"

struct FieldPair {
  std::size_t left = 0, right = 0;  // row indices (two sources: left row, right row)
  double weight = 0;                // log2 Bayes factor: sum of the fields' log2(m/u)
  double probability = 0;           // posterior match probability with the model's prior
  PairDecision decision = PairDecision::kLink;
};

struct FieldLinkageResult {
  std::vector<FieldPair> pairs;  // links and reviews, highest weight first
  ModelParameters model;         // fields in FieldLinkageOptions::fields order
  std::size_t candidate_pairs = 0;
  std::vector<std::string> skipped_blocks;  // "rule: N records"
  bool fitted = false;                      // false: the stored or default model was used
  double seconds = 0;                       // wall-clock of the whole call
};

// Links rows of two sources (`left` and `right`, each row one value per options.fields).
// Errors: InvalidArgument for no fields, a duplicate field name, a blocking rule with no keys or
// naming an unknown field or a transform that does not suit its comparator (year: dates only;
// soundex, pinyin: names only), probabilities out of order or outside (0, 1), em_iterations < 0,
// a stored model that does not fit the fields, or a row with the wrong number of values (the
// message names the side and row); Internal when the ICU transliterators are missing.
[[nodiscard]] Result<FieldLinkageResult> LinkFields(std::span<const std::vector<std::string>> left,
                                                    std::span<const std::vector<std::string>> right,
                                                    const FieldLinkageOptions& options);

// Duplicates within one source: pairs left < right are both row indices into `rows`;
// one_to_one is ignored. Errors as LinkFields.
[[nodiscard]] Result<FieldLinkageResult> DeduplicateFields(
    std::span<const std::vector<std::string>> rows, const FieldLinkageOptions& options);

}  // namespace huicai::matcher
