// odbc_bench: rows/s of Connection::ExecuteBatch and Connection::QueryBatches on SQLite and
// PostgreSQL with a talent-like row, and psql's \copy of the same PostgreSQL table as reference.
// Usage: odbc_bench [--rows N]   (default 100000)
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "odbc/odbc.h"
#include "tests/support/pg_cluster.h"

namespace {

using huicai::odbc::Connection;
using huicai::odbc::Row;
using huicai::odbc::Value;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point from) {
  return std::chrono::duration<double>(Clock::now() - from).count();
}

std::vector<std::vector<Value>> MakeRows(int n) {
  std::vector<std::vector<Value>> rows;
  rows.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    char id_number[32];
    std::snprintf(id_number, sizeof(id_number), "370102198%01d%02d%02d%04d", i % 10, 1 + i % 12,
                  1 + i % 28, i % 10000);
    rows.push_back({Value{std::int64_t{i}}, Value{std::string(id_number)},
                    Value{"测试人才" + std::to_string(i)}, Value{std::string("370102")},
                    Value{"研究员，果树栽培与病虫害防治，长期服务基层，联系单位山东农业大学 #" +
                          std::to_string(i)}});
  }
  return rows;
}

struct Figures {
  double insert_rps = 0;
  double fetch_rps = 0;
};

bool Check(const huicai::Status& st, const char* what) {
  if (!st.ok()) std::fprintf(stderr, "%s: %s\n", what, st.ToString().c_str());
  return st.ok();
}

bool RunOne(const std::string& conn_str, const std::vector<std::vector<Value>>& rows, Figures& f) {
  auto opened = Connection::Open(conn_str);
  if (!Check(opened.status(), "connect")) return false;
  Connection c = std::move(opened).value();
  if (!Check(c.Execute("DROP TABLE IF EXISTS bench_talent").status(), "drop")) return false;
  if (!Check(c.Execute("CREATE TABLE bench_talent (id BIGINT PRIMARY KEY, id_number TEXT, "
                       "name TEXT, region TEXT, body TEXT)")
                 .status(),
             "create")) {
    return false;
  }
  auto t0 = Clock::now();
  if (!Check(c.Begin(), "begin")) return false;
  auto inserted = c.ExecuteBatch(
      "INSERT INTO bench_talent (id, id_number, name, region, body) VALUES (?, ?, ?, ?, ?)", rows);
  if (!Check(inserted.status(), "insert")) return false;
  if (!Check(c.Commit(), "commit")) return false;
  f.insert_rps = static_cast<double>(rows.size()) / Seconds(t0);

  size_t seen = 0;
  t0 = Clock::now();
  auto st = c.QueryBatches("SELECT id, id_number, name, region, body FROM bench_talent", {},
                           [&](std::span<const std::string>, std::span<const Row> got) {
                             seen += got.size();
                             return huicai::Status::Ok();
                           });
  if (!Check(st, "fetch")) return false;
  f.fetch_rps = static_cast<double>(seen) / Seconds(t0);
  if (seen != rows.size()) {
    std::fprintf(stderr, "fetched %zu rows, expected %zu\n", seen, rows.size());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int n = 100000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rows" && i + 1 < argc) {
      n = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--rows N]\n", argv[0]);
      return 2;
    }
  }
  if (n <= 0) {
    std::fprintf(stderr, "--rows must be positive\n");
    return 2;
  }
  const auto rows = MakeRows(n);

  namespace fs = std::filesystem;
  std::string templ = (fs::temp_directory_path() / "huicai-bench-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) return 1;
  Figures sqlite;
  bool sqlite_ok = RunOne("DRIVER=SQLite3;Database=" + templ + "/bench.db", rows, sqlite);
  std::error_code ec;
  fs::remove_all(templ, ec);

  auto cluster = huicai::testing::PgCluster::Start();
  if (!cluster.has_value()) {
    std::fprintf(stderr, "PostgreSQL: %s\n", cluster.error().ToString().c_str());
    return 1;
  }
  Figures pg;
  bool pg_ok = RunOne((*cluster)->ConnectionString(), rows, pg);
  double copy_rps = 0;
  if (pg_ok) {
    std::string cmd = "psql -q -h 127.0.0.1 -p " + std::to_string((*cluster)->port()) +
                      " -U postgres -d huicai -c '\\copy bench_talent to /dev/null' >/dev/null";
    auto t0 = Clock::now();
    int rc = std::system(cmd.c_str());
    double s = Seconds(t0);
    if (rc == 0)
      copy_rps = n / s;
    else
      std::fprintf(stderr, "psql \\copy failed (exit %d)\n", rc);
  }

  std::printf("odbc_bench: %d rows (id, id_number, name, region, text)\n", n);
  std::printf("%-12s %18s %18s\n", "backend", "ExecuteBatch r/s", "QueryBatches r/s");
  auto line = [](const char* name, bool ok, const Figures& f) {
    if (ok)
      std::printf("%-12s %18.0f %18.0f\n", name, f.insert_rps, f.fetch_rps);
    else
      std::printf("%-12s %18s %18s\n", name, "failed", "failed");
  };
  line("sqlite", sqlite_ok, sqlite);
  line("postgresql", pg_ok, pg);
  std::printf("%-12s %18s %18.0f\n", "psql \\copy", "-", copy_rps);
  return sqlite_ok && pg_ok ? 0 : 1;
}
