#include "odbc/odbc.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>

#include "odbc/internal/diag.h"

namespace huicai::odbc {
namespace {

using internal::ErrorFrom;
using internal::Succeeded;

constexpr size_t kMaxBoundWidth = 16001;   // bytes per bound cell for sized columns
constexpr size_t kLongColumnWidth = 1024;  // bytes per bound cell for long/unsized columns
// The same when rows are fetched one at a time (see FetchBatches): longer values are re-read.
constexpr size_t kNarrowLongColumnWidth = 256;
constexpr size_t kMaxUnsplitWidth = 65537;    // the same without SQL_GD_BLOCK
constexpr size_t kMaxBatchBytes = 32u << 20;  // memory for one fetched or bound array
constexpr size_t kMaxParamRows = 1000;        // parameter sets per SQLExecute

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The start of a statement for error messages (never data: parameters are bound).
std::string SqlHead(std::string_view sql) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= 80) {
      out += "...";
      break;
    }
  }
  return "`" + out + "`";
}

SQLCHAR* SqlText(std::string_view sql, std::string& holder) {
  holder.assign(sql);
  return reinterpret_cast<SQLCHAR*>(holder.data());
}

// Owns one statement handle.
class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() {
    if (h_ != SQL_NULL_HSTMT) SQLFreeHandle(SQL_HANDLE_STMT, h_);
  }
  SQLHSTMT h_ = SQL_NULL_HSTMT;
};

// Storage for one bound scalar parameter; must not move between bind and execute.
struct ParamSlot {
  SQLLEN ind = 0;
  std::int64_t i = 0;
  double d = 0;
};

SQLPOINTER IntAttr(SQLULEN value) { return reinterpret_cast<SQLPOINTER>(value); }

Status BindOne(SQLHSTMT h, SQLUSMALLINT n, const Value& v, ParamSlot& slot, std::string_view what) {
  SQLRETURN rc = SQL_SUCCESS;
  if (std::holds_alternative<std::monostate>(v)) {
    slot.ind = SQL_NULL_DATA;
    rc = SQLBindParameter(h, n, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 1, 0, nullptr, 0,
                          &slot.ind);
  } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
    slot.i = *i;
    slot.ind = 0;
    rc = SQLBindParameter(h, n, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_BIGINT, 0, 0, &slot.i, 0,
                          &slot.ind);
  } else if (const auto* d = std::get_if<double>(&v)) {
    slot.d = *d;
    slot.ind = 0;
    rc = SQLBindParameter(h, n, SQL_PARAM_INPUT, SQL_C_DOUBLE, SQL_DOUBLE, 15, 0, &slot.d, 0,
                          &slot.ind);
  } else {
    const std::string& s = std::get<std::string>(v);
    slot.ind = static_cast<SQLLEN>(s.size());
    SQLSMALLINT type = s.size() > 4000 ? SQL_LONGVARCHAR : SQL_VARCHAR;
    rc = SQLBindParameter(h, n, SQL_PARAM_INPUT, SQL_C_CHAR, type, std::max<SQLULEN>(s.size(), 1),
                          0, const_cast<char*>(s.data()), slot.ind, &slot.ind);
  }
  if (!Succeeded(rc)) {
    return ErrorFrom(SQL_HANDLE_STMT, h,
                     std::string(what) + ": binding parameter " + std::to_string(n));
  }
  return Status::Ok();
}

// One result column bound for array fetch.
struct BoundColumn {
  std::string name;
  size_t width = 0;  // bytes per cell including the terminating NUL
  // Left uninitialised: the driver writes each cell it reports, and zeroing tens of MiB for a
  // one-row lookup was most of a sync's time.
  std::unique_ptr<char[]> data;
  std::vector<SQLLEN> ind;
};

// Reads a whole cell with SQLGetData, after positioning on row `row` (1-based) of the rowset.
Result<std::optional<std::string>> ReadLongCell(SQLHSTMT h, SQLULEN rowset_size, SQLUSMALLINT row,
                                                SQLUSMALLINT column, const std::string& name,
                                                std::string_view what) {
  if (rowset_size > 1) {
    SQLRETURN rc = SQLSetPos(h, row, SQL_POSITION, SQL_LOCK_NO_CHANGE);
    if (!Succeeded(rc)) {
      return ErrorFrom(SQL_HANDLE_STMT, h,
                       std::string(what) + ": column " + name +
                           " holds a long value and the driver cannot re-read it in an array "
                           "fetch; lower fetch_rows to 1 for this query");
    }
  }
  std::string value;
  std::array<char, 8192> chunk{};
  for (;;) {
    SQLLEN got = 0;
    SQLRETURN rc =
        SQLGetData(h, column, SQL_C_CHAR, chunk.data(), static_cast<SQLLEN>(chunk.size()), &got);
    if (rc == SQL_NO_DATA) break;
    if (!Succeeded(rc)) {
      return ErrorFrom(SQL_HANDLE_STMT, h, std::string(what) + ": reading column " + name);
    }
    if (got == SQL_NULL_DATA) return std::optional<std::string>();
    size_t n = (got == SQL_NO_TOTAL || static_cast<size_t>(got) >= chunk.size())
                   ? chunk.size() - 1
                   : static_cast<size_t>(got);
    value.append(chunk.data(), n);
    if (rc == SQL_SUCCESS) break;
  }
  return std::optional<std::string>(std::move(value));
}

