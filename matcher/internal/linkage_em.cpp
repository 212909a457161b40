// matcher internal: EM over compressed comparison-vector patterns, with Eigen arrays.
#include "matcher/internal/linkage_em.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace huicai::matcher::internal {
namespace {

constexpr double kFloor = 1e-6;

double Clamp(double p) { return std::clamp(p, kFloor, 1.0 - kFloor); }

}  // namespace

void FitEm(std::span<const Levels> pairs, int max_iterations, ModelParameters& model) {
  // Distinct patterns and their counts: the EM then costs O(patterns), not O(pairs).
  std::map<Levels, double> counted;
  for (const Levels& l : pairs) counted[l] += 1.0;
  const Eigen::Index n = static_cast<Eigen::Index>(counted.size());
  std::vector<Levels> patterns;
  Eigen::ArrayXd counts(n);
  patterns.reserve(counted.size());
  for (const auto& [levels, count] : counted) {
    counts(static_cast<Eigen::Index>(patterns.size())) = count;
    patterns.push_back(levels);
  }
  double p = Clamp(model.match_proportion > 0 ? model.match_proportion : 0.1);
  Eigen::ArrayXd g(n);
  int iteration = 0;
  bool converged = false;
  for (; iteration < max_iterations && !converged; ++iteration) {
    // E-step: posterior probability that each pattern is a match (in log space).
    for (Eigen::Index k = 0; k < n; ++k) {
      double log_m = std::log(p), log_u = std::log(1.0 - p);
      for (std::size_t f = 0; f < kLinkFieldCount; ++f) {
        const int level = patterns[static_cast<std::size_t>(k)][f];
        if (level == kMissing) continue;
        const auto& lp = model.fields[f].levels[static_cast<std::size_t>(level)];
        log_m += std::log(lp.m);
        log_u += std::log(lp.u);
      }
      const double diff = log_u - log_m;
      g(k) = diff > 700 ? 0.0 : 1.0 / (1.0 + std::exp(diff));
    }
    // M-step: expected level frequencies among matches and non-matches.
    const Eigen::ArrayXd wm = counts * g;
    const Eigen::ArrayXd wu = counts * (1.0 - g);
    double change = 0;
    const double new_p = Clamp(wm.sum() / counts.sum());
    change = std::max(change, std::abs(new_p - p));
    p = new_p;
    for (std::size_t f = 0; f < kLinkFieldCount; ++f) {
      auto& levels = model.fields[f].levels;
      Eigen::ArrayXd sum_m = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(levels.size()));
      Eigen::ArrayXd sum_u = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(levels.size()));
      for (Eigen::Index k = 0; k < n; ++k) {
        const int level = patterns[static_cast<std::size_t>(k)][f];
        if (level == kMissing) continue;
        sum_m(level) += wm(k);
        sum_u(level) += wu(k);
      }
      const double total_m = sum_m.sum(), total_u = sum_u.sum();
      if (total_m <= 0 || total_u <= 0) continue;  // field never observed: keep the start
      for (std::size_t l = 0; l < levels.size(); ++l) {
        const Eigen::Index li = static_cast<Eigen::Index>(l);
        const double m = Clamp(sum_m(li) / total_m);
        const double u = Clamp(sum_u(li) / total_u);
        change = std::max({change, std::abs(m - levels[l].m), std::abs(u - levels[l].u)});
        levels[l].m = m;
        levels[l].u = u;
      }
    }
    converged = change < 1e-7;
  }
  model.match_proportion = p;
  model.iterations = iteration;
  model.converged = converged;
}

}  // namespace huicai::matcher::internal
