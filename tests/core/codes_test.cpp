#include "core/codes.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "core/regions.h"
#include "tests/support/print.h"

namespace huicai {

BOOST_AUTO_TEST_SUITE(codes)

BOOST_AUTO_TEST_CASE(discipline_names_from_level1_and_longer_codes) {
  const DisciplineTable& t = DisciplineTable::Default();
  BOOST_TEST(t.Name("210") == "农学");
  BOOST_TEST(t.Name("21050") == "农学");
  BOOST_TEST(t.Name("520") == "计算机科学技术");
  BOOST_TEST(t.Name("999") == "");
  BOOST_TEST(t.Name("21") == "");
  BOOST_TEST(t.Known("320"));
  BOOST_TEST(!t.Known("321"));
  const auto all = t.All();
  BOOST_TEST(all.size() == 62u);
  BOOST_TEST(all.front().first == "110");
}

BOOST_AUTO_TEST_CASE(yimeng_counties_are_old_revolutionary) {
  const PriorityAreas& p = PriorityAreas::Default();
  for (const Region* county : RegionTable::Default().Counties("3713")) {
    BOOST_TEST(p.IsOldRevolutionary(county->code), county->code);
  }
  BOOST_TEST(!p.IsUnderdeveloped("371324"));
  BOOST_TEST(!p.IsOldRevolutionary("370102"));  // Jinan 历下区
}

BOOST_AUTO_TEST_CASE(priority_weight_multiplies_flags) {
  const PriorityAreas& p = PriorityAreas::Default();
  BOOST_TEST(p.Weight("370102", 1.5, 1.3) == 1.0);
  BOOST_TEST(p.Weight("371324", 1.5, 1.3) == 1.5);
  BOOST_TEST(p.IsUnderdeveloped("371721"));  // 曹县, demo
  BOOST_TEST(p.Weight("371721", 1.5, 1.3) == 1.3);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace huicai

BOOST_AUTO_TEST_CASE(code_lists_split_on_any_separator_people_type) {
  const std::vector<std::string> want = {"210", "21020", "230", "360"};
  BOOST_TEST(huicai::SplitCodeList("210；21020，230、360") == want,
             boost::test_tools::per_element());
  BOOST_TEST(huicai::SplitCodeList(" 210;21020, 230\t360 ") == want,
             boost::test_tools::per_element());
  BOOST_TEST(huicai::SplitCodeList("210\u300021020\u00a0230;;360") == want,
             boost::test_tools::per_element());
  BOOST_TEST(huicai::SplitCodeList(" ; ").empty());
}
