#include "tests/support/gold.h"

#include <fstream>

#include "core/csv.h"

namespace huicai::testing {

Result<std::vector<GoldLine>> ReadGold(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + file.string());
  HUICAI_ASSIGN_OR_RETURN(CsvTable table, ReadCsv(in, file.string()));
  if (table.columns.size() < 3) {
    return Status::DataError(file.string() + ":1: fewer than three cells");
  }
  std::vector<GoldLine> gold;
  for (auto& cells : table.rows) {
    cells.resize(5);
    gold.push_back({cells[0], cells[1], cells[2], cells[3], cells[4]});
  }
  if (gold.empty()) return Status::DataError(file.string() + " has no gold lines");
  return gold;
}

}  // namespace huicai::testing
