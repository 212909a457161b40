// The audit log's hash chain (Store::AppendAudit / VerifyAudit / ListAudit) on SQLite and
// PostgreSQL: entries chain in order, and raw SQL edits (altered, removed, reordered, truncated,
// forged) are found and named by the first bad entry.
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/id_number.h"
#include "odbc/odbc.h"
#include "store/store.h"
#include "tests/store/store_fixture.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/print.h"

namespace fs = std::filesystem;
using namespace huicai;  // NOLINT: test file
using huicai::store::AuditCheck;
using huicai::store::AuditEntry;
using huicai::store::Store;
using huicai::store::StoreOptions;

namespace {

using huicai::store::testing::ForEachStore;
using huicai::store::testing::Must;
using huicai::store::testing::OpenOrFail;
using huicai::store::testing::TempDir;

// A second connection to the same database, for editing the log behind the store's back.
void RawSql(const std::string& conn, const std::string& sql,
            const std::vector<odbc::Value>& params = {}) {
  auto c = odbc::Connection::Open(conn);
  BOOST_REQUIRE_MESSAGE(c.has_value(), c.status().ToString());
  auto done = c->Execute(sql, params);
  BOOST_REQUIRE_MESSAGE(done.has_value(), done.status().ToString());
}

AuditEntry Entry(const std::string& agency, const std::string& method,
                 std::vector<std::string> subjects, const std::string& at = "") {
  AuditEntry e;
  e.at = at;
  e.agency = agency;
  e.method = method;
  e.subjects = std::move(subjects);
  e.fields = {"name", "title", "region_code"};
  e.outcome = "ok";
  return e;
}

// Five entries appended one at a time.
void AppendFive(Store& s) {
  for (int i = 1; i <= 5; ++i) {
    std::vector<AuditEntry> one = {Entry("tax", "GetTalent", {std::to_string(100 + i)})};
    REQUIRE_OK(s.AppendAudit(one));
  }
}

AuditCheck Verify(Store& s) { return Must(s.VerifyAudit()); }

}  // namespace

BOOST_AUTO_TEST_SUITE(audit)

BOOST_AUTO_TEST_CASE(empty_log_verifies_ok_with_no_entries) {
  ForEachStore([](Store& s, const std::string&) {
    AuditCheck c = Verify(s);
    BOOST_TEST(c.ok);
    BOOST_TEST(c.entries == 0);
    BOOST_TEST(c.problem == "");
    BOOST_TEST(Must(s.ListAudit("", "", 10)).empty());
    REQUIRE_OK(s.AppendAudit({}));  // an empty batch writes nothing
    BOOST_TEST(Verify(s).entries == 0);
  });
}

BOOST_AUTO_TEST_CASE(batches_chain_in_order_and_list_by_agency_and_since) {
  ForEachStore([](Store& s, const std::string&) {
    std::vector<AuditEntry> b1 = {
        Entry("tax", "GetTalent", {"7"}, "2024-05-01T08:00:00Z"),
        Entry("bank", "SearchTalents", {"7", "8"}, "2024-05-01T09:00:00.250000Z")};
    std::vector<AuditEntry> b2 = {Entry("", "ListNeeds", {}, "2024-05-02T10:00:00Z")};
    std::vector<AuditEntry> b3 = {Entry("tax", "GetNeed", {"n3"}, "2024-05-03T11:00:00Z"),
                                  Entry("tax", "GetTalent", {"9"})};
    b3[0].outcome = "NotFound";
    b3[0].fields.clear();
    REQUIRE_OK(s.AppendAudit(b1));
    REQUIRE_OK(s.AppendAudit(b2));
    REQUIRE_OK(s.AppendAudit(b3));

    AuditCheck c = Verify(s);
    BOOST_TEST(c.ok, c.problem);
    BOOST_TEST(c.entries == 5);

    auto all = Must(s.ListAudit("", "", 100));
    BOOST_REQUIRE(all.size() == 5u);
    std::string prev(64, '0');
    for (size_t i = 0; i < all.size(); ++i) {
      BOOST_TEST(all[i].seq == static_cast<std::int64_t>(i + 1));
      BOOST_TEST(all[i].prev_hash == prev);
      BOOST_TEST(all[i].hash.size() == 64u);
      BOOST_TEST(all[i].hash != prev);
      prev = all[i].hash;
    }
    // Content comes back as written; a seconds-only time gains microseconds; an empty one is now.
    BOOST_TEST(all[0].at == "2024-05-01T08:00:00.000000Z");
    BOOST_TEST(all[1].agency == "bank");
    BOOST_TEST(all[1].subjects == (std::vector<std::string>{"7", "8"}));
    BOOST_TEST(all[3].outcome == "NotFound");
    BOOST_TEST(all[3].fields.empty());
    BOOST_TEST(all[4].at.size() == 27u);
    BOOST_TEST(all[4].at > "2024-06-01");

    auto tax = Must(s.ListAudit("tax", "", 100));
    BOOST_REQUIRE(tax.size() == 3u);
    BOOST_TEST(tax[0].seq == 1);
    BOOST_TEST(tax[1].seq == 4);
    BOOST_TEST(tax[2].seq == 5);
    auto local = Must(s.ListAudit("", "2024-05-02", 100));
    BOOST_REQUIRE(local.size() == 3u);
    BOOST_TEST(local[0].method == "ListNeeds");
    auto tax_since = Must(s.ListAudit("tax", "2024-05-03T11:00:00Z", 100));
    BOOST_REQUIRE(tax_since.size() == 2u);
    BOOST_TEST(tax_since[0].seq == 4);
    // A fraction in `since` compares as time: .25 s is not before 09:00:00.2.
    BOOST_TEST(Must(s.ListAudit("bank", "2024-05-01T09:00:00.2", 100)).size() == 1u);
    BOOST_TEST(Must(s.ListAudit("bank", "2024-05-01T09:00:00.3Z", 100)).empty());
    auto first_two = Must(s.ListAudit("", "", 2));
    BOOST_REQUIRE(first_two.size() == 2u);
    BOOST_TEST(first_two[1].seq == 2);
    BOOST_TEST(Must(s.ListAudit("nobody", "", 100)).empty());
  });
}

