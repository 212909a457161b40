#pragma once
// hub: the use cases, and the only place that wires store/, connectors/, search/ and matcher/
// together: sync a partner, index changes, run a matching round, search talents.
// Thread-safety: a Hub is used by one thread at a time (it owns one database connection and
// one search handle); the server wraps it in a lock (see Service below).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/service.h"
#include "core/status.h"
#include "core/types.h"
#include "hub/config.h"
#include "search/index.h"
#include "store/store.h"

namespace huicai::hub {

// Progress of long work: stage name, units done, units in all (0 when unknown).
using ProgressFn =
    std::function<void(std::string_view stage, std::uint64_t done, std::uint64_t total)>;

// One sync run of a partner as the store keeps it; counts are committed batch by batch, so a
// run killed midway still says what it stored (status "interrupted" once the next run starts).
struct SyncRunView {
  std::int64_t id = 0;
  std::string partner;
  std::string status;  // "running", "finished", "failed", "interrupted"
  std::string started_at, finished_at;
  std::string checkpoint_from, checkpoint_to;
  std::int64_t batches = 0, rows_read = 0, inserted = 0, updated = 0, unchanged = 0,
               quarantined = 0, deleted = 0;
  std::string message;
};

struct SyncReport {
  std::string partner;
  std::int64_t run_id = 0;
  // Earlier runs of this partner that were killed midway; this run resumed where their last
  // committed batch left off. Their counts plus this run's are what the partner delivered.
  std::vector<SyncRunView> interrupted;
  std::int64_t rows_read = 0;
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;   // rows already stored with the same content
  std::int64_t duplicates = 0;  // exact duplicate rows in the partner's table
  std::int64_t quarantined = 0;
  // Records without ID number or passport (probabilistic linkage, this run): joined to a
  // person; founding a new person; sent to the review queue (also counted in quarantined).
  std::int64_t linked_probabilistic = 0;
  std::int64_t persons_founded = 0;
  std::int64_t reviews = 0;
  // Records with an ID number new to the hub that gave it to a person founded without one.
  std::int64_t ids_adopted = 0;
  std::map<std::string, std::int64_t> reasons;  // quarantine reason code -> rows, this run
  std::string checkpoint;                       // after the run
  Status status;                                // not OK: the partner failed; others go on
  double seconds = 0;
};

struct IndexReport {
  std::int64_t changes_applied = 0;
  std::int64_t talents_indexed = 0;
  std::int64_t needs_indexed = 0;
  std::int64_t stations_indexed = 0;  // talent stations and service bases
  std::int64_t policies_indexed = 0;  // policy documents (all their articles)
  std::int64_t last_seq = 0;
  std::uint64_t documents = 0;
  std::uint64_t size_bytes = 0;
  double seconds = 0;
};

struct UnfilledNeed {
  NeedId need_id = 0;
  std::string reason;  // "no candidate in field", "all candidates at capacity", ...
};

// A need left out of a round because it is not fit to match, with what to do about it.
struct RefusedNeed {
  NeedId need_id = 0;
  std::string reason;  // "window ended on 2026-10-01, before today ...; close or re-post it"
};

// What a plan does for the policy rules; the same figures for the optimal and the greedy plan.
struct PolicyFigures {
  double objective = 0;  // the model's value (matcher/assign.h); higher is better
  std::int64_t proposals = 0;
  std::int64_t needs_filled = 0;
  std::int64_t on_pace = 0;  // programme experts whose served + planned days reach the pace
  double load_gini = 0;      // Gini of calls (recent + this round) over candidate experts
  std::int64_t priority_filled = 0;
  double mean_score = 0;  // of the proposed pairs
};

// Needs of one kind in a round and how many got their full headcount.
struct KindFigures {
  std::string kind;  // "need", "project", "activity"
  std::int64_t needs = 0;
  std::int64_t filled = 0;
};

struct MatchReport {
  std::string round;
  std::string ran_at;  // UTC, ISO 8601
  std::int64_t needs = 0;
  std::int64_t needs_filled = 0;  // got their full headcount
  std::int64_t slots = 0;         // places over all needs in the round
  std::int64_t proposals = 0;
  std::int64_t priority_needs = 0;  // needs in old revolutionary or underdeveloped areas
  std::int64_t priority_filled = 0;
  std::int64_t programme_experts = 0;
  std::int64_t on_pace = 0;  // programme experts whose served + proposed days reach the pace
  double pace_days = 0;      // days an expert should have by the round's date (15 x year share)
  double mean_score = 0;
  double objective = 0;
  double load_gini = 0;  // of calls over the experts who were candidates
  bool optimal = true;   // the solver proved the plan optimal
  double bound = 0;      // no plan can do better than this objective
  std::int64_t pieces = 0, largest_piece = 0, mip_pieces = 0;
  PolicyFigures greedy;            // the greedy baseline (best pair first) on the same data
  std::vector<KindFigures> kinds;  // grassroots needs, service-base projects, station activities
  std::vector<UnfilledNeed> unfilled;
  std::vector<RefusedNeed> refused;
  double seconds_candidates = 0, seconds_scoring = 0, seconds_solve = 0, seconds_greedy = 0;
  // Live answers to the round's proposals (filled by MatchRoundReport, not by Match).
  std::int64_t pending = 0, accepted = 0, declined = 0, completed = 0;
};

// JSON of a report (also how the store keeps it); Decode: DataError when the text is not one.
std::string EncodeMatchReport(const MatchReport& report);
Result<MatchReport> DecodeMatchReport(std::string_view text);

// One call to the hub over its API, as the audit log keeps it (hash chain in store/).
struct AuditRecord {
  std::int64_t seq = 0;  // set by the store
  std::string at;        // UTC, set by the store when empty
  std::string agency;    // certificate common name; empty for a plain connection
  std::string method;
  std::vector<std::string> subjects;  // "person:N", "need:N"; never ID numbers
  std::vector<std::string> fields;    // talent fields returned
  std::string outcome;                // "ok" or the status code name
  std::string hash;                   // set by the store
};

struct AuditVerification {
  bool ok = true;
  std::int64_t entries = 0;
  std::int64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;             // "entry 17 was altered: ...", empty when ok
};

enum class ProposalAnswerKind { kAccept, kDecline, kComplete };

// A proposal after an answer; a decline or withdrawal also brings the proposals that re-match
// the place it freed (only that need; other proposals are not moved).
struct ProposalAnswer {
  Proposal proposal;
  std::vector<Proposal> rematched;
  NeedStatus need_status = NeedStatus::kOpen;
};

// Why an expert is, or is not, proposed for a need: the parts of the score and of the cost.
struct MatchExplanation {
  Need need;
  Talent expert;
  std::optional<Proposal> proposal;    // when a round proposed the pair
  std::vector<ScorePart> score_parts;  // text, discipline, region
  std::vector<ScorePart> cost_parts;   // priority, load, pace (from the round, when proposed)
  double score = 0;
  std::string verdict;  // one sentence: proposed in round X / why not
};

struct SearchRequest {
  std::string text;
  std::string region;  // code prefix or a region name (临沂 → 3713)
  // Only these GB/T 2260 prefixes (an agency's regions over the API): hits, totals and facets
  // stay inside them. Empty: any.
  std::vector<std::string> allowed_regions;
  std::optional<TalentTier> tier;
  std::string discipline;  // code prefix
  bool programme_only = false;
  size_t limit = 10;
  size_t offset = 0;
  bool facets = false;  // count all matches by region, tier and field (SearchResponse::facets)
  search::TalentQuery::Sort sort = search::TalentQuery::Sort::kRelevance;
  // Exact lookup by a number as typed (spaces, +86, full-width digits and 15-digit ID numbers
  // are normalised here); found through the index's keyed hashes, never the number itself. The
  // caller decides who may look up (the CLI's operator; the API checks the agency's rights).
  std::optional<search::TalentQuery::Lookup> lookup;
};

// Needs, service-base projects and station activities, as a planner or unit searches them.
struct NeedSearchRequest {
  std::string text;    // free text; may carry 地区: 学科: 类型:需求/项目/活动 prefixes
  std::string region;  // code prefix or a region name
  std::vector<std::string> allowed_regions;  // as SearchRequest
  std::string discipline;                    // code prefix
  std::optional<NeedKind> kind;              // nullopt: any (or as typed with 类型:)
  std::optional<NeedStatus> status;          // nullopt: any
  search::NeedQuery::Sort sort = search::NeedQuery::Sort::kRelevance;
  size_t limit = 10;
  size_t offset = 0;
  bool facets = false;
};

struct NeedSearchResponse {
  std::vector<search::NeedHit> hits;
  size_t estimated_total = 0;
  std::string region_prefix;  // the region filter as a code
  std::optional<search::NeedFacets> facets;
  bool relaxed = false;  // no need has every word; these have some (search::NeedResults)
};

// Talent stations and expert service bases, as a planner searches them.
struct StationSearchRequest {
  std::string text;    // free text; may carry 地区: 学科: 类型:驿站/基地 prefixes
  std::string region;  // code prefix or a region name
  std::vector<std::string> allowed_regions;  // as SearchRequest
  std::string discipline;                    // code prefix
  std::optional<StationKind> kind;           // stations or bases only; nullopt: both
  std::optional<StationType> type;           // 创新型 ...; nullopt: any
  size_t limit = 10;
  size_t offset = 0;
  bool facets = false;
};

struct StationSearchResponse {
  std::vector<search::StationHit> hits;
  size_t estimated_total = 0;
  std::string region_prefix;  // the region filter as a code
  std::optional<search::StationFacets> facets;
  bool relaxed = false;  // no station has every word; these have some
};

// What `huicai station import` did with a list of stations.
struct StationImport {
  int added = 0;
  int updated = 0;
  int unchanged = 0;
  std::vector<std::string> refused;  // "FILE line N: why", one per row not stored
};

struct SearchHit {
  Talent talent;
  double relevance = 0;
  std::vector<std::string> matched_terms;
  std::string snippet;  // specialties around the matches, in 【】
};

struct SearchResponse {
  std::vector<SearchHit> hits;
  size_t estimated_total = 0;
  std::string region_prefix;                   // the region filter as a code, after name resolution
  std::optional<search::TalentFacets> facets;  // when asked for
  bool relaxed = false;    // no talent has every word; these have some (search::TalentResults)
  std::string suggestion;  // the text spelled as indexed words ("zhangwei"), when it may help
};

struct QuarantineItem {
  std::int64_t id = 0;
  Rejection rejection;
  std::string created_at;  // UTC, ISO 8601
};

struct RetryReport {
  std::int64_t examined = 0;
  std::int64_t loaded = 0;          // now pass: stored and taken out of quarantine
  std::int64_t still_refused = 0;   // stay in quarantine
  std::int64_t reason_changed = 0;  // of those, fail for another reason now (entry rewritten)
  std::map<std::string, std::int64_t> reasons;  // why the still-refused rows fail now
};

// One field of a person as one partner stated it.
struct FieldSource {
  std::string field;
  std::string value;
  std::string partner;
  std::string source_key;
  std::string watermark;  // the partner's change marker when it was synced
};

// How one partner record found its person.
struct RecordLink {
  std::string partner;
  std::string kind;
  std::string source_key;
  std::string method;  // "id", "passport", "probabilistic", "new", "review"
  double probability = 1;
  std::string evidence;  // the weight each field added (text waterfall); empty for id/passport
};

// The merged picture of a person with where each value came from.
struct PersonView {
  Person person;
  std::optional<Talent> talent;
  std::vector<FieldSource> sources;             // every partner value, by field then partner
  std::vector<std::string> conflicting_fields;  // fields on which partners disagree
  std::vector<RecordLink> links;                // one per stored record, oldest first
};

struct OutboundReport {
  std::string file;       // the batch file written (or found identical)
  std::string signature;  // its detached signature
  std::string sha256;
  bool already_existed = false;
  std::int64_t lines = 0;
  std::int64_t total_fen = 0;
  std::int64_t skipped = 0;  // talents left out: no card account on file, or no ID number
  std::string summary;       // for logs: identifiers masked
};

struct LinkSourcesOptions {
  bool use_id = true;         // false: link on names, dates, gender and region only
  std::filesystem::path out;  // pairs CSV; empty = none
};

struct LinkSourcesReport {
  std::int64_t left_records = 0, right_records = 0;
  std::int64_t pairs = 0;    // cross-source pairs linked
  std::int64_t reviews = 0;  // cross-source pairs for review
  std::int64_t candidate_pairs = 0;
  // Judged against the ID numbers when the records carry them and use_id is false.
  std::int64_t true_pairs = 0;  // cross-source pairs sharing an ID number
  double precision = 0, recall = 0, f1 = 0;
  bool judged = false;
  double seconds = 0;
};

// What a department answers on a green-channel item (Hub::UpdateServiceItem).
enum class ServiceAction { kReceived, kDone, kDelayed };

// How one record sent over the API fared (Hub::SubmitRecords), in the order sent.
struct RecordReceipt {
  std::string source_key;
  bool accepted = false;    // stored: new, changed or the same as before
  PersonId person_id = 0;   // the person it is linked to, when accepted
  std::string reason_code;  // when quarantined
  std::string message;      // when quarantined: what to fix
};

// One change-log entry with the region it concerns (the talent's work region, the person's
// household region, the need's region); empty when the entity is gone or has none.
struct FeedEntry {
  std::int64_t seq = 0;
  std::string entity;  // "person", "talent", "need", "proposal"
  std::int64_t entity_id = 0;
  std::string op;  // "upsert", "delete"
  std::string region;
};

struct FeedPage {
  std::vector<FeedEntry> entries;
  std::int64_t last_seq = 0;  // the next cursor: the last entry's seq, or the one given
  bool more = false;          // more entries wait past last_seq
};

// How one policy file fared in Hub::ImportPolicies.
struct PolicyFileReport {
  std::filesystem::path file;
  std::string title;
  std::string doc_number;
  std::int64_t id = 0;        // the stored document, when imported
  std::int64_t articles = 0;  // articles in the document
  std::string outcome;        // "new", "replaced", "unchanged" or "refused"
  std::string error;          // why it was refused (what to check in the file)
};

class Hub {
 public:
  // Opens the store (and migrates it) and the search index named by the config.
  // Unavailable: the database cannot be reached; DataError: the index is corrupt.
  static Result<std::unique_ptr<Hub>> Open(const HubConfig& config);
  ~Hub();

