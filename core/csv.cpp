// core: RFC 4180 CSV reader (see csv.h).
#include "core/csv.h"

#include <set>
#include <sstream>

namespace huicai {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view source, const CsvOptions& options)
      : text_(text), source_(source), options_(options) {
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
  }

  // Reads the next record into `cells`; false at the end of the text.
  Result<bool> Next(std::vector<std::string>& cells, std::size_t& start_line) {
    // Skip empty lines between records.
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
    if (pos_ >= text_.size()) return false;
    start_line = line_;
    cells.clear();
    for (;;) {
      HUICAI_ASSIGN_OR_RETURN(const char end, Cell(cells));
      if (end != options_.separator) return true;  // end of line or of text
    }
  }

  Status Error(std::size_t line, const std::string& what) const {
    return Status::DataError(std::string(source_) + ":" + std::to_string(line) + ": " + what);
  }

 private:
  // Reads one cell; returns the character that ended it (separator, '\n' or '\0' at the end).
  Result<char> Cell(std::vector<std::string>& cells) {
    std::size_t p = pos_;
    if (options_.trim_cells) {
      while (p < text_.size() && IsBlank(text_[p])) ++p;
    }
    if (p < text_.size() && text_[p] == '"') {
      const std::size_t open_line = line_;
      std::string cell;
      ++p;
      for (;;) {
        if (p >= text_.size()) {
          return Error(open_line,
                       "quoted cell is never closed; close it with '\"' (write a quote "
                       "inside a cell as \"\")");
        }
        const char c = text_[p];
        if (c == '"') {
          if (p + 1 < text_.size() && text_[p + 1] == '"') {
            cell += '"';
            p += 2;
            continue;
          }
          ++p;
          break;
        }
        if (c == '\n') ++line_;
        cell += c;
        ++p;
      }
      if (options_.trim_cells) {
        while (p < text_.size() && IsBlank(text_[p])) ++p;
      }
      cells.push_back(std::move(cell));
      pos_ = p;
      return Terminator("after a closing quote");
    }
    std::size_t end = pos_;
    while (end < text_.size() && text_[end] != options_.separator && text_[end] != '\n' &&
           text_[end] != '\r') {
      ++end;
    }
    std::string_view cell = text_.substr(pos_, end - pos_);
    cells.emplace_back(options_.trim_cells ? TrimBlanks(cell) : cell);
    pos_ = end;
    return Terminator("");
  }

  // Consumes the separator or line end at pos_.
  Result<char> Terminator(std::string_view context) {
    if (pos_ >= text_.size()) return '\0';
    const char c = text_[pos_];
    if (c == options_.separator) {
      ++pos_;
      return c;
    }
    if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    if (c == '\n' || c == '\r') {
      ++pos_;
      ++line_;
      return '\n';
    }
    return Error(line_, "unexpected character '" + std::string(1, c) + "' " + std::string(context) +
                            "; quote the whole cell and double the quotes inside it");
  }

  std::string_view text_;
  std::string_view source_;
  CsvOptions options_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

std::optional<std::size_t> CsvTable::ColumnIndex(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return i;
  }
  return std::nullopt;
}

Result<CsvTable> ParseCsv(std::string_view text, std::string_view source_name,
                          const CsvOptions& options) {
  Parser parser(text, source_name, options);
  CsvTable table;
  std::size_t line = 1;
  HUICAI_ASSIGN_OR_RETURN(const bool has_header, parser.Next(table.columns, line));
  if (!has_header) {
    return Status::DataError(std::string(source_name) +
                             ": no header line; the first line must name the columns");
  }
  std::set<std::string_view> seen;
  for (const auto& name : table.columns) {
    if (name.empty()) return parser.Error(line, "empty column name in the header");
    if (!seen.insert(name).second) {
      return parser.Error(line, "column '" + name + "' appears twice in the header");
    }
  }
  std::vector<std::string> cells;
  for (;;) {
    HUICAI_ASSIGN_OR_RETURN(const bool more, parser.Next(cells, line));
    if (!more) break;
    if (cells.size() != table.columns.size()) {
      return parser.Error(line, "row has " + std::to_string(cells.size()) + " cells, the header " +
                                    std::to_string(table.columns.size()) +
                                    "; quote cells that hold the separator");
    }
    table.rows.push_back(std::move(cells));
    table.row_lines.push_back(line);
    cells = {};
  }
  return table;
}

Result<CsvTable> ReadCsv(std::istream& in, std::string_view source_name,
                         const CsvOptions& options) {
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return Status::Unavailable(std::string(source_name) + ": read error; check the file");
  }
  return ParseCsv(buffer.str(), source_name, options);
}

}  // namespace huicai
