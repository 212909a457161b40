#pragma once
// connectors: writes whole tables into a partner-style database through ODBC, for the
// generated partner databases (`huicai gen`) and outbound batches. Parameters are always
// bound, written as arrays in one transaction.
// Thread-safety: reentrant; each call opens its own connection.
#include <string_view>

#include "core/status.h"
#include "core/types.h"

namespace huicai::connectors {

// Creates `table.name` with its columns (column_types "text", "integer" or "real"; empty
// means text) and inserts every row in one transaction. With `replace` an existing table of
// that name is dropped first; without it rows are appended to the existing table (created if
// missing). A column whose cells are all integers (or all numbers, for "real") is bound as
// numbers, otherwise as text.
// InvalidArgument: a table or column name is not letters, digits and underscores, the
// columns and types or a row's width disagree, or the connection string names no driver.
// Unavailable: the database cannot be opened or is locked (retry). DataError: the database
// refused a value. Nothing is written when an error is returned.
[[nodiscard]] Status WriteTable(std::string_view connection_string, const RowTable& table,
                                bool replace = true);

}  // namespace huicai::connectors