  const HubConfig& config() const;

  // Creates or migrates the hub schema; idempotent.
  Status Init();

  // Syncs one partner (by mapping name) or all partners (empty name) past their checkpoints.
  // Each partner's report carries its own status; a partner that is down does not stop others.
  // NotFound: no mapping file of that name.
  Result<std::vector<SyncReport>> Sync(std::string_view partner, const ProgressFn& progress = {});

  // Applies the store's change log past the index's checkpoint. rebuild: empties the index, then
  // indexes every talent, need and policy as the store holds them now (talents through
  // search::Index::BuildTalents, on all cores) and the changes made meanwhile.
  Result<IndexReport> Index(bool rebuild, const ProgressFn& progress = {});

  // Runs one global matching round over all open needs; stores the proposals and the report.
  // Accepted and completed pairs stay fixed; what nobody answered yet is re-planned. A need
  // unfit to match (window over, no discipline, unknown region ...) is listed in refused and
  // the round goes on.
  Result<MatchReport> Match(std::string_view round, const ProgressFn& progress = {});
  // The stored report of a round (the latest when empty) with the live answers to it.
  // NotFound: no such round.
  Result<MatchReport> MatchRoundReport(std::string_view round);
  // An answer to a proposal: accept (proposed -> accepted), decline (proposed or accepted ->
  // declined, with a reason; the freed place is re-matched at once), complete (accepted ->
  // completed, with the days served, 1..365, which count towards the 15-day pace).
  // NotFound: no such proposal. InvalidArgument: the answer does not fit the status (the
  // message says the status). DataError: someone answered at the same time; read it again.
  Result<ProposalAnswer> AnswerProposal(NeedId need, PersonId expert, ProposalAnswerKind kind,
                                        int days_served, std::string_view note);
  // Appends calls to the audit log, in order, in one transaction. InvalidArgument: an entry
  // without method or outcome, or a subject that is an ID number (nothing is written).
  Status Audit(std::span<const AuditRecord> records);
  // Recomputes the audit log's hash chain; names the first altered, removed or reordered entry.
  Result<AuditVerification> VerifyAudit();
  // Audit entries oldest first; agency and since (UTC date or time) empty = all.
  Result<std::vector<AuditRecord>> ListAudit(std::string_view agency, std::string_view since,
                                             size_t limit);

