#include "tests/support/gold.h"

#include <fstream>

namespace huicai::testing {

namespace {

// One RFC 4180 line (the gold file has no line breaks inside cells).
std::vector<std::string> ParseCsvLine(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else if (c != '\r') {
      cells.back() += c;
    }
  }
  return cells;
}

}  // namespace

Result<std::vector<GoldLine>> ReadGold(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return Status::NotFound("cannot read " + file.string());
  std::string line;
  std::getline(in, line);  // header
  std::vector<GoldLine> gold;
  for (size_t number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    auto cells = ParseCsvLine(line);
    if (cells.size() < 3) {
      return Status::DataError(file.string() + ":" + std::to_string(number) +
                               ": fewer than three cells");
    }
    cells.resize(5);
    gold.push_back({cells[0], cells[1], cells[2], cells[3], cells[4]});
  }
  if (gold.empty()) return Status::DataError(file.string() + " has no gold lines");
  return gold;
}

}  // namespace huicai::testing
