#include "exchange/internal/convert.h"

#include <algorithm>
#include <limits>
#include <map>
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

// The limit and offset of a policy, need or station query: InvalidArgument naming the field.
Status PageFromWire(std::int32_t limit, std::int32_t offset) {
  if (limit < 0 || limit > kMaxSearchLimit) {
    return Status::InvalidArgument("query.limit: " + std::to_string(limit) + " is outside 0.." +
                                   std::to_string(kMaxSearchLimit) + "; page with offset");
  }
  if (offset < 0) {
    return Status::InvalidArgument("query.offset: " + std::to_string(offset) + " is negative");
  }
  return Status::Ok();
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
  out.kind = static_cast<wire::NeedKind::type>(static_cast<int>(need.kind));
  out.host = need.host;
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
  HUICAI_ASSIGN_OR_RETURN(
      out.kind,
      EnumFromWire<NeedKind>(need.kind, static_cast<int>(NeedKind::kActivity), "need.kind"));
  out.host = need.host;
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
  out.daysServed = proposal.days_served;
  out.note = proposal.note;
  out.updatedAt = proposal.updated_at;
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
  out.days_served = proposal.daysServed;
  out.note = proposal.note;
  out.updated_at = proposal.updatedAt;
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
  out.offset = static_cast<std::int32_t>(query.offset > kMax ? kMax : query.offset);
  out.facets = query.facets;
  out.sort = query.sort == search::TalentQuery::Sort::kAvailability
                 ? wire::TalentSort::BY_AVAILABILITY
                 : wire::TalentSort::BY_RELEVANCE;
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
  if (query.offset < 0) {
    return Status::InvalidArgument("query.offset: " + std::to_string(query.offset) +
                                   " is negative");
  }
  out.offset = static_cast<std::size_t>(query.offset);
  out.facets = query.facets;
  switch (query.sort) {
    case wire::TalentSort::BY_RELEVANCE:
      out.sort = search::TalentQuery::Sort::kRelevance;
      break;
    case wire::TalentSort::BY_AVAILABILITY:
      out.sort = search::TalentQuery::Sort::kAvailability;
      break;
    default:
      return Status::InvalidArgument("query.sort: " + std::to_string(query.sort) +
                                     " is not a TalentSort");
  }
  return out;
}

wire::TalentHit ToThrift(const TalentSearchHit& hit) {
  wire::TalentHit out;
  out.__set_talent(ToThrift(hit.talent));
  out.relevance = hit.relevance;
  out.snippet = hit.snippet;
  out.matchedTerms = hit.matched_terms;
  return out;
}