  // Why `expert` is or is not proposed for `need`. NotFound: no such need or talent.
  Result<MatchExplanation> ExplainMatch(NeedId need, PersonId expert);

  // Talents. The text may carry field prefixes (hub/query_syntax.h: 地区:临沂 等级:A 学科:210)
  // that fill the filters the request leaves empty. InvalidArgument: a prefix is malformed, a
  // filter is given twice differently, 类型:政策 (search policies instead), the text does not
  // parse, or the region is unknown. NotFound: no index yet.
  Result<SearchResponse> Search(const SearchRequest& request);

  // Needs, projects and activities: prefixes, synonyms and region names as Search.
  // NotFound: no index yet. InvalidArgument: as Search, or 类型: naming talents or policies.
  Result<NeedSearchResponse> SearchNeeds(const NeedSearchRequest& request);

  // Talent stations and service bases: prefixes, synonyms and region names as Search.
  // NotFound: no index yet. InvalidArgument: as Search, or 类型: naming another kind.
  Result<StationSearchResponse> SearchStations(const StationSearchRequest& request);
  // Checks a station (a name, a region code in force, known discipline codes) and adds it, or
  // updates the one of the same name and region; returns its id and what happened.
  // InvalidArgument with a precise message for a bad station.
  Result<store::StationUpsert> UpsertStation(const Station& station);
  // Reads a CSV of stations (columns name, kind, host_unit, region, type, disciplines,
  // description; region a code or a unique county name; disciplines separated by spaces or
  // semicolons; kind and type in Chinese or English) and upserts each good row; a bad row is
  // refused with its line and reason, the others are stored. NotFound: no such file.
  // DataError: the CSV is malformed or lacks the name or region column.
  Result<StationImport> ImportStations(const std::filesystem::path& csv);
  Result<std::vector<Station>> ListStations();
  Status RemoveStation(StationId id);  // NotFound

