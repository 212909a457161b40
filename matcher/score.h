#pragma once
// matcher: scores grassroots needs against candidate experts (text, discipline, region).
// Pure computation over core types; Eigen sparse algebra inside, no Eigen type crosses this file.
// Thread-safety: ScorePairs keeps no state; call it from any number of threads at once.
#include <cstddef>
#include <span>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace huicai::matcher {

// Relative weight of each similarity; the score divides by their sum, so only ratios matter.
// Defaults below; the hub reads overrides from huicai.toml ([match.weights]).
struct ScoringWeights {
  double text = 0.45;        // TF-IDF cosine of need text vs expert specialties + title
  double discipline = 0.35;  // GB/T 13745 code hierarchy
  double region = 0.20;      // GB/T 2260 proximity
};

// Similarity levels of the code hierarchies (before weighting).
inline constexpr double kSameDiscipline = 1.0;            // same full discipline code
inline constexpr double kSameFirstLevelDiscipline = 0.7;  // same 3-digit first-level code
inline constexpr double kSameCounty = 1.0;                // same 6-digit region code
inline constexpr double kSameCity = 0.6;                  // same first 4 digits
inline constexpr double kSameProvince = 0.3;              // same first 2 digits

// Which experts to score for one need, usually the hits of a search.
struct CandidateSet {
  std::size_t need_index = 0;               // into the needs span of ScorePairs
  std::vector<std::size_t> expert_indices;  // into the experts span; repeats are scored once
};

// One need/expert pair with its score and the reasons for it.
struct ScoredPair {
  std::size_t need_index = 0;
  std::size_t expert_index = 0;
  double score = 0;              // 0..1, higher is better; equals the sum of parts' values
  std::vector<ScorePart> parts;  // "text", "discipline", "region", weighted, with details
                                 // (empty with ScoreDetail::kValuesOnly)
};

// Whether each pair carries its named parts with human-readable reasons (kReasons), or only
// its score (kValuesOnly: parts empty; for whole rounds, where reasons are wanted only for the
// pairs chosen; the scores are the same).
enum class ScoreDetail { kReasons, kValuesOnly };

// Scores every (need, candidate expert) pair named by `candidates`.
//
// Text: TF-IDF over character bigrams of Chinese text (a lone Han character counts as itself)
// and lower-cased Latin/digit words. Need text is title + description; expert text is
// specialties + title. IDF is computed over all of `experts` (not only candidates). Vectors are
// L2-normalised, so the text similarity is a cosine in 0..1; its detail lists the shared terms
// that contribute most ("shared terms: 果树 病虫").
// Discipline: best over code pairs: same full code kSameDiscipline, same first 3 digits
// kSameFirstLevelDiscipline, otherwise 0. Region: need region vs expert work region:
// kSameCounty / kSameCity / kSameProvince / 0; codes that are not 6 digits score 0.
// score = sum(weight_i * sim_i) / sum(weights); each part's value is its term of that sum.
//
// Output order: candidate sets in order, experts in the order given within each set.
// Errors: InvalidArgument when a need or expert index is out of range (the message names the
// candidate set and position), or a weight is negative or not finite, or all weights are 0.
// The spans are only read during the call; the result owns its data.
[[nodiscard]] Result<std::vector<ScoredPair>> ScorePairs(
    std::span<const Need> needs, std::span<const Talent> experts,
    std::span<const CandidateSet> candidates, const ScoringWeights& weights,
    ScoreDetail detail = ScoreDetail::kReasons);

}  // namespace huicai::matcher
