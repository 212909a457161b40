// Field prefixes typed into a search box, in Chinese and English.
#include "hub/query_syntax.h"

#include <boost/test/unit_test.hpp>

namespace huicai::hub {
namespace {

BOOST_AUTO_TEST_SUITE(query_syntax)

BOOST_AUTO_TEST_CASE(chinese_and_english_prefixes_become_filters) {
  auto q = ParseQueryFields("果树 地区:临沂 等级:b 学科:210 病虫害");
  BOOST_REQUIRE(q.has_value());
  BOOST_TEST(q->text == "果树 病虫害");
  BOOST_TEST(q->region == "临沂");
  BOOST_TEST((q->tier == TalentTier::kB));
  BOOST_TEST(q->discipline == "210");
  BOOST_TEST(q->kind.empty());
  auto en = ParseQueryFields("region:3713 Tier:A cardiology kind:talent");
  BOOST_REQUIRE(en.has_value());
  BOOST_TEST(en->text == "cardiology");
  BOOST_TEST(en->region == "3713");
  BOOST_TEST((en->tier == TalentTier::kA));
  BOOST_TEST(en->kind == "talent");
}

BOOST_AUTO_TEST_CASE(full_width_colons_and_spaces_and_the_policy_kind) {
  auto q = ParseQueryFields("人才驿站\u3000类型：政策\u3000评估");
  BOOST_REQUIRE(q.has_value());
  BOOST_TEST(q->kind == "policy");
  BOOST_TEST(q->text == "人才驿站 评估");
}

BOOST_AUTO_TEST_CASE(words_with_other_colons_stay_text) {
  auto q = ParseQueryFields("http://example.org 时间:2024");
  BOOST_REQUIRE(q.has_value());
  BOOST_TEST(q->text == "http://example.org 时间:2024");
  BOOST_TEST(q->region.empty());
}

BOOST_AUTO_TEST_CASE(malformed_fields_say_which_word) {
  for (const char* bad : {"等级:Z", "学科:农学", "类型:新闻", "地区:", "地区:临沂 地区:济南"}) {
    auto q = ParseQueryFields(bad);
    BOOST_REQUIRE_MESSAGE(!q.has_value(), bad);
    BOOST_TEST((q.error().code() == StatusCode::kInvalidArgument));
  }
  BOOST_TEST(ParseQueryFields("等级:Z").error().message().find("等级:Z") != std::string::npos);
  BOOST_TEST(ParseQueryFields("地区:临沂 地区:临沂").has_value());  // the same twice is fine
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace huicai::hub