  Result<Talent> GetTalent(PersonId id);
  // The talent holding this card number; nullopt when none does.
  Result<std::optional<Talent>> FindTalentByCard(std::string_view card_number);
  Result<Person> GetPerson(PersonId id);
  // Validates a need (discipline, headcount, window, region) and stores it.
  // InvalidArgument with a precise message for a bad need.
  Result<NeedId> PostNeed(const Need& need);
  Result<Need> GetNeed(NeedId id);
  Result<std::vector<Need>> ListNeeds();
  Result<std::vector<Proposal>> ListProposals(std::optional<NeedId> need = {});

  // Records a partner agency sends over the API, already in hub field names: each field is
  // checked as the partner mappings check it (id_number, name, mobile, region, gender, credit
  // codes, a card_account's card_number), then linked and stored under `partner` in ONE
  // transaction, like a sync batch; a bad record is quarantined with its reason. One receipt per
  // record, in order. An error (Unavailable ...) stores nothing: sending again is safe, and
  // records already stored come back "accepted" again (unchanged).
  Result<std::vector<RecordReceipt>> SubmitRecords(std::string_view partner,
                                                   std::vector<Record> records);
  // Change-log entries after `after`, at most `limit`, oldest first, with their regions.
  Result<FeedPage> ChangeFeed(std::int64_t after, size_t limit);
  // Changes an open need (same checks as PostNeed); it stays open. NotFound; InvalidArgument:
  // a bad field, the need is matched or closed, or headcount below the experts who accepted.
  Status UpdateNeed(const Need& need);

