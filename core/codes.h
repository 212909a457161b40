#pragma once
// core: small code tables kept under config/: GB/T 13745 first-level disciplines and the
// province-maintained lists of old revolutionary and underdeveloped counties.
// Thread-safety: tables are immutable after loading; Default() instances load once, thread-safe.
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace huicai {

// A list of codes as people and partners write it: separated by semicolons, commas, spaces,
// tabs and line breaks, or the full-width ；，、 and the spaces Trim removes; blanks dropped
// ("210；21020, 230" -> 210, 21020, 230).
std::vector<std::string> SplitCodeList(std::string_view text);

// GB/T 13745-2009 first-level disciplines (3-digit codes), config/codes/gbt13745_level1.csv.
class DisciplineTable {
 public:
  // CSV with header code,name[,group]. NotFound: cannot open. DataError: "malformed line N".
  [[nodiscard]] static Result<DisciplineTable> Load(const std::filesystem::path& csv);
  // ConfigDir()/codes/gbt13745_level1.csv, loaded once; aborts with a clear message if missing.
  static const DisciplineTable& Default();

  // "210" or the first 3 digits of a longer code ("21050") -> "农学"; "" if unknown.
  std::string Name(std::string_view code) const;
  // (code, name) pairs sorted by code.
  std::vector<std::pair<std::string, std::string>> All() const;
  bool Known(std::string_view code) const;

 private:
  std::vector<std::pair<std::string, std::string>> entries_;  // sorted by code
};

// Counties with priority in matching (000 §12): config/priority_areas.csv with columns
// county_code,old_revolutionary,underdeveloped,source,year ('#' lines are comments; flags 0/1).
class PriorityAreas {
 public:
  // NotFound: cannot open. DataError: "malformed line N: why".
  [[nodiscard]] static Result<PriorityAreas> Load(const std::filesystem::path& csv);
  // ConfigDir()/priority_areas.csv, loaded once; aborts with a clear message if missing.
  static const PriorityAreas& Default();

  bool IsOldRevolutionary(std::string_view county) const;
  bool IsUnderdeveloped(std::string_view county) const;
  // A multiplier for a need's priority: 1.0 for an ordinary county, times old_rev_weight if old
  // revolutionary, times underdeveloped_weight if underdeveloped (e.g. 1.5 and 1.3 -> 1.95).
  double Weight(std::string_view county, double old_rev_weight, double underdeveloped_weight) const;

 private:
  std::set<std::string, std::less<>> old_revolutionary_;
  std::set<std::string, std::less<>> underdeveloped_;
};

}  // namespace huicai
