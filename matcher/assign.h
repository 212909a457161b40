#pragma once
// matcher: one global assignment of experts to needs per matching round, as min-cost flow.
// Solved with LEMON's network simplex, GLPK for pieces where days form a knapsack; no LEMON
// or GLPK type crosses this file.
// Thread-safety: Assign keeps no state; call it from any number of threads at once.
#include <cstddef>
#include <span>
#include <vector>

#include "core/status.h"
#include "core/types.h"
#include "matcher/score.h"

namespace huicai::matcher {

struct AssignmentOptions {
  double load_step = 0.15;     // value units; the k-th call of an expert (counting recent_calls)
                               // costs (k-1)*load_step, so load spreads over equally fit experts
  double pace_bonus = 0.2;     // value units per chosen pair, times the expert's shortfall share
  double reach_bonus = 0.1;    // value units for a pair whose days bring a programme expert
                               // behind the pace up to it
  int required_days = 15;      // days a year each programme expert must serve (000 §12)
  double year_fraction = 1.0;  // share of the year elapsed, 0..1, for the pace
  double min_score = 0.05;     // pairs scoring under this are never proposed
  // Flow branch-and-bound nodes per independent piece, and seconds for the whole call, before
  // a piece goes whole to GLPK's branch and cut (a mixed-integer program with the days as
  // knapsack rows), if it has at most mip_max_pairs pairs. Every piece's first flow is solved
  // whatever the time.
  std::size_t max_branch_nodes = 200;
  double branch_seconds = 20;  // (0, 86400]
  std::size_t mip_max_pairs = 20000;
  // Seconds GLPK may take per piece (and no more than what branch_seconds leaves); past it, or
  // past the limits above on a piece too large for GLPK, the best solution found is returned
  // without proof (Assignment::optimal false, bound stated). (0, 86400].
  double mip_seconds = 10;
  unsigned threads = 2;  // pieces solved at once; 0 = one per hardware thread
};

// A need taking part in the round. need_index matches ScoredPair::need_index.
struct NeedSlot {
  std::size_t need_index = 0;
  int headcount = 1;             // experts wanted, >= 0
  int days = 0;                  // days each expert gives, >= 0
  double priority_weight = 1.0;  // multiplies the score; e.g. 1.3 for old revolutionary areas
};

// An expert taking part in the round. expert_index matches ScoredPair::expert_index.
struct ExpertSlot {
  std::size_t expert_index = 0;
  int days_left = 0;          // days the expert can still give this year, >= 0
  int served_days = 0;        // grassroots days served this year
  bool in_programme = false;  // only programme experts get the pace bonus
  int recent_calls = 0;       // calls already made recently; starts the load curve further up
};

struct Assignment {
  std::vector<std::size_t> chosen;  // indices into the pairs span, ascending
  double objective = 0;             // total value; higher is better; 0 when nothing is chosen
  // Per chosen pair (same order as `chosen`): "priority", "load", "pace" adjustments.
  // score + sum of its cost_parts' values, over all chosen pairs, equals objective.
  std::vector<std::vector<ScorePart>> cost_parts;
  // Proof: true when `objective` is the model's optimum (up to the 1e-6 cost scaling).
  // bound >= every feasible objective; equals objective when optimal.
  bool optimal = true;
  double bound = 0;
  std::size_t pieces = 0;         // independent pieces (connected needs and experts) solved
  std::size_t proven_pieces = 0;  // of those, proven optimal
  std::size_t largest_piece = 0;  // usable pairs in the largest piece
  std::size_t flow_solves = 0;    // min-cost flow solves, branch-and-bound nodes included
  std::size_t mip_pieces = 0;     // pieces handed to GLPK after max_branch_nodes
};

// Chooses pairs to maximise
//   sum over chosen pairs p=(n,e) of  score(p) * priority_weight(n) + pace(n, e)
//   - sum over experts e of  sum_{k=1..calls(e)} (recent_calls(e) + k - 1) * load_step
// subject to: each need gets at most headcount experts, each pair at most once, and each
// expert's total days over chosen needs <= days_left. pace(n, e) = pace_bonus * shortfall /
// required_days with shortfall = max(0, required_days * year_fraction - served_days), plus
// reach_bonus when shortfall > 0 and served_days + days(n) >= required_days * year_fraction,
// for programme experts (0 for others).
// Pairs under min_score, and pairs whose need asks more days than the expert has left, are
// never chosen; needs without candidates stay unfilled.
//
// Formulation: min-cost flow source -> need (capacity headcount) -> expert (one arc per pair,
// capacity 1, cost -value) -> sink (one arc per further call, cost rising by load_step), plus
// a free source -> sink bypass so nothing has to be filled. Costs are scaled to integers
// (1e-6 value units). The round first falls apart into independent pieces (needs and experts
// connected by usable pairs), each solved on its own.
// Days: the flow bounds each expert's calls by relaxations of the days constraint. When every
// expert's chosen needs fit their days (always, when all needs ask the same days) that flow is
// the optimum.
// The flow keeps, for each days value d among an expert's pairs, the pairs of d days or more
// to as many as could fit the days left; most experts then fit. Where one does not (a
// knapsack in general), branch and bound on the flow: an over-committed expert's
// chosen pairs are branched (drop the first; keep it and drop the second; ...) with the flow
// of each branch as its bound, so the result stays exact. A piece still open after
// max_branch_nodes is solved whole by GLPK's branch and cut as a mixed-integer program; past
// mip_seconds the best solution found is returned with optimal = false and its proven bound.
//
// Errors: InvalidArgument when a pair names a need or expert without a slot, two pairs name
// the same need and expert, two slots share an index, a slot has negative headcount, days,
// days_left or recent_calls, a priority weight is not positive and finite, or an option is
// out of range (negative load_step, pace_bonus or reach_bonus, year_fraction outside 0..1,
// required_days < 1). Internal when the flow solver reports no optimum (a bug). The spans are only
// read during the call; the result owns its data.
[[nodiscard]] Result<Assignment> Assign(std::span<const NeedSlot> needs,
                                        std::span<const ExpertSlot> experts,
                                        std::span<const ScoredPair> pairs,
                                        const AssignmentOptions& options);

// The baseline a planner would do by hand, for comparison: pairs by value (score * priority +
// pace) best first, each taken when its need has headcount left, the expert has the days and
// the value still exceeds the expert's next load cost. Same model, checks and errors as
// Assign; optimal and bound say nothing (optimal false, bound = objective).
[[nodiscard]] Result<Assignment> AssignGreedy(std::span<const NeedSlot> needs,
                                              std::span<const ExpertSlot> experts,
                                              std::span<const ScoredPair> pairs,
                                              const AssignmentOptions& options);

}  // namespace huicai::matcher
