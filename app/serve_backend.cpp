// app: the server's view of the hub (see serve_backend.h): pooled reads, the Hub under mu_
// for the rest, and the group-committed audit log.
#include "app/serve_backend.h"

#include <utility>

namespace huicai::app {
namespace {

Status NotWiredYet(std::string_view method) {
  return Status::Unavailable(std::string(method) +
                             ": not wired yet in this server build; call it on a newer huicai");
}

}  // namespace

Result<std::unique_ptr<ServeBackend>> ServeBackend::Open(hub::Hub& hub, int read_connections) {
  HUICAI_ASSIGN_OR_RETURN(auto reads, hub::ReadPool::Open(hub.config(), read_connections));
  HUICAI_ASSIGN_OR_RETURN(auto audit, hub::AuditLog::Open(hub.config()));
  return std::unique_ptr<ServeBackend>(new ServeBackend(hub, std::move(reads), std::move(audit)));
}

ServeBackend::ServeBackend(hub::Hub& hub, std::unique_ptr<hub::ReadPool> reads,
                           std::unique_ptr<hub::AuditLog> audit)
    : hub_(hub), reads_(std::move(reads)), audit_(std::move(audit)) {}

Result<Talent> ServeBackend::GetTalent(PersonId id) { return reads_->GetTalent(id); }

Result<std::vector<exchange::TalentSearchHit>> ServeBackend::SearchTalents(
    const exchange::TalentSearch& query) {
  hub::SearchRequest request;
  request.text = query.text;
  request.region = query.region_prefix;
  request.tier = query.tier;
  request.discipline = query.discipline_prefix;
  request.limit = query.limit;
  std::lock_guard lock(mu_);
  HUICAI_ASSIGN_OR_RETURN(hub::SearchResponse response, hub_.Search(request));
  std::vector<exchange::TalentSearchHit> hits;
  hits.reserve(response.hits.size());
  for (auto& h : response.hits) hits.push_back({std::move(h.talent), h.relevance});
  return hits;
}

Result<NeedId> ServeBackend::PostNeed(const Need& need) {
  std::lock_guard lock(mu_);
  return hub_.PostNeed(need);
}

Result<std::vector<Proposal>> ServeBackend::ListProposals(NeedId need) {
  std::lock_guard lock(mu_);
  HUICAI_RETURN_IF_ERROR(hub_.GetNeed(need).status());
  return hub_.ListProposals(need);
}

Result<exchange::CardCheck> ServeBackend::VerifyCard(std::string_view card_number,
                                                     std::string_view id_number) {
  HUICAI_ASSIGN_OR_RETURN(std::optional<Talent> talent, reads_->FindTalentByCard(card_number));
  if (!talent || talent->tier == TalentTier::kNone) return exchange::CardCheck{};
  HUICAI_ASSIGN_OR_RETURN(Person holder, reads_->GetPerson(talent->person_id));
  return exchange::CardCheck{true, talent->tier, holder.id_number == id_number, talent->person_id};
}

Result<exchange::PersonRecord> ServeBackend::GetPerson(PersonId id) {
  HUICAI_ASSIGN_OR_RETURN(auto found, reads_->GetPersonWithTalent(id));
  exchange::PersonRecord record;
  record.person = std::move(found.first);
  record.talent = std::move(found.second);
  return record;
}

Result<std::vector<exchange::RecordReceipt>> ServeBackend::SubmitRecords(std::string_view,
                                                                         std::vector<Record>) {
  return NotWiredYet("submitRecords");
}

Result<exchange::ChangeBatch> ServeBackend::ChangesSince(std::int64_t, size_t) {
  return NotWiredYet("changesSince");
}

Result<Need> ServeBackend::GetNeed(NeedId id) {
  std::lock_guard lock(mu_);
  return hub_.GetNeed(id);
}

Status ServeBackend::UpdateNeed(const Need&) { return NotWiredYet("updateNeed"); }

Result<exchange::ProposalAnswerResult> ServeBackend::AnswerProposal(NeedId, PersonId,
                                                                    exchange::ProposalAnswerKind,
                                                                    int, std::string_view) {
  return NotWiredYet("answerProposal");
}

Result<exchange::MatchSummary> ServeBackend::GetMatchReport(std::string_view) {
  return NotWiredYet("getMatchReport");
}

Result<ServiceRequest> ServeBackend::SubmitServiceRequest(PersonId, const std::vector<std::string>&,
                                                          std::string_view, std::string_view) {
  return NotWiredYet("submitServiceRequest");
}

Result<ServiceItem> ServeBackend::UpdateServiceItem(ServiceItemId, std::string_view,
                                                    ServiceItemStatus, std::string_view,
                                                    std::optional<Date>) {
  return NotWiredYet("updateItem");
}

Result<ServiceRequest> ServeBackend::GetServiceRequest(ServiceRequestId) {
  return NotWiredYet("getServiceRequest");
}

Result<std::vector<ServiceEvent>> ServeBackend::ServiceArchive(PersonId) {
  return NotWiredYet("getServiceArchive");
}

Status ServeBackend::Audit(const exchange::CallRecord& call) {
  hub::AuditRecord record;
  record.agency = call.agency;
  record.method = call.method;
  record.subjects = call.subjects;
  record.fields = call.fields;
  record.outcome = call.code == StatusCode::kOk ? "ok" : std::string(StatusCodeName(call.code));
  return audit_->Append(record);
}

}  // namespace huicai::app
