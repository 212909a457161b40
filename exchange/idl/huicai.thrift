// huicai (惠才) hub exchange API, served by `huicai serve` over framed binary Thrift.
//
// Compatibility rules (binding for every change to this file):
//  - Field ids are never reused and never renumbered. A removed field leaves its id behind
//    in a comment ("// 7: removed in 1.3, do not reuse").
//  - Every field is optional or has a default, so a client built against an older IDL keeps
//    working when fields are added: unknown fields are skipped by the reader.
//  - Enum values are never renumbered; readers must treat unknown values as an error of the
//    request (INVALID_ARGUMENT), not crash.
//  - API_VERSION changes its minor number for additions and its major number for breaks.
// Dates travel as ISO text "YYYY-MM-DD"; an empty string means "no date".
// The full partner guide is docs/api.md.

namespace cpp huicai.exchange.thrift
namespace py huicai_thrift

const string API_VERSION = "1.6"

// What a failed call means for the caller.
enum ErrorCode {
  INVALID_ARGUMENT = 1,   // the request is wrong; sending it again fails again
  NOT_FOUND = 2,          // the person, need or proposal asked for does not exist
  UNAVAILABLE = 3,        // the hub or one of its stores is down or busy; retry later
  DATA_ERROR = 4,         // stored data is inconsistent; report it to the hub operators
  INTERNAL = 5,           // a bug in the hub; report it with the message
  PERMISSION_DENIED = 6,  // the calling agency may not make this call or see this data
  RESOURCE_EXHAUSTED = 7, // the agency is over its request rate; retry after the time the
                          // message names (added in 1.2)
}

exception HubError {
  1: ErrorCode code = ErrorCode.INTERNAL,
  2: string message = "",
}

// Shandong's talent tiers; NONE for records not yet certified.
enum TalentTier {
  NONE = 0,
  A = 1,
  B = 2,
  C = 3,
  D = 4,
}

enum NeedStatus {
  OPEN = 0,
  MATCHED = 1,
  CLOSED = 2,
}

// What asks for experts (added in 1.2): a grassroots unit's need, a project of an expert
// service base (专家服务基地) or an activity of a talent station (人才驿站).
enum NeedKind {
  NEED = 0,
  PROJECT = 1,
  ACTIVITY = 2,
}

// GB/T 2261.1.
enum Gender {
  UNKNOWN = 0,
  MALE = 1,
  FEMALE = 2,
  NOT_STATED = 9,
}

enum ProposalStatus {
  PROPOSED = 0,
  ACCEPTED = 1,
  DECLINED = 2,
  COMPLETED = 3,
}

// A high-level talent holding a talent card (惠才卡).
struct Talent {
  1: i64 personId = 0,
  2: string name = "",
  3: TalentTier tier = TalentTier.NONE,
  4: string cardNumber = "",
  5: string employer = "",
  6: string employerCreditCode = "",     // GB 32100
  7: list<string> disciplines = [],      // GB/T 13745 codes
  8: list<string> industries = [],       // GB/T 4754 codes
  9: string title = "",                  // GB/T 8561 title name
  10: string specialties = "",
  11: string regionCode = "",            // GB/T 2260, where they work
  12: i32 daysAvailable = 0,             // days a year for grassroots service
  13: i32 grassrootsDaysServed = 0,      // this year so far
  14: bool inProgramme = false,          // in the experts-serve-grassroots programme
}

// What to look for in searchTalents. Empty text and prefixes match everything.
// The order of talent hits (1.4).
enum TalentSort {
  BY_RELEVANCE = 0,
  BY_AVAILABILITY = 1,                   // most grassroots days left this year first
}