// Fetches the open result of `h` in arrays and hands them to `on_batch`.
// `can_reread` says the driver can position inside a rowset and SQLGetData there
// (SQL_GD_BLOCK). `getdata_bound` says it can SQLGetData a bound column of the current row
// (SQL_GD_BOUND). Drivers with neither get buffers for long columns as large as they declare.
//
// Why the single-row mode: the SQLite driver declares TEXT 64 KiB wide and fills every bound
// cell to its full buffer length (strncpy), so binding long columns at their declared width
// cost 64 KiB of memory writes per cell - a third of a whole sync. Without SQL_GD_BLOCK a
// truncated cell of an array cannot be re-read, but one of a single-row rowset can (GD_BOUND):
// such drivers fetch one row at a time into narrow buffers and read the rare longer value with
// SQLGetData. Callers still get batches of exactly fetch_rows rows.
// A result's columns described and bound for array fetch; the statement keeps pointing into it
// (bound buffers, rows fetched, row status), so it must not move while the statement lives.
struct ResultLayout {
  std::vector<BoundColumn> cols;  // empty: the statement returns no result set
  std::vector<std::string> names;
  SQLULEN rows_per = 1;
  SQLULEN fetched = 0;
  std::vector<SQLUSMALLINT> row_status;
};

// Describes the executed statement's result and binds `layout` to it.
Status BindResult(SQLHSTMT h, size_t fetch_rows, bool can_reread, bool getdata_bound,
                  ResultLayout& layout, std::string_view what) {
  SQLSMALLINT ncols = 0;
  if (!Succeeded(SQLNumResultCols(h, &ncols))) return ErrorFrom(SQL_HANDLE_STMT, h, what);
  layout.cols.clear();
  layout.names.clear();
  if (ncols <= 0) return Status::Ok();
  std::vector<BoundColumn>& cols = layout.cols;
  cols.resize(static_cast<size_t>(ncols));
  std::vector<std::string>& names = layout.names;
  std::vector<bool> is_long(cols.size());
  std::vector<SQLULEN> sizes(cols.size());
  for (SQLSMALLINT c = 1; c <= ncols; ++c) {
    std::array<SQLCHAR, 256> name{};
    SQLSMALLINT name_len = 0, type = 0, digits = 0, nullable = 0;
    SQLULEN size = 0;
    if (!Succeeded(SQLDescribeCol(h, static_cast<SQLUSMALLINT>(c), name.data(),
                                  static_cast<SQLSMALLINT>(name.size()), &name_len, &type, &size,
                                  &digits, &nullable))) {
      return ErrorFrom(SQL_HANDLE_STMT, h, std::string(what) + ": describing the result");
    }
    const auto i = static_cast<size_t>(c - 1);
    cols[i].name = Lower(reinterpret_cast<const char*>(name.data()));
    is_long[i] = type == SQL_LONGVARCHAR || type == SQL_WLONGVARCHAR || type == SQL_LONGVARBINARY ||
                 size == 0 || size > 4000;
    sizes[i] = size;
    names.push_back(cols[i].name);
  }
  const bool any_long = std::find(is_long.begin(), is_long.end(), true) != is_long.end();
  const bool single_row = !can_reread && getdata_bound && any_long;
  size_t row_bytes = 0;
  for (size_t i = 0; i < cols.size(); ++i) {
    BoundColumn& col = cols[i];
    if (!is_long[i]) {
      col.width = std::clamp<size_t>(sizes[i] * 4 + 1, 40, kMaxBoundWidth);
    } else if (single_row) {
      col.width = kNarrowLongColumnWidth;
    } else if (can_reread) {
      col.width = kLongColumnWidth;
    } else {
      col.width = std::clamp<size_t>(sizes[i] + 1, kLongColumnWidth, kMaxUnsplitWidth);
    }
    row_bytes += col.width + sizeof(SQLLEN);
  }
  SQLULEN rows_per =
      single_row ? 1 : std::max<size_t>(1, std::min(fetch_rows, kMaxBatchBytes / row_bytes));
  if (!Succeeded(SQLSetStmtAttr(h, SQL_ATTR_ROW_BIND_TYPE, IntAttr(SQL_BIND_BY_COLUMN), 0)) ||
      !Succeeded(SQLSetStmtAttr(h, SQL_ATTR_ROW_ARRAY_SIZE, IntAttr(rows_per), 0))) {
    return ErrorFrom(SQL_HANDLE_STMT, h, std::string(what) + ": setting the fetch array size");
  }
  SQLULEN actual = 0;
  if (Succeeded(SQLGetStmtAttr(h, SQL_ATTR_ROW_ARRAY_SIZE, &actual, 0, nullptr)) && actual > 0) {
    rows_per = actual;
  }
  layout.rows_per = rows_per;
  layout.row_status.assign(rows_per, 0);
  SQLSetStmtAttr(h, SQL_ATTR_ROWS_FETCHED_PTR, &layout.fetched, 0);
  SQLSetStmtAttr(h, SQL_ATTR_ROW_STATUS_PTR, layout.row_status.data(), 0);
  for (SQLUSMALLINT c = 1; c <= static_cast<SQLUSMALLINT>(ncols); ++c) {
    BoundColumn& col = cols[c - 1u];
    col.data = std::make_unique_for_overwrite<char[]>(col.width * rows_per);
    col.ind.resize(rows_per);
    if (!Succeeded(SQLBindCol(h, c, SQL_C_CHAR, col.data.get(), static_cast<SQLLEN>(col.width),
                              col.ind.data()))) {
      return ErrorFrom(SQL_HANDLE_STMT, h, std::string(what) + ": binding column " + col.name);
    }
  }
  return Status::Ok();
}

