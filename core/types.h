#pragma once
// core: the domain types every folder speaks in. Plain values, no I/O.
// Codes follow the national standards named beside each field (DOMAIN.md).
// Thread-safety: plain values; copy freely.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace huicai {

// Hub-assigned identifiers. 0 means "not stored yet".
using PersonId = std::int64_t;
using NeedId = std::int64_t;
using StationId = std::int64_t;

// A calendar date; ISO text form "YYYY-MM-DD".
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  friend auto operator<=>(const Date&, const Date&) = default;
};

// GB/T 2261.1.
enum class Gender { kUnknown = 0, kMale = 1, kFemale = 2, kNotStated = 9 };

// Shandong's talent tiers (A top ... D young talent); kNone for records not yet certified.
enum class TalentTier { kNone = 0, kA = 1, kB = 2, kC = 3, kD = 4 };
std::string_view TalentTierName(TalentTier tier);                  // "A".."D", "-" for none
std::optional<TalentTier> ParseTalentTier(std::string_view text);  // "A"/"a"/"1"...

// 003 第五条: the four types of talent station.
enum class StationType { kInnovation, kEntrepreneurship, kService, kComprehensive };
std::string_view StationTypeName(StationType type);                  // Chinese name: 创新型 ...
std::optional<StationType> ParseStationType(std::string_view text);  // Chinese or English

// One natural person as the hub knows them, linked from partner records.
struct Person {
  PersonId id = 0;
  std::string
      id_number;     // GB 11643, normalised 18 characters; empty for foreign experts without one
  std::string name;  // Chinese or Latin
  Gender gender = Gender::kUnknown;
  std::optional<Date> birth_date;
  std::string region_code;  // GB/T 2260 household region, 6 digits
  std::string nationality;  // ISO 3166-1 alpha-3, "CHN" by default
  std::string passport;     // for foreign experts
  std::string mobile;       // 11 digits
};

// The numbers a person may be looked up by exactly, where the caller's rights allow. The search
// index never holds them as text, only keyed hashes of them (search::IndexOptions::lookup_key).
enum class IdentifierKind { kIdNumber, kMobile, kBankCard, kTalentCard };
std::string_view IdentifierKindName(IdentifierKind kind);  // "id_number", "mobile", ...
struct PersonIdentifiers {
  std::string id_number;                // GB 11643, normalised; empty when none
  std::string mobile;                   // 11 digits; empty when none
  std::vector<std::string> bank_cards;  // digits, from the person's bank card accounts
};

// A high-level talent: a person with a talent card and what they can offer.
struct Talent {
  PersonId person_id = 0;
  std::string name;  // copied from Person for search and display
  TalentTier tier = TalentTier::kNone;
  std::string card_number;               // 惠才卡 number
  std::string employer;                  // employer name
  std::string employer_credit_code;      // GB 32100
  std::vector<std::string> disciplines;  // GB/T 13745 codes, e.g. "210" or "21020"
  std::vector<std::string> industries;   // GB/T 4754 codes
  std::string title;                     // GB/T 8561 title name, e.g. 研究员
  std::string specialties;               // free text
  std::string region_code;               // where they work, GB/T 2260
  int days_available = 0;                // days a year they can give to grassroots service
  int grassroots_days_served = 0;        // this year so far
  bool in_programme = false;  // in the experts-serve-grassroots programme (15 days a year)
};

enum class NeedStatus { kOpen, kMatched, kClosed };
std::string_view NeedStatusName(NeedStatus status);  // "open" ...

// What asks for experts: a grassroots unit's need, a project of an expert service base
// (专家服务基地), or an activity of a talent station (人才驿站); the last two need a host.
enum class NeedKind { kNeed, kProject, kActivity };
std::string_view NeedKindName(NeedKind kind);  // "need", "project", "activity"
std::optional<NeedKind> ParseNeedKind(std::string_view text);

