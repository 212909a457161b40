#include "core/regions.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>

#include "core/config_dir.h"
#include "core/internal/csv.h"
#include "core/text.h"

namespace huicai {
namespace {

using core_internal::CsvLine;

// Suffixes a short name may omit, longest first so 自治县 wins over 县.
constexpr std::array<std::string_view, 17> kNameSuffixes = {
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
    "自治县",     "自治旗",       "地区",       "新区",       "林区",   "省",
    "市",         "县",           "区",         "盟",         "旗"};

// The name without its administrative suffix, or "" if that would leave fewer than two
// code points (费县 stays findable only as 费县).
std::string ShortName(std::string_view name) {
  for (std::string_view suffix : kNameSuffixes) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      std::string_view stem = name.substr(0, name.size() - suffix.size());
      if (SplitCodePoints(stem).size() >= 2) return std::string(stem);
      return "";
    }
  }
  return "";
}

bool IsSixDigits(std::string_view code) {
  return code.size() == 6 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status Malformed(const CsvLine& line, std::string_view why) {
  return Status::DataError("malformed line " + std::to_string(line.number) + ": " +
                           std::string(why));
}

Result<Region> ParseRegionLine(const CsvLine& line) {
  const auto& c = line.cells;
  if (c.size() < 8) {
    return Malformed(line, "expected at least 8 columns, got " + std::to_string(c.size()));
  }
  Region r;
  r.code = c[0];
  if (!IsSixDigits(r.code)) return Malformed(line, "code '" + r.code + "' is not 6 digits");
  r.name = c[1];
  if (r.name.empty()) return Malformed(line, "empty name");
  if (c[2] == "province") {
    r.level = RegionLevel::kProvince;
  } else if (c[2] == "city") {
    r.level = RegionLevel::kCity;
  } else if (c[2] == "county") {
    r.level = RegionLevel::kCounty;
  } else {
    return Malformed(line, "level '" + c[2] + "' is not province, city or county");
  }
  r.parent_code = c[3];
  if (!r.parent_code.empty() && !IsSixDigits(r.parent_code)) {
    return Malformed(line, "parent '" + r.parent_code + "' is not 6 digits");
  }
  r.full_name = c[4].empty() ? r.name : c[4];
  if (!core_internal::ParseInt(c[5], r.since_year)) {
    return Malformed(line, "since '" + c[5] + "' is not a year");
  }
  if (!c[6].empty() && !core_internal::ParseInt(c[6], r.until_year)) {
    return Malformed(line, "until '" + c[6] + "' is not a year");
  }
  r.successor = c[7];
  if (!r.successor.empty() && !IsSixDigits(r.successor)) {
    return Malformed(line, "successor '" + r.successor + "' is not 6 digits");
  }
  if (c.size() > 8 && !c[8].empty()) {
    for (auto& former : Split(c[8], ';')) {
      if (!former.empty()) r.former_names.push_back(former);
    }
  }
  return r;
}

}  // namespace

Result<RegionTable> RegionTable::Load(const std::filesystem::path& csv) {
  HUICAI_ASSIGN_OR_RETURN(auto lines, core_internal::ReadCsv(csv));
  if (lines.empty() || lines.front().cells.empty() || lines.front().cells[0] != "code") {
    return Status::DataError(csv.string() +
                             ": missing header 'code,name,level,...'; regenerate it with "
                             "scripts/make-region-table");
  }
  RegionTable table;
  table.regions_.reserve(lines.size() - 1);
  for (size_t i = 1; i < lines.size(); ++i) {
    auto region = ParseRegionLine(lines[i]);
    if (!region.ok()) return region.error().WithContext(csv.string());
    table.regions_.push_back(std::move(region).value());
  }
  std::sort(table.regions_.begin(), table.regions_.end(),
            [](const Region& a, const Region& b) { return a.code < b.code; });
  for (size_t i = 0; i < table.regions_.size(); ++i) {
    const Region& r = table.regions_[i];
    if (!table.by_code_.emplace(r.code, i).second) {
      return Status::DataError(csv.string() + ": code " + r.code + " appears twice");
    }
    std::vector<std::string> keys = {r.name, r.full_name};
    keys.insert(keys.end(), r.former_names.begin(), r.former_names.end());
    const size_t direct = keys.size();
    for (size_t k = 0; k < direct; ++k) {
      if (std::string short_name = ShortName(keys[k]); !short_name.empty()) {
        keys.push_back(std::move(short_name));
      }
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (auto& key : keys) table.by_name_.emplace(std::move(key), i);
  }
  return table;
}

const RegionTable& RegionTable::Default() {
  static const RegionTable table = [] {
    const auto path = ConfigDir() / "regions" / "gbt2260.csv";
    auto loaded = Load(path);
    if (!loaded.ok()) {
      std::fprintf(stderr,
                   "huicai: cannot load the GB/T 2260 region table: %s\n"
                   "Set HUICAI_CONFIG_DIR to huicai's config/ folder, or regenerate the table "
                   "with scripts/make-region-table.\n",
                   loaded.error().ToString().c_str());
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return table;
}

const Region* RegionTable::Find(std::string_view code) const {
  auto it = by_code_.find(std::string(code));
  return it == by_code_.end() ? nullptr : &regions_[it->second];
}

std::string RegionTable::Current(std::string_view code) const {
  const Region* r = Find(code);
  if (r == nullptr) return "";
  // Successor chains are short; the bound only guards against a cycle in a broken table.
  for (size_t steps = 0; steps < regions_.size() && !r->in_force(); ++steps) {
    const Region* next = r->successor.empty() ? nullptr : Find(r->successor);
    if (next == nullptr) break;
    r = next;
  }
  return r->code;
}

std::vector<const Region*> RegionTable::FindByName(std::string_view name) const {
  const std::string key = Trim(name);
  std::vector<const Region*> out;
  auto [begin, end] = by_name_.equal_range(key);
  for (auto it = begin; it != end; ++it) out.push_back(&regions_[it->second]);
  if (out.empty()) {
    // A name with another suffix than the table's (兰陵市) still finds 兰陵县 by its stem.
    if (std::string short_name = ShortName(key); !short_name.empty()) {
      auto [b2, e2] = by_name_.equal_range(short_name);
      for (auto it = b2; it != e2; ++it) out.push_back(&regions_[it->second]);
    }
  }
  std::sort(out.begin(), out.end(), [](const Region* a, const Region* b) {
    if (a->in_force() != b->in_force()) return a->in_force();
    return a->code < b->code;
  });
  return out;
}

std::string RegionTable::FullName(std::string_view code) const {
  const Region* r = Find(code);
  return r == nullptr ? "" : r->full_name;
}

std::vector<const Region*> RegionTable::Counties(std::string_view prefix) const {
  std::vector<const Region*> out;
  auto it = std::lower_bound(regions_.begin(), regions_.end(), prefix,
                             [](const Region& r, std::string_view p) { return r.code < p; });
  for (; it != regions_.end() && it->code.starts_with(prefix); ++it) {
    if (it->level == RegionLevel::kCounty && it->in_force()) out.push_back(&*it);
  }
  return out;
}

}  // namespace huicai
