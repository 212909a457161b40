#pragma once
// store: the hub's own database (SQLite through the SQLite ODBC driver, or PostgreSQL through
// psqlODBC): schema and migrations, persons, talents, needs, proposals, partner records,
// quarantine, change log and checkpoints. Owns every SQL string of the hub schema; no ODBC
// type crosses this file. Thread-safety: a Store is one connection, used by one thread at a
// time; open one Store per thread (several Stores on one database are safe: writers serialise).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy.h"
#include "core/service.h"
#include "core/status.h"
#include "core/types.h"

namespace huicai::store {

struct StoreOptions {
  // ODBC connection string. For SQLite the store adds FKSupport=1 and Timeout=30000 (ms busy
  // wait) unless given, and turns on WAL; for PostgreSQL psqlODBC is used as is.
  std::string connection_string = "DRIVER=SQLite3;Database=var/hub.db";
};

// One entry of the change log: something about `entity` `entity_id` changed at `seq`.
struct Change {
  std::int64_t seq = 0;  // strictly increasing in commit order
  // "talent", "need", "person", "proposal" (entity_id is the need), "policy", "station"
  std::string entity;
  std::int64_t entity_id = 0;
  std::string op;  // "upsert", "delete"
};

// A partner record linked to a person. The store finds the person by the first that applies:
//   person.id_number (normalised)           the person with that ID number, new if none;
//   person.nationality + person.passport    the person with that passport, new if none;
//   person.id != 0                          that existing person (a probabilistic link);
//   founder                                 a new person, one per distinct founder in the
//                                           batch, found again by it when the batch is replayed.
struct LinkedRecord {
  Record record;
  std::string fingerprint;  // hash of the mapped fields; equal means unchanged
  Person person;
  std::string founder;  // see above; the hub uses the first record's "partner/kind/source_key"
  // With an ID number new to the hub: the stored person without ID number (founded by earlier
  // records) that this record's person is; the store gives that person the ID number instead
  // of creating a new one. Ignored when the ID number is stored or the person has one.
  PersonId adopt = 0;
  // How the record found its person, kept on the stored record for lineage: "id", "passport",
  // "probabilistic" (joined an existing person), "new" (founded a person), "review" (a person
  // chose it in the review queue); the posterior match probability and the evidence (JSON).
  std::string link_method = "id";
  double link_probability = 1;
  std::string link_evidence;
  std::optional<Talent> talent;  // person_id is filled in by the store
  // A tombstone: the partner deleted the source row. The store removes its stored record
  // (found by partner, kind, source_key; person, talent and fingerprint are not needed) and,
  // when the record fed the talent (kind "talent"), the person's talent. A tombstone for a
  // record never stored is a no-op.
  bool deleted = false;
};

struct SyncBatch {
  std::string partner;
  std::vector<LinkedRecord> records;
  std::vector<Rejection> rejections;
  // The partner's new checkpoint, written in the same transaction under
  // PartnerCheckpoint(partner); empty: none.
  std::string checkpoint;
  // The run (BeginSyncRun) whose counts this batch adds to, in the same transaction; 0: none.
  std::int64_t run_id = 0;
  std::int64_t rows_read = 0;  // source rows behind this batch (records, rejections, duplicates)
};

struct SyncBatchResult {
  int inserted = 0;     // partner records new to the hub
  int updated = 0;      // partner records whose fingerprint changed
  int unchanged = 0;    // partner records seen before with the same fingerprint
  int quarantined = 0;  // rejections newly quarantined (a replayed rejection is not counted)
  int conflicts = 0;    // fields a record disagreed on with the stored person (kept on the record)
  int deleted = 0;      // stored partner records removed by tombstones
  std::vector<PersonId> person_ids;  // per SyncBatch::records[i]: its person; 0 for a tombstone
};

// One sync run of a partner. Counts are committed with each batch: a run that was killed
// keeps status "running" until the partner's next run marks it "interrupted".
struct SyncRun {
  std::int64_t id = 0;
  std::string partner;
  std::string status;                   // "running", "finished", "failed", "interrupted"
  std::string started_at, finished_at;  // UTC ISO 8601; finished_at "" while running
  std::string checkpoint_from, checkpoint_to;
  std::int64_t batches = 0, rows_read = 0, inserted = 0, updated = 0, unchanged = 0,
               quarantined = 0, deleted = 0;
  std::string message;  // why it failed
};

// A stored partner record as lineage shows it: where a value about a person came from.
// Field names match Record's, so code written against Record reads it unchanged.
struct PartnerRecordView {
  std::int64_t id = 0;  // the hub's row id
  std::string partner;
  std::string kind;
  std::string source_key;
  std::string watermark;                      // the partner's change marker when last synced
  std::map<std::string, std::string> fields;  // mapped fields as the partner sent them
  std::string fingerprint;
  std::string synced_at;    // UTC, "YYYY-MM-DDTHH:MM:SSZ": when the hub last wrote the row
  std::string link_method;  // as LinkedRecord::link_method
  double link_probability = 1;
  std::string link_evidence;
};

struct QuarantineEntry {
  std::int64_t id = 0;
  Rejection rejection;
  std::string created_at;  // UTC, "YYYY-MM-DDTHH:MM:SSZ"
};

// One entry of the audit log: a call to the hub and what it gave away. Entries form a hash
// chain (each entry's hash covers the previous entry's hash and this entry's content, seq
// included), so an altered, removed or reordered entry is found by Store::VerifyAudit.
struct AuditEntry {
  std::int64_t seq = 0;  // set by the store: 1, 2, 3 ... with no gaps
  // UTC "YYYY-MM-DDTHH:MM:SS.ffffffZ"; set by the store when empty. "YYYY-MM-DDTHH:MM:SSZ" is
  // accepted and stored with ".000000".
  std::string at;
  std::string agency;                 // certificate common name, "" for a local caller
  std::string method;                 // not empty
  std::vector<std::string> subjects;  // person / need ids as text; never a raw ID number
  std::vector<std::string> fields;    // names of the fields returned
  std::string outcome;                // "ok" or a status code name ("NotFound", ...); not empty
  std::string prev_hash, hash;        // set by the store: hex SHA-256, 64 characters
};

// What Store::VerifyAudit found. When !ok, first_bad_seq is the first entry that is altered,
// missing or out of place and problem says which in words ("entry 17 was altered: ...",
// "entry 17 is missing: 16 is followed by 18", ...).
struct AuditCheck {
  bool ok = true;
  std::int64_t entries = 0;  // entries read (all of them; the check goes on to the end)
  std::int64_t first_bad_seq = 0;
  std::string problem;
};

// Error codes shared by every Store function:
//   Unavailable: the database is unreachable, locked or a transaction lost a race: retry.
//   DataError: the data broke a constraint (the message carries SQLSTATE 23xxx) or stored
//              data does not parse.
//   InvalidArgument: the caller's input is wrong (named in the message).
//   NotFound: the row asked for does not exist.
//   Internal: a bug or an unexpected driver failure (SQLSTATE in the message).
// Every writing function runs in one transaction: on any error nothing is written.
//
// Reconnection: when a statement fails because the connection was lost (server restarted,
// network cut), the call returns Unavailable and the Store remembers the connection is
// broken; the NEXT call reconnects first (once; if that fails it returns Unavailable and the
// call after tries again). A transaction cut off midway was rolled back by the server: the
// call returns Unavailable and nothing of it is written, so retrying the whole call is safe.
// How ImportPolicy fared.
struct PolicyImport {
  std::int64_t id = 0;        // the document's id
  bool inserted = false;      // a new document
  bool replaced = false;      // an earlier version of it (same title and 文号) was replaced
  std::int64_t articles = 0;  // articles stored now (0 when nothing changed)
};

// A stored policy document; article_ids[i] is the id of document.articles[i].
struct StoredPolicy {
  std::int64_t id = 0;
  std::string source;       // the file it came from
  std::string imported_at;  // UTC
  PolicyDocument document;
  std::vector<std::int64_t> article_ids;
};

// What Store::UpsertStation did.
struct StationUpsert {
  StationId id = 0;
  enum class Outcome { kAdded, kUpdated, kUnchanged };
  Outcome outcome = Outcome::kAdded;
};

class Store {
 public:
  // Connects. Unavailable / InvalidArgument as odbc::Connection::Open.
  [[nodiscard]] static Result<Store> Open(const StoreOptions& options);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // Brings the schema from empty (or any earlier version) to the latest; idempotent.
  [[nodiscard]] Status Migrate();
  // The applied schema version; 0 for an empty database.
  [[nodiscard]] Result<int> SchemaVersion();
  static int LatestSchemaVersion();
  // "sqlite" or "postgres".
  std::string_view dialect_name() const;
  // Closes the connection and opens it again with the same options (also done by itself after
  // a lost connection, see above). Unavailable: the database cannot be reached; the Store
  // stays broken and the next call tries again.
  [[nodiscard]] Status Reconnect();

