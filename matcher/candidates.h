#pragma once
// matcher: picks, per need, the experts worth scoring: same field, same region, best text first.
// Pure computation; Eigen sparse products inside, no Eigen type crosses this file.
// Thread-safety: SelectCandidates keeps no state; call it from any number of threads at once.
#include <cstddef>
#include <span>
#include <vector>

#include "core/status.h"
#include "core/types.h"
#include "matcher/score.h"

namespace huicai::matcher {

struct CandidateOptions {
  std::size_t per_need = 100;  // K: candidates kept per need, >= 1 ([match] candidates)
  int region_digits = 2;       // experts share the first N digits of the need's region code:
                               // 0 any region, 2 same province, 4 same city, 6 same county
  // Start at the need's county and widen (city, province, ...) up to region_digits only while
  // the need's field there has fewer than per_need experts: near experts first, and at a
  // province's scale the round falls apart into independent county pieces. Default off.
  bool widen = false;
};

// For each need, the experts in its field and region, best text cosine first.
//
// Field: an expert qualifies when one of its discipline codes shares the first 3 digits
// (GB/T 13745 first level) with one of the need's codes; codes shorter than 3 characters
// match nothing. Region: with region_digits N > 0 the expert's and the need's region codes
// both have at least N characters and agree on the first N; with N = 0 region is ignored.
// Text: the same TF-IDF cosine as ScorePairs's "text" part (need title + description vs
// expert specialties + title, smoothed IDF over all of `experts`, L2-normalised rows), so
// candidates are ranked exactly as ScorePairs will score their text.
// Order: cosine descending, ties by expert index ascending; at most per_need experts. Experts
// in field and region whose text shares nothing (cosine 0) still qualify, after the others.
//
// Returns one CandidateSet per need, in need order (need_index = position in `needs`); a need
// without discipline codes, or with no qualifying expert, gets an empty set. The result feeds
// ScorePairs directly.
// Errors: InvalidArgument when per_need is 0 or region_digits is not 0, 2, 4 or 6.
// Cost: experts are grouped into (first-level discipline, region prefix) blocks; each block
// is scored with one sparse product, in chunks of needs so no dense matrix outgrows ~32 MB.
// The spans are only read during the call; the result owns its data.
[[nodiscard]] Result<std::vector<CandidateSet>> SelectCandidates(std::span<const Need> needs,
                                                                 std::span<const Talent> experts,
                                                                 const CandidateOptions& options);

}  // namespace huicai::matcher