BOOST_AUTO_TEST_CASE(rejects_bad_entries_and_writes_nothing_of_the_batch) {
  ForEachStore([](Store& s, const std::string&) {
    const std::string first17 = "11010319650101123";
    const std::string id_number = first17 + IdCheckCharacter(first17);
    std::vector<AuditEntry> with_id = {Entry("tax", "GetTalent", {"5"}),
                                       Entry("tax", "GetTalent", {id_number})};
    Status st = s.AppendAudit(with_id);
    BOOST_TEST(st.code() == StatusCode::kInvalidArgument);
    BOOST_TEST(st.message().find("entry 1: subject 0 is an ID number") != std::string::npos,
               st.message());
    BOOST_TEST(st.message().find(id_number) == std::string::npos);  // never echoed

    std::vector<AuditEntry> bad_at = {Entry("tax", "GetTalent", {"5"}, "yesterday")};
    BOOST_TEST(s.AppendAudit(bad_at).code() == StatusCode::kInvalidArgument);
    std::vector<AuditEntry> no_method = {Entry("tax", "", {"5"})};
    BOOST_TEST(s.AppendAudit(no_method).code() == StatusCode::kInvalidArgument);
    std::vector<AuditEntry> bad_utf8 = {Entry("tax", "Get\xff", {"5"})};
    BOOST_TEST(s.AppendAudit(bad_utf8).code() == StatusCode::kInvalidArgument);

    AuditCheck c = Verify(s);
    BOOST_TEST(c.ok);
    BOOST_TEST(c.entries == 0);
    auto since = s.ListAudit("", "last week", 10);
    BOOST_REQUIRE(!since.has_value());
    BOOST_TEST(since.error().code() == StatusCode::kInvalidArgument);
  });
}

BOOST_AUTO_TEST_CASE(names_an_entry_whose_method_was_altered) {
  ForEachStore([](Store& s, const std::string& conn) {
    AppendFive(s);
    RawSql(conn, "UPDATE audit_log SET method = ? WHERE seq = 2", {std::string("ListNeeds")});
    AuditCheck c = Verify(s);
    BOOST_TEST(!c.ok);
    BOOST_TEST(c.first_bad_seq == 2);
    BOOST_TEST(c.entries == 5);
    BOOST_TEST(c.problem.find("entry 2 was altered") != std::string::npos, c.problem);
  });
}

BOOST_AUTO_TEST_CASE(names_a_removed_entry_by_the_gap) {
  ForEachStore([](Store& s, const std::string& conn) {
    AppendFive(s);
    RawSql(conn, "DELETE FROM audit_log WHERE seq = 3");
    AuditCheck c = Verify(s);
    BOOST_TEST(!c.ok);
    BOOST_TEST(c.first_bad_seq == 3);
    BOOST_TEST(c.problem == "entry 3 is missing: 2 is followed by 4");
  });
}

