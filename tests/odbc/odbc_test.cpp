#define BOOST_TEST_MODULE odbc_test
#include "odbc/odbc.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "tests/support/pg_cluster.h"
#include "tests/support/print.h"

namespace fs = std::filesystem;
using huicai::StatusCode;
using huicai::odbc::Connection;
using huicai::odbc::Row;
using huicai::odbc::Value;

namespace {

// One PostgreSQL cluster for the whole executable.
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
BOOST_TEST_GLOBAL_FIXTURE(PgFixture);

// A fresh temporary folder removed at scope exit.
struct TempDir {
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "huicai-odbc-XXXXXX").string();
    BOOST_REQUIRE(mkdtemp(templ.data()) != nullptr);
    path = templ;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

Connection OpenOrFail(const std::string& conn_str, const huicai::odbc::ConnectOptions& opts = {}) {
  auto c = Connection::Open(conn_str, opts);
  BOOST_REQUIRE_MESSAGE(c.has_value(), c.status().ToString());
  return std::move(c).value();
}

// Runs `body` against a fresh SQLite file and against the shared PostgreSQL cluster.
// `table` is a table name unique to the caller so PostgreSQL runs do not collide.
void ForEachBackend(const std::function<void(Connection&)>& body,
                    const huicai::odbc::ConnectOptions& opts = {}) {
  {
    BOOST_TEST_CONTEXT("sqlite") {
      TempDir dir;
      Connection c = OpenOrFail("DRIVER=SQLite3;Database=" + (dir.path / "t.db").string(), opts);
      BOOST_TEST((c.dialect() == huicai::odbc::Dialect::kSqlite));
      body(c);
    }
  }
  BOOST_TEST_CONTEXT("postgresql") {
    BOOST_REQUIRE_MESSAGE(PgFixture::cluster() != nullptr,
                          "PostgreSQL cluster did not start: " << PgFixture::error());
    Connection c = OpenOrFail(PgFixture::cluster()->ConnectionString(), opts);
    BOOST_TEST((c.dialect() == huicai::odbc::Dialect::kPostgres));
    body(c);
  }
}

void Exec(Connection& c, const std::string& sql, std::vector<Value> params = {}) {
  auto r = c.Execute(sql, params);
  BOOST_REQUIRE_MESSAGE(r.has_value(), r.status().ToString());
}

std::vector<Row> QueryOrFail(Connection& c, const std::string& sql,
                             std::vector<Value> params = {}) {
  auto r = c.Query(sql, params);
  BOOST_REQUIRE_MESSAGE(r.has_value(), r.status().ToString());
  return std::move(r).value();
}

}  // namespace

