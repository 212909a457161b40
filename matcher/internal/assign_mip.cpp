#include "matcher/internal/assign_mip.h"

#include <glpk.h>

#include <string>

namespace huicai::matcher::internal {
namespace {

// Owns a glp_prob and keeps GLPK quiet while it lives.
class Problem {
 public:
  Problem() : prob_(glp_create_prob()), previous_output_(glp_term_out(GLP_OFF)) {}
  ~Problem() {
    glp_delete_prob(prob_);
    glp_term_out(previous_output_);
  }
  Problem(const Problem&) = delete;
  Problem& operator=(const Problem&) = delete;
  glp_prob* get() const { return prob_; }

 private:
  glp_prob* prob_;
  int previous_output_;
};

}  // namespace

void FreeMipThreadState() {
  glp_free_env();  // returns 1, doing nothing, when this thread has no environment
}

Result<MipSolution> SolveMip(const MipProblem& problem) {
  Problem guard;
  glp_prob* lp = guard.get();
  glp_set_obj_dir(lp, GLP_MAX);

  // Rows: one headcount row per need, one days row and one load row per expert
  // (calls of the expert - sum of its load columns = 0).
  const int needs = static_cast<int>(problem.headcount.size());
  const int experts = static_cast<int>(problem.days_left.size());
  glp_add_rows(lp, needs + 2 * experts);
  for (int n = 0; n < needs; ++n) {
    glp_set_row_bnds(lp, n + 1, GLP_UP, 0.0, problem.headcount[static_cast<std::size_t>(n)]);
  }
  for (int e = 0; e < experts; ++e) {
    glp_set_row_bnds(lp, needs + e + 1, GLP_UP, 0.0,
                     problem.days_left[static_cast<std::size_t>(e)]);
    glp_set_row_bnds(lp, needs + experts + e + 1, GLP_FX, 0.0, 0.0);
  }

  // Columns: a binary per pair, then a 0..1 column per expert call on the load curve (convex,
  // so the relaxation fills the cheaper calls first).
  std::size_t load_columns = 0;
  for (const auto& costs : problem.load_costs) load_columns += costs.size();
  const int pair_columns = static_cast<int>(problem.pairs.size());
  glp_add_cols(lp, pair_columns + static_cast<int>(load_columns));
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0.0};
  auto entry = [&](int row, int col, double value) {
    ia.push_back(row);
    ja.push_back(col);
    ar.push_back(value);
  };
  for (int p = 0; p < pair_columns; ++p) {
    const MipPair& pair = problem.pairs[static_cast<std::size_t>(p)];
    const int col = p + 1;
    glp_set_col_kind(lp, col, GLP_BV);
    if (pair.forced) glp_set_col_bnds(lp, col, GLP_FX, 1.0, 1.0);
    glp_set_obj_coef(lp, col, pair.value);
    entry(static_cast<int>(pair.need) + 1, col, 1.0);
    entry(needs + static_cast<int>(pair.expert) + 1, col, pair.days);
    entry(needs + experts + static_cast<int>(pair.expert) + 1, col, 1.0);
  }
  int col = pair_columns;
  for (int e = 0; e < experts; ++e) {
    for (double cost : problem.load_costs[static_cast<std::size_t>(e)]) {
      ++col;
      glp_set_col_bnds(lp, col, GLP_DB, 0.0, 1.0);
      glp_set_obj_coef(lp, col, -cost);
      entry(needs + experts + e + 1, col, -1.0);
    }
  }
  glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());

  glp_iocp params;
  glp_init_iocp(&params);
  params.presolve = GLP_ON;  // solves the LP relaxation itself
  params.tm_lim = problem.time_limit_ms;
  params.msg_lev = GLP_MSG_OFF;
  const int rc = glp_intopt(lp, &params);
  if (rc != 0 && rc != GLP_ETMLIM && rc != GLP_ENOPFS && rc != GLP_ENODFS) {
    return Status::Internal(
        "GLPK could not solve an assignment piece (glp_intopt code " + std::to_string(rc) +
        "); this is a bug in matcher/internal/assign_mip.cpp, please report it");
  }
  MipSolution solution;
  const int status = glp_mip_status(lp);
  if (rc == GLP_ENOPFS || status == GLP_NOFEAS) {
    solution.infeasible = true;
    return solution;
  }
  solution.proven = status == GLP_OPT;
  if (status == GLP_OPT || status == GLP_FEAS) {
    for (int p = 0; p < pair_columns; ++p) {
      if (glp_mip_col_val(lp, p + 1) > 0.5) solution.chosen.push_back(static_cast<std::size_t>(p));
    }
  }
  return solution;
}

}  // namespace huicai::matcher::internal
