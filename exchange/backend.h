#pragma once
// exchange: what the Thrift server needs from the hub. The app implements Backend over hub/;
// tests implement it in memory. Only core types cross this file.
// Thread-safety: the server calls one Backend from several worker threads at once, so every
// implementation must be thread-safe.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/service.h"
#include "core/status.h"
#include "core/types.h"
#include "search/index.h"

namespace huicai::exchange {

// A talent search as partners send it. Empty text and prefixes match everything.
struct TalentSearch {
  std::string text;                // free text, Chinese or Latin
  std::string region_prefix;       // GB/T 2260 prefix: "37" Shandong, "3713" Linyi
  std::optional<TalentTier> tier;  // nullopt: any tier
  std::string discipline_prefix;   // GB/T 13745 prefix
  std::size_t limit = 10;          // at most this many hits; the server accepts 0..1000
  std::size_t offset = 0;          // hits to skip (1.4)
  bool facets = false;             // count all matches per value (1.4)
  search::TalentQuery::Sort sort = search::TalentQuery::Sort::kRelevance;  // (1.4)
  // Set by the server from the calling agency's rights: only talents in these GB/T 2260
  // prefixes, so hits, total and facets stay inside them. Empty: any.
  std::vector<std::string> allowed_regions;
  // Set by the server for lookupTalent (1.6), once the agency's rights allow the kind: only the
  // talents holding this number, as the caller typed it (the backend normalises it). The number
  // is personal data: never log it nor put it in a message. Searches over the wire never carry
  // it (the client refuses to send it). nullopt: no lookup.
  std::optional<search::TalentQuery::Lookup> lookup;
};

struct TalentSearchHit {
  Talent talent;
  double relevance = 0;  // higher is better; comparable only within one search
  std::string snippet;   // specialties around the matches, in 【】 (1.4)
  std::vector<std::string> matched_terms;
};

// A page of talents with the total and, when asked, the facets (searchTalentPage).
struct TalentSearchPage {
  std::vector<TalentSearchHit> hits;
  std::size_t estimated_total = 0;
  std::optional<search::TalentFacets> facets;
  bool relaxed = false;    // no talent has every word; these have some
  std::string suggestion;  // the text spelled as indexed words, when it may help
};

// A talent card checked at a department's window.
struct CardCheck {
  bool valid = false;  // a card of a certified talent the hub knows
  TalentTier tier = TalentTier::kNone;
  bool holder_matches = false;  // the ID number given is the card holder's
  PersonId person_id = 0;       // the holder, when valid
};

// A person with their talent record, when they are one (getPerson).
// Over the wire a field the agency may not see comes back empty, and `masked` names the fields
// that came back masked (the Backend leaves it empty).
struct PersonRecord {
  Person person;
  std::optional<Talent> talent;
  std::vector<std::string> masked;
};

// How one submitted record fared (submitRecords), in the order sent.
struct RecordReceipt {
  std::string source_key;
  bool accepted = false;
  PersonId person_id = 0;   // when accepted and linked
  std::string reason_code;  // when quarantined
  std::string message;      // when quarantined: what to fix
};

// One change-log entry with the region it concerns, so the server can filter the feed by the
// agency's regions: the talent's work region, the person's household region, the need's region;
// empty when the entity is gone (a delete) or has none.
struct ChangeEntry {
  std::int64_t seq = 0;
  std::string entity;  // "person", "talent", "need", "proposal"
  std::int64_t entity_id = 0;
  std::string op;  // "upsert", "delete"
  std::string region;
};

struct ChangeBatch {
  std::vector<ChangeEntry> changes;
  std::int64_t last_seq = 0;  // the last seq read (the next cursor), even when filtered out
  bool more = false;
};

enum class ProposalAnswerKind { kAccept, kDecline, kComplete };

struct ProposalAnswerResult {
  Proposal proposal;
  std::vector<Proposal> rematched;
  NeedStatus need_status = NeedStatus::kOpen;
};

struct UnfilledNeed {
  NeedId need_id = 0;
  std::string reason;
};

// A matching round's report as the API shows it (the hub keeps more).
struct MatchSummary {
  std::string round, ran_at;
  std::int64_t needs = 0, needs_filled = 0, slots = 0, proposals = 0, priority_needs = 0,
               priority_filled = 0, programme_experts = 0, on_pace = 0;
  double mean_score = 0, objective = 0, bound = 0, load_gini = 0, greedy_objective = 0;
  bool optimal = false;
  std::int64_t pending = 0, accepted = 0, declined = 0, completed = 0;
  std::vector<UnfilledNeed> unfilled, refused;
};

class Backend {
 public:
  virtual ~Backend() = default;

