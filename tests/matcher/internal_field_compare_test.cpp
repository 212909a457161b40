// Comparators and blocking keys of caller-described fields (matcher/internal/field_compare.h).
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "matcher/internal/field_compare.h"
#include "matcher/internal/linkage_compare.h"

namespace huicai::matcher {
namespace {

// The level name of comparing a and b with `comparator` ("missing" for kMissing).
std::string Level(Comparator comparator, const std::string& a, const std::string& b,
                  DateFormat format = DateFormat::kYyyymmdd) {
  const std::vector<std::string> ra{a}, rb{b};
  const std::vector<const std::vector<std::string>*> rows{&ra, &rb};
  internal::PreparedColumn column;
  column.spec = {"f", comparator, format};
  const Status status = internal::PrepareColumn(rows, 0, column);
  BOOST_REQUIRE_MESSAGE(status.ok(), status.ToString());
  const std::int8_t level = internal::CompareCells(column, 0, 1);
  return level == internal::kMissing
             ? "missing"
             : std::string(ComparatorLevels(comparator)[static_cast<std::size_t>(level)]);
}

std::string Key(Comparator comparator, const std::string& value, std::string_view key_text,
                DateFormat format = DateFormat::kYyyymmdd) {
  const std::vector<std::string> row{value};
  const std::vector<const std::vector<std::string>*> rows{&row};
  internal::PreparedColumn column;
  column.spec = {"f", comparator, format};
  BOOST_REQUIRE(internal::PrepareColumn(rows, 0, column).ok());
  auto key = ParseBlockKey(std::string("f:") + std::string(key_text));
  BOOST_REQUIRE(key.ok());
  return internal::CellKey(column, *key, 0);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(internal_field_compare)

BOOST_AUTO_TEST_CASE(names_fold_case_accents_word_order_and_chinese) {
  BOOST_TEST(Level(Comparator::kName, "José GARCÍA", "jose garcia") == "exact");
  BOOST_TEST(Level(Comparator::kName, "Garcia Jose", "jose garcia") == "exact");
  BOOST_TEST(Level(Comparator::kName, "王伟", "Wei WANG") == "exact");
  BOOST_TEST(Level(Comparator::kName, "martha", "marhta") == "jaro_winkler>=0.92");
  BOOST_TEST(Level(Comparator::kName, "dixon", "dicksonx") == "jaro_winkler>=0.80");
  BOOST_TEST(Level(Comparator::kName, "michaela", "brandon") == "disagree");
  BOOST_TEST(Level(Comparator::kName, "", "brandon") == "missing");
  BOOST_TEST(Level(Comparator::kName, "  ", "brandon") == "missing");
}

BOOST_AUTO_TEST_CASE(text_compares_token_sets_with_digits_kept) {
  BOOST_TEST(Level(Comparator::kText, "Stanley Street", "street stanley") == "exact");
  BOOST_TEST(Level(Comparator::kText, "12 stanley street", "12 stanley street north") ==
             "jaccard>=0.5");  // 3 shared of 4
  BOOST_TEST(Level(Comparator::kText, "stanley street", "stanley crescent") == "disagree");
  BOOST_TEST(Level(Comparator::kText, "unit 4 stanley street", "unit 5 stanley street") ==
             "jaccard>=0.5");
  // A typo inside a long word still shares the word.
  BOOST_TEST(Level(Comparator::kText, "wentworth avenue", "wentwroth avenue") == "jaccard>=0.8");
  BOOST_TEST(Level(Comparator::kText, "kew road", "kwe road") == "disagree");  // short words: exact
  BOOST_TEST(Level(Comparator::kText, "", "x") == "missing");
}

BOOST_AUTO_TEST_CASE(dates_parse_by_format_and_reuse_the_date_levels) {
  BOOST_TEST(Level(Comparator::kDate, "19151111", "19151111") == "exact");
  BOOST_TEST(Level(Comparator::kDate, "19150311", "19151103") == "swap_day_month");
  BOOST_TEST(Level(Comparator::kDate, "19151111", "19151112") == "one_digit_off");
  BOOST_TEST(Level(Comparator::kDate, "19151111", "19801203") == "disagree");
  BOOST_TEST(Level(Comparator::kDate, "1915111", "19151111") == "missing");  // wrong length
  BOOST_TEST(Level(Comparator::kDate, "03/11/1915", "11/03/1915", DateFormat::kDdMmYyyy) ==
             "swap_day_month");
  BOOST_TEST(Level(Comparator::kDate, "1915-11-03", "1915-11-03", DateFormat::kIsoDash) == "exact");
  // Damaged but digit-shaped dates still compare (month 13 is not a calendar month).
  BOOST_TEST(Level(Comparator::kDate, "19151302", "19150213") == "swap_day_month");
  const auto mdy = internal::ParseDateAs("11/03/1915", DateFormat::kMmDdYyyy);
  BOOST_TEST_REQUIRE(mdy.has_value());
  BOOST_TEST(mdy->month == 11);
  BOOST_TEST(mdy->day == 3);
  BOOST_TEST(!internal::ParseDateAs("3/11/15", DateFormat::kDdMmYyyy).has_value());
}

BOOST_AUTO_TEST_CASE(identifiers_allow_one_edit_or_transposition) {
  BOOST_TEST(Level(Comparator::kIdentifier, "530-4218", "5304218") == "exact");
  BOOST_TEST(Level(Comparator::kIdentifier, "5304218", "5304219") == "one_edit");
  BOOST_TEST(Level(Comparator::kIdentifier, "5304218", "5302418") == "one_edit");
  BOOST_TEST(Level(Comparator::kIdentifier, "5304218", "530421") == "one_edit");
  BOOST_TEST(Level(Comparator::kIdentifier, "5304218", "5314219") == "disagree");
  BOOST_TEST(Level(Comparator::kIdentifier, "ab12", "AB12") == "exact");
}

BOOST_AUTO_TEST_CASE(exact_folds_case_and_blanks_only) {
  BOOST_TEST(Level(Comparator::kExact, " NSW ", "nsw") == "exact");
  BOOST_TEST(Level(Comparator::kExact, "nsw", "vic") == "disagree");
  BOOST_TEST(Level(Comparator::kExact, "nsw", "") == "missing");
}

BOOST_AUTO_TEST_CASE(soundex_codes_follow_the_american_rules) {
  BOOST_TEST(internal::Soundex("Robert") == "R163");
  BOOST_TEST(internal::Soundex("rupert") == "R163");
  BOOST_TEST(internal::Soundex("Ashcraft") == "A261");
  BOOST_TEST(internal::Soundex("Tymczak") == "T522");
  BOOST_TEST(internal::Soundex("Pfister") == "P236");
  BOOST_TEST(internal::Soundex("lee") == "L000");
  BOOST_TEST(internal::Soundex("123") == "");
}

BOOST_AUTO_TEST_CASE(block_keys_apply_their_transform) {
  BOOST_TEST(Key(Comparator::kName, "Smith", "soundex") == "S530");
  BOOST_TEST(Key(Comparator::kName, "Smyth", "soundex") == "S530");
  BOOST_TEST(Key(Comparator::kName, "王小明", "pinyin") == "wang xiaoming");
  BOOST_TEST(Key(Comparator::kIdentifier, "4223", "first:2") == "42");
  BOOST_TEST(Key(Comparator::kDate, "19151111", "year") == "1915");
  BOOST_TEST(Key(Comparator::kDate, "11/03/1915", "value", DateFormat::kDdMmYyyy) == "1915-03-11");
  BOOST_TEST(Key(Comparator::kText, "Stanley  Street", "value") == "stanley street");
  BOOST_TEST(Key(Comparator::kText, "北京路", "first:2") == "北京");
  BOOST_TEST(Key(Comparator::kIdentifier, "", "value") == "");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace huicai::matcher
