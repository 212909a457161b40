// WriteTable: CREATE TABLE and parameter-array INSERT in one transaction.
#include "connectors/writer.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "connectors/internal/names.h"
#include "odbc/odbc.h"

namespace huicai::connectors {
namespace {

using internal::QuoteIdentifier;

enum class Bound { kText, kInteger, kReal };

bool IsInteger(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && ec == std::errc() && ptr == text.data() + text.size();
}

bool IsReal(std::string_view text) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && ec == std::errc() && ptr == text.data() + text.size();
}

// How column `c` is bound: as numbers only when every non-NULL cell converts.
Bound ChooseBinding(const RowTable& table, size_t c, std::string_view type) {
  if (type != "integer" && type != "real") return Bound::kText;
  for (const auto& row : table.rows) {
    if (!row[c]) continue;
    if (type == "integer" ? !IsInteger(*row[c]) : !IsReal(*row[c])) return Bound::kText;
  }
  return type == "integer" ? Bound::kInteger : Bound::kReal;
}

Status Validate(const RowTable& table) {
  if (!internal::IsIdentifier(table.name)) {
    return Status::InvalidArgument("table name '" + table.name +
                                   "' is not a plain identifier (letters, digits, underscore)");
  }
  if (table.columns.empty()) {
    return Status::InvalidArgument("table " + table.name + " has no columns");
  }
  if (!table.column_types.empty() && table.column_types.size() != table.columns.size()) {
    return Status::InvalidArgument("table " + table.name + " has " +
                                   std::to_string(table.columns.size()) + " columns but " +
                                   std::to_string(table.column_types.size()) + " column types");
  }
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (!internal::IsIdentifier(table.columns[c])) {
      return Status::InvalidArgument("column name '" + table.columns[c] + "' of table " +
                                     table.name + " is not a plain identifier");
    }
    if (!table.column_types.empty()) {
      const std::string& type = table.column_types[c];
      if (!type.empty() && type != "text" && type != "integer" && type != "real") {
        return Status::InvalidArgument("column " + table.columns[c] + " has type '" + type +
                                       "'; use text, integer or real");
      }
    }
  }
  for (size_t r = 0; r < table.rows.size(); ++r) {
    if (table.rows[r].size() != table.columns.size()) {
      return Status::InvalidArgument("row " + std::to_string(r) + " of table " + table.name +
                                     " has " + std::to_string(table.rows[r].size()) +
                                     " cells for " + std::to_string(table.columns.size()) +
                                     " columns");
    }
  }
  return {};
}

std::string SqlType(const RowTable& table, size_t c) {
  if (table.column_types.empty()) return "TEXT";
  if (table.column_types[c] == "integer") return "INTEGER";
  if (table.column_types[c] == "real") return "REAL";
  return "TEXT";
}

Status WriteImpl(std::string_view connection_string, const RowTable& table, bool replace) {
  HUICAI_RETURN_IF_ERROR(Validate(table));
  HUICAI_ASSIGN_OR_RETURN(odbc::Connection connection, odbc::Connection::Open(connection_string));
  const std::string name = QuoteIdentifier(table.name);
  std::string create =
      std::string("CREATE TABLE ") + (replace ? "" : "IF NOT EXISTS ") + name + " (";
  std::string insert = "INSERT INTO " + name + " (";
  std::string marks;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const std::string sep = c == 0 ? "" : ", ";
    create += sep + QuoteIdentifier(table.columns[c]) + " " + SqlType(table, c);
    insert += sep + QuoteIdentifier(table.columns[c]);
    marks += sep + "?";
  }
  create += ")";
  insert += ") VALUES (" + marks + ")";

  std::vector<Bound> bindings;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    bindings.push_back(
        ChooseBinding(table, c, table.column_types.empty() ? "text" : table.column_types[c]));
  }
  std::vector<std::vector<odbc::Value>> rows;
  rows.reserve(table.rows.size());
  for (const auto& row : table.rows) {
    std::vector<odbc::Value> values;
    values.reserve(row.size());
    for (size_t c = 0; c < row.size(); ++c) {
      if (!row[c]) {
        values.emplace_back(std::monostate{});
      } else if (bindings[c] == Bound::kInteger) {
        std::int64_t value = 0;
        std::from_chars(row[c]->data(), row[c]->data() + row[c]->size(), value);
        values.emplace_back(value);
      } else if (bindings[c] == Bound::kReal) {
        double value = 0;
        std::from_chars(row[c]->data(), row[c]->data() + row[c]->size(), value);
        values.emplace_back(value);
      } else {
        values.emplace_back(*row[c]);
      }
    }
    rows.push_back(std::move(values));
  }

  HUICAI_ASSIGN_OR_RETURN(odbc::Transaction transaction, odbc::Transaction::Begin(connection));
  if (replace) {
    HUICAI_RETURN_IF_ERROR(connection.Execute("DROP TABLE IF EXISTS " + name).status());
  }
  HUICAI_RETURN_IF_ERROR(connection.Execute(create).status());
  if (!rows.empty()) HUICAI_RETURN_IF_ERROR(connection.ExecuteBatch(insert, rows).status());
  return transaction.Commit();
}

}  // namespace

Status WriteTable(std::string_view connection_string, const RowTable& table, bool replace) {
  Status status = WriteImpl(connection_string, table, replace);
  if (!status.ok()) return std::move(status).WithContext("writing table " + table.name);
  return status;
}

}  // namespace huicai::connectors