  // ---- sync
  // Applies one batch in ONE transaction (see SyncBatch). Persons are upserted by id_number:
  // empty stored fields are filled, a non-empty stored field is never overwritten with a
  // different value (the partner record keeps the partner's value; counted in conflicts).
  // Replaying the same batch changes nothing. Tombstones (LinkedRecord::deleted) remove stored
  // records (see LinkedRecord). Records are applied in order: a key seen twice in one batch is
  // "unchanged" the second time when its fingerprint is the same, "updated" when not. One
  // change-log entry per person or talent that changed ("talent" "delete" for a removed talent).
  // InvalidArgument: a record without partner or source_key, or a live record whose person
  // cannot be found (no id_number, passport with nationality, person id or founder).
  [[nodiscard]] Result<SyncBatchResult> ApplySyncBatch(const SyncBatch& batch);
  // Starts a run of `partner`: runs of it still "running" (killed) become "interrupted" and
  // are returned, oldest first, with the new run's id.
  [[nodiscard]] Result<std::pair<std::int64_t, std::vector<SyncRun>>> BeginSyncRun(
      std::string_view partner, std::string_view checkpoint_from);
  // status "finished" or "failed" (with the message, masked by the caller).
  [[nodiscard]] Status FinishSyncRun(std::int64_t id, std::string_view status,
                                     std::string_view message);
  // The latest runs, newest first; empty partner = all.
  [[nodiscard]] Result<std::vector<SyncRun>> ListSyncRuns(std::string_view partner, size_t limit);
  // The name ApplySyncBatch keeps a partner's checkpoint under ("partner:" + name), so that
  // it cannot collide with other checkpoints such as the search index's.
  static std::string PartnerCheckpoint(std::string_view partner);
  // "" when the checkpoint was never set.
  [[nodiscard]] Result<std::string> GetCheckpoint(std::string_view name);
  [[nodiscard]] Status SetCheckpoint(std::string_view name, std::string_view value);
  // Changes with seq > `seq`, oldest first, at most `limit`.
  [[nodiscard]] Result<std::vector<Change>> ChangesSince(std::int64_t seq, size_t limit);
  // The newest change's seq; 0 when the log is empty.
  [[nodiscard]] Result<std::int64_t> LastChangeSeq();

