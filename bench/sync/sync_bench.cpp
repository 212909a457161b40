// sync_bench: rows/s and peak memory of a full hub sync (read, map, validate, link, upsert) of
// generated partner data into a fresh hub store: (a) SQLite partner files into a SQLite hub
// store, (b) one PostgreSQL partner database into a second PostgreSQL database. psql's \copy of
// the largest partner table to /dev/null is the reference rate.
// Usage: sync_bench [--talents N] [--partner NAME] [--backend sqlite|postgres|both]
//                   [--batch-rows N] [--store-options TEXT] [--read-only]
//   --talents N        talents to generate (default 100000; 1,000,000 gives ~9 million rows)
//   --partner P        sync only that partner (e.g. tax); default all six
//   --batch-rows N     override every mapping's batch_rows (rows per fetch and per store batch)
//   --store-options T  appended to the hub store's connection string (e.g. "SyncPragma=NORMAL")
//   --read-only        also time the read side alone: ReadPartner (fetch, map, validate) of
//                      every partner with no linkage and no store, before the full sync
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "connectors/partner.h"
#include "hub/config.h"
#include "hub/generate.h"
#include "hub/hub.h"
#include "tests/support/pg_cluster.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using huicai::Status;

double Seconds(Clock::time_point from) {
  return std::chrono::duration<double>(Clock::now() - from).count();
}

// CPU seconds (user + system) this process has used: unlike wall time, not inflated by other
// work on a shared machine (but blind to time spent waiting for fsync).
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto sec = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return sec(usage.ru_utime) + sec(usage.ru_stime);
}

// Peak resident set size in MiB since the last ResetPeak().
double PeakRssMiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}
double RssMiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}
// Linux resets VmHWM to the current RSS when "5" is written to clear_refs.
void ResetPeak() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
}

bool Check(const Status& st, const char* what) {
  if (!st.ok()) std::fprintf(stderr, "%s: %s\n", what, st.ToString().c_str());
  return st.ok();
}

struct Figures {
  std::int64_t rows = 0;
  double seconds = 0;
  double cpu_seconds = 0;
  double peak_mib = 0;
  double start_mib = 0;
};

// Opens a hub on `config` and syncs `partner` ("" = all), timing it.
bool RunSync(const huicai::hub::HubConfig& config, const std::string& partner, Figures& f) {
  auto hub = huicai::hub::Hub::Open(config);
  if (!Check(hub.status(), "open hub")) return false;
  if (!Check((*hub)->Init(), "init hub")) return false;
  f.start_mib = RssMiB();
  ResetPeak();
  auto start = Clock::now();
  const double cpu_start = CpuSeconds();
  auto reports = (*hub)->Sync(partner);
  f.seconds = Seconds(start);
  f.cpu_seconds = CpuSeconds() - cpu_start;
  f.peak_mib = PeakRssMiB();
  if (!Check(reports.status(), "sync")) return false;
  for (const auto& r : *reports) {
    if (!Check(r.status, r.partner.c_str())) return false;
    f.rows += r.rows_read;
    std::printf("  %-10s %9lld rows  %8lld new  %6lld quarantined  %7.1f s  %9.0f rows/s\n",
                r.partner.c_str(), static_cast<long long>(r.rows_read),
                static_cast<long long>(r.inserted), static_cast<long long>(r.quarantined),
                r.seconds, r.seconds > 0 ? static_cast<double>(r.rows_read) / r.seconds : 0.0);
  }
  return true;
}

void Print(const char* name, const Figures& f) {
  std::printf(
      "%-10s %10lld rows %8.1f s %10.0f rows/s  peak RSS %7.1f MiB (%.1f at start)  "
      "CPU %.1f s (%.0f rows per CPU s)\n",
      name, static_cast<long long>(f.rows), f.seconds,
      f.seconds > 0 ? static_cast<double>(f.rows) / f.seconds : 0.0, f.peak_mib, f.start_mib,
      f.cpu_seconds, f.cpu_seconds > 0 ? static_cast<double>(f.rows) / f.cpu_seconds : 0.0);
}

// The `table = "..."` of a mapping file.
std::string MappingTable(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("table", 0) == 0) {
      size_t a = line.find('"'), b = line.rfind('"');
      if (a != std::string::npos && b > a) return line.substr(a + 1, b - a - 1);
    }
  }
  return "";
}

