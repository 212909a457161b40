// The same hub on PostgreSQL through psqlODBC: only the store's connection string differs.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <random>

#include "hub/generate.h"
#include "hub/hub.h"
#include "tests/support/pg_cluster.h"

namespace fs = std::filesystem;
using namespace huicai;

BOOST_AUTO_TEST_CASE(pipeline_runs_on_postgresql_by_changing_the_connection_only) {
  auto cluster = testing::PgCluster::Start();
  BOOST_REQUIRE_MESSAGE(cluster.has_value(), cluster.status().ToString());
  std::random_device rd;
  const fs::path dir = fs::temp_directory_path() / ("huicai-hub-pg-" + std::to_string(rd()));
  fs::create_directories(dir);
  ::setenv("HUICAI_TODAY", "2026-11-24", 1);

  hub::HubConfig config = hub::DefaultConfig(dir);
  config.store_connection = (*cluster)->ConnectionString();
  config.partner_data = dir / "partners";
  hub::SynthOptions options;
  options.talents = 150;
  options.needs = 15;
  options.seed = 7;
  auto generated = hub::GeneratePartners(options, config.partner_data);
  BOOST_REQUIRE_MESSAGE(generated.has_value(), generated.status().ToString());
  {
    auto opened = hub::Hub::Open(config);
    BOOST_REQUIRE_MESSAGE(opened.has_value(), opened.status().ToString());
    auto& hub = **opened;
    auto reports = hub.Sync("");
    BOOST_REQUIRE(reports.has_value());
    std::int64_t inserted = 0;
    for (const auto& r : *reports) {
      BOOST_TEST(r.status.ok(), r.status.ToString());
      inserted += r.inserted;
    }
    // Its own generated data (150 talents), not another hub's in the same process.
    BOOST_TEST(inserted < 150 * 10);
    BOOST_TEST(inserted > 0);
    auto again = hub.Sync("");
    BOOST_REQUIRE(again.has_value());
    for (const auto& r : *again) BOOST_TEST(r.inserted + r.updated + r.quarantined == 0);
    for (const Need& need : hub::SynthesiseNeeds(options))
      BOOST_REQUIRE(hub.PostNeed(need).has_value());
    BOOST_REQUIRE(hub.Index(false).has_value());
    auto round = hub.Match("pg");
    BOOST_REQUIRE_MESSAGE(round.has_value(), round.status().ToString());
    BOOST_TEST(round->proposals > 0);
    auto proposals = hub.ListProposals();
    BOOST_REQUIRE(proposals.has_value());
    BOOST_TEST(static_cast<std::int64_t>(proposals->size()) == round->proposals);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}