// Fetches the open result of `h`, bound to `layout` by BindResult, and hands it to `on_batch`
// in batches of fetch_rows rows.
Status FetchInto(SQLHSTMT h, ResultLayout& layout, size_t fetch_rows, bool can_reread,
                 const Connection::BatchFn& on_batch, std::string_view what) {
  const std::vector<BoundColumn>& cols = layout.cols;
  if (cols.empty()) return Status::Ok();
  const SQLULEN rows_per = layout.rows_per;
  SQLULEN& fetched = layout.fetched;
  const std::vector<SQLUSMALLINT>& row_status = layout.row_status;
  const std::vector<std::string>& names = layout.names;
  std::vector<Row> rows;
  for (;;) {
    fetched = 0;
    SQLRETURN rc = SQLFetchScroll(h, SQL_FETCH_NEXT, 0);
    if (rc == SQL_NO_DATA) break;
    if (!Succeeded(rc)) return ErrorFrom(SQL_HANDLE_STMT, h, std::string(what) + ": fetching");
    for (SQLULEN r = 0; r < fetched; ++r) {
      if (row_status[r] == SQL_ROW_NOROW) continue;
      if (row_status[r] == SQL_ROW_ERROR) {
        return ErrorFrom(SQL_HANDLE_STMT, h, std::string(what) + ": fetching row");
      }
      Row row(cols.size());
      for (size_t c = 0; c < cols.size(); ++c) {
        const BoundColumn& col = cols[c];
        SQLLEN ind = col.ind[r];
        if (ind == SQL_NULL_DATA) continue;
        if (ind == SQL_NO_TOTAL || static_cast<size_t>(ind) >= col.width) {
          if (!can_reread && rows_per > 1) {
            return Status::DataError(std::string(what) + ": column " + col.name +
                                     " holds a value longer than " + std::to_string(col.width - 1) +
                                     " bytes, which this driver cannot fetch in arrays; "
                                     "use fetch_rows = 1 for this query");
          }
          HUICAI_ASSIGN_OR_RETURN(row[c],
                                  ReadLongCell(h, rows_per, static_cast<SQLUSMALLINT>(r + 1),
                                               static_cast<SQLUSMALLINT>(c + 1), col.name, what));
          continue;
        }
        row[c] = std::string(col.data.get() + r * col.width, static_cast<size_t>(ind));
      }
      rows.push_back(std::move(row));
      // Batches hold exactly fetch_rows rows (the last one fewer) even when the driver's wide
      // columns force smaller rowsets (the SQLite driver declares TEXT 64 KiB wide): callers
      // commit per batch, so batch size is theirs to choose.
      if (rows.size() >= fetch_rows) {
        HUICAI_RETURN_IF_ERROR(on_batch(names, rows));
        rows.clear();
      }
    }
  }
  if (!rows.empty()) HUICAI_RETURN_IF_ERROR(on_batch(names, rows));
  return Status::Ok();
}

Status FetchBatches(SQLHSTMT h, size_t fetch_rows, bool can_reread, bool getdata_bound,
                    const Connection::BatchFn& on_batch, std::string_view what) {
  ResultLayout layout;
  HUICAI_RETURN_IF_ERROR(BindResult(h, fetch_rows, can_reread, getdata_bound, layout, what));
  return FetchInto(h, layout, fetch_rows, can_reread, on_batch, what);
}

// Column-wise parameter arrays for one chunk of ExecuteBatch.
struct ParamColumn {
  int kind = 0;  // 0 all NULL, 1 integer, 2 real, 3 text
  size_t width = 1;
  std::vector<char> text;
  std::vector<std::int64_t> ints;
  std::vector<double> reals;
  std::vector<SQLLEN> ind;
};

// A query prepared once and run again with new parameters: the handle, its parameter slots
// and its bound result stay in place between runs.
struct CachedQuery {
  Stmt stmt;
  std::string what;  // "querying `SELECT ...`", for messages
  std::vector<ParamSlot> slots;
  ResultLayout layout;
  bool described = false;  // layout bound (after the first execution)
  bool busy = false;       // running now (a callback may run another query meanwhile)
};

// Heterogeneous lookup by string_view in the statement cache.
struct SqlHash {
  using is_transparent = void;
  size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};

// True for statements that change the schema (prepared queries may then describe other
// columns): CREATE, ALTER, DROP.
bool ChangesSchema(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  const std::string head = Lower(sql.substr(i, 6));
  return head.starts_with("create") || head.starts_with("alter") || head.starts_with("drop");
}

int KindOf(const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return 0;
  if (std::holds_alternative<std::int64_t>(v)) return 1;
  if (std::holds_alternative<double>(v)) return 2;
  return 3;
}

}  // namespace

