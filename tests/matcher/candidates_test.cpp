#include "matcher/candidates.h"

#if defined(EIGEN_WORLD_VERSION)
#error "matcher/candidates.h leaks Eigen"
#endif

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "matcher/score.h"

namespace {

using huicai::Need;
using huicai::StatusCode;
using huicai::Talent;
using huicai::matcher::CandidateOptions;
using huicai::matcher::CandidateSet;
using huicai::matcher::ScorePairs;
using huicai::matcher::SelectCandidates;

Need MakeNeed(std::string text, std::vector<std::string> disciplines, std::string region) {
  Need n;
  n.title = std::move(text);
  n.disciplines = std::move(disciplines);
  n.region_code = std::move(region);
  return n;
}

Talent MakeExpert(std::string specialties, std::vector<std::string> disciplines,
                  std::string region) {
  Talent t;
  t.specialties = std::move(specialties);
  t.disciplines = std::move(disciplines);
  t.region_code = std::move(region);
  return t;
}

std::vector<CandidateSet> Select(const std::vector<Need>& needs, const std::vector<Talent>& experts,
                                 CandidateOptions options) {
  auto result = SelectCandidates(needs, experts, options);
  BOOST_REQUIRE_MESSAGE(result.has_value(), result.status().ToString());
  BOOST_REQUIRE_EQUAL(result->size(), needs.size());
  for (std::size_t i = 0; i < result->size(); ++i) BOOST_TEST((*result)[i].need_index == i);
  return std::move(result).value();
}

// Text cosine of every (need, expert) pair as ScorePairs computes it (text weight only).
std::vector<std::vector<double>> AllCosines(const std::vector<Need>& needs,
                                            const std::vector<Talent>& experts) {
  std::vector<CandidateSet> sets(needs.size());
  for (std::size_t n = 0; n < needs.size(); ++n) {
    sets[n].need_index = n;
    for (std::size_t e = 0; e < experts.size(); ++e) sets[n].expert_indices.push_back(e);
  }
  auto scored = ScorePairs(needs, experts, sets, {1.0, 0.0, 0.0});
  BOOST_REQUIRE(scored.has_value());
  std::vector<std::vector<double>> cos(needs.size(), std::vector<double>(experts.size(), 0.0));
  for (const auto& pair : *scored) cos[pair.need_index][pair.expert_index] = pair.score;
  return cos;
}

using Ids = std::vector<std::size_t>;

}  // namespace

BOOST_AUTO_TEST_SUITE(candidates)