struct TalentQuery {
  1: string text = "",                   // free text, Chinese or Latin; names in pinyin too
  2: string regionPrefix = "",           // GB/T 2260 prefix: "37" Shandong, "3713" Linyi
  3: optional TalentTier tier,           // unset: any tier
  4: string disciplinePrefix = "",       // GB/T 13745 prefix
  5: i32 limit = 10,                     // at most this many hits, 0..1000
  6: i32 offset = 0,                     // hits to skip, for the next page (1.4)
  7: bool facets = false,                // searchTalentPage: count matches per value (1.4)
  8: TalentSort sort = TalentSort.BY_RELEVANCE,  // (1.4)
}

struct TalentHit {
  1: Talent talent,
  2: double relevance = 0.0,             // higher is better; comparable within one search
  3: string snippet = "",                // specialties around the matches, matches in 【】 (1.4)
  4: list<string> matchedTerms = [],     // the query's words this talent matched (1.4)
}

// Matches per value over all matches of a search (not only the page), inside the calling
// agency's regions (1.4). Keys: province "37", city "3713", county "371324", tier "A".."D"
// or "-", first-level field "210", need status "open", need kind "project", station kind
// "station" or "base", station type "创新型" (1.5).
struct Facets {
  1: map<string, i64> province = {},
  2: map<string, i64> city = {},
  3: map<string, i64> county = {},
  4: map<string, i64> tier = {},         // talents only
  5: map<string, i64> discipline = {},
  6: map<string, i64> status = {},       // needs only
  7: map<string, i64> kind = {},         // needs and (1.5) stations
  8: map<string, i64> type = {},         // stations only (1.5)
}

// A page of talents (searchTalentPage, 1.4).
struct TalentPage {
  1: list<TalentHit> hits = [],
  2: i64 estimatedTotal = 0,             // exact when facets were asked for
  3: optional Facets facets,
  4: bool relaxed = false,               // no talent has every word; these have some
  5: string suggestion = "",             // the text spelled as indexed words ("zhangwei")
}

// A need for expertise posted by a grassroots unit (基层需求).
struct Need {
  1: i64 id = 0,                         // 0 when posting; set by the hub
  2: string unit = "",
  3: string unitCreditCode = "",         // GB 32100, may be empty
  4: string regionCode = "",             // GB/T 2260, county level
  5: string title = "",
  6: string description = "",
  7: list<string> disciplines = [],      // GB/T 13745 codes
  8: i32 days = 0,                       // days of service each expert gives
  9: i32 headcount = 1,                  // experts wanted
  10: string windowStart = "",           // "YYYY-MM-DD"
  11: string windowEnd = "",             // "YYYY-MM-DD"
  12: NeedStatus status = NeedStatus.OPEN,
  13: NeedKind kind = NeedKind.NEED,     // added in 1.2
  14: string host = "",                  // the base or station of a project or activity (1.2)
}

// One named part of a match score: why a proposal was made.
struct ScorePart {
  1: string name = "",                   // "text", "discipline", "region", "load", ...
  2: double value = 0.0,                 // contribution to the score, after weighting
  3: string detail = "",                 // human-readable explanation
}

// An expert proposed for a need by a matching round.
struct Proposal {
  1: i64 needId = 0,
  2: i64 personId = 0,
  3: string round = "",
  4: double score = 0.0,
  5: list<ScorePart> parts = [],
  6: ProposalStatus status = ProposalStatus.PROPOSED,
  7: i32 daysServed = 0,                 // when completed (1.2)
  8: string note = "",                   // when declined: the reason given (1.2)
  9: string updatedAt = "",              // UTC, ISO 8601 (1.2)
}

// What a department learns when it checks a talent card (惠才卡) shown at its window.
struct CardCheck {
  1: bool valid = false,            // a card of a certified talent the hub knows
  2: TalentTier tier = TalentTier.NONE,
  3: bool holderMatches = false,    // the ID number given is the card holder's
  4: i64 personId = 0,              // the holder, when valid
}

