#define BOOST_TEST_MODULE store_test
#include "store/store.h"

#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/store/store_fixture.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/print.h"

namespace fs = std::filesystem;
using namespace huicai;  // NOLINT: test file
using huicai::store::Store;
using huicai::store::StoredPolicy;
using huicai::store::StoreOptions;

namespace {

using huicai::store::testing::ForEachStore;
using huicai::store::testing::Must;
using huicai::store::testing::OpenOrFail;
using huicai::store::testing::PgFixture;
using huicai::store::testing::TempDir;
BOOST_TEST_GLOBAL_FIXTURE(PgFixture);

Person SamplePerson(const std::string& id_number, const std::string& name) {
  Person p;
  p.id_number = id_number;
  p.name = name;
  p.gender = Gender::kFemale;
  p.birth_date = Date{1980, 2, 29};
  p.region_code = "370102";
  p.nationality = "CHN";
  p.mobile = "13800000000";
  return p;
}

Talent SampleTalent(PersonId id, const std::string& name) {
  Talent t;
  t.person_id = id;
  t.name = name;
  t.tier = TalentTier::kB;
  t.card_number = "HC-0001";
  t.employer = "山东农业大学";
  t.employer_credit_code = "12370000495570000X";
  t.disciplines = {"210", "21020"};
  t.industries = {"A01"};
  t.title = "研究员";
  t.specialties = "果树 病虫害";
  t.region_code = "370900";
  t.days_available = 20;
  t.grassroots_days_served = 3;
  t.in_programme = true;
  return t;
}

Need SampleNeed(const std::string& title) {
  Need n;
  n.unit = "沂南县农业农村局";
  n.unit_credit_code = "11371321004350000A";
  n.region_code = "371321";
  n.title = title;
  n.description = "苹果园病虫害防治";
  n.disciplines = {"210"};
  n.days = 5;
  n.headcount = 2;
  n.window_start = Date{2024, 4, 1};
  n.window_end = Date{2024, 6, 30};
  return n;
}

store::LinkedRecord SampleRecord(const std::string& key, const std::string& id_number,
                                 const std::string& fingerprint) {
  store::LinkedRecord lr;
  lr.record.partner = "tax";
  lr.record.kind = "identity";
  lr.record.source_key = key;
  lr.record.watermark = "2024-01-01";
  lr.record.fields = {{"name", "李娜"}, {"id_number", id_number}};
  lr.fingerprint = fingerprint;
  lr.person = SamplePerson(id_number, "李娜");
  return lr;
}

}  // namespace

BOOST_AUTO_TEST_CASE(migrates_from_empty_to_latest_and_again_without_change) {
  ForEachStore(
      [](Store& s, const std::string&) {
        BOOST_TEST(Must(s.SchemaVersion()) == 0);
        REQUIRE_OK(s.Migrate());
        BOOST_TEST(Must(s.SchemaVersion()) == Store::LatestSchemaVersion());
        REQUIRE_OK(s.Migrate());
        BOOST_TEST(Must(s.SchemaVersion()) == Store::LatestSchemaVersion());
        BOOST_TEST(Must(s.ListNeeds()).empty());
      },
      /*migrate=*/false);
}

BOOST_AUTO_TEST_CASE(round_trips_persons_and_talents) {
  ForEachStore([](Store& s, const std::string&) {
    Person p = SamplePerson("11010519491231002X", "王伟");
    PersonId id = Must(s.UpsertPerson(p));
    BOOST_TEST(id > 0);
    Person got = Must(s.GetPerson(id));
    BOOST_TEST(got.id_number == p.id_number);
    BOOST_TEST(got.name == "王伟");
    BOOST_TEST((got.gender == Gender::kFemale));
    BOOST_TEST((got.birth_date == p.birth_date));
    BOOST_TEST(got.mobile == p.mobile);
    BOOST_TEST(Must(s.FindPersonByIdNumber(p.id_number)).id == id);
    BOOST_TEST(Must(s.UpsertPerson(p)) == id);  // same id_number, same person

    BOOST_TEST(s.GetTalent(id).status().code() == StatusCode::kNotFound);
    auto alone = Must(s.GetPersonWithTalent(id));  // one query: the person, no talent yet
    BOOST_TEST(alone.first.name == "王伟");
    BOOST_TEST(!alone.second.has_value());
    Talent t = SampleTalent(id, "王伟");
    REQUIRE_OK(s.UpsertTalent(t));
    auto both = Must(s.GetPersonWithTalent(id));
    BOOST_TEST(both.first.id_number == p.id_number);
    BOOST_TEST((both.first.birth_date == p.birth_date));
    BOOST_TEST(both.first.mobile == p.mobile);
    BOOST_REQUIRE(both.second.has_value());
    BOOST_TEST(both.second->disciplines == t.disciplines);
    BOOST_TEST(both.second->employer == t.employer);
    BOOST_TEST(both.second->days_available == 20);
    BOOST_TEST(s.GetPersonWithTalent(id + 100).status().code() == StatusCode::kNotFound);
    Talent back = Must(s.GetTalent(id));
    BOOST_TEST(back.disciplines == t.disciplines);
    BOOST_TEST(back.employer == t.employer);
    BOOST_TEST((back.tier == TalentTier::kB));
    BOOST_TEST(back.in_programme);
    BOOST_TEST(back.days_available == 20);
    t.in_programme = false;
    t.specialties = "";
    REQUIRE_OK(s.UpsertTalent(t));
    BOOST_TEST(Must(s.ListTalents()).size() == 1u);
    BOOST_TEST(Must(s.ListTalents(/*programme_only=*/true)).empty());
    BOOST_TEST(s.GetPerson(id + 100).status().code() == StatusCode::kNotFound);
  });
}

BOOST_AUTO_TEST_CASE(fills_empty_person_fields_but_never_overwrites_them) {
  ForEachStore([](Store& s, const std::string&) {
    Person first;
    first.id_number = "110105194912310021";
    first.name = "张三";
    PersonId id = Must(s.UpsertPerson(first));
    Person second = SamplePerson(first.id_number, "张叁");  // disagrees on the name
    BOOST_TEST(Must(s.UpsertPerson(second)) == id);
    Person got = Must(s.GetPerson(id));
    BOOST_TEST(got.name == "张三");
    BOOST_TEST(got.mobile == second.mobile);
    BOOST_TEST(got.region_code == "370102");
  });
}

