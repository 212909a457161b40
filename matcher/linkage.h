#pragma once
// matcher: identity resolution, i.e. which partner records are one person. Deterministic keys
// (national ID, nationality + passport) and Fellegi-Sunter probabilistic linkage: u from random
// record pairs, m by EM per blocking rule, a prior from the fit, term-frequency adjusted names,
// decisions on the posterior match probability, clusters that refuse chains and keep existing
// person IDs, and the evidence of every decision. docs/linkage.md explains the model.
// Thread-safety: every function is re-entrant; the inputs are only read during the call and
// results own their data.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace huicai::matcher {

// One record to link. Text is UTF-8; names may be Chinese (simplified or traditional) or Latin.
struct LinkRecord {
  std::string key;          // the caller's id of the record; copied into nothing, for the caller
  std::string id_number;    // GB 11643, any accepted spelling; empty when unknown
  std::string passport;     // with nationality: the deterministic key of foreign experts
  std::string nationality;  // ISO 3166-1 alpha-3
  std::string name;
  std::optional<Date> birth_date;
  Gender gender = Gender::kUnknown;  // kUnknown / kNotStated count as missing
  std::string region_code;           // GB/T 2260, 6 digits; anything else counts as missing
  PersonId person_id = 0;            // non-zero: an existing person's representative record
};

// "id:<18-character normalised ID>" for a valid GB 11643 number (15-digit forms upgraded),
// else "pp:<NATIONALITY>:<PASSPORT>" (upper-case, spaces removed) when both are present,
// else "". Never log the key unmasked: it holds the ID or passport.
std::string DeterministicKey(const LinkRecord& record);

// The comparison fields, in the order of ModelParameters::fields and of evidence.
// Levels of each (best first; "missing" always weighs 0 and is not listed in the model):
//   id_number:  exact, disagree                    passport: exact, disagree
//   name:       exact, pinyin, one_edit, jaro_winkler>=0.92, jaro_winkler>=0.80, disagree
//   birth_date: exact, swap_day_month, one_digit_off, disagree
//   gender:     exact, disagree
//   region:     same_county, same_city, same_province, disagree
// name: exact = same simplified Han text, or same Latin words in the same order (case and
// accents ignored); pinyin = same pinyin / Latin words in any order (王伟 = Wang Wei = WEI
// Wang, 王伟 = 王玮); one_edit = Han text one insertion, deletion, substitution or adjacent
// transposition apart; jaro_winkler = Jaro-Winkler similarity of the pinyin (or Latin) words.
inline constexpr std::size_t kLinkFieldCount = 6;
std::span<const std::string_view> LinkFieldNames();

// What records must share to be compared. A rule is a conjunction of keys; a record missing a
// key is not blocked by that rule. Candidate pairs are the union over rules.
enum class BlockingKey {
  kBirthDate,         // YYYY-MM-DD
  kBirthYear,         // YYYY
  kNameInitials,      // first letters of the sorted pinyin/Latin words: 王小明 -> "wx"
  kNamePinyin,        // sorted pinyin/Latin words: "wang xiaoming"
  kSurnamePinyin,     // first word of the name
  kRegionCounty,      // 6 digits
  kRegionCity,        // first 4 digits
  kRegionProvince,    // first 2 digits
  kGender,            // male / female
  kDeterministicKey,  // DeterministicKey()
};
struct BlockingRule {
  std::string name;  // for reports: "birth_date", "initials+year"
  std::vector<BlockingKey> keys;
};
// {birth date}, {name pinyin + birth year}, {name pinyin + county},
// {surname + county + birth year}, {deterministic key}.
std::vector<BlockingRule> DefaultBlocking();

struct LevelParameters {
  std::string level;  // "exact", "pinyin", ...
  double m = 0;       // P(level | same person)
  double u = 0;       // P(level | different persons), i.e. among random record pairs
};
struct FieldParameters {
  std::string field;
  std::vector<LevelParameters> levels;  // best first, as listed above; no "missing"
};
// The fitted model. Persist it to score small incremental batches without refitting.
struct ModelParameters {
  std::vector<FieldParameters> fields;  // kLinkFieldCount, in LinkFieldNames() order
  double match_proportion = 0;          // the fit's share of candidate pairs that are matches
  int iterations = 0;                   // EM iterations run (0: defaults, not fitted)
  bool converged = false;
  // P(two records drawn at random are one person): the prior of the posterior. From the fit
  // (expected matches / all record pairs); 0 in models stored before it existed: 1e-6 is used.
  double prior = 0;
  // Term frequencies of names (sorted pinyin key -> share of records) and the chance that two
  // random records share a name key (sum of squared shares); empty: no TF adjustment. The exact
  // and pinyin levels then use u * share(name) / name_frequency_mean.
  std::unordered_map<std::string, double> name_frequency;
  double name_frequency_mean = 0;
  double min_name_frequency = 0;  // floor for names not in the table
};
// Hand-set m/u that work without fitting (used when a batch is too small for EM).
ModelParameters DefaultModelParameters();