class Connection::Impl {
 public:
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    queries.clear();  // statement handles go before their connection
    if (in_transaction) {
      SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK);
    }
    if (connected) SQLDisconnect(dbc);
    if (dbc != SQL_NULL_HDBC) SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    if (env != SQL_NULL_HENV) SQLFreeHandle(SQL_HANDLE_ENV, env);
  }

  Status NewStatement(Stmt& stmt, std::string_view what) const {
    if (!Succeeded(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt.h_))) {
      stmt.h_ = SQL_NULL_HSTMT;
      return ErrorFrom(SQL_HANDLE_DBC, dbc, std::string(what) + ": allocating a statement");
    }
    if (options.query_timeout_s > 0) {
      SQLSetStmtAttr(stmt.h_, SQL_ATTR_QUERY_TIMEOUT,
                     IntAttr(static_cast<SQLULEN>(options.query_timeout_s)), 0);
    }
    return Status::Ok();
  }

  // Prepares nothing: binds `params` into `slots` and runs `sql` directly.
  // Returns false in *has_rows when the statement produced SQL_NO_DATA.
  Status ExecDirect(Stmt& stmt, std::string_view sql, std::span<const Value> params,
                    std::vector<ParamSlot>& slots, std::string_view what) const {
    HUICAI_RETURN_IF_ERROR(NewStatement(stmt, what));
    slots.assign(params.size(), ParamSlot{});
    for (size_t i = 0; i < params.size(); ++i) {
      HUICAI_RETURN_IF_ERROR(
          BindOne(stmt.h_, static_cast<SQLUSMALLINT>(i + 1), params[i], slots[i], what));
    }
    std::string holder;
    SQLRETURN rc = SQLExecDirect(stmt.h_, SqlText(sql, holder), SQL_NTS);
    if (rc == SQL_NO_DATA || Succeeded(rc)) return Status::Ok();
    return ErrorFrom(SQL_HANDLE_STMT, stmt.h_, what);
  }

  // The prepared statement for `sql`, prepared now when new; nullptr when caching is off or
  // that statement is running already (the caller then runs `sql` unprepared).
  Result<CachedQuery*> Cached(std::string_view sql, std::string_view verb = "querying ") {
    if (options.statement_cache == 0) return nullptr;
    if (auto it = queries.find(sql); it != queries.end()) {
      return it->second->busy ? nullptr : it->second.get();
    }
    if (queries.size() >= options.statement_cache) ForgetStatements();
    auto q = std::make_unique<CachedQuery>();
    q->what = std::string(verb) + SqlHead(sql);
    HUICAI_RETURN_IF_ERROR(NewStatement(q->stmt, q->what));
    std::string holder;
    if (!Succeeded(SQLPrepare(q->stmt.h_, SqlText(sql, holder), SQL_NTS))) {
      return ErrorFrom(SQL_HANDLE_STMT, q->stmt.h_, q->what);
    }
    CachedQuery* raw = q.get();
    queries.emplace(std::string(sql), std::move(q));
    return raw;
  }
  void Forget(std::string_view sql) {
    if (auto it = queries.find(sql); it != queries.end() && !it->second->busy) queries.erase(it);
  }
  // Drops every prepared statement not running now.
  void ForgetStatements() {
    std::erase_if(queries, [](const auto& entry) { return !entry.second->busy; });
  }

  // Runs body(q) on the prepared statement of `sql`: marked busy meanwhile (a query run again
  // from its own callback goes unprepared), its cursor closed after, and dropped when body fails
  // so that it is prepared afresh next time.
  template <typename Body>
  auto WithPrepared(CachedQuery& q, std::string_view sql, Body&& body) -> decltype(body(q)) {
    q.busy = true;
    auto result = body(q);
    q.busy = false;
    SQLFreeStmt(q.stmt.h_, SQL_CLOSE);
    if (!result.ok()) Forget(sql);
    return result;
  }

  // Binds `params` and executes the prepared statement.
  Status ExecuteCached(CachedQuery& q, std::span<const Value> params) {
    const SQLHSTMT h = q.stmt.h_;
    q.slots.assign(params.size(), ParamSlot{});
    for (size_t i = 0; i < params.size(); ++i) {
      HUICAI_RETURN_IF_ERROR(
          BindOne(h, static_cast<SQLUSMALLINT>(i + 1), params[i], q.slots[i], q.what));
    }
    const SQLRETURN rc = SQLExecute(h);
    if (rc != SQL_NO_DATA && !Succeeded(rc)) return ErrorFrom(SQL_HANDLE_STMT, h, q.what);
    return Status::Ok();
  }

  // Executes the prepared query and fetches its rows into `on_batch`.
  Status RunCached(CachedQuery& q, std::span<const Value> params,
                   const Connection::BatchFn& on_batch) {
    const SQLHSTMT h = q.stmt.h_;
    HUICAI_RETURN_IF_ERROR(ExecuteCached(q, params));
    const size_t fetch = std::max<size_t>(1, options.fetch_rows);
    if (!q.described) {
      HUICAI_RETURN_IF_ERROR(BindResult(h, fetch, getdata_block, getdata_bound, q.layout, q.what));
      q.described = true;
    }
    return FetchInto(h, q.layout, fetch, getdata_block, on_batch, q.what);
  }

  // Notes a lost connection (see Connection::lost) and hands the result back.
  Status Track(Status status) {
    if (internal::SaysConnectionLost(status)) lost = true;
    return status;
  }
  template <typename T>
  Result<T> Track(Result<T> result) {
    if (!result.has_value() && internal::SaysConnectionLost(result.error())) lost = true;
    return result;
  }

  SQLHENV env = SQL_NULL_HENV;
  SQLHDBC dbc = SQL_NULL_HDBC;
  bool connected = false;
  bool in_transaction = false;
  bool lost = false;  // a call failed because the link to the server is gone
  Dialect dialect = Dialect::kOther;
  ConnectOptions options;
  bool getdata_block = false;  // SQL_GD_BLOCK: SQLGetData inside a rowset after SQLSetPos
  bool getdata_bound = false;  // SQL_GD_BOUND: SQLGetData on a bound column
  int param_arrays = -1;  // -1 unknown, 0 the driver ignores SQL_ATTR_PARAMSET_SIZE, 1 honoured
  // Prepared queries by SQL text (ConnectOptions::statement_cache). Declared last: freed
  // before the connection and environment handles they belong to.
  std::unordered_map<std::string, std::unique_ptr<CachedQuery>, SqlHash, std::equal_to<>> queries;
};

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Dialect Connection::dialect() const { return impl_->dialect; }
bool Connection::in_transaction() const { return impl_->in_transaction; }
bool Connection::lost() const { return impl_->lost; }