// Copies the mapping files with every partner's connection pointed at `connection` (unless
// empty) and, when batch_rows > 0, every batch_rows set to it.
bool WriteMappings(const fs::path& from, const fs::path& to, const std::string& connection,
                   int batch_rows = 0) {
  std::error_code ec;
  fs::create_directories(to, ec);
  for (const auto& entry : fs::directory_iterator(from, ec)) {
    if (entry.path().extension() != ".toml") continue;
    std::ifstream in(entry.path());
    std::ofstream out(to / entry.path().filename());
    std::string line;
    bool wrote_batch = false;
    bool in_header = true;  // before the first [[fields]] table
    while (std::getline(in, line)) {
      if (line.rfind("[[", 0) == 0 && in_header) {
        if (batch_rows > 0 && !wrote_batch) out << "batch_rows = " << batch_rows << "\n";
        wrote_batch = true;
        in_header = false;
      }
      if (!connection.empty() && line.rfind("connection", 0) == 0) {
        line = "connection = \"" + connection + "\"";
      }
      if (batch_rows > 0 && line.rfind("batch_rows", 0) == 0) {
        if (wrote_batch) continue;
        line = "batch_rows = " + std::to_string(batch_rows);
        wrote_batch = true;
      }
      out << line << "\n";
    }
  }
  return !ec;
}

