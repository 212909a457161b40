#pragma once
// tests/support: the value of a Result a test cannot go on without; the test stops (a Boost.Test
// requirement) with the Status when there is none.
#include <boost/test/unit_test.hpp>
#include <utility>

#include "core/status.h"

namespace huicai::testing {

template <typename T>
T Must(Result<T> r) {
  BOOST_REQUIRE_MESSAGE(r.has_value(), r.status().ToString());
  return std::move(r).value();
}

}  // namespace huicai::testing
