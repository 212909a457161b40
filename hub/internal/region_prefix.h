#pragma once
// hub internal: turns what a planner types for a region (a code prefix or a name at any level:
// 山东, 临沂, 兰陵县) into a GB/T 2260 code prefix for search filters.
#include <string>
#include <string_view>

#include "core/status.h"

namespace huicai::hub {

// "" -> ""; "3713" -> "3713"; "临沂" -> "3713"; "兰陵县" -> "371324"; "山东省" -> "37".
// InvalidArgument: not digits and no region of that name (the message says so).
Result<std::string> ResolveRegionPrefix(std::string_view text);

}  // namespace huicai::hub
