#include "exchange/internal/convert.h"

#include <limits>
#include <string>
#include <utility>

namespace huicai::exchange::internal {
namespace {

// Zero dates ("not set") travel as the empty string.
std::string DateToWire(const Date& date) {
  if (date == Date{}) return {};
  return FormatDate(date);
}

Result<Date> DateFromWire(const std::string& text, std::string_view field) {
  if (text.empty()) return Date{};
  std::optional<Date> date = ParseIsoDate(text);
  if (!date) {
    return Status::InvalidArgument(std::string(field) + ": '" + text +
                                   "' is not a calendar date; send YYYY-MM-DD or leave it empty");
  }
  return *date;
}

// Values outside [0, max] come from a newer or broken peer; refuse them by field name.
template <typename CoreEnum, typename WireEnum>
Result<CoreEnum> EnumFromWire(WireEnum value, int max, std::string_view field) {
  const int raw = static_cast<int>(value);
  if (raw < 0 || raw > max) {
    return Status::InvalidArgument(std::string(field) + ": unknown value " + std::to_string(raw) +
                                   " (this server knows 0.." + std::to_string(max) + ")");
  }
  return static_cast<CoreEnum>(raw);
}

wire::TalentTier::type TierToWire(TalentTier tier) {
  return static_cast<wire::TalentTier::type>(static_cast<int>(tier));
}

Result<TalentTier> TierFromWire(wire::TalentTier::type tier, std::string_view field) {
  return EnumFromWire<TalentTier>(tier, static_cast<int>(TalentTier::kD), field);
}

}  // namespace

wire::Talent ToThrift(const Talent& talent) {
  wire::Talent out;
  out.personId = talent.person_id;
  out.name = talent.name;
  out.tier = TierToWire(talent.tier);
  out.cardNumber = talent.card_number;
  out.employer = talent.employer;
  out.employerCreditCode = talent.employer_credit_code;
  out.disciplines = talent.disciplines;
  out.industries = talent.industries;
  out.title = talent.title;
  out.specialties = talent.specialties;
  out.regionCode = talent.region_code;
  out.daysAvailable = talent.days_available;
  out.grassrootsDaysServed = talent.grassroots_days_served;
  out.inProgramme = talent.in_programme;
  return out;
}

Result<Talent> FromThrift(const wire::Talent& talent) {
  Talent out;
  out.person_id = talent.personId;
  out.name = talent.name;
  HUICAI_ASSIGN_OR_RETURN(out.tier, TierFromWire(talent.tier, "talent.tier"));
  out.card_number = talent.cardNumber;
  out.employer = talent.employer;
  out.employer_credit_code = talent.employerCreditCode;
  out.disciplines = talent.disciplines;
  out.industries = talent.industries;
  out.title = talent.title;
  out.specialties = talent.specialties;
  out.region_code = talent.regionCode;
  out.days_available = talent.daysAvailable;
  out.grassroots_days_served = talent.grassrootsDaysServed;
  out.in_programme = talent.inProgramme;
  return out;
}

wire::Need ToThrift(const Need& need) {
  wire::Need out;
  out.id = need.id;
  out.unit = need.unit;
  out.unitCreditCode = need.unit_credit_code;
  out.regionCode = need.region_code;
  out.title = need.title;
  out.description = need.description;
  out.disciplines = need.disciplines;
  out.days = need.days;
  out.headcount = need.headcount;
  out.windowStart = DateToWire(need.window_start);
  out.windowEnd = DateToWire(need.window_end);
  out.status = static_cast<wire::NeedStatus::type>(static_cast<int>(need.status));
  return out;
}

Result<Need> FromThrift(const wire::Need& need) {
  Need out;
  out.id = need.id;
  out.unit = need.unit;
  out.unit_credit_code = need.unitCreditCode;
  out.region_code = need.regionCode;
  out.title = need.title;
  out.description = need.description;
  out.disciplines = need.disciplines;
  out.days = need.days;
  out.headcount = need.headcount;
  HUICAI_ASSIGN_OR_RETURN(out.window_start, DateFromWire(need.windowStart, "need.windowStart"));
  HUICAI_ASSIGN_OR_RETURN(out.window_end, DateFromWire(need.windowEnd, "need.windowEnd"));
  HUICAI_ASSIGN_OR_RETURN(
      out.status,
      EnumFromWire<NeedStatus>(need.status, static_cast<int>(NeedStatus::kClosed), "need.status"));
  return out;
}

wire::ScorePart ToThrift(const ScorePart& part) {
  wire::ScorePart out;
  out.name = part.name;
  out.value = part.value;
  out.detail = part.detail;
  return out;
}

ScorePart FromThrift(const wire::ScorePart& part) {
  return ScorePart{part.name, part.value, part.detail};
}

wire::Proposal ToThrift(const Proposal& proposal) {
  wire::Proposal out;
  out.needId = proposal.need_id;
  out.personId = proposal.person_id;
  out.round = proposal.round;
  out.score = proposal.score;
  out.parts.reserve(proposal.parts.size());
  for (const ScorePart& part : proposal.parts) out.parts.push_back(ToThrift(part));
  out.status = static_cast<wire::ProposalStatus::type>(static_cast<int>(proposal.status));
  return out;
}

Result<Proposal> FromThrift(const wire::Proposal& proposal) {
  Proposal out;
  out.need_id = proposal.needId;
  out.person_id = proposal.personId;
  out.round = proposal.round;
  out.score = proposal.score;
  out.parts.reserve(proposal.parts.size());
  for (const wire::ScorePart& part : proposal.parts) out.parts.push_back(FromThrift(part));
  HUICAI_ASSIGN_OR_RETURN(
      out.status,
      EnumFromWire<ProposalStatus>(proposal.status, static_cast<int>(ProposalStatus::kCompleted),
                                   "proposal.status"));
  return out;
}

wire::TalentQuery ToThrift(const TalentSearch& query) {
  wire::TalentQuery out;
  out.text = query.text;
  out.regionPrefix = query.region_prefix;
  if (query.tier) out.__set_tier(TierToWire(*query.tier));
  out.disciplinePrefix = query.discipline_prefix;
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
  out.limit = static_cast<std::int32_t>(query.limit > kMax ? kMax : query.limit);
  return out;
}

Result<TalentSearch> FromThrift(const wire::TalentQuery& query) {
  TalentSearch out;
  out.text = query.text;
  out.region_prefix = query.regionPrefix;
  if (query.__isset.tier) {
    HUICAI_ASSIGN_OR_RETURN(out.tier, TierFromWire(query.tier, "query.tier"));
  }
  out.discipline_prefix = query.disciplinePrefix;
  if (query.limit < 0 || query.limit > kMaxSearchLimit) {
    return Status::InvalidArgument("query.limit: " + std::to_string(query.limit) +
                                   " is out of range; ask for 0.." +
                                   std::to_string(kMaxSearchLimit) + " hits");
  }
  out.limit = static_cast<std::size_t>(query.limit);
  return out;
}

wire::TalentHit ToThrift(const TalentSearchHit& hit) {
  wire::TalentHit out;
  out.__set_talent(ToThrift(hit.talent));
  out.relevance = hit.relevance;
  return out;
}

Result<TalentSearchHit> FromThrift(const wire::TalentHit& hit) {
  TalentSearchHit out;
  HUICAI_ASSIGN_OR_RETURN(out.talent, FromThrift(hit.talent));
  out.relevance = hit.relevance;
  return out;
}

wire::ErrorCode::type ToErrorCode(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument:
      return wire::ErrorCode::INVALID_ARGUMENT;
    case StatusCode::kNotFound:
      return wire::ErrorCode::NOT_FOUND;
    case StatusCode::kUnavailable:
      return wire::ErrorCode::UNAVAILABLE;
    case StatusCode::kDataError:
      return wire::ErrorCode::DATA_ERROR;
    case StatusCode::kPermissionDenied:
      return wire::ErrorCode::PERMISSION_DENIED;
    case StatusCode::kOk:  // a HubError always reports a failure; OK here is a bug upstream
    case StatusCode::kInternal:
      return wire::ErrorCode::INTERNAL;
  }
  return wire::ErrorCode::INTERNAL;
}