BOOST_AUTO_TEST_CASE(postgres_strings_get_tls_off_this_machine_and_whole_transaction_failure) {
  using huicai::odbc::DriverConnectionString;
  const std::string remote =
      DriverConnectionString("DRIVER={PostgreSQL Unicode};Server=db.example.org;Database=hub");
  BOOST_TEST(remote.find("SSLmode=require") != std::string::npos, remote);
  BOOST_TEST(remote.find("Protocol=7.4-1") != std::string::npos, remote);
  // Loopback and socket folders stay as they are; so do an explicit mode and a DSN's settings.
  for (const char* local : {"DRIVER={PostgreSQL Unicode};Server=127.0.0.1;Port=5432",
                            "DRIVER={PostgreSQL Unicode};"
                            "SERVER=localhost",
                            "DRIVER={PostgreSQL Unicode};Servername=/tmp/pg;Database=hub"}) {
    BOOST_TEST(DriverConnectionString(local).find("SSLmode") == std::string::npos, local);
  }
  const std::string verify = DriverConnectionString(
      "DRIVER={PostgreSQL Unicode};Server=10.0.0.5;sslmode=verify-full;protocol=7.4-2");
  BOOST_TEST(verify.find("SSLmode=require") == std::string::npos, verify);
  BOOST_TEST(verify.find("Protocol=7.4-1") == std::string::npos, verify);
  BOOST_TEST(DriverConnectionString("DSN=hub;Servername=10.0.0.5").find("SSLmode") ==
             std::string::npos);
  // Other drivers are untouched.
  BOOST_TEST(DriverConnectionString("DRIVER=SQLite3;Database=/tmp/x.db") ==
             "DRIVER=SQLite3;Database=/tmp/x.db");
  // A cursor for streamed reads.
  huicai::odbc::ConnectOptions streamed;
  streamed.stream_results = true;
  streamed.fetch_rows = 500;
  BOOST_TEST(DriverConnectionString("DRIVER={PostgreSQL Unicode};Server=127.0.0.1", streamed)
                 .find("UseDeclareFetch=1;Fetch=500") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(binds_text_integer_real_and_null_parameters) {
  ForEachBackend([](Connection& c) {
    Exec(c, "DROP TABLE IF EXISTS kinds");
    Exec(c, "CREATE TABLE kinds (t TEXT, i BIGINT, r DOUBLE PRECISION, n TEXT)");
    const std::string hostile = "王伟'); DROP TABLE kinds;--";
    Exec(c, "INSERT INTO kinds (t, i, r, n) VALUES (?, ?, ?, ?)",
         {Value{hostile}, Value{std::int64_t{9007199254740993}}, Value{2.5}, Value{}});
    auto rows = QueryOrFail(c, "SELECT t, i, r, n FROM kinds WHERE i = ?",
                            {Value{std::int64_t{9007199254740993}}});
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST(*rows[0][0] == hostile);
    BOOST_TEST(*rows[0][1] == "9007199254740993");
    BOOST_TEST(std::stod(*rows[0][2]) == 2.5);
    BOOST_TEST(!rows[0][3].has_value());
    auto none = QueryOrFail(c, "SELECT t FROM kinds WHERE t = ?", {Value{std::string("nobody")}});
    BOOST_TEST(none.empty());
  });
}

BOOST_AUTO_TEST_CASE(prepared_statements_run_again_nest_and_follow_schema_changes) {
  ForEachBackend([](Connection& c) {
    Exec(c, "DROP TABLE IF EXISTS kept");
    Exec(c, "CREATE TABLE kept (id BIGINT, name TEXT)");
    for (std::int64_t i = 1; i <= 3; ++i) {  // the same INSERT, prepared once, run three times
      Exec(c, "INSERT INTO kept (id, name) VALUES (?, ?)",
           {Value{i}, Value{std::string("n") + std::to_string(i)}});
    }
    const std::string by_id = "SELECT name FROM kept WHERE id = ?";
    for (std::int64_t i = 1; i <= 3; ++i) {
      auto rows = QueryOrFail(c, by_id, {Value{i}});
      BOOST_REQUIRE_EQUAL(rows.size(), 1u);
      BOOST_TEST(*rows[0][0] == "n" + std::to_string(i));
    }
    // The same query from inside its own callback runs beside the outer one.
    std::vector<std::string> inner;
    auto outer = c.QueryBatches(by_id, std::vector<Value>{Value{std::int64_t{1}}},
                                [&](std::span<const std::string>, std::span<const Row>) {
                                  auto rows =
                                      c.Query(by_id, std::vector<Value>{Value{std::int64_t{2}}});
                                  if (!rows.has_value()) return rows.status();
                                  inner.push_back(*rows->at(0)[0]);
                                  return huicai::Status::Ok();
                                });
    BOOST_TEST_REQUIRE(outer.ok(), outer.ToString());
    BOOST_TEST(inner == std::vector<std::string>{"n2"}, boost::test_tools::per_element());
    // A statement that fails is refused and the prepared ones go on working.
    BOOST_TEST(
        !c.Query("SELECT nope FROM kept WHERE id = ?", std::vector<Value>{Value{std::int64_t{1}}})
             .has_value());
    BOOST_TEST(QueryOrFail(c, by_id, {Value{std::int64_t{3}}}).size() == 1u);
    // A schema change drops what was prepared: the same text describes the new columns.
    const std::string all = "SELECT * FROM kept WHERE id = ?";
    BOOST_TEST(QueryOrFail(c, all, {Value{std::int64_t{1}}}).at(0).size() == 2u);
    Exec(c, "ALTER TABLE kept ADD COLUMN region TEXT");
    BOOST_TEST(QueryOrFail(c, all, {Value{std::int64_t{1}}}).at(0).size() == 3u);
  });
}

BOOST_AUTO_TEST_CASE(fetches_in_arrays_across_several_batches) {
  huicai::odbc::ConnectOptions opts;
  opts.fetch_rows = 7;
  ForEachBackend(
      [](Connection& c) {
        Exec(c, "DROP TABLE IF EXISTS nums");
        Exec(c, "CREATE TABLE nums (k BIGINT, label VARCHAR(20))");
        std::vector<std::vector<Value>> rows;
        for (std::int64_t k = 0; k < 50; ++k) {
          rows.push_back({Value{k}, Value{"标签" + std::to_string(k)}});
        }
        auto inserted = c.ExecuteBatch("INSERT INTO nums (k, label) VALUES (?, ?)", rows);
        BOOST_REQUIRE_MESSAGE(inserted.has_value(), inserted.status().ToString());
        std::vector<size_t> batch_sizes;
        std::vector<std::string> seen;
        std::vector<std::string> columns;
        auto st = c.QueryBatches("SELECT k, label AS Label FROM nums ORDER BY k", {},
                                 [&](std::span<const std::string> cols, std::span<const Row> got) {
                                   columns.assign(cols.begin(), cols.end());
                                   batch_sizes.push_back(got.size());
                                   for (const Row& r : got) seen.push_back(*r[1]);
                                   return huicai::Status::Ok();
                                 });
        BOOST_REQUIRE_MESSAGE(st.ok(), st.ToString());
        BOOST_TEST(batch_sizes.size() == 8u);  // 7 * 7 + 1
        BOOST_TEST(batch_sizes.front() == 7u);
        BOOST_TEST(batch_sizes.back() == 1u);
        BOOST_REQUIRE_EQUAL(seen.size(), 50u);
        BOOST_TEST(seen[49] == "标签49");
        BOOST_TEST((columns == std::vector<std::string>{"k", "label"}));
      },
      opts);
}

BOOST_AUTO_TEST_CASE(stops_fetching_when_the_callback_fails) {
  huicai::odbc::ConnectOptions opts;
  opts.fetch_rows = 3;
  ForEachBackend(
      [](Connection& c) {
        Exec(c, "DROP TABLE IF EXISTS stopper");
        Exec(c, "CREATE TABLE stopper (k BIGINT)");
        for (std::int64_t k = 0; k < 10; ++k) Exec(c, "INSERT INTO stopper VALUES (?)", {Value{k}});
        int calls = 0;
        auto st = c.QueryBatches("SELECT k FROM stopper", {},
                                 [&](std::span<const std::string>, std::span<const Row>) {
                                   ++calls;
                                   return huicai::Status::DataError("enough");
                                 });
        BOOST_TEST(st.code() == StatusCode::kDataError);
        BOOST_TEST(calls == 1);
      },
      opts);
}

BOOST_AUTO_TEST_CASE(reads_values_longer_than_the_bound_buffer) {
  huicai::odbc::ConnectOptions opts;
  opts.fetch_rows = 4;
  ForEachBackend(
      [](Connection& c) {
        Exec(c, "DROP TABLE IF EXISTS longs");
        Exec(c, "CREATE TABLE longs (k BIGINT, body TEXT)");
        std::string big;
        for (int i = 0; i < 6000; ++i) big += "长文" + std::to_string(i % 10);
        for (std::int64_t k = 0; k < 6; ++k) {
          Exec(c, "INSERT INTO longs VALUES (?, ?)",
               {Value{k}, Value{k == 3 ? big : std::string("short")}});
        }
        auto rows = QueryOrFail(c, "SELECT k, body FROM longs ORDER BY k");
        BOOST_REQUIRE_EQUAL(rows.size(), 6u);
        BOOST_TEST(rows[3][1]->size() == big.size());
        BOOST_TEST(*rows[3][1] == big);
        BOOST_TEST(*rows[4][1] == "short");
      },
      opts);
}

BOOST_AUTO_TEST_CASE(streams_text_longer_than_any_buffer_in_batches_of_exactly_fetch_rows) {
  huicai::odbc::ConnectOptions opts;
  opts.fetch_rows = 1000;
  opts.stream_results = true;  // PostgreSQL: through a server-side cursor
  ForEachBackend(
      [](Connection& c) {
        Exec(c, "DROP TABLE IF EXISTS mixed");
        Exec(c, "CREATE TABLE mixed (k BIGINT, body TEXT, note TEXT)");
        // Past the SQLite driver's declared 64 KiB width, and just past narrow buffers.
        std::string huge(70000, 'x');
        huge += "尾";
        const std::string medium = std::string(300, 'm') + "中";
        std::vector<std::vector<Value>> rows;
        for (std::int64_t k = 0; k < 2500; ++k) {
          Value body =
              k == 1234 ? Value{huge} : Value{k % 7 == 0 ? medium : "v" + std::to_string(k)};
          rows.push_back({Value{k}, body, k % 5 == 0 ? Value{} : Value{std::string("n")}});
        }
        auto inserted = c.ExecuteBatch("INSERT INTO mixed VALUES (?, ?, ?)", rows);
        BOOST_REQUIRE_MESSAGE(inserted.has_value(), inserted.status().ToString());
        std::vector<size_t> sizes;
        std::vector<Row> all;
        huicai::Status st =
            c.QueryBatches("SELECT k, body, note FROM mixed ORDER BY k", {},
                           [&](std::span<const std::string>, std::span<const Row> batch) {
                             sizes.push_back(batch.size());
                             all.insert(all.end(), batch.begin(), batch.end());
                             return huicai::Status::Ok();
                           });
        BOOST_REQUIRE_MESSAGE(st.ok(), st.ToString());
        BOOST_TEST(sizes == (std::vector<size_t>{1000, 1000, 500}),
                   boost::test_tools::per_element());
        BOOST_REQUIRE_EQUAL(all.size(), 2500u);
        BOOST_TEST(*all[1234][1] == huge);
        BOOST_TEST(*all[7][1] == medium);
        BOOST_TEST(*all[8][1] == "v8");
        BOOST_TEST(!all[10][2].has_value());
        BOOST_TEST(*all[11][2] == "n");
      },
      opts);
}

BOOST_AUTO_TEST_CASE(a_refused_row_in_a_batch_insert_is_a_data_error) {
  ForEachBackend([](Connection& c) {
    Exec(c, "DROP TABLE IF EXISTS uniq");
    Exec(c, "CREATE TABLE uniq (id BIGINT PRIMARY KEY, name TEXT)");
    std::vector<std::vector<Value>> rows;
    for (std::int64_t k = 0; k < 250; ++k) {
      rows.push_back({Value{k == 237 ? std::int64_t{5} : k}, Value{"n" + std::to_string(k)}});
    }
    auto tx = huicai::odbc::Transaction::Begin(c);
    BOOST_REQUIRE(tx.has_value());
    auto inserted = c.ExecuteBatch("INSERT INTO uniq (id, name) VALUES (?, ?)", rows);
    BOOST_REQUIRE(!inserted.has_value());
    BOOST_TEST((inserted.error().code() == StatusCode::kDataError), inserted.error().ToString());
  });
}

BOOST_AUTO_TEST_CASE(batch_insert_with_on_conflict_counts_only_new_rows) {
  ForEachBackend([](Connection& c) {
    Exec(c, "DROP TABLE IF EXISTS uniq2");
    Exec(c, "CREATE TABLE uniq2 (id BIGINT PRIMARY KEY, name TEXT)");
    Exec(c, "INSERT INTO uniq2 VALUES (?, ?)", {Value{std::int64_t{3}}, Value{"old"}});
    std::vector<std::vector<Value>> rows;
    for (std::int64_t k = 0; k < 305; ++k) rows.push_back({Value{k % 300}, Value{"new"}});
    auto inserted = c.ExecuteBatch(
        "INSERT INTO uniq2 (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", rows);
    BOOST_REQUIRE_MESSAGE(inserted.has_value(), inserted.status().ToString());
    BOOST_TEST(*inserted == 299);
    auto old = QueryOrFail(c, "SELECT name FROM uniq2 WHERE id = 3");
    BOOST_TEST(*old[0][0] == "old");
  });
}

BOOST_AUTO_TEST_CASE(inserts_a_batch_with_nulls_in_several_chunks) {
  ForEachBackend([](Connection& c) {
    Exec(c, "DROP TABLE IF EXISTS batch");
    Exec(c, "CREATE TABLE batch (id BIGINT PRIMARY KEY, name TEXT, score DOUBLE PRECISION)");
    std::vector<std::vector<Value>> rows;
    for (std::int64_t k = 0; k < 2503; ++k) {
      rows.push_back({Value{k}, k % 5 == 0 ? Value{} : Value{"张" + std::to_string(k)},
                      Value{static_cast<double>(k) / 4}});
    }
    auto inserted = c.ExecuteBatch("INSERT INTO batch (id, name, score) VALUES (?, ?, ?)", rows);
    BOOST_REQUIRE_MESSAGE(inserted.has_value(), inserted.status().ToString());
    BOOST_TEST(*inserted == 2503);
    auto count = QueryOrFail(c, "SELECT COUNT(*), COUNT(name) FROM batch");
    BOOST_TEST(*count[0][0] == "2503");
    BOOST_TEST(*count[0][1] == std::to_string(2503 - 501));
    auto one =
        QueryOrFail(c, "SELECT name, score FROM batch WHERE id = ?", {Value{std::int64_t{2502}}});
    BOOST_TEST(*one[0][0] == "张2502");
    BOOST_TEST(std::stod(*one[0][1]) == 625.5);
  });
}

BOOST_AUTO_TEST_CASE(rejects_a_batch_whose_rows_differ_in_shape) {
  ForEachBackend([](Connection& c) {
    std::vector<std::vector<Value>> rows = {{Value{std::int64_t{1}}}, {Value{std::string("x")}}};
    auto r = c.ExecuteBatch("INSERT INTO nowhere VALUES (?)", rows);
    BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument);
    rows = {{Value{std::int64_t{1}}}, {}};
    r = c.ExecuteBatch("INSERT INTO nowhere VALUES (?)", rows);
    BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument);
  });
}