BOOST_AUTO_TEST_CASE(finds_two_entries_swapped) {
  ForEachStore([](Store& s, const std::string& conn) {
    AppendFive(s);
    // Move the content of entries 2 and 4 (hashes included) into each other's place.
    auto all = Must(s.ListAudit("", "", 10));
    BOOST_REQUIRE(all.size() == 5u);
    auto put = [&](const AuditEntry& from, std::int64_t seq) {
      const std::string subjects = "[\"" + from.subjects.at(0) + "\"]";
      RawSql(conn,
             "UPDATE audit_log SET at = ?, subjects = ?, prev_hash = ?, hash = ? WHERE seq = ?",
             {from.at, subjects, from.prev_hash, from.hash, std::int64_t{seq}});
    };
    put(all[1], 4);
    put(all[3], 2);
    AuditCheck c = Verify(s);
    BOOST_TEST(!c.ok);
    BOOST_TEST(c.first_bad_seq == 2);
    BOOST_TEST(c.problem.find("entry 2 was altered") != std::string::npos, c.problem);
  });
}

BOOST_AUTO_TEST_CASE(finds_the_last_entry_hash_altered) {
  ForEachStore([](Store& s, const std::string& conn) {
    AppendFive(s);
    RawSql(conn, "UPDATE audit_log SET hash = ? WHERE seq = 5", {std::string(64, 'a')});
    AuditCheck c = Verify(s);
    BOOST_TEST(!c.ok);
    BOOST_TEST(c.first_bad_seq == 5);
    BOOST_TEST(c.problem.find("entry 5 was altered") != std::string::npos, c.problem);
  });
}

BOOST_AUTO_TEST_CASE(finds_an_entry_taken_from_another_chain) {
  ForEachStore([](Store& s, const std::string& conn) {
    const std::string at1 = "2024-05-01T08:00:00.000001Z", at2 = "2024-05-01T08:00:00.000002Z";
    std::vector<AuditEntry> first = {Entry("tax", "GetTalent", {"1"}, at1),
                                     Entry("tax", "GetNeed", {"2"}, at2)};
    REQUIRE_OK(s.AppendAudit(first));
    auto old_chain = Must(s.ListAudit("", "", 10));
    BOOST_REQUIRE(old_chain.size() == 2u);
    // Start the log over with another entry 1 and the same entry 2, then put the old entry 2
    // (hash consistent with its own content and prev_hash) in place of the new one.
    RawSql(conn, "DELETE FROM audit_log");
    RawSql(conn, "DELETE FROM checkpoint WHERE name = 'audit:head'");
    std::vector<AuditEntry> second = {Entry("tax", "ListNeeds", {"1"}, at1),
                                      Entry("tax", "GetNeed", {"2"}, at2)};
    REQUIRE_OK(s.AppendAudit(second));
    BOOST_TEST(Verify(s).ok);
    RawSql(conn, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = 2",
           {old_chain[1].prev_hash, old_chain[1].hash});
    AuditCheck c = Verify(s);
    BOOST_TEST(!c.ok);
    BOOST_TEST(c.first_bad_seq == 2);
    BOOST_TEST(c.problem.find("entry 2 is out of place") != std::string::npos, c.problem);
  });
}

BOOST_AUTO_TEST_CASE(finds_the_head_record_removed) {
  ForEachStore([](Store& s, const std::string& conn) {
    AppendFive(s);
    RawSql(conn, "DELETE FROM checkpoint WHERE name = 'audit:head'");
    AuditCheck c = Verify(s);
    BOOST_TEST(!c.ok);
    BOOST_TEST(c.problem.find("head record") != std::string::npos, c.problem);
  });
}

BOOST_AUTO_TEST_CASE(finds_removed_last_entries_and_keeps_the_gap_after_new_appends) {
  ForEachStore([](Store& s, const std::string& conn) {
    AppendFive(s);
    RawSql(conn, "DELETE FROM audit_log WHERE seq >= 4");
    AuditCheck c = Verify(s);
    BOOST_TEST(!c.ok);
    BOOST_TEST(c.first_bad_seq == 4);
    BOOST_TEST(c.problem.find("entries 4 to 5 are missing") != std::string::npos, c.problem);

    // A new append chains past the removed entries instead of hiding the cut.
    std::vector<AuditEntry> more = {Entry("bank", "GetTalent", {"1"})};
    REQUIRE_OK(s.AppendAudit(more));
    auto last = Must(s.ListAudit("bank", "", 10));
    BOOST_REQUIRE(last.size() == 1u);
    BOOST_TEST(last[0].seq == 6);
    c = Verify(s);
    BOOST_TEST(!c.ok);
    BOOST_TEST(c.first_bad_seq == 4);
    BOOST_TEST(c.problem == "entries 4 to 5 are missing: 3 is followed by 6");
  });
}

