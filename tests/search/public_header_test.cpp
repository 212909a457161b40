// The public header of search/ must not leak Xapian: no Xapian macro becomes visible.
#include <boost/test/unit_test.hpp>

#include "search/index.h"

BOOST_AUTO_TEST_SUITE(public_header)

BOOST_AUTO_TEST_CASE(index_header_leaks_no_xapian_names) {
#ifdef XAPIAN_VERSION
  BOOST_FAIL("search/index.h makes XAPIAN_VERSION visible: a Xapian header leaked");
#endif
#ifdef XAPIAN_H
  BOOST_FAIL("search/index.h includes xapian.h");
#endif
  BOOST_TEST(huicai::search::kMaxLimit > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