  // NotFound: no talent with this person id. Other codes pass through to the caller.
  [[nodiscard]] virtual Result<Talent> GetTalent(PersonId id) = 0;

  // InvalidArgument: the query does not parse (the message says where), or query.lookup's
  // number fails a check of its kind (the message names the check and must not hold the number).
  [[nodiscard]] virtual Result<TalentSearchPage> SearchTalents(const TalentSearch& query) = 0;

  // Stores a new need (need.id is ignored) and returns its id.
  // InvalidArgument: the need is bad; the message names the field and what is wrong with it.
  [[nodiscard]] virtual Result<NeedId> PostNeed(const Need& need) = 0;

  // The proposals made for a need, best first. NotFound: no need with this id.
  [[nodiscard]] virtual Result<std::vector<Proposal>> ListProposals(NeedId need) = 0;
  // The card's check; an unknown card is valid = false. `id_number` is already normalised
  // (18 characters) by the server.
  [[nodiscard]] virtual Result<CardCheck> VerifyCard(std::string_view card_number,
                                                     std::string_view id_number) = 0;

  // --- API 1.2 ---
  // NotFound: no person with this id.
  [[nodiscard]] virtual Result<PersonRecord> GetPerson(PersonId id) = 0;
  // Validates, links and stores `records` as partner `agency`'s, one receipt each in order.
  // Errors fail the whole batch with nothing stored (Unavailable: retry).
  [[nodiscard]] virtual Result<std::vector<RecordReceipt>> SubmitRecords(
      std::string_view agency, std::vector<Record> records) = 0;
  // Change-log entries with seq > `after`, at most `limit`, oldest first.
  [[nodiscard]] virtual Result<ChangeBatch> ChangesSince(std::int64_t after, size_t limit) = 0;
  // NotFound: no such need.
  [[nodiscard]] virtual Result<Need> GetNeed(NeedId id) = 0;
  // Replaces an open need's fields. NotFound; InvalidArgument (bad field, or no longer open).
  [[nodiscard]] virtual Status UpdateNeed(const Need& need) = 0;
  // See hub::Hub::AnswerProposal. `note`: a decline's reason.
  [[nodiscard]] virtual Result<ProposalAnswerResult> AnswerProposal(NeedId need, PersonId expert,
                                                                    ProposalAnswerKind kind,
                                                                    int days_served,
                                                                    std::string_view note) = 0;
  // The round's report ("" = the latest). NotFound: no such round.
  [[nodiscard]] virtual Result<MatchSummary> GetMatchReport(std::string_view round) = 0;
  // Green-channel service items (see hub::Hub's service methods). `window` and `department`
  // are the calling agency ("" on a plain connection: the hub operator).
  [[nodiscard]] virtual Result<ServiceRequest> SubmitServiceRequest(
      PersonId person, const std::vector<std::string>& matters, std::string_view window,
      std::string_view note) = 0;
  [[nodiscard]] virtual Result<ServiceItem> UpdateServiceItem(ServiceItemId item,
                                                              std::string_view department,
                                                              ServiceItemStatus status,
                                                              std::string_view reason,
                                                              std::optional<Date> new_date) = 0;
  [[nodiscard]] virtual Result<ServiceRequest> GetServiceRequest(ServiceRequestId id) = 0;
  [[nodiscard]] virtual Result<std::vector<ServiceEvent>> ServiceArchive(PersonId person) = 0;

  // --- API 1.3 ---
  // Policy articles (see hub::Hub::SearchPolicies). NotFound: no search index yet.
  [[nodiscard]] virtual Result<search::PolicyResults> SearchPolicies(
      const search::PolicyQuery& query) = 0;
  // --- API 1.4 ---
  // Needs, projects and activities (query.region_any: the agency's regions, set by the server).
  // InvalidArgument: the text does not parse. NotFound: no search index yet.
  [[nodiscard]] virtual Result<search::NeedResults> SearchNeeds(const search::NeedQuery& query) = 0;
  // --- API 1.5 ---
  // Talent stations and expert service bases (query.region_any: the agency's regions, set by
  // the server). InvalidArgument: the text does not parse. NotFound: no search index yet.
  [[nodiscard]] virtual Result<search::StationResults> SearchStations(
      const search::StationQuery& query) = 0;
};

}  // namespace huicai::exchange
