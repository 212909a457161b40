#pragma once
// Test support for matcher/assign.h: random instances and the model written out independently
// of Assign (objective, constraints), shared by the exhaustive and the GLPK optimality tests.
#include <cstddef>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "matcher/assign.h"

namespace huicai::matcher::testing {

struct Instance {
  std::vector<NeedSlot> needs;
  std::vector<ExpertSlot> experts;
  std::vector<ScoredPair> pairs;
  AssignmentOptions options;
};

// The ranges a random instance is drawn from (every draw uniform, bounds inclusive).
struct InstanceShape {
  int needs_min = 1, needs_max = 5;
  int experts_min = 1, experts_max = 5;
  int headcount_max = 3;
  int common_days_max = 4;  // the days every need asks, when they ask the same
  int days_max = 6;         // a need's days otherwise
  int days_left_max = 12;
  int recent_calls_max = 3;
  double density_min = 0.3, density_max = 0.9;  // share of need x expert pairs scored
  std::vector<double> priority_weights = {1.0, 1.0, 1.3, 1.5};
  std::size_t need_index_base = 10, need_index_stride = 1;
  std::size_t expert_index_base = 20, expert_index_stride = 1;
  bool vary_required_days_and_min_score = false;  // else the options' defaults
};

// Needs, experts and pairs come in shuffled index order, so slot position != index.
Instance RandomInstance(std::mt19937& rng, bool same_days, const InstanceShape& shape = {});

const NeedSlot& NeedOf(const Instance& in, std::size_t need_index);
std::size_t ExpertSlotOf(const Instance& in, std::size_t expert_index);

// Value of pair p when chosen, before load: score * priority_weight + pace(expert).
double PairValue(const Instance& in, std::size_t p);

// Objective of a set of pairs by the model in assign.h, computed independently of Assign.
double Objective(const Instance& in, std::span<const std::size_t> chosen);

// Empty when `chosen` keeps every constraint of assign.h (ascending, min_score, headcounts,
// days); otherwise what it breaks.
std::string Violation(const Instance& in, std::span<const std::size_t> chosen);

}  // namespace huicai::matcher::testing
