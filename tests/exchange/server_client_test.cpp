// A real Server on a free loopback port over an in-memory Backend, called by the C++ Client.
#define BOOST_TEST_MODULE exchange_test
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "exchange/client.h"
#include "exchange/server.h"
#include "fake_backend.h"
#include "net_util.h"
#include "samples.h"

namespace huicai::exchange {
namespace {

struct ServerFixture {
  explicit ServerFixture(ServerOptions options = {}) {
    backend.AddTalent(testing::SampleTalent(42));
    backend.AddTalent(testing::SampleTalent(43));
    Talent other = testing::SampleTalent(44);
    other.region_code = "210102";
    other.tier = TalentTier::kA;
    other.specialties = "海水 养殖";
    backend.AddTalent(other);
    backend.AddProposals(17, {testing::SampleProposal(17, 42), testing::SampleProposal(17, 43)});
    backend.AddProposals(18, {});
    options.port = 0;
    options.on_call = [this](const CallRecord& record) {
      std::lock_guard<std::mutex> lock(calls_mutex);
      calls.push_back(record);
    };
    auto started = Server::Start(backend, options);
    BOOST_TEST_REQUIRE(started.ok(), started.status().ToString());
    server = std::move(started).value();
  }

  Client Connect() {
    auto client = Client::Connect("127.0.0.1", server->port(), 5000);
    BOOST_TEST_REQUIRE(client.ok(), client.status().ToString());
    return std::move(client).value();
  }

  std::vector<CallRecord> Calls() {
    std::lock_guard<std::mutex> lock(calls_mutex);
    return calls;
  }

