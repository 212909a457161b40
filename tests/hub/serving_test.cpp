// The serving path under concurrency: the group-committing audit log keeps one valid hash chain
// with every record exactly once and each thread's records in its order, a failing batch fails
// only its own callers, and the read pool answers as the Hub does from many threads at once.
#include "hub/serving.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/id_number.h"
#include "hub/hub.h"
#include "store/store.h"
#include "tests/support/print.h"

namespace fs = std::filesystem;
using namespace huicai;

namespace {

// A hub with a fresh SQLite store in a temporary directory, removed at the end.
struct ServingHub {
  fs::path dir;
  hub::HubConfig config;
  std::unique_ptr<hub::Hub> hub;

  ServingHub() {
    std::random_device rd;
    dir = fs::temp_directory_path() / ("huicai-serving-" + std::to_string(rd()));
    fs::create_directories(dir);
    config = hub::DefaultConfig(dir);
    config.store_connection = "DRIVER=SQLite3;Database=" + (dir / "hub.db").string();
    config.index_dir = dir / "index";
    auto opened = hub::Hub::Open(config);
    BOOST_REQUIRE_MESSAGE(opened.has_value(), opened.status().ToString());
    hub = std::move(opened).value();
  }
  ~ServingHub() {
    hub.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  // Stores `n` talents through a store connection of its own; returns their person ids.
  std::vector<PersonId> AddTalents(int n) {
    auto store = store::Store::Open({.connection_string = config.store_connection});
    BOOST_REQUIRE_MESSAGE(store.has_value(), store.status().ToString());
    std::vector<PersonId> ids;
    for (int i = 0; i < n; ++i) {
      Person p;
      p.name = "专家" + std::to_string(i);
      p.nationality = "DEU";
      p.passport = "C0" + std::to_string(100000 + i);
      auto id = store->UpsertPerson(p);
      BOOST_REQUIRE_MESSAGE(id.has_value(), id.status().ToString());
      Talent t;
      t.person_id = *id;
      t.name = p.name;
      t.tier = i % 2 == 0 ? TalentTier::kB : TalentTier::kC;
      t.card_number = "HC3713" + std::to_string(100000 + i);
      t.employer = "临沂大学";
      t.disciplines = {"21020", std::to_string(400 + i)};
      t.specialties = "果树栽培 " + std::to_string(i);
      t.region_code = "371302";
      t.days_available = 10 + i;
      t.in_programme = i % 3 == 0;
      BOOST_REQUIRE(store->UpsertTalent(t).ok());
      ids.push_back(*id);
    }
    return ids;
  }
};

hub::AuditRecord Call(std::string agency, std::string subject) {
  hub::AuditRecord r;
  r.agency = std::move(agency);
  r.method = "getTalent";
  r.subjects = {std::move(subject)};
  r.fields = {"*"};
  r.outcome = "ok";
  return r;
}

bool SameTalent(const Talent& a, const Talent& b) {
  return a.person_id == b.person_id && a.name == b.name && a.tier == b.tier &&
         a.card_number == b.card_number && a.employer == b.employer &&
         a.disciplines == b.disciplines && a.specialties == b.specialties &&
         a.region_code == b.region_code && a.days_available == b.days_available &&
         a.in_programme == b.in_programme;
}

// A valid GB 11643 ID number (the store refuses it as an audit subject).
std::string SomeIdNumber() {
  const std::string first17 = "11010519491231002";
  return first17 + IdCheckCharacter(first17);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(serving)

BOOST_AUTO_TEST_CASE(concurrent_appends_form_one_valid_chain_in_each_threads_order) {
  ServingHub h;
  auto log = hub::AuditLog::Open(h.config);
  BOOST_REQUIRE_MESSAGE(log.has_value(), log.status().ToString());
  constexpr int kThreads = 16, kEach = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Status s =
            (*log)->Append(Call("agency" + std::to_string(t), "person:" + std::to_string(i)));
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(failures.load() == 0);

  auto check = h.hub->VerifyAudit();
  BOOST_REQUIRE_MESSAGE(check.has_value(), check.status().ToString());
  BOOST_TEST(check->ok, check->problem);
  BOOST_TEST(check->entries == kThreads * kEach);

  auto entries = h.hub->ListAudit("", "", 100000);
  BOOST_REQUIRE(entries.has_value());
  BOOST_REQUIRE(entries->size() == static_cast<size_t>(kThreads * kEach));
  std::map<std::string, std::vector<std::string>> by_agency;
  for (const auto& e : *entries) by_agency[e.agency].push_back(e.subjects.at(0));
  BOOST_REQUIRE(by_agency.size() == static_cast<size_t>(kThreads));
  for (const auto& [agency, subjects] : by_agency) {
    BOOST_REQUIRE(subjects.size() == static_cast<size_t>(kEach));
    for (int i = 0; i < kEach; ++i) {
      BOOST_TEST(subjects[static_cast<size_t>(i)] == "person:" + std::to_string(i),
                 agency << " entry " << i);
    }
  }
  // Concurrent callers shared transactions: fewer commits than records.
  const auto stats = (*log)->stats();
  BOOST_TEST(stats.records == kThreads * kEach);
  BOOST_TEST(stats.batches < stats.records);
}

BOOST_AUTO_TEST_CASE(a_lone_refused_record_fails_alone_and_the_next_one_commits) {
  ServingHub h;
  auto log = hub::AuditLog::Open(h.config);
  BOOST_REQUIRE_MESSAGE(log.has_value(), log.status().ToString());
  BOOST_TEST((*log)->Append(Call("tax", "person:1")).ok());
  Status refused = (*log)->Append(Call("tax", SomeIdNumber()));
  BOOST_TEST(refused.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(refused.message().find(SomeIdNumber()) == std::string::npos,
             "the ID number must not appear in the error");
  BOOST_TEST((*log)->Append(Call("tax", "person:2")).ok());
  auto entries = h.hub->ListAudit("", "", 10);
  BOOST_REQUIRE(entries.has_value());
  BOOST_REQUIRE(entries->size() == 2u);
  BOOST_TEST(entries->at(1).subjects.at(0) == "person:2");
  auto check = h.hub->VerifyAudit();
  BOOST_REQUIRE(check.has_value());
  BOOST_TEST(check->ok, check->problem);
}

BOOST_AUTO_TEST_CASE(a_failing_batch_fails_only_its_callers_and_the_chain_stays_valid) {
  ServingHub h;
  auto log = hub::AuditLog::Open(h.config);
  BOOST_REQUIRE_MESSAGE(log.has_value(), log.status().ToString());
  constexpr int kThreads = 8, kEach = 100;
  // Thread 0 sends a refused record (an ID number as subject) in the middle of its run.
  std::vector<std::vector<Status>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const bool bad = t == 0 && i == kEach / 2;
        results[static_cast<size_t>(t)].push_back((*log)->Append(Call(
            "agency" + std::to_string(t), bad ? SomeIdNumber() : "person:" + std::to_string(i))));
      }
    });
  }
  for (auto& th : threads) th.join();

