#pragma once
// matcher internal: the EM of Winkler (1988) / Jaro (1989) for Fellegi-Sunter m and u under
// conditional independence, over the distinct comparison vectors of the candidate pairs.
// Thread-safety: pure function.
#include <span>

#include "matcher/internal/linkage_compare.h"
#include "matcher/linkage.h"

namespace huicai::matcher::internal {

// Fits m, u and the match proportion to `pairs`, starting from `model` (its m, u and
// match_proportion are the starting point; a field with no observed level keeps its start).
// Missing levels are left out of that field's likelihood. Stops after `max_iterations` or when
// no parameter moves more than 1e-7. Probabilities are kept within [1e-6, 1 - 1e-6].
void FitEm(std::span<const Levels> pairs, int max_iterations, ModelParameters& model);

}  // namespace huicai::matcher::internal
