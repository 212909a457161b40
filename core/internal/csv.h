#pragma once
// core internal: the tiny CSV reader for code tables under config/. Comma-separated UTF-8; a cell
// may be double-quoted to hold commas (no line breaks inside cells); '#' lines and blank lines
// are skipped; a BOM is dropped.
#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"

namespace huicai::core_internal {

struct CsvLine {
  int number = 0;                  // 1-based line number in the file
  std::vector<std::string> cells;  // trimmed
};

// NotFound: the file cannot be opened (the message names it and says how to fix).
// The first returned line is the header.
Result<std::vector<CsvLine>> ReadCsv(const std::filesystem::path& path);

// Parses a non-negative decimal int; false on anything else.
bool ParseInt(const std::string& text, int& out);

}  // namespace huicai::core_internal
