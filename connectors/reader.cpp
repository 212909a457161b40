// ReadPartner: array reads past a checkpoint, mapping and checking of each row.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>

#include "connectors/internal/names.h"
#include "connectors/internal/transforms.h"
#include "connectors/partner.h"
#include "core/text.h"
#include "core/validate.h"
#include "odbc/odbc.h"

namespace huicai::connectors {
namespace {

using internal::QuoteIdentifier;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

odbc::Value Bind(std::string_view text, std::string_view type) {
  if (type == "integer") {
    if (auto value = ParseInt(text)) return *value;
  }
  return std::string(text);
}

// The columns read explicitly, in select-list order: keys, watermark, then mapped columns.
struct Plan {
  std::vector<std::string> columns;  // config spelling, distinct
  std::vector<size_t> key_index;
  size_t watermark_index = 0;
  std::vector<size_t> field_index;  // per config.fields
  std::optional<size_t> tombstone_index;
};

size_t AddColumn(Plan& plan, const std::string& column) {
  for (size_t i = 0; i < plan.columns.size(); ++i) {
    if (Lower(plan.columns[i]) == Lower(column)) return i;
  }
  plan.columns.push_back(column);
  return plan.columns.size() - 1;
}

Plan MakePlan(const PartnerConfig& config) {
  Plan plan;
  for (const std::string& key : config.key_columns) plan.key_index.push_back(AddColumn(plan, key));
  plan.watermark_index = AddColumn(plan, config.watermark_column);
  for (const FieldMapping& field : config.fields) {
    plan.field_index.push_back(AddColumn(plan, field.column));
  }
  if (!config.tombstone_column.empty()) {
    plan.tombstone_index = AddColumn(plan, config.tombstone_column);
  }
  return plan;
}

std::string SelectList(const std::vector<std::string>& columns) {
  std::string out;
  for (const std::string& column : columns) {
    if (!out.empty()) out += ", ";
    out += QuoteIdentifier(column);
  }
  return out;
}

bool Exists(odbc::Connection& connection, const std::string& sql, Status& unavailable) {
  auto result = connection.Query(sql);
  if (!result.has_value() && result.error().code() == StatusCode::kUnavailable) {
    unavailable = result.error();
  }
  return result.has_value();
}

// Turns "no such table/column" into InvalidArgument naming what is missing.
Status CheckSchema(odbc::Connection& connection, const PartnerConfig& config, const Plan& plan) {
  const std::string from = " FROM " + QuoteIdentifier(config.table) + " WHERE 1 = 0";
  Status unavailable;
  if (!Exists(connection, "SELECT 1" + from, unavailable)) {
    if (!unavailable.ok()) return unavailable;
    return Status::InvalidArgument("table " + config.table +
                                   " does not exist in the partner database; fix 'table' in "
                                   "the mapping or the connection string");
  }
  if (Exists(connection, "SELECT " + SelectList(plan.columns) + from, unavailable)) return {};
  if (!unavailable.ok()) return unavailable;
  for (const std::string& column : plan.columns) {
    if (!Exists(connection, "SELECT " + QuoteIdentifier(column) + from, unavailable)) {
      if (!unavailable.ok()) return unavailable;
      return Status::InvalidArgument("column " + column + " does not exist in table " +
                                     config.table + "; fix the mapping");
    }
  }
  return Status::Internal("the columns of table " + config.table +
                          " exist one by one but cannot be selected together");
}

// "k1 > ? OR (k1 = ? AND (k2 > ? ...))" with its parameters: the key tuple after `parts`.
std::string KeyAfter(const PartnerConfig& config, const std::vector<std::string>& parts, size_t i,
                     std::vector<odbc::Value>& params) {
  const std::string column = QuoteIdentifier(config.key_columns[i]);
  const odbc::Value value = Bind(parts[i], config.key_types[i]);
  params.push_back(value);
  if (i + 1 == parts.size()) return column + " > ?";
  params.push_back(value);
  return column + " > ? OR (" + column + " = ? AND (" + KeyAfter(config, parts, i + 1, params) +
         "))";
}

Result<std::string> WhereClause(const PartnerConfig& config, const Checkpoint& from,
                                std::vector<odbc::Value>& params) {
  if (from.watermark.empty() && from.key.empty()) return std::string();
  const std::vector<std::string> parts = internal::SplitKey(from.key);
  if (parts.size() != config.key_columns.size()) {
    return Status::InvalidArgument(
        "checkpoint key has " + std::to_string(parts.size()) + " parts but partner " + config.name +
        " has " + std::to_string(config.key_columns.size()) + " key columns; reset the checkpoint");
  }
  const std::string wm = QuoteIdentifier(config.watermark_column);
  if (from.watermark.empty()) {  // the last row read had a NULL watermark
    return " WHERE " + wm + " IS NOT NULL OR (" + wm + " IS NULL AND (" +
           KeyAfter(config, parts, 0, params) + "))";
  }
  odbc::Value mark = from.watermark;
  if (config.watermark_type == "integer") {
    auto value = ParseInt(from.watermark);
    if (!value) {
      return Status::InvalidArgument("checkpoint watermark '" + from.watermark +
                                     "' is not an integer but partner " + config.name +
                                     " has an integer watermark; reset the checkpoint");
    }
    mark = *value;
  }
  params.push_back(mark);
  params.push_back(mark);
  return " WHERE " + wm + " > ? OR (" + wm + " = ? AND (" + KeyAfter(config, parts, 0, params) +
         "))";
}

std::string OrderBy(const PartnerConfig& config) {
  std::string out = " ORDER BY " + QuoteIdentifier(config.watermark_column) + " NULLS FIRST";
  for (const std::string& key : config.key_columns) {
    out += ", " + QuoteIdentifier(key) + " NULLS FIRST";
  }
  return out;
}

class RowMapper {
 public:
  RowMapper(const PartnerConfig& config, const Plan& plan) : config_(config), plan_(plan) {
    for (const std::string& column : plan.columns) spelling_[Lower(column)] = column;
    for (const FieldMapping& field : config.fields) {
      required_.push_back(field.required || std::find(field.checks.begin(), field.checks.end(),
                                                      "required") != field.checks.end());
    }
  }