  BOOST_TEST(results[0][kEach / 2].code() == StatusCode::kInvalidArgument);
  std::set<std::string> committed, failed;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) {
      const Status& s = results[static_cast<size_t>(t)][static_cast<size_t>(i)];
      const std::string key = "agency" + std::to_string(t) + "/" + std::to_string(i);
      if (s.ok()) {
        committed.insert(key);
      } else {
        BOOST_TEST(s.code() == StatusCode::kInvalidArgument, s.ToString());
        failed.insert(key);
      }
    }
  }
  // Only the refused record's batch failed: at most one record per thread (a thread waits for
  // each of its records), so at most kThreads, and the others all committed.
  BOOST_TEST(failed.size() >= 1u);
  BOOST_TEST(failed.size() <= static_cast<size_t>(kThreads));
  BOOST_TEST(committed.size() + failed.size() == static_cast<size_t>(kThreads * kEach));

  auto check = h.hub->VerifyAudit();
  BOOST_REQUIRE(check.has_value());
  BOOST_TEST(check->ok, check->problem);
  BOOST_TEST(check->entries == static_cast<std::int64_t>(committed.size()));
  auto entries = h.hub->ListAudit("", "", 100000);
  BOOST_REQUIRE(entries.has_value());
  std::set<std::string> logged;
  for (const auto& e : *entries) {
    const std::string& subject = e.subjects.at(0);
    BOOST_REQUIRE(subject.rfind("person:", 0) == 0);
    logged.insert(e.agency + "/" + subject.substr(7));
  }
  BOOST_TEST((logged == committed), "the log holds exactly the records whose callers got OK");
}