// The weight one field added to a pair: log2(m/u) of its level, TF-adjusted for names.
struct FieldWeight {
  std::string field;
  std::string level;  // "exact", "swap_day_month", "jaro_winkler>=0.92", "missing", ...
  double weight = 0;
  std::string detail;  // "tf 0.0123" for adjusted names, "deterministic" for key links
};
// Evidence for one pair; total is the exact sum of fields' weights (the log2 Bayes factor).
struct PairEvidence {
  std::size_t left = 0, right = 0;  // indices into the records given to Link; left < right
  double total = 0;
  std::vector<FieldWeight> fields;  // always kLinkFieldCount, in LinkFieldNames() order
  double match_weight = 0;          // total + log2(prior / (1 - prior)): log2 posterior odds
  double probability = 0;           // posterior match probability, 1 / (1 + 2^-match_weight)
};

// log2(prior / (1 - prior)) of a model (1e-6 when model.prior is 0).
double PriorWeight(const ModelParameters& model);

struct LinkageOptions {
  // Decisions on the posterior match probability (PairEvidence::probability):
  double link_probability = 0.9;    // probability >= this: link
  double review_probability = 0.5;  // review_probability <= probability < link: review
  // Legacy: thresholds on `total` (log2 Bayes factor, no prior) instead of the probability.
  // Setting either switches to them; the unset one then means its old default (8 or 3).
  std::optional<double> link_threshold;
  std::optional<double> review_threshold;
  // Records with the same deterministic key link unless the other fields' weights sum below
  // this; then the pair goes to review as an ID conflict.
  double id_conflict_threshold = -10;
  std::vector<BlockingRule> blocking = DefaultBlocking();
  std::size_t max_block_size = 2000;    // larger blocks are skipped and listed in the result
  int em_iterations = 300;              // 0: do not fit, use `model` (or the defaults)
  std::size_t min_pairs_for_em = 1000;  // fewer candidate pairs: use `model` instead of fitting
  bool term_frequency = true;
  std::optional<ModelParameters> model;  // a stored model; used when EM is off or impossible
  // Random record pairs compared to estimate u (all pairs when there are fewer).
  std::size_t u_sample_pairs = 2'000'000;
  // Refuse to merge two clusters when some pair across them scores below the review band
  // (stops A~B~C chains with A clearly not C); the refused link goes to `reviews`.
  bool check_chains = true;
  unsigned threads = 2;  // threads for comparisons and scoring; 1: the calling thread only
};

enum class Decision {
  kExisting,  // an existing person's record (person_id != 0): kept as is
  kJoined,    // a new record that joined an existing person
  kNew,       // a new record in a new cluster
  kReview,    // a new record that links two existing persons, or only scores in the review band
};

// Wall-clock seconds of the stages of one Link call.
struct LinkageTimings {
  double prepare_seconds = 0;  // names through ICU, IDs normalised
  double compare_seconds = 0;  // blocking and comparison vectors
  double em_seconds = 0;       // fit: u from random pairs, m by EM, prior (0 when not fitted)
  double link_seconds = 0;     // weights, thresholds, clusters (with the chain check)
};

struct LinkageResult {
  // Per record: the existing person ID for kExisting/kJoined; a negative new-cluster number
  // (-1, -2, ...) for kNew and kReview (the provisional cluster of its new records).
  std::vector<std::int64_t> cluster_of;
  std::vector<Decision> decision;
  std::vector<PairEvidence> links;    // pairs at or above the link threshold, best first
  std::vector<PairEvidence> reviews;  // review-band pairs, ID conflicts, cross-person links
  ModelParameters model;
  std::size_t candidate_pairs = 0;
  std::vector<std::string> skipped_blocks;  // "birth_date: 2412 records" (key values omitted)
  LinkageTimings timings;
};

// Links `records`. Errors: InvalidArgument for thresholds out of order, not finite or (for
// probabilities) outside (0, 1), an empty blocking rule, or an `em_iterations` below 0 (the
// message names the option); Internal when the ICU transliterators are missing. A batch with too
// few candidate pairs for EM uses options.model, or DefaultModelParameters() when none is given.
[[nodiscard]] Result<LinkageResult> Link(std::span<const LinkRecord> records,
                                         const LinkageOptions& options = {});

// The evidence for one pair under `model` (for `huicai person why A B`); left = 0, right = 1.
// Errors: InvalidArgument when the model does not have the fields and levels listed above.
[[nodiscard]] Result<PairEvidence> Explain(const LinkRecord& a, const LinkRecord& b,
                                           const ModelParameters& model);

// Text waterfall of the evidence, one field a line: "name  exact  +9.81 (tf 0.0001)", then the
// total, the prior and the posterior probability.
std::string FormatEvidence(const PairEvidence& evidence);

}  // namespace huicai::matcher
