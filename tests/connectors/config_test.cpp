#define BOOST_TEST_MODULE connectors_test
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>

#include "connectors/partner.h"
#include "tests/connectors/fixtures.h"

namespace hc = huicai::connectors;
using hc::testing::TempDir;
using huicai::StatusCode;

namespace {

std::filesystem::path WriteFile(const TempDir& dir, const std::string& name,
                                const std::string& text) {
  std::filesystem::path path = dir.path() / name;
  std::ofstream(path) << text;
  return path;
}

const char* kMinimal = R"(kind = "identity"
table = "people"
key_columns = ["id"]
watermark_column = "seq"
watermark_type = "integer"
[[fields]]
target = "name"
column = "nm"
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(the_six_partner_mappings_load) {
  auto configs =
      hc::LoadPartnerConfigs(std::filesystem::path(HUICAI_SOURCE_DIR) / "config" / "partners");
  BOOST_TEST_REQUIRE(configs.ok(), configs.status().ToString());
  std::vector<std::string> names;
  for (const auto& c : *configs) names.push_back(c.name);
  const std::vector<std::string> expected = {"bank",   "education", "insurance",
                                             "police", "registry",  "tax"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());
  const hc::PartnerConfig& tax = configs->back();
  BOOST_TEST(tax.table == "tax_income_annual");
  BOOST_TEST(tax.key_columns.size() == 2u);
  BOOST_TEST(tax.key_types[1] == "integer");
  BOOST_TEST(tax.watermark_type == "integer");
  BOOST_TEST(tax.connection.find("${HUICAI_PARTNER_DIR}/tax.db") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(name_and_connection_default_from_the_file) {
  TempDir dir;
  auto config = hc::LoadPartnerConfig(WriteFile(dir, "people.toml", kMinimal));
  BOOST_TEST_REQUIRE(config.ok(), config.status().ToString());
  BOOST_TEST(config->name == "people");
  BOOST_TEST(config->connection ==
             "DRIVER=SQLite3;Database=${HUICAI_PARTNER_DIR}/people.db;NoCreat=1;StepAPI=1");
  BOOST_TEST(config->batch_rows == 1000u);
  BOOST_TEST(config->key_types == std::vector<std::string>{"text"});
}

BOOST_AUTO_TEST_CASE(syntax_error_names_file_and_line) {
  TempDir dir;
  auto config = hc::LoadPartnerConfig(WriteFile(dir, "bad.toml", "kind = \"x\"\ntable = = 3\n"));
  BOOST_TEST_REQUIRE(!config.ok());
  BOOST_TEST(config.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(config.error().message().find("bad.toml:2") != std::string::npos,
             config.error().message());
}

BOOST_AUTO_TEST_CASE(rejects_sql_in_a_column_name) {
  TempDir dir;
  std::string text = kMinimal;
  text.replace(text.find("\"nm\""), 4, "\"nm; DROP TABLE people\"");
  auto config = hc::LoadPartnerConfig(WriteFile(dir, "p.toml", text));
  BOOST_TEST_REQUIRE(!config.ok());
  BOOST_TEST(config.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(config.error().message().find("p.toml:8") != std::string::npos,
             config.error().message());
  BOOST_TEST(config.error().message().find("not a plain identifier") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_unknown_transform_check_and_setting) {
  TempDir dir;
  auto transform = hc::LoadPartnerConfig(
      WriteFile(dir, "a.toml", std::string(kMinimal) + "transforms = [\"code:nowhere\"]\n"));
  BOOST_TEST_REQUIRE(!transform.ok());
  BOOST_TEST(transform.error().message().find("code:nowhere") != std::string::npos);
  auto check = hc::LoadPartnerConfig(
      WriteFile(dir, "b.toml", std::string(kMinimal) + "checks = [\"shoe_size\"]\n"));
  BOOST_TEST_REQUIRE(!check.ok());
  BOOST_TEST(check.error().message().find("shoe_size") != std::string::npos);
  auto setting =
      hc::LoadPartnerConfig(WriteFile(dir, "c.toml", "tabel = \"x\"\n" + std::string(kMinimal)));
  BOOST_TEST_REQUIRE(!setting.ok());
  BOOST_TEST(
      setting.error().message().find("c.toml:1: unknown setting 'tabel'") != std::string::npos,
      setting.error().message());
}

BOOST_AUTO_TEST_CASE(missing_required_setting_is_named) {
  TempDir dir;
  std::string text = kMinimal;
  text.erase(text.find("table = \"people\"\n"), 17);
  auto config = hc::LoadPartnerConfig(WriteFile(dir, "p.toml", text));
  BOOST_TEST_REQUIRE(!config.ok());
  BOOST_TEST(config.error().message().find("missing setting 'table'") != std::string::npos,
             config.error().message());
}

BOOST_AUTO_TEST_CASE(missing_file_is_not_found) {
  auto config = hc::LoadPartnerConfig("/nonexistent/huicai/x.toml");
  BOOST_TEST_REQUIRE(!config.ok());
  BOOST_TEST(config.error().code() == StatusCode::kNotFound);
}

BOOST_AUTO_TEST_CASE(environment_references_expand_and_unset_ones_are_named) {
  ::setenv("HUICAI_TEST_DIR_X", "/data/p", 1);
  auto expanded = hc::ExpandEnvironment("DRIVER=SQLite3;Database=${HUICAI_TEST_DIR_X}/tax.db");
  BOOST_TEST_REQUIRE(expanded.ok());
  BOOST_TEST(*expanded == "DRIVER=SQLite3;Database=/data/p/tax.db");
  ::unsetenv("HUICAI_TEST_UNSET_Y");
  auto unset = hc::ExpandEnvironment("Database=${HUICAI_TEST_UNSET_Y}/a.db");
  BOOST_TEST_REQUIRE(!unset.ok());
  BOOST_TEST(unset.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(unset.error().message().find("HUICAI_TEST_UNSET_Y") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(checkpoints_round_trip_through_text) {
  BOOST_TEST(hc::EncodeCheckpoint({}) == "");
  auto start = hc::DecodeCheckpoint("");
  BOOST_TEST_REQUIRE(start.ok());
  BOOST_TEST((*start == hc::Checkpoint{}));
  const hc::Checkpoint odd{"2024-01-01 10:00:00|x:1", "a\\|b|2023"};
  auto back = hc::DecodeCheckpoint(hc::EncodeCheckpoint(odd));
  BOOST_TEST_REQUIRE(back.ok());
  BOOST_TEST((*back == odd));
  auto garbage = hc::DecodeCheckpoint("99:short|k");
  BOOST_TEST_REQUIRE(!garbage.ok());
  BOOST_TEST(garbage.error().code() == StatusCode::kDataError);
}

BOOST_AUTO_TEST_SUITE_END()