  // ---- persons and talents
  // Inserts or updates by id_number (by id when id_number is empty and id != 0; otherwise a
  // new person). Same fill-only rule as ApplySyncBatch. Returns the person's id.
  [[nodiscard]] Result<PersonId> UpsertPerson(const Person& person);
  [[nodiscard]] Result<Person> GetPerson(PersonId id);  // NotFound
  // The person and their talent record (nullopt when they are not a talent), in one query.
  // NotFound: no such person.
  [[nodiscard]] Result<std::pair<Person, std::optional<Talent>>> GetPersonWithTalent(PersonId id);
  [[nodiscard]] Result<Person> FindPersonByIdNumber(std::string_view id_number);  // NotFound
  // Candidates for probabilistic linkage, each once: every person born on one of
  // `birth_dates`, then persons named one of `names` (exact stored text, lowest ids first)
  // while fewer than `limit` are listed. With `without_id_only`, only persons without ID number.
  [[nodiscard]] Result<std::vector<Person>> FindLinkCandidates(std::span<const Date> birth_dates,
                                                               std::span<const std::string> names,
                                                               bool without_id_only = false,
                                                               size_t limit = 20000);
  [[nodiscard]] Result<std::int64_t> CountPersons(bool without_id_only = false);
  // Inserts or replaces the talent of talent.person_id (which must exist: DataError if not).
  [[nodiscard]] Status UpsertTalent(const Talent& talent);
  [[nodiscard]] Result<Talent> GetTalent(PersonId person_id);  // NotFound
  // The talent holding this card number; nullopt when no talent does.
  [[nodiscard]] Result<std::optional<Talent>> FindTalentByCard(std::string_view card_number);
  [[nodiscard]] Result<std::vector<Talent>> ListTalents(bool programme_only = false);
  // Up to `limit` talents with person_id > `after`, by person_id: pages through all talents
  // without holding them all (a search index rebuild).
  [[nodiscard]] Result<std::vector<Talent>> ListTalentsAfter(PersonId after, size_t limit);
  // The ID number, mobile and bank cards (card numbers of card_account records) of the persons
  // with ids in [first, last], for the search index's keyed hashes; persons with none of them
  // are left out.
  [[nodiscard]] Result<std::map<PersonId, PersonIdentifiers>> ListPersonIdentifiers(PersonId first,
                                                                                    PersonId last);

