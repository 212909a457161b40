#include <boost/test/unit_test.hpp>

#include "search/internal/text.h"

namespace si = huicai::search::internal;

BOOST_AUTO_TEST_SUITE(internal_text)

BOOST_AUTO_TEST_CASE(splits_cjk_spans_from_latin_words_and_lowercases) {
  const auto tokens = si::SplitText("果树栽培 Apple,病虫害");
  BOOST_TEST_REQUIRE(tokens.size() == 3u);
  BOOST_TEST(tokens[0].cjk);
  BOOST_TEST(tokens[0].chars.size() == 4u);
  BOOST_TEST(!tokens[1].cjk);
  BOOST_TEST(tokens[1].chars.front() == "apple");
  BOOST_TEST(tokens[2].chars.size() == 3u);
}

BOOST_AUTO_TEST_CASE(normalises_region_prefixes_and_rejects_malformed_ones) {
  BOOST_TEST(si::NormaliseRegionPrefix("370000").value() == "37");
  BOOST_TEST(si::NormaliseRegionPrefix("371300").value() == "3713");
  BOOST_TEST(si::NormaliseRegionPrefix("371324").value() == "371324");
  BOOST_TEST(!si::NormaliseRegionPrefix("371").has_value());
  BOOST_TEST(!si::NormaliseRegionPrefix("37a1").has_value());
  const auto terms = si::RegionTerms("371324");
  BOOST_TEST_REQUIRE(terms.size() == 3u);
  BOOST_TEST(terms[0] == "XR37");
  BOOST_TEST(terms[2] == "XR371324");
}

BOOST_AUTO_TEST_CASE(discipline_terms_carry_every_level_above) {
  const auto terms = si::DisciplineTerms("2102010");
  BOOST_TEST_REQUIRE(terms.size() == 3u);
  BOOST_TEST(terms[0] == "XD210");
  BOOST_TEST(terms[1] == "XD21020");
  BOOST_TEST(terms[2] == "XD2102010");
  BOOST_TEST((si::DisciplineTerms("210") == std::vector<std::string>{"XD210"}));
  BOOST_TEST(si::DisciplineTerms("21").empty());
  BOOST_TEST(si::DisciplineTerms("21x").empty());
}

BOOST_AUTO_TEST_CASE(merges_matched_bigrams_back_into_runs) {
  const std::set<std::string> matched = {"果", "果树", "树", "栽培", "栽", "培", "apple"};
  // 树栽 did not match: two runs, not one.
  const auto words = si::ReadableMatches("果树栽培 apple pear", matched);
  BOOST_TEST_REQUIRE(words.size() == 3u);
  BOOST_TEST(words[0] == "果树");
  BOOST_TEST(words[1] == "栽培");
  BOOST_TEST(words[2] == "apple");
  const std::set<std::string> all = {"果树", "树栽", "栽培"};
  BOOST_TEST(si::ReadableMatches("果树栽培", all).front() == "果树栽培");
}

BOOST_AUTO_TEST_CASE(bag_of_terms_uses_bigrams_and_words) {
  const auto terms = si::BagOfTerms("果树栽培 Apple 桃");
  const std::vector<std::string> expected = {"果树", "树栽", "栽培", "apple", "桃"};
  BOOST_TEST(terms == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
