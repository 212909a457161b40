#define BOOST_TEST_MODULE hub_test
#include <boost/test/unit_test.hpp>
