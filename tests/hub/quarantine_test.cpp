// Quarantine retry after a mapping fix, the lineage view of a person, and outbound batches:
// the hub's answers to "what did you refuse", "who said what" and "pay them".
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "core/config_dir.h"
#include "hub/generate.h"
#include "hub/hub.h"

namespace fs = std::filesystem;
using namespace huicai;

namespace {

std::string ReadFile(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct SmallHub {
  fs::path dir;
  hub::HubConfig config;
  std::unique_ptr<hub::Hub> hub;

  SmallHub() {
    std::random_device rd;
    dir = fs::temp_directory_path() / ("huicai-quarantine-" + std::to_string(rd()));
    fs::create_directories(dir / "mappings");
    for (const auto& entry : fs::directory_iterator(ConfigDir() / "partners")) {
      fs::copy_file(entry.path(), dir / "mappings" / entry.path().filename());
    }
    config = hub::DefaultConfig(dir);
    config.partner_data = dir / "partners";
    config.partner_mappings = dir / "mappings";
    hub::SynthOptions options;
    options.talents = 200;
    options.dirt_rate = 0.08;
    options.seed = 11;
    auto generated = hub::GeneratePartners(options, config.partner_data);
    BOOST_REQUIRE_MESSAGE(generated.has_value(), generated.status().ToString());
    auto opened = hub::Hub::Open(config);
    BOOST_REQUIRE_MESSAGE(opened.has_value(), opened.status().ToString());
    hub = std::move(opened).value();
    auto synced = hub->Sync("");
    BOOST_REQUIRE(synced.has_value());
    for (const auto& r : *synced) BOOST_REQUIRE_MESSAGE(r.status.ok(), r.status.ToString());
  }
  ~SmallHub() {
    hub.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(quarantine_and_lineage)

BOOST_AUTO_TEST_CASE(retry_after_a_mapping_fix_loads_what_now_passes_and_only_that) {
  SmallHub h;
  auto before = h.hub->QuarantineCounts("police");
  BOOST_REQUIRE(before.has_value());
  const std::int64_t bad_names = before->count("bad_name") ? before->at("bad_name") : 0;
  BOOST_REQUIRE_MESSAGE(bad_names > 0, "the generated police table should hold bad names");

  // Nothing changed yet: a retry loads nothing and keeps every row.
  auto idle = h.hub->RetryQuarantine("police");
  BOOST_REQUIRE_MESSAGE(idle.has_value(), idle.status().ToString());
  BOOST_TEST(idle->loaded == 0);
  BOOST_TEST(idle->still_refused == idle->examined);

  // The "fix": the police mapping stops checking names (as if the rule had been too strict).
  const fs::path police = h.dir / "mappings" / "police.toml";
  std::string text = ReadFile(police);
  const std::string check = "checks = [\"name\"]";
  const auto at = text.find(check);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "police.toml has no name check to relax");
  text.replace(at, check.size(), "checks = []");
  std::ofstream(police, std::ios::trunc) << text;

  auto retried = h.hub->RetryQuarantine("police");
  BOOST_REQUIRE_MESSAGE(retried.has_value(), retried.status().ToString());
  BOOST_TEST(retried->loaded == bad_names);
  auto after = h.hub->QuarantineCounts("police");
  BOOST_REQUIRE(after.has_value());
  BOOST_TEST(after->count("bad_name") == 0u);
  std::int64_t left = 0, was = 0;
  for (const auto& [reason, n] : *after) left += n;
  for (const auto& [reason, n] : *before) was += n;
  BOOST_TEST(left == was - bad_names);

  // A second retry finds nothing more to load.
  auto again = h.hub->RetryQuarantine("police");
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST(again->loaded == 0);
}

BOOST_AUTO_TEST_CASE(quarantine_items_keep_raw_values_and_reasons) {
  SmallHub h;
  auto items = h.hub->ListQuarantine("", "bad_id_check", 5, 0);
  BOOST_REQUIRE_MESSAGE(items.has_value(), items.status().ToString());
  BOOST_REQUIRE(!items->empty());
  for (const auto& item : *items) {
    BOOST_TEST(item.rejection.reason_code == "bad_id_check");
    BOOST_TEST(!item.rejection.raw.empty());
    BOOST_TEST(item.rejection.message.find("check character") != std::string::npos);
    auto one = h.hub->GetQuarantineItem(item.id);
    BOOST_REQUIRE(one.has_value());
    BOOST_TEST(one->rejection.raw == item.rejection.raw);
  }
  auto missing = h.hub->GetQuarantineItem(987654321);
  BOOST_TEST(!missing.has_value());
}

BOOST_AUTO_TEST_CASE(person_view_shows_every_partner_and_their_values) {
  SmallHub h;
  auto talents = h.hub->TalentCount();
  BOOST_REQUIRE(talents.has_value() && *talents > 0);
  // Person ids start at 1; find one the police and the bank both know.
  bool checked = false;
  for (PersonId id = 1; id <= 50 && !checked; ++id) {
    auto view = h.hub->ShowPerson(id);
    if (!view.has_value()) continue;
    std::set<std::string> partners;
    for (const auto& s : view->sources) partners.insert(s.partner);
    if (!partners.count("police") || !partners.count("bank")) continue;
    checked = true;
    for (const auto& s : view->sources) {
      if (s.field == "id_number") BOOST_TEST(s.value == view->person.id_number);
    }
    BOOST_TEST(view->conflicting_fields.empty());  // generated partners agree on a person
  }
  BOOST_TEST(checked);
}

BOOST_AUTO_TEST_CASE(allowance_batch_pays_each_certified_talent_with_a_card_once) {
  SmallHub h;
  const fs::path keys = h.dir / "keys";
  BOOST_REQUIRE(hub::GenerateOutboundKey(keys / "k.pem", keys / "k.pub.pem").ok());
  auto paid = h.hub->WriteAllowancePayments("2026-11", h.dir / "out", keys / "k.pem");
  BOOST_REQUIRE_MESSAGE(paid.has_value(), paid.status().ToString());
  BOOST_TEST(paid->lines > 0);
  BOOST_TEST(!paid->already_existed);
  BOOST_TEST(hub::VerifyOutbound(paid->file, keys / "k.pub.pem").ok());
  // One detail line per payee, each card once, and the trailer's count and total agree.
  const std::string text = ReadFile(paid->file);
  std::set<std::string> cards;
  std::int64_t details = 0;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("D|", 0) != 0) continue;
    ++details;
    std::vector<std::string> cells;
    std::stringstream cell_stream(line);
    std::string cell;
    while (std::getline(cell_stream, cell, '|')) cells.push_back(cell);
    BOOST_REQUIRE(cells.size() > 4);
    BOOST_TEST(cards.insert(cells[4]).second);
  }
  BOOST_TEST(details == paid->lines);
  BOOST_TEST(paid->summary.find("************") != std::string::npos);  // masked for logs
  // The same month again changes nothing.
  auto again = h.hub->WriteAllowancePayments("2026-11", h.dir / "out", keys / "k.pem");
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST(again->already_existed);
  BOOST_TEST(again->sha256 == paid->sha256);
  auto bad = h.hub->WriteAllowancePayments("2026-13", h.dir / "out", keys / "k.pem");
  BOOST_TEST(!bad.has_value());
}

BOOST_AUTO_TEST_SUITE_END()