  // Quarantined rows, oldest first; partner and reason empty = any.
  Result<std::vector<QuarantineItem>> ListQuarantine(std::string_view partner,
                                                     std::string_view reason, size_t limit,
                                                     size_t offset);
  // NotFound: no quarantine entry with that id.
  Result<QuarantineItem> GetQuarantineItem(std::int64_t id);
  // For showing raw values: which hub field each of a partner's columns feeds (upper- and
  // lower-case column spellings both present), so names and identifiers can be masked.
  // Empty when the partner has no mapping.
  Result<std::map<std::string, std::string>> ColumnTargets(std::string_view partner);
  // Re-validates a partner's quarantined rows (all partners when empty) with the current
  // mapping files; rows that pass now are linked, stored and taken out of quarantine.
  // Rows failing for another reason now are requarantined under the new reason.
  Result<RetryReport> RetryQuarantine(std::string_view partner);
  // The review queue: a person decides where a record without ID number or passport belongs
  // (an entry "link_review", or "no_match"): to `person`, or to a new person of its own when
  // empty. Returns the person it now belongs to. NotFound: no such entry or person;
  // InvalidArgument: the row still fails validation, or has an ID number or passport.
  Result<PersonId> ResolveQuarantine(std::int64_t id, std::optional<PersonId> person);

