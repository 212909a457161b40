#pragma once
// connectors: reads partner databases (education, police, tax, bank, insurance, the card
// register) through ODBC by a declarative mapping file (config/partners/<name>.toml, format in
// docs/partners.md), and turns each row into a huicai::Record or, when a check fails, a
// huicai::Rejection. No ODBC handle or toml++ type crosses this header.
// Thread-safety: every function here is reentrant; one ReadPartner call uses its own
// connection. A PartnerConfig is a plain value.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace huicai::connectors {

// One target field of a Record and where it comes from.
struct FieldMapping {
  std::string target;  // Record field name, e.g. "id_number"
  std::string column;  // source column (letters, digits, underscore)
  // Applied in order after the value is trimmed: "trim", "halfwidth", "upper", "lower",
  // "list" (split on ; , ；、 and re-join with ';'), "date:yyyymmdd", "date:slash" (1980/1/5),
  // "date:cn" (2019年3月5日), "date:iso" (YYYY-MM-DD[ HH:MM:SS]), "date:yyyymm" (gives
  // "YYYY-MM"), "date:epoch" (seconds, gives the date in China Standard Time), "code:<table>".
  // Every date:* except yyyymm gives ISO "YYYY-MM-DD".
  std::vector<std::string> transforms;
  std::vector<std::string> checks;  // core CheckField rules run after the transforms
  bool required = false;            // an empty value is a "missing_field" rejection
};

struct PartnerConfig {
  std::string name;   // "tax"; defaults to the file's stem
  std::string title;  // for people: "税务"
  // ODBC connection string; ${VAR} is expanded from the environment when the partner is
  // read (never store secrets here). Default:
  // DRIVER=SQLite3;Database=${HUICAI_PARTNER_DIR}/<name>.db
  std::string connection;
  std::string table;
  std::vector<std::string> key_columns;  // at least one
  std::vector<std::string> key_types;    // per key column "text" (default) or "integer"
  std::string watermark_column;
  std::string watermark_type;  // "integer" or "text"
  // Optional: a column whose value marks a deleted row (e.g. "D" or "1"); such rows become
  // Records with deleted = true and only their key.
  std::string tombstone_column;
  std::vector<std::string> tombstone_values;
  std::string kind;  // Record.kind: "identity", "degree", ...
  std::vector<FieldMapping> fields;
  std::map<std::string, std::map<std::string, std::string>> code_tables;  // table -> code -> value
  size_t batch_rows = 1000;  // rows per array fetch and per on_batch call
};

// Reads and checks one mapping file. Identifiers (table, columns) must be letters, digits and
// underscores; transforms and code tables must be known.
// InvalidArgument: the file cannot be read or parsed, or a setting is missing or wrong; the
// message names the file, the line and the problem. NotFound: the file does not exist.
[[nodiscard]] Result<PartnerConfig> LoadPartnerConfig(const std::filesystem::path& toml_file);

// Every *.toml in `dir`, sorted by partner name. InvalidArgument as above, or when two files
// declare the same name. NotFound: `dir` is not a directory.
[[nodiscard]] Result<std::vector<PartnerConfig>> LoadPartnerConfigs(
    const std::filesystem::path& dir);

// Replaces every ${VAR} in `text` with the environment variable's value.
// InvalidArgument: a variable is unset (the message names it) or a "${" is not closed.
[[nodiscard]] Result<std::string> ExpandEnvironment(std::string_view text);

// Where a read stopped: resume strictly after the row with this watermark and key.
// `key` is the row's source key: key column values joined by '|', with '\' and '|' inside a
// value escaped by a backslash. An empty watermark and key means "from the start".
struct Checkpoint {
  std::string watermark;
  std::string key;
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// Text form stored by the hub: "" for the start, else "<bytes of watermark>:<watermark>|<key>".
std::string EncodeCheckpoint(const Checkpoint& checkpoint);
// DataError: the text was not made by EncodeCheckpoint.
[[nodiscard]] Result<Checkpoint> DecodeCheckpoint(std::string_view text);

struct MappedBatch {
  std::vector<Record> records;        // rows that passed every check, fields normalised
  std::vector<Rejection> rejections;  // rows refused, with reason code and raw values
  Checkpoint last;                    // checkpoint after this batch (its last row)
  std::int64_t duplicates = 0;        // exact duplicate rows passed over in this batch
};

// Maps and checks one row given as column -> text (the raw values a quarantine entry keeps),
// exactly as a read would: the result holds one record or one rejection. For re-validating
// quarantined rows after a mapping fix.
MappedBatch MapRawRow(const PartnerConfig& config, const std::map<std::string, std::string>& raw);

// Reads the rows strictly after `from` in (watermark, key columns) order - each key column
// compared in turn in the database's own ordering, NULLs first - maps and checks them, and
// calls on_batch once per array of up to config.batch_rows rows. Exact duplicate rows (same
// watermark, key and content) that follow each other are passed on once. A row with a NULL
// watermark or key column is a "missing_field" rejection.
// Errors: Unavailable: the partner database is down or busy (retry later). InvalidArgument:
// the connection string is wrong (unset variable, unknown driver), the table or a mapped
// column does not exist (the message names it), or `from` does not fit the watermark type.
// A non-OK Status from on_batch stops the read and is returned as is.
[[nodiscard]] Status ReadPartner(const PartnerConfig& config, const Checkpoint& from,
                                 const std::function<Status(MappedBatch&&)>& on_batch);

}  // namespace huicai::connectors
