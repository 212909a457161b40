#include <boost/test/unit_test.hpp>

#include "connectors/internal/names.h"
#include "connectors/internal/transforms.h"

namespace ci = huicai::connectors::internal;

namespace {

std::string Apply(std::string_view transform, std::string_view value) {
  ci::CodeTables tables{{"degree", {{"1", "doctor"}}}};
  ci::TransformResult result = ci::ApplyTransform(transform, value, tables);
  return result.reason_code.empty() ? result.value : "!" + result.reason_code;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(internal_transforms)

BOOST_AUTO_TEST_CASE(partner_date_forms_become_iso_dates) {
  BOOST_TEST(Apply("date:slash", "1980/1/5") == "1980-01-05");
  BOOST_TEST(Apply("date:yyyymmdd", "20240229") == "2024-02-29");
  BOOST_TEST(Apply("date:cn", "2019年3月5日") == "2019-03-05");
  BOOST_TEST(Apply("date:iso", "2023-07-01 08:30:00") == "2023-07-01");
  BOOST_TEST(Apply("date:yyyymm", "201903") == "2019-03");
  // 2024-01-01T00:00:00+08:00 is 2023-12-31T16:00:00Z.
  BOOST_TEST(Apply("date:epoch", "1704038400") == "2024-01-01");
  BOOST_TEST(Apply("date:epoch", "1704038399") == "2023-12-31");
}

BOOST_AUTO_TEST_CASE(impossible_or_malformed_dates_are_bad_date) {
  BOOST_TEST(Apply("date:slash", "1980/2/30") == "!bad_date");
  BOOST_TEST(Apply("date:yyyymmdd", "20230229") == "!bad_date");
  BOOST_TEST(Apply("date:yyyymmdd", "2023011") == "!bad_date");
  BOOST_TEST(Apply("date:cn", "2019年13月5日") == "!bad_date");
  BOOST_TEST(Apply("date:iso", "2023-07-01x") == "!bad_date");
  BOOST_TEST(Apply("date:yyyymm", "201900") == "!bad_date");
  BOOST_TEST(Apply("date:epoch", "12ab") == "!bad_date");
}

BOOST_AUTO_TEST_CASE(codes_lists_and_width_are_normalised) {
  BOOST_TEST(Apply("code:degree", "1") == "doctor");
  BOOST_TEST(Apply("code:degree", "7") == "!bad_code");
  BOOST_TEST(Apply("list", " 210；21020,, 520 ") == "210;21020;520");
  BOOST_TEST(Apply("halfwidth", "３７０１０２") == "370102");
  BOOST_TEST(Apply("upper", "3701x") == "3701X");
}

BOOST_AUTO_TEST_CASE(source_keys_escape_the_separator) {
  const std::vector<std::string> parts = {"a|b", "c\\d", ""};
  const std::string joined = ci::JoinKey(parts);
  BOOST_TEST(joined == "a\\|b|c\\\\d|");
  BOOST_TEST(ci::SplitKey(joined) == parts);
}

BOOST_AUTO_TEST_CASE(only_plain_identifiers_are_accepted) {
  BOOST_TEST(ci::IsIdentifier("RK_PERSON"));
  BOOST_TEST(!ci::IsIdentifier("person; DROP TABLE x"));
  BOOST_TEST(!ci::IsIdentifier("1abc"));
  BOOST_TEST(!ci::IsIdentifier("a\"b"));
  BOOST_TEST(!ci::IsIdentifier(""));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(traditional_chinese_becomes_simplified_and_day_numbers_become_dates) {
  const ci::CodeTables none;
  BOOST_TEST(ci::IsKnownTransform("t2s", none));
  BOOST_TEST(ci::ApplyTransform("t2s", "陳偉 臨沂市蘭陵縣", none).value == "陈伟 临沂市兰陵县");
  BOOST_TEST(ci::ApplyTransform("t2s", "果树栽培", none).value == "果树栽培");
  BOOST_TEST(ci::ApplyTransform("date:days", "0", none).value == "1970-01-01");
  BOOST_TEST(ci::ApplyTransform("date:days", "20781", none).value == "2026-11-24");
  BOOST_TEST(ci::ApplyTransform("date:days", "-1", none).value == "1969-12-31");
  BOOST_TEST(ci::ApplyTransform("date:days", "20000101", none).reason_code == "bad_date");
  BOOST_TEST(ci::ApplyTransform("date:days", "x", none).reason_code == "bad_date");
}