// A person as the hub knows them (getPerson, 1.2). Fields follow the caller's rights: a field
// the agency may not see is unset; a field it may see masked carries the masked value
// ("371302********1239") and is named in `masked`.
struct Person {
  1: i64 personId = 0,
  2: optional string name,
  3: optional string idNumber,           // GB 11643, 18 characters
  4: optional Gender gender,
  5: optional string birthDate,          // "YYYY-MM-DD"
  6: optional string regionCode,         // GB/T 2260, household
  7: optional string nationality,        // ISO 3166-1 alpha-3
  8: optional string passport,
  9: optional string mobile,
  10: optional Talent talent,            // when a certified talent and the agency may see talents
  11: list<string> masked = [],          // the fields sent masked
}

// One record an agency sends (submitRecords, 1.2): hub field names with values in the hub's
// formats (docs/api.md lists the fields of each kind).
struct PartnerRecord {
  1: string kind = "",                   // "identity", "degree", "tax", "insurance", "talent", ...
  2: string sourceKey = "",              // the agency's own key of the record, stable across sends
  3: map<string, string> fields = {},
  4: bool deleted = false,               // the agency deleted the record: the hub removes it
  5: string watermark = "",              // the agency's change marker, kept for lineage
}

enum ReceiptStatus {
  ACCEPTED = 0,                          // stored (new, changed, or the same as before)
  QUARANTINED = 1,                       // refused and kept in quarantine with the reason
}

struct RecordReceipt {
  1: string sourceKey = "",
  2: ReceiptStatus status = ReceiptStatus.ACCEPTED,
  3: i64 personId = 0,                   // the person it was linked to, when accepted
  4: string reasonCode = "",             // when quarantined: "bad_id_check", "missing_field", ...
  5: string message = "",                // when quarantined: what to fix
}

// One entry of the change feed (changesSince, 1.2).
struct Change {
  1: i64 seq = 0,
  2: string entity = "",                 // "person", "talent", "need", "proposal"
  3: i64 entityId = 0,                   // for "proposal" the need's id
  4: string op = "",                     // "upsert", "delete"
}

struct ChangePage {
  1: list<Change> changes = [],
  2: i64 cursor = 0,                     // give it to the next call; opaque
  3: bool more = false,                  // more changes are waiting past the cursor
}

// The hub's answer to accept / decline / complete (1.2).
struct ProposalAnswer {
  1: Proposal proposal,
  2: list<Proposal> rematched = [],      // after a decline: who now takes the freed place
  3: NeedStatus needStatus = NeedStatus.OPEN,
}

struct UnfilledNeed {
  1: i64 needId = 0,
  2: string reason = "",
}

// A matching round's report with the live answers to its proposals (getMatchReport, 1.2).
struct MatchReport {
  1: string round = "",
  2: string ranAt = "",                  // UTC, ISO 8601
  3: i64 needs = 0,
  4: i64 needsFilled = 0,
  5: i64 slots = 0,
  6: i64 proposals = 0,
  7: i64 priorityNeeds = 0,              // in old revolutionary or underdeveloped areas
  8: i64 priorityFilled = 0,
  9: i64 programmeExperts = 0,
  10: i64 onPace = 0,                    // programme experts on the 15-day pace
  11: double meanScore = 0.0,
  12: double objective = 0.0,
  13: bool optimal = false,
  14: double bound = 0.0,
  15: double loadGini = 0.0,
  16: double greedyObjective = 0.0,      // the greedy baseline on the same data
  17: i64 pending = 0,
  18: i64 accepted = 0,
  19: i64 declined = 0,
  20: i64 completed = 0,
  21: list<UnfilledNeed> unfilled = [],
  22: list<UnfilledNeed> refused = [],   // needs unfit to match, with what to do
}

// Green-channel service items (绿色通道, 并联办理 / 限时办结; 1.2).
enum ServiceItemStatus {
  SUBMITTED = 0,
  RECEIVED = 1,
  DELAYED = 2,                           // with a reason and a new date
  DONE = 3,
}