BOOST_AUTO_TEST_CASE(read_pool_answers_as_the_hub_from_eight_threads_at_once) {
  ServingHub h;
  const std::vector<PersonId> ids = h.AddTalents(40);
  std::map<PersonId, Talent> expected;
  std::map<PersonId, Person> persons;
  for (PersonId id : ids) {
    auto t = h.hub->GetTalent(id);
    BOOST_REQUIRE_MESSAGE(t.has_value(), t.status().ToString());
    expected[id] = *t;
    auto p = h.hub->GetPerson(id);
    BOOST_REQUIRE(p.has_value());
    persons[id] = *p;
  }
  auto pool = hub::ReadPool::Open(h.config, 3);
  BOOST_REQUIRE_MESSAGE(pool.has_value(), pool.status().ToString());
  BOOST_TEST((*pool)->size() == 3);

  std::atomic<int> mismatches{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        for (size_t k = 0; k < ids.size(); ++k) {
          const PersonId id = ids[(k + static_cast<size_t>(t) * 5) % ids.size()];
          auto talent = (*pool)->GetTalent(id);
          auto person = (*pool)->GetPerson(id);
          auto by_card = (*pool)->FindTalentByCard(expected.at(id).card_number);
          if (!talent.has_value() || !person.has_value() || !by_card.has_value()) {
            ++errors;
            continue;
          }
          if (!SameTalent(*talent, expected.at(id)) ||
              person->passport != persons.at(id).passport || !by_card->has_value() ||
              (*by_card)->person_id != id) {
            ++mismatches;
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(errors.load() == 0);
  BOOST_TEST(mismatches.load() == 0);
}

BOOST_AUTO_TEST_CASE(read_pool_passes_not_found_through) {
  ServingHub h;
  h.AddTalents(2);
  auto pool = hub::ReadPool::Open(h.config);
  BOOST_REQUIRE_MESSAGE(pool.has_value(), pool.status().ToString());
  BOOST_TEST((*pool)->size() == hub::ReadPool::kDefaultConnections);
  auto talent = (*pool)->GetTalent(987654);
  BOOST_REQUIRE(!talent.has_value());
  BOOST_TEST(talent.error().code() == StatusCode::kNotFound);
  auto person = (*pool)->GetPerson(987654);
  BOOST_REQUIRE(!person.has_value());
  BOOST_TEST(person.error().code() == StatusCode::kNotFound);
  auto card = (*pool)->FindTalentByCard("HC0000000000");
  BOOST_REQUIRE_MESSAGE(card.has_value(), card.status().ToString());
  BOOST_TEST(!card->has_value());
  auto nobody = (*pool)->GetPersonWithTalent(987654);
  BOOST_REQUIRE(!nobody.has_value());
  BOOST_TEST(nobody.error().code() == StatusCode::kNotFound);
}

BOOST_AUTO_TEST_CASE(read_pool_gives_a_person_with_their_talent_or_without_one) {
  ServingHub h;
  const std::vector<PersonId> ids = h.AddTalents(1);
  auto store = store::Store::Open({.connection_string = h.config.store_connection});
  BOOST_REQUIRE(store.has_value());
  Person plain;
  plain.name = "李四";
  plain.nationality = "FRA";
  plain.passport = "P7654321";
  auto plain_id = store->UpsertPerson(plain);
  BOOST_REQUIRE(plain_id.has_value());

  auto pool = hub::ReadPool::Open(h.config, 1);
  BOOST_REQUIRE_MESSAGE(pool.has_value(), pool.status().ToString());
  auto talent = (*pool)->GetPersonWithTalent(ids.at(0));
  BOOST_REQUIRE_MESSAGE(talent.has_value(), talent.status().ToString());
  BOOST_TEST(talent->first.passport == "C0100000");
  BOOST_REQUIRE(talent->second.has_value());
  BOOST_TEST(talent->second->card_number == "HC3713100000");
  auto person = (*pool)->GetPersonWithTalent(*plain_id);
  BOOST_REQUIRE_MESSAGE(person.has_value(), person.status().ToString());
  BOOST_TEST(person->first.name == "李四");
  BOOST_TEST(!person->second.has_value());
}

BOOST_AUTO_TEST_CASE(read_pool_refuses_a_connection_count_out_of_range) {
  ServingHub h;
  auto pool = hub::ReadPool::Open(h.config, 300);
  BOOST_REQUIRE(!pool.has_value());
  BOOST_TEST(pool.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(pool.error().message().find("read_connections") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
