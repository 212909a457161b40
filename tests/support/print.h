#pragma once
// Test-only printers so BOOST_TEST can show core enums when a comparison fails.
#include <ostream>

#include "core/regions.h"
#include "core/status.h"
#include "core/types.h"

namespace huicai {

inline std::ostream& operator<<(std::ostream& os, StatusCode code) {
  return os << StatusCodeName(code);
}
inline std::ostream& operator<<(std::ostream& os, Gender gender) {
  return os << "Gender(" << static_cast<int>(gender) << ")";
}
inline std::ostream& operator<<(std::ostream& os, RegionLevel level) {
  return os << "RegionLevel(" << static_cast<int>(level) << ")";
}

}  // namespace huicai