BOOST_AUTO_TEST_CASE(round_trips_needs_and_filters_by_status) {
  ForEachStore([](Store& s, const std::string&) {
    NeedId a = Must(s.InsertNeed(SampleNeed("果树技术指导")));
    NeedId b = Must(s.InsertNeed(SampleNeed("畜牧防疫")));
    BOOST_TEST(a != b);
    Need got = Must(s.GetNeed(a));
    BOOST_TEST(got.title == "果树技术指导");
    BOOST_TEST((got.window_end == Date{2024, 6, 30}));
    BOOST_TEST(got.disciplines == std::vector<std::string>{"210"});
    BOOST_TEST(got.headcount == 2);
    got.status = NeedStatus::kMatched;
    got.headcount = 3;
    REQUIRE_OK(s.UpdateNeed(got));
    BOOST_TEST(Must(s.GetNeed(a)).headcount == 3);
    BOOST_TEST(Must(s.ListNeeds(NeedStatus::kOpen)).size() == 1u);
    BOOST_TEST(Must(s.ListNeeds(NeedStatus::kMatched)).at(0).id == a);
    BOOST_TEST(Must(s.ListNeeds()).size() == 2u);
    Need missing = got;
    missing.id = b + 1000;
    BOOST_TEST(s.UpdateNeed(missing).code() == StatusCode::kNotFound);
    BOOST_TEST(s.GetNeed(b + 1000).status().code() == StatusCode::kNotFound);
    Need bad = SampleNeed("x");
    bad.window_end = Date{2024, 2, 30};
    BOOST_TEST(s.InsertNeed(bad).status().code() == StatusCode::kInvalidArgument);
  });
}

BOOST_AUTO_TEST_CASE(saving_a_round_replaces_proposed_rows_and_keeps_accepted_ones) {
  ForEachStore([](Store& s, const std::string&) {
    NeedId need = Must(s.InsertNeed(SampleNeed("果树")));
    PersonId p1 = Must(s.UpsertPerson(SamplePerson("110105194912310021", "甲")));
    PersonId p2 = Must(s.UpsertPerson(SamplePerson("11010519491231002X", "乙")));
    PersonId p3 = Must(s.UpsertPerson(SamplePerson("110105194912310048", "丙")));
    std::vector<Proposal> round1 = {
        {need,
         p1,
         "",
         0.9,
         {{"text", 0.5, "shared terms: 果树"}, {"region", 0.4, "same county"}},
         ProposalStatus::kProposed,
         0,
         "",
         ""},
        {need, p2, "", 0.7, {}, ProposalStatus::kProposed, 0, "", ""}};
    const std::vector<NeedId> replace{need};
    REQUIRE_OK(s.SaveProposals("r1", replace, round1));
    auto listed = Must(s.ListProposals(need));
    BOOST_REQUIRE_EQUAL(listed.size(), 2u);
    BOOST_TEST(listed[0].person_id == p1);
    BOOST_TEST(listed[0].round == "r1");
    BOOST_REQUIRE_EQUAL(listed[0].parts.size(), 2u);
    BOOST_TEST(listed[0].parts[0].detail == "shared terms: 果树");
    BOOST_TEST(listed[0].parts[1].value == 0.4);
    REQUIRE_OK(s.TransitionProposal(need, p1, ProposalStatus::kProposed, ProposalStatus::kAccepted,
                                    0, ""));
    // Someone answering a proposal that is no longer proposed is told to read it again.
    BOOST_TEST(s.TransitionProposal(need, p1, ProposalStatus::kProposed, ProposalStatus::kDeclined,
                                    0, "busy")
                   .code() == StatusCode::kDataError);
    std::vector<Proposal> round1b = {{need, p3, "", 0.8, {}, ProposalStatus::kProposed, 0, "", ""},
                                     {need, p1, "", 0.1, {}, ProposalStatus::kProposed, 0, "", ""}};
    REQUIRE_OK(s.SaveProposals("r2", replace, round1b));
    listed = Must(s.ListProposals(need));
    BOOST_REQUIRE_EQUAL(listed.size(), 2u);  // p2 dropped, p1 kept accepted, p3 new
    BOOST_TEST(listed[0].person_id == p1);
    BOOST_TEST((listed[0].status == ProposalStatus::kAccepted));
    BOOST_TEST(listed[0].score == 0.9);
    BOOST_TEST(listed[1].person_id == p3);
    BOOST_TEST(listed[1].round == "r2");
    BOOST_TEST(s.GetProposal(need, p2).status().code() == StatusCode::kNotFound);
    // Completion keeps the days served; a decline keeps its reason.
    REQUIRE_OK(s.TransitionProposal(need, p1, ProposalStatus::kAccepted, ProposalStatus::kCompleted,
                                    4, ""));
    REQUIRE_OK(s.TransitionProposal(need, p3, ProposalStatus::kProposed, ProposalStatus::kDeclined,
                                    0, "on leave"));
    const Proposal done = Must(s.GetProposal(need, p1));
    BOOST_TEST((done.status == ProposalStatus::kCompleted));
    BOOST_TEST(done.days_served == 4);
    BOOST_TEST(!done.updated_at.empty());
    BOOST_TEST(Must(s.GetProposal(need, p3)).note == "on leave");
    // A round's report is kept by name; the latest is found without one.
    REQUIRE_OK(s.SaveMatchRound("r1", "{\"a\":1}"));
    REQUIRE_OK(s.SaveMatchRound("r2", "{\"a\":2}"));
    BOOST_TEST(Must(s.GetMatchRound("r1")).second == "{\"a\":1}");
    BOOST_TEST(Must(s.GetMatchRound("")).first == "r2");
    BOOST_TEST(s.GetMatchRound("r9").status().code() == StatusCode::kNotFound);
  });
}

