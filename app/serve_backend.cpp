// app: the server's view of the hub (see serve_backend.h): pooled reads, the Hub under mu_
// for the rest, and the group-committed audit log.
#include "app/serve_backend.h"

#include <utility>

namespace huicai::app {
Result<std::unique_ptr<ServeBackend>> ServeBackend::Open(hub::Hub& hub, int read_connections) {
  HUICAI_ASSIGN_OR_RETURN(auto reads, hub::ReadPool::Open(hub.config(), read_connections));
  HUICAI_ASSIGN_OR_RETURN(auto audit, hub::AuditLog::Open(hub.config()));
  return std::unique_ptr<ServeBackend>(new ServeBackend(hub, std::move(reads), std::move(audit)));
}

ServeBackend::ServeBackend(hub::Hub& hub, std::unique_ptr<hub::ReadPool> reads,
                           std::unique_ptr<hub::AuditLog> audit)
    : hub_(hub), reads_(std::move(reads)), audit_(std::move(audit)) {}

Result<Talent> ServeBackend::GetTalent(PersonId id) { return reads_->GetTalent(id); }

Result<exchange::TalentSearchPage> ServeBackend::SearchTalents(
    const exchange::TalentSearch& query) {
  hub::SearchRequest request;
  request.text = query.text;
  request.region = query.region_prefix;
  request.allowed_regions = query.allowed_regions;
  request.tier = query.tier;
  request.discipline = query.discipline_prefix;
  request.limit = query.limit;
  request.offset = query.offset;
  request.facets = query.facets;
  request.sort = query.sort;
  request.lookup = query.lookup;  // as typed: the hub normalises it and names a failed check
  std::lock_guard lock(mu_);
  HUICAI_ASSIGN_OR_RETURN(hub::SearchResponse response, hub_.Search(request));
  exchange::TalentSearchPage page;
  page.hits.reserve(response.hits.size());
  for (auto& h : response.hits) {
    page.hits.push_back(
        {std::move(h.talent), h.relevance, std::move(h.snippet), std::move(h.matched_terms)});
  }
  page.estimated_total = response.estimated_total;
  page.facets = std::move(response.facets);
  page.relaxed = response.relaxed;
  page.suggestion = std::move(response.suggestion);
  return page;
}

Result<search::NeedResults> ServeBackend::SearchNeeds(const search::NeedQuery& query) {
  hub::NeedSearchRequest request;
  request.text = query.text;
  request.region = query.region_prefix;
  request.allowed_regions = query.region_any;
  request.discipline = query.discipline_prefix;
  request.kind = query.kind;
  request.status = query.status;
  request.sort = query.sort;
  request.limit = query.limit;
  request.offset = query.offset;
  request.facets = query.facets;
  std::lock_guard lock(mu_);
  HUICAI_ASSIGN_OR_RETURN(hub::NeedSearchResponse response, hub_.SearchNeeds(request));
  search::NeedResults out;
  out.hits = std::move(response.hits);
  out.estimated_total = response.estimated_total;
  out.facets = std::move(response.facets);
  out.relaxed = response.relaxed;
  return out;
}

Result<search::StationResults> ServeBackend::SearchStations(const search::StationQuery& query) {
  hub::StationSearchRequest request;
  request.text = query.text;
  request.region = query.region_prefix;
  request.allowed_regions = query.region_any;
  request.discipline = query.discipline_prefix;
  request.kind = query.kind;
  request.type = query.type;
  request.limit = query.limit;
  request.offset = query.offset;
  request.facets = query.facets;
  std::lock_guard lock(mu_);
  HUICAI_ASSIGN_OR_RETURN(hub::StationSearchResponse response, hub_.SearchStations(request));
  search::StationResults out;
  out.hits = std::move(response.hits);
  out.estimated_total = response.estimated_total;
  out.facets = std::move(response.facets);
  out.relaxed = response.relaxed;
  return out;
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

Result<std::vector<exchange::RecordReceipt>> ServeBackend::SubmitRecords(
    std::string_view agency, std::vector<Record> records) {
  std::vector<hub::RecordReceipt> receipts;
  {
    std::lock_guard lock(mu_);
    HUICAI_ASSIGN_OR_RETURN(receipts, hub_.SubmitRecords(agency, std::move(records)));
  }
  std::vector<exchange::RecordReceipt> out;
  out.reserve(receipts.size());
  for (hub::RecordReceipt& r : receipts) {
    out.push_back({std::move(r.source_key), r.accepted, r.person_id, std::move(r.reason_code),
                   std::move(r.message)});
  }
  return out;
}

Result<exchange::ChangeBatch> ServeBackend::ChangesSince(std::int64_t after, size_t limit) {
  hub::FeedPage page;
  {
    std::lock_guard lock(mu_);
    HUICAI_ASSIGN_OR_RETURN(page, hub_.ChangeFeed(after, limit));
  }
  exchange::ChangeBatch batch;
  batch.last_seq = page.last_seq;
  batch.more = page.more;
  batch.changes.reserve(page.entries.size());
  for (hub::FeedEntry& e : page.entries) {
    batch.changes.push_back(
        {e.seq, std::move(e.entity), e.entity_id, std::move(e.op), std::move(e.region)});
  }
  return batch;
}

Result<Need> ServeBackend::GetNeed(NeedId id) {
  std::lock_guard lock(mu_);
  return hub_.GetNeed(id);
}

Status ServeBackend::UpdateNeed(const Need& need) {
  std::lock_guard lock(mu_);
  return hub_.UpdateNeed(need);
}

Result<exchange::ProposalAnswerResult> ServeBackend::AnswerProposal(
    NeedId need, PersonId expert, exchange::ProposalAnswerKind kind, int days_served,
    std::string_view note) {
  hub::ProposalAnswerKind hub_kind = hub::ProposalAnswerKind::kAccept;
  switch (kind) {
    case exchange::ProposalAnswerKind::kAccept:
      hub_kind = hub::ProposalAnswerKind::kAccept;
      break;
    case exchange::ProposalAnswerKind::kDecline:
      hub_kind = hub::ProposalAnswerKind::kDecline;
      break;
    case exchange::ProposalAnswerKind::kComplete:
      hub_kind = hub::ProposalAnswerKind::kComplete;
      break;
  }
  hub::ProposalAnswer answer;
  {
    std::lock_guard lock(mu_);
    HUICAI_ASSIGN_OR_RETURN(answer, hub_.AnswerProposal(need, expert, hub_kind, days_served, note));
  }
  return exchange::ProposalAnswerResult{std::move(answer.proposal), std::move(answer.rematched),
                                        answer.need_status};
}

Result<exchange::MatchSummary> ServeBackend::GetMatchReport(std::string_view round) {
  hub::MatchReport report;
  {
    std::lock_guard lock(mu_);
    HUICAI_ASSIGN_OR_RETURN(report, hub_.MatchRoundReport(round));
  }
  exchange::MatchSummary s;
  s.round = std::move(report.round);
  s.ran_at = std::move(report.ran_at);
  s.needs = report.needs;
  s.needs_filled = report.needs_filled;
  s.slots = report.slots;
  s.proposals = report.proposals;
  s.priority_needs = report.priority_needs;
  s.priority_filled = report.priority_filled;
  s.programme_experts = report.programme_experts;
  s.on_pace = report.on_pace;
  s.mean_score = report.mean_score;
  s.objective = report.objective;
  s.bound = report.bound;
  s.load_gini = report.load_gini;
  s.greedy_objective = report.greedy.objective;
  s.optimal = report.optimal;
  s.pending = report.pending;
  s.accepted = report.accepted;
  s.declined = report.declined;
  s.completed = report.completed;
  for (hub::UnfilledNeed& u : report.unfilled) {
    s.unfilled.push_back({u.need_id, std::move(u.reason)});
  }
  for (hub::RefusedNeed& r : report.refused) {
    s.refused.push_back({r.need_id, std::move(r.reason)});
  }
  return s;
}

Result<ServiceRequest> ServeBackend::SubmitServiceRequest(PersonId person,
                                                          const std::vector<std::string>& matters,
                                                          std::string_view window,
                                                          std::string_view note) {
  std::lock_guard lock(mu_);
  return hub_.SubmitServiceRequest(person, matters, window, note);
}

Result<ServiceItem> ServeBackend::UpdateServiceItem(ServiceItemId item, std::string_view department,
                                                    ServiceItemStatus status,
                                                    std::string_view reason,
                                                    std::optional<Date> new_date) {
  hub::ServiceAction action = hub::ServiceAction::kReceived;
  switch (status) {
    case ServiceItemStatus::kReceived:
      action = hub::ServiceAction::kReceived;
      break;
    case ServiceItemStatus::kDone:
      action = hub::ServiceAction::kDone;
      break;
    case ServiceItemStatus::kDelayed:
      action = hub::ServiceAction::kDelayed;
      break;
    case ServiceItemStatus::kSubmitted:
      return Status::InvalidArgument(
          "status: an item cannot be reported back to SUBMITTED; report RECEIVED, DONE or "
          "DELAYED");
  }
  std::lock_guard lock(mu_);
  return hub_.UpdateServiceItem(item, department, action, reason, new_date);
}

Result<ServiceRequest> ServeBackend::GetServiceRequest(ServiceRequestId id) {
  std::lock_guard lock(mu_);
  return hub_.GetServiceRequest(id);
}

Result<std::vector<ServiceEvent>> ServeBackend::ServiceArchive(PersonId person) {
  std::lock_guard lock(mu_);
  return hub_.ServiceArchive(person);
}

Result<search::PolicyResults> ServeBackend::SearchPolicies(const search::PolicyQuery& query) {
  std::lock_guard lock(mu_);
  return hub_.SearchPolicies(query);
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