  testing::FakeBackend backend;
  std::mutex calls_mutex;
  std::vector<CallRecord> calls;
  std::unique_ptr<Server> server;
};

BOOST_AUTO_TEST_SUITE(server_and_client)

BOOST_AUTO_TEST_CASE(verify_card_says_valid_tier_and_whether_the_holder_matches) {
  ServerFixture f;
  const std::string holder = "11010519491231002X";
  f.backend.SetHolderId(42, holder);
  Client client = f.Connect();
  const std::string card = testing::SampleTalent(42).card_number;
  auto check = client.VerifyCard(card, "11010519491231002x");  // lower-case x is normalised
  BOOST_TEST_REQUIRE(check.ok(), check.status().ToString());
  BOOST_TEST(check->valid);
  BOOST_TEST(check->holder_matches);
  BOOST_TEST(check->person_id == 42);
  BOOST_TEST((check->tier == testing::SampleTalent(42).tier));
  auto other = client.VerifyCard(card, "110105194912310038");  // valid, not the holder
  BOOST_TEST_REQUIRE(other.ok(), other.status().ToString());
  BOOST_TEST(other->valid);
  BOOST_TEST(!other->holder_matches);
  auto unknown = client.VerifyCard("SD0000X000000", holder);
  BOOST_TEST_REQUIRE(unknown.ok(), unknown.status().ToString());
  BOOST_TEST(!unknown->valid);
  auto bad = client.VerifyCard(card, "110105194912310022");  // wrong check character
  BOOST_TEST((bad.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(bad.status().message().find("check") != std::string::npos, bad.status().message());
  BOOST_TEST(bad.status().message().find("110105194912310022") == std::string::npos);
  // The call log names the holder by person id only.
  bool logged = false;
  for (const CallRecord& call : f.Calls()) {
    if (call.method == "verifyCard" && call.code == StatusCode::kOk) {
      logged = true;
      for (const std::string& subject : call.subjects) BOOST_TEST(subject == "person:42");
    }
  }
  BOOST_TEST(logged);
}

BOOST_AUTO_TEST_CASE(policy_articles_travel_whole_and_are_audited_by_document) {
  ServerFixture f;
  search::PolicyHit hit;
  hit.article_id = 7016;
  hit.document_id = 4;
  hit.relevance = 3.5;
  hit.title = "关于印发《威海市高层次人才驿站管理暂行办法》的通知";
  hit.doc_number = "威人组发〔2020〕10号";
  hit.number = "第十六条";
  hit.heading = "第五章 监督管理";
  hit.part = "威海市高层次人才驿站管理暂行办法";
  hit.snippet = "高层次【人才驿站】实行定期【评估】";
  f.backend.AddPolicyHit(hit);
  Client client = f.Connect();
  search::PolicyQuery q;
  q.text = "评估";
  auto page = client.SearchPolicies(q);
  BOOST_TEST_REQUIRE(page.ok(), page.status().ToString());
  BOOST_REQUIRE_EQUAL(page->hits.size(), 1u);
  const search::PolicyHit& back = page->hits[0];
  BOOST_TEST(back.article_id == 7016);
  BOOST_TEST(back.document_id == 4);
  BOOST_TEST(back.title == hit.title);
  BOOST_TEST(back.doc_number == hit.doc_number);
  BOOST_TEST(back.number == "第十六条");
  BOOST_TEST(back.heading == hit.heading);
  BOOST_TEST(back.part == hit.part);
  BOOST_TEST(back.snippet == hit.snippet);
  BOOST_TEST(back.rank == 1);
  BOOST_TEST(page->estimated_total == 1u);
  q.limit = 5000;
  auto too_many = client.SearchPolicies(q);
  BOOST_TEST((too_many.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(too_many.status().message().find("query.limit") != std::string::npos);
  bool logged = false;
  for (const CallRecord& call : f.Calls()) {
    if (call.method == "searchPolicies" && call.code == StatusCode::kOk) {
      logged = call.subjects == std::vector<std::string>{"policy:4"};
    }
  }
  BOOST_TEST(logged);
}

BOOST_AUTO_TEST_CASE(stations_travel_whole_and_a_bad_query_is_refused_precisely) {
  ServerFixture f;
  const Station station = testing::SampleStation(5);
  f.backend.AddStation(station);
  Station base = testing::SampleStation(6);
  base.name = "费县中医药专家服务基地";
  base.kind = StationKind::kServiceBase;
  base.type = StationType::kComprehensive;
  base.region_code = "371325";
  base.description = "中医药专家义诊";
  f.backend.AddStation(base);
  Client client = f.Connect();
  search::StationQuery q;
  q.text = "蜜桃";
  q.region_prefix = "3713";
  q.kind = StationKind::kStation;
  q.type = StationType::kInnovation;
  q.facets = true;
  auto page = client.SearchStations(q);
  BOOST_TEST_REQUIRE(page.ok(), page.status().ToString());
  // The backend got the query as sent; a plain connection is not bounded by regions.
  const search::StationQuery seen = f.backend.LastStationQuery();
  BOOST_TEST(seen.text == "蜜桃");
  BOOST_TEST(seen.region_prefix == "3713");
  BOOST_TEST((seen.kind == StationKind::kStation));
  BOOST_TEST((seen.type == StationType::kInnovation));
  BOOST_TEST(seen.facets);
  BOOST_TEST(seen.region_any.empty());
  BOOST_REQUIRE_EQUAL(page->hits.size(), 1u);
  const search::StationHit& hit = page->hits[0];
  BOOST_TEST(hit.station_id == 5);
  BOOST_TEST(hit.name == station.name);
  BOOST_TEST(hit.host_unit == station.host_unit);
  BOOST_TEST(hit.region_code == station.region_code);
  BOOST_TEST((hit.kind == StationKind::kStation));
  BOOST_TEST((hit.type == StationType::kInnovation));
  BOOST_TEST(hit.snippet == station.description);
  BOOST_TEST((hit.matched_terms == std::vector<std::string>{"蜜桃"}));
  BOOST_TEST(hit.rank == 1);
  BOOST_TEST(page->estimated_total == 1u);
  BOOST_TEST_REQUIRE(page->facets.has_value());
  BOOST_TEST(page->facets->kind.at("station") == 1u);
  // Bases too, when asked by kind.
  search::StationQuery bases;
  bases.kind = StationKind::kServiceBase;
  auto found = client.SearchStations(bases);
  BOOST_TEST_REQUIRE(found.ok(), found.status().ToString());
  BOOST_REQUIRE_EQUAL(found->hits.size(), 1u);
  BOOST_TEST(found->hits[0].name == "费县中医药专家服务基地");
  BOOST_TEST(!found->facets.has_value());  // none asked, none sent
  // A limit out of range and a text that does not parse: INVALID_ARGUMENT, the cause named.
  q.limit = 5000;
  auto too_many = client.SearchStations(q);
  BOOST_TEST((too_many.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(too_many.status().message().find("query.limit") != std::string::npos);
  q.limit = 10;
  q.text = "(";
  auto unparsed = client.SearchStations(q);
  BOOST_TEST((unparsed.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(unparsed.status().message() == "query text: unbalanced '(' at 1");
  bool logged = false;
  for (const CallRecord& call : f.Calls()) {
    if (call.method == "searchStations" && call.code == StatusCode::kOk && !logged) {
      logged = call.subjects == std::vector<std::string>{"station:5"};
    }
  }
  BOOST_TEST(logged);
}

// Whether any trace of a call (method, peer, agency, subjects, fields, message) holds `text`.
bool Traced(const std::vector<CallRecord>& calls, const std::string& text) {
  for (const CallRecord& call : calls) {
    std::string all = call.method + " " + call.peer + " " + call.agency + " " + call.message;
    for (const std::string& s : call.subjects) all += " " + s;
    for (const std::string& s : call.fields) all += " " + s;
    if (all.find(text) != std::string::npos) return true;
  }
  return false;
}

BOOST_AUTO_TEST_CASE(talents_are_looked_up_by_each_kind_of_number_and_no_number_is_traced) {
  ServerFixture f;
  const std::string id_number = "11010519491231002X";
  const std::string mobile = "13812345678";
  const std::string bank_card = "6228480012345678903";
  f.backend.SetNumbers(42, PersonIdentifiers{id_number, mobile, {bank_card}});
  f.backend.SetNumbers(43, PersonIdentifiers{"110105194912310038", "13912345678", {}});
  for (PersonId other : {43, 44}) {  // the samples share one talent card: give them their own
    Result<Talent> talent = f.backend.GetTalent(other);
    BOOST_TEST_REQUIRE(talent.ok());
    talent->card_number = "SD2023B00012" + std::to_string(other);
    f.backend.AddTalent(*talent);
  }
  Client client = f.Connect();
  // Each kind as a person types it: lower-case x, +86 and spaces, card in groups.
  const std::pair<IdentifierKind, std::string> asked[] = {
      {IdentifierKind::kIdNumber, "11010519491231002x"},
      {IdentifierKind::kMobile, "+86 138 1234 5678"},
      {IdentifierKind::kBankCard, "6228 4800 1234 5678 903"},
      {IdentifierKind::kTalentCard, testing::SampleTalent(42).card_number}};
  for (const auto& [kind, number] : asked) {
    auto page = client.LookupTalent(kind, number);
    BOOST_TEST_REQUIRE(page.ok(), page.status().ToString());
    // The number reached the backend as typed, with nothing else to narrow or widen it.
    const TalentSearch seen = f.backend.LastTalentSearch();
    BOOST_TEST_REQUIRE(seen.lookup.has_value());
    BOOST_TEST((seen.lookup->kind == kind));
    BOOST_TEST(seen.lookup->value == number);
    BOOST_TEST(seen.text.empty());
    BOOST_TEST(seen.allowed_regions.empty());  // a plain connection: no agency, no bounds
    BOOST_TEST(seen.limit == 10u);
    BOOST_TEST(!seen.facets);
    BOOST_TEST(page->estimated_total == 1u);
    BOOST_TEST_REQUIRE(page->hits.size() == 1u);
    testing::CheckSameTalent(page->hits[0].talent, testing::SampleTalent(42));  // whole
  }
  // A valid number nobody holds is an empty page, not an error.
  auto nobody = client.LookupTalent(IdentifierKind::kMobile, "13700000000");
  BOOST_TEST_REQUIRE(nobody.ok(), nobody.status().ToString());
  BOOST_TEST(nobody->hits.empty());
  BOOST_TEST(nobody->estimated_total == 0u);
  // A malformed number: INVALID_ARGUMENT with the backend's message naming the failed check.
  const std::string bad_id = "110105194912310021";  // wrong check character
  auto bad = client.LookupTalent(IdentifierKind::kIdNumber, bad_id);
  BOOST_TEST((bad.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(bad.status().message() == "ID number: check character is 1 but should be X",
             bad.status().message());
  const std::string bad_card = "6228480012345678904";  // fails the Luhn check
  auto luhn = client.LookupTalent(IdentifierKind::kBankCard, bad_card);
  BOOST_TEST((luhn.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(luhn.status().message().find("Luhn") != std::string::npos, luhn.status().message());
  // A kind this server does not know (a newer client): refused by name, nothing searched.
  auto unknown = client.LookupTalent(static_cast<IdentifierKind>(9), mobile);
  BOOST_TEST((unknown.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(unknown.status().message().find("kind: unknown value 9") != std::string::npos,
             unknown.status().message());
  // A search cannot carry a number: the client refuses it rather than search without it.
  TalentSearch smuggled;
  smuggled.lookup = search::TalentQuery::Lookup{IdentifierKind::kIdNumber, id_number};
  auto refused = client.SearchTalentPage(smuggled);
  BOOST_TEST((refused.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(refused.status().message().find("LookupTalent") != std::string::npos);
  BOOST_TEST((client.SearchTalents(smuggled).status().code() == StatusCode::kInvalidArgument));
  // The call log names the kind and the persons found, never a number: not as typed, not
  // normalised, not the malformed ones.
  const std::vector<CallRecord> calls = f.Calls();
  int lookups = 0;
  for (const CallRecord& call : calls) {
    if (call.method != "lookupTalent") continue;
    ++lookups;
    if (call.message.find("unknown value") != std::string::npos) continue;  // no kind to name
    BOOST_TEST_REQUIRE(!call.subjects.empty());
    BOOST_TEST(call.subjects[0].starts_with("lookup:"), call.subjects[0]);
  }
  BOOST_TEST(lookups == 8);
  bool by_id = false;
  for (const CallRecord& call : calls) {
    if (call.method == "lookupTalent" && call.code == StatusCode::kOk &&
        call.subjects == std::vector<std::string>{"lookup:id_number", "person:42"}) {
      by_id = true;
      BOOST_TEST((call.fields == std::vector<std::string>{"*"}));
    }
  }
  BOOST_TEST(by_id);
  for (const std::string& number :
       {id_number, std::string("11010519491231002x"), mobile, std::string("138 1234 5678"),
        bank_card, std::string("6228 4800 1234 5678 903"), std::string("13700000000"), bad_id,
        bad_card}) {
    BOOST_TEST(!Traced(calls, number), number << " is in the call log");
    BOOST_TEST(bad.status().message().find(number) == std::string::npos);
    BOOST_TEST(luhn.status().message().find(number) == std::string::npos);
    BOOST_TEST(unknown.status().message().find(number) == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(picks_a_free_port_and_reports_the_api_version) {
  ServerFixture f;
  BOOST_TEST(f.server->port() > 0);
  Client client = f.Connect();
  Result<std::string> version = client.ApiVersion();
  BOOST_TEST_REQUIRE(version.ok(), version.status().ToString());
  BOOST_TEST(*version == "1.6");
}

BOOST_AUTO_TEST_CASE(get_talent_round_trips_every_field) {
  ServerFixture f;
  Client client = f.Connect();
  Result<Talent> talent = client.GetTalent(42);
  BOOST_TEST_REQUIRE(talent.ok(), talent.status().ToString());
  testing::CheckSameTalent(*talent, testing::SampleTalent(42));
}

BOOST_AUTO_TEST_CASE(missing_talent_comes_back_as_not_found_with_the_message) {
  ServerFixture f;
  Client client = f.Connect();
  Result<Talent> talent = client.GetTalent(999);
  BOOST_TEST_REQUIRE(!talent.ok());
  BOOST_TEST(talent.error().code() == StatusCode::kNotFound);
  BOOST_TEST(talent.error().message() == "no talent with person id 999");
  // The connection stays usable after an error reply.
  BOOST_TEST(client.GetTalent(42).ok());
}

BOOST_AUTO_TEST_CASE(non_positive_person_id_is_invalid_argument) {
  ServerFixture f;
  Client client = f.Connect();
  Result<Talent> talent = client.GetTalent(0);
  BOOST_TEST_REQUIRE(!talent.ok());
  BOOST_TEST(talent.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(talent.error().message().find("personId") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(post_need_returns_new_id_and_backend_sees_every_field) {
  ServerFixture f;
  Client client = f.Connect();
  Result<NeedId> id = client.PostNeed(testing::SampleNeed());
  BOOST_TEST_REQUIRE(id.ok(), id.status().ToString());
  BOOST_TEST(*id == 1001);
  const std::vector<Need> posted = f.backend.posted();
  BOOST_TEST_REQUIRE(posted.size() == 1u);
  testing::CheckSameNeed(posted[0], testing::SampleNeed());
}

BOOST_AUTO_TEST_CASE(invalid_need_comes_back_as_invalid_argument_with_the_message) {
  ServerFixture f;
  Client client = f.Connect();
  Need need = testing::SampleNeed();
  need.headcount = 0;
  Result<NeedId> id = client.PostNeed(need);
  BOOST_TEST_REQUIRE(!id.ok());
  BOOST_TEST(id.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(id.error().message() == "need.headcount: 0 is not at least 1");
  BOOST_TEST(f.backend.posted().empty());
}

BOOST_AUTO_TEST_CASE(search_filters_by_region_tier_and_limit) {
  ServerFixture f;
  Client client = f.Connect();
  TalentSearch query;
  query.region_prefix = "3713";
  Result<std::vector<TalentSearchHit>> hits = client.SearchTalents(query);
  BOOST_TEST_REQUIRE(hits.ok(), hits.status().ToString());
  BOOST_TEST_REQUIRE(hits->size() == 2u);
  BOOST_TEST((*hits)[0].talent.person_id == 42);
  BOOST_TEST((*hits)[0].relevance == 1.0 / 42);
  testing::CheckSameTalent((*hits)[1].talent, testing::SampleTalent(43));

  query.region_prefix.clear();
  query.tier = TalentTier::kA;
  hits = client.SearchTalents(query);
  BOOST_TEST_REQUIRE(hits.ok());
  BOOST_TEST_REQUIRE(hits->size() == 1u);
  BOOST_TEST((*hits)[0].talent.person_id == 44);

  query.tier.reset();
  query.limit = 1;
  hits = client.SearchTalents(query);
  BOOST_TEST_REQUIRE(hits.ok());
  BOOST_TEST(hits->size() == 1u);
}

BOOST_AUTO_TEST_CASE(search_with_too_large_limit_or_bad_query_is_invalid_argument) {
  ServerFixture f;
  Client client = f.Connect();
  TalentSearch query;
  query.limit = 5000;
  auto hits = client.SearchTalents(query);
  BOOST_TEST_REQUIRE(!hits.ok());
  BOOST_TEST(hits.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(hits.error().message().find("query.limit") != std::string::npos);

  query.limit = 10;
  query.text = "(";
  hits = client.SearchTalents(query);
  BOOST_TEST_REQUIRE(!hits.ok());
  BOOST_TEST(hits.error().message() == "query text: unbalanced '(' at 1");
}

BOOST_AUTO_TEST_CASE(list_proposals_carries_score_parts) {
  ServerFixture f;
  Client client = f.Connect();
  Result<std::vector<Proposal>> proposals = client.ListProposals(17);
  BOOST_TEST_REQUIRE(proposals.ok(), proposals.status().ToString());
  BOOST_TEST_REQUIRE(proposals->size() == 2u);
  testing::CheckSameProposal((*proposals)[0], testing::SampleProposal(17, 42));
  testing::CheckSameProposal((*proposals)[1], testing::SampleProposal(17, 43));

  Result<std::vector<Proposal>> none = client.ListProposals(18);
  BOOST_TEST_REQUIRE(none.ok());
  BOOST_TEST(none->empty());
  BOOST_TEST(client.ListProposals(19).error().code() == StatusCode::kNotFound);
}

BOOST_AUTO_TEST_CASE(backend_exception_becomes_internal_and_server_keeps_serving) {
  ServerFixture f;
  Client client = f.Connect();
  f.backend.ThrowOnGetTalent(true);
  Result<Talent> talent = client.GetTalent(42);
  BOOST_TEST_REQUIRE(!talent.ok());
  BOOST_TEST(talent.error().code() == StatusCode::kInternal);
  BOOST_TEST(talent.error().message().find("fake backend exploded") != std::string::npos);
  f.backend.ThrowOnGetTalent(false);
  BOOST_TEST(client.GetTalent(42).ok());
  BOOST_TEST(f.Connect().GetTalent(43).ok());
}

BOOST_AUTO_TEST_CASE(call_hook_sees_method_peer_and_outcome) {
  ServerFixture f;
  {
    Client client = f.Connect();
    BOOST_TEST(client.GetTalent(42).ok());
    BOOST_TEST(!client.GetTalent(999).ok());
  }
  const std::vector<CallRecord> calls = f.Calls();
  BOOST_TEST_REQUIRE(calls.size() == 2u);
  BOOST_TEST(calls[0].method == "getTalent");
  BOOST_TEST(calls[0].code == StatusCode::kOk);
  BOOST_TEST(calls[0].peer.rfind("127.0.0.1:", 0) == 0u, calls[0].peer);
  BOOST_TEST(calls[1].code == StatusCode::kNotFound);
  BOOST_TEST(calls[1].message == "no talent with person id 999");
}

BOOST_AUTO_TEST_CASE(several_clients_at_once_from_threads_all_get_answers) {
  ServerFixture f;
  constexpr int kThreads = 8;
  constexpr int kCallsEach = 40;
  std::atomic<int> good{0};
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto client = Client::Connect("127.0.0.1", f.server->port(), 10000);
      if (!client.ok()) {
        bad += kCallsEach;
        return;
      }
      for (int i = 0; i < kCallsEach; ++i) {
        const PersonId id = 42 + (t + i) % 3;
        Result<Talent> talent = client->GetTalent(id);
        if (talent.ok() && talent->person_id == id) {
          ++good;
        } else {
          ++bad;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  BOOST_TEST(good.load() == kThreads * kCallsEach);
  BOOST_TEST(bad.load() == 0);
  BOOST_TEST(f.Calls().size() == static_cast<size_t>(kThreads * kCallsEach));
}

BOOST_AUTO_TEST_CASE(many_calls_on_one_connection_beyond_the_frame_limit_in_total) {
  ServerOptions options;
  options.max_frame_bytes = 4096;
  ServerFixture f(options);
  Client client = f.Connect();
  // Each reply is a few hundred bytes; 200 of them add up to far more than one frame.
  for (int i = 0; i < 200; ++i) {
    Result<Talent> talent = client.GetTalent(42);
    BOOST_TEST_REQUIRE(talent.ok(), "call " << i << ": " << talent.status().ToString());
  }
}

BOOST_AUTO_TEST_CASE(request_over_the_frame_limit_fails_unavailable_then_client_recovers) {
  ServerOptions options;
  options.max_frame_bytes = 4096;
  ServerFixture f(options);
  Client client = f.Connect();
  Need need = testing::SampleNeed();
  need.description.assign(20000, 'x');
  Result<NeedId> id = client.PostNeed(need);
  BOOST_TEST_REQUIRE(!id.ok());
  BOOST_TEST(id.error().code() == StatusCode::kUnavailable, id.error().ToString());
  BOOST_TEST(f.backend.posted().empty());
  // The next call reconnects.
  BOOST_TEST(client.GetTalent(42).ok());
}

BOOST_AUTO_TEST_CASE(list_over_the_container_limit_is_refused_and_one_at_the_limit_passes) {
  ServerOptions options;
  options.max_container_items = 3;
  ServerFixture f(options);
  Client client = f.Connect();
  Need need = testing::SampleNeed();
  need.disciplines = {"210", "220", "230"};
  BOOST_TEST(client.PostNeed(need).ok());
  need.disciplines.push_back("240");
  Result<NeedId> refused = client.PostNeed(need);
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().code() == StatusCode::kUnavailable, refused.error().ToString());
  BOOST_TEST(f.backend.posted().size() == 1u);
}

BOOST_AUTO_TEST_CASE(string_over_the_string_limit_is_refused) {
  ServerOptions options;
  options.max_string_bytes = 256;
  ServerFixture f(options);
  Client client = f.Connect();
  Need need = testing::SampleNeed();
  need.description.assign(256, 'x');
  BOOST_TEST(client.PostNeed(need).ok());
  need.description.assign(257, 'x');
  BOOST_TEST(client.PostNeed(need).error().code() == StatusCode::kUnavailable);
  BOOST_TEST(f.backend.posted().size() == 1u);
}

BOOST_AUTO_TEST_CASE(client_reconnects_after_the_server_dropped_an_idle_connection) {
  ServerOptions options;
  options.recv_timeout_ms = 200;
  ServerFixture f(options);
  Client client = f.Connect();
  BOOST_TEST(client.GetTalent(42).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  // The first call may notice the dropped connection; a retry must succeed.
  Result<Talent> first = client.GetTalent(42);
  if (!first.ok()) {
    BOOST_TEST(first.error().code() == StatusCode::kUnavailable);
    BOOST_TEST(client.GetTalent(42).ok());
  }
}

BOOST_AUTO_TEST_CASE(connecting_to_a_closed_port_is_unavailable_with_advice) {
  const int port = testing::UnusedLoopbackPort();
  Result<Client> client = Client::Connect("127.0.0.1", port, 2000);
  BOOST_TEST_REQUIRE(!client.ok());
  BOOST_TEST(client.error().code() == StatusCode::kUnavailable);
  const std::string& message = client.error().message();
  BOOST_TEST(message.find("127.0.0.1:" + std::to_string(port)) != std::string::npos, message);
  BOOST_TEST(message.find("huicai serve") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(starting_on_a_port_in_use_is_unavailable) {
  ServerFixture f;
  testing::FakeBackend other;
  ServerOptions options;
  options.port = f.server->port();
  auto second = Server::Start(other, options);
  BOOST_TEST_REQUIRE(!second.ok());
  BOOST_TEST(second.error().code() == StatusCode::kUnavailable);
  BOOST_TEST(second.error().message().find(std::to_string(f.server->port())) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_options_out_of_range) {
  testing::FakeBackend backend;
  ServerOptions options;
  options.port = 70000;
  BOOST_TEST(Server::Start(backend, options).error().code() == StatusCode::kInvalidArgument);
  options.port = 0;
  options.worker_threads = 0;
  auto started = Server::Start(backend, options);
  BOOST_TEST_REQUIRE(!started.ok());
  BOOST_TEST(started.error().message().find("worker_threads") != std::string::npos);
  BOOST_TEST(Client::Connect("127.0.0.1", 0).error().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(stop_is_idempotent_and_closes_the_port) {
  ServerFixture f;
  Client client = f.Connect();  // an open connection must not keep Stop() waiting
  BOOST_TEST(client.GetTalent(42).ok());
  const int port = f.server->port();
  f.server->Stop();
  f.server->Stop();
  BOOST_TEST(Client::Connect("127.0.0.1", port, 1000).error().code() == StatusCode::kUnavailable);
  BOOST_TEST(client.GetTalent(42).error().code() == StatusCode::kUnavailable);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace huicai::exchange