BOOST_AUTO_TEST_CASE(applies_a_sync_batch_and_a_replay_changes_nothing) {
  ForEachStore([](Store& s, const std::string&) {
    store::SyncBatch batch;
    batch.partner = "tax";
    batch.records.push_back(SampleRecord("k1", "110105194912310021", "f1"));
    batch.records.push_back(SampleRecord("k2", "11010519491231002X", "f2"));
    batch.records[1].talent = SampleTalent(0, "");
    Rejection rej;
    rej.partner = "tax";
    rej.source_key = "k3";
    rej.reason_code = "bad_id_check";
    rej.message = "check character of the ID number is wrong";
    rej.raw = {{"sfzh", "110105194912310022"}};
    batch.rejections.push_back(rej);
    batch.checkpoint = "2024-01-01T00:00:00";

    auto r = Must(s.ApplySyncBatch(batch));
    BOOST_TEST(r.inserted == 2);
    BOOST_TEST(r.updated == 0);
    BOOST_TEST(r.unchanged == 0);
    BOOST_TEST(r.quarantined == 1);
    BOOST_TEST(Must(s.GetCheckpoint(Store::PartnerCheckpoint("tax"))) == batch.checkpoint);
    auto changes = Must(s.ChangesSince(0, 1000));
    BOOST_TEST(changes.size() == 3u);  // two persons, one talent
    PersonId linked = Must(s.FindPersonByIdNumber("11010519491231002X")).id;
    BOOST_TEST(Must(s.GetTalent(linked)).name == "李娜");
    BOOST_TEST(Must(s.ListPartnerRecords(linked)).at(0).fields.at("name") == "李娜");

    auto again = Must(s.ApplySyncBatch(batch));
    BOOST_TEST(again.inserted == 0);
    BOOST_TEST(again.updated == 0);
    BOOST_TEST(again.unchanged == 2);
    BOOST_TEST(again.quarantined == 0);
    BOOST_TEST(Must(s.ChangesSince(0, 1000)).size() == 3u);
    BOOST_TEST(Must(s.CountPartnerRecords("tax")) == 2);
    BOOST_TEST(Must(s.CountPartnerRecords()) == 2);
    BOOST_TEST(Must(s.ListQuarantine("tax")).size() == 1u);
    BOOST_TEST(Must(s.QuarantineCountsByReason("tax")).at("bad_id_check") == 1);

    batch.records[0].fingerprint = "f1-changed";
    batch.records[0].record.fields["name"] = "李娜娜";
    auto changed = Must(s.ApplySyncBatch(batch));
    BOOST_TEST(changed.updated == 1);
    BOOST_TEST(changed.unchanged == 1);
    auto q = Must(s.ListQuarantine());
    BOOST_REQUIRE_EQUAL(q.size(), 1u);
    BOOST_TEST(q[0].rejection.raw.at("sfzh") == "110105194912310022");
    BOOST_TEST(q[0].rejection.reason_code == "bad_id_check");
    BOOST_TEST(!q[0].created_at.empty());
  });
}

BOOST_AUTO_TEST_CASE(a_batch_failing_midway_leaves_nothing_behind) {
  ForEachStore([](Store& s, const std::string&) {
    REQUIRE_OK(s.SetCheckpoint(Store::PartnerCheckpoint("tax"), "old"));
    store::SyncBatch batch;
    batch.partner = "tax";
    batch.records.push_back(SampleRecord("k1", "110105194912310021", "f1"));
    batch.records.push_back(SampleRecord("k2", "11010519491231002X", ""));  // refused by the db
    batch.checkpoint = "new";
    auto r = s.ApplySyncBatch(batch);
    BOOST_REQUIRE(!r.has_value());
    BOOST_TEST(r.error().code() == StatusCode::kDataError, r.error().ToString());
    BOOST_TEST(r.error().message().find("SQLSTATE 23") != std::string::npos, r.error().message());
    BOOST_TEST(Must(s.GetCheckpoint(Store::PartnerCheckpoint("tax"))) == "old");
    BOOST_TEST(Must(s.CountPartnerRecords()) == 0);
    BOOST_TEST(s.FindPersonByIdNumber("110105194912310021").status().code() ==
               StatusCode::kNotFound);
    BOOST_TEST(Must(s.ChangesSince(0, 100)).empty());
    // The store is usable afterwards.
    batch.records.pop_back();
    BOOST_TEST(Must(s.ApplySyncBatch(batch)).inserted == 1);
    BOOST_TEST(Must(s.GetCheckpoint(Store::PartnerCheckpoint("tax"))) == "new");
  });
}

BOOST_AUTO_TEST_CASE(stores_hostile_strings_verbatim) {
  ForEachStore([](Store& s, const std::string&) {
    const std::string hostile = "王伟'); DROP TABLE person;--";
    Person p = SamplePerson("110105194912310021", hostile);
    p.passport = "\"; DELETE FROM need; \\ %_";
    PersonId id = Must(s.UpsertPerson(p));
    Person got = Must(s.GetPerson(id));
    BOOST_TEST(got.name == hostile);
    BOOST_TEST(got.passport == p.passport);
    Need n = SampleNeed(hostile);
    n.disciplines = {"\"]}", hostile};
    NeedId nid = Must(s.InsertNeed(n));
    BOOST_TEST(Must(s.GetNeed(nid)).title == hostile);
    BOOST_TEST(Must(s.GetNeed(nid)).disciplines == n.disciplines);
    REQUIRE_OK(s.SetCheckpoint(hostile, hostile));
    BOOST_TEST(Must(s.GetCheckpoint(hostile)) == hostile);
    BOOST_TEST(Must(s.GetCheckpoint("absent")) == "");
  });
}

BOOST_AUTO_TEST_CASE(two_writers_at_once_lose_nothing_and_double_nothing) {
  ForEachStore([](Store& s, const std::string& conn) {
    constexpr int kPerWriter = 40;
    std::vector<std::string> errors(2);
    std::vector<std::vector<NeedId>> ids(2);
    auto writer = [&](int w) {
      auto opened = Store::Open(StoreOptions{conn});
      if (!opened.has_value()) {
        errors[static_cast<size_t>(w)] = opened.error().ToString();
        return;
      }
      for (int i = 0; i < kPerWriter; ++i) {
        auto id = opened->InsertNeed(SampleNeed("w" + std::to_string(w) + "-" + std::to_string(i)));
        if (!id.has_value()) {
          errors[static_cast<size_t>(w)] = id.error().ToString();
          return;
        }
        ids[static_cast<size_t>(w)].push_back(*id);
      }
    };
    std::thread t0(writer, 0), t1(writer, 1);
    t0.join();
    t1.join();
    BOOST_TEST(errors[0] == "");
    BOOST_TEST(errors[1] == "");
    auto needs = Must(s.ListNeeds());
    BOOST_TEST(needs.size() == 2u * kPerWriter);
    std::set<std::string> titles;
    std::set<NeedId> distinct;
    for (const Need& n : needs) {
      titles.insert(n.title);
      distinct.insert(n.id);
    }
    BOOST_TEST(titles.size() == 2u * kPerWriter);
    BOOST_TEST(distinct.size() == 2u * kPerWriter);
    auto changes = Must(s.ChangesSince(0, 1000));
    BOOST_TEST(changes.size() == 2u * kPerWriter);
  });
}

BOOST_AUTO_TEST_CASE(finds_a_talent_by_card_number) {
  ForEachStore([](Store& s, const std::string&) {
    PersonId p = Must(s.UpsertPerson(SamplePerson("110105194912310021", "甲")));
    REQUIRE_OK(s.UpsertTalent(SampleTalent(p, "甲")));
    const auto found = Must(s.FindTalentByCard("HC-0001"));
    BOOST_REQUIRE(found.has_value());
    BOOST_TEST(found->person_id == p);
    BOOST_TEST((found->tier == TalentTier::kB));
    BOOST_TEST(!Must(s.FindTalentByCard("HC-9999")).has_value());
  });
}

