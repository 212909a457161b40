#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "matcher/internal/text_terms.h"

using huicai::matcher::internal::TextTerms;
using Terms = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(internal_text_terms)

BOOST_AUTO_TEST_CASE(splits_han_runs_into_overlapping_bigrams) {
  BOOST_TEST(TextTerms("果树病虫") == (Terms{"果树", "树病", "病虫"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(punctuation_and_spaces_break_runs) {
  BOOST_TEST(TextTerms("果树，病虫 害") == (Terms{"果树", "病虫", "害"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(latin_words_are_lower_cased_and_split_from_han) {
  BOOST_TEST(
      TextTerms("GIS制图 Remote-Sensing 5G") == (Terms{"gis", "制图", "remote", "sensing", "5g"}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(malformed_utf8_bytes_separate_terms) {
  const std::string text = std::string("果树") + '\xff' + "病虫";
  BOOST_TEST(TextTerms(text) == (Terms{"果树", "病虫"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(empty_text_gives_no_terms) { BOOST_TEST(TextTerms("  ，。").empty()); }

BOOST_AUTO_TEST_SUITE_END()
