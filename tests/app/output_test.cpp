// What a person sees: tables aligned by display width with Chinese text, cut text, counts.
#include "app/output.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

using namespace huicai::app;

BOOST_AUTO_TEST_CASE(han_characters_take_two_columns) {
  BOOST_TEST(DisplayWidth("abc") == 3u);
  BOOST_TEST(DisplayWidth("张三") == 4u);
  BOOST_TEST(DisplayWidth("临沂 3713") == 9u);
  BOOST_TEST(DisplayWidth("ＡＢ") == 4u);  // full-width Latin letters
}

BOOST_AUTO_TEST_CASE(ellipsize_cuts_on_character_boundaries) {
  BOOST_TEST(Ellipsize("果树栽培", 8) == "果树栽培");
  BOOST_TEST(Ellipsize("果树栽培病虫害防治", 8) == "果树栽…");
  BOOST_TEST(DisplayWidth(Ellipsize("果树栽培病虫害防治", 8)) <= 8u);
}

BOOST_AUTO_TEST_CASE(table_columns_line_up_with_mixed_scripts) {
  Table table({"name", "region"});
  table.AddRow({"张三", "371324"});
  table.AddRow({"Jean-Luc", "370102"});
  std::istringstream lines(table.Render());
  std::string line;
  std::vector<size_t> column_starts;
  while (std::getline(lines, line)) {
    const size_t at = line.find("37");
    if (at == std::string::npos) continue;
    column_starts.push_back(DisplayWidth(line.substr(0, at)));
  }
  BOOST_REQUIRE_EQUAL(column_starts.size(), 2u);
  BOOST_TEST(column_starts[0] == column_starts[1]);
}

BOOST_AUTO_TEST_CASE(counts_and_sizes_read_easily) {
  BOOST_TEST(FormatCount(0) == "0");
  BOOST_TEST(FormatCount(20000) == "20,000");
  BOOST_TEST(FormatCount(-1234567) == "-1,234,567");
  BOOST_TEST(FormatBytes(512) == "512 B");
  BOOST_TEST(FormatBytes(36595712) == "34.9 MiB");
}
