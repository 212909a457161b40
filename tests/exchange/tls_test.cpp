// Mutual TLS end to end: a real Server on loopback with certificates from the development CA
// (exchange/certs.h), called by the C++ Client. Known agencies get in and are named in the call
// log; no certificate, another CA, an expired or revoked certificate, or a name not on the list
// are refused before any handler runs, and the server keeps serving the others.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "exchange/certs.h"
#include "exchange/client.h"
#include "exchange/server.h"
#include "fake_backend.h"
#include "samples.h"

namespace huicai::exchange {
namespace {

namespace fs = std::filesystem;

struct TlsFixture {
  TlsFixture() {
    std::random_device rd;
    dir = fs::temp_directory_path() / ("huicai-tls-" + std::to_string(rd()));
    other = dir / "other-ca";
    CertsOptions options;
    options.dir = dir / "ca";
    options.agencies = {"education", "police", "tax", "stranger"};
    auto made = InitCertificates(options);
    BOOST_TEST_REQUIRE(made.ok(), made.status().ToString());
    ca = *made;
    CertsOptions foreign = options;
    foreign.dir = other;
    foreign.agencies = {"education"};
    auto made_other = InitCertificates(foreign);
    BOOST_TEST_REQUIRE(made_other.ok(), made_other.status().ToString());

    backend.AddTalent(testing::SampleTalent(42));  // works in 371302 (临沂)
    Talent far = testing::SampleTalent(43);
    far.region_code = "210102";  // 沈阳
    backend.AddTalent(far);
    ServerOptions server_options;
    server_options.port = 0;
    server_options.tls = ServerTls{ca.server_cert,
                                   ca.server_key,
                                   ca.ca_cert,
                                   ca.crl,
                                   {"education", "police", "tax"},  // "stranger" not let in
                                   Rights()};
    server_options.on_call = [this](const CallRecord& record) {
      std::lock_guard<std::mutex> lock(calls_mutex);
      calls.push_back(record);
    };
    auto started = Server::Start(backend, server_options);
    BOOST_TEST_REQUIRE(started.ok(), started.status().ToString());
    server = std::move(started).value();
  }
  ~TlsFixture() {
    server.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  // education: the searches, lookups and getTalent, three talent fields and the mobile whole,
  // the ID number masked, Shandong only; tax: getTalent and lookups, every field; police: let
  // in but granted nothing.
  static std::map<std::string, AgencyRights> Rights() {
    std::map<std::string, AgencyRights> rights;
    rights["education"].methods = {"getTalent",   "searchTalents",  "searchTalentPage",
                                   "searchNeeds", "searchStations", "lookupTalent"};
    rights["education"].fields = {"name", "tier", "regionCode", "mobile"};
    rights["education"].masked = {"idNumber"};
    rights["education"].regions = {"37"};
    rights["tax"].methods = {"getTalent", "lookupTalent"};
    rights["tax"].fields = {"*"};
    return rights;
  }

  ClientTls As(const std::string& agency, const fs::path& from) const {
    return ClientTls{from / (agency + ".pem"), from / (agency + ".key"), from / "ca.pem"};
  }
  // The first call's outcome for a client with these files.
  Status Call(const std::optional<ClientTls>& tls) {
    auto client = Client::Connect("localhost", server->port(), 5000, tls);
    if (!client.ok()) return client.status();
    auto talent = client->GetTalent(42);
    return talent.status();
  }
  std::vector<CallRecord> Calls() {
    std::lock_guard<std::mutex> lock(calls_mutex);
    return calls;
  }

  fs::path dir, other;
  CertsReport ca;
  testing::FakeBackend backend;
  std::mutex calls_mutex;
  std::vector<CallRecord> calls;
  std::unique_ptr<Server> server;
};

BOOST_AUTO_TEST_SUITE(mutual_tls)

BOOST_AUTO_TEST_CASE(a_known_agency_gets_in_and_is_named_in_the_call_log) {
  TlsFixture f;
  const Status status = f.Call(f.As("education", f.dir / "ca"));
  BOOST_TEST_REQUIRE(status.ok(), status.ToString());
  const auto calls = f.Calls();
  BOOST_REQUIRE_EQUAL(calls.size(), 1u);
  BOOST_TEST(calls[0].method == "getTalent");
  BOOST_TEST(calls[0].agency == "education");
}

BOOST_AUTO_TEST_CASE(refuses_every_bad_certificate_before_any_handler_runs) {
  TlsFixture f;
  // Expired nine days ago, and revoked: both issued by the right CA.
  auto expired = IssueCertificate(f.dir / "ca", "expired", /*client=*/true, -10, 1);
  BOOST_TEST_REQUIRE(expired.ok(), expired.status().ToString());
  BOOST_TEST_REQUIRE(RevokeCertificate(f.dir / "ca", f.dir / "ca" / "police.pem").ok());
  // The server read the CRL at start: restart it so the revocation is in force.
  {
    ServerOptions options;
    options.port = 0;
    options.tls = ServerTls{f.ca.server_cert,
                            f.ca.server_key,
                            f.ca.ca_cert,
                            f.ca.crl,
                            {"education", "police", "tax", "expired"},
                            TlsFixture::Rights()};
    options.on_call = [&f](const CallRecord& record) {
      std::lock_guard<std::mutex> lock(f.calls_mutex);
      f.calls.push_back(record);
    };
    f.server.reset();
    auto started = Server::Start(f.backend, options);
    BOOST_TEST_REQUIRE(started.ok(), started.status().ToString());
    f.server = std::move(started).value();
  }
  struct Case {
    const char* what;
    std::optional<ClientTls> tls;
  };
  const std::vector<Case> cases = {
      {"no certificate at all (plain TCP)", std::nullopt},
      {"a certificate of another CA", f.As("education", f.other)},
      {"an expired certificate", f.As("expired", f.dir / "ca")},
      {"a revoked certificate", f.As("police", f.dir / "ca")},
      {"a name the server does not let in", f.As("stranger", f.dir / "ca")},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      const Status status = f.Call(c.tls);
      BOOST_TEST(!status.ok());
      BOOST_TEST((status.code() == StatusCode::kUnavailable), status.ToString());
    }
  }
  BOOST_TEST(f.Calls().empty());  // no handler ran for any of them
  // The server still serves a good agency afterwards.
  const Status good = f.Call(f.As("tax", f.dir / "ca"));
  BOOST_TEST(good.ok(), good.ToString());
  BOOST_REQUIRE_EQUAL(f.Calls().size(), 1u);
  BOOST_TEST(f.Calls()[0].agency == "tax");
}

BOOST_AUTO_TEST_CASE(a_server_without_agencies_or_with_a_missing_file_does_not_start) {
  TlsFixture f;
  ServerOptions options;
  options.port = 0;
  options.tls = ServerTls{f.ca.server_cert, f.ca.server_key, f.ca.ca_cert, f.ca.crl, {}, {}};
  auto none = Server::Start(f.backend, options);
  BOOST_TEST((none.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(none.status().message().find("default deny") != std::string::npos);
  options.tls->agencies = {"education"};
  options.tls->key = f.dir / "no-such.key";
  auto missing = Server::Start(f.backend, options);
  BOOST_TEST((missing.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(missing.status().message().find("TLS") != std::string::npos,
             missing.status().ToString());
}

BOOST_AUTO_TEST_CASE(each_agency_sees_only_the_calls_fields_and_regions_granted) {
  TlsFixture f;
  // education: the fields granted, the others empty; personId always.
  auto education =
      Client::Connect("localhost", f.server->port(), 5000, f.As("education", f.dir / "ca"));
  BOOST_TEST_REQUIRE(education.ok(), education.status().ToString());
  auto seen = education->GetTalent(42);
  BOOST_TEST_REQUIRE(seen.ok(), seen.status().ToString());
  BOOST_TEST(seen->person_id == 42);
  BOOST_TEST(seen->name == "王晓明");
  BOOST_TEST(seen->region_code == "371302");
  BOOST_TEST(seen->card_number.empty());  // not granted
  BOOST_TEST(seen->employer.empty());
  BOOST_TEST(seen->specialties.empty());
  // A talent outside Shandong is refused, and left out of searches.
  auto far = education->GetTalent(43);
  BOOST_TEST((far.status().code() == StatusCode::kPermissionDenied), far.status().ToString());
  TalentSearch everything;
  everything.limit = 10;
  auto hits = education->SearchTalents(everything);
  BOOST_TEST_REQUIRE(hits.ok(), hits.status().ToString());
  for (const auto& hit : *hits) BOOST_TEST(hit.talent.region_code.starts_with("37"));
  // A call not granted is refused with a message naming the agency and the call.
  Need need = testing::SampleNeed();
  auto posted = education->PostNeed(need);
  BOOST_TEST((posted.status().code() == StatusCode::kPermissionDenied));
  BOOST_TEST(posted.status().message().find("education") != std::string::npos);
  BOOST_TEST(posted.status().message().find("postNeed") != std::string::npos);
  // tax sees every field; police is let in but granted nothing (default deny).
  auto tax = Client::Connect("localhost", f.server->port(), 5000, f.As("tax", f.dir / "ca"));
  BOOST_TEST_REQUIRE(tax.ok(), tax.status().ToString());
  auto full = tax->GetTalent(42);
  BOOST_TEST_REQUIRE(full.ok(), full.status().ToString());
  BOOST_TEST(full->card_number == "SD2023B000123");
  auto police = Client::Connect("localhost", f.server->port(), 5000, f.As("police", f.dir / "ca"));
  BOOST_TEST_REQUIRE(police.ok(), police.status().ToString());
  BOOST_TEST((police->GetTalent(42).status().code() == StatusCode::kPermissionDenied));
  // Every one of those calls is in the call log under its agency, with what it was about and
  // which fields went out.
  bool saw_education_read = false;
  for (const CallRecord& call : f.Calls()) {
    BOOST_TEST(!call.agency.empty());
    if (call.agency == "education" && call.method == "getTalent" && call.code == StatusCode::kOk) {
      saw_education_read = true;
      BOOST_TEST((call.subjects == std::vector<std::string>{"person:42"}));
      BOOST_TEST((call.fields == std::vector<std::string>{"name", "tier", "regionCode"}));
    }
  }
  BOOST_TEST(saw_education_read);
}

BOOST_AUTO_TEST_CASE(pages_totals_and_facets_stay_inside_the_agency_regions) {
  TlsFixture f;
  Need here = testing::SampleNeed();  // 371321
  here.title = "果树技术指导";
  f.backend.AddNeed(here);
  Need far = here;
  far.id = 18;
  far.region_code = "210102";
  f.backend.AddNeed(far);
  auto education =
      Client::Connect("localhost", f.server->port(), 5000, f.As("education", f.dir / "ca"));
  BOOST_TEST_REQUIRE(education.ok(), education.status().ToString());
  TalentSearch everything;
  everything.limit = 10;
  everything.facets = true;
  auto page = education->SearchTalentPage(everything);
  BOOST_TEST_REQUIRE(page.ok(), page.status().ToString());
  // The search itself ran inside Shandong: the Shenyang talent is neither a hit nor counted.
  BOOST_TEST((f.backend.LastTalentSearch().allowed_regions == std::vector<std::string>{"37"}));
  BOOST_TEST(page->estimated_total == 1u);
  BOOST_TEST_REQUIRE(page->hits.size() == 1u);
  BOOST_TEST(page->hits[0].talent.person_id == 42);
  BOOST_TEST_REQUIRE(page->facets.has_value());
  BOOST_TEST((page->facets->county == std::map<std::string, std::size_t>{{"371302", 1}}));
  // education does not see specialties, so the snippet quoting them is not sent.
  BOOST_TEST(page->hits[0].snippet.empty());
  search::NeedQuery needs;
  needs.text = "果树";
  needs.facets = true;
  auto found = education->SearchNeeds(needs);
  BOOST_TEST_REQUIRE(found.ok(), found.status().ToString());
  BOOST_TEST(found->estimated_total == 1u);
  BOOST_TEST_REQUIRE(found->hits.size() == 1u);
  BOOST_TEST(found->hits[0].region_code == "371321");
  BOOST_TEST_REQUIRE(found->facets.has_value());
  BOOST_TEST(found->facets->county.count("210102") == 0u);
  // tax may not search (not granted).
  auto tax = Client::Connect("localhost", f.server->port(), 5000, f.As("tax", f.dir / "ca"));
  BOOST_TEST_REQUIRE(tax.ok());
  BOOST_TEST((tax->SearchTalentPage(everything).status().code() == StatusCode::kPermissionDenied));
}

BOOST_AUTO_TEST_CASE(station_searches_stay_inside_the_agency_regions_and_are_audited) {
  TlsFixture f;
  f.backend.AddStation(testing::SampleStation(5));  // 371328 (蒙阴)
  Station far = testing::SampleStation(6);
  far.name = "沈阳市和平区人才驿站";
  far.region_code = "210102";
  f.backend.AddStation(far);
  auto education =
      Client::Connect("localhost", f.server->port(), 5000, f.As("education", f.dir / "ca"));
  BOOST_TEST_REQUIRE(education.ok(), education.status().ToString());
  search::StationQuery stations;
  stations.text = "人才驿站";
  stations.facets = true;
  auto found = education->SearchStations(stations);
  BOOST_TEST_REQUIRE(found.ok(), found.status().ToString());
  // The search itself ran inside Shandong: the Shenyang station is neither a hit nor counted.
  BOOST_TEST((f.backend.LastStationQuery().region_any == std::vector<std::string>{"37"}));
  BOOST_TEST(found->estimated_total == 1u);
  BOOST_TEST_REQUIRE(found->hits.size() == 1u);
  const search::StationHit& hit = found->hits[0];
  BOOST_TEST(hit.station_id == 5);
  BOOST_TEST(hit.name == "蒙阴县蜜桃人才驿站");
  BOOST_TEST(hit.host_unit == "蒙阴县科学技术局");
  BOOST_TEST((hit.type == StationType::kInnovation));
  // A station's description is not personal data: its snippet goes to an agency that does not
  // see talents' specialties.
  BOOST_TEST(hit.snippet == "组织蜜桃栽培专家开展技术对接");
  BOOST_TEST_REQUIRE(found->facets.has_value());
  BOOST_TEST((found->facets->county == std::map<std::string, std::size_t>{{"371328", 1}}));
  BOOST_TEST(found->facets->kind.at("station") == 1u);
  BOOST_TEST(found->facets->type.at("创新型") == 1u);
  // A bad request is refused with the field named, and nothing is searched.
  stations.limit = 5000;
  auto too_many = education->SearchStations(stations);
  BOOST_TEST((too_many.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(too_many.status().message().find("query.limit") != std::string::npos,
             too_many.status().message());
  // tax is not granted searchStations: refused with the agency and the call named.
  auto tax = Client::Connect("localhost", f.server->port(), 5000, f.As("tax", f.dir / "ca"));
  BOOST_TEST_REQUIRE(tax.ok(), tax.status().ToString());
  auto refused = tax->SearchStations(search::StationQuery{});
  BOOST_TEST((refused.status().code() == StatusCode::kPermissionDenied));
  BOOST_TEST(refused.status().message().find("searchStations") != std::string::npos);
  BOOST_TEST(refused.status().message().find("tax") != std::string::npos);
  // Each call is in the call log: the one that answered names the station it returned.
  int logged = 0;
  for (const CallRecord& call : f.Calls()) {
    if (call.method != "searchStations") continue;
    ++logged;
    if (call.agency == "education" && call.code == StatusCode::kOk) {
      BOOST_TEST((call.subjects == std::vector<std::string>{"station:5"}));
    }
  }
  BOOST_TEST(logged == 3);
}

BOOST_AUTO_TEST_CASE(lookups_need_the_number_field_stay_in_the_regions_and_trace_no_number) {
  TlsFixture f;
  f.backend.SetNumbers(42, PersonIdentifiers{"11010519491231002X", "13812345678", {}});  // 临沂
  f.backend.SetNumbers(43, PersonIdentifiers{"110105194912310038", "13912345678", {}});  // 沈阳
  auto education =
      Client::Connect("localhost", f.server->port(), 5000, f.As("education", f.dir / "ca"));
  BOOST_TEST_REQUIRE(education.ok(), education.status().ToString());
  // education sees mobiles whole: it finds the talent by one, shown with its fields only.
  auto found = education->LookupTalent(IdentifierKind::kMobile, "138-1234-5678");
  BOOST_TEST_REQUIRE(found.ok(), found.status().ToString());
  BOOST_TEST((f.backend.LastTalentSearch().allowed_regions == std::vector<std::string>{"37"}));
  BOOST_TEST(found->estimated_total == 1u);
  BOOST_TEST_REQUIRE(found->hits.size() == 1u);
  const Talent& talent = found->hits[0].talent;
  BOOST_TEST(talent.person_id == 42);
  BOOST_TEST(talent.name == "王晓明");
  BOOST_TEST(talent.region_code == "371302");
  BOOST_TEST(talent.card_number.empty());  // not granted
  BOOST_TEST(talent.employer.empty());
  // The Shenyang talent's mobile finds nothing for education: the lookup ran inside Shandong,
  // so the page does not even say the number is a talent's elsewhere.
  auto far = education->LookupTalent(IdentifierKind::kMobile, "13912345678");
  BOOST_TEST_REQUIRE(far.ok(), far.status().ToString());
  BOOST_TEST(far->hits.empty());
  BOOST_TEST(far->estimated_total == 0u);
  // ID numbers education sees masked only, bank cards and talent cards not at all: refused
  // naming the agency, the call and the kind, before anything is searched.
  const std::pair<IdentifierKind, std::string> refused_kinds[] = {
      {IdentifierKind::kIdNumber, "id_number"},
      {IdentifierKind::kBankCard, "bank_card"},
      {IdentifierKind::kTalentCard, "talent_card"}};
  for (const auto& [kind, name] : refused_kinds) {
    auto refused = education->LookupTalent(kind, "11010519491231002X");
    BOOST_TEST((refused.status().code() == StatusCode::kPermissionDenied));
    const std::string message = refused.status().message();
    BOOST_TEST(message.find("\"education\"") != std::string::npos, message);
    BOOST_TEST(message.find("lookupTalent") != std::string::npos, message);
    BOOST_TEST(message.find(name) != std::string::npos, message);
    BOOST_TEST(message.find("11010519491231002X") == std::string::npos, message);
    BOOST_TEST(f.backend.LastTalentSearch().lookup->value == "13912345678");  // the last one
  }
  // A malformed number: INVALID_ARGUMENT with the check named, not the number.
  auto malformed = education->LookupTalent(IdentifierKind::kMobile, "1381234567");
  BOOST_TEST((malformed.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(malformed.status().message() == "mobile: mobile number must have 11 digits, got 10",
             malformed.status().message());
  // tax sees every field and has no regions: it finds the Shenyang talent by its ID number.
  auto tax = Client::Connect("localhost", f.server->port(), 5000, f.As("tax", f.dir / "ca"));
  BOOST_TEST_REQUIRE(tax.ok(), tax.status().ToString());
  auto by_id = tax->LookupTalent(IdentifierKind::kIdNumber, "110105194912310038");
  BOOST_TEST_REQUIRE(by_id.ok(), by_id.status().ToString());
  BOOST_TEST_REQUIRE(by_id->hits.size() == 1u);
  BOOST_TEST(by_id->hits[0].talent.person_id == 43);
  BOOST_TEST(by_id->hits[0].talent.card_number == "SD2023B000123");
  BOOST_TEST(f.backend.LastTalentSearch().allowed_regions.empty());
  // police is not granted the call at all.
  auto police = Client::Connect("localhost", f.server->port(), 5000, f.As("police", f.dir / "ca"));
  BOOST_TEST_REQUIRE(police.ok(), police.status().ToString());
  auto not_granted = police->LookupTalent(IdentifierKind::kMobile, "13812345678");
  BOOST_TEST((not_granted.status().code() == StatusCode::kPermissionDenied));
  BOOST_TEST(not_granted.status().message().find("lookupTalent") != std::string::npos);
  // The call log: each lookup under its agency with the kind and the persons found; a refused
  // kind is logged with its kind; no number anywhere.
  int logged = 0;
  for (const CallRecord& call : f.Calls()) {
    if (call.method != "lookupTalent") continue;
    ++logged;
    std::string all = call.agency + " " + call.message;
    for (const std::string& s : call.subjects) all += " " + s;
    for (const std::string& s : call.fields) all += " " + s;
    for (const char* number : {"11010519491231002X", "110105194912310038", "13812345678",
                               "1234-5678", "13912345678", "1381234567"}) {
      BOOST_TEST(all.find(number) == std::string::npos, number << " traced: " << all);
    }
    if (call.agency == "education" && call.code == StatusCode::kOk && call.subjects.size() == 2) {
      BOOST_TEST((call.subjects == std::vector<std::string>{"lookup:mobile", "person:42"}));
      BOOST_TEST((call.fields == std::vector<std::string>{"name", "tier", "regionCode"}));
    }
    if (call.agency == "education" && call.code == StatusCode::kPermissionDenied) {
      BOOST_TEST_REQUIRE(call.subjects.size() == 1u);
      BOOST_TEST(call.subjects[0].starts_with("lookup:"));
    }
  }
  BOOST_TEST(logged == 8);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace huicai::exchange