namespace {

// The value of `key` (case-insensitive) in an ODBC connection string; "" when absent.
std::string KeyValue(std::string_view conn, std::string_view key) {
  const std::string lower = Lower(conn);
  const std::string wanted = Lower(key) + "=";
  for (size_t at = 0; at < lower.size();) {
    const size_t end = std::min(lower.find(';', at), lower.size());
    std::string_view pair(lower.data() + at, end - at);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.substr(0, wanted.size()) == wanted) {
      const size_t from = at + (pair.data() - (lower.data() + at)) + wanted.size();
      return std::string(conn.substr(from, end - from));
    }
    at = end + 1;
  }
  return "";
}

bool IsLoopback(std::string_view host) {
  return host.empty() || host == "localhost" || host.starts_with("127.") || host == "::1" ||
         host.starts_with("/");  // a Unix socket folder
}

}  // namespace

std::string DriverConnectionString(std::string_view connection_string,
                                   const ConnectOptions& options) {
  std::string conn(connection_string);
  const std::string lower = Lower(conn);
  if (lower.find("postgres") == std::string::npos) return conn;
  auto add = [&](const std::string& pair) {
    if (!conn.empty() && conn.back() != ';') conn += ';';
    conn += pair;
  };
  // psqlODBC by default rolls back only the failed statement (savepoints) and lets the
  // transaction go on; we want a failed statement to doom its whole transaction.
  if (KeyValue(conn, "Protocol").empty()) add("Protocol=7.4-1");
  if (options.stream_results && KeyValue(conn, "UseDeclareFetch").empty()) {
    add("UseDeclareFetch=1;Fetch=" + std::to_string(std::max<size_t>(1, options.fetch_rows)));
  }
  // psqlODBC connects without TLS unless told: to a server off this machine, require it.
  // An explicit SSLmode (e.g. verify-full with a root certificate, or disable) is kept.
  std::string server = KeyValue(conn, "Server");
  if (server.empty()) server = KeyValue(conn, "Servername");
  if (KeyValue(conn, "SSLmode").empty() && KeyValue(conn, "DSN").empty() &&
      !IsLoopback(Lower(server))) {
    add("SSLmode=require");
  }
  return conn;
}