BOOST_AUTO_TEST_CASE(reports_a_unique_violation_as_data_error_with_sqlstate) {
  ForEachBackend([](Connection& c) {
    Exec(c, "DROP TABLE IF EXISTS uniq");
    Exec(c, "CREATE TABLE uniq (k BIGINT PRIMARY KEY)");
    Exec(c, "INSERT INTO uniq VALUES (?)", {Value{std::int64_t{1}}});
    std::vector<Value> dup = {Value{std::int64_t{1}}};
    auto r = c.Execute("INSERT INTO uniq VALUES (?)", dup);
    BOOST_REQUIRE(!r.has_value());
    BOOST_TEST(r.error().code() == StatusCode::kDataError);
    BOOST_TEST(r.error().message().find("SQLSTATE 23") != std::string::npos, r.error().message());
    std::vector<std::vector<Value>> batch = {{Value{std::int64_t{2}}}, {Value{std::int64_t{1}}}};
    auto b = c.ExecuteBatch("INSERT INTO uniq VALUES (?)", batch);
    BOOST_TEST(b.status().code() == StatusCode::kDataError);
  });
}

BOOST_AUTO_TEST_CASE(reports_a_bad_statement_as_internal_with_sqlstate) {
  ForEachBackend([](Connection& c) {
    auto r = c.Query("SELECT nothing FROM no_such_table");
    BOOST_REQUIRE(!r.has_value());
    BOOST_TEST(r.error().code() == StatusCode::kInternal);
    BOOST_TEST(r.error().message().find("SQLSTATE") != std::string::npos);
    BOOST_TEST(r.error().message().find("no_such_table") != std::string::npos);
  });
}