BOOST_AUTO_TEST_CASE(keeps_only_experts_sharing_a_first_level_discipline) {
  const std::vector<Need> needs{MakeNeed("果树病虫害防治", {"21030"}, "371324")};
  const std::vector<Talent> experts{
      MakeExpert("果树病虫害", {"21050"}, "371324"),     // same first level 210
      MakeExpert("果树病虫害", {"230"}, "371324"),       // other field
      MakeExpert("土壤检测", {"360", "210"}, "371324"),  // second code matches
      MakeExpert("果树病虫害", {"21"}, "371324"),        // too short to have a first level
  };
  const auto sets = Select(needs, experts, {});
  BOOST_TEST(sets[0].expert_indices == (Ids{0, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(region_digits_choose_province_city_county_or_anywhere) {
  const std::vector<Need> needs{MakeNeed("果树", {"210"}, "371324")};
  const std::vector<Talent> experts{
      MakeExpert("果树", {"210"}, "371324"),  // same county
      MakeExpert("果树", {"210"}, "371302"),  // same city
      MakeExpert("果树", {"210"}, "370102"),  // same province
      MakeExpert("果树", {"210"}, "110108"),  // elsewhere
      MakeExpert("果树", {"210"}, ""),        // region unknown
  };
  BOOST_TEST(Select(needs, experts, {10, 6})[0].expert_indices == (Ids{0}),
             boost::test_tools::per_element());
  BOOST_TEST(Select(needs, experts, {10, 4})[0].expert_indices == (Ids{0, 1}),
             boost::test_tools::per_element());
  BOOST_TEST(Select(needs, experts, {10, 2})[0].expert_indices == (Ids{0, 1, 2}),
             boost::test_tools::per_element());
  BOOST_TEST(Select(needs, experts, {10, 0})[0].expert_indices == (Ids{0, 1, 2, 3, 4}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(widening_stops_at_the_nearest_region_with_enough_experts) {
  const std::vector<Need> needs{MakeNeed("果树", {"210"}, "371324"),   // two in its county
                                MakeNeed("果树", {"210"}, "371321"),   // none in its county
                                MakeNeed("果树", {"320"}, "371324")};  // nobody in the field
  const std::vector<Talent> experts{
      MakeExpert("果树", {"210"}, "371324"),  // county of need 0
      MakeExpert("果树", {"210"}, "371324"),  // county of need 0
      MakeExpert("果树", {"210"}, "371302"),  // same city (临沂) as both needs
      MakeExpert("果树", {"210"}, "370102"),  // same province only
  };
  CandidateOptions options{2, 2};
  options.widen = true;
  const auto sets = Select(needs, experts, options);
  // Two experts in the county suffice for K = 2; the second need widens to the city (one
  // expert there, fewer than K) and then to the province.
  BOOST_TEST(sets[0].expert_indices == (Ids{0, 1}), boost::test_tools::per_element());
  BOOST_TEST(sets[1].expert_indices.size() == 2u);
  BOOST_TEST(sets[2].expert_indices.empty());
  options.per_need = 3;  // the county no longer suffices: the city adds expert 2
  BOOST_TEST(Select(needs, experts, options)[0].expert_indices == (Ids{0, 1, 2}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(orders_by_text_cosine_then_expert_index) {
  const std::vector<Need> needs{MakeNeed("苹果树病虫害绿色防控", {"210"}, "371324")};
  const std::vector<Talent> experts{
      MakeExpert("财务管理", {"210"}, "371324"),              // nothing shared: last
      MakeExpert("果树", {"210"}, "371324"),                  // some overlap
      MakeExpert("苹果树病虫害绿色防控", {"210"}, "371324"),  // same text: first
      MakeExpert("法律咨询", {"210"}, "371324"),              // nothing shared, ties with 0
      MakeExpert("果树", {"210"}, "371324"),                  // ties with 1
  };
  const auto sets = Select(needs, experts, {});
  BOOST_TEST(sets[0].expert_indices == (Ids{2, 1, 4, 0, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(keeps_at_most_per_need_best_candidates) {
  std::vector<Talent> experts;
  for (int i = 0; i < 20; ++i) {
    experts.push_back(MakeExpert(i % 2 == 0 ? "设施农业 蔬菜" : "机械", {"210"}, "371324"));
  }
  const std::vector<Need> needs{MakeNeed("设施农业蔬菜", {"210"}, "371324")};
  const auto sets = Select(needs, experts, {3, 2});
  BOOST_TEST(sets[0].expert_indices == (Ids{0, 2, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(need_with_two_fields_gets_the_best_of_both_cut_to_per_need) {
  const std::vector<Need> needs{MakeNeed("中医 果树", {"21030", "360"}, "371324")};
  const std::vector<Talent> experts{
      MakeExpert("果树", {"210"}, "371324"),
      MakeExpert("中医 果树", {"360", "210"}, "371324"),  // in both blocks, listed once
      MakeExpert("中医", {"360"}, "371324"),
      MakeExpert("机械", {"460"}, "371324"),
  };
  const auto all = Select(needs, experts, {10, 2});
  BOOST_TEST(all[0].expert_indices == (Ids{1, 0, 2}), boost::test_tools::per_element());
  const auto cut = Select(needs, experts, {2, 2});
  BOOST_TEST(cut[0].expert_indices == (Ids{1, 0}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(need_without_discipline_gets_an_empty_set) {
  const std::vector<Need> needs{MakeNeed("果树", {}, "371324"),
                                MakeNeed("果树", {"210"}, "371324")};
  const std::vector<Talent> experts{MakeExpert("果树", {"210"}, "371324")};
  const auto sets = Select(needs, experts, {});
  BOOST_TEST(sets[0].expert_indices.empty());
  BOOST_TEST(sets[1].expert_indices == (Ids{0}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(refuses_zero_per_need_and_bad_region_digits) {
  const std::vector<Need> needs{MakeNeed("果树", {"210"}, "371324")};
  const std::vector<Talent> experts{MakeExpert("果树", {"210"}, "371324")};
  auto zero = SelectCandidates(needs, experts, {0, 2});
  BOOST_REQUIRE(!zero.has_value());
  BOOST_TEST((zero.status().code() == StatusCode::kInvalidArgument));
  for (int digits : {-2, 1, 3, 8}) {
    auto bad = SelectCandidates(needs, experts, {10, digits});
    BOOST_REQUIRE(!bad.has_value());
    BOOST_TEST((bad.status().code() == StatusCode::kInvalidArgument));
    BOOST_TEST(bad.status().message().find("region_digits") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(equals_brute_force_cosine_ranking_on_random_instance) {
  const std::vector<std::string> words{"果树", "病虫害", "土壤", "检测", "中医", "护理",
                                       "数控", "机械",   "电商", "GIS",  "小麦", "育种"};
  const std::vector<std::string> codes{"210", "21030", "21050", "230", "23010", "360"};
  const std::vector<std::string> regions{"371324", "371302", "371311", "370102", "370211"};
  std::mt19937 rng(7);
  auto pick = [&](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
  };
  auto text = [&](int n) {
    std::string t;
    for (int i = 0; i < n; ++i) t += pick(words) + " ";
    return t;
  };
  std::vector<Need> needs;
  for (int i = 0; i < 40; ++i) {
    std::vector<std::string> ds{pick(codes)};
    if (i % 5 == 0) ds.push_back(pick(codes));
    if (i % 13 == 0) ds.clear();
    needs.push_back(MakeNeed(text(3), ds, pick(regions)));
  }
  std::vector<Talent> experts;
  for (int i = 0; i < 300; ++i) {
    std::vector<std::string> ds{pick(codes)};
    if (i % 4 == 0) ds.push_back(pick(codes));
    experts.push_back(MakeExpert(text(2), ds, pick(regions)));
  }
  const auto cos = AllCosines(needs, experts);

  for (int digits : {0, 2, 4, 6}) {
    const std::size_t k = 7;
    const auto sets = Select(needs, experts, {k, digits});
    for (std::size_t n = 0; n < needs.size(); ++n) {
      // Brute force: every qualifying expert, ranked by cosine then index.
      std::vector<std::size_t> brute;
      for (std::size_t e = 0; e < experts.size(); ++e) {
        bool field = false;
        for (const auto& a : needs[n].disciplines) {
          for (const auto& b : experts[e].disciplines)
            field = field || a.substr(0, 3) == b.substr(0, 3);
        }
        const auto d = static_cast<std::size_t>(digits);
        if (field && needs[n].region_code.substr(0, d) == experts[e].region_code.substr(0, d)) {
          brute.push_back(e);
        }
      }
      std::stable_sort(brute.begin(), brute.end(),
                       [&](std::size_t a, std::size_t b) { return cos[n][a] > cos[n][b]; });
      if (brute.size() > k) brute.resize(k);

      const auto& got = sets[n].expert_indices;
      BOOST_TEST_CONTEXT("need " << n << " region_digits " << digits) {
        BOOST_REQUIRE_EQUAL(got.size(), brute.size());
        BOOST_TEST(std::set<std::size_t>(got.begin(), got.end()).size() == got.size());
        for (std::size_t r = 0; r < got.size(); ++r) {
          BOOST_TEST(std::abs(cos[n][got[r]] - cos[n][brute[r]]) < 1e-9);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