Result<Connection> Connection::Open(std::string_view connection_string,
                                    const ConnectOptions& options) {
  const std::string where = "odbc connect " + RedactConnectionString(connection_string);
  if (connection_string.empty()) {
    return Status::InvalidArgument(where + ": empty connection string");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (!Succeeded(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &impl->env))) {
    impl->env = SQL_NULL_HENV;
    return Status::Internal(where +
                            ": cannot allocate an ODBC environment (is unixODBC installed?)");
  }
  if (!Succeeded(SQLSetEnvAttr(impl->env, SQL_ATTR_ODBC_VERSION, IntAttr(SQL_OV_ODBC3), 0))) {
    return ErrorFrom(SQL_HANDLE_ENV, impl->env, where);
  }
  if (!Succeeded(SQLAllocHandle(SQL_HANDLE_DBC, impl->env, &impl->dbc))) {
    impl->dbc = SQL_NULL_HDBC;
    return ErrorFrom(SQL_HANDLE_ENV, impl->env, where);
  }
  if (options.login_timeout_s > 0) {
    SQLSetConnectAttr(impl->dbc, SQL_ATTR_LOGIN_TIMEOUT,
                      IntAttr(static_cast<SQLULEN>(options.login_timeout_s)), 0);
  }
  std::string conn = DriverConnectionString(connection_string, options);
  const std::string lower = Lower(conn);
  std::array<SQLCHAR, 1024> out{};
  SQLSMALLINT out_len = 0;
  SQLRETURN rc = SQLDriverConnect(impl->dbc, nullptr, reinterpret_cast<SQLCHAR*>(conn.data()),
                                  SQL_NTS, out.data(), static_cast<SQLSMALLINT>(out.size()),
                                  &out_len, SQL_DRIVER_NOPROMPT);
  if (!Succeeded(rc)) {
    Status st = ErrorFrom(SQL_HANDLE_DBC, impl->dbc, where);
    if (st.code() == StatusCode::kInternal && lower.find("driver=") == std::string::npos &&
        lower.find("dsn=") == std::string::npos) {
      return Status::InvalidArgument(st.message() + " (the string names no DRIVER= or DSN=)");
    }
    // A driver that was found but could not connect (the SQLite driver's "connect failed" for a
    // missing file or folder, a server that refused) means the database is not there to use.
    if (st.code() == StatusCode::kInternal) {
      return Status::Unavailable(st.message() + " (is the database there and reachable?)");
    }
    return st;
  }
  impl->connected = true;
  std::array<SQLCHAR, 128> dbms{};
  SQLSMALLINT dbms_len = 0;
  if (Succeeded(SQLGetInfo(impl->dbc, SQL_DBMS_NAME, dbms.data(),
                           static_cast<SQLSMALLINT>(dbms.size()), &dbms_len))) {
    std::string name = Lower(reinterpret_cast<const char*>(dbms.data()));
    if (name.find("sqlite") != std::string::npos) impl->dialect = Dialect::kSqlite;
    if (name.find("postgres") != std::string::npos) impl->dialect = Dialect::kPostgres;
  }
  SQLUINTEGER getdata = 0;
  if (Succeeded(SQLGetInfo(impl->dbc, SQL_GETDATA_EXTENSIONS, &getdata, 0, nullptr))) {
    impl->getdata_block = (getdata & SQL_GD_BLOCK) != 0;
    impl->getdata_bound = (getdata & SQL_GD_BOUND) != 0;
  }
  return Connection(std::move(impl));
}

Result<std::int64_t> Connection::Execute(std::string_view sql, std::span<const Value> params) {
  return impl_->Track([&]() -> Result<std::int64_t> {
    Stmt stmt;
    std::vector<ParamSlot> slots;
    if (ChangesSchema(sql)) {
      impl_->ForgetStatements();
    } else {
      HUICAI_ASSIGN_OR_RETURN(CachedQuery * cached, impl_->Cached(sql, "executing "));
      if (cached != nullptr) {
        return impl_->WithPrepared(*cached, sql, [&](CachedQuery& q) -> Result<std::int64_t> {
          HUICAI_RETURN_IF_ERROR(impl_->ExecuteCached(q, params));
          SQLLEN count = -1;
          if (!Succeeded(SQLRowCount(q.stmt.h_, &count))) count = -1;
          return static_cast<std::int64_t>(count);
        });
      }
    }
    const std::string what = "executing " + SqlHead(sql);
    HUICAI_RETURN_IF_ERROR(impl_->ExecDirect(stmt, sql, params, slots, what));
    SQLLEN count = -1;
    if (!Succeeded(SQLRowCount(stmt.h_, &count))) count = -1;
    return static_cast<std::int64_t>(count);
  }());
}

Result<std::vector<Row>> Connection::Query(std::string_view sql, std::span<const Value> params) {
  std::vector<Row> all;
  HUICAI_RETURN_IF_ERROR(
      QueryBatches(sql, params, [&](std::span<const std::string>, std::span<const Row> rows) {
        all.insert(all.end(), rows.begin(), rows.end());
        return Status::Ok();
      }));
  return all;
}

Status Connection::QueryBatches(std::string_view sql, std::span<const Value> params,
                                const BatchFn& on_batch) {
  return impl_->Track([&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(CachedQuery * cached, impl_->Cached(sql));
    if (cached != nullptr) {
      return impl_->WithPrepared(
          *cached, sql, [&](CachedQuery& q) { return impl_->RunCached(q, params, on_batch); });
    }
    Stmt stmt;
    std::vector<ParamSlot> slots;
    const std::string what = "querying " + SqlHead(sql);
    HUICAI_RETURN_IF_ERROR(impl_->ExecDirect(stmt, sql, params, slots, what));
    return FetchBatches(stmt.h_, std::max<size_t>(1, impl_->options.fetch_rows),
                        impl_->getdata_block, impl_->getdata_bound, on_batch, what);
  }());
}