BOOST_AUTO_TEST_CASE(change_log_sequence_increases_and_pages) {
  ForEachStore([](Store& s, const std::string&) {
    for (int i = 0; i < 5; ++i) (void)Must(s.InsertNeed(SampleNeed("n" + std::to_string(i))));
    PersonId p = Must(s.UpsertPerson(SamplePerson("110105194912310021", "甲")));
    REQUIRE_OK(s.UpsertTalent(SampleTalent(p, "甲")));
    REQUIRE_OK(s.UpsertTalent(SampleTalent(p, "甲")));  // unchanged: no entry
    auto all = Must(s.ChangesSince(0, 100));
    BOOST_REQUIRE_EQUAL(all.size(), 7u);
    for (size_t i = 1; i < all.size(); ++i) BOOST_TEST(all[i].seq > all[i - 1].seq);
    BOOST_TEST(all[5].entity == "person");
    BOOST_TEST(all[6].entity == "talent");
    BOOST_TEST(all[6].entity_id == p);
    BOOST_TEST(all[6].op == "upsert");
    auto page = Must(s.ChangesSince(all[1].seq, 2));
    BOOST_REQUIRE_EQUAL(page.size(), 2u);
    BOOST_TEST(page[0].seq == all[2].seq);
    BOOST_TEST(Must(s.ChangesSince(all.back().seq, 10)).empty());
  });
}

BOOST_AUTO_TEST_CASE(constraint_errors_are_data_errors_carrying_sqlstate) {
  ForEachStore([](Store& s, const std::string&) {
    Status st = s.UpsertTalent(SampleTalent(424242, "nobody"));  // no such person
    BOOST_TEST(st.code() == StatusCode::kDataError, st.ToString());
    BOOST_TEST(st.message().find("SQLSTATE 23") != std::string::npos, st.message());
    std::vector<Proposal> bad = {{999, 998, "", 1.0, {}, ProposalStatus::kProposed, 0, "", ""}};
    Status sp = s.SaveProposals("r", {}, bad);
    BOOST_TEST(sp.code() == StatusCode::kDataError, sp.ToString());
    BOOST_TEST(Must(s.ChangesSince(0, 10)).empty());
  });
}

BOOST_AUTO_TEST_CASE(opening_an_unreachable_database_is_unavailable) {
  auto s = Store::Open(
      StoreOptions{"DRIVER={PostgreSQL "
                   "Unicode};Server=127.0.0.1;Port=1;Database=x;Uid=u;Pwd=pw;sslmode=disable"});
  BOOST_REQUIRE(!s.has_value());
  BOOST_TEST(s.error().code() == StatusCode::kUnavailable, s.error().ToString());
}

namespace {

store::LinkedRecord TalentRecord(const std::string& key, const std::string& id_number,
                                 const std::string& fingerprint) {
  store::LinkedRecord lr = SampleRecord(key, id_number, fingerprint);
  lr.record.partner = "registry";
  lr.record.kind = "talent";
  lr.talent = SampleTalent(0, "");
  return lr;
}

store::LinkedRecord Tombstone(const std::string& partner, const std::string& kind,
                              const std::string& key) {
  store::LinkedRecord lr;
  lr.record.partner = partner;
  lr.record.kind = kind;
  lr.record.source_key = key;
  lr.deleted = true;
  return lr;
}

// A valid-looking 18-character id number per index (the store does not check it).
std::string IdNumber(int i) {
  std::string digits = std::to_string(100000000 + i);
  return "37010219800101" + digits.substr(digits.size() - 4);
}

// A batch of `n` records for n / 2 persons (an identity and a talent record each).
store::SyncBatch LargeBatch(int first, int n, const std::string& checkpoint) {
  store::SyncBatch batch;
  batch.partner = "registry";
  for (int i = first; i < first + n; ++i) {
    const std::string id = IdNumber(i / 2);
    store::LinkedRecord lr = (i % 2 == 0) ? SampleRecord("p" + std::to_string(i), id, "f")
                                          : TalentRecord("t" + std::to_string(i), id, "f");
    lr.record.partner = "registry";
    lr.person.name = "人" + std::to_string(i / 2);
    batch.records.push_back(std::move(lr));
  }
  batch.checkpoint = checkpoint;
  return batch;
}

// What a store holds, for comparing two runs.
std::string Snapshot(Store& s) {
  std::string out = "records=" + std::to_string(Must(s.CountPartnerRecords()));
  out += " talents=" + std::to_string(Must(s.ListTalents()).size());
  out += " changes=" + std::to_string(Must(s.ChangesSince(0, 10000000)).size());
  out += " checkpoint=" + Must(s.GetCheckpoint(Store::PartnerCheckpoint("registry")));
  for (int i = 0; i < 5; ++i) {
    auto p = s.FindPersonByIdNumber(IdNumber(i));
    out += " " + (p.has_value() ? p->name : std::string("-"));
  }
  return out;
}

// Applies a batch the way the hub does: retry after Unavailable.
store::SyncBatchResult ApplyWithRetry(Store& s, const store::SyncBatch& batch, int* failures) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto r = s.ApplySyncBatch(batch);
    if (r.has_value()) return *r;
    BOOST_REQUIRE_MESSAGE(r.error().code() == StatusCode::kUnavailable, r.error().ToString());
    ++*failures;
    ::usleep(200 * 1000);
  }
  BOOST_FAIL("the batch never went through after 5 attempts");
  return {};
}

Store FreshPgStore(const std::string& db) {
  BOOST_REQUIRE_MESSAGE(PgFixture::cluster() != nullptr,
                        "PostgreSQL cluster did not start: " << PgFixture::error());
  REQUIRE_OK(PgFixture::cluster()->CreateDatabase(db));
  Store s = OpenOrFail(PgFixture::cluster()->ConnectionString(db));
  REQUIRE_OK(s.Migrate());
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_duplicate_key_in_one_batch_is_unchanged_the_second_time) {
  ForEachStore([](Store& s, const std::string&) {
    store::SyncBatch batch;
    batch.partner = "tax";
    batch.records.push_back(SampleRecord("k1", "110105194912310021", "f1"));
    batch.records.push_back(SampleRecord("k1", "110105194912310021", "f1"));
    store::LinkedRecord other = SampleRecord("k2", "110105194912310021", "f2");
    other.person.name = "李娜娜";  // disagrees with the stored name
    other.person.passport = "E1234567";
    batch.records.push_back(other);
    auto r = Must(s.ApplySyncBatch(batch));
    BOOST_TEST(r.inserted == 2);
    BOOST_TEST(r.unchanged == 1);
    BOOST_TEST(r.conflicts == 1);
    Person p = Must(s.FindPersonByIdNumber("110105194912310021"));
    BOOST_TEST(p.name == "李娜");
    BOOST_TEST(p.passport == "E1234567");
    BOOST_TEST(Must(s.ChangesSince(0, 100)).size() == 1u);  // one new person
    BOOST_TEST(Must(s.ListPartnerRecords(p.id)).size() == 2u);
  });
}

