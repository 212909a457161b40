// The hub store on PostgreSQL, restarted (fast shutdown, then start on the same port and data
// folder) while `huicai sync` writes to it: the sync either finishes through its retries or
// stops with Unavailable; a later sync then completes and the store agrees with the gold truth.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "tests/resilience/fixtures.h"
#include "tests/support/pg_cluster.h"

namespace fs = std::filesystem;
using namespace huicai;
using namespace huicai::resilience;

BOOST_AUTO_TEST_SUITE(postgres_restart)

BOOST_AUTO_TEST_CASE(sync_through_a_postgres_restart_completes_or_fails_unavailable_then_resumes) {
  auto started = testing::PgCluster::Start();
  BOOST_REQUIRE_MESSAGE(started.has_value(), started.status().ToString());
  testing::PgCluster& cluster = **started;
  TempDir dir("huicai-pg-restart");
  const Dataset data = MakeDataset(dir.path(), 300, 40);

  std::mt19937 random(7);  // seeded: the same restart moments every run
  std::uniform_int_distribution<int> delay_ms(150, 1200);
  int completed = 0, unavailable = 0, hit = 0;
  for (int round = 0; round < 3; ++round) {
    const std::string database = "restart_" + std::to_string(round);
    BOOST_REQUIRE(cluster.CreateDatabase(database).ok());
    HubFiles files;
    files.store_connection = cluster.ConnectionString(database);
    files.mappings = data.mappings;
    files.partner_data = data.partner_data;
    files.index_dir = dir.path() / ("index-" + std::to_string(round));
    files.retries = 3;
    files.backoff_ms = 250;  // 0.25 + 0.5 + 1 s: long enough for the server to come back
    const fs::path config = dir.path() / ("huicai-" + std::to_string(round) + ".toml");
    WriteHubConfig(config, files);
    const fs::path log = dir.path() / ("sync-" + std::to_string(round) + ".log");

    const int delay = delay_ms(random);
    BOOST_TEST_CONTEXT("round " << round << ", restart after " << delay << " ms") {
      Child child({"-c", config.string(), "sync", "--json"}, {}, log);
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      const Status restarted = cluster.Restart();
      BOOST_REQUIRE_MESSAGE(restarted.ok(), restarted.ToString());
      const Exit during = child.Wait();
      BOOST_TEST_INFO("output:\n" << during.out);
      BOOST_REQUIRE(during.exited);  // never a crash
      // The warning "retry 1 of 3" shows the restart cut into the running sync.
      hit += during.out.find("retry 1 of") != std::string::npos || during.code != 0;
      if (during.code == 0) {
        ++completed;
      } else {
        // Exit code 2 is Unavailable or Internal; only Unavailable is acceptable here.
        BOOST_TEST(during.code == 2);
        BOOST_TEST(during.out.find("Unavailable:") != std::string::npos);
        BOOST_TEST(during.out.find("Internal:") == std::string::npos);
        BOOST_TEST(during.out.find("DataError:") == std::string::npos);
        ++unavailable;
      }

      const Exit final_sync = RunHuicai({"-c", config.string(), "sync"}, {}, log);
      BOOST_TEST_INFO("final sync output:\n" << final_sync.out);
      BOOST_REQUIRE_EQUAL(final_sync.code, 0);
      CheckGoldTruth(files.store_connection, data.gold);
    }
  }
  BOOST_TEST(hit > 0, "no restart landed while a sync ran: the rounds prove nothing");
  BOOST_TEST_MESSAGE("syncs through a restart: " << completed << " completed, " << unavailable
                                                 << " stopped with Unavailable");
}

BOOST_AUTO_TEST_SUITE_END()
