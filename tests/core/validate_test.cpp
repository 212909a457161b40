#include "core/validate.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/support/print.h"

namespace huicai {
namespace {

bool Accepts(const Result<std::string>& r) { return r.ok(); }

std::string Value(const Result<std::string>& r) {
  return r.ok() ? *r : "<rejected: " + r.error().message() + ">";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(validate)

BOOST_AUTO_TEST_CASE(credit_code_accepts_valid_and_lowercase) {
  BOOST_TEST(Value(NormaliseCreditCode("91371300MA3C4P8X0M")) == "91371300MA3C4P8X0M");
  BOOST_TEST(Value(NormaliseCreditCode(" 91371300ma3c4p8x0m ")) == "91371300MA3C4P8X0M");
  BOOST_TEST(Value(NormaliseCreditCode("12370000495570412R")) == "12370000495570412R");
}

BOOST_AUTO_TEST_CASE(credit_code_rejects_bad_check_length_and_letters) {
  const auto bad_check = NormaliseCreditCode("91371300MA3C4P8X0N");
  BOOST_REQUIRE(!bad_check.ok());
  BOOST_TEST(bad_check.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(bad_check.error().message() == "credit code check character is N but should be M");
  BOOST_TEST(!Accepts(NormaliseCreditCode("91371300MA3C4P8X0")));
  // I, O, Z, S, V are not GB 32100 characters.
  const auto letter_o = NormaliseCreditCode("91371300MO3C4P8X0M");
  BOOST_REQUIRE(!letter_o.ok());
  BOOST_TEST(letter_o.error().message().find("'O' at position 10") != std::string::npos);
  BOOST_TEST(!Accepts(NormaliseCreditCode("")));
}

BOOST_AUTO_TEST_CASE(credit_code_detects_every_single_substitution) {
  const std::string valid = "91371300MA3C4P8X0M";
  const std::string chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (size_t pos = 0; pos < valid.size(); ++pos) {
    for (char c : chars) {
      if (c == valid[pos]) continue;
      std::string changed = valid;
      changed[pos] = c;
      BOOST_TEST(!Accepts(NormaliseCreditCode(changed)), "accepted " << changed);
    }
  }
}

BOOST_AUTO_TEST_CASE(bank_card_luhn) {
  BOOST_TEST(Value(NormaliseBankCard("6222 0212 3456 7890 128")) == "6222021234567890128");
  BOOST_TEST(Value(NormaliseBankCard("4111-1111-1111-1111")) == "4111111111111111");
  BOOST_TEST(!Accepts(NormaliseBankCard("6222021234567890127")));
  BOOST_TEST(!Accepts(NormaliseBankCard("6222021234567890218")));  // two digits swapped
  const auto short_card = NormaliseBankCard("411111111111111");
  BOOST_REQUIRE(!short_card.ok());
  BOOST_TEST(short_card.error().message() == "bank card must have 16 to 19 digits, got 15");
  BOOST_TEST(!Accepts(NormaliseBankCard("4111 1111 1111 111a")));
}

BOOST_AUTO_TEST_CASE(mobile_accepts_prefixes_and_separators) {
  BOOST_TEST(Value(NormaliseMobile("13812341234")) == "13812341234");
  BOOST_TEST(Value(NormaliseMobile("+86 138-1234-1234")) == "13812341234");
  BOOST_TEST(Value(NormaliseMobile("8613812341234")) == "13812341234");
  BOOST_TEST(Value(NormaliseMobile("０１３８")) != "0138");
  BOOST_TEST(Value(NormaliseMobile("１９９１２３４５６７８")) == "19912345678");
}

BOOST_AUTO_TEST_CASE(mobile_rejects_wrong_prefix_and_length) {
  BOOST_TEST(!Accepts(NormaliseMobile("12812341234")));
  BOOST_TEST(!Accepts(NormaliseMobile("1381234123")));
  BOOST_TEST(!Accepts(NormaliseMobile("138123412345")));
  BOOST_TEST(!Accepts(NormaliseMobile("0539-8123456")));  // landline
  BOOST_TEST(!Accepts(NormaliseMobile("")));
}

BOOST_AUTO_TEST_CASE(names_chinese_and_minority_with_dot) {
  BOOST_TEST(Value(NormalisePersonName(" 张三 ")) == "张三");
  BOOST_TEST(Value(NormalisePersonName("阿沛·阿旺晋美")) == "阿沛·阿旺晋美");
  // Look-alike dots become U+00B7.
  BOOST_TEST(Value(NormalisePersonName("阿沛・阿旺晋美")) == "阿沛·阿旺晋美");
  BOOST_TEST(Value(NormalisePersonName("阿沛•阿旺晋美")) == "阿沛·阿旺晋美");
  BOOST_TEST(Value(NormalisePersonName("阿沛‧阿旺晋美")) == "阿沛·阿旺晋美");
  BOOST_TEST(Value(NormalisePersonName("阿沛･阿旺晋美")) == "阿沛·阿旺晋美");
  BOOST_TEST(Value(NormalisePersonName("阿沛.阿旺晋美")) == "阿沛·阿旺晋美");
  BOOST_TEST(!Accepts(NormalisePersonName("张")));
  BOOST_TEST(!Accepts(NormalisePersonName("·阿沛")));
  BOOST_TEST(!Accepts(NormalisePersonName("阿沛··阿旺")));
  BOOST_TEST(!Accepts(NormalisePersonName("张三丰张三丰张三丰张三丰张三丰张三丰张三丰")));  // 21
}

BOOST_AUTO_TEST_CASE(names_latin_for_foreign_experts) {
  BOOST_TEST(Value(NormalisePersonName("Jean-Luc O'Neil")) == "Jean-Luc O'Neil");
  BOOST_TEST(Value(NormalisePersonName("José  Müller")) == "José Müller");
  BOOST_TEST(Value(NormalisePersonName("Anne O\u2019Brien")) == "Anne O'Brien");
  BOOST_TEST(Value(NormalisePersonName("J. R. Smith")) == "J. R. Smith");
}

BOOST_AUTO_TEST_CASE(names_reject_hostile_strings) {
  for (const char* hostile :
       {"Robert'); DROP TABLE students;--", "admin'--", "x' OR '1'='1", "张三; DELETE FROM person",
        "<script>alert(1)</script>", "Li3", "张\n三", "Tom\tJones", "", "   ", "Zhang San张三",
        "'Neil", "O'", "--", "李四%"}) {
    BOOST_TEST(!Accepts(NormalisePersonName(hostile)), "accepted " << hostile);
  }
  const auto semicolon = NormalisePersonName("Smith;");
  BOOST_REQUIRE(!semicolon.ok());
  BOOST_TEST(semicolon.error().message().find("';' (U+003B)") != std::string::npos);
  BOOST_TEST(!Accepts(NormalisePersonName("\xC0\xAF")));  // invalid UTF-8
}

BOOST_AUTO_TEST_CASE(region_code_must_have_been_issued) {
  BOOST_TEST(Value(NormaliseRegionCode("371324")) == "371324");
  BOOST_TEST(Value(NormaliseRegionCode("110103")) == "110103");  // abolished, kept as given
  BOOST_TEST(!Accepts(NormaliseRegionCode("999999")));
  BOOST_TEST(!Accepts(NormaliseRegionCode("37132")));
}

BOOST_AUTO_TEST_CASE(gender_codes_and_words) {
  BOOST_TEST((ParseGender("1").value() == Gender::kMale));
  BOOST_TEST((ParseGender("男").value() == Gender::kMale));
  BOOST_TEST((ParseGender("m").value() == Gender::kMale));
  BOOST_TEST((ParseGender("F").value() == Gender::kFemale));
  BOOST_TEST((ParseGender("2").value() == Gender::kFemale));
  BOOST_TEST((ParseGender("0").value() == Gender::kUnknown));
  BOOST_TEST((ParseGender("9").value() == Gender::kNotStated));
  BOOST_TEST(!ParseGender("3").ok());
  BOOST_TEST(!ParseGender("").ok());
}

BOOST_AUTO_TEST_CASE(check_field_maps_rules_to_reason_codes) {
  const auto id = CheckField("id_number", "37130219900307123x");
  BOOST_TEST(id.ok());
  BOOST_TEST(id.value == "37130219900307123X");
  BOOST_TEST(CheckField("id_number", "37130219900307123Y").reason_code == "bad_id_characters");
  BOOST_TEST(CheckField("id_number", "3713021990030712").reason_code == "bad_id_length");
  BOOST_TEST(CheckField("id_number", "999999199003071256").reason_code == "bad_id_region");
  BOOST_TEST(CheckField("id_number", "371302199002301230").reason_code == "bad_id_birth_date");
  const auto bad_check = CheckField("id_number", "371302199003071257");
  BOOST_TEST(bad_check.reason_code == "bad_id_check");
  BOOST_TEST(bad_check.value == "371302199003071257");  // the input, kept for quarantine
  BOOST_TEST(!bad_check.message.empty());
  BOOST_TEST(CheckField("credit_code", "91371300MA3C4P8X0N").reason_code == "bad_credit_code");
  BOOST_TEST(CheckField("bank_card", "4111111111111112").reason_code == "bad_bank_card");
  BOOST_TEST(CheckField("mobile", "123").reason_code == "bad_mobile");
  BOOST_TEST(CheckField("name", "a;b").reason_code == "bad_name");
  BOOST_TEST(CheckField("region", "999999").reason_code == "bad_region");
  BOOST_TEST(CheckField("gender", "x").reason_code == "bad_gender");
  BOOST_TEST(CheckField("gender", "女").value == "2");
  BOOST_TEST(CheckField("required", " \xE3\x80\x80").reason_code == "missing_field");
  BOOST_TEST(CheckField("required", " v ").value == "v");
  BOOST_TEST(CheckField("mobile", "+86 13812341234").value == "13812341234");
  BOOST_TEST(CheckField("no_such_rule", "v").reason_code == "unknown_rule");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace huicai
