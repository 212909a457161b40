#pragma once
// matcher internal: estimation of the Fellegi-Sunter parameters.
//  - u from random record pairs (almost all non-matches), as in Splink: it does not depend on
//    the blocking rules;
//  - m by EM with u fixed, once per blocking rule over that rule's candidate pairs, leaving out
//    the fields the rule blocks on (they agree by construction there); a field's m is the
//    match-weighted mean over the rules that leave it free;
//  - the prior: the probability that two records drawn at random are one person.
//  - FitEm: the classic EM of Winkler (1988) / Jaro (1989) fitting m, u and p together (kept
//    for tests and as a tool; Link no longer uses its u).
// Thread-safety: pure functions; EstimateU uses up to `threads` threads internally.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "matcher/internal/linkage_compare.h"
#include "matcher/linkage.h"

namespace huicai::matcher::internal {

// Fits m, u and the match proportion to `pairs`, starting from `model` (its m, u and
// match_proportion are the starting point; a field with no observed level keeps its start).
// Missing levels are left out of that field's likelihood. Stops after `max_iterations` or when
// no parameter moves more than 1e-7. Probabilities are kept within [1e-6, 1 - 1e-6].
void FitEm(std::span<const Levels> pairs, int max_iterations, ModelParameters& model);

// Sets the u of every level of `model` to its share among `max_pairs` pseudo-random pairs of
// distinct records (every pair when there are fewer; a fixed seed, so the same records give the
// same u). Smoothed as (count + 0.5) / (observed + 0.5 * levels), so an unseen level gets a
// small positive u. A field never observed keeps its u. Returns the number of pairs compared.
std::size_t EstimateU(std::span<const PreparedRecord> records, std::size_t max_pairs,
                      unsigned threads, ModelParameters& model);

// For each candidate pair, bit r is set when the pair shares a block key under rules[r]
// (at most 32 rules are tracked; later rules get no bit).
std::vector<std::uint32_t> RuleMasks(std::span<const PreparedRecord> records,
                                     std::span<const std::pair<std::uint32_t, std::uint32_t>> pairs,
                                     std::span<const BlockingRule> rules);

// Which comparison fields a rule fixes (agreement forced by the block key).
std::array<bool, kLinkFieldCount> BlockedFields(const BlockingRule& rule);

struct MFit {
  int iterations = 0;           // most EM iterations over the rules
  bool converged = false;       // every rule's EM converged
  double expected_matches = 0;  // over all candidate pairs, at the fitted prior
};

// Fits m per rule with u fixed (see the top of this file), then the prior by a fixed point
// prior = (sum over candidate pairs of P(match)) / total_pairs. `levels` and `masks` are per
// candidate pair; rules with fewer than `min_rule_pairs` pairs are not used for m. Updates
// model.fields[*].levels[*].m, model.prior and model.match_proportion.
MFit FitMWithFixedU(std::span<const Levels> levels, std::span<const std::uint32_t> masks,
                    std::span<const BlockingRule> rules, int max_iterations,
                    std::size_t min_rule_pairs, double total_pairs, ModelParameters& model);

// ---- The same estimators over any number of fields (field_linkage.h uses them directly; the
// fixed six-field functions above are thin wrappers). A comparison vector is `field_count`
// consecutive level indices (kMissing for missing) in a flat array; at most kMaxLevels levels.
inline constexpr std::size_t kMaxLevels = 8;

// Writes the comparison vector of records (i, j) to out[0 .. field_count). Called from up to
// `threads` threads at once: it must be safe for that.
using PairComparer = std::function<void(std::size_t i, std::size_t j, std::int8_t* out)>;

// u from pseudo-random pairs as EstimateU does. With n_right == 0 the pairs are two distinct
// records among n_left (i < j for the exhaustive case); otherwise one of n_left with one of
// n_right (i left, j right). Returns the number of pairs compared.
std::size_t EstimateUFlat(std::size_t n_left, std::size_t n_right, std::size_t max_pairs,
                          unsigned threads, const PairComparer& compare, ModelParameters& model);

// Candidate-pair rule masks from per-record key hashes: hashes[i * tracked + r] is record i's
// key hash under rule r (0: no key). Bit r of a pair's mask: both have the same non-zero hash.
std::vector<std::uint32_t> MasksFromKeyHashes(
    std::span<const std::uint64_t> hashes, std::size_t tracked,
    std::span<const std::pair<std::uint32_t, std::uint32_t>> pairs);

// FitMWithFixedU over flat comparison vectors: blocked[r][f] says that rule r fixes field f.
MFit FitMWithFixedUFlat(std::span<const std::int8_t> levels, std::size_t field_count,
                        std::span<const std::uint32_t> masks,
                        std::span<const std::vector<bool>> blocked, int max_iterations,
                        std::size_t min_rule_pairs, double total_pairs, ModelParameters& model);

}  // namespace huicai::matcher::internal