  // Maps one row (explicit columns, then every column of the table) into `batch`. `previous`
  // is the row read just before (nullptr for the first): an exact duplicate of it is counted,
  // not loaded. The caller keeps it alive; no row is copied here.
  void Map(std::span<const std::string> names, const odbc::Row& row, const odbc::Row* previous,
           MappedBatch& batch) {
    if (previous != nullptr && *previous == row) {
      ++batch.duplicates;
      return;
    }

    std::vector<std::string> key_parts;
    key_parts.reserve(plan_.key_index.size());
    std::string missing;
    for (size_t i = 0; i < plan_.key_index.size(); ++i) {
      const auto& cell = row[plan_.key_index[i]];
      if (!cell && missing.empty()) missing = "key column " + config_.key_columns[i];
      key_parts.push_back(cell.value_or(""));
    }
    const auto& mark = row[plan_.watermark_index];
    if (!mark && missing.empty()) missing = "watermark column " + config_.watermark_column;
    std::string source_key = internal::JoinKey(key_parts);
    batch.last.watermark = mark.value_or("");
    batch.last.key = source_key;

    // The raw values are built only for a rejection: most rows pass.
    auto reject = [&](std::string reason, std::string message) {
      std::map<std::string, std::string> raw;
      for (size_t i = plan_.columns.size(); i < row.size() && i < names.size(); ++i) {
        auto hit = spelling_.find(names[i]);
        raw[hit != spelling_.end() ? hit->second : names[i]] = row[i].value_or("");
      }
      batch.rejections.push_back(Rejection{config_.name, std::move(source_key), std::move(reason),
                                           std::move(message), std::move(raw)});
    };
    if (!missing.empty()) {
      reject("missing_field", missing + " is NULL; the partner must fill it");
      return;
    }

    Record record{config_.name, config_.kind, source_key, *mark, {}, false};
    if (plan_.tombstone_index) {
      const std::string flag = Trim(row[*plan_.tombstone_index].value_or(""));
      if (std::find(config_.tombstone_values.begin(), config_.tombstone_values.end(), flag) !=
          config_.tombstone_values.end()) {
        // A deletion needs no valid content: the key says what to delete.
        record.deleted = true;
        batch.records.push_back(std::move(record));
        return;
      }
    }
    for (size_t f = 0; f < config_.fields.size(); ++f) {
      const FieldMapping& field = config_.fields[f];
      auto where = [&field]() { return "column " + field.column + " (" + field.target + "): "; };
      const auto& cell = row[plan_.field_index[f]];
      std::string value = cell ? Trim(*cell) : std::string();
      if (!IsValidUtf8(value)) {
        reject("bad_encoding", where() + "is not valid UTF-8");
        return;
      }
      if (value.empty()) {
        if (required_[f]) {
          reject("missing_field", where() + "is empty but required");
          return;
        }
        continue;
      }
      for (const std::string& transform : field.transforms) {
        internal::TransformResult result =
            internal::ApplyTransform(transform, value, config_.code_tables);
        if (!result.reason_code.empty()) {
          reject(std::move(result.reason_code), where() + result.message);
          return;
        }
        value = std::move(result.value);
      }
      for (const std::string& check : field.checks) {
        FieldCheck result = CheckField(check, value);
        if (!result.ok()) {
          reject(std::move(result.reason_code), where() + result.message);
          return;
        }
        value = std::move(result.value);
      }
      if (value.empty() && field.required) {
        reject("missing_field", where() + "is empty after normalisation but required");
        return;
      }
      if (!value.empty()) record.fields[field.target] = std::move(value);
    }
    batch.records.push_back(std::move(record));
  }

