// `huicai sync` killed with SIGKILL (crash points inside the sync, and `kill -9` from outside at
// seeded random moments), then run again: nothing lost, nothing doubled.
#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>

#include "tests/resilience/fixtures.h"

namespace fs = std::filesystem;
using namespace huicai::resilience;

namespace {

constexpr int kTalents = 300;
constexpr int kBatchRows = 40;

// One generated dataset for every case in this file (the partner databases are only read).
struct KillData {
  TempDir dir{"huicai-kill"};
  Dataset data = MakeDataset(dir.path(), kTalents, kBatchRows);
};

KillData& Data() {
  static KillData data;
  return data;
}

// A fresh, empty hub on SQLite for one scenario; returns its config file.
fs::path NewHub(const std::string& name, std::string* connection) {
  auto& d = Data();
  const fs::path folder = d.dir.path() / name;
  fs::create_directories(folder);
  HubFiles files;
  files.store_connection = SqliteHub(folder / "hub.db");
  files.mappings = d.data.mappings;
  files.partner_data = d.data.partner_data;
  files.index_dir = folder / "index";
  const fs::path config = folder / "huicai.toml";
  WriteHubConfig(config, files);
  *connection = files.store_connection;
  return config;
}

struct CrashPoint {
  std::string partner;
  int batch;
  std::string when;  // "before" or "after" the batch's transaction
  std::string Text() const { return partner + ":" + std::to_string(batch) + ":" + when; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(kill_and_resume)

BOOST_AUTO_TEST_CASE(sync_killed_at_a_crash_point_resumes_without_loss_or_double) {
  // Partners sync in name order: bank, education, insurance, police, registry, tax.
  const std::vector<CrashPoint> points = {
      {"bank", 1, "before"},     {"bank", 2, "after"},   {"education", 3, "before"},
      {"insurance", 2, "after"}, {"police", 1, "after"}, {"registry", 4, "before"},
      {"registry", 7, "after"},  {"tax", 5, "before"},
  };
  for (size_t i = 0; i < points.size(); ++i) {
    const CrashPoint& point = points[i];
    BOOST_TEST_CONTEXT("crash point " << point.Text()) {
      std::string connection;
      const fs::path config = NewHub("crash-" + std::to_string(i), &connection);
      const fs::path log = config.parent_path() / "sync.log";
      const Exit crashed =
          RunHuicai({"-c", config.string(), "sync"}, {{"HUICAI_CRASH_AT", point.Text()}}, log);
      BOOST_TEST_INFO("output:\n" << crashed.out);
      BOOST_REQUIRE(crashed.signaled);
      BOOST_REQUIRE_EQUAL(crashed.signal, SIGKILL);

      // What the killed run left of that partner: at most the batches committed before the
      // kill (a batch holds at most batch_rows rows; the reader may hand over fewer when wide
      // rows hit its memory cap), and something once a batch has committed.
      const std::int64_t committed = point.when == "before" ? point.batch - 1 : point.batch;
      const std::int64_t left = StoredRows(connection, point.partner);
      BOOST_TEST(left <= committed * kBatchRows);
      if (committed > 0) BOOST_TEST(left > 0);
      if (committed == 0) BOOST_TEST(left == 0);
      // Cut short, the hub is behind the gold truth (and the check says so)...
      BOOST_TEST(!GoldTruthProblems(connection, Data().data.gold).empty());

      // ...and one more run brings it level.
      const Exit resumed = RunHuicai({"-c", config.string(), "sync", "--json"}, {}, log);
      BOOST_TEST_INFO("output:\n" << resumed.out);
      BOOST_REQUIRE(resumed.exited);
      BOOST_REQUIRE_EQUAL(resumed.code, 0);
      CheckGoldTruth(connection, Data().data.gold);

      // The report names the interrupted run with what it committed; with this run's counts
      // that is everything the partner delivered.
      const auto reports = nlohmann::json::parse(resumed.out.substr(resumed.out.find('[')));
      for (const auto& r : reports) {
        if (r.at("partner") != point.partner) {
          BOOST_TEST(r.at("interrupted_runs").empty());
          continue;
        }
        const auto& runs = r.at("interrupted_runs");
        BOOST_REQUIRE_EQUAL(runs.size(), 1u);
        BOOST_TEST(runs[0].at("status").get<std::string>() == "interrupted");
        BOOST_TEST(runs[0].at("batches").get<std::int64_t>() == committed);
        auto stored = [](const nlohmann::json& counts) {  // records and quarantined rows
          return counts.at("inserted").get<std::int64_t>() +
                 counts.at("quarantined").get<std::int64_t>();
        };
        BOOST_TEST(stored(runs[0]) == left);
        BOOST_TEST(stored(runs[0]) + stored(r) == StoredRows(connection, point.partner));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(sync_killed_at_several_points_in_a_row_still_ends_with_gold_truth) {
  std::string connection;
  const fs::path config = NewHub("crash-chain", &connection);
  const fs::path log = config.parent_path() / "sync.log";
  // Each run resumes from the last commit, so batch numbers count from that resume.
  for (const std::string point :
       {"bank:2:before", "bank:1:after", "education:1:before", "police:2:after",
        "registry:1:before", "registry:1:after", "tax:3:after"}) {
    BOOST_TEST_CONTEXT("crash point " << point) {
      const Exit crashed =
          RunHuicai({"-c", config.string(), "sync"}, {{"HUICAI_CRASH_AT", point}}, log);
      BOOST_TEST_INFO("output:\n" << crashed.out);
      BOOST_REQUIRE(crashed.signaled);
      BOOST_REQUIRE_EQUAL(crashed.signal, SIGKILL);
    }
  }
  const Exit final_sync = RunHuicai({"-c", config.string(), "sync"}, {}, log);
  BOOST_TEST_INFO("output:\n" << final_sync.out);
  BOOST_REQUIRE_EQUAL(final_sync.code, 0);
  CheckGoldTruth(connection, Data().data.gold);
}

BOOST_AUTO_TEST_CASE(sync_killed_from_outside_at_random_moments_loses_and_doubles_nothing) {
  std::string connection;
  const fs::path config = NewHub("kill-random", &connection);
  const fs::path log = config.parent_path() / "sync.log";
  std::mt19937 random(20261124);  // seeded: the same delays every run
  std::uniform_int_distribution<int> delay_ms(5, 400);
  int killed = 0;
  for (int round = 0; round < 8; ++round) {
    const int delay = delay_ms(random);
    BOOST_TEST_CONTEXT("round " << round << ", kill -9 after " << delay << " ms") {
      Child child({"-c", config.string(), "sync"}, {}, log);
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      child.Kill();
      const Exit exit = child.Wait();
      BOOST_TEST_INFO("output:\n" << exit.out);
      if (exit.signaled) {
        BOOST_TEST(exit.signal == SIGKILL);
        ++killed;
      } else {
        BOOST_TEST(exit.code == 0);  // finished before the kill
      }
    }
  }
  BOOST_TEST(killed > 0, "no round was killed mid-run: the kills prove nothing");
  BOOST_TEST_MESSAGE("kill -9 rounds that cut a running sync: " << killed << " of 8");
  const Exit final_sync = RunHuicai({"-c", config.string(), "sync"}, {}, log);
  BOOST_TEST_INFO("output:\n" << final_sync.out);
  BOOST_REQUIRE_EQUAL(final_sync.code, 0);
  CheckGoldTruth(connection, Data().data.gold);
}

BOOST_AUTO_TEST_SUITE_END()
