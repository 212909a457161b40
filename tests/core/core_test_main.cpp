#define BOOST_TEST_MODULE core_test
#include <boost/test/unit_test.hpp>
#include <cstdlib>

// The code tables come from the source tree's config/, whatever the environment says.
struct UseSourceConfig {
  UseSourceConfig() { setenv("HUICAI_CONFIG_DIR", HUICAI_SOURCE_DIR "/config", 1); }
};
BOOST_TEST_GLOBAL_FIXTURE(UseSourceConfig);