Result<std::int64_t> Connection::ExecuteBatch(std::string_view sql,
                                              std::span<const std::vector<Value>> rows) {
  return impl_->Track([&]() -> Result<std::int64_t> {
    const std::string what = "batch " + SqlHead(sql);
    if (rows.empty()) return std::int64_t{0};
    const size_t ncols = rows[0].size();
    std::vector<int> kinds(ncols, 0);
    for (size_t r = 0; r < rows.size(); ++r) {
      if (rows[r].size() != ncols) {
        return Status::InvalidArgument(what + ": row " + std::to_string(r) + " has " +
                                       std::to_string(rows[r].size()) + " values, row 0 has " +
                                       std::to_string(ncols));
      }
      for (size_t c = 0; c < ncols; ++c) {
        int k = KindOf(rows[r][c]);
        if (k == 0) continue;
        if (kinds[c] != 0 && kinds[c] != k) {
          return Status::InvalidArgument(what + ": column " + std::to_string(c) + " of row " +
                                         std::to_string(r) +
                                         " has a different kind of value than "
                                         "the rows before; convert it first");
        }
        kinds[c] = k;
      }
    }
    Stmt stmt;
    HUICAI_RETURN_IF_ERROR(impl_->NewStatement(stmt, what));
    std::string holder;
    if (!Succeeded(SQLPrepare(stmt.h_, SqlText(sql, holder), SQL_NTS))) {
      return ErrorFrom(SQL_HANDLE_STMT, stmt.h_, what + ": preparing");
    }
    std::int64_t total = 0;
    bool counts_known = true;
    auto add_count = [&]() {
      SQLLEN count = -1;
      if (Succeeded(SQLRowCount(stmt.h_, &count)) && count >= 0) {
        total += count;
      } else {
        counts_known = false;
      }
    };

    if (impl_->param_arrays != 0) {
      size_t start = 0;
      while (start < rows.size()) {
        // Size the chunk so text buffers stay bounded.
        size_t m = std::min(kMaxParamRows, rows.size() - start);
        std::vector<ParamColumn> pcols(ncols);
        size_t bytes = 0;
        for (size_t c = 0; c < ncols; ++c) {
          pcols[c].kind = kinds[c];
          if (kinds[c] != 3) continue;
          for (size_t r = start; r < start + m; ++r) {
            if (const auto* s = std::get_if<std::string>(&rows[r][c])) {
              pcols[c].width = std::max(pcols[c].width, s->size() + 1);
            }
          }
          bytes += pcols[c].width * m;
        }
        if (bytes > kMaxBatchBytes && m > 1) {
          m = std::max<size_t>(1, m * kMaxBatchBytes / bytes);
        }
        SQLULEN processed = 0;
        std::vector<SQLUSMALLINT> status(m, SQL_PARAM_UNUSED);
        SQLFreeStmt(stmt.h_, SQL_RESET_PARAMS);
        SQLRETURN rc =
            SQLSetStmtAttr(stmt.h_, SQL_ATTR_PARAM_BIND_TYPE, IntAttr(SQL_PARAM_BIND_BY_COLUMN), 0);
        if (Succeeded(rc)) rc = SQLSetStmtAttr(stmt.h_, SQL_ATTR_PARAMSET_SIZE, IntAttr(m), 0);
        SQLULEN honoured = 0;
        if (Succeeded(rc)) SQLGetStmtAttr(stmt.h_, SQL_ATTR_PARAMSET_SIZE, &honoured, 0, nullptr);
        if (!Succeeded(rc) || honoured != m) {
          if (m == 1 && Succeeded(rc)) {
            // A single row needs no arrays.
          } else {
            impl_->param_arrays = 0;
            break;
          }
        }
        SQLSetStmtAttr(stmt.h_, SQL_ATTR_PARAM_STATUS_PTR, status.data(), 0);
        SQLSetStmtAttr(stmt.h_, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0);
        for (size_t c = 0; c < ncols; ++c) {
          ParamColumn& pc = pcols[c];
          pc.ind.assign(m, 0);
          SQLRETURN brc = SQL_SUCCESS;
          const auto n = static_cast<SQLUSMALLINT>(c + 1);
          if (pc.kind == 1) {
            pc.ints.assign(m, 0);
            for (size_t r = 0; r < m; ++r) {
              const Value& v = rows[start + r][c];
              if (const auto* i = std::get_if<std::int64_t>(&v))
                pc.ints[r] = *i;
              else
                pc.ind[r] = SQL_NULL_DATA;
            }
            brc = SQLBindParameter(stmt.h_, n, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_BIGINT, 0, 0,
                                   pc.ints.data(), sizeof(std::int64_t), pc.ind.data());
          } else if (pc.kind == 2) {
            pc.reals.assign(m, 0);
            for (size_t r = 0; r < m; ++r) {
              const Value& v = rows[start + r][c];
              if (const auto* d = std::get_if<double>(&v))
                pc.reals[r] = *d;
              else
                pc.ind[r] = SQL_NULL_DATA;
            }
            brc = SQLBindParameter(stmt.h_, n, SQL_PARAM_INPUT, SQL_C_DOUBLE, SQL_DOUBLE, 15, 0,
                                   pc.reals.data(), sizeof(double), pc.ind.data());
          } else {
            pc.text.assign(pc.width * m, '\0');
            for (size_t r = 0; r < m; ++r) {
              const Value& v = rows[start + r][c];
              if (const auto* s = std::get_if<std::string>(&v)) {
                std::memcpy(pc.text.data() + r * pc.width, s->data(), s->size());
                pc.ind[r] = static_cast<SQLLEN>(s->size());
              } else {
                pc.ind[r] = SQL_NULL_DATA;
              }
            }
            SQLSMALLINT type = pc.width > 4001 ? SQL_LONGVARCHAR : SQL_VARCHAR;
            brc = SQLBindParameter(stmt.h_, n, SQL_PARAM_INPUT, SQL_C_CHAR, type,
                                   std::max<SQLULEN>(pc.width - 1, 1), 0, pc.text.data(),
                                   static_cast<SQLLEN>(pc.width), pc.ind.data());
          }
          if (!Succeeded(brc)) {
            return ErrorFrom(SQL_HANDLE_STMT, stmt.h_,
                             what + ": binding column " + std::to_string(c));
          }
        }
        rc = SQLExecute(stmt.h_);
        if (!Succeeded(rc) && rc != SQL_NO_DATA) {
          size_t bad = start;
          for (size_t r = 0; r < m; ++r) {
            if (status[r] == SQL_PARAM_ERROR) {
              bad = start + r;
              break;
            }
          }
          return ErrorFrom(SQL_HANDLE_STMT, stmt.h_, what + ": row " + std::to_string(bad));
        }
        if (m > 1 && processed != m) {
          // The driver took the array size but ran fewer sets: fall back for the rest.
          if (processed == 1 && start == 0) {
            impl_->param_arrays = 0;
            add_count();
            start += 1;
            break;
          }
          return Status::Internal(what + ": the driver processed " + std::to_string(processed) +
                                  " of " + std::to_string(m) + " parameter sets");
        }
        if (m > 1) impl_->param_arrays = 1;
        add_count();
        // Drivers that report one count per parameter set hand them over as further results.
        while (SQLMoreResults(stmt.h_) == SQL_SUCCESS) add_count();
        start += m;
      }
      if (start >= rows.size()) return counts_known ? total : std::int64_t{-1};
      // Fallback: prepared statement executed per row, in the caller's transaction.
      SQLFreeStmt(stmt.h_, SQL_RESET_PARAMS);
      SQLSetStmtAttr(stmt.h_, SQL_ATTR_PARAMSET_SIZE, IntAttr(1), 0);
      SQLSetStmtAttr(stmt.h_, SQL_ATTR_PARAM_STATUS_PTR, nullptr, 0);
      SQLSetStmtAttr(stmt.h_, SQL_ATTR_PARAMS_PROCESSED_PTR, nullptr, 0);
      rows = rows.subspan(start);
    }
    std::vector<ParamSlot> slots(ncols);
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t c = 0; c < ncols; ++c) {
        HUICAI_RETURN_IF_ERROR(
            BindOne(stmt.h_, static_cast<SQLUSMALLINT>(c + 1), rows[r][c], slots[c], what));
      }
      SQLRETURN rc = SQLExecute(stmt.h_);
      if (!Succeeded(rc) && rc != SQL_NO_DATA) {
        return ErrorFrom(SQL_HANDLE_STMT, stmt.h_, what + ": row " + std::to_string(r));
      }
      add_count();
    }
    return counts_known ? total : std::int64_t{-1};
  }());
}

