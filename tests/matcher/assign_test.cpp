#include "matcher/assign.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <string>
#include <vector>

namespace {

using huicai::StatusCode;
using huicai::matcher::Assign;
using huicai::matcher::Assignment;
using huicai::matcher::AssignmentOptions;
using huicai::matcher::ExpertSlot;
using huicai::matcher::NeedSlot;
using huicai::matcher::ScoredPair;

ScoredPair Pair(std::size_t need, std::size_t expert, double score) {
  return ScoredPair{need, expert, score, {}};
}

Assignment MustAssign(const std::vector<NeedSlot>& needs, const std::vector<ExpertSlot>& experts,
                      const std::vector<ScoredPair>& pairs, const AssignmentOptions& options = {}) {
  auto result = Assign(needs, experts, pairs, options);
  BOOST_REQUIRE_MESSAGE(result.has_value(), result.status().ToString());
  return std::move(result).value();
}

// expert index -> need indices chosen for it
std::map<std::size_t, std::vector<std::size_t>> ByExpert(const Assignment& a,
                                                         const std::vector<ScoredPair>& pairs) {
  std::map<std::size_t, std::vector<std::size_t>> out;
  for (std::size_t p : a.chosen) out[pairs[p].expert_index].push_back(pairs[p].need_index);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(assign)

BOOST_AUTO_TEST_CASE(equally_fit_experts_share_two_needs) {
  const std::vector<NeedSlot> needs{{0, 1, 3, 1.0}, {1, 1, 3, 1.0}};
  const std::vector<ExpertSlot> experts{{0, 30, 0, false, 0}, {1, 30, 0, false, 0}};
  const std::vector<ScoredPair> pairs{Pair(0, 0, 0.8), Pair(1, 0, 0.8), Pair(0, 1, 0.8),
                                      Pair(1, 1, 0.8)};
  const Assignment a = MustAssign(needs, experts, pairs);
  BOOST_REQUIRE_EQUAL(a.chosen.size(), 2u);
  const auto by_expert = ByExpert(a, pairs);
  BOOST_TEST(by_expert.size() == 2u);  // one need each, not both to one expert
  BOOST_TEST(a.objective == 1.6, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(recent_calls_push_work_to_a_less_called_expert) {
  const std::vector<NeedSlot> needs{{0, 1, 3, 1.0}};
  const std::vector<ExpertSlot> experts{{0, 30, 0, false, 2}, {1, 30, 0, false, 0}};
  // Expert 0 fits slightly better but was called twice recently: 0.9 - 0.3 < 0.8.
  const std::vector<ScoredPair> pairs{Pair(0, 0, 0.9), Pair(0, 1, 0.8)};
  const Assignment a = MustAssign(needs, experts, pairs);
  BOOST_REQUIRE_EQUAL(a.chosen.size(), 1u);
  BOOST_TEST(pairs[a.chosen[0]].expert_index == 1u);
}

BOOST_AUTO_TEST_CASE(expert_behind_pace_wins_a_tie) {
  const std::vector<NeedSlot> needs{{0, 1, 3, 1.0}};
  AssignmentOptions options;
  options.year_fraction = 0.5;               // 7.5 days expected by now
  for (int order = 0; order < 2; ++order) {  // whichever comes first, the one behind wins
    const std::size_t behind = order == 0 ? 0 : 1;
    std::vector<ExpertSlot> experts{{0, 30, 10, true, 0}, {1, 30, 10, true, 0}};
    experts[behind].served_days = 2;
    const std::vector<ScoredPair> pairs{Pair(0, 0, 0.7), Pair(0, 1, 0.7)};
    const Assignment a = MustAssign(needs, experts, pairs, options);
    BOOST_REQUIRE_EQUAL(a.chosen.size(), 1u);
    BOOST_TEST(pairs[a.chosen[0]].expert_index == behind);
    const auto& parts = a.cost_parts[0];
    BOOST_REQUIRE_EQUAL(parts.size(), 3u);
    BOOST_TEST(parts[2].name == "pace");
    BOOST_TEST(parts[2].value == 0.2 * 5.5 / 15.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(parts[2].detail.find("behind pace") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(priority_area_need_wins_a_tie_for_a_scarce_expert) {
  for (int order = 0; order < 2; ++order) {
    const std::size_t priority = order == 0 ? 0 : 1;
    std::vector<NeedSlot> needs{{0, 1, 5, 1.0}, {1, 1, 5, 1.0}};
    needs[priority].priority_weight = 1.3;
    const std::vector<ExpertSlot> experts{{0, 5, 0, false, 0}};  // days for one need only
    const std::vector<ScoredPair> pairs{Pair(0, 0, 0.6), Pair(1, 0, 0.6)};
    const Assignment a = MustAssign(needs, experts, pairs);
    BOOST_REQUIRE_EQUAL(a.chosen.size(), 1u);
    BOOST_TEST(pairs[a.chosen[0]].need_index == priority);
    BOOST_TEST(a.objective == 0.78, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(a.cost_parts[0][0].name == "priority");
    BOOST_TEST(a.cost_parts[0][0].value == 0.18, boost::test_tools::tolerance(1e-9));
  }
}

BOOST_AUTO_TEST_CASE(never_exceeds_headcount_or_days) {
  // 3 needs asking 2, 1, 2 experts with different days; 4 experts with tight days.
  const std::vector<NeedSlot> needs{{0, 2, 4, 1.0}, {1, 1, 6, 1.2}, {2, 2, 3, 1.0}};
  const std::vector<ExpertSlot> experts{
      {0, 7, 0, true, 0}, {1, 6, 3, false, 1}, {2, 3, 0, true, 0}, {3, 12, 20, true, 0}};
  std::vector<ScoredPair> pairs;
  for (std::size_t n = 0; n < 3; ++n) {
    for (std::size_t e = 0; e < 4; ++e) pairs.push_back(Pair(n, e, 0.5 + 0.1 * double(e + n)));
  }
  const Assignment a = MustAssign(needs, experts, pairs);
  std::map<std::size_t, int> per_need;
  std::map<std::size_t, int> days;
  for (std::size_t p : a.chosen) {
    ++per_need[pairs[p].need_index];
    days[pairs[p].expert_index] += needs[pairs[p].need_index].days;
  }
  for (const auto& [n, count] : per_need) BOOST_TEST(count <= needs[n].headcount);
  for (const auto& [e, d] : days) BOOST_TEST(d <= experts[e].days_left);
  BOOST_TEST(!a.chosen.empty());
}

BOOST_AUTO_TEST_CASE(cost_parts_explain_the_objective) {
  const std::vector<NeedSlot> needs{{0, 2, 2, 1.3}, {1, 1, 2, 1.0}};
  const std::vector<ExpertSlot> experts{{0, 10, 1, true, 1}, {1, 10, 20, true, 0}};
  const std::vector<ScoredPair> pairs{Pair(0, 0, 0.9), Pair(1, 0, 0.8), Pair(0, 1, 0.3),
                                      Pair(1, 1, 0.2)};
  const Assignment a = MustAssign(needs, experts, pairs);
  BOOST_REQUIRE_EQUAL(a.cost_parts.size(), a.chosen.size());
  double total = 0;
  for (std::size_t i = 0; i < a.chosen.size(); ++i) {
    total += pairs[a.chosen[i]].score;
    for (const auto& part : a.cost_parts[i]) total += part.value;
  }
  BOOST_TEST(total == a.objective, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(a.objective > 0.0);
}

BOOST_AUTO_TEST_CASE(pairs_under_min_score_and_needs_without_candidates_stay_unfilled) {
  const std::vector<NeedSlot> needs{{0, 1, 1, 1.0}, {1, 1, 1, 1.0}};
  const std::vector<ExpertSlot> experts{{0, 10, 0, false, 0}};
  const std::vector<ScoredPair> pairs{Pair(0, 0, 0.04)};
  const Assignment a = MustAssign(needs, experts, pairs);
  BOOST_TEST(a.chosen.empty());
  BOOST_TEST(a.objective == 0.0);
}

BOOST_AUTO_TEST_CASE(rejects_pair_without_a_slot) {
  const std::vector<NeedSlot> needs{{0, 1, 1, 1.0}};
  const std::vector<ExpertSlot> experts{{0, 10, 0, false, 0}};
  const std::vector<ScoredPair> pairs{Pair(0, 7, 0.5)};
  auto result = Assign(needs, experts, pairs, {});
  BOOST_REQUIRE(!result.has_value());
  BOOST_TEST((result.error().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(result.error().message().find("expert slot") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_repeated_pair_and_bad_options) {
  const std::vector<NeedSlot> needs{{0, 1, 1, 1.0}};
  const std::vector<ExpertSlot> experts{{0, 10, 0, false, 0}};
  const std::vector<ScoredPair> repeated{Pair(0, 0, 0.5), Pair(0, 0, 0.6)};
  auto dup = Assign(needs, experts, repeated, {});
  BOOST_REQUIRE(!dup.has_value());
  BOOST_TEST((dup.error().code() == StatusCode::kInvalidArgument));

  AssignmentOptions bad;
  bad.year_fraction = 1.5;
  auto options = Assign(needs, experts, std::vector<ScoredPair>{Pair(0, 0, 0.5)}, bad);
  BOOST_REQUIRE(!options.has_value());
  BOOST_TEST((options.error().code() == StatusCode::kInvalidArgument));

  const std::vector<NeedSlot> negative{{0, -1, 1, 1.0}};
  auto headcount = Assign(negative, experts, std::vector<ScoredPair>{Pair(0, 0, 0.5)}, {});
  BOOST_REQUIRE(!headcount.has_value());
  BOOST_TEST((headcount.error().code() == StatusCode::kInvalidArgument));
}

BOOST_AUTO_TEST_SUITE_END()