  // The month's allowance payment batch for the talent-card bank: one line per certified
  // talent with a card account on file, amount by tier ([allowance] in the config), written
  // atomically with a detached signature by `private_key_pem`; the batch id is derived from
  // the period, so writing the same month twice changes nothing. InvalidArgument: period not
  // YYYY-MM; DataError: a different batch for that month is already there.
  Result<OutboundReport> WriteAllowancePayments(std::string_view period,
                                                const std::filesystem::path& dir,
                                                const std::filesystem::path& private_key_pem);
  // The tax withholding report for the same allowances (labour remuneration rules).
  Result<OutboundReport> WriteWithholdingReport(std::string_view period,
                                                const std::filesystem::path& dir,
                                                const std::filesystem::path& private_key_pem);

  // Links two partner sources (by mapping name) record by record with matcher/'s linkage and
  // writes the cross-source pairs (left key, right key, weight, decision) to options.out.
  // NotFound: no such mapping. Reads both sources whole, from their first row.
  Result<LinkSourcesReport> LinkSources(std::string_view left, std::string_view right,
                                        const LinkSourcesOptions& options);

  // Why two persons are (or are not) one: the weight each field adds, as a text waterfall.
  Result<std::string> ExplainPersons(PersonId a, PersonId b);

  // The person with every partner's values and the fields on which they disagree.
  Result<PersonView> ShowPerson(PersonId id);

  // The latest sync runs, newest first; empty partner = all.
  Result<std::vector<SyncRunView>> SyncRuns(std::string_view partner, size_t limit);

  // Quarantine counts by partner and reason.
  Result<std::map<std::string, std::int64_t>> QuarantineCounts(std::string_view partner = {});
  Result<std::vector<Rejection>> QuarantineSample(std::string_view partner, size_t limit);
  Result<std::int64_t> TalentCount();

