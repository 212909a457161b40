// What agencies do through the API, at the hub: records sent in hub field names are checked,
// linked and stored like a sync batch with one receipt each (bad ones quarantined, a replay
// changes nothing), the change feed carries the region of each entry, and an open need can be
// edited while a matched one cannot.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <random>

#include "core/id_number.h"
#include "hub/hub.h"
#include "store/store.h"
#include "tests/support/must.h"

namespace fs = std::filesystem;
using namespace huicai;

namespace {

using huicai::testing::Must;

std::string IdNumber(const std::string& region, int serial) {
  std::string first17 = region + "19800101" + std::to_string(100 + serial).substr(0, 3);
  return first17 + IdCheckCharacter(first17);
}

struct Hub {
  fs::path dir;
  std::unique_ptr<hub::Hub> hub;
  Hub() {
    std::random_device rd;
    dir = fs::temp_directory_path() / ("huicai-xops-" + std::to_string(rd()));
    fs::create_directories(dir / "var");
    ::setenv("HUICAI_TODAY", "2026-11-24", 1);
    hub = Must(hub::Hub::Open(hub::DefaultConfig(dir)));
    BOOST_REQUIRE(hub->Init().ok());
  }
  ~Hub() {
    hub.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

Record Identity(const std::string& key, const std::string& id_number, const std::string& name,
                const std::string& region) {
  Record r;
  r.kind = "identity";
  r.source_key = key;
  r.fields = {{"id_number", id_number}, {"name", name}, {"region", region}};
  return r;
}

Need OpenNeed() {
  Need n;
  n.unit = "沂南县苹果合作社";
  n.region_code = "371321";
  n.title = "苹果腐烂病防治";
  n.description = "果园腐烂病严重";
  n.disciplines = {"210"};
  n.days = 5;
  n.headcount = 1;
  n.window_start = Date{2026, 12, 1};
  n.window_end = Date{2027, 3, 31};
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(exchange_ops)

BOOST_AUTO_TEST_CASE(records_get_a_receipt_each_and_bad_ones_are_quarantined) {
  Hub h;
  const std::string good = IdNumber("371321", 1);
  std::string bad_check = IdNumber("371321", 2);
  bad_check.back() = bad_check.back() == '1' ? '2' : '1';
  std::vector<Record> records = {
      Identity("P-1", good, "张果", "371321"),
      Identity("P-2", bad_check, "李果", "371321"),
      Identity("P-3", IdNumber("371302", 3), "王医", "999999"),
      Identity("P-4", IdNumber("371302", 4), "赵林", "371302"),
  };
  records[3].fields["mobile"] = "+86 138-0000-1234";
  const auto receipts = Must(h.hub->SubmitRecords("police", records));
  BOOST_REQUIRE_EQUAL(receipts.size(), 4u);
  BOOST_TEST(receipts[0].source_key == "P-1");
  BOOST_TEST(receipts[0].accepted);
  BOOST_TEST(receipts[0].person_id > 0);
  BOOST_TEST(!receipts[1].accepted);
  BOOST_TEST(receipts[1].reason_code == "bad_id_check");
  BOOST_TEST(receipts[1].message.find("id_number") == 0u);
  BOOST_TEST(receipts[1].message.find(bad_check) == std::string::npos);  // never echoed
  BOOST_TEST(!receipts[2].accepted);
  BOOST_TEST(receipts[2].reason_code == "bad_region");
  BOOST_TEST(receipts[3].accepted);
  BOOST_TEST(receipts[3].person_id != receipts[0].person_id);

  // Stored under the agency, normalised, and the rejections are in quarantine.
  const Person person = Must(h.hub->GetPerson(receipts[3].person_id));
  BOOST_TEST(person.mobile == "13800001234");
  BOOST_TEST(person.region_code == "371302");
  const auto quarantined = Must(h.hub->QuarantineCounts("police"));
  BOOST_TEST(quarantined.at("bad_id_check") == 1);
  BOOST_TEST(quarantined.at("bad_region") == 1);

  // Sending the same batch again doubles nothing: the same persons, nothing new quarantined.
  const auto again = Must(h.hub->SubmitRecords("police", records));
  BOOST_TEST(again[0].person_id == receipts[0].person_id);
  BOOST_TEST(again[3].person_id == receipts[3].person_id);
  BOOST_TEST(Must(h.hub->QuarantineCounts("police")).at("bad_id_check") == 1);
  // The same person sent by another agency is linked to the one person.
  const auto other =
      Must(h.hub->SubmitRecords("education", {Identity("E-9", good, "张果", "371321")}));
  BOOST_TEST(other[0].person_id == receipts[0].person_id);
}

BOOST_AUTO_TEST_CASE(records_without_id_are_linked_by_name_and_birth) {
  Hub h;
  const auto first = Must(
      h.hub->SubmitRecords("police", {Identity("P-1", IdNumber("371321", 1), "欧阳明", "371321")}));
  BOOST_REQUIRE(first[0].accepted);
  Record degree;
  degree.kind = "degree";
  degree.source_key = "D-77";
  degree.fields = {{"name", "欧阳明"},
                   {"birth_date", "1980-01-01"},
                   {"gender", "1"},
                   {"region", "371321"},
                   {"degree", "博士"}};
  const auto linked = Must(h.hub->SubmitRecords("education", {degree}));
  BOOST_REQUIRE_EQUAL(linked.size(), 1u);
  // Name, birth date, gender and region all agree with the one stored person: linked to them.
  BOOST_TEST(linked[0].accepted, linked[0].reason_code << ": " << linked[0].message);
  BOOST_TEST(linked[0].person_id == first[0].person_id);
}

BOOST_AUTO_TEST_CASE(the_change_feed_carries_regions_and_pages) {
  Hub h;
  Must(h.hub->SubmitRecords("police", {Identity("P-1", IdNumber("371321", 1), "张果", "371321"),
                                       Identity("P-2", IdNumber("210102", 2), "李果", "210102")}));
  const NeedId need = Must(h.hub->PostNeed(OpenNeed()));
  const auto page = Must(h.hub->ChangeFeed(0, 2));
  BOOST_REQUIRE_EQUAL(page.entries.size(), 2u);
  BOOST_TEST(page.more);
  BOOST_TEST(page.last_seq == page.entries.back().seq);
  BOOST_TEST(page.entries[0].entity == "person");
  BOOST_TEST(page.entries[0].region == "371321");
  BOOST_TEST(page.entries[1].region == "210102");
  const auto rest = Must(h.hub->ChangeFeed(page.last_seq, 100));
  BOOST_TEST(!rest.more);
  BOOST_REQUIRE(!rest.entries.empty());
  BOOST_TEST(rest.entries.back().entity == "need");
  BOOST_TEST(rest.entries.back().entity_id == need);
  BOOST_TEST(rest.entries.back().region == "371321");
  const auto none = Must(h.hub->ChangeFeed(rest.last_seq, 100));
  BOOST_TEST(none.entries.empty());
  BOOST_TEST(none.last_seq == rest.last_seq);
}

BOOST_AUTO_TEST_CASE(an_open_need_can_be_edited_a_bad_edit_is_refused) {
  Hub h;
  Need need = OpenNeed();
  need.id = Must(h.hub->PostNeed(need));
  need.headcount = 3;
  need.title = "苹果腐烂病防治（三个村）";
  BOOST_REQUIRE(h.hub->UpdateNeed(need).ok());
  const Need stored = Must(h.hub->GetNeed(need.id));
  BOOST_TEST(stored.headcount == 3);
  BOOST_TEST(stored.title == "苹果腐烂病防治（三个村）");

  Need bad = need;
  bad.disciplines = {};
  const Status no_field = h.hub->UpdateNeed(bad);
  BOOST_TEST((no_field.code() == StatusCode::kInvalidArgument));
  bad = need;
  bad.status = NeedStatus::kClosed;
  BOOST_TEST((h.hub->UpdateNeed(bad).code() == StatusCode::kInvalidArgument));
  bad = need;
  bad.id = need.id + 100;
  BOOST_TEST((h.hub->UpdateNeed(bad).code() == StatusCode::kNotFound));
  BOOST_TEST(Must(h.hub->GetNeed(need.id)).headcount == 3);  // nothing of the bad edits stuck
}

BOOST_AUTO_TEST_SUITE_END()