wire::CardCheck ToThrift(const CardCheck& check) {
  wire::CardCheck out;
  out.valid = check.valid;
  out.tier = TierToWire(check.tier);
  out.holderMatches = check.holder_matches;
  out.personId = check.person_id;
  return out;
}

Result<CardCheck> FromThrift(const wire::CardCheck& check) {
  CardCheck out;
  out.valid = check.valid;
  HUICAI_ASSIGN_OR_RETURN(out.tier, TierFromWire(check.tier, "cardCheck.tier"));
  out.holder_matches = check.holderMatches;
  out.person_id = check.personId;
  return out;
}

wire::HubError ToHubError(const Status& status) {
  wire::HubError out;
  out.code = ToErrorCode(status.code());
  out.message = status.message();
  return out;
}

Status FromHubError(const wire::HubError& error) {
  switch (error.code) {
    case wire::ErrorCode::INVALID_ARGUMENT:
      return Status::InvalidArgument(error.message);
    case wire::ErrorCode::NOT_FOUND:
      return Status::NotFound(error.message);
    case wire::ErrorCode::UNAVAILABLE:
      return Status::Unavailable(error.message);
    case wire::ErrorCode::DATA_ERROR:
      return Status::DataError(error.message);
    case wire::ErrorCode::INTERNAL:
      return Status::Internal(error.message);
    case wire::ErrorCode::PERMISSION_DENIED:
      return Status::PermissionDenied(error.message);
  }
  return Status::Internal("hub answered with unknown error code " +
                          std::to_string(static_cast<int>(error.code)) + ": " + error.message);
}

}  // namespace huicai::exchange::internal