struct ServiceItem {
  1: i64 id = 0,
  2: i64 requestId = 0,
  3: string matter = "",                 // the configured matter, e.g. "hukou"
  4: string title = "",                  // 户籍办理
  5: string department = "",             // the department's agency name
  6: ServiceItemStatus status = ServiceItemStatus.SUBMITTED,
  7: string deadline = "",               // "YYYY-MM-DD": submitted + the matter's working days
  8: string promised = "",               // the new date given with a delay
  9: string reason = "",                 // the delay's reason
  10: string doneOn = "",
  11: i32 escalations = 0,               // times the window was told it is overdue
}

struct ServiceRequest {
  1: i64 id = 0,
  2: i64 personId = 0,
  3: string window = "",                 // the window that took it
  4: string note = "",
  5: string submittedOn = "",
  6: list<ServiceItem> items = [],
  7: bool done = false,                  // every item done
}

// One entry of a talent's service archive (服务档案).
struct ServiceEvent {
  1: i64 seq = 0,
  2: i64 requestId = 0,
  3: i64 itemId = 0,                     // 0: the request as a whole
  4: string at = "",                     // UTC, ISO 8601
  5: string actor = "",                  // the agency or operator
  6: string action = "",                 // "submitted", "received", "delayed", "done", "escalated"
  7: string note = "",
}

// Needs, service-base projects and station activities (searchNeeds, 1.4).
enum NeedSort {
  BY_RELEVANCE = 0,
  BY_RECENCY = 1,                        // the latest service window first
}
struct NeedQuery {
  1: string text = "",
  2: string regionPrefix = "",
  3: string disciplinePrefix = "",
  4: optional NeedKind kind,             // unset: any
  5: optional NeedStatus status,         // unset: any
  6: NeedSort sort = NeedSort.BY_RELEVANCE,
  7: i32 limit = 10,                     // 0..1000
  8: i32 offset = 0,
  9: bool facets = false,
}
struct NeedHit {
  1: i64 needId = 0,
  2: double relevance = 0.0,
  3: string title = "",
  4: string unit = "",
  5: string regionCode = "",
  6: NeedStatus status = NeedStatus.OPEN,
  7: NeedKind kind = NeedKind.NEED,
  8: string windowStart = "",            // "YYYY-MM-DD", empty when not set
  9: string snippet = "",                // the description around the matches, in 【】
  10: list<string> matchedTerms = [],
}
struct NeedPage {
  1: list<NeedHit> hits = [],
  2: i64 estimatedTotal = 0,
  3: optional Facets facets,
  4: bool relaxed = false,
}

// Talent stations (人才驿站) and expert service bases (专家服务基地) (searchStations, 1.5).
enum StationKind {
  STATION = 0,                           // 人才驿站
  SERVICE_BASE = 1,                      // 专家服务基地
}
// The four types of talent station; service bases are COMPREHENSIVE.
enum StationType {
  INNOVATION = 0,                        // 创新型
  ENTREPRENEURSHIP = 1,                  // 创业型
  SERVICE = 2,                           // 服务型
  COMPREHENSIVE = 3,                     // 综合型
}
struct StationQuery {
  1: string text = "",
  2: string regionPrefix = "",
  3: string disciplinePrefix = "",
  4: optional StationKind kind,          // unset: both
  5: optional StationType type,          // unset: any
  6: i32 limit = 10,                     // 0..1000
  7: i32 offset = 0,
  8: bool facets = false,                // counts per region, kind, type and field
}
struct StationHit {
  1: i64 stationId = 0,
  2: double relevance = 0.0,
  3: string name = "",
  4: string hostUnit = "",               // the unit that runs it
  5: string regionCode = "",
  6: StationKind kind = StationKind.STATION,
  7: StationType type = StationType.COMPREHENSIVE,
  8: string snippet = "",                // the description around the matches, in 【】
  9: list<string> matchedTerms = [],
}
struct StationPage {
  1: list<StationHit> hits = [],
  2: i64 estimatedTotal = 0,
  3: optional Facets facets,
  4: bool relaxed = false,
}

