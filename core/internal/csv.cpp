#include "core/internal/csv.h"

#include <charconv>
#include <fstream>

#include "core/text.h"

namespace huicai::core_internal {
namespace {

// Splits one line on commas; a cell may be double-quoted ("a, b"), with "" for a quote inside.
std::vector<std::string> SplitCells(std::string_view text) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(Trim(cell));
      cell.clear();
    } else {
      cell.push_back(c);
    }
  }
  cells.push_back(Trim(cell));
  return cells;
}

}  // namespace

Result<std::vector<CsvLine>> ReadCsv(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound("cannot open code table " + path.string() +
                            ": check that the file exists or set HUICAI_CONFIG_DIR to the folder "
                            "holding huicai's config/");
  }
  std::vector<CsvLine> lines;
  std::string text;
  int number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (number == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    const std::string trimmed = Trim(text);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    CsvLine line;
    line.number = number;
    line.cells = SplitCells(trimmed);
    lines.push_back(std::move(line));
  }
  if (in.bad()) return Status::Unavailable("read error in " + path.string());
  return lines;
}

bool ParseInt(const std::string& text, int& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && out >= 0;
}

}  // namespace huicai::core_internal
