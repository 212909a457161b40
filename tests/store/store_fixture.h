#pragma once
// Shared by the store suites (one test module): one throwaway PostgreSQL cluster for the whole
// module, temporary folders, and ForEachStore, which runs a case on SQLite and on PostgreSQL.
#include <stdlib.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "store/store.h"
#include "tests/support/must.h"
#include "tests/support/pg_cluster.h"

namespace huicai::store::testing {

// The module's cluster, started once (store_test.cpp declares it the global fixture).
struct PgFixture {
  PgFixture() {
    auto started = huicai::testing::PgCluster::Start();
    if (started.has_value()) {
      cluster() = std::move(started).value();
    } else {
      error() = started.error().ToString();
    }
  }
  ~PgFixture() { cluster().reset(); }
  static std::unique_ptr<huicai::testing::PgCluster>& cluster() {
    static std::unique_ptr<huicai::testing::PgCluster> c;
    return c;
  }
  static std::string& error() {
    static std::string e;
    return e;
  }
};

struct TempDir {
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "huicai-store-XXXXXX").string();
    BOOST_REQUIRE(mkdtemp(templ.data()) != nullptr);
    path = templ;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::filesystem::path path;
};

inline Store OpenOrFail(const std::string& conn) {
  auto s = Store::Open(StoreOptions{conn});
  BOOST_REQUIRE_MESSAGE(s.has_value(), s.status().ToString());
  return std::move(s).value();
}

// Runs `body` on a migrated (unless told), empty store: a fresh SQLite file, then a fresh
// PostgreSQL database in the module's cluster.
inline void ForEachStore(const std::function<void(Store&, const std::string& conn)>& body,
                         bool migrate = true) {
  BOOST_TEST_CONTEXT("sqlite") {
    TempDir dir;
    std::string conn = "DRIVER=SQLite3;Database=" + (dir.path / "sub" / "hub.db").string();
    Store s = OpenOrFail(conn);
    BOOST_TEST(s.dialect_name() == "sqlite");
    if (migrate) BOOST_REQUIRE_MESSAGE(s.Migrate().ok(), "migrate sqlite");
    body(s, conn);
  }
  BOOST_TEST_CONTEXT("postgresql") {
    BOOST_REQUIRE_MESSAGE(PgFixture::cluster() != nullptr,
                          "PostgreSQL cluster did not start: " << PgFixture::error());
    static int counter = 0;
    std::string db = "t" + std::to_string(++counter);
    Status created = PgFixture::cluster()->CreateDatabase(db);
    BOOST_REQUIRE_MESSAGE(created.ok(), created.ToString());
    std::string conn = PgFixture::cluster()->ConnectionString(db);
    Store s = OpenOrFail(conn);
    BOOST_TEST(s.dialect_name() == "postgres");
    if (migrate) {
      Status st = s.Migrate();
      BOOST_REQUIRE_MESSAGE(st.ok(), st.ToString());
    }
    body(s, conn);
  }
}

using huicai::testing::Must;

}  // namespace huicai::store::testing

#define REQUIRE_OK(expr)                             \
  do {                                               \
    ::huicai::Status st_ = (expr);                   \
    BOOST_REQUIRE_MESSAGE(st_.ok(), st_.ToString()); \
  } while (false)