BOOST_AUTO_TEST_CASE(persons_without_id_are_found_by_passport_person_id_or_founder_on_replay) {
  ForEachStore([](Store& s, const std::string&) {
    auto record = [](std::string key) {
      store::LinkedRecord lr;
      lr.record.partner = "police";
      lr.record.kind = "identity";
      lr.record.source_key = key;
      lr.record.fields = {{"name", key}};
      lr.fingerprint = "f-" + key;
      return lr;
    };
    store::SyncBatch batch;
    batch.partner = "police";
    // Two records of one foreign expert without ID number: one person, keyed by passport.
    for (const char* key : {"p1", "p2"}) {
      auto lr = record(key);
      lr.person.name = "Anna Berg";
      lr.person.nationality = "SWE";
      lr.person.passport = "E1234567";
      lr.link_method = "passport";
      batch.records.push_back(std::move(lr));
    }
    // Two records founding one new person, one founding another.
    for (const auto& [key, founder] :
         {std::pair{"n1", "education/degree/n1"}, std::pair{"n2", "education/degree/n1"},
          std::pair{"n3", "education/degree/n3"}}) {
      auto lr = record(key);
      lr.person.name = "王萍";
      lr.person.birth_date = Date{1972, 6, 1};
      lr.founder = founder;
      lr.link_method = "new";
      lr.link_probability = 0.5;
      lr.link_evidence = "{}";
      batch.records.push_back(std::move(lr));
    }
    auto r = Must(s.ApplySyncBatch(batch));
    BOOST_TEST(r.inserted == 5);
    BOOST_TEST(Must(s.CountPersons()) == 3);
    BOOST_TEST(Must(s.CountPersons(true)) == 3);
    const PersonId anna = Must(s.PersonOfRecord("police", "identity", "p1"));
    BOOST_TEST(Must(s.PersonOfRecord("police", "identity", "p2")) == anna);
    const PersonId n1 = Must(s.PersonOfRecord("police", "identity", "n1"));
    BOOST_TEST(Must(s.PersonOfRecord("police", "identity", "n2")) == n1);
    BOOST_TEST(Must(s.PersonOfRecord("police", "identity", "n3")) != n1);
    auto lineage = Must(s.ListPartnerRecords(n1));
    BOOST_REQUIRE_EQUAL(lineage.size(), 2u);
    BOOST_TEST(lineage[0].link_method == "new");
    BOOST_TEST(lineage[0].link_probability == 0.5);
    BOOST_TEST(lineage[0].link_evidence == "{}");

    // A replay (commit outcome unknown) finds the same persons and changes nothing.
    auto again = Must(s.ApplySyncBatch(batch));
    BOOST_TEST(again.unchanged == 5);
    BOOST_TEST(Must(s.CountPersons()) == 3);

    // A record joined to an existing person by id; a person id that does not exist is refused.
    store::SyncBatch join;
    join.partner = "police";
    auto lr = record("j1");
    lr.person.id = n1;
    lr.link_method = "probabilistic";
    join.records.push_back(lr);
    BOOST_TEST(Must(s.ApplySyncBatch(join)).inserted == 1);
    BOOST_TEST(Must(s.PersonOfRecord("police", "identity", "j1")) == n1);
    join.records[0].person.id = 999999;
    join.records[0].record.source_key = "j2";
    BOOST_TEST(s.ApplySyncBatch(join).status().code() == StatusCode::kNotFound);
    // A record naming no person at all is the caller's error.
    join.records[0] = record("j3");
    BOOST_TEST(s.ApplySyncBatch(join).status().code() == StatusCode::kInvalidArgument);

    // Candidates by birth date or name; only those without ID number when asked.
    const Date born{1972, 6, 1};
    const std::string names[] = {"Anna Berg"};
    auto found = Must(s.FindLinkCandidates(std::span(&born, 1), names));
    BOOST_TEST(found.size() == 3u);
    REQUIRE_OK(s.UpsertPerson(SamplePerson("110105194912310021", "王萍")).status());
    const std::string wang[] = {"王萍"};
    BOOST_TEST(Must(s.FindLinkCandidates({}, wang)).size() == 3u);
    BOOST_TEST(Must(s.FindLinkCandidates({}, wang, true)).size() == 2u);
  });
}

BOOST_AUTO_TEST_CASE(a_new_id_number_adopts_the_person_founded_without_one) {
  ForEachStore([](Store& s, const std::string&) {
    store::SyncBatch first;
    first.partner = "education";
    store::LinkedRecord old;
    old.record = {"education", "degree", "d1", "1", {{"name", "李娜"}}, false};
    old.fingerprint = "a";
    old.person.name = "李娜";
    old.founder = "education/degree/d1";
    old.link_method = "new";
    first.records.push_back(old);
    REQUIRE_OK(s.ApplySyncBatch(first).status());
    const PersonId founded = Must(s.PersonOfRecord("education", "degree", "d1"));

    store::SyncBatch second;
    second.partner = "police";
    auto lr = SampleRecord("k1", "110105194912310021", "f1");
    lr.adopt = founded;
    second.records.push_back(lr);
    REQUIRE_OK(s.ApplySyncBatch(second).status());
    BOOST_TEST(Must(s.PersonOfRecord("tax", "identity", "k1")) == founded);
    BOOST_TEST(Must(s.FindPersonByIdNumber("110105194912310021")).id == founded);
    BOOST_TEST(Must(s.CountPersons()) == 1);
    BOOST_TEST(Must(s.CountPersons(true)) == 0);
    // Once the number is stored, another adopt is ignored: the number decides.
    second.records[0].record.source_key = "k2";
    second.records[0].adopt = founded + 100;
    REQUIRE_OK(s.ApplySyncBatch(second).status());
    BOOST_TEST(Must(s.PersonOfRecord("tax", "identity", "k2")) == founded);
  });
}

