// `huicai link`: two CSV files, a TOML mapping, pairs.csv and the quality against the truth.
#include "hub/link_files.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include "core/csv.h"
#include "tests/matcher/febrl_like.h"
#include "tests/support/print.h"

namespace huicai::hub {
namespace {

namespace fs = std::filesystem;

const fs::path kFebrlMapping = fs::path(HUICAI_SOURCE_DIR) / "config/linkage/febrl.toml";

struct TempDir {
  fs::path dir;
  TempDir() {
    std::random_device rd;
    dir = fs::temp_directory_path() / ("huicai-link-files-" + std::to_string(rd()));
    fs::create_directories(dir);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  fs::path Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
    return dir / name;
  }
};

std::string Slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A small mapping over people.csv-like columns; `extra` is inserted before the first field.
std::string SmallMapping(const std::string& comparator = "name", const std::string& extra = "") {
  return "key = { left = \"id\", right = \"ref\" }\n" + extra +
         "[[fields]]\nname = \"name\"\ncomparator = \"" + comparator +
         "\"\ncolumn = { left = \"name\", right = \"full_name\" }\n"
         "[[fields]]\nname = \"born\"\ncomparator = \"date\"\nformat = \"DD/MM/YYYY\"\n"
         "[[blocking]]\nkeys = [\"born:year\"]\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(link_files)

BOOST_AUTO_TEST_CASE(links_febrl_like_files_with_the_shipped_mapping_at_f1_above_095) {
  TempDir tmp;
  testing::FebrlLikeOptions gen;
  gen.originals = 3000;
  gen.duplicates = 2000;
  gen.unmatched = 800;
  gen.seed = 23;
  const auto data = testing::GenerateFebrlLike(gen);
  LinkFilesOptions options;
  options.left = tmp.Write("dataset_a.csv", testing::FebrlCsv(data.columns, data.left));
  options.right = tmp.Write("dataset_b.csv", testing::FebrlCsv(data.columns, data.right));
  options.mapping = kFebrlMapping;
  options.out = tmp.dir / "pairs.csv";
  auto report = LinkFiles(options);
  BOOST_TEST_REQUIRE(report.ok(), report.status().ToString());
  BOOST_TEST(report->left_records == 3000u);
  BOOST_TEST(report->right_records == 2800u);
  BOOST_TEST(report->fitted);
  BOOST_TEST_REQUIRE(report->quality.has_value());
  const LinkQuality& q = *report->quality;
  BOOST_TEST_MESSAGE("precision " << q.precision << " recall " << q.recall << " f1 " << q.f1
                                  << " seconds " << report->seconds);
  BOOST_TEST(q.true_pairs == 2000u);
  BOOST_TEST(q.f1 >= 0.95);
  BOOST_TEST(report->model.size() == 10u);
  BOOST_TEST(report->model[9].field == "soc_sec_id");
  BOOST_TEST(report->model[9].levels[0].weight > 5);

  // pairs.csv: the header, one row per link or review, each record at most once (one_to_one).
  auto pairs = ParseCsv(Slurp(options.out), options.out.string());
  BOOST_TEST_REQUIRE(pairs.ok(), pairs.status().ToString());
  BOOST_TEST(pairs->columns == (std::vector<std::string>{"left_key", "right_key", "weight",
                                                         "probability", "decision"}));
  BOOST_TEST(pairs->rows.size() == report->links + report->reviews);
  std::set<std::string> lefts, rights;
  std::size_t true_links = 0;
  for (const auto& row : pairs->rows) {
    BOOST_TEST((row[4] == "link" || row[4] == "review"));
    BOOST_TEST(lefts.insert(row[0]).second);
    BOOST_TEST(rights.insert(row[1]).second);
    BOOST_TEST(std::stod(row[3]) >= 0.5);
    const auto entity = [](const std::string& id) { return id.substr(0, id.find('-', 4)); };
    if (row[4] == "link" && entity(row[0]) == entity(row[1])) ++true_links;
  }
  BOOST_TEST(true_links == q.true_links);
}

BOOST_AUTO_TEST_CASE(different_column_names_per_side_and_day_first_dates) {
  TempDir tmp;
  LinkFilesOptions options;
  options.left =
      tmp.Write("a.csv", "id,name,born\n1,Anna Schmidt,03/11/1961\n2,Li Lei,04/05/1970\n");
  options.right = tmp.Write(
      "b.csv", "ref,full_name,born\nx,\"SCHMIDT, Anna\",11/03/1961\ny,Bo Zhang,12/08/1970\n");
  options.mapping = tmp.Write("m.toml", SmallMapping());
  options.out = tmp.dir / "out.csv";
  auto report = LinkFiles(options);
  BOOST_TEST_REQUIRE(report.ok(), report.status().ToString());
  BOOST_TEST(!report->fitted);  // two records: the default model
  BOOST_TEST(!report->quality.has_value());
  auto pairs = ParseCsv(Slurp(options.out), "out");
  BOOST_TEST_REQUIRE(pairs.ok());
  BOOST_TEST_REQUIRE(pairs->rows.size() == 1u);
  BOOST_TEST(pairs->rows[0][0] == "1");
  BOOST_TEST(pairs->rows[0][1] == "x");
}

BOOST_AUTO_TEST_CASE(a_missing_column_names_the_file_and_the_column) {
  TempDir tmp;
  LinkFilesOptions options;
  options.left = tmp.Write("a.csv", "id,name,born\n1,Anna,03/11/1961\n");
  options.right = tmp.Write("b.csv", "ref,name,born\nx,Anna,03/11/1961\n");  // no full_name
  options.mapping = tmp.Write("m.toml", SmallMapping());
  options.out = tmp.dir / "out.csv";
  auto report = LinkFiles(options);
  BOOST_TEST_REQUIRE(!report.ok());
  BOOST_TEST(report.error().code() == StatusCode::kInvalidArgument);
  const std::string& message = report.error().message();
  BOOST_TEST(message.find("b.csv has no column 'full_name'") != std::string::npos, message);
  BOOST_TEST(message.find("field 'name'") != std::string::npos, message);
  BOOST_TEST(!fs::exists(options.out));
}

BOOST_AUTO_TEST_CASE(a_bad_comparator_names_the_key_and_what_is_allowed) {
  TempDir tmp;
  LinkFilesOptions options;
  options.left = tmp.Write("a.csv", "id,name,born\n1,Anna,03/11/1961\n");
  options.right = tmp.Write("b.csv", "ref,full_name,born\nx,Anna,03/11/1961\n");
  options.mapping = tmp.Write("m.toml", SmallMapping("fuzzy"));
  options.out = tmp.dir / "out.csv";
  auto report = LinkFiles(options);
  BOOST_TEST_REQUIRE(!report.ok());
  BOOST_TEST(report.error().code() == StatusCode::kInvalidArgument);
  const std::string& message = report.error().message();
  BOOST_TEST(message.find("fields[0].comparator 'fuzzy'") != std::string::npos, message);
  BOOST_TEST(message.find("allowed: name, text, date, identifier, exact") != std::string::npos,
             message);
}

BOOST_AUTO_TEST_CASE(bad_mappings_name_the_key) {
  TempDir tmp;
  LinkFilesOptions options;
  options.left = tmp.Write("a.csv", "id,name,born\n1,Anna,03/11/1961\n");
  options.right = tmp.Write("b.csv", "ref,full_name,born\nx,Anna,03/11/1961\n");
  options.out = tmp.dir / "out.csv";
  const std::pair<std::string, std::string> cases[] = {
      {SmallMapping("name", "one_to_won = true\n"), "one_to_won is not a mapping key"},
      {SmallMapping("name", "link_probability = 2.0\n"), "link_probability must be a number"},
      {SmallMapping("name", "truth = { left = \"id\", right = \"ref\", pattern = \"(\" }\n"),
       "truth.pattern"},
      {"key = \"id\"\n[[fields]]\nname = \"n\"\ncomparator = \"name\"\n", "blocking must be"},
      {"key = \"id\"\n[[fields]]\nname = \"n\"\ncomparator = \"name\"\n[[blocking]]\n"
       "keys = [\"n:metaphone\"]\n",
       "blocking[0].keys"},
      {"key = \"id\"\n[[fields]]\nname = \"n\"\ncomparator = \"name\"\nformat = \"YYYYMMDD\"\n"
       "[[blocking]]\nkeys = [\"n\"]\n",
       "fields[0].format"},
      {"key = [1, 2\n", "m.toml:"},
  };
  for (const auto& [text, expected] : cases) {
    options.mapping = tmp.Write("m.toml", text);
    auto report = LinkFiles(options);
    BOOST_TEST_REQUIRE(!report.ok(), expected);
    BOOST_TEST(report.error().code() == StatusCode::kInvalidArgument);
    BOOST_TEST(report.error().message().find(expected) != std::string::npos,
               report.error().message());
  }
}

BOOST_AUTO_TEST_CASE(missing_inputs_are_not_found_and_bad_csv_is_a_data_error) {
  TempDir tmp;
  LinkFilesOptions options;
  options.left = tmp.dir / "nope.csv";
  options.right = tmp.Write("b.csv", "ref,full_name,born\nx,Anna,03/11/1961\n");
  options.mapping = tmp.Write("m.toml", SmallMapping());
  options.out = tmp.dir / "out.csv";
  auto missing = LinkFiles(options);
  BOOST_TEST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.error().code() == StatusCode::kNotFound);
  BOOST_TEST(missing.error().message().find("nope.csv") != std::string::npos);

  options.left = tmp.Write("a.csv", "id,name,born\n1,Anna,03/11/1961,extra\n");
  auto bad = LinkFiles(options);
  BOOST_TEST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.error().code() == StatusCode::kDataError);
  BOOST_TEST(bad.error().message().find("a.csv:2") != std::string::npos, bad.error().message());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace huicai::hub
