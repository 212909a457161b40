// The hub's use cases end to end on the embedded default: generated partner databases synced
// over ODBC against the gold truth, indexed, searched, and matched under the policy rules.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "hub/generate.h"
#include "hub/hub.h"
#include "tests/support/gold.h"

namespace fs = std::filesystem;
using namespace huicai;

namespace {

using testing::GoldLine;

// A hub on SQLite files in a fresh temporary folder, with 300 generated talents synced.
struct PipelineFixture {
  fs::path dir;
  hub::HubConfig config;
  std::unique_ptr<hub::Hub> hub;
  std::vector<hub::SyncReport> first_sync;
  std::vector<GoldLine> gold;

  PipelineFixture() {
    std::random_device rd;
    dir = fs::temp_directory_path() / ("huicai-hub-" + std::to_string(rd()));
    fs::create_directories(dir);
    ::setenv("HUICAI_TODAY", "2026-11-24", 1);
    config = hub::DefaultConfig(dir);
    config.partner_data = dir / "partners";
    hub::SynthOptions options;
    options.talents = 300;
    options.needs = 40;
    options.dirt_rate = 0.05;
    auto generated = hub::GeneratePartners(options, config.partner_data);
    BOOST_REQUIRE_MESSAGE(generated.has_value(), generated.status().ToString());
    auto opened = hub::Hub::Open(config);
    BOOST_REQUIRE_MESSAGE(opened.has_value(), opened.status().ToString());
    hub = std::move(opened).value();
    auto reports = hub->Sync("");
    BOOST_REQUIRE_MESSAGE(reports.has_value(), reports.status().ToString());
    first_sync = std::move(reports).value();
    auto read = testing::ReadGold(config.partner_data / "gold.csv");
    BOOST_REQUIRE_MESSAGE(read.has_value(), read.status().ToString());
    gold = std::move(read).value();
    for (const Need& need : hub::SynthesiseNeeds(options)) {
      auto id = hub->PostNeed(need);
      BOOST_REQUIRE_MESSAGE(id.has_value(), id.status().ToString());
    }
    auto indexed = hub->Index(false);
    BOOST_REQUIRE_MESSAGE(indexed.has_value(), indexed.status().ToString());
  }
  ~PipelineFixture() {
    hub.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

PipelineFixture& Pipeline() {
  static PipelineFixture fixture;
  return fixture;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pipeline)

BOOST_AUTO_TEST_CASE(sync_loads_every_gold_row_once_and_quarantines_the_rest_with_the_gold_reason) {
  auto& p = Pipeline();
  BOOST_REQUIRE_EQUAL(p.first_sync.size(), 6u);
  std::map<std::string, std::int64_t> expect_load, expect_quarantine, expect_duplicates;
  for (const auto& g : p.gold) {
    if (g.expected == "load") expect_load[g.partner]++;
    if (g.expected == "quarantine") expect_quarantine[g.partner]++;
    if (g.reason == "duplicate") expect_duplicates[g.partner]++;
  }
  for (const auto& r : p.first_sync) {
    BOOST_TEST_CONTEXT("partner " << r.partner) {
      BOOST_TEST(r.status.ok(), r.status.ToString());
      // A row without ID number that scores in the review band waits for a person's decision.
      BOOST_TEST(r.inserted + r.reviews == expect_load[r.partner]);
      BOOST_TEST(r.quarantined == expect_quarantine[r.partner] + r.reviews);
      BOOST_TEST(r.unchanged + r.duplicates == expect_duplicates[r.partner]);
    }
  }
  // Every gold reason shows up in the quarantine counts.
  auto counts = p.hub->QuarantineCounts();
  BOOST_REQUIRE(counts.has_value());
  counts->erase("link_review");
  std::map<std::string, std::int64_t> gold_reasons;
  for (const auto& g : p.gold) {
    if (g.expected == "quarantine") gold_reasons[g.reason]++;
  }
  BOOST_TEST(*counts == gold_reasons);
}

BOOST_AUTO_TEST_CASE(records_without_id_land_on_their_talents_person_and_no_person_mixes_two) {
  auto& p = Pipeline();
  std::map<std::pair<std::string, std::string>, std::string> talent_of;  // row -> gold person
  std::int64_t without_id_rows = 0, passport_rows = 0;
  for (const auto& g : p.gold) talent_of[{g.partner, g.source_key}] = g.person;
  std::map<std::string, std::set<PersonId>> persons_of_talent;
  std::map<std::string, std::int64_t> methods;
  std::int64_t stored = 0, expected_stored = 0;
  for (const auto& g : p.gold) expected_stored += g.expected == "load";
  for (const auto& r : p.first_sync) expected_stored -= r.reviews;
  for (PersonId id = 1; stored < expected_stored && id < 100000; ++id) {
    auto view = p.hub->ShowPerson(id);
    if (!view.has_value()) continue;
    std::set<std::string> talents;
    for (const auto& link : view->links) {
      ++stored;
      ++methods[link.method];
      const std::string& talent = talent_of.at({link.partner, link.source_key});
      talents.insert(talent);
      persons_of_talent[talent].insert(id);
      if (link.method == "probabilistic" || link.method == "new") {
        ++without_id_rows;
        BOOST_TEST(!link.evidence.empty());  // the weight each field added is kept
      }
      passport_rows += link.method == "passport";
    }
    BOOST_TEST(talents.size() == 1u,
               "person " << id << " holds rows of " << talents.size() << " talents");
  }
  BOOST_TEST(stored == expected_stored);
  for (const auto& [talent, persons] : persons_of_talent) {
    BOOST_TEST(persons.size() == 1u,
               "talent " << talent << " is split over " << persons.size() << " persons");
  }
  // Old degrees without ID numbers are there (and were linked by name, birth date and gender).
  BOOST_TEST(without_id_rows > 10);
  BOOST_TEST_MESSAGE("rows linked by passport: " << passport_rows);
  BOOST_TEST(methods["id"] > 1000);
}

BOOST_AUTO_TEST_CASE(second_sync_reads_nothing_new_and_changes_nothing) {
  auto& p = Pipeline();
  auto again = p.hub->Sync("");
  BOOST_REQUIRE(again.has_value());
  for (const auto& r : *again) {
    BOOST_TEST_CONTEXT("partner " << r.partner) {
      BOOST_TEST(r.status.ok());
      BOOST_TEST(r.rows_read == 0);  // resumes after its checkpoint: nothing is read again
      BOOST_TEST(r.inserted == 0);
      BOOST_TEST(r.updated == 0);
      BOOST_TEST(r.quarantined == 0);
    }
  }
  auto talents = p.hub->TalentCount();
  BOOST_REQUIRE(talents.has_value());
  std::int64_t registry_loads = 0;
  for (const auto& g : p.gold) registry_loads += g.partner == "registry" && g.expected == "load";
  BOOST_TEST(*talents == registry_loads);
}

BOOST_AUTO_TEST_CASE(sync_of_an_unknown_partner_names_the_known_ones) {
  auto r = Pipeline().hub->Sync("nosuchpartner");
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST(static_cast<int>(r.error().code()) == static_cast<int>(StatusCode::kNotFound));
  BOOST_TEST(r.error().message().find("registry") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(search_finds_a_talent_by_specialty_within_its_region) {
  auto& p = Pipeline();
  hub::SearchRequest all;
  all.region = "山东";
  all.limit = 1;
  auto any = p.hub->Search(all);
  BOOST_REQUIRE_MESSAGE(any.has_value(), any.status().ToString());
  BOOST_REQUIRE(!any->hits.empty());
  const Talent& t = any->hits.front().talent;
  BOOST_TEST(any->region_prefix == "37");

  hub::SearchRequest exact;
  exact.text = t.name;
  exact.region = t.region_code.substr(0, 4);
  exact.limit = 20;
  auto found = p.hub->Search(exact);
  BOOST_REQUIRE_MESSAGE(found.has_value(), found.status().ToString());
  bool present = false;
  for (const auto& h : found->hits) {
    present = present || h.talent.person_id == t.person_id;
    BOOST_TEST(h.talent.region_code.substr(0, 4) == t.region_code.substr(0, 4));
  }
  BOOST_TEST(present);
}

BOOST_AUTO_TEST_CASE(bad_needs_are_refused_with_a_precise_reason) {
  auto& p = Pipeline();
  Need good;
  good.unit = "沂南县农业农村局";
  good.region_code = "371321";
  good.title = "苹果园病虫害防治";
  good.disciplines = {"210"};
  good.days = 5;
  good.headcount = 2;
  good.window_start = {2026, 12, 1};
  good.window_end = {2027, 2, 1};
  struct Case {
    std::function<void(Need&)> spoil;
    std::string expect;
  };
  const std::vector<Case> cases = {
      {[](Need& n) { n.disciplines.clear(); }, "no discipline"},
      {[](Need& n) { n.disciplines = {"999"}; }, "not a GB/T 13745 code"},
      {[](Need& n) { n.headcount = 0; }, "headcount"},
      {[](Need& n) {
         n.window_end = {2026, 1, 5};
         n.window_start = {2026, 1, 1};
       },
       "before today"},
      {[](Need& n) {
         n.window_end = {2026, 11, 30};
       },
       "before it starts"},
      {[](Need& n) { n.region_code = "379999"; }, "region code"},
  };
  for (const auto& c : cases) {
    Need bad = good;
    c.spoil(bad);
    auto r = p.hub->PostNeed(bad);
    BOOST_TEST_CONTEXT("expect " << c.expect) {
      BOOST_REQUIRE(!r.has_value());
      BOOST_TEST(static_cast<int>(r.error().code()) ==
                 static_cast<int>(StatusCode::kInvalidArgument));
      BOOST_TEST(r.error().message().find(c.expect) != std::string::npos, r.error().message());
    }
  }
}

BOOST_AUTO_TEST_CASE(match_respects_headcounts_and_capacities_and_gives_reasons) {
  auto& p = Pipeline();
  auto report = p.hub->Match("round-1");
  BOOST_REQUIRE_MESSAGE(report.has_value(), report.status().ToString());
  BOOST_TEST(report->needs > 0);
  BOOST_TEST(report->proposals > 0);
  auto needs = p.hub->ListNeeds();
  auto proposals = p.hub->ListProposals();
  BOOST_REQUIRE(needs.has_value() && proposals.has_value());
  std::map<NeedId, const Need*> by_id;
  for (const auto& n : *needs) by_id[n.id] = &n;
  std::map<NeedId, int> per_need;
  std::map<PersonId, int> days_per_expert;
  std::set<std::pair<NeedId, PersonId>> pairs;
  for (const auto& pr : *proposals) {
    BOOST_REQUIRE(by_id.count(pr.need_id));
    per_need[pr.need_id]++;
    days_per_expert[pr.person_id] += by_id[pr.need_id]->days;
    BOOST_TEST(pairs.insert({pr.need_id, pr.person_id}).second);  // never twice for one need
    BOOST_TEST(pr.score > 0);
    std::set<std::string> names;
    for (const auto& part : pr.parts) names.insert(part.name);
    BOOST_TEST(names.count("text"));
    BOOST_TEST(names.count("discipline"));
    BOOST_TEST(names.count("region"));
  }
  for (const auto& [need, n] : per_need) BOOST_TEST(n <= by_id[need]->headcount);
  for (const auto& [person, days] : days_per_expert) {
    auto t = p.hub->GetTalent(person);
    BOOST_REQUIRE(t.has_value());
    BOOST_TEST(days <= t->days_available - t->grassroots_days_served);
  }
  BOOST_TEST(report->needs_filled + static_cast<std::int64_t>(report->unfilled.size()) ==
             report->needs);
  for (const auto& u : report->unfilled) BOOST_TEST(!u.reason.empty());

  // The same data gives the same round.
  auto again = p.hub->Match("round-1");
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST(again->proposals == report->proposals);
  BOOST_TEST(again->objective == report->objective, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_SUITE_END()
