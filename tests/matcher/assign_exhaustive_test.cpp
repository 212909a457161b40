// Assign against an exhaustive search on many small random instances.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "matcher/assign.h"
#include "tests/matcher/assign_model.h"

namespace {

using huicai::matcher::Assign;

using huicai::matcher::testing::Instance;
using huicai::matcher::testing::Objective;
using huicai::matcher::testing::RandomInstance;
using huicai::matcher::testing::Violation;

bool Feasible(const Instance& in, const std::vector<std::size_t>& chosen) {
  return Violation(in, chosen).empty();
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

BOOST_AUTO_TEST_CASE(matches_exhaustive_optimum_when_needs_ask_different_days) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    const Instance in = RandomInstance(rng, /*same_days=*/false);
    auto result = Assign(in.needs, in.experts, in.pairs, in.options);
    BOOST_REQUIRE_MESSAGE(result.has_value(), result.status().ToString());
    BOOST_TEST_CONTEXT("instance " << round) {
      BOOST_TEST(Feasible(in, result->chosen));
      BOOST_TEST(std::abs(result->objective - Objective(in, result->chosen)) <= 1e-9);
      BOOST_TEST(result->optimal);
      BOOST_TEST(std::abs(result->objective - ExhaustiveOptimum(in)) <= 1e-4);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