  // ---- needs
  [[nodiscard]] Result<NeedId> InsertNeed(const Need& need);  // need.id is ignored
  [[nodiscard]] Status UpdateNeed(const Need& need);          // NotFound
  [[nodiscard]] Result<Need> GetNeed(NeedId id);              // NotFound
  [[nodiscard]] Result<std::vector<Need>> ListNeeds(std::optional<NeedStatus> status = {});

  // ---- talent stations and expert service bases
  // Adds the station, or updates the one of the same name and region (station.id is ignored);
  // returns its id and what happened (a change-log entry only when something changed, so
  // importing the same list again changes nothing). InvalidArgument: empty name, a region that
  // is not 6 digits, or a discipline that is not a GB/T 13745 code of digits.
  [[nodiscard]] Result<StationUpsert> UpsertStation(const Station& station);
  [[nodiscard]] Result<Station> GetStation(StationId id);     // NotFound
  [[nodiscard]] Result<std::vector<Station>> ListStations();  // by id
  // Removes a station (a title withdrawn, 003 第十七条). NotFound: no such station.
  [[nodiscard]] Status RemoveStation(StationId id);

  // ---- proposals and matching rounds
  // Stores `proposals` under `round` (a pair already accepted, declined or completed is left
  // as it is), after dropping the still-'proposed' rows of every need in `replace` (from any
  // round): a new round supersedes what nobody answered yet. One transaction.
  [[nodiscard]] Status SaveProposals(std::string_view round, std::span<const NeedId> replace,
                                     std::span<const Proposal> proposals);
  [[nodiscard]] Result<std::vector<Proposal>> ListProposals(std::optional<NeedId> need = {});
  // NotFound: no such proposal.
  [[nodiscard]] Result<Proposal> GetProposal(NeedId need, PersonId person);
  // Moves a proposal from status `from` to `to`, with days served and a note. DataError when
  // it is no longer in `from` (someone answered first): read it again.
  [[nodiscard]] Status TransitionProposal(NeedId need, PersonId person, ProposalStatus from,
                                          ProposalStatus to, int days_served,
                                          std::string_view note);
  // The report of a matching round (text the hub encodes); replaces one of the same name,
  // which then counts as the latest.
  [[nodiscard]] Status SaveMatchRound(std::string_view name, std::string_view report);
  // The named round's report, or the latest round's when name is empty. NotFound: none.
  [[nodiscard]] Result<std::pair<std::string, std::string>> GetMatchRound(std::string_view name);

  // ---- partner records and quarantine
  // Quarantined rows oldest first; empty partner / reason = all. At most `limit` rows after
  // skipping `offset`.
  [[nodiscard]] Result<std::vector<QuarantineEntry>> ListQuarantine(std::string_view partner = {},
                                                                    size_t limit = 100,
                                                                    std::string_view reason = {},
                                                                    size_t offset = 0);
  // NotFound: no quarantine entry with that id.
  [[nodiscard]] Result<QuarantineEntry> GetQuarantineEntry(std::int64_t id);
  // Removes the entries (e.g. before a retry re-reads their rows); ids not present are
  // ignored. One transaction.
  [[nodiscard]] Status DeleteQuarantineEntries(std::span<const std::int64_t> ids);
  [[nodiscard]] Result<std::map<std::string, std::int64_t>> QuarantineCountsByReason(
      std::string_view partner = {});
  [[nodiscard]] Result<std::int64_t> CountPartnerRecords(std::string_view partner = {});
  // The person a stored partner record belongs to. NotFound: no such record.
  [[nodiscard]] Result<PersonId> PersonOfRecord(std::string_view partner, std::string_view kind,
                                                std::string_view source_key);
  // The stored partner records of a person (lineage), oldest first; empty when none.
  [[nodiscard]] Result<std::vector<PartnerRecordView>> ListPartnerRecords(PersonId person);

