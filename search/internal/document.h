#pragma once
// search internal: the Xapian documents for talents and needs, and the small record kept
// in each document's data for building hits without another lookup.
// Thread-safety: pure functions.
#include <xapian.h>

#include <string>
#include <string_view>

#include "core/types.h"
#include "search/index.h"

namespace huicai::search::internal {

// Value slots (sortable_serialise'd numbers), for sorting and ranges in later queries.
inline constexpr Xapian::valueno kSlotTier = 0;
inline constexpr Xapian::valueno kSlotDaysAvailable = 1;
inline constexpr Xapian::valueno kSlotDaysServed = 2;
// The entity's own id (person, need, policy article): hits of equal relevance are ordered by it,
// so the order does not depend on Xapian's internal document ids (which differ between an index
// kept up to date and one rebuilt from empty).
inline constexpr Xapian::valueno kSlotId = 3;
// Every facet of a document in one value, so counting reads one value per match:
// talents "371324|B|210,230" (region as stored, tier letter or "-", first-level fields),
// needs "371324|open|project|210" (region, status, kind, fields), stations
// "371324|station|创新型|210" (region, kind, type, fields).
inline constexpr Xapian::valueno kSlotFacets = 4;
inline constexpr char kFacetSep = '|';
// Needs: the service window's start
// (YYYY-MM-DD, "" when unset) followed by the id in 20 digits, so that sorting it as text puts
// the latest window and then the latest need first.
inline constexpr Xapian::valueno kSlotRecency = 8;

std::string TalentIdTerm(PersonId id);
std::string NeedIdTerm(NeedId id);
std::string ArticleIdTerm(std::int64_t article_id);        // unique per policy article
std::string PolicyDocumentTerm(std::int64_t document_id);  // on every article of a document

std::string StationIdTerm(StationId id);
std::string NeedKindTerm(NeedKind kind);        // XTneed, XTproject, XTactivity
std::string NeedStatusTerm(NeedStatus status);  // XSopen ...

// The documents for a talent and a need. Index no ID, phone, card
// or credit-code number.
Xapian::Document BuildTalentDocument(const Talent& talent, Xapian::TermGenerator& generator);
Xapian::Document BuildNeedDocument(const Need& need, Xapian::TermGenerator& generator);
// A talent station or service base: name (weight 2), host unit and description; region,
// fields, kind and type as filters; facets "region|kind|type|fields".
Xapian::Document BuildStationDocument(const Station& station, Xapian::TermGenerator& generator);
std::string StationKindTerm(StationKind kind);  // XBstation, XBbase
std::string StationTypeTerm(StationType type);  // XC创新型 ...
// One policy article: its text (weight 2), the title, headings, measure and issuer; the 文号 as
// a filter term.
Xapian::Document BuildPolicyDocument(const PolicyEntry& entry, Xapian::TermGenerator& generator);

// The words a talent adds to the spelling dictionary (suggestions for mistyped queries): the
// name's pinyin read whole ("zhangwei") and the Latin words of 3 letters or more in the name,
// title, employer and specialties, lower-cased.
std::vector<std::string> SpellingWords(const Talent& talent);

// What a hit shows, stored as the document data.
struct StoredFields {
  std::string kind;  // "talent"
  std::int64_t id = 0;
  std::string name;
  std::string title;
  std::string region_code;
  TalentTier tier = TalentTier::kNone;
  std::string specialties;  // for snippets; empty in documents of format 1
};

std::string SerialiseFields(const StoredFields& fields);
// False when `data` is not a talent's stored fields (format 1 or 2; a newer version's).
bool ParseFields(std::string_view data, StoredFields& out);

// What a need hit shows, stored as that document's data.
struct StoredNeed {
  std::int64_t id = 0;
  std::string title, unit, region_code, description, window_start;
  NeedStatus status = NeedStatus::kOpen;
  NeedKind kind = NeedKind::kNeed;
};
// False when `data` is not a need's (a talent's, an article's, or an older or newer format).
bool ParseNeed(std::string_view data, StoredNeed& out);

// What a station hit shows, stored as that document's data.
struct StoredStation {
  std::int64_t id = 0;
  std::string name, host_unit, region_code, description;
  StationKind kind = StationKind::kStation;
  StationType type = StationType::kComprehensive;
};
// False when `data` is not a station's.
bool ParseStation(std::string_view data, StoredStation& out);

// What a policy-article hit shows, stored as that document's data.
struct StoredArticle {
  std::int64_t article_id = 0, document_id = 0;
  std::string title, doc_number, number, heading, part, text;
};
// False when `data` is not a policy article's (a talent's or need's, or a newer format).
bool ParseArticle(std::string_view data, StoredArticle& out);

}  // namespace huicai::search::internal