BOOST_AUTO_TEST_CASE(rolls_back_a_transaction_left_without_commit) {
  ForEachBackend([](Connection& c) {
    Exec(c, "DROP TABLE IF EXISTS tx");
    Exec(c, "CREATE TABLE tx (k BIGINT PRIMARY KEY)");
    {
      auto t = huicai::odbc::Transaction::Begin(c);
      BOOST_REQUIRE(t.has_value());
      BOOST_TEST(c.in_transaction());
      Exec(c, "INSERT INTO tx VALUES (?)", {Value{std::int64_t{1}}});
    }
    BOOST_TEST(!c.in_transaction());
    BOOST_TEST(QueryOrFail(c, "SELECT k FROM tx").empty());
    {
      auto t = huicai::odbc::Transaction::Begin(c);
      BOOST_REQUIRE(t.has_value());
      Exec(c, "INSERT INTO tx VALUES (?)", {Value{std::int64_t{2}}});
      BOOST_TEST(t->Commit().ok());
    }
    BOOST_TEST(QueryOrFail(c, "SELECT k FROM tx").size() == 1u);
  });
}

BOOST_AUTO_TEST_CASE(a_failed_statement_dooms_its_postgres_transaction) {
  BOOST_REQUIRE_MESSAGE(PgFixture::cluster() != nullptr, PgFixture::error());
  Connection c = OpenOrFail(PgFixture::cluster()->ConnectionString());
  Exec(c, "DROP TABLE IF EXISTS doomed");
  Exec(c, "CREATE TABLE doomed (k BIGINT PRIMARY KEY)");
  BOOST_REQUIRE(c.Begin().ok());
  Exec(c, "INSERT INTO doomed VALUES (?)", {Value{std::int64_t{1}}});
  std::vector<Value> dup = {Value{std::int64_t{1}}};
  BOOST_TEST(!c.Execute("INSERT INTO doomed VALUES (?)", dup).has_value());
  (void)c.Commit();  // commits nothing: the driver rolled the whole transaction back
  BOOST_TEST(QueryOrFail(c, "SELECT k FROM doomed").empty());
}

