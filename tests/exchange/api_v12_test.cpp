// API 1.2 end to end over a real Server on loopback with mutual TLS (development CA), against
// the in-memory Backend: what each agency sees of a person (whole, masked, absent), records
// filed under the sending agency with a receipt each, the change feed cut to an agency's kinds
// and regions, need and proposal answers inside the agency's regions, service items routed by
// department, and the per-agency request rate.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "exchange/certs.h"
#include "exchange/client.h"
#include "exchange/internal/rate_limit.h"
#include "exchange/server.h"
#include "fake_backend.h"
#include "samples.h"

namespace huicai::exchange {
namespace {

namespace fs = std::filesystem;

Person SamplePerson(PersonId id) {
  Person p;
  p.id = id;
  p.id_number = "371302198003151234";
  p.name = "王晓明";
  p.gender = Gender::kMale;
  p.birth_date = Date{1980, 3, 15};
  p.region_code = "371302";
  p.nationality = "CHN";
  p.passport = "E12345678";
  p.mobile = "13800001234";
  return p;
}

Record Degree(const std::string& key, const std::string& id_number) {
  Record r;
  r.kind = "degree";
  r.source_key = key;
  r.fields = {{"id_number", id_number}, {"name", "王晓明"}, {"degree", "博士"}};
  return r;
}

// education: persons in Shandong with the name whole and the ID number and mobile masked, may
// send degree records and follows talents; window: takes service requests in Linyi; police
// (a department) updates items; unit: needs of one county; busy: 5 calls a second.
std::map<std::string, AgencyRights> Rights() {
  std::map<std::string, AgencyRights> rights;
  AgencyRights& education = rights["education"];
  education.methods = {"getPerson", "submitRecords", "changesSince"};
  education.fields = {"name", "tier"};
  education.masked = {"idNumber", "mobile", "birthDate"};
  education.regions = {"37"};
  education.kinds = {"degree", "talent"};
  AgencyRights& window = rights["window"];
  window.methods = {"submitServiceRequest", "getServiceRequest", "getServiceArchive",
                    "getMatchReport"};
  window.fields = {"*"};
  window.regions = {"3713"};
  AgencyRights& police = rights["police"];
  police.methods = {"updateItem", "getServiceRequest", "getPerson"};
  police.fields = {"*"};
  AgencyRights& unit = rights["unit"];
  unit.methods = {"updateNeed", "acceptProposal", "declineProposal", "completeProposal",
                  "listProposals"};
  unit.regions = {"371321"};
  AgencyRights& busy = rights["busy"];
  busy.methods = {"getPerson"};
  busy.fields = {"*"};
  busy.rate_per_second = 5;
  busy.burst = 5;
  return rights;
}

struct ApiFixture {
  ApiFixture() {
    std::random_device rd;
    dir = fs::temp_directory_path() / ("huicai-api12-" + std::to_string(rd()));
    CertsOptions options;
    options.dir = dir / "ca";
    options.agencies = {"education", "window", "police", "unit", "busy", "idle"};
    auto made = InitCertificates(options);
    BOOST_TEST_REQUIRE(made.ok(), made.status().ToString());
    ca = *made;

    backend.AddTalent(testing::SampleTalent(42));  // works in 371302
    backend.AddPerson(SamplePerson(42));
    Person far = SamplePerson(43);  // lives and works in 沈阳
    far.region_code = "210102";
    backend.AddPerson(far);
    Need need = testing::SampleNeed();  // 17, in 371321
    need.status = NeedStatus::kOpen;
    backend.AddNeed(need);
    need.id = 18;
    need.region_code = "210102";
    backend.AddNeed(need);
    std::vector<Proposal> proposals = {testing::SampleProposal(17, 42),
                                       testing::SampleProposal(17, 43)};
    for (Proposal& p : proposals) p.status = ProposalStatus::kProposed;
    backend.AddProposals(17, proposals);
    backend.AddProposals(18, {testing::SampleProposal(18, 42)});

    ServerOptions server_options;
    server_options.port = 0;
    server_options.tls =
        ServerTls{ca.server_cert, ca.server_key, ca.ca_cert, ca.crl, options.agencies, Rights()};
    server_options.on_call = [this](const CallRecord& record) {
      std::lock_guard<std::mutex> lock(calls_mutex);
      calls.push_back(record);
    };
    auto started = Server::Start(backend, server_options);
    BOOST_TEST_REQUIRE(started.ok(), started.status().ToString());
    server = std::move(started).value();
    // The same backend over plain TCP, as the loopback operator reaches it.
    ServerOptions plain_options;
    plain_options.port = 0;
    auto plain = Server::Start(backend, plain_options);
    BOOST_TEST_REQUIRE(plain.ok(), plain.status().ToString());
    plain_server = std::move(plain).value();
  }
  ~ApiFixture() {
    server.reset();
    plain_server.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Client As(const std::string& agency) {
    auto client = Client::Connect(
        "localhost", server->port(), 5000,
        ClientTls{dir / "ca" / (agency + ".pem"), dir / "ca" / (agency + ".key"), ca.ca_cert});
    BOOST_TEST_REQUIRE(client.ok(), client.status().ToString());
    return std::move(client).value();
  }
  Client Plain() {
    auto client = Client::Connect("127.0.0.1", plain_server->port(), 5000);
    BOOST_TEST_REQUIRE(client.ok(), client.status().ToString());
    return std::move(client).value();
  }
  CallRecord LastCall() {
    std::lock_guard<std::mutex> lock(calls_mutex);
    BOOST_TEST_REQUIRE(!calls.empty());
    return calls.back();
  }

  fs::path dir;
  CertsReport ca;
  testing::FakeBackend backend;
  std::mutex calls_mutex;
  std::vector<CallRecord> calls;
  std::unique_ptr<Server> server, plain_server;
};

BOOST_AUTO_TEST_SUITE(api_v12)

BOOST_AUTO_TEST_CASE(get_person_shows_fields_whole_masked_or_absent_as_granted) {
  ApiFixture f;
  Client education = f.As("education");
  auto person = education.GetPerson(42);
  BOOST_TEST_REQUIRE(person.ok(), person.status().ToString());
  BOOST_TEST(person->person.name == "王晓明");
  BOOST_TEST(person->person.id_number == "371302********1234");
  BOOST_TEST(person->person.mobile == "138****1234");
  BOOST_TEST(!person->person.birth_date.has_value());  // masked to 1980-**-**: no date
  BOOST_TEST(person->person.passport.empty());         // absent
  BOOST_TEST(person->person.region_code.empty());
  BOOST_TEST((person->person.gender == Gender::kUnknown));
  BOOST_TEST((person->masked == std::vector<std::string>{"idNumber", "birthDate", "mobile"}));
  BOOST_TEST_REQUIRE(person->talent.has_value());  // tier is granted
  BOOST_TEST((person->talent->tier == TalentTier::kB));
  BOOST_TEST(person->talent->card_number.empty());
  BOOST_TEST(person->talent->employer.empty());
  // The audit sees what left the hub, masked ones marked.
  const CallRecord call = f.LastCall();
  BOOST_TEST(call.agency == "education");
  BOOST_TEST((call.subjects == std::vector<std::string>{"person:42"}));
  BOOST_TEST(
      (std::find(call.fields.begin(), call.fields.end(), "idNumber(masked)") != call.fields.end()));
  BOOST_TEST((std::find(call.fields.begin(), call.fields.end(), "passport") == call.fields.end()));

  // An agency granted everything sees everything; a plain (loopback) connection too.
  auto whole = f.As("police").GetPerson(42);
  BOOST_TEST_REQUIRE(whole.ok(), whole.status().ToString());
  BOOST_TEST(whole->person.id_number == "371302198003151234");
  BOOST_TEST(whole->person.passport == "E12345678");
  BOOST_TEST(whole->masked.empty());
  BOOST_TEST(whole->talent->card_number == "SD2023B000123");
}

BOOST_AUTO_TEST_CASE(get_person_outside_the_agency_regions_is_denied) {
  ApiFixture f;
  auto far = f.As("education").GetPerson(43);
  BOOST_TEST((far.status().code() == StatusCode::kPermissionDenied), far.status().ToString());
  BOOST_TEST(far.status().message().find("outside the regions") != std::string::npos);
  BOOST_TEST((f.As("education").GetPerson(99).status().code() == StatusCode::kNotFound));
  BOOST_TEST((f.As("education").GetPerson(0).status().code() == StatusCode::kInvalidArgument));
}

BOOST_AUTO_TEST_CASE(submitted_records_are_filed_under_the_agency_with_a_receipt_each) {
  ApiFixture f;
  Client education = f.As("education");
  auto receipts = education.SubmitRecords(
      {Degree("D-1", "371302198003151234"), Degree("D-2", "37130219800315")});
  BOOST_TEST_REQUIRE(receipts.ok(), receipts.status().ToString());
  BOOST_TEST_REQUIRE(receipts->size() == 2u);
  BOOST_TEST((*receipts)[0].source_key == "D-1");
  BOOST_TEST((*receipts)[0].accepted);
  BOOST_TEST((*receipts)[0].person_id == 500);
  BOOST_TEST((*receipts)[1].source_key == "D-2");
  BOOST_TEST(!(*receipts)[1].accepted);
  BOOST_TEST((*receipts)[1].reason_code == "missing_field");
  const auto submitted = f.backend.submitted();
  BOOST_TEST_REQUIRE(submitted.size() == 2u);
  BOOST_TEST(submitted[0].partner == "education");  // the certificate's name, not the client's
  BOOST_TEST(submitted[0].fields.at("degree") == "博士");
  BOOST_TEST((f.LastCall().subjects == std::vector<std::string>{"person:500"}));
}

BOOST_AUTO_TEST_CASE(a_record_kind_not_granted_refuses_the_whole_batch) {
  ApiFixture f;
  Record tax = Degree("T-1", "371302198003151234");
  tax.kind = "tax";
  auto refused = f.As("education").SubmitRecords({Degree("D-1", "371302198003151234"), tax});
  BOOST_TEST((refused.status().code() == StatusCode::kPermissionDenied));
  BOOST_TEST(refused.status().message().find("records[1]") != std::string::npos);
  BOOST_TEST(refused.status().message().find("\"tax\"") != std::string::npos);
  BOOST_TEST(f.backend.submitted().empty());

  Record nameless = Degree("", "371302198003151234");
  auto bad = f.As("education").SubmitRecords({Degree("D-1", "371302198003151234"), nameless});
  BOOST_TEST((bad.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(bad.status().message().find("records[1].sourceKey") != std::string::npos);

  std::vector<Record> many(1001, Degree("D", "371302198003151234"));
  auto too_many = f.As("education").SubmitRecords(many);
  BOOST_TEST((too_many.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(f.backend.submitted().empty());
}

BOOST_AUTO_TEST_CASE(records_need_an_agency_certificate) {
  ApiFixture f;
  auto plain = f.Plain().SubmitRecords({Degree("D-1", "371302198003151234")});
  BOOST_TEST((plain.status().code() == StatusCode::kPermissionDenied));
  BOOST_TEST(plain.status().message().find("mutual TLS") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_change_feed_shows_only_granted_kinds_and_regions) {
  ApiFixture f;
  f.backend.AddChange({1, "talent", 42, "upsert", "371302"});
  f.backend.AddChange({2, "person", 42, "upsert", "371302"});  // kind not granted
  f.backend.AddChange({3, "talent", 43, "upsert", "210102"});  // region not granted
  f.backend.AddChange({4, "talent", 44, "delete", ""});        // gone: region unknown
  f.backend.AddChange({5, "talent", 45, "upsert", "370102"});
  Client education = f.As("education");
  auto page = education.ChangesSince(0, 3);
  BOOST_TEST_REQUIRE(page.ok(), page.status().ToString());
  BOOST_TEST_REQUIRE(page->changes.size() == 1u);
  BOOST_TEST(page->changes[0].entity_id == 42);
  BOOST_TEST(page->last_seq == 3);  // past the hidden ones
  BOOST_TEST(page->more);
  auto next = education.ChangesSince(page->last_seq, 3);
  BOOST_TEST_REQUIRE(next.ok(), next.status().ToString());
  BOOST_TEST_REQUIRE(next->changes.size() == 1u);
  BOOST_TEST(next->changes[0].entity_id == 45);
  BOOST_TEST(next->last_seq == 5);
  BOOST_TEST(!next->more);
  auto idle = education.ChangesSince(5, 3);
  BOOST_TEST_REQUIRE(idle.ok());
  BOOST_TEST(idle->changes.empty());
  BOOST_TEST(idle->last_seq == 5);
  // The plain (loopback operator) connection sees every entry.
  auto all = f.Plain().ChangesSince(0, 100);
  BOOST_TEST_REQUIRE(all.ok());
  BOOST_TEST(all->changes.size() == 5u);
  BOOST_TEST((education.ChangesSince(-1, 3).status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST((education.ChangesSince(0, 0).status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST((education.ChangesSince(0, 10001).status().code() == StatusCode::kInvalidArgument));
}

BOOST_AUTO_TEST_CASE(a_unit_answers_and_updates_needs_only_in_its_county) {
  ApiFixture f;
  Client unit = f.As("unit");
  auto accepted = unit.AcceptProposal(17, 42);
  BOOST_TEST_REQUIRE(accepted.ok(), accepted.status().ToString());
  BOOST_TEST((accepted->proposal.status == ProposalStatus::kAccepted));
  auto again = unit.AcceptProposal(17, 42);
  BOOST_TEST((again.status().code() == StatusCode::kInvalidArgument));
  auto no_reason = unit.DeclineProposal(17, 43, "");
  BOOST_TEST((no_reason.status().code() == StatusCode::kInvalidArgument));
  auto declined = unit.DeclineProposal(17, 43, "专家时间冲突");
  BOOST_TEST_REQUIRE(declined.ok(), declined.status().ToString());
  BOOST_TEST(declined->proposal.note == "专家时间冲突");
  BOOST_TEST((unit.CompleteProposal(17, 42, 0).status().code() == StatusCode::kInvalidArgument));
  auto completed = unit.CompleteProposal(17, 42, 6);
  BOOST_TEST_REQUIRE(completed.ok(), completed.status().ToString());
  BOOST_TEST(completed->proposal.days_served == 6);
  // Need 18 is in 沈阳: outside the unit's county.
  BOOST_TEST((unit.AcceptProposal(18, 42).status().code() == StatusCode::kPermissionDenied));
  BOOST_TEST((unit.ListProposals(18).status().code() == StatusCode::kPermissionDenied));

  Need need = testing::SampleNeed();
  need.status = NeedStatus::kOpen;
  need.title = "苹果腐烂病防治（扩大到三个村）";
  need.headcount = 3;
  need.kind = NeedKind::kProject;
  need.host = "沂南县专家服务基地";
  const Status update = unit.UpdateNeed(need);
  BOOST_TEST_REQUIRE(update.ok(), update.ToString());
  const auto updated = f.backend.updated();
  BOOST_TEST_REQUIRE(updated.size() == 1u);
  BOOST_TEST(updated[0].headcount == 3);
  BOOST_TEST((updated[0].kind == NeedKind::kProject));
  BOOST_TEST(updated[0].host == "沂南县专家服务基地");
  need.region_code = "210102";  // moving it out of the county is refused
  BOOST_TEST((unit.UpdateNeed(need).code() == StatusCode::kPermissionDenied));
  need.id = 0;
  BOOST_TEST((unit.UpdateNeed(need).code() == StatusCode::kInvalidArgument));
}

BOOST_AUTO_TEST_CASE(the_match_report_travels_whole) {
  ApiFixture f;
  Client window = f.As("window");
  BOOST_TEST((window.GetMatchReport().status().code() == StatusCode::kNotFound));
  MatchSummary summary;
  summary.round = "2026-11";
  summary.ran_at = "2026-11-25T02:00:00Z";
  summary.needs = 200;
  summary.needs_filled = 187;
  summary.slots = 472;
  summary.proposals = 466;
  summary.priority_needs = 40;
  summary.priority_filled = 40;
  summary.programme_experts = 900;
  summary.on_pace = 422;
  summary.mean_score = 0.61;
  summary.objective = 1510.5;
  summary.optimal = true;
  summary.bound = 1510.5;
  summary.load_gini = 0.83;
  summary.greedy_objective = 1353.2;
  summary.pending = 400;
  summary.accepted = 50;
  summary.declined = 10;
  summary.completed = 6;
  summary.unfilled = {{7, "no candidate in field"}};
  summary.refused = {{9, "window ended on 2026-10-01"}};
  f.backend.SetMatchSummary(summary);
  auto got = window.GetMatchReport("2026-11");
  BOOST_TEST_REQUIRE(got.ok(), got.status().ToString());
  BOOST_TEST(got->needs_filled == 187);
  BOOST_TEST(got->on_pace == 422);
  BOOST_TEST(got->greedy_objective == 1353.2);
  BOOST_TEST(got->optimal);
  BOOST_TEST(got->completed == 6);
  BOOST_TEST_REQUIRE(got->refused.size() == 1u);
  BOOST_TEST(got->refused[0].reason == "window ended on 2026-10-01");
  BOOST_TEST(got->unfilled[0].need_id == 7);
}

BOOST_AUTO_TEST_CASE(service_items_go_to_their_departments) {
  ApiFixture f;
  Client window = f.As("window");
  auto request = window.SubmitServiceRequest(42, {"police", "education"}, "落户和子女入学");
  BOOST_TEST_REQUIRE(request.ok(), request.status().ToString());
  BOOST_TEST(request->window == "window");  // the certificate's name
  BOOST_TEST_REQUIRE(request->items.size() == 2u);
  const ServiceItemId police_item = request->items[0].id;
  const ServiceItemId education_item = request->items[1].id;
  // The person in 沈阳 is outside the window's city.
  BOOST_TEST((window.SubmitServiceRequest(43, {"police"}).status().code() ==
              StatusCode::kPermissionDenied));
  BOOST_TEST((window.SubmitServiceRequest(42, {}).status().code() == StatusCode::kInvalidArgument));

  Client police = f.As("police");
  auto received = police.UpdateItem(police_item, ServiceItemStatus::kReceived);
  BOOST_TEST_REQUIRE(received.ok(), received.status().ToString());
  BOOST_TEST((received->status == ServiceItemStatus::kReceived));
  auto delayed =
      police.UpdateItem(police_item, ServiceItemStatus::kDelayed, "材料待补", Date{2026, 12, 9});
  BOOST_TEST_REQUIRE(delayed.ok(), delayed.status().ToString());
  BOOST_TEST((delayed->promised == Date{2026, 12, 9}));
  BOOST_TEST((police.UpdateItem(education_item, ServiceItemStatus::kDone).status().code() ==
              StatusCode::kPermissionDenied));
  BOOST_TEST((police.UpdateItem(police_item, ServiceItemStatus::kSubmitted).status().code() ==
              StatusCode::kInvalidArgument));
  // The department sees the request its item belongs to; the window sees its progress.
  BOOST_TEST(police.GetServiceRequest(request->id).ok());
  auto progress = window.GetServiceRequest(request->id);
  BOOST_TEST_REQUIRE(progress.ok(), progress.status().ToString());
  BOOST_TEST((progress->items[0].status == ServiceItemStatus::kDelayed));
  auto archive = window.GetServiceArchive(42);
  BOOST_TEST_REQUIRE(archive.ok(), archive.status().ToString());
  BOOST_TEST(archive->size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_agency_over_its_rate_is_told_when_to_retry_and_others_go_on) {
  ApiFixture f;
  Client busy = f.As("busy");
  int ok = 0;
  Status refused;
  for (int i = 0; i < 8; ++i) {
    auto person = busy.GetPerson(42);
    if (person.ok()) {
      ++ok;
    } else if (refused.ok()) {
      refused = person.status();
    }
  }
  // A burst of 5 and 5 a second: the eight calls take well under 200 ms, so at most 5 + 1 pass.
  BOOST_TEST(ok >= 5);
  BOOST_TEST(ok <= 6);
  BOOST_TEST((refused.code() == StatusCode::kResourceExhausted), refused.ToString());
  BOOST_TEST(refused.message().find("retry in") != std::string::npos);
  BOOST_TEST((f.LastCall().code == StatusCode::kResourceExhausted));
  // Another agency is not held back, and the busy one gets in again after a pause.
  BOOST_TEST(f.As("police").GetPerson(42).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(450));
  BOOST_TEST(busy.GetPerson(42).ok());
}

BOOST_AUTO_TEST_CASE(the_rate_limiter_refills_at_the_rate_up_to_the_burst) {
  std::map<std::string, AgencyRights> rights;
  rights["a"].rate_per_second = 2;
  rights["a"].burst = 3;
  internal::RateLimiter limiter(&rights);
  const auto t0 = internal::RateLimiter::Clock::time_point(std::chrono::seconds(100));
  for (int i = 0; i < 3; ++i) BOOST_TEST(limiter.Take("a", t0).count() == 0);
  BOOST_TEST(limiter.Take("a", t0).count() == 500);  // one token at 2 a second
  BOOST_TEST(limiter.Take("a", t0 + std::chrono::milliseconds(250)).count() == 250);
  BOOST_TEST(limiter.Take("a", t0 + std::chrono::milliseconds(500)).count() == 0);
  // Ten idle seconds refill only up to the burst.
  const auto t1 = t0 + std::chrono::seconds(10);
  for (int i = 0; i < 3; ++i) BOOST_TEST(limiter.Take("a", t1).count() == 0);
  BOOST_TEST(limiter.Take("a", t1).count() > 0);
  // No rate configured: never limited.
  for (int i = 0; i < 100; ++i) BOOST_TEST(limiter.Take("b", t0).count() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace huicai::exchange
