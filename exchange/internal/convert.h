#pragma once
// exchange internal: the one place that converts between Thrift-generated types and core
// types, and between Status codes and HubError codes. Included only inside exchange/ (and by
// its internal tests). Core -> Thrift never fails; Thrift -> core returns InvalidArgument with
// the field path when a value from the wire does not fit (unknown enum value, bad date,
// negative limit), because that is the caller's request being wrong.
// Thread-safety: pure functions.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/status.h"
#include "core/types.h"
#include "exchange/backend.h"
#include "huicai_thrift_gen/huicai_types.h"

namespace huicai::exchange::internal {

namespace wire = ::huicai::exchange::thrift;

// The largest TalentQuery.limit the server accepts.
inline constexpr std::int32_t kMaxSearchLimit = 1000;

wire::Talent ToThrift(const Talent& talent);
[[nodiscard]] Result<Talent> FromThrift(const wire::Talent& talent);

wire::Need ToThrift(const Need& need);
[[nodiscard]] Result<Need> FromThrift(const wire::Need& need);

wire::ScorePart ToThrift(const ScorePart& part);
ScorePart FromThrift(const wire::ScorePart& part);

wire::Proposal ToThrift(const Proposal& proposal);
[[nodiscard]] Result<Proposal> FromThrift(const wire::Proposal& proposal);

// A limit above INT32_MAX is clamped (the server then refuses it as over kMaxSearchLimit).
wire::TalentQuery ToThrift(const TalentSearch& query);
[[nodiscard]] Result<TalentSearch> FromThrift(const wire::TalentQuery& query);

wire::TalentHit ToThrift(const TalentSearchHit& hit);
wire::CardCheck ToThrift(const CardCheck& check);
[[nodiscard]] Result<CardCheck> FromThrift(const wire::CardCheck& check);
[[nodiscard]] Result<TalentSearchHit> FromThrift(const wire::TalentHit& hit);

// API 1.2. A masked birth date ("1980-**-**") reads back as no date.
wire::Person ToThrift(const PersonRecord& record);
[[nodiscard]] Result<PersonRecord> FromThrift(const wire::Person& person);
// The record as partner `agency`'s; InvalidArgument names records[index] when kind or key is
// missing.
[[nodiscard]] Result<Record> FromThrift(const wire::PartnerRecord& record, std::string_view agency,
                                        size_t index);
wire::PartnerRecord ToThrift(const Record& record);  // record.partner is not sent
wire::RecordReceipt ToThrift(const RecordReceipt& receipt);
RecordReceipt FromThrift(const wire::RecordReceipt& receipt);
wire::Change ToThrift(const ChangeEntry& change);
ChangeEntry FromThrift(const wire::Change& change);
wire::ProposalAnswer ToThrift(const ProposalAnswerResult& answer);
[[nodiscard]] Result<ProposalAnswerResult> FromThrift(const wire::ProposalAnswer& answer);
wire::MatchReport ToThrift(const MatchSummary& report);
MatchSummary FromThrift(const wire::MatchReport& report);
wire::ServiceItem ToThrift(const ServiceItem& item);
[[nodiscard]] Result<ServiceItem> FromThrift(const wire::ServiceItem& item);
wire::ServiceRequest ToThrift(const ServiceRequest& request);
[[nodiscard]] Result<ServiceRequest> FromThrift(const wire::ServiceRequest& request);
wire::ServiceEvent ToThrift(const ServiceEvent& event);
ServiceEvent FromThrift(const wire::ServiceEvent& event);

// Policy search (1.3). FromThrift: InvalidArgument for a limit outside 0..1000 or a negative
// offset (named).
wire::PolicyQuery ToThrift(const search::PolicyQuery& query);
[[nodiscard]] Result<search::PolicyQuery> FromThrift(const wire::PolicyQuery& query);
wire::PolicyPage ToThrift(const search::PolicyResults& results);
search::PolicyResults FromThrift(const wire::PolicyPage& page);
// Search pages (1.4). FromThrift of a query: InvalidArgument for a limit outside 0..1000, a
// negative offset or an unknown enum value (named).
wire::TalentPage ToThrift(const TalentSearchPage& page);
[[nodiscard]] Result<TalentSearchPage> FromThrift(const wire::TalentPage& page);
wire::NeedQuery ToThrift(const search::NeedQuery& query);
[[nodiscard]] Result<search::NeedQuery> FromThrift(const wire::NeedQuery& query);
wire::NeedPage ToThrift(const search::NeedResults& results);
[[nodiscard]] Result<search::NeedResults> FromThrift(const wire::NeedPage& page);
// Station search (1.5). FromThrift of a query: as NeedQuery; of a page: InvalidArgument for an
// unknown kind or type (the client turns it into DataError).
wire::StationQuery ToThrift(const search::StationQuery& query);
[[nodiscard]] Result<search::StationQuery> FromThrift(const wire::StationQuery& query);
wire::StationPage ToThrift(const search::StationResults& results);
[[nodiscard]] Result<search::StationResults> FromThrift(const wire::StationPage& page);
// Exact lookup (1.6): the kind of number. FromWire: InvalidArgument naming `field` for a value
// this server does not know.
wire::IdentifierKind::type IdentifierKindToWire(IdentifierKind kind);
[[nodiscard]] Result<IdentifierKind> IdentifierKindFromWire(wire::IdentifierKind::type kind,
                                                            std::string_view field);
[[nodiscard]] Result<ServiceItemStatus> ServiceStatusFromWire(wire::ServiceItemStatus::type status,
                                                              std::string_view field);
// "" -> nullopt; otherwise a calendar date or InvalidArgument naming `field`.
[[nodiscard]] Result<std::optional<Date>> OptionalDateFromWire(const std::string& text,
                                                               std::string_view field);

// Status -> HubError. `status` must not be OK.
wire::ErrorCode::type ToErrorCode(StatusCode code);
wire::HubError ToHubError(const Status& status);

// HubError -> Status: NOT_FOUND -> kNotFound, PERMISSION_DENIED -> kPermissionDenied etc.; an
// unknown code becomes kInternal.
Status FromHubError(const wire::HubError& error);

}  // namespace huicai::exchange::internal
