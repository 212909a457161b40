#include "hub/internal/region_prefix.h"

#include <algorithm>

#include "core/regions.h"
#include "core/text.h"

namespace huicai::hub {

Result<std::string> ResolveRegionPrefix(std::string_view raw) {
  const std::string text = Trim(raw);
  if (text.empty()) return std::string();
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (text.size() > 6)
      return Status::InvalidArgument("region code \"" + text + "\" is longer than 6 digits");
    return text;
  }
  const auto found = RegionTable::Default().FindByName(text);
  if (found.empty() || !found.front()->in_force()) {
    return Status::InvalidArgument(
        "no region named \"" + text +
        "\" in GB/T 2260; give a name such as 临沂 or a code prefix such as 3713");
  }
  const Region& region = *found.front();
  switch (region.level) {
    case RegionLevel::kProvince:
      return region.code.substr(0, 2);
    case RegionLevel::kCity:
      return region.code.substr(0, 4);
    case RegionLevel::kCounty:
      return region.code;
  }
  return region.code;
}

}  // namespace huicai::hub
