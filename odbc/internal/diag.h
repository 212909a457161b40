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
Status ErrorFrom(SQLSMALLINT handle_type, SQLHANDLE handle, std::string_view what);

}  // namespace huicai::odbc::internal
