#pragma once
// core: GB/T 2260 administrative division codes, 1981 to today, with abolished codes and the
// codes that succeeded them. Data: config/regions/gbt2260.csv (made by scripts/make-region-table).
// Thread-safety: a RegionTable is immutable after Load(); share it freely between threads.
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace huicai {

enum class RegionLevel { kProvince, kCity, kCounty };

// One code as ever issued. Codes reused after abolition keep their latest meaning.
struct Region {
  std::string code;         // 6 digits
  std::string name;         // 兰陵县
  std::string full_name;    // 山东省临沂市兰陵县
  std::string parent_code;  // province for cities and municipal districts, city for counties; ""
                            // for provinces
  std::string successor;    // code that replaced it when abolished; "" if none or in force
  std::vector<std::string> former_names;  // earlier names of the same code (苍山县 for 371324)
  RegionLevel level = RegionLevel::kCounty;
  int since_year = 0;  // year the code came into use
  int until_year = 0;  // year it was abolished; 0 = in force
  bool in_force() const { return until_year == 0; }
};

class RegionTable {
 public:
  RegionTable() = default;

  // Reads a table in the gbt2260.csv format (header: code,name,level,parent,full_name,since,
  // until,successor[,former_names]; level is province/city/county). NotFound: the file cannot be
  // opened. DataError: "malformed line N: why".
  [[nodiscard]] static Result<RegionTable> Load(const std::filesystem::path& csv);

  // ConfigDir()/regions/gbt2260.csv, loaded once on first use (thread-safe static). A missing or
  // broken table is a deployment error: prints what to do and aborts.
  static const RegionTable& Default();

  // Any code ever issued; nullptr if never. The pointer lives as long as the table.
  const Region* Find(std::string_view code) const;

  // Follows successors to the code in force now: itself if in force; "" if unknown; the last
  // code reached if the chain ends in an abolished code without successor.
  std::string Current(std::string_view code) const;

  // Exact name, full name, former name, or name without its suffix (临沂 -> 临沂市,
  // 兰陵 -> 兰陵县); in-force regions first, then by code. Empty if none.
  std::vector<const Region*> FindByName(std::string_view name) const;

  // "山东省临沂市兰陵县", or "" if the code was never issued.
  std::string FullName(std::string_view code) const;

  // In-force county-level codes starting with prefix ("37", "3713"), sorted by code.
  std::vector<const Region*> Counties(std::string_view prefix) const;

  size_t size() const { return regions_.size(); }

 private:
  std::vector<Region> regions_;  // sorted by code
  std::unordered_map<std::string, size_t> by_code_;
  std::unordered_multimap<std::string, size_t> by_name_;  // full name and suffix-less name
};

}  // namespace huicai