  // ---- audit log
  // Appends `entries` in order in ONE transaction, each chained to the hash stored last; seq,
  // prev_hash and hash (and `at` when empty) are set by the store, the caller's values are
  // ignored. Appenders in several processes serialise on a lock taken before the last hash is
  // read, so the chain never forks. The head of the chain (last seq and hash) is also kept as
  // the checkpoint "audit:head", so that a removed last entry is found too. An empty span is a
  // no-op. InvalidArgument: an entry without method or outcome, with an `at` not in the form
  // above, text that is not valid UTF-8 or holds a NUL, or a subject that is a valid ID number
  // (log the person's id instead); nothing is written then.
  [[nodiscard]] Status AppendAudit(std::span<const AuditEntry> entries);
  // Recomputes the chain from entry 1, reading in pages of 1000. Reports the first entry whose
  // hash does not match its content, whose prev_hash is not the previous entry's hash, that
  // is missing (a gap in seq, or entries past the last one recorded in "audit:head"), or a
  // head record that does not match the last entry. An empty log with no head is ok with 0
  // entries. Problems of the log are values (AuditCheck::ok false), not errors; errors are
  // those shared by every Store function.
  [[nodiscard]] Result<AuditCheck> VerifyAudit();
  // Entries in log order (oldest first): `agency` only (empty = all), at >= `since` (empty =
  // all), at most `limit` (0 = none). `since` is UTC: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM",
  // "YYYY-MM-DDTHH:MM:SS" or with ".ffffff", each optionally ending in "Z"; anything else is
  // InvalidArgument.
  [[nodiscard]] Result<std::vector<AuditEntry>> ListAudit(std::string_view agency,
                                                          std::string_view since, size_t limit);

  // ---- green-channel service requests (schema v10; store/service.cpp)
  // Stores a request with its items (request.id and item ids are ignored and set) and its
  // first events, in ONE transaction. Each event's item_id is the 1-based position of its item
  // in request.items (0 = the request); the store replaces it by the item's id. Returns the
  // request as stored. DataError: the person does not exist, or one matter twice.
  [[nodiscard]] Result<ServiceRequest> InsertServiceRequest(const ServiceRequest& request,
                                                            std::span<const ServiceEvent> events);
  // NotFound: no such request / item.
  [[nodiscard]] Result<ServiceRequest> GetServiceRequest(ServiceRequestId id);
  [[nodiscard]] Result<ServiceItem> GetServiceItem(ServiceItemId id);
  // A person's requests with their items, oldest first; empty when none.
  [[nodiscard]] Result<std::vector<ServiceRequest>> ListServiceRequests(PersonId person);
  // Moves item.id from status `from` to item.status, writing item's promised, reason and
  // done_on, and appends `event`, in one transaction. DataError when the item is no longer in
  // `from` (answered at the same time): read it again. NotFound: no such item.
  [[nodiscard]] Status TransitionServiceItem(const ServiceItem& item, ServiceItemStatus from,
                                             const ServiceEvent& event);
  // Counts one escalation of an item not done: escalations + 1 and last_escalated = `on`
  // ("YYYY-MM-DD"), with `event`, in one transaction, but only while its last_escalated is
  // still `seen` (what the caller read). Returns false, writing nothing, when someone else
  // escalated or finished it meanwhile.
  [[nodiscard]] Result<bool> EscalateServiceItem(ServiceItemId item, std::string_view seen,
                                                 std::string_view on, const ServiceEvent& event);
  // Appends events (seq and, when empty, at are set), in order, in one transaction.
  [[nodiscard]] Status AppendServiceEvents(std::span<const ServiceEvent> events);
  // Items not done whose due date (promised, else deadline) is before `today`, oldest due first.
  [[nodiscard]] Result<std::vector<ServiceItem>> ListOverdueServiceItems(const Date& today);
  // The person of a request. NotFound: no such request.
  [[nodiscard]] Result<PersonId> ServiceRequestPerson(ServiceRequestId id);
  // A person's service archive: the events of all their requests, oldest first.
  [[nodiscard]] Result<std::vector<ServiceEvent>> ListServiceArchive(PersonId person);

  // ---- policy documents (schema v11; store/policy.cpp)
  // Stores a document and its articles in ONE transaction with a "policy" change-log entry.
  // The same content again (by hash) changes nothing (inserted = false, replaced = false); a
  // document of the same title and 文号 with other content replaces the stored one (its
  // articles too; replaced = true). InvalidArgument: no title or no article.
  [[nodiscard]] Result<PolicyImport> ImportPolicy(const PolicyDocument& document,
                                                  std::string_view source);
  // The document with its articles in order. NotFound: no such document.
  [[nodiscard]] Result<StoredPolicy> GetPolicy(std::int64_t id);
  // Every document without its articles (article_ids empty), by id.
  [[nodiscard]] Result<std::vector<StoredPolicy>> ListPolicies();

 private:
  class Impl;  // holds the odbc::Connection
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace huicai::store
