#include "core/id_number.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/support/print.h"

namespace huicai {
namespace {

constexpr std::string_view kValid = "371302199003071256";  // Linyi 兰山区, 1990-03-07, male

std::string FailedCheck(std::string_view raw) { return ValidateIdNumber(raw).failed_check; }

std::string Message(std::string_view raw) {
  const auto r = ParseIdNumber(raw);
  return r.ok() ? std::string("<accepted>") : r.error().message();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(id_number)

BOOST_AUTO_TEST_CASE(accepts_valid_number_and_reads_its_parts) {
  const auto r = ParseIdNumber(kValid);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->number == std::string(kValid));
  BOOST_TEST(r->region_code == "371302");
  BOOST_TEST(FormatDate(r->birth_date) == "1990-03-07");
  BOOST_TEST(r->gender == Gender::kMale);  // sequence 125: odd
  BOOST_TEST(!r->upgraded_from_15);
  BOOST_TEST(!r->permanent_residence_card);
}

BOOST_AUTO_TEST_CASE(check_character_follows_iso_7064_mod_11_2) {
  BOOST_TEST(IdCheckCharacter("37130219900307123") == 'X');
  BOOST_TEST(IdCheckCharacter("37130219900307125") == '6');
  BOOST_TEST(IdCheckCharacter("11010319650101123") == '2');
}

BOOST_AUTO_TEST_CASE(every_single_character_change_is_rejected) {
  const std::string valid(kValid);
  const std::string alphabet = "0123456789X";
  int tried = 0;
  for (size_t pos = 0; pos < valid.size(); ++pos) {
    for (char c : alphabet) {
      if (c == valid[pos]) continue;
      std::string changed = valid;
      changed[pos] = c;
      ++tried;
      BOOST_TEST(!ParseIdNumber(changed).ok(), "accepted " << changed);
    }
  }
  BOOST_TEST(tried == 18 * 10);
}

BOOST_AUTO_TEST_CASE(rejects_id_with_bad_check_char) {
  BOOST_TEST(FailedCheck("371302199003071257") == "check_char");
  BOOST_TEST(Message("371302199003071257") == "check character is 7 but should be 6");
}

BOOST_AUTO_TEST_CASE(accepts_lowercase_x_and_full_width_with_spaces) {
  const auto lower = ParseIdNumber("37130219900307123x");
  BOOST_REQUIRE(lower.ok());
  BOOST_TEST(lower->number == "37130219900307123X");
  BOOST_TEST(lower->gender == Gender::kMale);
  // Full-width digits and X, ideographic and non-breaking spaces around.
  const auto wide = ParseIdNumber("\xE3\x80\x80３７１３０２１９９００３０７１２３Ｘ\xC2\xA0 ");
  BOOST_REQUIRE(wide.ok());
  BOOST_TEST(wide->number == "37130219900307123X");
}

BOOST_AUTO_TEST_CASE(upgrades_15_digit_numbers) {
  const auto r = ParseIdNumber("371302800101123");
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->number == "371302198001011239");
  BOOST_TEST(r->upgraded_from_15);
  BOOST_TEST(FormatDate(r->birth_date) == "1980-01-01");
  BOOST_TEST(r->gender == Gender::kMale);
  BOOST_TEST(FailedCheck("371302800231123") == "birth_date");
}

BOOST_AUTO_TEST_CASE(reports_checks_in_order) {
  BOOST_TEST(FailedCheck("37130219900307125A") == "characters");
  BOOST_TEST(FailedCheck("3713021990030712X6") == "characters");  // X not last
  BOOST_TEST(FailedCheck("37130219900307125") == "length");
  BOOST_TEST(Message("37130219900307125") ==
             "must be 18 characters (or 15 for old numbers), got 17");
  BOOST_TEST(FailedCheck("") == "length");
  BOOST_TEST(FailedCheck("123456199003071256") == "region");
  BOOST_TEST(Message("123456199003071256") == "region code 123456 was never issued (GB/T 2260)");
  // A bad date and a bad check char: the date is reported, it comes first.
  BOOST_TEST(FailedCheck("371302198002310000") == "birth_date");
  BOOST_TEST(Message("371302198002310000") == "birth date 19800231 is not a real date");
}

BOOST_AUTO_TEST_CASE(rejects_future_and_pre_1890_birth_dates) {
  BOOST_TEST(FailedCheck("371302209901011230") == "birth_date");
  BOOST_TEST(Message("371302209901011230").find("in the future") != std::string::npos);
  BOOST_TEST(FailedCheck("371302188912311230") == "birth_date");
}

BOOST_AUTO_TEST_CASE(accepts_abolished_region_codes) {
  // 110103 崇文区 was merged into 东城区 in 2010; IDs issued before keep it.
  const auto r = ParseIdNumber("110103196501011232");
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->region_code == "110103");
}

BOOST_AUTO_TEST_CASE(accepts_2023_permanent_residence_card) {
  // 9, issuing province 37 (Shandong), nationality 840 (United States).
  const auto r = ParseIdNumber("937840198506120014");
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->permanent_residence_card);
  BOOST_TEST(FormatDate(r->birth_date) == "1985-06-12");
  BOOST_TEST(r->gender == Gender::kMale);
  // Province 99 does not exist.
  BOOST_TEST(FailedCheck("999840198506120014") == "region");
  BOOST_TEST(FailedCheck("937000198506120014") == "region");  // no nationality 000
  BOOST_TEST(FailedCheck("937840198506120015") == "check_char");
}

BOOST_AUTO_TEST_CASE(female_from_even_sequence_digit) {
  const auto r = ParseIdNumber("371324198808080022");
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->gender == Gender::kFemale);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace huicai