 private:
  const PartnerConfig& config_;
  const Plan& plan_;
  std::map<std::string, std::string> spelling_;  // lower-case name -> config spelling
  std::vector<bool> required_;                   // per field: required or checked "required"
};

Status ReadImpl(const PartnerConfig& config, const Checkpoint& from,
                const std::function<Status(MappedBatch&&)>& on_batch, bool& stopped_by_caller) {
  if (config.key_types.size() != config.key_columns.size() || config.key_columns.empty() ||
      config.fields.empty()) {
    return Status::InvalidArgument(
        "mapping needs key columns (with one key type each) and "
        "fields; load it with LoadPartnerConfig");
  }
  std::vector<std::string> names = config.key_columns;
  names.push_back(config.table);
  names.push_back(config.watermark_column);
  for (const FieldMapping& field : config.fields) names.push_back(field.column);
  if (!config.tombstone_column.empty()) names.push_back(config.tombstone_column);
  for (const std::string& name : names) {
    if (!internal::IsIdentifier(name)) {
      return Status::InvalidArgument("'" + name +
                                     "' is not a plain identifier (letters, digits, underscore)");
    }
  }
  HUICAI_ASSIGN_OR_RETURN(std::string connection_string, ExpandEnvironment(config.connection));
  odbc::ConnectOptions options;
  options.fetch_rows = config.batch_rows;
  options.stream_results = true;  // memory stays flat however large the partner table
  HUICAI_ASSIGN_OR_RETURN(odbc::Connection connection,
                          odbc::Connection::Open(connection_string, options));
  const Plan plan = MakePlan(config);
  HUICAI_RETURN_IF_ERROR(CheckSchema(connection, config, plan));

  std::vector<odbc::Value> params;
  HUICAI_ASSIGN_OR_RETURN(std::string where, WhereClause(config, from, params));
  const std::string sql = "SELECT " + SelectList(plan.columns) + ", * FROM " +
                          QuoteIdentifier(config.table) + where + OrderBy(config);
  RowMapper mapper(config, plan);
  Checkpoint last = from;
  Status callback_status;
  // The last row of the batch before: duplicates are detected across batch boundaries while
  // only one row is ever kept (memory stays flat however many rows are read).
  std::optional<odbc::Row> previous;
  Status status = connection.QueryBatches(
      sql, params, [&](std::span<const std::string> columns, std::span<const odbc::Row> rows) {
        MappedBatch batch;
        batch.last = last;
        batch.records.reserve(rows.size());
        const odbc::Row* before = previous ? &*previous : nullptr;
        for (const odbc::Row& row : rows) {
          mapper.Map(columns, row, before, batch);
          before = &row;
        }
        if (!rows.empty()) previous = rows.back();
        last = batch.last;
        callback_status = on_batch(std::move(batch));
        return callback_status;
      });
  if (!callback_status.ok()) {
    stopped_by_caller = true;
    return callback_status;
  }
  return status;
}

}  // namespace

Status ReadPartner(const PartnerConfig& config, const Checkpoint& from,
                   const std::function<Status(MappedBatch&&)>& on_batch) {
  bool stopped_by_caller = false;
  Status status = ReadImpl(config, from, on_batch, stopped_by_caller);
  if (!status.ok() && !stopped_by_caller)
    return std::move(status).WithContext("partner " + config.name);
  return status;
}

MappedBatch MapRawRow(const PartnerConfig& config, const std::map<std::string, std::string>& raw) {
  const Plan plan = MakePlan(config);
  std::map<std::string, std::string> by_lower;
  for (const auto& [column, value] : raw) by_lower[Lower(column)] = value;
  // The row as a read would see it: the plan's columns, then every column of the table.
  std::vector<std::string> names;
  odbc::Row row;
  for (const std::string& column : plan.columns) {
    names.push_back(Lower(column));
    auto hit = by_lower.find(Lower(column));
    row.push_back(hit == by_lower.end() ? std::nullopt : std::optional<std::string>(hit->second));
  }
  for (const auto& [column, value] : by_lower) {
    names.push_back(column);
    row.push_back(value);
  }
  MappedBatch batch;
  RowMapper mapper(config, plan);
  mapper.Map(names, row, nullptr, batch);
  return batch;
}

}  // namespace huicai::connectors