BOOST_AUTO_TEST_CASE(reports_unavailable_for_a_server_that_is_not_there) {
  huicai::odbc::ConnectOptions opts;
  opts.login_timeout_s = 3;
  auto c = Connection::Open(
      "DRIVER={PostgreSQL Unicode};Server=127.0.0.1;Port=1;Database=x;Uid=u;Pwd=secret;"
      "sslmode=disable",
      opts);
  BOOST_REQUIRE(!c.has_value());
  BOOST_TEST(c.error().code() == StatusCode::kUnavailable, c.error().ToString());
  BOOST_TEST(c.error().message().find("SQLSTATE 08") != std::string::npos, c.error().message());
  BOOST_TEST(c.error().message().find("secret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(reports_invalid_argument_for_an_unknown_driver) {
  auto c = Connection::Open("DRIVER=NoSuchDriver;Database=x");
  BOOST_REQUIRE(!c.has_value());
  BOOST_TEST(c.error().code() == StatusCode::kInvalidArgument, c.error().ToString());
  BOOST_TEST(c.error().message().find("NoSuchDriver") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(redacts_passwords_in_connection_strings) {
  using huicai::odbc::RedactConnectionString;
  BOOST_TEST(RedactConnectionString("DRIVER={PostgreSQL Unicode};Uid=u;PWD=s3cret;Port=5") ==
             "DRIVER={PostgreSQL Unicode};Uid=u;PWD=***;Port=5");
  BOOST_TEST(RedactConnectionString("Password={a;b};Server=x") == "Password=***;Server=x");
}
