#include "core/mask.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/support/print.h"

namespace huicai {

BOOST_AUTO_TEST_SUITE(mask)

BOOST_AUTO_TEST_CASE(default_patterns_give_the_documented_outputs) {
  BOOST_TEST(MaskIdNumber("371302198001011239") == "371302********1239");
  BOOST_TEST(MaskMobile("13812341234") == "138****1234");
  BOOST_TEST(MaskBankCard("6222021234561234") == "************1234");
  BOOST_TEST(MaskName("张三") == "张*");
  BOOST_TEST(MaskName("欧阳修文") == "欧***");
  BOOST_TEST(MaskName("张三丰") == "张**");
}

BOOST_AUTO_TEST_CASE(separators_do_not_leak_digits) {
  BOOST_TEST(MaskMobile(" 138-1234 1234 ") == "138****1234");
  BOOST_TEST(MaskBankCard("6222 0212 3456 1234") == "************1234");
}

BOOST_AUTO_TEST_CASE(short_values_are_never_shown_whole) {
  BOOST_TEST(MaskName("张") == "*");
  BOOST_TEST(MaskMobile("1234") == "12**");
  BOOST_TEST(MaskBankCard("1234") == "**34");
  BOOST_TEST(MaskIdNumber("") == "");
}

BOOST_AUTO_TEST_CASE(patterns_are_configurable) {
  MaskPatterns p;
  p.bank_card = MaskPattern{6, 4, U'#'};
  p.name = MaskPattern{0, 1, U'某'};
  BOOST_TEST(MaskBankCard("6222021234561234", p) == "622202######1234");
  BOOST_TEST(MaskName("张三丰", p) == "某某丰");
}

BOOST_AUTO_TEST_CASE(parses_mask_pattern_syntax) {
  const auto p = ParseMaskPattern("6+4");
  BOOST_REQUIRE(p.ok());
  BOOST_TEST(p->keep_head == 6);
  BOOST_TEST(p->keep_tail == 4);
  BOOST_TEST((p->fill == U'*'));
  const auto q = ParseMaskPattern(" 1 + 0 : × ");
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(q->keep_head == 1);
  BOOST_TEST(q->keep_tail == 0);
  BOOST_TEST((q->fill == U'×'));
  for (const char* bad : {"", "6", "6+", "+4", "-1+4", "6+4:", "6+4:ab", "a+b", "65+0"}) {
    const auto r = ParseMaskPattern(bad);
    BOOST_TEST(!r.ok(), "accepted " << bad);
    if (!r.ok()) BOOST_TEST(r.error().code() == StatusCode::kInvalidArgument);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace huicai

BOOST_AUTO_TEST_CASE(free_text_has_identifiers_masked_and_the_rest_kept) {
  using huicai::MaskSensitive;
  BOOST_TEST(MaskSensitive("tax row 37130219800101123X|2025: bad_id_check") ==
             "tax row 371302********123X|2025: bad_id_check");
  BOOST_TEST(MaskSensitive("bank row 6222028567380233049 refused") ==
             "bank row ***************3049 refused");
  BOOST_TEST(MaskSensitive("call 13812345678 now") == "call 138****5678 now");
  BOOST_TEST(MaskSensitive("old id 371302800101123.") == "old id 371302*****1123.");
  BOOST_TEST(MaskSensitive("Key (id_number)=(110105194912310021) already exists") ==
             "Key (id_number)=(110105********0021) already exists");
  // Dates, region codes, counts, sequence numbers and tokens with letters stay as they are.
  const std::string plain = "2026-11-24 371324 seq 4096 birth 19831232 card v2 ABC123456789012345";
  BOOST_TEST(MaskSensitive(plain) == plain);
}
