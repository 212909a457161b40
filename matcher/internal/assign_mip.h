#pragma once
// matcher internal: one piece of an assignment round as a mixed-integer program, solved with
// GLPK's branch and cut, for pieces whose days constraints the min-cost flow cannot hold.
// No GLPK type crosses this file. Thread-safety: SolveMip keeps no state between calls.
#include <cstddef>
#include <vector>

#include "core/status.h"

namespace huicai::matcher::internal {

struct MipPair {
  std::size_t need = 0;    // into MipProblem::headcount
  std::size_t expert = 0;  // into MipProblem::days_left
  double value = 0;        // gained when chosen
  int days = 0;            // the need's days, taken from the expert's days_left
  bool forced = false;     // must be chosen
};

struct MipProblem {
  std::vector<int> headcount;                   // per need
  std::vector<int> days_left;                   // per expert
  std::vector<std::vector<double>> load_costs;  // per expert: cost of its 1st, 2nd ... call,
                                                // non-decreasing (convex load)
  std::vector<MipPair> pairs;
  int time_limit_ms = 10000;
};

struct MipSolution {
  bool proven = false;              // GLPK proved the optimum (relative gap 0)
  bool infeasible = false;          // GLPK proved there is no solution (forced pairs clash)
  std::vector<std::size_t> chosen;  // into pairs, ascending; empty when nothing was found
};

// Maximises sum(value of chosen) - sum over experts of their load costs up to their calls,
// with at most headcount per need and days within days_left per expert, and every forced pair
// chosen.
// Internal when GLPK fails to solve the relaxation (a bug).
[[nodiscard]] Result<MipSolution> SolveMip(const MipProblem& problem);

// Frees the GLPK environment of the calling thread, if SolveMip created one there (Debian builds
// GLPK with one environment per thread). Call it as a helper thread that solved pieces ends;
// otherwise each such thread leaves its environment behind (LeakSanitizer reports it).
void FreeMipThreadState();

}  // namespace huicai::matcher::internal