BOOST_AUTO_TEST_CASE(finds_an_entry_added_behind_the_stores_back) {
  ForEachStore([](Store& s, const std::string& conn) {
    AppendFive(s);
    auto all = Must(s.ListAudit("", "", 10));
    BOOST_REQUIRE(all.size() == 5u);
    // A copy of entry 5 inserted as entry 6 (its hash does not cover seq 6 either; even a
    // well-formed forgery would be past the head the store recorded).
    RawSql(conn,
           "INSERT INTO audit_log (seq, at, agency, method, subjects, fields, outcome, "
           "prev_hash, hash) SELECT 6, at, agency, method, subjects, fields, outcome, hash, "
           "hash FROM audit_log WHERE seq = 5");
    AuditCheck c = Verify(s);
    BOOST_TEST(!c.ok);
    BOOST_TEST(c.first_bad_seq == 6);
    BOOST_TEST(c.entries == 6);
  });
}

BOOST_AUTO_TEST_CASE(concurrent_appenders_keep_one_chain) {
  ForEachStore([](Store& s, const std::string& conn) {
    constexpr int kPerWriter = 25;
    std::vector<std::string> errors(2);
    auto writer = [&](int w) {
      auto opened = Store::Open(StoreOptions{conn});
      if (!opened.has_value()) {
        errors[static_cast<size_t>(w)] = opened.error().ToString();
        return;
      }
      for (int i = 0; i < kPerWriter; ++i) {
        std::vector<AuditEntry> batch = {
            Entry("w" + std::to_string(w), "GetTalent", {std::to_string(i)}),
            Entry("w" + std::to_string(w), "GetNeed", {std::to_string(i)})};
        Status st = opened->AppendAudit(batch);
        if (!st.ok()) {
          errors[static_cast<size_t>(w)] = st.ToString();
          return;
        }
      }
    };
    std::thread t0(writer, 0), t1(writer, 1);
    t0.join();
    t1.join();
    BOOST_TEST(errors[0] == "");
    BOOST_TEST(errors[1] == "");
    AuditCheck c = Verify(s);
    BOOST_TEST(c.ok, c.problem);
    BOOST_TEST(c.entries == 4 * kPerWriter);
    // A batch is never split by another writer's entries.
    auto all = Must(s.ListAudit("", "", 1000));
    BOOST_REQUIRE(all.size() == 4u * kPerWriter);
    for (size_t i = 0; i < all.size(); i += 2) {
      BOOST_TEST(all[i].agency == all[i + 1].agency);
      BOOST_TEST(all[i].method == "GetTalent");
    }
  });
}

BOOST_AUTO_TEST_CASE(verify_while_another_process_appends_sees_no_false_problem) {
  ForEachStore([](Store& s, const std::string& conn) {
    AppendFive(s);
    std::atomic<bool> done{false};
    std::string error;
    std::thread writer([&] {
      auto opened = Store::Open(StoreOptions{conn});
      if (!opened.has_value()) {
        error = opened.error().ToString();
      } else {
        for (int i = 0; i < 40 && error.empty(); ++i) {
          std::vector<AuditEntry> batch = {Entry("bank", "GetTalent", {std::to_string(i)}),
                                           Entry("bank", "GetNeed", {std::to_string(i)})};
          Status st = opened->AppendAudit(batch);
          if (!st.ok()) error = st.ToString();
        }
      }
      done = true;
    });
    int rounds = 0;
    std::vector<std::string> problems;
    while (!done || rounds == 0) {
      auto c = s.VerifyAudit();
      if (!c.has_value()) {
        problems.push_back(c.error().ToString());
      } else if (!c->ok) {
        problems.push_back(c->problem);
      }
      ++rounds;
    }
    writer.join();
    BOOST_TEST(error == "");
    BOOST_TEST(problems.empty(), (problems.empty() ? "" : problems.front()));
    AuditCheck c = Verify(s);
    BOOST_TEST(c.ok, c.problem);
    BOOST_TEST(c.entries == 85);
  });
}

BOOST_AUTO_TEST_SUITE_END()
