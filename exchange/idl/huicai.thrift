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

const string API_VERSION = "1.1"

// What a failed call means for the caller.
enum ErrorCode {
  INVALID_ARGUMENT = 1,   // the request is wrong; sending it again fails again
  NOT_FOUND = 2,          // the person, need or proposal asked for does not exist
  UNAVAILABLE = 3,        // the hub or one of its stores is down or busy; retry later
  DATA_ERROR = 4,         // stored data is inconsistent; report it to the hub operators
  INTERNAL = 5,           // a bug in the hub; report it with the message
  PERMISSION_DENIED = 6,  // the calling agency may not make this call or see this data
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
struct TalentQuery {
  1: string text = "",                   // free text, Chinese or Latin
  2: string regionPrefix = "",           // GB/T 2260 prefix: "37" Shandong, "3713" Linyi
  3: optional TalentTier tier,           // unset: any tier
  4: string disciplinePrefix = "",       // GB/T 13745 prefix
  5: i32 limit = 10,                     // at most this many hits, 0..1000
}

struct TalentHit {
  1: Talent talent,
  2: double relevance = 0.0,             // higher is better; comparable within one search
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
}

// What a department learns when it checks a talent card (惠才卡) shown at its window.
struct CardCheck {
  1: bool valid = false,            // a card of a certified talent the hub knows
  2: TalentTier tier = TalentTier.NONE,
  3: bool holderMatches = false,    // the ID number given is the card holder's
  4: i64 personId = 0,              // the holder, when valid
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
}
