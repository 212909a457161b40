#include "odbc/internal/diag.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace huicai::odbc::internal {

Diagnostics ReadDiagnostics(SQLSMALLINT handle_type, SQLHANDLE handle) {
  Diagnostics diag;
  if (handle == SQL_NULL_HANDLE) return diag;
  for (SQLSMALLINT i = 1; i <= 5; ++i) {
    std::array<SQLCHAR, 6> state{};
    SQLINTEGER native = 0;
    std::array<SQLCHAR, 1024> text{};
    SQLSMALLINT len = 0;
    SQLRETURN rc = SQLGetDiagRec(handle_type, handle, i, state.data(), &native, text.data(),
                                 static_cast<SQLSMALLINT>(text.size()), &len);
    if (!Succeeded(rc)) break;
    std::string this_state = reinterpret_cast<const char*>(state.data());
    // Prefer the first real error over warnings (01xxx) the driver manager puts first.
    if (diag.sqlstate.empty() ||
        (diag.sqlstate.rfind("01", 0) == 0 && this_state.rfind("01", 0) != 0)) {
      diag.sqlstate = this_state;
    }
    if (!diag.text.empty()) diag.text += "; ";
    std::string piece = reinterpret_cast<const char*>(text.data());
    while (!piece.empty() && std::isspace(static_cast<unsigned char>(piece.back()))) {
      piece.pop_back();
    }
    diag.text += piece;
  }
  if (diag.sqlstate.empty()) diag.sqlstate = "HY000";
  if (diag.text.empty()) diag.text = "the driver gave no diagnostic";
  return diag;
}

namespace {
bool Contains(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) {
                          return std::tolower(static_cast<unsigned char>(a)) ==
                                 std::tolower(static_cast<unsigned char>(b));
                        });
  return it != haystack.end();
}
}  // namespace

bool IsConnectionLost(const Diagnostics& diag) {
  const std::string& s = diag.sqlstate;
  // 08001/08004 are refusals at connect time, not a lost link; Open reports them itself.
  if (s.rfind("08", 0) == 0 && s != "08001" && s != "08004") return true;
  if (s == "57P01" || s == "57P02" || s == "57P03") return true;
  for (std::string_view text :
       {"connection lost", "connection has been lost", "server closed the connection",
        "connection dead", "could not send query", "no connection to the server",
        "terminating connection due to", "connection to the server was lost",
        "communication link failure"}) {
    if (Contains(diag.text, text)) return true;
  }
  return false;
}

bool SaysConnectionLost(const Status& status) {
  return status.code() == StatusCode::kUnavailable &&
         status.message().find(kConnectionLostMark) != std::string::npos;
}

Status StatusFromDiagnostics(const Diagnostics& diag, std::string_view what) {
  std::string s = diag.sqlstate;
  if (IsConnectionLost(diag)) {
    return Status::Unavailable(std::string(what) + ": SQLSTATE " + s + ": " + diag.text + " " +
                               std::string(kConnectionLostMark));
  }
  // The SQLite driver reports every engine error as HY000; give constraint failures
  // (SQLITE_CONSTRAINT) their ISO class so callers and logs can branch on "23".
  if (s == "HY000" && Contains(diag.text, "constraint failed")) s = "23000";
  std::string message = std::string(what) + ": SQLSTATE " + s + ": " + diag.text;
  auto starts = [&](std::string_view prefix) { return s.rfind(prefix, 0) == 0; };
  if (starts("08") || starts("28") || s == "HYT00" || s == "HYT01" || s == "40001" ||
      s == "40P01" || Contains(diag.text, "database is locked") ||
      Contains(diag.text, "database is busy") || Contains(diag.text, "database table is locked")) {
    return Status::Unavailable(message + " (transient: retry later)");
  }
  if (starts("23") || starts("22")) return Status::DataError(std::move(message));
  if (s == "IM002" || s == "IM007" || s == "IM014" || Contains(diag.text, "can't open lib") ||
      Contains(diag.text, "data source name not found")) {
    return Status::InvalidArgument(message + " (check the DRIVER name against odbcinst -q -d)");
  }
  return Status::Internal(std::move(message));
}

Status ErrorFrom(SQLSMALLINT handle_type, SQLHANDLE handle, std::string_view what) {
  return StatusFromDiagnostics(ReadDiagnostics(handle_type, handle), what);
}

}  // namespace huicai::odbc::internal