BOOST_AUTO_TEST_CASE(sync_runs_count_with_their_batches_and_a_killed_run_is_marked_interrupted) {
  ForEachStore([](Store& s, const std::string&) {
    auto [first, none] = Must(s.BeginSyncRun("tax", ""));
    BOOST_TEST(none.empty());
    store::SyncBatch batch;
    batch.partner = "tax";
    batch.run_id = first;
    batch.rows_read = 3;
    batch.checkpoint = "c1";
    batch.records.push_back(SampleRecord("k1", "110105194912310021", "f1"));
    batch.records.push_back(SampleRecord("k2", "11010519491231002X", "f2"));
    REQUIRE_OK(s.ApplySyncBatch(batch).status());
    // A batch that fails writes neither its records nor its counts.
    batch.records.push_back(SampleRecord("", "110105194912310021", "f3"));
    BOOST_TEST(!s.ApplySyncBatch(batch).ok());
    // The process dies here: the run stays "running" with what it committed...
    auto runs = Must(s.ListSyncRuns("tax", 10));
    BOOST_REQUIRE_EQUAL(runs.size(), 1u);
    BOOST_TEST(runs[0].status == "running");
    BOOST_TEST(runs[0].batches == 1);
    BOOST_TEST(runs[0].rows_read == 3);
    BOOST_TEST(runs[0].inserted == 2);
    BOOST_TEST(runs[0].checkpoint_to == "c1");
    // ...until the next run of the partner starts and reports it.
    auto [second, interrupted] = Must(s.BeginSyncRun("tax", "c1"));
    BOOST_TEST(second > first);
    BOOST_REQUIRE_EQUAL(interrupted.size(), 1u);
    BOOST_TEST(interrupted[0].id == first);
    BOOST_TEST(interrupted[0].inserted == 2);
    REQUIRE_OK(s.FinishSyncRun(second, "finished", ""));
    BOOST_TEST(s.FinishSyncRun(second, "done", "").code() == StatusCode::kInvalidArgument);
    runs = Must(s.ListSyncRuns("", 10));
    BOOST_REQUIRE_EQUAL(runs.size(), 2u);
    BOOST_TEST(runs[0].status == "finished");
    BOOST_TEST(!runs[0].finished_at.empty());
    BOOST_TEST(runs[1].status == "interrupted");
    BOOST_TEST(Must(s.ListSyncRuns("bank", 10)).empty());
  });
}

BOOST_AUTO_TEST_CASE(a_tombstone_removes_the_record_and_the_talent_it_fed) {
  ForEachStore([](Store& s, const std::string&) {
    store::SyncBatch batch;
    batch.partner = "registry";
    batch.records.push_back(TalentRecord("t1", "11010519491231002X", "f1"));
    store::LinkedRecord identity = SampleRecord("p1", "11010519491231002X", "g1");
    identity.record.partner = "police";
    batch.records.push_back(identity);
    batch.checkpoint = "c1";
    BOOST_TEST(Must(s.ApplySyncBatch(batch)).inserted == 2);
    PersonId id = Must(s.FindPersonByIdNumber("11010519491231002X")).id;
    BOOST_REQUIRE(s.GetTalent(id).has_value());
    const size_t changes_before = Must(s.ChangesSince(0, 100)).size();

    store::SyncBatch gone;
    gone.partner = "registry";
    gone.records.push_back(Tombstone("registry", "talent", "t1"));
    gone.records.push_back(Tombstone("registry", "talent", "never-stored"));
    gone.checkpoint = "c2";
    auto r = Must(s.ApplySyncBatch(gone));
    BOOST_TEST(r.deleted == 1);
    BOOST_TEST(r.inserted == 0);
    BOOST_TEST(s.GetTalent(id).status().code() == StatusCode::kNotFound);
    BOOST_TEST(Must(s.CountPartnerRecords("registry")) == 0);
    BOOST_TEST(Must(s.CountPartnerRecords("police")) == 1);  // other partners' records stay
    BOOST_TEST(Must(s.GetCheckpoint(Store::PartnerCheckpoint("registry"))) == "c2");
    auto changes = Must(s.ChangesSince(0, 100));
    BOOST_REQUIRE_EQUAL(changes.size(), changes_before + 2);
    bool person_entry = false, talent_delete = false;
    for (size_t i = changes_before; i < changes.size(); ++i) {
      if (changes[i].entity == "person" && changes[i].entity_id == id) person_entry = true;
      if (changes[i].entity == "talent" && changes[i].entity_id == id && changes[i].op == "delete")
        talent_delete = true;
    }
    BOOST_TEST(person_entry);
    BOOST_TEST(talent_delete);

    auto replay = Must(s.ApplySyncBatch(gone));
    BOOST_TEST(replay.deleted == 0);
    BOOST_TEST(Must(s.ChangesSince(0, 100)).size() == changes.size());
    BOOST_TEST(Must(s.GetPerson(id)).name == "李娜");  // the person stays
  });
}

BOOST_AUTO_TEST_CASE(a_tombstone_of_a_non_talent_record_keeps_the_talent) {
  ForEachStore([](Store& s, const std::string&) {
    store::SyncBatch batch;
    batch.partner = "registry";
    batch.records.push_back(TalentRecord("t1", "11010519491231002X", "f1"));
    store::LinkedRecord degree = SampleRecord("d1", "11010519491231002X", "g1");
    degree.record.kind = "degree";
    batch.records.push_back(degree);
    (void)Must(s.ApplySyncBatch(batch));
    PersonId id = Must(s.FindPersonByIdNumber("11010519491231002X")).id;
    store::SyncBatch gone;
    gone.partner = "tax";
    gone.records.push_back(Tombstone("tax", "degree", "d1"));
    BOOST_TEST(Must(s.ApplySyncBatch(gone)).deleted == 1);
    BOOST_TEST(s.GetTalent(id).has_value());
    BOOST_TEST(Must(s.ListPartnerRecords(id)).size() == 1u);
  });
}

BOOST_AUTO_TEST_CASE(lineage_lists_each_record_with_its_watermark_and_sync_time) {
  ForEachStore([](Store& s, const std::string&) {
    store::SyncBatch batch;
    batch.partner = "tax";
    batch.records.push_back(SampleRecord("k1", "11010519491231002X", "f1"));
    store::LinkedRecord second = TalentRecord("t9", "11010519491231002X", "f2");
    second.record.watermark = "1700000000";
    second.record.fields = {{"tier", "B"}, {"employer", "山东大学"}};
    batch.records.push_back(second);
    (void)Must(s.ApplySyncBatch(batch));
    PersonId id = Must(s.FindPersonByIdNumber("11010519491231002X")).id;
    auto views = Must(s.ListPartnerRecords(id));
    BOOST_REQUIRE_EQUAL(views.size(), 2u);
    BOOST_TEST(views[0].partner == "tax");
    BOOST_TEST(views[0].kind == "identity");
    BOOST_TEST(views[0].source_key == "k1");
    BOOST_TEST(views[0].watermark == "2024-01-01");
    BOOST_TEST(views[1].partner == "registry");
    BOOST_TEST(views[1].kind == "talent");
    BOOST_TEST(views[1].source_key == "t9");
    BOOST_TEST(views[1].watermark == "1700000000");
    BOOST_TEST(views[1].fields.at("employer") == "山东大学");
    BOOST_TEST(views[1].fingerprint == "f2");
    BOOST_TEST(views[1].synced_at.size() == 20u);  // YYYY-MM-DDTHH:MM:SSZ
    BOOST_TEST(views[1].synced_at.back() == 'Z');
    BOOST_TEST(views[0].id < views[1].id);
    BOOST_TEST(Must(s.ListPartnerRecords(id + 1000)).empty());
  });
}

