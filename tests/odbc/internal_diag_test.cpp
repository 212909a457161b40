// Internal: how ODBC diagnostics become Status codes, in particular a lost connection.
#include <boost/test/unit_test.hpp>

#include "odbc/internal/diag.h"

using huicai::StatusCode;
using huicai::odbc::internal::Diagnostics;
using huicai::odbc::internal::IsConnectionLost;
using huicai::odbc::internal::SaysConnectionLost;
using huicai::odbc::internal::StatusFromDiagnostics;

BOOST_AUTO_TEST_CASE(internal_a_server_shutdown_is_a_lost_connection_safe_to_retry) {
  const Diagnostics cases[] = {
      {"08S01", "FATAL:  terminating connection due to administrator command"},
      {"57P01", "terminating connection due to administrator command"},
      {"HY000", "server closed the connection unexpectedly"},
      {"HY000", "The connection has been lost"},
      {"08003", "Connection does not exist"},
      {"HY000", "Could not send Query(connection dead)"},
  };
  for (const Diagnostics& d : cases) {
    BOOST_TEST_CONTEXT(d.sqlstate << " " << d.text) {
      BOOST_TEST(IsConnectionLost(d));
      huicai::Status st = StatusFromDiagnostics(d, "querying `SELECT 1`");
      BOOST_TEST((st.code() == StatusCode::kUnavailable));
      BOOST_TEST(SaysConnectionLost(st));
      BOOST_TEST(SaysConnectionLost(st.WithContext("store")));  // context keeps the mark
      BOOST_TEST(st.message().find("SQLSTATE " + d.sqlstate) != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(internal_locks_and_refusals_are_unavailable_but_not_a_lost_connection) {
  const Diagnostics cases[] = {
      {"40001", "could not serialize access"},
      {"HY000", "database is locked"},
      {"08001", "could not connect to server: Connection refused"},
  };
  for (const Diagnostics& d : cases) {
    BOOST_TEST_CONTEXT(d.sqlstate << " " << d.text) {
      huicai::Status st = StatusFromDiagnostics(d, "x");
      BOOST_TEST((st.code() == StatusCode::kUnavailable));
      BOOST_TEST(!SaysConnectionLost(st));
    }
  }
  huicai::Status constraint = StatusFromDiagnostics({"23505", "duplicate key"}, "x");
  BOOST_TEST((constraint.code() == StatusCode::kDataError));
  BOOST_TEST(!SaysConnectionLost(constraint));
}
