// Round trips between core types and the Thrift wire types, and the error code mapping.
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <memory>

#include "exchange/internal/convert.h"
#include "samples.h"

namespace huicai::exchange {
namespace {

using internal::FromHubError;
using internal::FromThrift;
using internal::ToHubError;
using internal::ToThrift;
namespace wire = internal::wire;

// A struct as a newer peer sends it, with i32 field `id` set to `value`: the generated reader
// stores any value in the enum field, which the generated enum type could not hold otherwise.
template <typename Wire>
Wire ReadWithI32(std::int16_t id, std::int32_t value) {
  auto buffer = std::make_shared<apache::thrift::transport::TMemoryBuffer>();
  apache::thrift::protocol::TBinaryProtocol protocol(buffer);
  protocol.writeStructBegin("Wire");
  protocol.writeFieldBegin("field", apache::thrift::protocol::T_I32, id);
  protocol.writeI32(value);
  protocol.writeFieldEnd();
  protocol.writeFieldStop();
  protocol.writeStructEnd();
  Wire out;
  out.read(&protocol);
  return out;
}

BOOST_AUTO_TEST_SUITE(internal_convert)

BOOST_AUTO_TEST_CASE(talent_round_trip_keeps_every_field) {
  const Talent original = testing::SampleTalent();
  Result<Talent> back = FromThrift(ToThrift(original));
  BOOST_TEST_REQUIRE(back.ok(), back.status().ToString());
  testing::CheckSameTalent(*back, original);
}

BOOST_AUTO_TEST_CASE(talent_round_trip_keeps_defaults) {
  Result<Talent> back = FromThrift(ToThrift(Talent{}));
  BOOST_TEST_REQUIRE(back.ok());
  testing::CheckSameTalent(*back, Talent{});
}

BOOST_AUTO_TEST_CASE(need_round_trip_keeps_every_field_and_dates_travel_as_iso_text) {
  const Need original = testing::SampleNeed();
  const wire::Need on_wire = ToThrift(original);
  BOOST_TEST(on_wire.windowStart == "2024-03-01");
  BOOST_TEST(on_wire.windowEnd == "2024-06-30");
  Result<Need> back = FromThrift(on_wire);
  BOOST_TEST_REQUIRE(back.ok(), back.status().ToString());
  testing::CheckSameNeed(*back, original);
}

BOOST_AUTO_TEST_CASE(unset_need_dates_travel_as_empty_text) {
  const wire::Need on_wire = ToThrift(Need{});
  BOOST_TEST(on_wire.windowStart.empty());
  Result<Need> back = FromThrift(on_wire);
  BOOST_TEST_REQUIRE(back.ok());
  BOOST_TEST((back->window_start == Date{}));
}

BOOST_AUTO_TEST_CASE(rejects_need_with_impossible_date_naming_the_field) {
  wire::Need on_wire = ToThrift(testing::SampleNeed());
  on_wire.windowEnd = "2024-02-30";
  Result<Need> back = FromThrift(on_wire);
  BOOST_TEST_REQUIRE(!back.ok());
  BOOST_TEST(back.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(back.error().message().find("need.windowEnd") != std::string::npos);
  BOOST_TEST(back.error().message().find("2024-02-30") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_unknown_enum_values_from_the_wire) {
  wire::Talent talent = ToThrift(testing::SampleTalent());
  // 7 is the largest value the generated enum type can hold; the IDL defines 0..4.
  talent.tier = static_cast<wire::TalentTier::type>(7);
  Result<Talent> t = FromThrift(talent);
  BOOST_TEST_REQUIRE(!t.ok());
  BOOST_TEST(t.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(t.error().message().find("talent.tier: unknown value 7") != std::string::npos);

  wire::Need need = ToThrift(testing::SampleNeed());
  need.status = static_cast<wire::NeedStatus::type>(3);
  Result<Need> n = FromThrift(need);
  BOOST_TEST_REQUIRE(!n.ok());
  BOOST_TEST(n.error().message().find("need.status") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(proposal_round_trip_keeps_score_parts_in_order) {
  const Proposal original = testing::SampleProposal();
  Result<Proposal> back = FromThrift(ToThrift(original));
  BOOST_TEST_REQUIRE(back.ok());
  testing::CheckSameProposal(*back, original);
}

BOOST_AUTO_TEST_CASE(search_round_trip_with_and_without_tier) {
  TalentSearch query;
  query.text = "果树";
  query.region_prefix = "3713";
  query.tier = TalentTier::kA;
  query.discipline_prefix = "210";
  query.limit = 25;
  query.offset = 50;
  query.facets = true;
  query.sort = search::TalentQuery::Sort::kAvailability;
  const wire::TalentQuery on_wire = ToThrift(query);
  BOOST_TEST(on_wire.__isset.tier);
  Result<TalentSearch> back = FromThrift(on_wire);
  BOOST_TEST_REQUIRE(back.ok());
  BOOST_TEST(back->text == "果树");
  BOOST_TEST(back->region_prefix == "3713");
  BOOST_TEST_REQUIRE(back->tier.has_value());
  BOOST_TEST(static_cast<int>(*back->tier) == static_cast<int>(TalentTier::kA));
  BOOST_TEST(back->discipline_prefix == "210");
  BOOST_TEST(back->limit == 25u);
  BOOST_TEST(back->offset == 50u);
  BOOST_TEST(back->facets);
  BOOST_TEST((back->sort == search::TalentQuery::Sort::kAvailability));

  query.tier.reset();
  Result<TalentSearch> any_tier = FromThrift(ToThrift(query));
  BOOST_TEST_REQUIRE(any_tier.ok());
  BOOST_TEST(!any_tier->tier.has_value());
}

BOOST_AUTO_TEST_CASE(pages_and_facets_round_trip) {
  TalentSearchPage page;
  page.hits.push_back({testing::SampleTalent(7), 0.5, "s", {}});
  page.estimated_total = 120;
  page.relaxed = true;
  page.facets = search::TalentFacets{};
  page.facets->county["371324"] = 7;
  page.facets->tier["B"] = 3;
  Result<TalentSearchPage> back = FromThrift(ToThrift(page));
  BOOST_TEST_REQUIRE(back.ok());
  BOOST_TEST(back->estimated_total == 120u);
  BOOST_TEST(back->relaxed);
  BOOST_TEST_REQUIRE(back->facets.has_value());
  BOOST_TEST(back->facets->county.at("371324") == 7u);
  BOOST_TEST(back->facets->tier.at("B") == 3u);
  TalentSearchPage bare;
  BOOST_TEST(!FromThrift(ToThrift(bare))->facets.has_value());  // none asked, none sent

  search::NeedQuery nq;
  nq.text = "大蒜";
  nq.kind = NeedKind::kProject;
  nq.status = NeedStatus::kOpen;
  nq.sort = search::NeedQuery::Sort::kRecency;
  nq.offset = 10;
  nq.facets = true;
  Result<search::NeedQuery> nq_back = FromThrift(ToThrift(nq));
  BOOST_TEST_REQUIRE(nq_back.ok());
  BOOST_TEST((nq_back->kind == NeedKind::kProject));
  BOOST_TEST((nq_back->sort == search::NeedQuery::Sort::kRecency));
  BOOST_TEST(nq_back->offset == 10u);
  wire::NeedQuery bad = ToThrift(nq);
  bad.kind = static_cast<wire::NeedKind::type>(3);  // one past ACTIVITY
  BOOST_TEST((FromThrift(bad).error().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(FromThrift(bad).error().message().find("query.kind") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(station_queries_pages_and_facets_round_trip) {
  search::StationQuery sq;
  sq.text = "驿站";
  sq.region_prefix = "3713";
  sq.discipline_prefix = "210";
  sq.kind = StationKind::kServiceBase;
  sq.type = StationType::kService;
  sq.offset = 20;
  sq.limit = 5;
  sq.facets = true;
  Result<search::StationQuery> sq_back = FromThrift(ToThrift(sq));
  BOOST_TEST_REQUIRE(sq_back.ok());
  BOOST_TEST(sq_back->text == "驿站");
  BOOST_TEST(sq_back->region_prefix == "3713");
  BOOST_TEST(sq_back->discipline_prefix == "210");
  BOOST_TEST((sq_back->kind == StationKind::kServiceBase));
  BOOST_TEST((sq_back->type == StationType::kService));
  BOOST_TEST(sq_back->offset == 20u);
  BOOST_TEST(sq_back->limit == 5u);
  BOOST_TEST(sq_back->facets);
  Result<search::StationQuery> any = FromThrift(ToThrift(search::StationQuery{}));
  BOOST_TEST_REQUIRE(any.ok());
  BOOST_TEST(!any->kind.has_value());  // unset travels as unset, not as STATION
  BOOST_TEST(!any->type.has_value());
  wire::StationQuery bad = ReadWithI32<wire::StationQuery>(5, 4);  // type one past COMPREHENSIVE
  BOOST_TEST_REQUIRE(static_cast<bool>(bad.__isset.type));
  BOOST_TEST((FromThrift(bad).error().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(
      FromThrift(bad).error().message().find("query.type: unknown value 4") != std::string::npos,
      FromThrift(bad).error().message());
  bad = ReadWithI32<wire::StationQuery>(4, 2);  // kind one past SERVICE_BASE
  BOOST_TEST(FromThrift(bad).error().message().find("query.kind") != std::string::npos);
  bad = ToThrift(sq);
  bad.offset = -1;
  BOOST_TEST(FromThrift(bad).error().message().find("query.offset") != std::string::npos);

  search::StationResults results;
  search::StationHit hit;
  hit.station_id = 5;
  hit.relevance = 2.5;
  hit.name = "蒙阴县蜜桃人才驿站";
  hit.host_unit = "蒙阴县科学技术局";
  hit.region_code = "371328";
  hit.kind = StationKind::kServiceBase;
  hit.type = StationType::kEntrepreneurship;
  hit.snippet = "组织【蜜桃】栽培专家";
  hit.matched_terms = {"蜜桃"};
  results.hits.push_back(hit);
  results.estimated_total = 9;
  results.relaxed = true;
  results.facets = search::StationFacets{};
  results.facets->county["371328"] = 9;
  results.facets->kind["base"] = 9;
  results.facets->type["创业型"] = 9;
  results.facets->discipline["210"] = 4;
  Result<search::StationResults> back = FromThrift(ToThrift(results));
  BOOST_TEST_REQUIRE(back.ok());
  BOOST_TEST(back->estimated_total == 9u);
  BOOST_TEST(back->relaxed);
  BOOST_TEST_REQUIRE(back->hits.size() == 1u);
  const search::StationHit& h = back->hits[0];
  BOOST_TEST(h.station_id == 5);
  BOOST_TEST(h.relevance == 2.5);
  BOOST_TEST(h.rank == 1);
  BOOST_TEST(h.name == hit.name);
  BOOST_TEST(h.host_unit == hit.host_unit);
  BOOST_TEST(h.region_code == "371328");
  BOOST_TEST((h.kind == StationKind::kServiceBase));
  BOOST_TEST((h.type == StationType::kEntrepreneurship));
  BOOST_TEST(h.snippet == hit.snippet);
  BOOST_TEST((h.matched_terms == std::vector<std::string>{"蜜桃"}));
  BOOST_TEST_REQUIRE(back->facets.has_value());
  BOOST_TEST(back->facets->county.at("371328") == 9u);
  BOOST_TEST(back->facets->kind.at("base") == 9u);
  BOOST_TEST(back->facets->type.at("创业型") == 9u);
  BOOST_TEST(back->facets->discipline.at("210") == 4u);
  BOOST_TEST(!FromThrift(ToThrift(search::StationResults{}))->facets.has_value());
  wire::StationPage odd = ToThrift(results);
  odd.hits[0] = ReadWithI32<wire::StationHit>(6, 2);  // a kind from a newer server
  BOOST_TEST(FromThrift(odd).error().message().find("hit.kind") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(identifier_kinds_round_trip_and_an_unknown_one_is_refused_by_name) {
  for (IdentifierKind kind : {IdentifierKind::kIdNumber, IdentifierKind::kMobile,
                              IdentifierKind::kBankCard, IdentifierKind::kTalentCard}) {
    Result<IdentifierKind> back =
        internal::IdentifierKindFromWire(internal::IdentifierKindToWire(kind), "kind");
    BOOST_TEST_REQUIRE(back.ok());
    BOOST_TEST((*back == kind));
  }
  BOOST_TEST((internal::IdentifierKindToWire(IdentifierKind::kBankCard) ==
              wire::IdentifierKind::BANK_CARD));
  std::int32_t raw = 4;  // one past TALENT_CARD, as a newer peer sends it
  Result<IdentifierKind> unknown =
      internal::IdentifierKindFromWire(static_cast<wire::IdentifierKind::type>(raw), "kind");
  BOOST_TEST((unknown.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(unknown.status().message().find("kind: unknown value 4") != std::string::npos,
             unknown.status().message());
}

BOOST_AUTO_TEST_CASE(rejects_search_limit_out_of_range) {
  wire::TalentQuery query = ToThrift(TalentSearch{});
  query.limit = -1;
  BOOST_TEST(FromThrift(query).error().code() == StatusCode::kInvalidArgument);
  query.limit = internal::kMaxSearchLimit + 1;
  Result<TalentSearch> big = FromThrift(query);
  BOOST_TEST_REQUIRE(!big.ok());
  BOOST_TEST(big.error().message().find("query.limit") != std::string::npos);
  // A huge core limit is clamped on the way out, not wrapped into a negative number.
  TalentSearch huge;
  huge.limit = static_cast<std::size_t>(1) << 40;
  BOOST_TEST(ToThrift(huge).limit > 0);
}

BOOST_AUTO_TEST_CASE(search_hit_round_trip_keeps_talent_and_relevance) {
  TalentSearchHit hit{testing::SampleTalent(7), 0.625, "【果树】栽培", {"果树"}};
  Result<TalentSearchHit> back = FromThrift(ToThrift(hit));
  BOOST_TEST_REQUIRE(back.ok());
  testing::CheckSameTalent(back->talent, hit.talent);
  BOOST_TEST(back->relevance == 0.625);
  BOOST_TEST(back->snippet == "【果树】栽培");
  BOOST_TEST((back->matched_terms == std::vector<std::string>{"果树"}));
}

BOOST_AUTO_TEST_CASE(every_status_code_survives_hub_error_round_trip) {
  for (StatusCode code :
       {StatusCode::kInvalidArgument, StatusCode::kNotFound, StatusCode::kUnavailable,
        StatusCode::kDataError, StatusCode::kInternal}) {
    const Status original(code, "why it failed");
    const Status back = FromHubError(ToHubError(original));
    BOOST_TEST(back.code() == code, original.ToString());
    BOOST_TEST(back.message() == "why it failed");
  }
  BOOST_TEST(ToHubError(Status::NotFound("x")).code == wire::ErrorCode::NOT_FOUND);
}

BOOST_AUTO_TEST_CASE(permission_denied_round_trips) {
  wire::HubError error;
  error.code = wire::ErrorCode::PERMISSION_DENIED;
  error.message = "agency tax may not read talents";
  const Status status = FromHubError(error);
  BOOST_TEST(status.code() == StatusCode::kPermissionDenied);
  BOOST_TEST(status.message() == "agency tax may not read talents");
  BOOST_TEST(ToHubError(status).code == wire::ErrorCode::PERMISSION_DENIED);
}

BOOST_AUTO_TEST_CASE(resource_exhausted_travels_both_ways) {
  const Status status = Status::ResourceExhausted("agency tax is over its rate; retry in 40 ms");
  const wire::HubError error = ToHubError(status);
  BOOST_TEST(error.code == wire::ErrorCode::RESOURCE_EXHAUSTED);
  BOOST_TEST(FromHubError(error).code() == StatusCode::kResourceExhausted);
  BOOST_TEST(FromHubError(error).message() == status.message());
}

BOOST_AUTO_TEST_CASE(unknown_hub_error_code_becomes_internal) {
  wire::HubError error;
  error.code = static_cast<wire::ErrorCode::type>(0);  // no such code
  error.message = "new";
  BOOST_TEST(FromHubError(error).code() == StatusCode::kInternal);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace huicai::exchange
