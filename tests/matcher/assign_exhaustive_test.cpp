// Assign against an exhaustive search on many small random instances.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "matcher/assign.h"

namespace {

using huicai::matcher::Assign;
using huicai::matcher::Assignment;
using huicai::matcher::AssignmentOptions;
using huicai::matcher::ExpertSlot;
using huicai::matcher::NeedSlot;
using huicai::matcher::ScoredPair;

struct Instance {
  std::vector<NeedSlot> needs;
  std::vector<ExpertSlot> experts;
  std::vector<ScoredPair> pairs;
  AssignmentOptions options;
};

// Needs and experts are given in shuffled index order so slot position != index.
Instance RandomInstance(std::mt19937& rng, bool same_days) {
  auto uniform_int = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  auto uniform = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  Instance in;
  const int n_needs = uniform_int(1, 5);
  const int n_experts = uniform_int(1, 5);
  const int common_days = uniform_int(0, 4);
  const double weights[] = {1.0, 1.0, 1.3, 1.5};
  for (int n = 0; n < n_needs; ++n) {
    in.needs.push_back({static_cast<std::size_t>(10 + n), uniform_int(0, 3),
                        same_days ? common_days : uniform_int(0, 6), weights[uniform_int(0, 3)]});
  }
  for (int e = 0; e < n_experts; ++e) {
    in.experts.push_back({static_cast<std::size_t>(20 + e), uniform_int(0, 12), uniform_int(0, 20),
                          uniform_int(0, 1) == 1, uniform_int(0, 3)});
  }
  std::shuffle(in.needs.begin(), in.needs.end(), rng);
  std::shuffle(in.experts.begin(), in.experts.end(), rng);
  const double density = uniform(0.3, 0.9);
  for (const NeedSlot& n : in.needs) {
    for (const ExpertSlot& e : in.experts) {
      if (uniform(0, 1) < density)
        in.pairs.push_back({n.need_index, e.expert_index, uniform(0, 1), {}});
    }
  }
  std::shuffle(in.pairs.begin(), in.pairs.end(), rng);
  in.options.load_step = uniform(0, 0.4);
  in.options.pace_bonus = uniform(0, 0.4);
  in.options.year_fraction = uniform(0, 1);
  return in;
}

const NeedSlot& NeedOf(const Instance& in, std::size_t need_index) {
  return *std::find_if(in.needs.begin(), in.needs.end(),
                       [&](const NeedSlot& n) { return n.need_index == need_index; });
}
const ExpertSlot& ExpertOf(const Instance& in, std::size_t expert_index) {
  return *std::find_if(in.experts.begin(), in.experts.end(),
                       [&](const ExpertSlot& e) { return e.expert_index == expert_index; });
}

// Value of a chosen set of pairs, written from the model in assign.h, independently of it.
double Objective(const Instance& in, const std::vector<std::size_t>& chosen) {
  const AssignmentOptions& o = in.options;
  double total = 0;
  std::vector<int> calls(in.experts.size(), 0);
  for (std::size_t p : chosen) {
    const ScoredPair& pair = in.pairs[p];
    const ExpertSlot& e = ExpertOf(in, pair.expert_index);
    double pace = 0;
    if (e.in_programme) {
      pace = o.pace_bonus * std::max(0.0, o.required_days * o.year_fraction - e.served_days) /
             o.required_days;
    }
    total += pair.score * NeedOf(in, pair.need_index).priority_weight + pace;
    const auto slot = static_cast<std::size_t>(&e - in.experts.data());
    total -= (e.recent_calls + calls[slot]) * o.load_step;  // the k-th call's load
    ++calls[slot];
  }
  return total;
}

bool Feasible(const Instance& in, const std::vector<std::size_t>& chosen) {
  for (const NeedSlot& n : in.needs) {
    const auto count = std::count_if(chosen.begin(), chosen.end(), [&](std::size_t p) {
      return in.pairs[p].need_index == n.need_index;
    });
    if (count > n.headcount) return false;
  }
  for (const ExpertSlot& e : in.experts) {
    int days = 0;
    for (std::size_t p : chosen) {
      if (in.pairs[p].expert_index == e.expert_index)
        days += NeedOf(in, in.pairs[p].need_index).days;
    }
    if (days > e.days_left) return false;
  }
  for (std::size_t p : chosen) {
    if (in.pairs[p].score < in.options.min_score) return false;
  }
  return true;
}

// Best objective over every feasible subset of pairs (the empty set gives 0).
double ExhaustiveOptimum(const Instance& in) {
  double best = 0;
  std::vector<std::size_t> chosen;
  auto search = [&](auto&& self, std::size_t next) -> void {
    if (!Feasible(in, chosen)) return;  // adding pairs never repairs a violation
    if (next == in.pairs.size()) {
      best = std::max(best, Objective(in, chosen));
      return;
    }
    self(self, next + 1);
    chosen.push_back(next);
    self(self, next + 1);
    chosen.pop_back();
  };
  search(search, 0);
  return best;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(assign_exhaustive)

BOOST_AUTO_TEST_CASE(matches_exhaustive_optimum_when_needs_ask_the_same_days) {
  std::mt19937 rng(20240611);
  for (int round = 0; round < 200; ++round) {
    const Instance in = RandomInstance(rng, /*same_days=*/true);
    auto result = Assign(in.needs, in.experts, in.pairs, in.options);
    BOOST_REQUIRE_MESSAGE(result.has_value(), result.status().ToString());
    const double optimum = ExhaustiveOptimum(in);
    BOOST_TEST_CONTEXT("instance " << round << " with " << in.pairs.size() << " pairs") {
      BOOST_TEST(Feasible(in, result->chosen));
      BOOST_TEST(std::abs(result->objective - Objective(in, result->chosen)) <= 1e-9);
      BOOST_TEST(std::abs(result->objective - optimum) <= 1e-4);
    }
  }
}

BOOST_AUTO_TEST_CASE(stays_feasible_and_never_claims_more_than_optimum_with_mixed_days) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    const Instance in = RandomInstance(rng, /*same_days=*/false);
    auto result = Assign(in.needs, in.experts, in.pairs, in.options);
    BOOST_REQUIRE_MESSAGE(result.has_value(), result.status().ToString());
    BOOST_TEST_CONTEXT("instance " << round) {
      BOOST_TEST(Feasible(in, result->chosen));
      BOOST_TEST(std::abs(result->objective - Objective(in, result->chosen)) <= 1e-9);
      BOOST_TEST(result->objective <= ExhaustiveOptimum(in) + 1e-9);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
