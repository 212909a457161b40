#pragma once
// core: an RFC 4180 CSV reader. No I/O of its own: it parses text the caller holds, or reads an
// std::istream the caller opened. Returns its own small CsvTable (not a RowTable: CSV has no
// NULL, and errors need the line each row started on).
// Thread-safety: pure functions; the result owns its data.
#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace huicai {

struct CsvOptions {
  char separator = ',';  // ',' by default; ';' or '\t' for other dialects
  // Strip spaces and tabs around unquoted cells and header names (FEBRL writes "a, b, c").
  // Quoted cells keep their spaces. Default false: cells exactly as written.
  bool trim_cells = false;
};

// A parsed CSV text: the header line and the rows after it.
struct CsvTable {
  std::vector<std::string> columns;            // header cells, in order; unique
  std::vector<std::vector<std::string>> rows;  // each row has exactly columns.size() cells
  std::vector<std::size_t> row_lines;          // per row: the 1-based line it starts on

  // Index of the column named `name` (exact match), or nullopt.
  std::optional<std::size_t> ColumnIndex(std::string_view name) const;
};

// Parses `text`: the first record is the header; cells separated by options.separator; a cell
// may be double-quoted to hold separators, line breaks and quotes (written ""); LF or CRLF
// line ends; a UTF-8 byte-order mark at the very start is dropped; empty lines are skipped.
// A '"' inside an unquoted cell is kept as a character.
// Errors (DataError, the message starts with `source_name` and the line number):
//   no header (empty text), a duplicate or empty header name, a row with fewer or more cells
//   than the header, a quoted cell never closed, text after a closing quote.
[[nodiscard]] Result<CsvTable> ParseCsv(std::string_view text, std::string_view source_name,
                                        const CsvOptions& options = {});

// Reads the whole stream and parses it as ParseCsv does. Unavailable: the stream failed while
// reading (the caller's file or pipe). `in` is only used during the call.
[[nodiscard]] Result<CsvTable> ReadCsv(std::istream& in, std::string_view source_name,
                                       const CsvOptions& options = {});

}  // namespace huicai