// The numbers a talent may be looked up by exactly (lookupTalent, 1.6). The hub's search index
// holds only keyed hashes of them, never the numbers.
enum IdentifierKind {
  ID_NUMBER = 0,                         // GB 11643 ID number; 15-digit numbers are upgraded
  MOBILE = 1,                            // mainland mobile; spaces, dashes and +86 allowed
  BANK_CARD = 2,                         // a bank card account of the person (惠才卡 bank)
  TALENT_CARD = 3,                       // the talent card (惠才卡) number, Talent.cardNumber
}

// Policy articles (searchPolicies, 1.3): what a planner asks of the policy documents.
struct PolicyQuery {
  1: string text = "",                   // free text; words ANDed, "phrases", AND / OR / NOT
  2: i32 limit = 10,                     // 0..1000
  3: i32 offset = 0,
}
struct PolicyHit {
  1: i64 articleId = 0,
  2: i64 documentId = 0,
  3: double relevance = 0.0,
  4: string title = "",                  // the document's title
  5: string docNumber = "",              // 文号, may be empty
  6: string number = "",                 // 第十七条, 15., (二); empty for the preamble
  7: string heading = "",                // the headings above the article
  8: string part = "",                   // the measure inside the document, when several
  9: string snippet = "",                // the text around the matches, matches in 【】
}
struct PolicyPage {
  1: list<PolicyHit> hits = [],
  2: i64 estimatedTotal = 0,
  3: bool relaxed = false,                // no article holds every word; these hold some
}