  // ---- policy documents (hub/policy.cpp)
  // Reads, splits (core/policy.h) and stores each file; `huicai index` then indexes the
  // articles. A file that cannot be read or split is refused in its report and the others go
  // on; the same text again changes nothing; a new version (same title and 文号) replaces the
  // old. Errors: the store's (Unavailable ...), which stop the import.
  Result<std::vector<PolicyFileReport>> ImportPolicies(
      std::span<const std::filesystem::path> files);
  // Stored documents, without articles, by id.
  Result<std::vector<store::StoredPolicy>> ListPolicies();
  // Policy articles matching the query. NotFound: no index yet (run `huicai index`);
  // InvalidArgument: the text does not parse.
  Result<search::PolicyResults> SearchPolicies(const search::PolicyQuery& query);

  // ---- green-channel service items (并联办理 / 限时办结; hub/service.cpp, docs/services.md)
  // Takes a request at a window for a card-holding talent and splits it into one item per
  // matter ([service.matters] in the config), each routed to its department with the deadline
  // Today() + the matter's working days; one "submitted" event per item.
  // InvalidArgument: the person is not a talent with a card (tier none), no matter, a matter
  // not configured (the message lists the known keys), or a matter named twice.
  // NotFound: no such person.
  Result<ServiceRequest> SubmitServiceRequest(PersonId person, std::span<const std::string> matters,
                                              std::string_view window, std::string_view note);
  // A department's answer on an item: received (only from submitted), done (from submitted,
  // received or delayed; done_on = Today()), delayed (from the same, with a reason and a new
  // date after Today()). `department` empty = the hub operator, who may act on any item;
  // otherwise it must be the item's department. Writes an event. Returns the item as stored.
  // NotFound: no such item. PermissionDenied: another department's item (the message names
  // the item's department). InvalidArgument: the item is already done (on which date), the
  // action does not fit its status, or a delay without reason or with a date not after today.
  // DataError: someone answered the item at the same time; read it again.
  Result<ServiceItem> UpdateServiceItem(ServiceItemId item, std::string_view department,
                                        ServiceAction action, std::string_view reason,
                                        std::optional<Date> new_date);
  // Chases every item not done whose due date (the promised date after a delay, else the
  // deadline) lies at least one working day before Today() and that was not escalated since
  // that date passed: escalations + 1 and an "escalated" event with a note for the window
  // (working days late, department, reason given). Running it again the same day, or later
  // in the same lapse, escalates nothing new; a delay's new date that passes is a new lapse.
  // Returns the items it escalated, as stored.
  Result<std::vector<ServiceItem>> EscalateOverdue();
  // NotFound: no such request.
  Result<ServiceRequest> GetServiceRequest(ServiceRequestId id);
  // A person's requests with their items, oldest first (empty when none).
  Result<std::vector<ServiceRequest>> ListServiceRequests(PersonId person);
  // A person's service archive (服务档案): every event of their requests, oldest first.
  Result<std::vector<ServiceEvent>> ServiceArchive(PersonId person);

 private:
  class Impl;
  explicit Hub(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A signing key pair for outbound batches (EC P-256, PEM; the private file owner-only).
// InvalidArgument: a file is already there (never overwritten).
Status GenerateOutboundKey(const std::filesystem::path& private_pem,
                           const std::filesystem::path& public_pem);
// Checks a batch file against its detached signature (FILE.sig). DataError: altered.
Status VerifyOutbound(const std::filesystem::path& file, const std::filesystem::path& public_pem);

// Validates a posted need; InvalidArgument says what is wrong and how to fix it.
Status ValidateNeed(const Need& need, const Date& today);

// The working-day calendar of [service] holidays and make-up days. InvalidArgument: a date in
// the settings is not one (LoadConfig already refuses such a file).
Result<WorkCalendar> ServiceCalendar(const ServiceSettings& settings);

// Today's date in the hub's time zone (UTC+8), or HUICAI_TODAY=YYYY-MM-DD for reproducible runs.
Date Today();

}  // namespace huicai::hub
