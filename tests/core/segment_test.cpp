#include "core/segment.h"

#include <boost/test/unit_test.hpp>
#include <string>

using huicai::SegmentChineseWords;

BOOST_AUTO_TEST_SUITE(segment)

BOOST_AUTO_TEST_CASE(chinese_runs_split_into_dictionary_words) {
  const std::string words = SegmentChineseWords("每年到基层服务多少天");
  // ICU's dictionary splits the run; each piece is a word it knows, in order.
  BOOST_TEST(words.find(' ') != std::string::npos, words);
  std::string joined;
  for (char c : words) {
    if (c != ' ') joined += c;
  }
  BOOST_TEST(joined == "每年到基层服务多少天");
  BOOST_TEST(words.find("基层") != std::string::npos, words);
  BOOST_TEST(words.find("服务") != std::string::npos, words);
}

BOOST_AUTO_TEST_CASE(latin_digits_and_spacing_pass_through) {
  BOOST_TEST(SegmentChineseWords("CNC machining 2026") == "CNC machining 2026");
  BOOST_TEST(SegmentChineseWords("") == "");
  const std::string mixed = SegmentChineseWords("数控机床CNC维修");
  BOOST_TEST(mixed.find("CNC") != std::string::npos, mixed);
  BOOST_TEST(mixed.find("机床") != std::string::npos, mixed);
  BOOST_TEST(SegmentChineseWords("人才驿站 评估") == "人才 驿站 评估");
}

BOOST_AUTO_TEST_SUITE_END()
