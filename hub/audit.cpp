// hub: the audit log of API calls, kept by store/ as a hash chain.
#include "hub/hub.h"
#include "hub/internal/impl.h"

namespace huicai::hub {

Status Hub::Audit(std::span<const AuditRecord> records) {
  std::vector<store::AuditEntry> entries;
  entries.reserve(records.size());
  for (const AuditRecord& r : records) {
    store::AuditEntry e;
    e.at = r.at;
    e.agency = r.agency;
    e.method = r.method;
    e.subjects = r.subjects;
    e.fields = r.fields;
    e.outcome = r.outcome;
    entries.push_back(std::move(e));
  }
  return impl_->store_.AppendAudit(entries);
}

Result<AuditVerification> Hub::VerifyAudit() {
  HUICAI_ASSIGN_OR_RETURN(store::AuditCheck check, impl_->store_.VerifyAudit());
  return AuditVerification{check.ok, check.entries, check.first_bad_seq, check.problem};
}

Result<std::vector<AuditRecord>> Hub::ListAudit(std::string_view agency, std::string_view since,
                                                size_t limit) {
  HUICAI_ASSIGN_OR_RETURN(std::vector<store::AuditEntry> entries,
                          impl_->store_.ListAudit(agency, since, limit));
  std::vector<AuditRecord> out;
  out.reserve(entries.size());
  for (store::AuditEntry& e : entries) {
    out.push_back({e.seq, std::move(e.at), std::move(e.agency), std::move(e.method),
                   std::move(e.subjects), std::move(e.fields), std::move(e.outcome),
                   std::move(e.hash)});
  }
  return out;
}

}  // namespace huicai::hub