// A need for expertise posted by a grassroots unit (基层需求).
struct Need {
  NeedId id = 0;
  std::string unit;              // posting unit's name
  std::string unit_credit_code;  // GB 32100, may be empty
  std::string region_code;       // GB/T 2260, county level
  std::string title;
  std::string description;
  std::vector<std::string> disciplines;  // GB/T 13745 codes
  int days = 0;                          // days of service each expert gives
  int headcount = 1;                     // experts wanted
  Date window_start;
  Date window_end;
  NeedStatus status = NeedStatus::kOpen;
  NeedKind kind = NeedKind::kNeed;
  std::string host;  // the service base or station of a project or activity; empty for a need
};

// The two kinds of place that host experts: a talent station (人才驿站, 003) or an expert
// service base (专家服务基地, 000 §12).
enum class StationKind { kStation, kServiceBase };
std::string_view StationKindName(StationKind kind);  // "station", "base"
// "station" / 人才驿站 / 驿站, "base" / 专家服务基地 / 基地.
std::optional<StationKind> ParseStationKind(std::string_view text);

// A talent station (人才驿站) or expert service base (专家服务基地). Known by its name within its
// region; projects and activities name it as their Need::host.
struct Station {
  StationId id = 0;
  std::string name;  // e.g. 兰陵县人才驿站
  StationKind kind = StationKind::kStation;
  std::string host_unit;    // the unit that runs it
  std::string region_code;  // GB/T 2260, where it is
  // 003 第五条: a station's type. Service bases have none of the four: kComprehensive.
  StationType type = StationType::kComprehensive;
  std::vector<std::string> disciplines;  // GB/T 13745 codes of the fields it serves
  std::string description;               // what it offers, free text
};

// One named part of a match score, kept so every proposal can say why it was made.
struct ScorePart {
  std::string name;    // "text", "discipline", "region", "load", ...
  double value = 0;    // contribution to the score, after weighting
  std::string detail;  // human-readable: "shared terms: 果树 病虫害"
};

enum class ProposalStatus { kProposed, kAccepted, kDeclined, kCompleted };
std::string_view ProposalStatusName(ProposalStatus status);
std::optional<ProposalStatus> ParseProposalStatus(std::string_view text);

// An expert proposed for a need by a matching round.
struct Proposal {
  NeedId need_id = 0;
  PersonId person_id = 0;
  std::string round;
  double score = 0;
  std::vector<ScorePart> parts;
  ProposalStatus status = ProposalStatus::kProposed;
  int days_served = 0;     // when completed: grassroots days the expert served
  std::string note;        // when declined: the reason given
  std::string updated_at;  // UTC, ISO 8601; set by the store
};

// A row from a partner system after mapping: field name -> text value. Partner-neutral.
struct Record {
  std::string partner;     // "tax", "education", ...
  std::string kind;        // the kind of record it feeds: "identity", "degree", ...
  std::string source_key;  // the partner's key, joined with '|'
  std::string watermark;   // the partner's change marker for this row
  std::map<std::string, std::string> fields;  // mapped field -> value (already trimmed)
  bool deleted = false;                       // the partner marked the row deleted (tombstone)
};

// Why a row was refused; kept in quarantine with the raw values.
struct Rejection {
  std::string partner;
  std::string source_key;
  std::string reason_code;                 // "bad_id_check", "bad_date", "missing_field", ...
  std::string message;                     // precise, for a person
  std::map<std::string, std::string> raw;  // the row as the partner sent it
};

// A table of text cells, as a partner database holds it: used to write generated partner
// data and outbound batches. nullopt is SQL NULL.
struct RowTable {
  std::string name;                       // table name
  std::vector<std::string> columns;       // column names
  std::vector<std::string> column_types;  // per column: "text", "integer", "real"
  std::vector<std::vector<std::optional<std::string>>> rows;
};

std::string FormatDate(const Date& date);                 // "YYYY-MM-DD"
std::optional<Date> ParseIsoDate(std::string_view text);  // "YYYY-MM-DD" only; checks the calendar
bool IsValidDate(const Date& date);                       // real calendar day, year 1800..2200
int DaysBetween(const Date& from, const Date& to);        // to - from in days

}  // namespace huicai