BOOST_AUTO_TEST_CASE(quarantine_filters_by_reason_pages_and_deletes_entries) {
  ForEachStore([](Store& s, const std::string&) {
    store::SyncBatch batch;
    batch.partner = "bank";
    for (int i = 0; i < 5; ++i) {
      Rejection rej;
      rej.source_key = "r" + std::to_string(i);
      rej.reason_code = i < 3 ? "bad_bank_card" : "bad_name";
      rej.message = "m" + std::to_string(i);
      rej.raw = {{"card", std::to_string(i)}};
      batch.rejections.push_back(rej);
    }
    batch.rejections.push_back(batch.rejections[0]);  // a duplicate in the same batch
    BOOST_TEST(Must(s.ApplySyncBatch(batch)).quarantined == 5);
    BOOST_TEST(Must(s.ApplySyncBatch(batch)).quarantined == 0);
    BOOST_TEST(Must(s.ListQuarantine("bank", 100, "bad_bank_card")).size() == 3u);
    BOOST_TEST(Must(s.ListQuarantine("", 100, "bad_name")).size() == 2u);
    BOOST_TEST(Must(s.ListQuarantine("tax", 100, "bad_name")).empty());
    auto page = Must(s.ListQuarantine("bank", 2, "", 2));
    BOOST_REQUIRE_EQUAL(page.size(), 2u);
    BOOST_TEST(page[0].rejection.source_key == "r2");
    BOOST_TEST(page[1].rejection.source_key == "r3");

    auto entry = Must(s.GetQuarantineEntry(page[0].id));
    BOOST_TEST(entry.rejection.partner == "bank");
    BOOST_TEST(entry.rejection.message == "m2");
    BOOST_TEST(entry.rejection.raw.at("card") == "2");
    BOOST_TEST(s.GetQuarantineEntry(page[0].id + 1000).status().code() == StatusCode::kNotFound);

    std::vector<std::int64_t> ids = {page[0].id, page[1].id, page[1].id + 1000};
    REQUIRE_OK(s.DeleteQuarantineEntries(ids));
    BOOST_TEST(Must(s.ListQuarantine("bank")).size() == 3u);
    BOOST_TEST(s.GetQuarantineEntry(page[0].id).status().code() == StatusCode::kNotFound);
    REQUIRE_OK(s.DeleteQuarantineEntries({}));
    // Deleted entries come back when the partner sends the rows again.
    BOOST_TEST(Must(s.ApplySyncBatch(batch)).quarantined == 2);
  });
}

BOOST_AUTO_TEST_CASE(a_large_batch_applies_like_small_ones) {
  ForEachStore([](Store& s, const std::string&) {
    store::SyncBatch whole = LargeBatch(0, 3000, "c");
    auto r = Must(s.ApplySyncBatch(whole));
    BOOST_TEST(r.inserted == 3000);
    BOOST_TEST(Must(s.ListTalents()).size() == 1500u);
    BOOST_TEST(Must(s.ChangesSince(0, 100000)).size() == 3000u);  // 1500 persons, 1500 talents
    auto again = Must(s.ApplySyncBatch(whole));
    BOOST_TEST(again.unchanged == 3000);
    BOOST_TEST(Must(s.ChangesSince(0, 100000)).size() == 3000u);
  });
}

BOOST_AUTO_TEST_CASE(reconnects_by_itself_after_a_restart_between_batches) {
  Store s = FreshPgStore("restart_between");
  Store reference = FreshPgStore("restart_reference");
  int failures = 0;
  store::SyncBatch first = LargeBatch(0, 200, "c1");
  store::SyncBatch second = LargeBatch(200, 200, "c2");
  (void)ApplyWithRetry(s, first, &failures);
  REQUIRE_OK(PgFixture::cluster()->Restart());
  auto r = ApplyWithRetry(s, second, &failures);
  BOOST_TEST(failures <= 1);  // at most the call that found the connection gone
  BOOST_TEST(r.inserted == 200);
  REQUIRE_OK(s.Reconnect());  // an explicit reconnect works as well
  BOOST_TEST(Must(s.GetCheckpoint(Store::PartnerCheckpoint("registry"))) == "c2");

  int unused = 0;
  (void)ApplyWithRetry(reference, first, &unused);
  (void)ApplyWithRetry(reference, second, &unused);
  BOOST_TEST(Snapshot(s) == Snapshot(reference));
}

BOOST_AUTO_TEST_CASE(a_restart_during_a_batch_loses_nothing_and_doubles_nothing) {
  Store s = FreshPgStore("restart_during");
  Store reference = FreshPgStore("restart_during_reference");
  std::vector<store::SyncBatch> batches = {LargeBatch(0, 1000, "c1"), LargeBatch(1000, 40000, "c2"),
                                           LargeBatch(41000, 1000, "c3")};
  int failures = 0;
  (void)ApplyWithRetry(s, batches[0], &failures);
  std::atomic<bool> restarted{false};
  std::string restart_error;
  std::thread restarter([&] {
    ::usleep(300 * 1000);  // well inside the 40,000-record batch
    Status st = PgFixture::cluster()->Restart();
    if (!st.ok()) restart_error = st.ToString();
    restarted = true;
  });
  auto big = s.ApplySyncBatch(batches[1]);
  restarter.join();
  BOOST_REQUIRE_MESSAGE(restart_error.empty(), restart_error);
  if (!big.has_value()) {
    BOOST_TEST(big.error().code() == StatusCode::kUnavailable, big.error().ToString());
    BOOST_TEST_MESSAGE("cut off: " << big.error().message());
    // Nothing of the cut-off batch was written.
    BOOST_TEST(Must(s.GetCheckpoint(Store::PartnerCheckpoint("registry"))) == "c1");
    BOOST_TEST(Must(s.CountPartnerRecords()) == 1000);
    (void)ApplyWithRetry(s, batches[1], &failures);
  } else {
    BOOST_TEST_MESSAGE("the batch committed before the restart; checking the next call instead");
  }
  (void)ApplyWithRetry(s, batches[2], &failures);
  int unused = 0;
  for (const auto& b : batches) (void)ApplyWithRetry(reference, b, &unused);
  BOOST_TEST(Snapshot(s) == Snapshot(reference));
  BOOST_TEST(Must(s.CountPartnerRecords()) == 42000);
}

namespace {

PolicyDocument SamplePolicy(const std::string& fifteen_days) {
  PolicyDocument doc;
  doc.title = "关于做好专家服务基层工作的通知";
  doc.issuer = "示例市人力资源和社会保障局";
  doc.doc_number = "示人社发〔2024〕3号";
  doc.date = Date{2024, 3, 1};
  doc.articles = {{"", "", "", "现将有关事项通知如下。"},
                  {"第一条", "第一章 总则", "示例办法", "为做好专家服务基层工作，制定本办法。"},
                  {"第二条", "第一章 总则", "示例办法", fifteen_days}};
  return doc;
}

}  // namespace

