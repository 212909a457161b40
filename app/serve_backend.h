#pragma once
// app: the hub as `huicai serve` shows it to exchange::Server. Reads that partners make all the
// time (getTalent, getPerson, verifyCard) go through a pool of store connections and run in
// parallel; everything else goes to the one Hub under the mutex mu_ (a Hub is single-threaded).
// Every call is audited through a group-committing audit log (hub::AuditLog) with its own
// store connection, so audit appends neither wait for the Hub's lock nor commit one by one.
// Thread-safety: every method may be called from any number of threads at once.
// Lifetime: the Hub passed to Open must outlive the ServeBackend.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/types.h"
#include "exchange/backend.h"
#include "exchange/server.h"
#include "hub/hub.h"
#include "hub/serving.h"

namespace huicai::app {

class ServeBackend final : public exchange::Backend {
 public:
  // Opens the read pool (hub.config().serve_read_connections connections, or `read_connections`
  // when not 0) and the audit log on hub.config().store_connection. Errors as
  // hub::ReadPool::Open and hub::AuditLog::Open (Unavailable: the database cannot be reached).
  [[nodiscard]] static Result<std::unique_ptr<ServeBackend>> Open(hub::Hub& hub,
                                                                  int read_connections = 0);
  ServeBackend(const ServeBackend&) = delete;
  ServeBackend& operator=(const ServeBackend&) = delete;

  // ---- exchange::Backend (see exchange/backend.h for each contract)
  Result<Talent> GetTalent(PersonId id) override;  // read pool
  Result<exchange::TalentSearchPage> SearchTalents(const exchange::TalentSearch& query) override;
  Result<NeedId> PostNeed(const Need& need) override;
  Result<std::vector<Proposal>> ListProposals(NeedId need) override;
  Result<exchange::CardCheck> VerifyCard(std::string_view card_number,
                                         std::string_view id_number) override;  // read pool
  Result<exchange::PersonRecord> GetPerson(PersonId id) override;               // read pool
  Result<std::vector<exchange::RecordReceipt>> SubmitRecords(std::string_view agency,
                                                             std::vector<Record> records) override;
  Result<exchange::ChangeBatch> ChangesSince(std::int64_t after, size_t limit) override;
  Result<Need> GetNeed(NeedId id) override;
  Status UpdateNeed(const Need& need) override;
  Result<exchange::ProposalAnswerResult> AnswerProposal(NeedId need, PersonId expert,
                                                        exchange::ProposalAnswerKind kind,
                                                        int days_served,
                                                        std::string_view note) override;
  Result<exchange::MatchSummary> GetMatchReport(std::string_view round) override;
  Result<ServiceRequest> SubmitServiceRequest(PersonId person,
                                              const std::vector<std::string>& matters,
                                              std::string_view window,
                                              std::string_view note) override;
  Result<ServiceItem> UpdateServiceItem(ServiceItemId item, std::string_view department,
                                        ServiceItemStatus status, std::string_view reason,
                                        std::optional<Date> new_date) override;
  Result<ServiceRequest> GetServiceRequest(ServiceRequestId id) override;
  Result<std::vector<ServiceEvent>> ServiceArchive(PersonId person) override;
  Result<search::PolicyResults> SearchPolicies(const search::PolicyQuery& query) override;
  Result<search::NeedResults> SearchNeeds(const search::NeedQuery& query) override;
  Result<search::StationResults> SearchStations(const search::StationQuery& query) override;

  // Appends the call to the audit log's hash chain and returns once it is committed (calls
  // finishing together share one transaction). Errors as hub::AuditLog::Append.
  [[nodiscard]] Status Audit(const exchange::CallRecord& call);

  // Audit transactions and records so far (for the bench and logs).
  hub::AuditLog::Stats audit_stats() const { return audit_->stats(); }

 private:
  ServeBackend(hub::Hub& hub, std::unique_ptr<hub::ReadPool> reads,
               std::unique_ptr<hub::AuditLog> audit);

  hub::Hub& hub_;                         // guarded by mu_
  std::unique_ptr<hub::ReadPool> reads_;  // thread-safe on its own
  std::unique_ptr<hub::AuditLog> audit_;  // thread-safe on its own
  std::mutex mu_;
};

}  // namespace huicai::app
