// Field prefixes typed into a search box, in Chinese and English, and search synonyms.
#include "hub/query_syntax.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "hub/synonyms.h"

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

BOOST_AUTO_TEST_CASE(stations_and_bases_are_kinds_in_chinese_and_english) {
  for (const char* typed : {"类型:驿站", "类型:人才驿站", "kind:station"}) {
    auto q = ParseQueryFields(std::string("果树 ") + typed);
    BOOST_REQUIRE(q.has_value());
    BOOST_TEST(q->kind == "station", typed);
    BOOST_TEST(q->text == "果树");
  }
  for (const char* typed : {"类型:基地", "类型:专家服务基地", "kind:base"}) {
    auto q = ParseQueryFields(typed);
    BOOST_REQUIRE(q.has_value());
    BOOST_TEST(q->kind == "base", typed);
  }
  auto bad = ParseQueryFields("类型:车站");
  BOOST_REQUIRE(!bad.has_value());
  BOOST_TEST(bad.error().message().find("驿站/station, 基地/base") != std::string::npos,
             bad.error().message());
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

namespace huicai::hub {
namespace {

SynonymTable Sample(const std::filesystem::path& dir) {
  std::ofstream(dir / "synonyms.txt") << "# test\n大棚 设施农业 温室\n果树 果园  # fruit\n";
  auto table = SynonymTable::Load(dir / "synonyms.txt");
  BOOST_TEST_REQUIRE(table.has_value(), table.status().ToString());
  return std::move(table).value();
}

BOOST_AUTO_TEST_SUITE(synonyms)

BOOST_AUTO_TEST_CASE(a_group_word_searches_for_every_word_of_its_group) {
  const auto dir = std::filesystem::temp_directory_path();
  const SynonymTable table = Sample(dir);
  BOOST_TEST(table.size() == 2u);
  BOOST_TEST(table.Expand("大棚") == "(大棚 OR 设施农业 OR 温室)");
  BOOST_TEST(table.Expand("大棚蔬菜 病虫害") == "(大棚 OR 设施农业 OR 温室) 蔬菜 病虫害");
  BOOST_TEST(table.Expand("苹果果园") == "苹果 (果树 OR 果园)");
  // Phrases, operators and field prefixes are left alone.
  BOOST_TEST(table.Expand("\"大棚 蔬菜\" OR 地区:临沂") == "\"大棚 蔬菜\" OR 地区:临沂");
  BOOST_TEST(table.Expand("cardiology") == "cardiology");
  std::filesystem::remove(dir / "synonyms.txt");
}

BOOST_AUTO_TEST_CASE(a_lone_word_is_a_data_error_naming_its_line) {
  const auto file = std::filesystem::temp_directory_path() / "synonyms_bad.txt";
  std::ofstream(file) << "大棚 设施农业\n温室\n";
  auto table = SynonymTable::Load(file);
  BOOST_REQUIRE(!table.has_value());
  BOOST_TEST((table.error().code() == StatusCode::kDataError));
  BOOST_TEST(table.error().message().find("line 2") != std::string::npos);
  std::filesystem::remove(file);
  BOOST_TEST((SynonymTable::Load(file).status().code() == StatusCode::kNotFound));
}

BOOST_AUTO_TEST_CASE(the_shipped_table_loads) { BOOST_TEST(SynonymTable::Default().size() > 5u); }

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace huicai::hub