BOOST_AUTO_TEST_CASE(policies_are_stored_once_and_replaced_by_a_new_version) {
  ForEachStore([](Store& s, const std::string&) {
    const auto first = Must(s.ImportPolicy(SamplePolicy("专家每年服务基层不少于15天。"), "a.txt"));
    BOOST_TEST(first.inserted);
    BOOST_TEST(first.articles == 3);
    StoredPolicy back = Must(s.GetPolicy(first.id));
    BOOST_TEST(back.document.title == "关于做好专家服务基层工作的通知");
    BOOST_TEST(back.document.doc_number == "示人社发〔2024〕3号");
    BOOST_TEST((back.document.date == Date{2024, 3, 1}));
    BOOST_TEST(back.source == "a.txt");
    BOOST_REQUIRE_EQUAL(back.document.articles.size(), 3u);
    BOOST_TEST(back.article_ids.size() == 3u);
    BOOST_TEST(back.document.articles[2].number == "第二条");
    BOOST_TEST(back.document.articles[2].heading == "第一章 总则");
    BOOST_TEST(back.document.articles[2].part == "示例办法");
    BOOST_TEST(back.document.articles[2].text == "专家每年服务基层不少于15天。");
    const auto changes_before = Must(s.ChangesSince(0, 1000)).size();

    // The same text again, from another file: nothing changes.
    const auto again = Must(s.ImportPolicy(SamplePolicy("专家每年服务基层不少于15天。"), "b.txt"));
    BOOST_TEST(again.id == first.id);
    BOOST_TEST(!again.inserted);
    BOOST_TEST(!again.replaced);
    BOOST_TEST(Must(s.ChangesSince(0, 1000)).size() == changes_before);
    BOOST_TEST(Must(s.GetPolicy(first.id)).source == "a.txt");

    // A corrected version of the same document replaces it, articles and all.
    const auto fixed = Must(s.ImportPolicy(SamplePolicy("专家每年服务基层不少于20天。"), "c.txt"));
    BOOST_TEST(fixed.id == first.id);
    BOOST_TEST(fixed.replaced);
    StoredPolicy now = Must(s.GetPolicy(first.id));
    BOOST_REQUIRE_EQUAL(now.document.articles.size(), 3u);
    BOOST_TEST(now.document.articles[2].text == "专家每年服务基层不少于20天。");
    BOOST_TEST(now.source == "c.txt");
    const auto changes = Must(s.ChangesSince(0, 1000));
    BOOST_TEST(changes.size() == changes_before + 1);
    BOOST_TEST(changes.back().entity == "policy");
    BOOST_TEST(changes.back().entity_id == first.id);
    BOOST_TEST(Must(s.ListPolicies()).size() == 1u);
    BOOST_TEST(s.GetPolicy(first.id + 100).status().code() == StatusCode::kNotFound);
    PolicyDocument empty = SamplePolicy("x。");
    empty.articles.clear();
    BOOST_TEST(s.ImportPolicy(empty, "d.txt").status().code() == StatusCode::kInvalidArgument);
  });
}

BOOST_AUTO_TEST_CASE(stations_are_known_by_name_and_region_and_change_only_when_they_differ) {
  ForEachStore([](Store& s, const std::string&) {
    using Outcome = store::StationUpsert::Outcome;
    Station st;
    st.name = "兰陵县人才驿站";
    st.kind = StationKind::kStation;
    st.host_unit = "兰陵县人力资源和社会保障局";
    st.region_code = "371324";
    st.type = StationType::kInnovation;
    st.disciplines = {"210", "36010"};
    st.description = "组织专家开展技术对接";
    const auto added = Must(s.UpsertStation(st));
    BOOST_TEST((added.outcome == Outcome::kAdded));
    const Station back = Must(s.GetStation(added.id));
    BOOST_TEST(back.name == st.name);
    BOOST_TEST((back.kind == StationKind::kStation));
    BOOST_TEST((back.type == StationType::kInnovation));
    BOOST_TEST(back.host_unit == st.host_unit);
    BOOST_TEST(back.disciplines == st.disciplines, boost::test_tools::per_element());
    BOOST_TEST(back.description == st.description);
    const auto changes_before = Must(s.ChangesSince(0, 1000)).size();

    // The same list again changes nothing; a new description updates the same station.
    const auto again = Must(s.UpsertStation(st));
    BOOST_TEST(again.id == added.id);
    BOOST_TEST((again.outcome == Outcome::kUnchanged));
    BOOST_TEST(Must(s.ChangesSince(0, 1000)).size() == changes_before);
    st.description = "组织专家开展技术对接和人才培训";
    st.type = StationType::kComprehensive;
    const auto updated = Must(s.UpsertStation(st));
    BOOST_TEST(updated.id == added.id);
    BOOST_TEST((updated.outcome == Outcome::kUpdated));
    BOOST_TEST((Must(s.GetStation(added.id)).type == StationType::kComprehensive));
    auto changes = Must(s.ChangesSince(0, 1000));
    BOOST_REQUIRE(changes.size() == changes_before + 1);
    BOOST_TEST(changes.back().entity == "station");
    BOOST_TEST(changes.back().entity_id == added.id);

    // The same name in another county is another station.
    Station other = st;
    other.region_code = "371302";
    const auto second = Must(s.UpsertStation(other));
    BOOST_TEST(second.id != added.id);
    BOOST_TEST(Must(s.ListStations()).size() == 2u);

    // Removed: gone, logged, and a second removal is NotFound.
    BOOST_TEST_REQUIRE(s.RemoveStation(added.id).ok());
    BOOST_TEST(s.GetStation(added.id).status().code() == StatusCode::kNotFound);
    BOOST_TEST(s.RemoveStation(added.id).code() == StatusCode::kNotFound);
    changes = Must(s.ChangesSince(0, 1000));
    BOOST_TEST(changes.back().entity == "station");
    BOOST_TEST(changes.back().op == "delete");
    BOOST_TEST(Must(s.ListStations()).size() == 1u);

    Station bad = st;
    bad.name = "";
    BOOST_TEST(s.UpsertStation(bad).status().code() == StatusCode::kInvalidArgument);
    bad = st;
    bad.region_code = "3713";
    BOOST_TEST(s.UpsertStation(bad).status().code() == StatusCode::kInvalidArgument);
    bad = st;
    bad.disciplines = {"21O"};
    BOOST_TEST(s.UpsertStation(bad).status().code() == StatusCode::kInvalidArgument);
  });
}