Result<TalentSearchHit> FromThrift(const wire::TalentHit& hit) {
  TalentSearchHit out;
  HUICAI_ASSIGN_OR_RETURN(out.talent, FromThrift(hit.talent));
  out.relevance = hit.relevance;
  out.snippet = hit.snippet;
  out.matched_terms = hit.matchedTerms;
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
    case StatusCode::kResourceExhausted:
      return wire::ErrorCode::RESOURCE_EXHAUSTED;
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

wire::Person ToThrift(const PersonRecord& record) {
  const Person& p = record.person;
  wire::Person out;
  out.personId = p.id;
  out.__set_name(p.name);
  out.__set_idNumber(p.id_number);
  out.__set_gender(static_cast<wire::Gender::type>(static_cast<int>(p.gender)));
  out.__set_birthDate(p.birth_date ? FormatDate(*p.birth_date) : std::string());
  out.__set_regionCode(p.region_code);
  out.__set_nationality(p.nationality);
  out.__set_passport(p.passport);
  out.__set_mobile(p.mobile);
  if (record.talent) out.__set_talent(ToThrift(*record.talent));
  return out;
}

Result<PersonRecord> FromThrift(const wire::Person& person) {
  PersonRecord out;
  Person& p = out.person;
  p.id = person.personId;
  if (person.__isset.name) p.name = person.name;
  if (person.__isset.idNumber) p.id_number = person.idNumber;
  if (person.__isset.gender) {
    const int g = static_cast<int>(person.gender);
    if (g != 0 && g != 1 && g != 2 && g != 9) {
      return Status::InvalidArgument("person.gender: unknown value " + std::to_string(g) +
                                     " (this client knows 0, 1, 2 and 9)");
    }
    p.gender = static_cast<Gender>(g);
  }
  if (person.__isset.birthDate && !person.birthDate.empty()) {
    // A masked date ("1980-**-**") is not a date; it stays out of the core value.
    p.birth_date = ParseIsoDate(person.birthDate);
  }
  if (person.__isset.regionCode) p.region_code = person.regionCode;
  if (person.__isset.nationality) p.nationality = person.nationality;
  if (person.__isset.passport) p.passport = person.passport;
  if (person.__isset.mobile) p.mobile = person.mobile;
  if (person.__isset.talent) {
    HUICAI_ASSIGN_OR_RETURN(Talent talent, FromThrift(person.talent));
    out.talent = std::move(talent);
  }
  out.masked = person.masked;
  return out;
}

Result<Record> FromThrift(const wire::PartnerRecord& record, std::string_view agency,
                          size_t index) {
  const std::string where = "records[" + std::to_string(index) + "]";
  if (record.kind.empty()) {
    return Status::InvalidArgument(where +
                                   ".kind is empty: say what the record is (\"identity\", "
                                   "\"degree\", \"talent\", ...; docs/api.md)");
  }
  if (record.sourceKey.empty()) {
    return Status::InvalidArgument(where +
                                   ".sourceKey is empty: send your own stable key of the record");
  }
  Record out;
  out.partner = std::string(agency);
  out.kind = record.kind;
  out.source_key = record.sourceKey;
  out.watermark = record.watermark;
  out.deleted = record.deleted;
  for (const auto& [field, value] : record.fields) out.fields[field] = value;
  return out;
}

wire::PartnerRecord ToThrift(const Record& record) {
  wire::PartnerRecord out;
  out.kind = record.kind;
  out.sourceKey = record.source_key;
  for (const auto& [field, value] : record.fields) out.fields[field] = value;
  out.deleted = record.deleted;
  out.watermark = record.watermark;
  return out;
}

wire::RecordReceipt ToThrift(const RecordReceipt& receipt) {
  wire::RecordReceipt out;
  out.sourceKey = receipt.source_key;
  out.status = receipt.accepted ? wire::ReceiptStatus::ACCEPTED : wire::ReceiptStatus::QUARANTINED;
  out.personId = receipt.person_id;
  out.reasonCode = receipt.reason_code;
  out.message = receipt.message;
  return out;
}

RecordReceipt FromThrift(const wire::RecordReceipt& receipt) {
  return RecordReceipt{receipt.sourceKey, receipt.status == wire::ReceiptStatus::ACCEPTED,
                       receipt.personId, receipt.reasonCode, receipt.message};
}

wire::Change ToThrift(const ChangeEntry& change) {
  wire::Change out;
  out.seq = change.seq;
  out.entity = change.entity;
  out.entityId = change.entity_id;
  out.op = change.op;
  return out;
}

ChangeEntry FromThrift(const wire::Change& change) {
  return ChangeEntry{change.seq, change.entity, change.entityId, change.op, {}};
}

wire::ProposalAnswer ToThrift(const ProposalAnswerResult& answer) {
  wire::ProposalAnswer out;
  out.proposal = ToThrift(answer.proposal);
  for (const Proposal& p : answer.rematched) out.rematched.push_back(ToThrift(p));
  out.needStatus = static_cast<wire::NeedStatus::type>(static_cast<int>(answer.need_status));
  return out;
}

Result<ProposalAnswerResult> FromThrift(const wire::ProposalAnswer& answer) {
  ProposalAnswerResult out;
  HUICAI_ASSIGN_OR_RETURN(out.proposal, FromThrift(answer.proposal));
  for (const wire::Proposal& p : answer.rematched) {
    HUICAI_ASSIGN_OR_RETURN(Proposal proposal, FromThrift(p));
    out.rematched.push_back(std::move(proposal));
  }
  HUICAI_ASSIGN_OR_RETURN(
      out.need_status,
      EnumFromWire<NeedStatus>(answer.needStatus, static_cast<int>(NeedStatus::kClosed),
                               "answer.needStatus"));
  return out;
}

wire::MatchReport ToThrift(const MatchSummary& r) {
  wire::MatchReport out;
  out.round = r.round;
  out.ranAt = r.ran_at;
  out.needs = r.needs;
  out.needsFilled = r.needs_filled;
  out.slots = r.slots;
  out.proposals = r.proposals;
  out.priorityNeeds = r.priority_needs;
  out.priorityFilled = r.priority_filled;
  out.programmeExperts = r.programme_experts;
  out.onPace = r.on_pace;
  out.meanScore = r.mean_score;
  out.objective = r.objective;
  out.optimal = r.optimal;
  out.bound = r.bound;
  out.loadGini = r.load_gini;
  out.greedyObjective = r.greedy_objective;
  out.pending = r.pending;
  out.accepted = r.accepted;
  out.declined = r.declined;
  out.completed = r.completed;
  for (const UnfilledNeed& u : r.unfilled) {
    wire::UnfilledNeed w;
    w.needId = u.need_id;
    w.reason = u.reason;
    out.unfilled.push_back(std::move(w));
  }
  for (const UnfilledNeed& u : r.refused) {
    wire::UnfilledNeed w;
    w.needId = u.need_id;
    w.reason = u.reason;
    out.refused.push_back(std::move(w));
  }
  return out;
}

MatchSummary FromThrift(const wire::MatchReport& r) {
  MatchSummary out;
  out.round = r.round;
  out.ran_at = r.ranAt;
  out.needs = r.needs;
  out.needs_filled = r.needsFilled;
  out.slots = r.slots;
  out.proposals = r.proposals;
  out.priority_needs = r.priorityNeeds;
  out.priority_filled = r.priorityFilled;
  out.programme_experts = r.programmeExperts;
  out.on_pace = r.onPace;
  out.mean_score = r.meanScore;
  out.objective = r.objective;
  out.optimal = r.optimal;
  out.bound = r.bound;
  out.load_gini = r.loadGini;
  out.greedy_objective = r.greedyObjective;
  out.pending = r.pending;
  out.accepted = r.accepted;
  out.declined = r.declined;
  out.completed = r.completed;
  for (const auto& u : r.unfilled) out.unfilled.push_back({u.needId, u.reason});
  for (const auto& u : r.refused) out.refused.push_back({u.needId, u.reason});
  return out;
}

wire::ServiceItem ToThrift(const ServiceItem& item) {
  wire::ServiceItem out;
  out.id = item.id;
  out.requestId = item.request_id;
  out.matter = item.matter;
  out.title = item.title;
  out.department = item.department;
  out.status = static_cast<wire::ServiceItemStatus::type>(static_cast<int>(item.status));
  out.deadline = DateToWire(item.deadline);
  out.promised = item.promised ? FormatDate(*item.promised) : std::string();
  out.reason = item.reason;
  out.doneOn = item.done_on ? FormatDate(*item.done_on) : std::string();
  out.escalations = item.escalations;
  return out;
}

Result<ServiceItem> FromThrift(const wire::ServiceItem& item) {
  ServiceItem out;
  out.id = item.id;
  out.request_id = item.requestId;
  out.matter = item.matter;
  out.title = item.title;
  out.department = item.department;
  HUICAI_ASSIGN_OR_RETURN(out.status, ServiceStatusFromWire(item.status, "item.status"));
  HUICAI_ASSIGN_OR_RETURN(out.deadline, DateFromWire(item.deadline, "item.deadline"));
  if (!item.promised.empty()) {
    HUICAI_ASSIGN_OR_RETURN(out.promised, DateFromWire(item.promised, "item.promised"));
  }
  out.reason = item.reason;
  if (!item.doneOn.empty()) {
    HUICAI_ASSIGN_OR_RETURN(out.done_on, DateFromWire(item.doneOn, "item.doneOn"));
  }
  out.escalations = item.escalations;
  return out;
}

wire::ServiceRequest ToThrift(const ServiceRequest& request) {
  wire::ServiceRequest out;
  out.id = request.id;
  out.personId = request.person_id;
  out.window = request.window;
  out.note = request.note;
  out.submittedOn = DateToWire(request.submitted_on);
  bool done = !request.items.empty();
  for (const ServiceItem& item : request.items) {
    out.items.push_back(ToThrift(item));
    done = done && item.status == ServiceItemStatus::kDone;
  }
  out.done = done;
  return out;
}

Result<ServiceRequest> FromThrift(const wire::ServiceRequest& request) {
  ServiceRequest out;
  out.id = request.id;
  out.person_id = request.personId;
  out.window = request.window;
  out.note = request.note;
  HUICAI_ASSIGN_OR_RETURN(out.submitted_on,
                          DateFromWire(request.submittedOn, "request.submittedOn"));
  for (const wire::ServiceItem& item : request.items) {
    HUICAI_ASSIGN_OR_RETURN(ServiceItem core_item, FromThrift(item));
    out.items.push_back(std::move(core_item));
  }
  return out;
}

wire::ServiceEvent ToThrift(const ServiceEvent& event) {
  wire::ServiceEvent out;
  out.seq = event.seq;
  out.requestId = event.request_id;
  out.itemId = event.item_id;
  out.at = event.at;
  out.actor = event.actor;
  out.action = event.action;
  out.note = event.note;
  return out;
}

wire::PolicyQuery ToThrift(const search::PolicyQuery& query) {
  wire::PolicyQuery w;
  w.text = query.text;
  w.limit = static_cast<std::int32_t>(query.limit);
  w.offset = static_cast<std::int32_t>(query.offset);
  return w;
}

Result<search::PolicyQuery> FromThrift(const wire::PolicyQuery& query) {
  HUICAI_RETURN_IF_ERROR(PageFromWire(query.limit, query.offset));
  search::PolicyQuery out;
  out.text = query.text;
  out.limit = static_cast<size_t>(query.limit);
  out.offset = static_cast<size_t>(query.offset);
  return out;
}

wire::PolicyPage ToThrift(const search::PolicyResults& results) {
  wire::PolicyPage page;
  page.estimatedTotal = static_cast<std::int64_t>(results.estimated_total);
  page.relaxed = results.relaxed;
  for (const search::PolicyHit& h : results.hits) {
    wire::PolicyHit w;
    w.articleId = h.article_id;
    w.documentId = h.document_id;
    w.relevance = h.relevance;
    w.title = h.title;
    w.docNumber = h.doc_number;
    w.number = h.number;
    w.heading = h.heading;
    w.part = h.part;
    w.snippet = h.snippet;
    page.hits.push_back(std::move(w));
  }
  return page;
}

search::PolicyResults FromThrift(const wire::PolicyPage& page) {
  search::PolicyResults out;
  out.estimated_total = static_cast<size_t>(std::max<std::int64_t>(0, page.estimatedTotal));
  out.relaxed = page.relaxed;
  int rank = 0;
  for (const wire::PolicyHit& w : page.hits) {
    search::PolicyHit h;
    h.article_id = w.articleId;
    h.document_id = w.documentId;
    h.relevance = w.relevance;
    h.rank = ++rank;
    h.title = w.title;
    h.doc_number = w.docNumber;
    h.number = w.number;
    h.heading = w.heading;
    h.part = w.part;
    h.snippet = w.snippet;
    out.hits.push_back(std::move(h));
  }
  return out;
}

namespace {

std::map<std::string, std::int64_t> CountsToWire(const std::map<std::string, std::size_t>& counts) {
  std::map<std::string, std::int64_t> out;
  for (const auto& [value, n] : counts) out[value] = static_cast<std::int64_t>(n);
  return out;
}

std::map<std::string, std::size_t> CountsFromWire(const std::map<std::string, std::int64_t>& in) {
  std::map<std::string, std::size_t> out;
  for (const auto& [value, n] : in)
    out[value] = static_cast<std::size_t>(std::max<std::int64_t>(0, n));
  return out;
}

// The region and field counts talents, needs and stations share.
template <typename CoreFacets>
wire::Facets RegionsAndFieldsToWire(const CoreFacets& facets) {
  wire::Facets f;
  f.province = CountsToWire(facets.province);
  f.city = CountsToWire(facets.city);
  f.county = CountsToWire(facets.county);
  f.discipline = CountsToWire(facets.discipline);
  return f;
}

template <typename CoreFacets>
void RegionsAndFieldsFromWire(const wire::Facets& f, CoreFacets& out) {
  out.province = CountsFromWire(f.province);
  out.city = CountsFromWire(f.city);
  out.county = CountsFromWire(f.county);
  out.discipline = CountsFromWire(f.discipline);
}

std::size_t TotalFromWire(std::int64_t total) {
  return static_cast<std::size_t>(std::max<std::int64_t>(0, total));
}

}  // namespace

wire::TalentPage ToThrift(const TalentSearchPage& page) {
  wire::TalentPage out;
  for (const TalentSearchHit& hit : page.hits) out.hits.push_back(ToThrift(hit));
  out.estimatedTotal = static_cast<std::int64_t>(page.estimated_total);
  out.relaxed = page.relaxed;
  out.suggestion = page.suggestion;
  if (page.facets) {
    wire::Facets f = RegionsAndFieldsToWire(*page.facets);
    f.tier = CountsToWire(page.facets->tier);
    out.__set_facets(std::move(f));
  }
  return out;
}

Result<TalentSearchPage> FromThrift(const wire::TalentPage& page) {
  TalentSearchPage out;
  for (const wire::TalentHit& hit : page.hits) {
    HUICAI_ASSIGN_OR_RETURN(TalentSearchHit h, FromThrift(hit));
    out.hits.push_back(std::move(h));
  }
  out.estimated_total = TotalFromWire(page.estimatedTotal);
  out.relaxed = page.relaxed;
  out.suggestion = page.suggestion;
  if (page.__isset.facets) {
    search::TalentFacets f;
    RegionsAndFieldsFromWire(page.facets, f);
    f.tier = CountsFromWire(page.facets.tier);
    out.facets = std::move(f);
  }
  return out;
}

wire::NeedQuery ToThrift(const search::NeedQuery& query) {
  wire::NeedQuery w;
  w.text = query.text;
  w.regionPrefix = query.region_prefix;
  w.disciplinePrefix = query.discipline_prefix;
  if (query.kind) w.__set_kind(static_cast<wire::NeedKind::type>(static_cast<int>(*query.kind)));
  if (query.status) {
    w.__set_status(static_cast<wire::NeedStatus::type>(static_cast<int>(*query.status)));
  }
  w.sort = query.sort == search::NeedQuery::Sort::kRecency ? wire::NeedSort::BY_RECENCY
                                                           : wire::NeedSort::BY_RELEVANCE;
  w.limit = static_cast<std::int32_t>(std::min<std::size_t>(query.limit, 1u << 30));
  w.offset = static_cast<std::int32_t>(std::min<std::size_t>(query.offset, 1u << 30));
  w.facets = query.facets;
  return w;
}

Result<search::NeedQuery> FromThrift(const wire::NeedQuery& query) {
  HUICAI_RETURN_IF_ERROR(PageFromWire(query.limit, query.offset));
  search::NeedQuery out;
  out.text = query.text;
  out.region_prefix = query.regionPrefix;
  out.discipline_prefix = query.disciplinePrefix;
  if (query.__isset.kind) {
    HUICAI_ASSIGN_OR_RETURN(
        out.kind,
        EnumFromWire<NeedKind>(query.kind, static_cast<int>(NeedKind::kActivity), "query.kind"));
  }
  if (query.__isset.status) {
    HUICAI_ASSIGN_OR_RETURN(
        out.status, EnumFromWire<NeedStatus>(query.status, static_cast<int>(NeedStatus::kClosed),
                                             "query.status"));
  }
  switch (query.sort) {
    case wire::NeedSort::BY_RELEVANCE:
      out.sort = search::NeedQuery::Sort::kRelevance;
      break;
    case wire::NeedSort::BY_RECENCY:
      out.sort = search::NeedQuery::Sort::kRecency;
      break;
    default:
      return Status::InvalidArgument("query.sort: " + std::to_string(query.sort) +
                                     " is not a NeedSort");
  }
  out.limit = static_cast<std::size_t>(query.limit);
  out.offset = static_cast<std::size_t>(query.offset);
  out.facets = query.facets;
  return out;
}

wire::NeedPage ToThrift(const search::NeedResults& results) {
  wire::NeedPage page;
  page.estimatedTotal = static_cast<std::int64_t>(results.estimated_total);
  page.relaxed = results.relaxed;
  for (const search::NeedHit& h : results.hits) {
    wire::NeedHit w;
    w.needId = h.need_id;
    w.relevance = h.relevance;
    w.title = h.title;
    w.unit = h.unit;
    w.regionCode = h.region_code;
    w.status = static_cast<wire::NeedStatus::type>(static_cast<int>(h.status));
    w.kind = static_cast<wire::NeedKind::type>(static_cast<int>(h.kind));
    w.windowStart = h.window_start;
    w.snippet = h.snippet;
    w.matchedTerms = h.matched_terms;
    page.hits.push_back(std::move(w));
  }
  if (results.facets) {
    wire::Facets f = RegionsAndFieldsToWire(*results.facets);
    f.status = CountsToWire(results.facets->status);
    f.kind = CountsToWire(results.facets->kind);
    page.__set_facets(std::move(f));
  }
  return page;
}

Result<search::NeedResults> FromThrift(const wire::NeedPage& page) {
  search::NeedResults out;
  out.estimated_total = TotalFromWire(page.estimatedTotal);
  out.relaxed = page.relaxed;
  int rank = 0;
  for (const wire::NeedHit& w : page.hits) {
    search::NeedHit h;
    h.need_id = w.needId;
    h.relevance = w.relevance;
    h.rank = ++rank;
    h.title = w.title;
    h.unit = w.unit;
    h.region_code = w.regionCode;
    HUICAI_ASSIGN_OR_RETURN(
        h.status,
        EnumFromWire<NeedStatus>(w.status, static_cast<int>(NeedStatus::kClosed), "hit.status"));
    HUICAI_ASSIGN_OR_RETURN(
        h.kind, EnumFromWire<NeedKind>(w.kind, static_cast<int>(NeedKind::kActivity), "hit.kind"));
    h.window_start = w.windowStart;
    h.snippet = w.snippet;
    h.matched_terms = w.matchedTerms;
    out.hits.push_back(std::move(h));
  }
  if (page.__isset.facets) {
    search::NeedFacets f;
    RegionsAndFieldsFromWire(page.facets, f);
    f.status = CountsFromWire(page.facets.status);
    f.kind = CountsFromWire(page.facets.kind);
    out.facets = std::move(f);
  }
  return out;
}

wire::StationQuery ToThrift(const search::StationQuery& query) {
  wire::StationQuery w;
  w.text = query.text;
  w.regionPrefix = query.region_prefix;
  w.disciplinePrefix = query.discipline_prefix;
  if (query.kind) {
    w.__set_kind(static_cast<wire::StationKind::type>(static_cast<int>(*query.kind)));
  }
  if (query.type) {
    w.__set_type(static_cast<wire::StationType::type>(static_cast<int>(*query.type)));
  }
  w.limit = static_cast<std::int32_t>(std::min<std::size_t>(query.limit, 1u << 30));
  w.offset = static_cast<std::int32_t>(std::min<std::size_t>(query.offset, 1u << 30));
  w.facets = query.facets;
  return w;
}

Result<search::StationQuery> FromThrift(const wire::StationQuery& query) {
  HUICAI_RETURN_IF_ERROR(PageFromWire(query.limit, query.offset));
  search::StationQuery out;
  out.text = query.text;
  out.region_prefix = query.regionPrefix;
  out.discipline_prefix = query.disciplinePrefix;
  if (query.__isset.kind) {
    HUICAI_ASSIGN_OR_RETURN(
        out.kind, EnumFromWire<StationKind>(query.kind, static_cast<int>(StationKind::kServiceBase),
                                            "query.kind"));
  }
  if (query.__isset.type) {
    HUICAI_ASSIGN_OR_RETURN(
        out.type, EnumFromWire<StationType>(
                      query.type, static_cast<int>(StationType::kComprehensive), "query.type"));
  }
  out.limit = static_cast<std::size_t>(query.limit);
  out.offset = static_cast<std::size_t>(query.offset);
  out.facets = query.facets;
  return out;
}

wire::StationPage ToThrift(const search::StationResults& results) {
  wire::StationPage page;
  page.estimatedTotal = static_cast<std::int64_t>(results.estimated_total);
  page.relaxed = results.relaxed;
  for (const search::StationHit& h : results.hits) {
    wire::StationHit w;
    w.stationId = h.station_id;
    w.relevance = h.relevance;
    w.name = h.name;
    w.hostUnit = h.host_unit;
    w.regionCode = h.region_code;
    w.kind = static_cast<wire::StationKind::type>(static_cast<int>(h.kind));
    w.type = static_cast<wire::StationType::type>(static_cast<int>(h.type));
    w.snippet = h.snippet;
    w.matchedTerms = h.matched_terms;
    page.hits.push_back(std::move(w));
  }
  if (results.facets) {
    wire::Facets f = RegionsAndFieldsToWire(*results.facets);
    f.kind = CountsToWire(results.facets->kind);
    f.type = CountsToWire(results.facets->type);
    page.__set_facets(std::move(f));
  }
  return page;
}

Result<search::StationResults> FromThrift(const wire::StationPage& page) {
  search::StationResults out;
  out.estimated_total = TotalFromWire(page.estimatedTotal);
  out.relaxed = page.relaxed;
  int rank = 0;
  for (const wire::StationHit& w : page.hits) {
    search::StationHit h;
    h.station_id = w.stationId;
    h.relevance = w.relevance;
    h.rank = ++rank;
    h.name = w.name;
    h.host_unit = w.hostUnit;
    h.region_code = w.regionCode;
    HUICAI_ASSIGN_OR_RETURN(
        h.kind,
        EnumFromWire<StationKind>(w.kind, static_cast<int>(StationKind::kServiceBase), "hit.kind"));
    HUICAI_ASSIGN_OR_RETURN(
        h.type, EnumFromWire<StationType>(w.type, static_cast<int>(StationType::kComprehensive),
                                          "hit.type"));
    h.snippet = w.snippet;
    h.matched_terms = w.matchedTerms;
    out.hits.push_back(std::move(h));
  }
  if (page.__isset.facets) {
    search::StationFacets f;
    RegionsAndFieldsFromWire(page.facets, f);
    f.kind = CountsFromWire(page.facets.kind);
    f.type = CountsFromWire(page.facets.type);
    out.facets = std::move(f);
  }
  return out;
}

ServiceEvent FromThrift(const wire::ServiceEvent& event) {
  ServiceEvent out;
  out.seq = event.seq;
  out.request_id = event.requestId;
  out.item_id = event.itemId;
  out.at = event.at;
  out.actor = event.actor;
  out.action = event.action;
  out.note = event.note;
  return out;
}

wire::IdentifierKind::type IdentifierKindToWire(IdentifierKind kind) {
  return static_cast<wire::IdentifierKind::type>(static_cast<int>(kind));
}

Result<IdentifierKind> IdentifierKindFromWire(wire::IdentifierKind::type kind,
                                              std::string_view field) {
  return EnumFromWire<IdentifierKind>(kind, static_cast<int>(IdentifierKind::kTalentCard), field);
}

Result<ServiceItemStatus> ServiceStatusFromWire(wire::ServiceItemStatus::type status,
                                                std::string_view field) {
  return EnumFromWire<ServiceItemStatus>(status, static_cast<int>(ServiceItemStatus::kDone), field);
}

Result<std::optional<Date>> OptionalDateFromWire(const std::string& text, std::string_view field) {
  if (text.empty()) return std::optional<Date>();
  HUICAI_ASSIGN_OR_RETURN(Date date, DateFromWire(text, field));
  return std::optional<Date>(date);
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
    case wire::ErrorCode::RESOURCE_EXHAUSTED:
      return Status::ResourceExhausted(error.message);
  }
  return Status::Internal("hub answered with unknown error code " +
                          std::to_string(static_cast<int>(error.code)) + ": " + error.message);
}

}  // namespace huicai::exchange::internal
