#pragma once
// odbc internal: turns ODBC diagnostics into huicai::Status. Only odbc/ includes this.
#include <sql.h>
#include <sqlext.h>

#include <string>
#include <string_view>

#include "core/status.h"

namespace huicai::odbc::internal {

inline bool Succeeded(SQLRETURN rc) { return rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO; }

// First SQLSTATE and all diagnostic texts of a handle, e.g. {"23505", "ERROR: duplicate key..."}.
struct Diagnostics {
  std::string sqlstate;
  std::string text;
};
Diagnostics ReadDiagnostics(SQLSMALLINT handle_type, SQLHANDLE handle);

// The Status for a failed call: the code from the SQLSTATE (see odbc.h), the message
// "<what>: SQLSTATE xxxxx: <driver text>".
Status StatusFromDiagnostics(const Diagnostics& diag, std::string_view what);
// True when the diagnostics say the connection itself is gone (SQLSTATE 08xxx, 57P01..57P03
// server shutdown, psqlODBC "connection lost" / "server closed the connection" / "connection
// dead"): only a new connection helps. StatusFromDiagnostics marks such errors with
// kConnectionLostMark in the message, which SaysConnectionLost finds again.
bool IsConnectionLost(const Diagnostics& diag);
inline constexpr std::string_view kConnectionLostMark = "(connection lost: reconnect and retry)";
bool SaysConnectionLost(const Status& status);
Status ErrorFrom(SQLSMALLINT handle_type, SQLHANDLE handle, std::string_view what);

}  // namespace huicai::odbc::internal
