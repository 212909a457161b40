#include "core/regions.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "core/config_dir.h"
#include "tests/support/print.h"

namespace huicai {
namespace {

// A fresh directory under the system temp dir, removed with everything in it.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() /
           ("huicai_core_test_" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(regions)

BOOST_AUTO_TEST_CASE(config_dir_follows_environment) {
  BOOST_TEST(ConfigDir() == std::filesystem::path(HUICAI_SOURCE_DIR "/config"));
}

BOOST_AUTO_TEST_CASE(default_table_holds_history_since_1981) {
  const RegionTable& t = RegionTable::Default();
  BOOST_TEST(t.size() > 6000u);
  const Region* beijing = t.Find("110000");
  BOOST_REQUIRE(beijing != nullptr);
  BOOST_TEST(beijing->level == RegionLevel::kProvince);
  BOOST_TEST(t.Find("999999") == nullptr);
  BOOST_TEST(t.Find("37") == nullptr);
}

BOOST_AUTO_TEST_CASE(finds_linyi_by_short_name) {
  const auto found = RegionTable::Default().FindByName("临沂");
  BOOST_REQUIRE(!found.empty());
  BOOST_TEST(found.front()->code == "371300");
  BOOST_TEST(found.front()->in_force());
}

BOOST_AUTO_TEST_CASE(finds_lanling_county_and_its_full_name) {
  const RegionTable& t = RegionTable::Default();
  const auto found = t.FindByName("兰陵县");
  BOOST_REQUIRE(found.size() == 1u);
  BOOST_TEST(found.front()->code == "371324");
  BOOST_TEST(found.front()->parent_code == "371300");
  BOOST_TEST(t.FullName("371324") == "山东省临沂市兰陵县");
  BOOST_TEST(t.FullName("000000") == "");
}

BOOST_AUTO_TEST_CASE(former_name_finds_renamed_code) {
  const auto found = RegionTable::Default().FindByName("苍山县");
  BOOST_REQUIRE(!found.empty());
  BOOST_TEST(found.front()->code == "371324");
}

BOOST_AUTO_TEST_CASE(abolished_code_is_found_and_current_follows_successor) {
  const RegionTable& t = RegionTable::Default();
  const Region* chongwen = t.Find("110103");  // 崇文区, merged into 东城区 in 2010
  BOOST_REQUIRE(chongwen != nullptr);
  BOOST_TEST(!chongwen->in_force());
  BOOST_TEST(chongwen->until_year == 2010);
  BOOST_TEST(t.Current("110103") == "110101");
  BOOST_TEST(t.Current("371324") == "371324");
  BOOST_TEST(t.Current("999999") == "");
}

BOOST_AUTO_TEST_CASE(municipal_district_parent_is_the_province) {
  const Region* dongcheng = RegionTable::Default().Find("110101");
  BOOST_REQUIRE(dongcheng != nullptr);
  BOOST_TEST(dongcheng->parent_code == "110000");
  BOOST_TEST(dongcheng->full_name == "北京市东城区");
}

BOOST_AUTO_TEST_CASE(counties_lists_in_force_codes_under_prefix) {
  const auto linyi = RegionTable::Default().Counties("3713");
  BOOST_TEST(linyi.size() == 12u);
  for (const Region* r : linyi) {
    BOOST_TEST(r->code.starts_with("3713"));
    BOOST_TEST(r->in_force());
  }
  const auto heze = RegionTable::Default().Counties("3717");
  for (const Region* r : heze) BOOST_TEST(r->code != "371727");  // 定陶县, now 定陶区
  BOOST_TEST(RegionTable::Default().Counties("37").size() > 100u);
}

BOOST_AUTO_TEST_CASE(load_reports_malformed_line_number) {
  TempDir dir;
  const auto file = dir.path / "regions.csv";
  {
    std::ofstream out(file);
    out << "code,name,level,parent,full_name,since,until,successor\n"
        << "370000,山东省,province,,山东省,1981,,\n"
        << "37130,临沂市,city,370000,山东省临沂市,1994,,\n";
  }
  const auto loaded = RegionTable::Load(file);
  BOOST_REQUIRE(!loaded.ok());
  BOOST_TEST(loaded.error().code() == StatusCode::kDataError);
  BOOST_TEST(loaded.error().message().find("malformed line 3") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(load_of_missing_file_is_not_found) {
  TempDir dir;
  const auto loaded = RegionTable::Load(dir.path / "absent.csv");
  BOOST_REQUIRE(!loaded.ok());
  BOOST_TEST(loaded.error().code() == StatusCode::kNotFound);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace huicai