service HubService {
  // The API_VERSION the server speaks.
  string getApiVersion(),

  // NOT_FOUND: no talent with this person id.
  Talent getTalent(1: i64 personId) throws (1: HubError error),

  // INVALID_ARGUMENT: the limit is out of range or the query does not parse.
  list<TalentHit> searchTalents(1: TalentQuery query) throws (1: HubError error),

  // Returns the new need's id. INVALID_ARGUMENT: the message names the bad field.
  i64 postNeed(1: Need need) throws (1: HubError error),

  // NOT_FOUND: no need with this id. Best proposals first.
  list<Proposal> listProposals(1: i64 needId) throws (1: HubError error),

  // Is this talent card valid, of which tier, and does the ID number given belong to its
  // holder? An unknown card is valid = false, not an error. INVALID_ARGUMENT: no card number,
  // or the ID number fails its GB 11643 checks (the message says which). Added in 1.1.
  CardCheck verifyCard(1: string cardNumber, 2: string idNumber) throws (1: HubError error),

  // --- added in 1.2 ---

  // A person with the fields the caller may see (see Person). NOT_FOUND: no such person;
  // PERMISSION_DENIED: the person lives and works outside the caller's regions.
  Person getPerson(1: i64 personId) throws (1: HubError error),

  // Stores a batch of the calling agency's records (at most 1,000), filed under the agency's
  // name; one receipt per record, in order. A bad record is quarantined with its reason, the
  // others are stored: the batch as a whole fails only for a bad request or an outage (then
  // nothing is stored and sending it again is safe). PERMISSION_DENIED: a record kind the
  // agency may not send (nothing is stored), or a connection without client certificate.
  list<RecordReceipt> submitRecords(1: list<PartnerRecord> records) throws (1: HubError error),

  // Changes past `cursor` (0 = from the start) that the caller may see, at most `limit`
  // (1..10000). Poll with the returned cursor.
  ChangePage changesSince(1: i64 cursor, 2: i32 limit) throws (1: HubError error),

  // Changes an open need (the need's id set; kind and host too). INVALID_ARGUMENT: a bad field,
  // or the need is no longer open. NOT_FOUND: no such need.
  void updateNeed(1: Need need) throws (1: HubError error),

  // Answers to a proposal. accept: proposed -> accepted. decline: with a reason; the freed place
  // is re-matched at once. complete: accepted -> completed with the days served (1..365).
  // NOT_FOUND: no such proposal; INVALID_ARGUMENT: the answer does not fit its status;
  // DATA_ERROR: someone answered at the same time, read it again.
  ProposalAnswer acceptProposal(1: i64 needId, 2: i64 personId) throws (1: HubError error),
  ProposalAnswer declineProposal(1: i64 needId, 2: i64 personId, 3: string reason)
      throws (1: HubError error),
  ProposalAnswer completeProposal(1: i64 needId, 2: i64 personId, 3: i32 daysServed)
      throws (1: HubError error),

  // The report of a round ("" = the latest) with the answers so far. NOT_FOUND: no such round.
  MatchReport getMatchReport(1: string round) throws (1: HubError error),

  // Splits a green-channel request into one item per matter, each sent to its department with
  // a deadline in working days; the caller is the window. INVALID_ARGUMENT: unknown matter (the
  // message lists the known ones), a matter twice, or the person holds no talent card.
  ServiceRequest submitServiceRequest(1: i64 personId, 2: list<string> matters, 3: string note)
      throws (1: HubError error),

  // A department reports on its item: RECEIVED, DONE, or DELAYED with a reason and a new date
  // ("YYYY-MM-DD", after today). PERMISSION_DENIED: the item is another department's.
  ServiceItem updateItem(1: i64 itemId, 2: ServiceItemStatus status, 3: string reason,
                         4: string newDate) throws (1: HubError error),

  // A request and the progress of its items. NOT_FOUND: no such request.
  ServiceRequest getServiceRequest(1: i64 requestId) throws (1: HubError error),

  // Everything done for a talent, oldest first (服务档案).
  list<ServiceEvent> getServiceArchive(1: i64 personId) throws (1: HubError error),
  // --- added in 1.3 ---
  // Policy articles for a question in plain words. INVALID_ARGUMENT: limit or offset out of
  // range, or the text does not parse. NOT_FOUND: the hub has no search index yet.
  PolicyPage searchPolicies(1: PolicyQuery query) throws (1: HubError error),

  // --- added in 1.4 ---
  // Talents as searchTalents, with the total, paging, order, snippets and, when asked, facet
  // counts. Hits, total and facets only cover the calling agency's regions.
  // INVALID_ARGUMENT: limit or offset out of range, or the text does not parse.
  // NOT_FOUND: the hub has no search index yet.
  TalentPage searchTalentPage(1: TalentQuery query) throws (1: HubError error),
  // Needs, projects and activities in the calling agency's regions. Errors as searchTalentPage.
  NeedPage searchNeeds(1: NeedQuery query) throws (1: HubError error),

  // --- added in 1.5 ---
  // Talent stations and expert service bases in the calling agency's regions. Errors as
  // searchTalentPage.
  StationPage searchStations(1: StationQuery query) throws (1: HubError error),

  // --- added in 1.6 ---
  // The talents holding this number exactly, in the calling agency's regions (none outside
  // them: an empty page, not an error), at most 10, with the fields the agency sees as in
  // searchTalentPage. Only for an agency that sees numbers of this kind whole: ID_NUMBER needs
  // the field idNumber, MOBILE mobile, BANK_CARD bankCard, TALENT_CARD cardNumber ("*": all).
  // The number is never logged, audited or echoed; the audit names the kind and the persons.
  // PERMISSION_DENIED: the call or the kind's field is not granted (the message names the
  // agency, the call and the kind). INVALID_ARGUMENT: an unknown kind, or the number fails a
  // check of its kind (the message names the check). NOT_FOUND: the hub has no search index yet.
  TalentPage lookupTalent(1: IdentifierKind kind, 2: string number) throws (1: HubError error),
}
