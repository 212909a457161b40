#include "core/csv.h"

#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/print.h"

namespace huicai {

BOOST_AUTO_TEST_SUITE(csv)

BOOST_AUTO_TEST_CASE(reads_header_and_rows) {
  auto table = ParseCsv("id,name\n1,Ann\n2,Bob\n", "people.csv");
  BOOST_TEST_REQUIRE(table.ok());
  BOOST_TEST(table->columns == (std::vector<std::string>{"id", "name"}));
  BOOST_TEST_REQUIRE(table->rows.size() == 2u);
  BOOST_TEST(table->rows[1] == (std::vector<std::string>{"2", "Bob"}));
  BOOST_TEST(table->row_lines == (std::vector<std::size_t>{2, 3}));
  BOOST_TEST(table->ColumnIndex("name").value() == 1u);
  BOOST_TEST(!table->ColumnIndex("age").has_value());
}

BOOST_AUTO_TEST_CASE(quoted_cells_hold_separators_quotes_and_line_breaks) {
  auto table = ParseCsv("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\"\"\nlast,row\n", "t");
  BOOST_TEST_REQUIRE(table.ok());
  BOOST_TEST_REQUIRE(table->rows.size() == 3u);
  BOOST_TEST(table->rows[0][0] == "x, y");
  BOOST_TEST(table->rows[0][1] == "say \"hi\"");
  BOOST_TEST(table->rows[1][0] == "two\nlines");
  BOOST_TEST(table->rows[1][1] == "");
  BOOST_TEST(table->row_lines[2] == 5u);  // the embedded line break counts
}

BOOST_AUTO_TEST_CASE(crlf_bom_and_missing_final_newline_are_accepted) {
  auto table = ParseCsv("\xEF\xBB\xBFid,name\r\n1,\xE7\x8E\x8B\xE4\xBC\x9F\r\n2,", "t");
  BOOST_TEST_REQUIRE(table.ok());
  BOOST_TEST(table->columns[0] == "id");
  BOOST_TEST(table->rows[0][1] == "\xE7\x8E\x8B\xE4\xBC\x9F");
  BOOST_TEST(table->rows[1] == (std::vector<std::string>{"2", ""}));
}

BOOST_AUTO_TEST_CASE(empty_lines_are_skipped) {
  auto table = ParseCsv("a\n\nx\n\n", "t");
  BOOST_TEST_REQUIRE(table.ok());
  BOOST_TEST(table->rows.size() == 1u);
  BOOST_TEST(table->row_lines[0] == 3u);
}

BOOST_AUTO_TEST_CASE(short_and_long_rows_are_data_errors_naming_the_line) {
  auto shorter = ParseCsv("a,b,c\n1,2,3\n1,2\n", "left.csv");
  BOOST_TEST_REQUIRE(!shorter.ok());
  BOOST_TEST(shorter.error().code() == StatusCode::kDataError);
  BOOST_TEST(shorter.error().message().find("left.csv:3") == 0u);
  BOOST_TEST(shorter.error().message().find("2 cells") != std::string::npos);
  auto longer = ParseCsv("a,b\n\"1\n\",2,3\n", "x.csv");
  BOOST_TEST_REQUIRE(!longer.ok());
  BOOST_TEST(longer.error().message().find("x.csv:2") == 0u);
}

BOOST_AUTO_TEST_CASE(unclosed_quote_and_text_after_quote_are_data_errors) {
  auto open = ParseCsv("a,b\n1,\"never closed\n2,3\n", "t.csv");
  BOOST_TEST_REQUIRE(!open.ok());
  BOOST_TEST(open.error().code() == StatusCode::kDataError);
  BOOST_TEST(open.error().message().find("t.csv:2") == 0u);
  BOOST_TEST(open.error().message().find("never closed") != std::string::npos);
  auto after = ParseCsv("a,b\n\"x\"y,2\n", "t.csv");
  BOOST_TEST_REQUIRE(!after.ok());
  BOOST_TEST(after.error().message().find("t.csv:2") == 0u);
}

BOOST_AUTO_TEST_CASE(bad_headers_are_data_errors) {
  BOOST_TEST(ParseCsv("", "t").status().code() == StatusCode::kDataError);
  BOOST_TEST(ParseCsv("\n\n", "t").status().code() == StatusCode::kDataError);
  auto twice = ParseCsv("id,name,id\n", "t");
  BOOST_TEST_REQUIRE(!twice.ok());
  BOOST_TEST(twice.error().message().find("'id' appears twice") != std::string::npos);
  BOOST_TEST(ParseCsv("id,,x\n", "t").status().code() == StatusCode::kDataError);
}

BOOST_AUTO_TEST_CASE(trim_option_strips_blanks_around_unquoted_cells_only) {
  CsvOptions options;
  options.trim_cells = true;
  auto table = ParseCsv("rec_id, given_name , surname\nrec-1-org, ann ,\" lee \"\n", "t", options);
  BOOST_TEST_REQUIRE(table.ok());
  BOOST_TEST(table->columns == (std::vector<std::string>{"rec_id", "given_name", "surname"}));
  BOOST_TEST(table->rows[0] == (std::vector<std::string>{"rec-1-org", "ann", " lee "}));
  auto untrimmed = ParseCsv("a, b\n1, 2\n", "t");
  BOOST_TEST_REQUIRE(untrimmed.ok());
  BOOST_TEST(untrimmed->columns[1] == " b");
}

BOOST_AUTO_TEST_CASE(other_separators_and_streams) {
  CsvOptions options;
  options.separator = ';';
  std::istringstream in("a;b\n1,5;2\n");
  auto table = ReadCsv(in, "t", options);
  BOOST_TEST_REQUIRE(table.ok());
  BOOST_TEST(table->rows[0] == (std::vector<std::string>{"1,5", "2"}));
}

BOOST_AUTO_TEST_CASE(a_quote_inside_an_unquoted_cell_is_kept) {
  auto table = ParseCsv("a,b\n5'11\",x\n", "t");
  BOOST_TEST_REQUIRE(table.ok());
  BOOST_TEST(table->rows[0][0] == "5'11\"");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace huicai
