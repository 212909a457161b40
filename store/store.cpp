// Store: connection, migrations, checkpoints, change log and partner sync.
#include "store/store.h"

#include <cassert>
#include <filesystem>

#include "store/internal/store_impl.h"

namespace huicai::store {
namespace {

using internal::SqlDialect;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value of `key` in an ODBC connection string, or "".
std::string ConnValue(std::string_view conn, std::string_view key) {
  std::string lower = Lower(conn);
  std::string needle = Lower(key) + "=";
  size_t at = 0;
  while ((at = lower.find(needle, at)) != std::string::npos) {
    if (at == 0 || lower[at - 1] == ';' || lower[at - 1] == ' ') {
      size_t start = at + needle.size();
      size_t end = conn.find(';', start);
      return std::string(
          conn.substr(start, end == std::string_view::npos ? conn.size() - start : end - start));
    }
    at += needle.size();
  }
  return "";
}

}  // namespace

Result<std::int64_t> Store::Impl::InsertReturningId(std::string_view sql,
                                                    std::vector<Value> params) {
  if (dialect == SqlDialect::kSqlite) {
    // The SQLite ODBC driver runs INSERT ... RETURNING but hands back no rows; the rowid of the
    // last insert on this connection is the same value.
    constexpr std::string_view kSuffix = " RETURNING id";
    assert(sql.ends_with(kSuffix));
    sql.remove_suffix(kSuffix.size());
    HUICAI_RETURN_IF_ERROR(conn.Execute(sql, params).status());
    HUICAI_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT last_insert_rowid()"));
    return internal::Int(rows.at(0).at(0), "last_insert_rowid()");
  }
  HUICAI_ASSIGN_OR_RETURN(auto rows, conn.Query(sql, params));
  if (rows.size() != 1 || rows[0].empty()) {
    return Status::Internal("INSERT ... RETURNING gave " + std::to_string(rows.size()) + " rows");
  }
  return internal::Int(rows[0][0], "id");
}

Result<odbc::Transaction> Store::Impl::BeginWrite() {
  HUICAI_ASSIGN_OR_RETURN(auto txn, odbc::Transaction::Begin(conn));
  HUICAI_RETURN_IF_ERROR(Exec("UPDATE write_lock SET n = n + 1 WHERE id = 1").status());
  return txn;
}

Status Store::Impl::AppendChange(std::string_view entity, std::int64_t id, std::string_view op) {
  return Exec("INSERT INTO change_log (entity, entity_id, op, created_at) VALUES (?, ?, ?, ?)",
              {T(entity), I(id), T(op), T(internal::NowUtc())})
      .status();
}

Status Store::Impl::SetCheckpointTx(std::string_view name, std::string_view value) {
  return Exec(
             "INSERT INTO checkpoint (name, value, updated_at) VALUES (?, ?, ?) "
             "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
             "updated_at = excluded.updated_at WHERE checkpoint.value <> excluded.value",
             {T(name), T(value), T(internal::NowUtc())})
      .status();
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Result<Store> Store::Open(const StoreOptions& options) {
  std::string conn = options.connection_string;
  const bool sqlite = Lower(conn).find("sqlite") != std::string::npos;
  if (sqlite) {
    if (!conn.empty() && conn.back() != ';') conn += ';';
    if (ConnValue(conn, "FKSupport").empty()) conn += "FKSupport=1;";
    if (ConnValue(conn, "Timeout").empty()) conn += "Timeout=30000;";
    std::filesystem::path file = ConnValue(conn, "Database");
    std::error_code ec;
    if (file.has_parent_path() && !std::filesystem::exists(file.parent_path(), ec)) {
      std::filesystem::create_directories(file.parent_path(), ec);
      if (ec) {
        return Status::InvalidArgument("store: cannot create the folder " +
                                       file.parent_path().string() + ": " + ec.message());
      }
    }
  }
  auto opened = odbc::Connection::Open(conn);
  if (!opened.has_value()) return opened.error().WithContext("store");
  auto impl = std::make_unique<Impl>(std::move(opened).value(), conn);
  switch (impl->conn.dialect()) {
    case odbc::Dialect::kSqlite:
      impl->dialect = SqlDialect::kSqlite;
      // WAL lets readers go on while one writer writes.
      HUICAI_RETURN_IF_ERROR(impl->Query("PRAGMA journal_mode=WAL").status());
      break;
    case odbc::Dialect::kPostgres:
      impl->dialect = SqlDialect::kPostgres;
      break;
    case odbc::Dialect::kOther:
      return Status::InvalidArgument(
          "store: the hub database must be SQLite or PostgreSQL; the connection string " +
          odbc::RedactConnectionString(options.connection_string) + " reaches another DBMS");
  }
  return Store(std::move(impl));
}

Status Store::Impl::Reconnect() {
  auto opened = odbc::Connection::Open(conn_string);
  if (!opened.has_value()) {
    return opened.error().WithContext("store: reconnecting after a lost connection");
  }
  conn = std::move(opened).value();
  return Status::Ok();
}

Status Store::Reconnect() { return impl_->Reconnect(); }

std::string_view Store::dialect_name() const {
  return impl_->dialect == SqlDialect::kSqlite ? "sqlite" : "postgres";
}

int Store::LatestSchemaVersion() {
  return static_cast<int>(internal::Migrations(SqlDialect::kSqlite).size());
}

Result<int> Store::SchemaVersion() {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_RETURN_IF_ERROR(impl_->Exec(internal::kCreateSchemaVersion).status());
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query("SELECT MAX(version) FROM schema_version"));
  if (rows.empty() || !rows[0][0].has_value()) return 0;
  HUICAI_ASSIGN_OR_RETURN(std::int64_t v, internal::Int(rows[0][0], "version"));
  return static_cast<int>(v);
}

Status Store::Migrate() {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(int current, SchemaVersion());
  const auto& migrations = internal::Migrations(impl_->dialect);
  if (current > static_cast<int>(migrations.size())) {
    return Status::DataError("store: the database has schema version " + std::to_string(current) +
                             ", newer than this build knows (" + std::to_string(migrations.size()) +
                             "); upgrade huicai");
  }
  for (int v = current + 1; v <= static_cast<int>(migrations.size()); ++v) {
    HUICAI_ASSIGN_OR_RETURN(auto txn, odbc::Transaction::Begin(impl_->conn));
    for (const std::string& sql : migrations[static_cast<size_t>(v - 1)]) {
      auto done = impl_->Exec(sql);
      if (!done.has_value()) return done.error().WithContext("migration " + std::to_string(v));
    }
    HUICAI_RETURN_IF_ERROR(
        impl_
            ->Exec("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                   {I(v), T(internal::NowUtc())})
            .status());
    HUICAI_RETURN_IF_ERROR(txn.Commit());
  }
  return Status::Ok();
}

std::string Store::PartnerCheckpoint(std::string_view partner) {
  return "partner:" + std::string(partner);
}

Result<std::string> Store::GetCheckpoint(std::string_view name) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows,
                          impl_->Query("SELECT value FROM checkpoint WHERE name = ?", {T(name)}));
  if (rows.empty()) return std::string();
  return internal::Text(rows[0][0]);
}

Status Store::SetCheckpoint(std::string_view name, std::string_view value) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  HUICAI_RETURN_IF_ERROR(impl_->SetCheckpointTx(name, value));
  return txn.Commit();
}

Result<std::int64_t> Store::LastChangeSeq() {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows,
                          impl_->Query("SELECT COALESCE(MAX(seq), 0) FROM change_log", {}));
  if (rows.empty()) return std::int64_t{0};
  return internal::Int(rows[0][0], "seq");
}

Result<std::vector<Change>> Store::ChangesSince(std::int64_t seq, size_t limit) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(
      auto rows, impl_->Query("SELECT seq, entity, entity_id, op FROM change_log WHERE seq > ? "
                              "ORDER BY seq LIMIT ?",
                              {I(seq), I(static_cast<std::int64_t>(limit))}));
  std::vector<Change> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    Change c;
    HUICAI_ASSIGN_OR_RETURN(c.seq, internal::Int(r[0], "seq"));
    c.entity = internal::Text(r[1]);
    HUICAI_ASSIGN_OR_RETURN(c.entity_id, internal::Int(r[2], "entity_id"));
    c.op = internal::Text(r[3]);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace huicai::store
