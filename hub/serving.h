#pragma once
// hub: the serving path of `huicai serve`, built for many concurrent calls: an audit log that
// group-commits the records of concurrent callers into one transaction, and a pool of store
// connections for the read-only lookups behind getTalent, getPerson and verifyCard. Both open
// their OWN store connections (never the Hub's), so they run beside a Hub used under a lock.
// Thread-safety: every public member of AuditLog and ReadPool may be called from any number of
// threads at once; Open and the destructor from one thread, with no call running.
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "core/status.h"
#include "core/types.h"
#include "hub/config.h"
#include "hub/hub.h"

namespace huicai::hub {

// The audit log of API calls (the hash chain kept by store/, see hub::Hub::Audit), for many
// threads at once.
//
// Group commit, leader/follower: a caller queues its record; the first caller that finds no
// commit running becomes the leader, takes everything queued (at most kMaxBatch records, in
// queue order), appends it in ONE store transaction, hands every record of the batch the
// outcome and wakes the waiters; a waiter whose record is still queued then leads the next
// batch. No extra thread and no timer: a lone caller commits at once, alone; under load one
// commit (one fsync) serves every caller that arrived while the previous commit ran.
// Records of one thread keep that thread's order; records of different threads are chained in
// the order they were queued.
class AuditLog {
 public:
  static constexpr size_t kMaxBatch = 1024;  // records per transaction at most

  // Opens its own connection to config.store_connection. The schema must exist (Hub::Open or
  // `huicai init` created it). Unavailable: the database cannot be reached; InvalidArgument:
  // the connection string is not usable.
  [[nodiscard]] static Result<std::unique_ptr<AuditLog>> Open(const HubConfig& config);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Appends `record` (its seq, at and hash are ignored: the store sets them) and returns only
  // after the transaction holding it committed, or failed: then nothing of its batch was
  // written and every caller of the batch gets the same error, with context saying how many
  // records the batch held. Codes as store::Store::AppendAudit: InvalidArgument (a record of
  // the batch has no method or outcome, or a subject that is an ID number: send person ids),
  // Unavailable (database locked or unreachable: retry), Internal. A connection lost midway is
  // reconnected by the next batch.
  [[nodiscard]] Status Append(const AuditRecord& record);

  // Transactions committed or failed so far, and records they held (for figures and tests).
  struct Stats {
    std::int64_t batches = 0;
    std::int64_t records = 0;
  };
  Stats stats() const;

 private:
  class Impl;
  explicit AuditLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// N store connections for concurrent reads (SQLite in WAL mode lets them read beside the one
// writer; PostgreSQL serves them in parallel). Each call borrows a free connection (waiting
// while all N are busy) and gives it back before returning. A call failing with Unavailable
// (connection lost, database busy) reconnects that connection (store::Store::Reconnect) and is
// retried once; a second failure is returned.
class ReadPool {
 public:
  static constexpr int kDefaultConnections = 4;

  // Opens `connections` connections to config.store_connection (0: config.serve_read_connections,
  // itself kDefaultConnections unless set). InvalidArgument: connections outside 1..256;
  // Unavailable / InvalidArgument from opening a connection (the message says which one).
  [[nodiscard]] static Result<std::unique_ptr<ReadPool>> Open(const HubConfig& config,
                                                              int connections = 0);
  ~ReadPool();
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  // As Hub::GetTalent, GetPerson and FindTalentByCard (NotFound: no such talent / person).
  [[nodiscard]] Result<Talent> GetTalent(PersonId id);
  [[nodiscard]] Result<Person> GetPerson(PersonId id);
  // nullopt when no talent holds this card number.
  [[nodiscard]] Result<std::optional<Talent>> FindTalentByCard(std::string_view card_number);
  // The person and their talent record (nullopt when they are no talent), read on one
  // connection. NotFound: no such person.
  [[nodiscard]] Result<std::pair<Person, std::optional<Talent>>> GetPersonWithTalent(PersonId id);

  int size() const;

 private:
  class Impl;
  explicit ReadPool(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace huicai::hub