Status Connection::Begin() {
  if (impl_->lost) {
    return Status::Unavailable("odbc: beginning a transaction on a connection that was lost " +
                               std::string(internal::kConnectionLostMark));
  }
  if (impl_->in_transaction) return Status::Internal("odbc: Begin() inside a transaction");
  if (!Succeeded(
          SQLSetConnectAttr(impl_->dbc, SQL_ATTR_AUTOCOMMIT, IntAttr(SQL_AUTOCOMMIT_OFF), 0))) {
    return ErrorFrom(SQL_HANDLE_DBC, impl_->dbc, "odbc: beginning a transaction");
  }
  impl_->in_transaction = true;
  return Status::Ok();
}

namespace {
Status EndTransaction(SQLHDBC dbc, bool& in_transaction, SQLSMALLINT completion) {
  const char* verb = completion == SQL_COMMIT ? "committing" : "rolling back";
  if (!in_transaction)
    return Status::Internal(std::string("odbc: ") + verb + " outside a transaction");
  Status result = Status::Ok();
  if (!Succeeded(SQLEndTran(SQL_HANDLE_DBC, dbc, completion))) {
    result = ErrorFrom(SQL_HANDLE_DBC, dbc, std::string("odbc: ") + verb);
    if (completion == SQL_COMMIT) SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK);
  }
  in_transaction = false;
  if (!Succeeded(SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, IntAttr(SQL_AUTOCOMMIT_ON), 0)) &&
      result.ok()) {
    result = ErrorFrom(SQL_HANDLE_DBC, dbc, "odbc: restoring autocommit");
  }
  return result;
}
}  // namespace

Status Connection::Commit() {
  return impl_->Track(EndTransaction(impl_->dbc, impl_->in_transaction, SQL_COMMIT));
}
Status Connection::Rollback() {
  return impl_->Track(EndTransaction(impl_->dbc, impl_->in_transaction, SQL_ROLLBACK));
}

Result<Transaction> Transaction::Begin(Connection& connection) {
  HUICAI_RETURN_IF_ERROR(connection.Begin());
  return Transaction(&connection);
}

Transaction::Transaction(Transaction&& other) noexcept : connection_(other.connection_) {
  other.connection_ = nullptr;
}

Transaction::~Transaction() {
  if (connection_ != nullptr && connection_->in_transaction()) {
    Status ignored = connection_->Rollback();
    (void)ignored;
  }
}

Status Transaction::Commit() {
  if (connection_ == nullptr) return Status::Internal("odbc: transaction already finished");
  Connection* c = connection_;
  connection_ = nullptr;
  return c->Commit();
}

}  // namespace huicai::odbc
