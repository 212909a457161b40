// hub internal: BatchLinker, the probabilistic linkage of a sync batch's records without ID
// number or passport, against a real store (SQLite in a temporary folder).
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <random>

#include "hub/internal/link.h"
#include "store/store.h"

namespace fs = std::filesystem;
using namespace huicai;

namespace {

struct StoreFixture {
  fs::path dir;
  std::optional<store::Store> store;
  StoreFixture() {
    std::random_device rd;
    dir = fs::temp_directory_path() / ("huicai-batch-link-" + std::to_string(rd()));
    fs::create_directories(dir);
    auto opened = store::Store::Open({"DRIVER=SQLite3;Database=" + (dir / "hub.db").string()});
    BOOST_REQUIRE_MESSAGE(opened.has_value(), opened.status().ToString());
    store.emplace(std::move(opened).value());
    BOOST_REQUIRE(store->Migrate().ok());
  }
  ~StoreFixture() {
    store.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

// A mapped record of `partner` as connectors/ would hand it over.
Record Mapped(const std::string& partner, const std::string& key,
              std::map<std::string, std::string> fields) {
  return Record{partner, partner == "police" ? "identity" : "degree", key, "1", std::move(fields),
                false};
}

// Links one batch as the sync does and stores it; returns the records' persons by key.
std::map<std::string, PersonId> SyncBatch(store::Store& s, const std::vector<Record>& rows,
                                          std::vector<Rejection>* rejected = nullptr) {
  hub::BatchLinker linker(s, hub::LinkSettings{});
  store::SyncBatch batch;
  batch.partner = rows.front().partner;
  std::vector<store::LinkedRecord> pending;
  for (const Record& r : rows) {
    hub::LinkOutcome outcome = hub::LinkRecord(r);
    BOOST_REQUIRE_MESSAGE(outcome.linked.has_value(), outcome.rejection.message);
    (outcome.needs_linkage ? pending : batch.records).push_back(std::move(*outcome.linked));
  }
  BOOST_REQUIRE(linker.Resolve(std::move(pending), batch.records, batch.rejections).ok());
  BOOST_REQUIRE(linker.Adopt(batch.records).ok());
  auto applied = s.ApplySyncBatch(batch);
  BOOST_REQUIRE_MESSAGE(applied.has_value(), applied.status().ToString());
  std::map<std::string, PersonId> persons;
  for (const auto& lr : batch.records) {
    auto id = s.PersonOfRecord(lr.record.partner, lr.record.kind, lr.record.source_key);
    BOOST_REQUIRE(id.has_value());
    persons[lr.record.source_key] = *id;
  }
  if (rejected != nullptr) *rejected = batch.rejections;
  return persons;
}

const std::string kId1 = "110105197206010024";  // born 1972-06-01, female

}  // namespace

BOOST_AUTO_TEST_SUITE(batch_link)

BOOST_AUTO_TEST_CASE(a_record_without_id_joins_the_stored_person_it_matches_with_its_evidence) {
  StoreFixture f;
  auto keyed = SyncBatch(
      *f.store, {Mapped("police", "p1", {{"id_number", kId1}, {"name", "王萍"}}),
                 Mapped("police", "p2", {{"id_number", "110105197206010016"}, {"name", "李强"}})});
  // The police rows gave no birth date: it comes from the ID number.
  BOOST_TEST(f.store->GetPerson(keyed.at("p1"))->birth_date.has_value());
  auto joined = SyncBatch(
      *f.store, {Mapped("education", "d1",
                        {{"name", "王萍"}, {"birth_date", "1972-06-01"}, {"gender", "2"}})});
  BOOST_TEST(joined.at("d1") == keyed.at("p1"));
  auto lineage = f.store->ListPartnerRecords(keyed.at("p1"));
  BOOST_REQUIRE(lineage.has_value());
  BOOST_REQUIRE_EQUAL(lineage->size(), 2u);
  const auto& link = lineage->at(1);
  BOOST_TEST(link.link_method == "probabilistic");
  BOOST_TEST(link.link_probability >= 0.9);
  const std::string waterfall = hub::FormatStoredEvidence(link.link_evidence);
  BOOST_TEST(waterfall.find("birth_date") != std::string::npos);
  BOOST_TEST(waterfall.find("person:" + std::to_string(keyed.at("p1"))) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(two_equally_likely_persons_send_the_record_to_review) {
  StoreFixture f;
  // Two persons with the same name and birth date (different ID numbers).
  SyncBatch(*f.store,
            {Mapped("police", "p1", {{"id_number", kId1}, {"name", "王萍"}}),
             Mapped("police", "p2", {{"id_number", "110105197206010040"}, {"name", "王萍"}})});
  std::vector<Rejection> rejected;
  auto none = SyncBatch(
      *f.store,
      {Mapped("education", "d1", {{"name", "王萍"}, {"birth_date", "1972-06-01"}, {"gender", "2"}}),
       Mapped("education", "d2",
              {{"name", "李强"}, {"birth_date", "1972-06-01"}, {"gender", "1"}})},
      &rejected);
  BOOST_REQUIRE_EQUAL(rejected.size(), 1u);
  BOOST_TEST(rejected[0].source_key == "d1");
  BOOST_TEST(rejected[0].reason_code == "link_review");
  BOOST_TEST(rejected[0].message.find("huicai quarantine resolve") != std::string::npos);
  // The other record matched no one: it founded a person of its own.
  BOOST_TEST(none.count("d2") == 1u);
  BOOST_TEST(f.store->CountPersons(true).value() == 1);
}

BOOST_AUTO_TEST_CASE(a_founded_person_is_found_again_and_later_takes_its_id_number) {
  StoreFixture f;
  const std::map<std::string, std::string> fields = {
      {"name", "王萍"}, {"birth_date", "1972-06-01"}, {"gender", "2"}};
  auto first = SyncBatch(*f.store, {Mapped("education", "d1", fields)});
  const PersonId founded = first.at("d1");
  // A second degree of the same person in a later batch joins the founded person.
  auto second = SyncBatch(*f.store, {Mapped("education", "d2", fields)});
  BOOST_TEST(second.at("d2") == founded);
  // The police row with her ID number arrives last: it adopts the founded person.
  auto police =
      SyncBatch(*f.store, {Mapped("police", "p1", {{"id_number", kId1}, {"name", "王萍"}})});
  BOOST_TEST(police.at("p1") == founded);
  BOOST_TEST(f.store->FindPersonByIdNumber(kId1)->id == founded);
  BOOST_TEST(f.store->CountPersons().value() == 1);
}

BOOST_AUTO_TEST_CASE(a_passport_holder_is_never_adopted_by_a_namesake_with_another_passport) {
  StoreFixture f;
  auto a = SyncBatch(*f.store, {Mapped("police", "p1",
                                       {{"name", "Sofia Ivanov"},
                                        {"birth_date", "1977-04-29"},
                                        {"gender", "1"},
                                        {"nationality", "RUS"},
                                        {"passport", "P1368 9512"}})});
  // Same name and birth date, an ID number and another passport: another person.
  auto b = SyncBatch(*f.store, {Mapped("police", "p2",
                                       {{"id_number", "93764319770429190X"},
                                        {"name", "Sofia Ivanov"},
                                        {"birth_date", "1977-04-29"},
                                        {"gender", "2"},
                                        {"nationality", "RUS"},
                                        {"passport", "P20000001"}})});
  BOOST_TEST(b.at("p2") != a.at("p1"));
  // The same passport with an ID number: the same person, who takes the number.
  auto c = SyncBatch(*f.store, {Mapped("police", "p3",
                                       {{"id_number", "937643197704291918"},
                                        {"name", "Sofia Ivanov"},
                                        {"nationality", "RUS"},
                                        {"passport", "p13689512"}})});
  BOOST_TEST(c.at("p3") == a.at("p1"));
}

BOOST_AUTO_TEST_CASE(a_record_without_any_key_or_name_is_refused_with_a_reason) {
  auto outcome = hub::LinkRecord(Mapped("education", "d1", {{"degree", "doctor"}}));
  BOOST_TEST(!outcome.linked.has_value());
  BOOST_TEST(outcome.rejection.reason_code == "no_link_key");
}

BOOST_AUTO_TEST_SUITE_END()