// Reads every partner (fetch, map, validate) with no linkage and no store: the rate of the
// read side alone.
bool RunReadOnly(const huicai::hub::HubConfig& config, const std::string& partner) {
  ::setenv("HUICAI_PARTNER_DIR", config.partner_data.c_str(), 1);
  auto configs = huicai::connectors::LoadPartnerConfigs(config.partner_mappings);
  if (!Check(configs.status(), "load mappings")) return false;
  std::int64_t total = 0;
  ResetPeak();
  const double start_mib = RssMiB();
  auto start = Clock::now();
  for (const auto& pc : *configs) {
    if (!partner.empty() && pc.name != partner) continue;
    std::int64_t rows = 0, records = 0;
    auto t = Clock::now();
    Status st = huicai::connectors::ReadPartner(
        pc, {}, [&](huicai::connectors::MappedBatch&& batch) -> Status {
          rows += static_cast<std::int64_t>(batch.records.size() + batch.rejections.size()) +
                  batch.duplicates;
          records += static_cast<std::int64_t>(batch.records.size());
          return Status::Ok();
        });
    if (!Check(st, pc.name.c_str())) return false;
    const double s = Seconds(t);
    std::printf("  %-10s %9lld rows  %8lld records  %7.2f s  %9.0f rows/s (read side only)\n",
                pc.name.c_str(), static_cast<long long>(rows), static_cast<long long>(records), s,
                s > 0 ? static_cast<double>(rows) / s : 0.0);
    total += rows;
  }
  const double s = Seconds(start);
  std::printf("read-only  %10lld rows %8.1f s %10.0f rows/s  peak RSS %7.1f MiB (%.1f at start)\n",
              static_cast<long long>(total), s, s > 0 ? static_cast<double>(total) / s : 0.0,
              PeakRssMiB(), start_mib);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int talents = 100000;
  std::string partner;
  std::string backend = "both";
  int batch_rows = 0;
  std::string store_options;
  bool read_only = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--talents" && i + 1 < argc) {
      talents = std::atoi(argv[++i]);
    } else if (a == "--partner" && i + 1 < argc) {
      partner = argv[++i];
    } else if (a == "--backend" && i + 1 < argc) {
      backend = argv[++i];
    } else if (a == "--batch-rows" && i + 1 < argc) {
      batch_rows = std::atoi(argv[++i]);
    } else if (a == "--store-options" && i + 1 < argc) {
      store_options = argv[++i];
    } else if (a == "--read-only") {
      read_only = true;
    } else {
      std::fprintf(stderr,
                   "usage: sync_bench [--talents N] [--partner NAME] "
                   "[--backend sqlite|postgres|both] [--batch-rows N] "
                   "[--store-options TEXT] [--read-only]\n");
      return 2;
    }
  }
  std::string templ = (fs::temp_directory_path() / "huicai-syncbench-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) return 1;
  const fs::path dir = templ;
  fs::path mappings = fs::path(HUICAI_SOURCE_DIR) / "config" / "partners";
  if (batch_rows > 0) {
    if (!WriteMappings(mappings, dir / "mappings", "", batch_rows)) return 1;
    mappings = dir / "mappings";
  }
  const std::string store_suffix = store_options.empty() ? "" : ";" + store_options;
  huicai::hub::SynthOptions synth;
  synth.talents = talents;
  std::printf("sync_bench: %d talents, partner %s\n", talents,
              partner.empty() ? "all" : partner.c_str());
  int rc = 0;

  if (backend == "sqlite" || backend == "both") {
    auto t = Clock::now();
    auto gen = huicai::hub::GeneratePartners(synth, dir / "partners");
    if (!Check(gen.status(), "generate sqlite partners")) return 1;
    std::printf("generated SQLite partners in %.1f s\n", Seconds(t));
    huicai::hub::HubConfig config = huicai::hub::DefaultConfig(dir);
    config.partner_mappings = mappings;
    config.partner_data = dir / "partners";
    config.store_connection = "DRIVER=SQLite3;Database=" + (dir / "hub.db").string() + store_suffix;
    config.index_dir = dir / "index";
    if (read_only && !RunReadOnly(config, partner)) rc = 1;
    Figures f;
    if (RunSync(config, partner, f)) {
      Print("sqlite", f);
    } else {
      rc = 1;
    }
    std::error_code ec;
    fs::remove_all(dir / "partners", ec);
    fs::remove(dir / "hub.db", ec);
  }

  if (backend == "postgres" || backend == "both") {
    auto cluster = huicai::testing::PgCluster::Start();
    if (!Check(cluster.status(), "postgresql")) return 1;
    auto& pg = *cluster;
    if (!Check(pg->CreateDatabase("partners"), "createdb partners") ||
        !Check(pg->CreateDatabase("hub"), "createdb hub")) {
      return 1;
    }
    const std::string partners_conn = pg->ConnectionString("partners");
    auto t = Clock::now();
    auto gen = huicai::hub::GeneratePartnersTo(
        synth, [&](std::string_view) { return partners_conn; }, dir / "gold.csv");
    if (!Check(gen.status(), "generate postgresql partners")) return 1;
    std::printf("generated PostgreSQL partners in %.1f s\n", Seconds(t));
    // The largest partner table is the \copy reference.
    std::string largest;
    std::int64_t largest_rows = 0;
    for (const auto& [name, rows] : gen->rows) {
      if ((partner.empty() || name == partner) && rows > largest_rows) {
        largest = name;
        largest_rows = rows;
      }
    }
    const std::string table = MappingTable(mappings / (largest + ".toml"));
    double copy_rps = 0;
    for (const std::string& quoted : {table, "\\\"" + table + "\\\""}) {
      std::string cmd = (pg->bin_dir() / "psql").string() + " -q -h 127.0.0.1 -p " +
                        std::to_string(pg->port()) + " -U postgres -d partners -c \"\\copy " +
                        quoted + " to /dev/null\" >/dev/null 2>&1";
      auto c = Clock::now();
      if (std::system(cmd.c_str()) == 0) {
        copy_rps = static_cast<double>(largest_rows) / Seconds(c);
        break;
      }
    }
    if (copy_rps == 0) std::fprintf(stderr, "psql \\copy of %s failed\n", table.c_str());

    if (!WriteMappings(mappings, dir / "pg_mappings", partners_conn)) return 1;
    huicai::hub::HubConfig config = huicai::hub::DefaultConfig(dir);
    config.partner_mappings = dir / "pg_mappings";
    config.store_connection = pg->ConnectionString("hub") + store_suffix;
    config.index_dir = dir / "index-pg";
    if (read_only && !RunReadOnly(config, partner)) rc = 1;
    Figures f;
    if (RunSync(config, partner, f)) {
      Print("postgres", f);
    } else {
      rc = 1;
    }
    std::printf("%-10s %10lld rows (%s) %21.0f rows/s\n", "\\copy",
                static_cast<long long>(largest_rows), table.c_str(), copy_rps);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return rc;
}
