#include "core/codes.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/config_dir.h"
#include "core/internal/csv.h"

namespace huicai {
namespace {

Status Malformed(const std::filesystem::path& csv, int line, std::string_view why) {
  return Status::DataError(csv.string() + ": malformed line " + std::to_string(line) + ": " +
                           std::string(why));
}

template <typename Table>
Table LoadOrDie(const std::filesystem::path& path, const char* what) {
  auto loaded = Table::Load(path);
  if (!loaded.ok()) {
    std::fprintf(stderr,
                 "huicai: cannot load the %s table: %s\n"
                 "Set HUICAI_CONFIG_DIR to huicai's config/ folder.\n",
                 what, loaded.error().ToString().c_str());
    std::abort();
  }
  return std::move(loaded).value();
}

bool ParseFlag(const std::string& text, bool& out) {
  if (text == "1" || text == "yes" || text == "true") {
    out = true;
  } else if (text == "0" || text == "no" || text == "false" || text.empty()) {
    out = false;
  } else {
    return false;
  }
  return true;
}

}  // namespace

Result<DisciplineTable> DisciplineTable::Load(const std::filesystem::path& csv) {
  HUICAI_ASSIGN_OR_RETURN(auto lines, core_internal::ReadCsv(csv));
  if (lines.empty() || lines.front().cells.size() < 2 || lines.front().cells[0] != "code") {
    return Status::DataError(csv.string() + ": missing header 'code,name,...'");
  }
  DisciplineTable table;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto& line = lines[i];
    if (line.cells.size() < 2) return Malformed(csv, line.number, "expected code,name");
    const std::string& code = line.cells[0];
    if (code.size() != 3 ||
        !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Malformed(csv, line.number, "code '" + code + "' is not 3 digits");
    }
    if (line.cells[1].empty()) return Malformed(csv, line.number, "empty name");
    table.entries_.emplace_back(code, line.cells[1]);
  }
  std::sort(table.entries_.begin(), table.entries_.end());
  return table;
}

const DisciplineTable& DisciplineTable::Default() {
  static const DisciplineTable table = LoadOrDie<DisciplineTable>(
      ConfigDir() / "codes" / "gbt13745_level1.csv", "GB/T 13745 discipline");
  return table;
}

std::string DisciplineTable::Name(std::string_view code) const {
  if (code.size() < 3) return "";
  const std::string_view key = code.substr(0, 3);
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const auto& e, std::string_view k) { return e.first < k; });
  return it != entries_.end() && it->first == key ? it->second : "";
}

std::vector<std::pair<std::string, std::string>> DisciplineTable::All() const { return entries_; }

bool DisciplineTable::Known(std::string_view code) const { return !Name(code).empty(); }

Result<PriorityAreas> PriorityAreas::Load(const std::filesystem::path& csv) {
  HUICAI_ASSIGN_OR_RETURN(auto lines, core_internal::ReadCsv(csv));
  if (lines.empty() || lines.front().cells.size() < 3 || lines.front().cells[0] != "county_code") {
    return Status::DataError(csv.string() +
                             ": missing header 'county_code,old_revolutionary,underdeveloped,"
                             "source,year'");
  }
  PriorityAreas areas;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto& c = lines[i].cells;
    const int n = lines[i].number;
    if (c.size() < 3) return Malformed(csv, n, "expected at least 3 columns");
    if (c[0].size() != 6) return Malformed(csv, n, "county code '" + c[0] + "' is not 6 digits");
    bool old_rev = false;
    bool under = false;
    if (!ParseFlag(c[1], old_rev) || !ParseFlag(c[2], under)) {
      return Malformed(csv, n, "flags must be 0 or 1");
    }
    if (old_rev) areas.old_revolutionary_.insert(c[0]);
    if (under) areas.underdeveloped_.insert(c[0]);
  }
  return areas;
}

const PriorityAreas& PriorityAreas::Default() {
  static const PriorityAreas areas =
      LoadOrDie<PriorityAreas>(ConfigDir() / "priority_areas.csv", "priority areas");
  return areas;
}

bool PriorityAreas::IsOldRevolutionary(std::string_view county) const {
  return old_revolutionary_.contains(county);
}

bool PriorityAreas::IsUnderdeveloped(std::string_view county) const {
  return underdeveloped_.contains(county);
}

double PriorityAreas::Weight(std::string_view county, double old_rev_weight,
                             double underdeveloped_weight) const {
  double weight = 1.0;
  if (IsOldRevolutionary(county)) weight *= old_rev_weight;
  if (IsUnderdeveloped(county)) weight *= underdeveloped_weight;
  return weight;
}

std::vector<std::string> SplitCodeList(std::string_view text) {
  std::string spaced(text);
  for (std::string_view sep : {"；", "，", "、", "\u3000", "\u00a0", "\ufeff"}) {
    for (size_t at = spaced.find(sep); at != std::string::npos; at = spaced.find(sep)) {
      spaced.replace(at, sep.size(), " ");
    }
  }
  std::vector<std::string> out;
  std::string code;
  for (char c : spaced + " ") {
    if (c == ' ' || c == ',' || c == ';' || c == '\t' || c == '\r' || c == '\n') {
      if (!code.empty()) out.push_back(std::move(code));
      code.clear();
    } else {
      code.push_back(c);
    }
  }
  return out;
}

}  // namespace huicai
