#pragma once
// tests/resilience: helpers shared by the resilience cases: a temporary folder, the `huicai`
// binary run as a child process (waited for, or killed), a hub configuration written for a
// test, the gold truth of the generated partners and the check of a hub store against it.
// Thread-safety: one test thread; children are plain fork/exec processes.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/support/gold.h"

namespace huicai::resilience {

// A fresh folder under the system temp folder, removed with everything in it.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix);
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// How a child process ended.
struct Exit {
  bool exited = false;  // returned from main or called exit
  int code = -1;        // exit code when exited
  bool signaled = false;
  int signal = 0;   // the signal that ended it when signaled
  std::string out;  // stdout and stderr, interleaved
};

// A `huicai` child with stdout and stderr going to `log`. `env` is added to the environment
// (HUICAI_TODAY is fixed for every child; HUICAI_CRASH_AT is removed unless `env` sets it).
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
        const std::filesystem::path& log);
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child();  // kills and reaps a child still running
  pid_t pid() const { return pid_; }
  // SIGKILL now (no effect when it already ended; the zombie stays until Wait).
  void Kill() const;
  Exit Wait();

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
};

// Runs `huicai args...` to the end.
Exit RunHuicai(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               const std::filesystem::path& log);

// Copies the shipped mapping files (config/partners/*.toml) into `dest` with batch_rows set.
void CopyShippedMappings(const std::filesystem::path& dest, int batch_rows);

struct HubFiles {
  std::string store_connection;
  std::filesystem::path mappings;
  std::filesystem::path partner_data;
  std::filesystem::path index_dir;
  int retries = 0;
  int backoff_ms = 50;
};
// Writes a huicai.toml for `files` at `file`.
void WriteHubConfig(const std::filesystem::path& file, const HubFiles& files);

// The SQLite connection string of a hub database file.
std::string SqliteHub(const std::filesystem::path& db);

using GoldLine = testing::GoldLine;
// testing::ReadGold as a Boost.Test requirement.
std::vector<GoldLine> ReadGold(const std::filesystem::path& file);

// Compares the hub store with the gold truth, partner by partner: every `load` gold line is
// in the hub exactly once (the partner's record count equals its distinct load lines) and every
// `quarantine` line exactly once in quarantine with the gold reason, and nothing else. Returns
// one line per disagreement; empty when the store agrees.
std::vector<std::string> GoldTruthProblems(const std::string& store_connection,
                                           const std::vector<GoldLine>& gold);
// The same as a Boost.Test assertion that lists the disagreements.
void CheckGoldTruth(const std::string& store_connection, const std::vector<GoldLine>& gold);

// Generated partners (seeded, so the same every run) in `dir`/partners with gold.csv, and copies
// of the shipped mappings in `dir`/mappings reading them in batches of `batch_rows`.
struct Dataset {
  std::filesystem::path partner_data;
  std::filesystem::path mappings;
  std::vector<GoldLine> gold;
};
Dataset MakeDataset(const std::filesystem::path& dir, int talents, int batch_rows);

// Partner records plus quarantine entries of one partner in the store now.
std::int64_t StoredRows(const std::string& store_connection, const std::string& partner);

}  // namespace huicai::resilience
