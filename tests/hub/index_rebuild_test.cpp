// `huicai index --rebuild` gives the same answers as the index kept up to date change by
// change: after a random sequence (fixed seed) of talents sent, changed and withdrawn, needs
// posted and edited, stations added, changed and removed, and policy documents imported and
// replaced, indexed incrementally at random
// points, the same queries return the same hits in the same order with the same totals before
// and after a rebuild from empty.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/id_number.h"
#include "core/policy.h"
#include "core/validate.h"
#include "hub/hub.h"
#include "tests/support/must.h"

namespace fs = std::filesystem;
using namespace huicai;

namespace {

using huicai::testing::Must;

std::string IdNumber(const std::string& region, int serial) {
  const std::string seq = std::to_string(1000 + serial % 900).substr(1, 3);
  const std::string first17 = region + "19750315" + seq;
  return first17 + IdCheckCharacter(first17);
}

const std::vector<std::string> kRegions = {"371302", "371321", "371324", "370102", "370202"};
const std::vector<std::string> kSpecialties = {"果树栽培 病虫害防治", "设施农业 大棚蔬菜",
                                               "中医药 针灸",         "水产养殖 海参",
                                               "机械制造 数控",       "果树 嫁接 土壤改良"};
const std::vector<std::string> kNames = {"王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "赵磊"};
const std::vector<std::string> kTiers = {"A", "B", "C", "D"};

struct Snapshot {
  std::vector<std::vector<PersonId>> talents;
  std::vector<size_t> talent_totals;
  std::vector<std::vector<std::int64_t>> policies;
  std::vector<size_t> policy_totals;
  std::vector<std::string> facets;  // every facet count of each talent and need query, as text
};

std::string FacetText(const std::vector<const std::map<std::string, size_t>*>& maps) {
  std::ostringstream out;
  for (const auto* m : maps) {
    for (const auto& [value, n] : *m) out << value << "=" << n << " ";
    out << "| ";
  }
  return out.str();
}

Snapshot Ask(hub::Hub& hub) {
  Snapshot s;
  std::vector<hub::SearchRequest> queries(5);
  queries[0].text = "果树";
  queries[1].text = "果树";
  queries[1].region = "3713";
  queries[2].text = "设施农业 OR 水产养殖";
  queries[3].tier = TalentTier::kA;
  queries[4].text = "王伟";
  for (auto& q : queries) {
    q.limit = 50;
    q.facets = true;
  }
  for (const auto& q : queries) {
    auto r = Must(hub.Search(q));
    BOOST_REQUIRE(r.facets.has_value());
    s.facets.push_back(FacetText({&r.facets->province, &r.facets->city, &r.facets->county,
                                  &r.facets->tier, &r.facets->discipline}));
    std::vector<PersonId> ids;
    for (const auto& h : r.hits) ids.push_back(h.talent.person_id);
    s.talents.push_back(ids);
    s.talent_totals.push_back(r.estimated_total);
  }
  for (const char* text : {"技术指导", "果树", ""}) {
    hub::NeedSearchRequest q;
    q.text = text;
    q.limit = 50;
    q.facets = true;
    auto r = Must(hub.SearchNeeds(q));
    std::ostringstream ids;
    for (const auto& h : r.hits) ids << h.need_id << " ";
    s.facets.push_back(
        ids.str() + "/ " + std::to_string(r.estimated_total) + " / " +
        FacetText({&r.facets->county, &r.facets->status, &r.facets->kind, &r.facets->discipline}));
  }
  for (const char* text : {"人才驿站", "果树", ""}) {
    hub::StationSearchRequest q;
    q.text = text;
    q.limit = 50;
    q.facets = true;
    auto r = Must(hub.SearchStations(q));
    std::ostringstream ids;
    for (const auto& h : r.hits) ids << h.station_id << " ";
    s.facets.push_back(
        ids.str() + "/ " + std::to_string(r.estimated_total) + " / " +
        FacetText({&r.facets->county, &r.facets->kind, &r.facets->type, &r.facets->discipline}));
  }
  for (const char* text : {"人才驿站 评估", "服务专员", "辽西北", ""}) {
    search::PolicyQuery q;
    q.text = text;
    q.limit = 200;
    auto r = Must(hub.SearchPolicies(q));
    std::vector<std::int64_t> ids;
    for (const auto& h : r.hits) ids.push_back(h.article_id);
    s.policies.push_back(ids);
    s.policy_totals.push_back(r.estimated_total);
  }
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_rebuilt_index_answers_as_the_incremental_one) {
  std::random_device rd;
  const fs::path dir = fs::temp_directory_path() / ("huicai-rebuild-" + std::to_string(rd()));
  fs::create_directories(dir / "var");
  ::setenv("HUICAI_TODAY", "2026-11-24", 1);
  {
    auto hub = Must(hub::Hub::Open(hub::DefaultConfig(dir)));
    BOOST_REQUIRE(hub->Init().ok());
    std::mt19937 rng(20261206);
    auto pick = [&](const std::vector<std::string>& from) {
      return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(rng)];
    };
    std::map<int, Record> talents;  // live records by serial
    std::vector<NeedId> needs;
    std::map<StationId, Station> stations;  // live ones
    int serial = 0, indexed_runs = 0, deletions = 0, updates = 0, policy_versions = 0;
    const fs::path policies = fs::path(HUICAI_SOURCE_DIR) / "tests/data/policies";
    for (int step = 0; step < 120; ++step) {
      const int op = std::uniform_int_distribution<int>(0, 10)(rng);
      if (op <= 3 || talents.empty()) {  // a new talent
        Record r;
        r.kind = "talent";
        r.source_key = "t" + std::to_string(++serial);
        const std::string region = pick(kRegions);
        r.fields = {{"id_number", IdNumber(region, serial)},
                    {"name", pick(kNames)},
                    {"tier", pick(kTiers)},
                    {"region", region},
                    {"title", "研究员"},
                    {"specialties", pick(kSpecialties)},
                    {"card_no", "HC" + std::to_string(100000 + serial)}};
        const auto receipts = Must(hub->SubmitRecords("registry", {r}));
        BOOST_REQUIRE(receipts.at(0).accepted);
        talents[serial] = r;
      } else if (op <= 5) {  // a talent changes specialties and tier
        auto it =
            std::next(talents.begin(), std::uniform_int_distribution<ptrdiff_t>(
                                           0, static_cast<ptrdiff_t>(talents.size()) - 1)(rng));
        it->second.fields["specialties"] = pick(kSpecialties);
        it->second.fields["tier"] = pick(kTiers);
        BOOST_REQUIRE(Must(hub->SubmitRecords("registry", {it->second})).at(0).accepted);
        ++updates;
      } else if (op == 6) {  // a talent record withdrawn
        auto it =
            std::next(talents.begin(), std::uniform_int_distribution<ptrdiff_t>(
                                           0, static_cast<ptrdiff_t>(talents.size()) - 1)(rng));
        Record gone = it->second;
        gone.deleted = true;
        Must(hub->SubmitRecords("registry", {gone}));
        talents.erase(it);
        ++deletions;
      } else if (op == 7) {  // a need posted, or an open one edited
        Need n;
        n.unit = "沂南县合作社";
        n.region_code = pick(kRegions);
        n.title = pick(kSpecialties) + " 技术指导";
        n.disciplines = {"210"};
        n.days = 5;
        n.window_start = Date{2026, 12, 1};
        n.window_end = Date{2027, 3, 31};
        if (!needs.empty() && rng() % 2 == 0) {
          n.id = needs[rng() % needs.size()];
          BOOST_REQUIRE(hub->UpdateNeed(n).ok());
        } else {
          needs.push_back(Must(hub->PostNeed(n)));
        }
      } else if (op == 8) {  // a policy imported, or a shorter version of it replacing it
        const fs::path file = policies / ("00" + std::to_string(rng() % 5) + ".txt");
        if (rng() % 2 == 0) {
          std::ifstream in(file);
          std::stringstream text;
          text << in.rdbuf();
          std::string shorter = text.str();
          shorter.resize(shorter.size() * 3 / 4);  // the later articles dropped
          const fs::path v2 = dir / ("v" + std::to_string(++policy_versions) + ".txt");
          std::ofstream(v2) << shorter;
          const std::vector<fs::path> files = {v2};
          Must(hub->ImportPolicies(files));
        } else {
          const std::vector<fs::path> files = {file};
          Must(hub->ImportPolicies(files));
        }
      } else if (op == 9) {  // a station added, changed, or its title withdrawn
        const int what = static_cast<int>(rng() % 3);
        if (what == 2 && !stations.empty()) {
          auto it = std::next(stations.begin(), static_cast<ptrdiff_t>(rng() % stations.size()));
          BOOST_REQUIRE(hub->RemoveStation(it->first).ok());
          stations.erase(it);
        } else {
          Station st;
          const std::string region = pick(kRegions);
          st.kind = rng() % 2 == 0 ? StationKind::kStation : StationKind::kServiceBase;
          st.name = std::string(what == 1 && !stations.empty() ? stations.begin()->second.name
                                                               : region + "号人才驿站");
          st.region_code =
              what == 1 && !stations.empty() ? stations.begin()->second.region_code : region;
          st.type = static_cast<StationType>(rng() % 4);
          st.disciplines = {rng() % 2 == 0 ? "210" : "360"};
          st.description = "服务" + pick(kSpecialties) + "方向的专家";
          const auto stored = Must(hub->UpsertStation(st));
          st.id = stored.id;
          stations[stored.id] = st;
        }
      } else {  // the index catches up
        Must(hub->Index(false));
        ++indexed_runs;
      }
    }
    Must(hub->Index(false));
    BOOST_TEST_MESSAGE(serial << " talents sent, " << updates << " changes, " << deletions
                              << " withdrawn, " << needs.size() << " needs, " << indexed_runs
                              << " incremental runs");
    BOOST_REQUIRE(deletions > 0);
    BOOST_REQUIRE(indexed_runs > 3);
    const Snapshot incremental = Ask(*hub);
    BOOST_REQUIRE(!incremental.talents[0].empty());
    BOOST_REQUIRE(!incremental.policies[0].empty());
    const auto rebuilt_report = Must(hub->Index(true));
    // A rebuild reads every entity as it is now, not the log's history.
    BOOST_TEST(rebuilt_report.talents_indexed == static_cast<std::int64_t>(talents.size()));
    BOOST_TEST(rebuilt_report.needs_indexed == static_cast<std::int64_t>(needs.size()));
    BOOST_TEST(rebuilt_report.stations_indexed == static_cast<std::int64_t>(stations.size()));
    BOOST_REQUIRE(!stations.empty());
    const Snapshot rebuilt = Ask(*hub);
    for (size_t i = 0; i < incremental.talents.size(); ++i) {
      BOOST_TEST(incremental.talents[i] == rebuilt.talents[i], boost::test_tools::per_element());
    }
    BOOST_TEST(incremental.talent_totals == rebuilt.talent_totals,
               boost::test_tools::per_element());
    for (size_t i = 0; i < incremental.policies.size(); ++i) {
      BOOST_TEST(incremental.policies[i] == rebuilt.policies[i], boost::test_tools::per_element());
    }
    BOOST_TEST(incremental.policy_totals == rebuilt.policy_totals,
               boost::test_tools::per_element());
    // The same facet counts for talents, and the same needs, totals and facets.
    BOOST_TEST(incremental.facets == rebuilt.facets, boost::test_tools::per_element());
    // A withdrawn talent is in neither.
    for (const auto& ids : rebuilt.talents) {
      for (PersonId id : ids) BOOST_TEST(Must(hub->GetTalent(id)).person_id == id);
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

// A long-running reader (huicai serve) sees what another process's `huicai index` committed,
// without restarting.
BOOST_AUTO_TEST_CASE(a_running_reader_sees_what_another_index_run_committed) {
  std::random_device rd;
  const fs::path dir = fs::temp_directory_path() / ("huicai-reopen-" + std::to_string(rd()));
  fs::create_directories(dir / "var");
  ::setenv("HUICAI_TODAY", "2026-11-24", 1);
  {
    auto serving = Must(hub::Hub::Open(hub::DefaultConfig(dir)));
    BOOST_REQUIRE(serving->Init().ok());
    auto send = [&](hub::Hub& hub, int serial, const std::string& specialties) {
      Record r;
      r.kind = "talent";
      r.source_key = "r" + std::to_string(serial);
      r.fields = {{"id_number", IdNumber("371324", serial)},
                  {"name", "王伟"},
                  {"tier", "B"},
                  {"region", "371324"},
                  {"specialties", specialties},
                  {"card_no", "HC" + std::to_string(300000 + serial)}};
      BOOST_REQUIRE(Must(hub.SubmitRecords("registry", {r})).at(0).accepted);
    };
    send(*serving, 1, "海参养殖");
    Must(serving->Index(false));
    hub::SearchRequest q;
    q.text = "海参";
    BOOST_TEST(Must(serving->Search(q)).hits.size() == 1u);
    {
      auto indexer = Must(hub::Hub::Open(hub::DefaultConfig(dir)));  // another process's hub
      send(*indexer, 2, "海参育苗");
      Must(indexer->Index(false));
    }
    BOOST_TEST(Must(serving->Search(q)).hits.size() == 2u);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

// Exact lookups by number: a talent is found by its ID number, by a mobile another partner filled
// in later and by a bank card account linked later (each a change of the person, not of the
// talent), incrementally and after a rebuild; a malformed number is refused before any search.
BOOST_AUTO_TEST_CASE(numbers_find_their_talent_through_keyed_hashes_as_they_arrive) {
  std::random_device rd;
  const fs::path dir = fs::temp_directory_path() / ("huicai-lookup-" + std::to_string(rd()));
  fs::create_directories(dir / "var");
  {
    auto hub = Must(hub::Hub::Open(hub::DefaultConfig(dir)));
    BOOST_REQUIRE(hub->Init().ok());
    const std::string id = IdNumber("371324", 7);
    Record talent;
    talent.kind = "talent";
    talent.source_key = "t7";
    talent.fields = {{"id_number", id},    {"name", "王伟"},    {"tier", "B"},
                     {"region", "371324"}, {"title", "研究员"}, {"card_no", "HC100007"}};
    BOOST_REQUIRE(Must(hub->SubmitRecords("registry", {talent})).at(0).accepted);
    Must(hub->Index(false));
    BOOST_TEST(fs::exists(dir / "var/lookup.key"));  // made by the first index run
    auto find = [&](IdentifierKind kind, const std::string& value) {
      hub::SearchRequest q;
      q.lookup = search::TalentQuery::Lookup{kind, value};
      std::vector<PersonId> ids;
      for (const auto& h : Must(hub->Search(q)).hits) ids.push_back(h.talent.person_id);
      return ids;
    };
    const auto by_id = find(IdentifierKind::kIdNumber, id);
    BOOST_REQUIRE_EQUAL(by_id.size(), 1u);
    const PersonId person = by_id.front();
    // Typed as people type them: spaces, lower-case x, +86.
    BOOST_TEST((find(IdentifierKind::kIdNumber, " " + id + " ") == std::vector<PersonId>{person}));
    BOOST_TEST((find(IdentifierKind::kTalentCard, "HC100007") == std::vector<PersonId>{person}));
    BOOST_TEST(find(IdentifierKind::kMobile, "13912345678").empty());

    Record phone;  // the household register knows the mobile
    phone.kind = "identity";
    phone.source_key = "s7";
    phone.fields = {{"id_number", id}, {"name", "王伟"}, {"mobile", "139 1234 5678"}};
    BOOST_REQUIRE(Must(hub->SubmitRecords("police", {phone})).at(0).accepted);
    const std::string card =
        std::string("621700000000000000") + LuhnCheckDigit("621700000000000000");
    Record account;  // and a bank card account
    account.kind = "card_account";
    account.source_key = "c7";
    account.fields = {{"id_number", id},
                      {"name", "王伟"},
                      {"card_number", card.substr(0, 4) + " " + card.substr(4)}};
    const auto banked = Must(hub->SubmitRecords("bank", {account}));
    BOOST_REQUIRE_MESSAGE(banked.at(0).accepted, banked.at(0).message);
    Must(hub->Index(false));
    BOOST_TEST(
        (find(IdentifierKind::kMobile, "+86 139-1234-5678") == std::vector<PersonId>{person}));
    BOOST_TEST((find(IdentifierKind::kBankCard, card) == std::vector<PersonId>{person}));

    Must(hub->Index(true));  // a rebuild hashes the same numbers
    BOOST_TEST((find(IdentifierKind::kMobile, "13912345678") == std::vector<PersonId>{person}));
    BOOST_TEST((find(IdentifierKind::kBankCard, card) == std::vector<PersonId>{person}));
    BOOST_TEST((find(IdentifierKind::kIdNumber, id) == std::vector<PersonId>{person}));

    hub::SearchRequest bad;
    bad.lookup = search::TalentQuery::Lookup{IdentifierKind::kIdNumber,
                                             id.substr(0, 17) + (id[17] == '0' ? "1" : "0")};
    const auto refused = hub->Search(bad);
    BOOST_TEST((refused.status().code() == StatusCode::kInvalidArgument));
    BOOST_TEST(refused.status().message().find("check character") != std::string::npos,
               refused.status().message());
    BOOST_TEST(refused.status().message().find(id.substr(0, 17)) == std::string::npos);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}
