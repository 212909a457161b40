// The matcher suite's module; also checks that the public headers leak no third-party names.
#define BOOST_TEST_MODULE matcher_test
#include "matcher/assign.h"
#include "matcher/score.h"

#if defined(EIGEN_WORLD_VERSION) || defined(LEMON_VERSION) || defined(LEMON_ASSERT)
#error "a matcher public header leaks Eigen or LEMON"
#endif

#include <boost/test/unit_test.hpp>
