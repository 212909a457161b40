#include "core/text.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace huicai {

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(trim_removes_ascii_nbsp_ideographic_space_and_bom) {
  BOOST_TEST(Trim(" \t\r\n张三\n") == "张三");
  BOOST_TEST(Trim("\xC2\xA0\xE3\x80\x80张 三\xEF\xBB\xBF") == "张 三");
  BOOST_TEST(Trim("\xE3\x80\x80") == "");
  BOOST_TEST(Trim("") == "");
}

BOOST_AUTO_TEST_CASE(full_width_folds_to_ascii) {
  BOOST_TEST(FullWidthToHalfWidth("１２３ＡＢｘ！\xE3\x80\x80中") == "123ABx! 中");
}

BOOST_AUTO_TEST_CASE(utf8_validity_rejects_overlongs_surrogates_and_truncation) {
  BOOST_TEST(IsValidUtf8("阿沛·阿旺晋美 Jean"));
  BOOST_TEST(IsValidUtf8("\xF0\xA0\x80\x80"));  // U+20000, extension B
  BOOST_TEST(!IsValidUtf8("\xC0\xAF"));         // overlong '/'
  BOOST_TEST(!IsValidUtf8("\xED\xA0\x80"));     // surrogate
  BOOST_TEST(!IsValidUtf8("\xE4\xB8"));         // truncated
  BOOST_TEST(!IsValidUtf8("\xFF"));
}

BOOST_AUTO_TEST_CASE(split_code_points_and_han) {
  const std::vector<std::string> expected = {"张", "a", "·", "\xF0\xA0\x80\x80"};
  BOOST_TEST(SplitCodePoints("张a·\xF0\xA0\x80\x80") == expected);
  BOOST_TEST(IsHan(U'张'));
  BOOST_TEST(IsHan(0x20000));
  BOOST_TEST(!IsHan(U'a'));
  BOOST_TEST(!IsHan(0x00B7));
  BOOST_TEST(!IsHan(0x3001));  // 、
}

BOOST_AUTO_TEST_CASE(split_keeps_empty_fields) {
  const std::vector<std::string> expected = {"a", "", "b", ""};
  BOOST_TEST(Split("a,,b,", ',') == expected);
  BOOST_TEST(Split("", ',').size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace huicai

BOOST_AUTO_TEST_CASE(csv_cells_are_quoted_only_when_needed) {
  BOOST_TEST(huicai::CsvCell("police:R3700") == "police:R3700");
  BOOST_TEST(huicai::CsvCell("a,b") == "\"a,b\"");
  BOOST_TEST(huicai::CsvCell("王伟'); DROP TABLE person;--") == "王伟'); DROP TABLE person;--");
  BOOST_TEST(huicai::CsvCell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  BOOST_TEST(huicai::CsvCell("two\nlines") == "\"two\nlines\"");
}

BOOST_AUTO_TEST_CASE(lower_hex_writes_two_digits_per_byte) {
  BOOST_TEST(huicai::LowerHex(std::string("\x0f\xa0\x00\xff", 4)) == "0fa000ff");
  BOOST_TEST(huicai::LowerHex("") == "");
}
