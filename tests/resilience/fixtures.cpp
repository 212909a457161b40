#include "tests/resilience/fixtures.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include "hub/generate.h"
#include "store/store.h"

namespace fs = std::filesystem;

namespace huicai::resilience {

namespace {

std::string Slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// TOML basic string: backslash and quote escaped.
std::string TomlString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

store::Store OpenStore(const std::string& connection) {
  auto store = store::Store::Open({.connection_string = connection});
  BOOST_REQUIRE_MESSAGE(store.has_value(), store.status().ToString());
  return std::move(store).value();
}

}  // namespace

TempDir::TempDir(const std::string& prefix) {
  std::random_device rd;
  path_ = fs::temp_directory_path() / (prefix + "-" + std::to_string(rd()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

Child::Child(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
             const fs::path& log)
    : log_(log) {
  std::vector<std::string> argv_text = {HUICAI_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = ::fork();
  BOOST_REQUIRE_MESSAGE(pid_ >= 0, "fork failed");
  if (pid_ == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) ::_exit(126);
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::close(fd);
    ::unsetenv("HUICAI_CRASH_AT");
    ::setenv("HUICAI_TODAY", "2026-11-24", 1);
    for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
    ::execv(HUICAI_BINARY, argv.data());
    ::_exit(127);
  }
}

Child::~Child() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

void Child::Kill() const {
  if (pid_ > 0) ::kill(pid_, SIGKILL);
}

Exit Child::Wait() {
  Exit exit;
  if (pid_ <= 0) return exit;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) {
      BOOST_FAIL("waitpid failed");
    }
  }
  pid_ = -1;
  exit.exited = WIFEXITED(status);
  exit.code = exit.exited ? WEXITSTATUS(status) : -1;
  exit.signaled = WIFSIGNALED(status);
  exit.signal = exit.signaled ? WTERMSIG(status) : 0;
  exit.out = Slurp(log_);
  return exit;
}

Exit RunHuicai(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               const fs::path& log) {
  Child child(args, env, log);
  return child.Wait();
}

void CopyShippedMappings(const fs::path& dest, int batch_rows) {
  fs::create_directories(dest);
  const fs::path shipped = fs::path(HUICAI_SOURCE_DIR) / "config" / "partners";
  const std::regex batch_line(R"(^batch_rows\s*=.*$)", std::regex::multiline);
  int copied = 0;
  for (const auto& entry : fs::directory_iterator(shipped)) {
    if (entry.path().extension() != ".toml") continue;
    std::string text = Slurp(entry.path());
    const std::string replacement = "batch_rows = " + std::to_string(batch_rows);
    if (std::regex_search(text, batch_line)) {
      text = std::regex_replace(text, batch_line, replacement);
    } else {
      text = replacement + "\n" + text;  // top-level key: before the first table
    }
    std::ofstream(dest / entry.path().filename()) << text;
    ++copied;
  }
  BOOST_REQUIRE_EQUAL(copied, 6);
}

void WriteHubConfig(const fs::path& file, const HubFiles& files) {
  std::ofstream out(file);
  out << "[store]\nconnection = " << TomlString(files.store_connection) << "\n\n"
      << "[partners]\nmappings = " << TomlString(files.mappings.string()) << "\n"
      << "data = " << TomlString(files.partner_data.string()) << "\n\n"
      << "[sync]\nretries = " << files.retries << "\nbackoff_ms = " << files.backoff_ms << "\n\n"
      << "[search]\nindex = " << TomlString(files.index_dir.string()) << "\n";
  BOOST_REQUIRE(out.good());
}

std::string SqliteHub(const fs::path& db) {
  return "DRIVER=SQLite3;Database=" + db.string() + ";Timeout=10000";
}

std::vector<GoldLine> ReadGold(const fs::path& file) {
  auto gold = testing::ReadGold(file);
  BOOST_REQUIRE_MESSAGE(gold.has_value(), gold.status().ToString());
  return std::move(gold).value();
}

std::vector<std::string> GoldTruthProblems(const std::string& store_connection,
                                           const std::vector<GoldLine>& gold) {
  store::Store store = OpenStore(store_connection);
  std::map<std::string, std::int64_t> loads;
  std::map<std::string, std::map<std::string, std::string>> quarantined;  // partner -> key -> why
  for (const auto& g : gold) {
    loads[g.partner] += g.expected == "load";
    if (g.expected == "quarantine") quarantined[g.partner][g.source_key] = g.reason;
  }
  std::vector<std::string> problems;
  for (const auto& [partner, expected] : loads) {
    const std::string where = "partner " + partner + ": ";
    auto count = store.CountPartnerRecords(partner);
    BOOST_REQUIRE_MESSAGE(count.has_value(), count.status().ToString());
    if (*count != expected) {
      problems.push_back(where + std::to_string(*count) + " records in the hub, gold loads " +
                         std::to_string(expected));
    }
    auto entries = store.ListQuarantine(partner, 1000000);
    BOOST_REQUIRE_MESSAGE(entries.has_value(), entries.status().ToString());
    std::map<std::string, int> seen;
    for (const auto& e : *entries) {
      const auto& key = e.rejection.source_key;
      seen[key]++;
      auto want = quarantined[partner].find(key);
      if (want == quarantined[partner].end()) {
        problems.push_back(where + "a row gold says to load is quarantined (" +
                           e.rejection.reason_code + ")");
      } else if (e.rejection.reason_code != want->second) {
        problems.push_back(where + "quarantined as " + e.rejection.reason_code + ", gold says " +
                           want->second);
      }
    }
    int missing = 0, doubled = 0;
    for (const auto& [key, reason] : quarantined[partner]) {
      missing += seen.count(key) == 0;
      doubled += seen.count(key) != 0 && seen[key] > 1;
    }
    if (missing > 0) {
      problems.push_back(where + std::to_string(missing) +
                         " gold quarantine lines are not in quarantine");
    }
    if (doubled > 0) {
      problems.push_back(where + std::to_string(doubled) + " rows are quarantined twice");
    }
  }
  return problems;
}

void CheckGoldTruth(const std::string& store_connection, const std::vector<GoldLine>& gold) {
  const std::vector<std::string> problems = GoldTruthProblems(store_connection, gold);
  std::string text;
  for (const auto& p : problems) text += "\n  " + p;
  BOOST_TEST(problems.empty(), "the hub disagrees with the gold truth:" << text);
}

Dataset MakeDataset(const fs::path& dir, int talents, int batch_rows) {
  Dataset data;
  data.partner_data = dir / "partners";
  data.mappings = dir / "mappings";
  hub::SynthOptions options;
  options.talents = talents;
  options.seed = 20261124;
  options.dirt_rate = 0.05;
  auto generated = hub::GeneratePartners(options, data.partner_data);
  BOOST_REQUIRE_MESSAGE(generated.has_value(), generated.status().ToString());
  CopyShippedMappings(data.mappings, batch_rows);
  data.gold = ReadGold(data.partner_data / "gold.csv");
  return data;
}

std::int64_t StoredRows(const std::string& store_connection, const std::string& partner) {
  store::Store store = OpenStore(store_connection);
  auto count = store.CountPartnerRecords(partner);
  BOOST_REQUIRE_MESSAGE(count.has_value(), count.status().ToString());
  auto quarantine = store.QuarantineCountsByReason(partner);
  BOOST_REQUIRE_MESSAGE(quarantine.has_value(), quarantine.status().ToString());
  std::int64_t rows = *count;
  for (const auto& [reason, n] : *quarantine) rows += n;
  return rows;
}

}  // namespace huicai::resilience
