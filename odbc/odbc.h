#pragma once
// odbc: a thin, safe layer over unixODBC shared by store/ (the hub database) and connectors/
// (partner databases). It hides every SQLHANDLE and SQL_* name; callers see core types.
// Parameters are always bound (never pasted into SQL); reads and writes use arrays of rows.
// Thread-safety: a Connection is used by one thread at a time; open one per thread.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"
#include "core/text.h"

namespace huicai::odbc {

// Which SQL dialect the driver speaks, from SQLGetInfo(SQL_DBMS_NAME).
enum class Dialect { kSqlite, kPostgres, kOther };

// A bound parameter. std::monostate is SQL NULL.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

// One fetched row: every column as text (NULL is nullopt), in select-list order.
using Row = std::vector<std::optional<std::string>>;

struct ConnectOptions {
  int login_timeout_s = 10;  // seconds to wait for the server when connecting
  int query_timeout_s = 0;   // seconds per statement; 0 = no limit
  size_t fetch_rows = 1000;  // rows per array fetch (SQL_ATTR_ROW_ARRAY_SIZE)
  // Large reads: the client holds about fetch_rows rows of a result, not all of it. psqlODBC
  // otherwise loads a whole result into memory before the first row is handed over; with this
  // it reads through a server-side cursor (UseDeclareFetch), fetch_rows rows per round trip.
  // Costs a round trip per small query: set it for bulk reads, not for lookups. Default off.
  bool stream_results = false;
  // Queries (Query, QueryBatches) kept prepared per connection, by SQL text, and run again with
  // new parameters: no new handle, parse or result description per call. A statement that
  // changes the schema (CREATE, ALTER, DROP) through Execute drops them. 0 = prepare every time.
  size_t statement_cache = 64;
};

// The connection string Connection::Open hands the driver. For PostgreSQL (psqlODBC) it adds,
// unless the string sets them: Protocol=7.4-1 (a failed statement fails its transaction, not
// only itself); UseDeclareFetch with Fetch=fetch_rows when options.stream_results; and
// SSLmode=require when Server/Servername is not this machine (psqlODBC's default is no TLS;
// a DSN's own settings are left alone). Other drivers' strings are returned unchanged.
std::string DriverConnectionString(std::string_view connection_string,
                                   const ConnectOptions& options = {});

class Connection {
 public:
  // Opens a connection from an ODBC connection string ("DRIVER=SQLite3;Database=var/hub.db").
  // InvalidArgument: the string names no installed driver (IM002) or is malformed.
  // Unavailable: the server cannot be reached or refused the login (SQLSTATE 08xxx, 28xxx).
  // The message carries the SQLSTATE and the driver's text; passwords never appear in it.
  static Result<Connection> Open(std::string_view connection_string,
                                 const ConnectOptions& options = {});
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  ~Connection();

  Dialect dialect() const;

  // Runs one statement with bound parameters; returns rows affected (-1 when the driver
  // cannot tell). Error codes for every statement function:
  //   Unavailable: connection lost, timeout, lock or serialisation failure (08xxx, HYT00,
  //                HYT01, 40001, 40P01, SQLite "database is locked"): safe to retry.
  //   DataError: a constraint refused the data (23xxx) or a value does not convert (22xxx).
  //   Internal: anything else (a bad statement is a bug).
  Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params = {});

  // Runs a query and returns every row.
  Result<std::vector<Row>> Query(std::string_view sql, std::span<const Value> params = {});

  // Runs a query and hands rows over in arrays of exactly options.fetch_rows (the last one
  // fewer), without holding the whole result. A non-OK Status from on_batch stops the fetch
  // and is returned. Values longer than the bound buffers are re-read whole where the driver
  // allows it (SQLite, PostgreSQL); elsewhere they are a DataError naming the column.
  // `columns` are the result's column names (lower case), valid during the call.
  using BatchFn =
      std::function<Status(std::span<const std::string> columns, std::span<const Row> rows)>;
  Status QueryBatches(std::string_view sql, std::span<const Value> params, const BatchFn& on_batch);

  // Runs one statement for each row of parameters, binding them as parameter arrays
  // (SQL_ATTR_PARAMSET_SIZE) in chunks; every row must have the same number of values and
  // each column the same kind (or NULL). Returns the total rows affected.
  Result<std::int64_t> ExecuteBatch(std::string_view sql, std::span<const std::vector<Value>> rows);

  // Manual transactions: Begin turns autocommit off until Commit or Rollback.
  Status Begin();
  Status Commit();
  Status Rollback();
  bool in_transaction() const;

  // True once a call failed because the connection itself is gone (server restarted or shut
  // down, network cut: SQLSTATE 08xxx, 57P01..57P03, psqlODBC "connection lost"); such errors
  // are Unavailable and their message ends with "(connection lost: reconnect and retry)".
  // A lost Connection stays lost: open a new one (store::Store::Reconnect does).
  bool lost() const;

 private:
  class Impl;  // owns the SQLHENV/SQLHDBC handles
  explicit Connection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Rolls back on scope exit unless Commit() was called.
class Transaction {
 public:
  static Result<Transaction> Begin(Connection& connection);
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Connection* connection) : connection_(connection) {}
  Connection* connection_;
};

// The connection string with PWD=/Password= values replaced by "***", for logs and errors.
using ::huicai::RedactConnectionString;  // core/text.h

}  // namespace huicai::odbc
