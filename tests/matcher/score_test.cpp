#include "matcher/score.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace {

using huicai::Need;
using huicai::StatusCode;
using huicai::Talent;
using huicai::matcher::CandidateSet;
using huicai::matcher::ScoredPair;
using huicai::matcher::ScorePairs;
using huicai::matcher::ScoringWeights;

Need MakeNeed(std::string title, std::string description, std::vector<std::string> disciplines,
              std::string region) {
  Need n;
  n.title = std::move(title);
  n.description = std::move(description);
  n.disciplines = std::move(disciplines);
  n.region_code = std::move(region);
  return n;
}

Talent MakeExpert(std::string specialties, std::string title, std::vector<std::string> disciplines,
                  std::string region) {
  Talent t;
  t.specialties = std::move(specialties);
  t.title = std::move(title);
  t.disciplines = std::move(disciplines);
  t.region_code = std::move(region);
  return t;
}

const huicai::ScorePart& Part(const ScoredPair& pair, const std::string& name) {
  for (const auto& part : pair.parts) {
    if (part.name == name) return part;
  }
  BOOST_FAIL("no part named " + name);
  return pair.parts.front();
}

// Scores need 0 against every expert in order.
std::vector<ScoredPair> ScoreAll(const std::vector<Need>& needs, const std::vector<Talent>& experts,
                                 const ScoringWeights& weights = {}) {
  CandidateSet set{0, {}};
  for (std::size_t i = 0; i < experts.size(); ++i) set.expert_indices.push_back(i);
  const std::vector<CandidateSet> sets{set};
  auto result = ScorePairs(needs, experts, sets, weights);
  BOOST_REQUIRE_MESSAGE(result.has_value(), result.status().ToString());
  BOOST_REQUIRE_EQUAL(result->size(), experts.size());
  return std::move(result).value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(score)

BOOST_AUTO_TEST_CASE(prefers_same_discipline_region_and_shared_text) {
  const std::vector<Need> needs{
      MakeNeed("苹果园病虫害防治", "果树病虫害绿色防控技术指导", {"21030"}, "371324")};
  const std::vector<Talent> experts{
      MakeExpert("机械设计 数控加工", "教授", {"460"}, "110108"),       // nothing shared
      MakeExpert("果树病虫害绿色防控", "研究员", {"21030"}, "371324"),  // all shared
      MakeExpert("果树栽培", "副研究员", {"21050"}, "370102"),          // partly shared
  };
  const auto pairs = ScoreAll(needs, experts);
  BOOST_TEST(pairs[1].score > pairs[2].score);
  BOOST_TEST(pairs[2].score > pairs[0].score);
  BOOST_TEST(pairs[0].score == 0.0);
  BOOST_TEST(Part(pairs[1], "text").detail.find("病虫") != std::string::npos);
  BOOST_TEST(Part(pairs[1], "discipline").detail == "same discipline 21030");
  BOOST_TEST(Part(pairs[1], "region").detail == "same county 371324");
  BOOST_TEST(Part(pairs[2], "discipline").detail == "same first-level discipline 210");
  BOOST_TEST(Part(pairs[2], "region").detail == "same province 370000");
  BOOST_TEST(Part(pairs[0], "text").detail == "no shared terms");
}

BOOST_AUTO_TEST_CASE(parts_sum_to_the_score_within_zero_and_one) {
  const std::vector<Need> needs{
      MakeNeed("Smart farming GIS", "土壤 检测 与 GIS 制图", {"210"}, "371302")};
  const std::vector<Talent> experts{
      MakeExpert("gis 遥感 制图", "研究员", {"21010"}, "371302"),
      MakeExpert("土壤检测", "教授", {"210"}, "371311"),
      MakeExpert("", "", {}, ""),
  };
  const ScoringWeights weights{2.0, 1.0, 1.0};  // not summing to 1: the score is normalised
  for (const auto& pair : ScoreAll(needs, experts, weights)) {
    BOOST_REQUIRE_EQUAL(pair.parts.size(), 3u);
    double sum = 0;
    for (const auto& part : pair.parts) sum += part.value;
    BOOST_TEST(sum == pair.score, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(pair.score >= 0.0);
    BOOST_TEST(pair.score <= 1.0 + 1e-12);
  }
}

BOOST_AUTO_TEST_CASE(values_only_gives_the_same_scores_without_reasons) {
  const std::vector<Need> needs{
      MakeNeed("苹果园病虫害防治", "果树病虫害绿色防控技术指导", {"21030"}, "371324"),
      MakeNeed("Smart farming GIS", "土壤 检测 与 GIS 制图", {"210"}, "371302")};
  const std::vector<Talent> experts{
      MakeExpert("机械设计 数控加工", "教授", {"460"}, "110108"),
      MakeExpert("果树病虫害绿色防控", "研究员", {"21030"}, "371324"),
      MakeExpert("gis 遥感 制图 土壤", "副研究员", {"21050"}, "370102"),
  };
  const std::vector<CandidateSet> sets{{0, {0, 1, 2}}, {1, {2, 1}}};
  auto full = ScorePairs(needs, experts, sets, {}, huicai::matcher::ScoreDetail::kReasons);
  auto lean = ScorePairs(needs, experts, sets, {}, huicai::matcher::ScoreDetail::kValuesOnly);
  BOOST_REQUIRE(full.has_value() && lean.has_value());
  BOOST_REQUIRE_EQUAL(full->size(), lean->size());
  for (std::size_t i = 0; i < full->size(); ++i) {
    BOOST_TEST((*full)[i].need_index == (*lean)[i].need_index);
    BOOST_TEST((*full)[i].expert_index == (*lean)[i].expert_index);
    BOOST_TEST((*full)[i].score == (*lean)[i].score);  // bit for bit
    BOOST_TEST((*full)[i].parts.size() == 3u);
    BOOST_TEST((*lean)[i].parts.empty());
  }
}

BOOST_AUTO_TEST_CASE(identical_text_has_full_text_similarity_and_latin_is_case_blind) {
  const std::vector<Need> needs{MakeNeed("GIS 制图", "", {}, "")};
  const std::vector<Talent> experts{MakeExpert("gis", "制图", {}, ""),
                                    MakeExpert("园艺", "", {}, "")};
  const auto pairs = ScoreAll(needs, experts, ScoringWeights{1.0, 0.0, 0.0});
  BOOST_TEST(pairs[0].score == 1.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(pairs[1].score == 0.0);
}

BOOST_AUTO_TEST_CASE(rare_shared_terms_count_more_than_common_ones) {
  // "技术" is in every expert, "嫁接" only in one: sharing the rare term scores higher.
  const std::vector<Need> needs{MakeNeed("嫁接技术", "", {}, "")};
  const std::vector<Talent> experts{MakeExpert("嫁接", "", {}, ""), MakeExpert("技术", "", {}, ""),
                                    MakeExpert("技术 推广", "", {}, ""),
                                    MakeExpert("技术 服务", "", {}, "")};
  const auto pairs = ScoreAll(needs, experts, ScoringWeights{1.0, 0.0, 0.0});
  BOOST_TEST(pairs[0].score > pairs[1].score);
}

BOOST_AUTO_TEST_CASE(region_levels_follow_the_code_hierarchy) {
  const std::vector<Need> needs{MakeNeed("", "", {}, "371324")};
  const std::vector<Talent> experts{
      MakeExpert("", "", {}, "371324"), MakeExpert("", "", {}, "371302"),
      MakeExpert("", "", {}, "370102"), MakeExpert("", "", {}, "110108"),
      MakeExpert("", "", {}, "37132"),  // not a region code
  };
  const auto pairs = ScoreAll(needs, experts, ScoringWeights{0.0, 0.0, 1.0});
  BOOST_TEST(pairs[0].score == 1.0);
  BOOST_TEST(pairs[1].score == 0.6);
  BOOST_TEST(pairs[2].score == 0.3);
  BOOST_TEST(pairs[3].score == 0.0);
  BOOST_TEST(pairs[4].score == 0.0);
}

BOOST_AUTO_TEST_CASE(discipline_takes_the_best_matching_code) {
  const std::vector<Need> needs{MakeNeed("", "", {"21030", "630"}, "")};
  const std::vector<Talent> experts{
      MakeExpert("", "", {"110", "63010", "21030"}, ""),  // exact on 21030
      MakeExpert("", "", {"63020"}, ""),                  // first level 630
      MakeExpert("", "", {"410"}, ""),
  };
  const auto pairs = ScoreAll(needs, experts, ScoringWeights{0.0, 1.0, 0.0});
  BOOST_TEST(pairs[0].score == 1.0);
  BOOST_TEST(pairs[1].score == 0.7);
  BOOST_TEST(pairs[2].score == 0.0);
  BOOST_TEST(Part(pairs[2], "discipline").detail == "no shared discipline");
}

BOOST_AUTO_TEST_CASE(scores_each_candidate_once_in_the_order_given) {
  const std::vector<Need> needs{MakeNeed("a", "", {}, ""), MakeNeed("b", "", {}, "")};
  const std::vector<Talent> experts{MakeExpert("a", "", {}, ""), MakeExpert("b", "", {}, "")};
  const std::vector<CandidateSet> sets{{1, {1, 0, 1}}, {0, {}}, {0, {0}}};
  auto result = ScorePairs(needs, experts, sets, {});
  BOOST_REQUIRE(result.has_value());
  BOOST_REQUIRE_EQUAL(result->size(), 3u);
  BOOST_TEST((*result)[0].need_index == 1u);
  BOOST_TEST((*result)[0].expert_index == 1u);
  BOOST_TEST((*result)[1].expert_index == 0u);
  BOOST_TEST((*result)[2].need_index == 0u);
  BOOST_TEST((*result)[0].score > (*result)[1].score);
}

BOOST_AUTO_TEST_CASE(rejects_out_of_range_expert_index) {
  const std::vector<Need> needs{MakeNeed("a", "", {}, "")};
  const std::vector<Talent> experts{MakeExpert("a", "", {}, "")};
  const std::vector<CandidateSet> sets{{0, {0, 1}}};
  auto result = ScorePairs(needs, experts, sets, {});
  BOOST_REQUIRE(!result.has_value());
  BOOST_TEST((result.error().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(result.error().message().find("expert index 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_out_of_range_need_index) {
  const std::vector<Need> needs{MakeNeed("a", "", {}, "")};
  const std::vector<Talent> experts{MakeExpert("a", "", {}, "")};
  const std::vector<CandidateSet> sets{{3, {0}}};
  auto result = ScorePairs(needs, experts, sets, {});
  BOOST_REQUIRE(!result.has_value());
  BOOST_TEST((result.error().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(result.error().message().find("need index 3") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_negative_or_all_zero_weights) {
  const std::vector<Need> needs{MakeNeed("a", "", {}, "")};
  const std::vector<Talent> experts{MakeExpert("a", "", {}, "")};
  const std::vector<CandidateSet> sets{{0, {0}}};
  auto negative = ScorePairs(needs, experts, sets, ScoringWeights{-0.1, 1.0, 0.0});
  BOOST_REQUIRE(!negative.has_value());
  BOOST_TEST((negative.error().code() == StatusCode::kInvalidArgument));
  auto zero = ScorePairs(needs, experts, sets, ScoringWeights{0.0, 0.0, 0.0});
  BOOST_REQUIRE(!zero.has_value());
  BOOST_TEST((zero.error().code() == StatusCode::kInvalidArgument));
}

BOOST_AUTO_TEST_SUITE_END()
