// hub: what partner agencies do through the API besides reading: send records (validated,
// linked and stored like a sync batch, one receipt each), follow the change feed, and edit an
// open need.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <unordered_map>

#include "core/validate.h"
#include "hub/hub.h"
#include "hub/internal/impl.h"
#include "hub/internal/link.h"
#include "store/store.h"

namespace huicai::hub {

namespace {

// The check a field of an API record gets, by hub field name ("" = none): the same checks the
// partner mappings name in their `checks` lists (core/validate.h).
std::string_view CheckOf(std::string_view kind, std::string_view field) {
  if (field == "id_number") return "id_number";
  if (field == "name") return "name";
  if (field == "mobile") return "mobile";
  if (field == "region") return "region";
  if (field == "gender") return "gender";
  if (field.ends_with("credit_code")) return "credit_code";
  if (kind == "card_account" && field == "card_number") return "bank_card";
  return {};
}

constexpr size_t kMaxFieldsPerRecord = 64;

}  // namespace

Result<std::vector<RecordReceipt>> Hub::SubmitRecords(std::string_view partner,
                                                      std::vector<Record> records) {
  if (partner.empty()) {
    return Status::InvalidArgument("records need a partner name to be filed under");
  }
  std::vector<RecordReceipt> receipts(records.size());
  store::SyncBatch sync;
  sync.partner = std::string(partner);
  sync.rows_read = static_cast<std::int64_t>(records.size());
  // Where each stored record and each rejection came from, to write its receipt afterwards.
  std::vector<size_t> record_origin, rejection_origin;
  std::vector<store::LinkedRecord> pending;
  std::vector<size_t> pending_origin;
  for (size_t i = 0; i < records.size(); ++i) {
    Record& record = records[i];
    record.partner = std::string(partner);
    receipts[i].source_key = record.source_key;
    Rejection rejection;
    if (record.fields.size() > kMaxFieldsPerRecord) {
      rejection = {record.partner,
                   record.source_key,
                   "too_many_fields",
                   std::to_string(record.fields.size()) + " fields; a record has at most 64",
                   {}};
    }
    for (auto& [field, value] : record.fields) {
      if (!rejection.reason_code.empty()) break;
      const std::string_view check = CheckOf(record.kind, field);
      if (check.empty() || value.empty()) continue;
      FieldCheck checked = CheckField(check, value);
      if (!checked.ok()) {
        rejection = {record.partner, record.source_key, checked.reason_code,
                     field + ": " + checked.message, record.fields};
        break;
      }
      value = std::move(checked.value);
    }
    if (!rejection.reason_code.empty()) {
      sync.rejections.push_back(std::move(rejection));
      rejection_origin.push_back(i);
      continue;
    }
    LinkOutcome outcome = LinkRecord(std::move(record));
    if (outcome.needs_linkage) {
      pending.push_back(std::move(*outcome.linked));
      pending_origin.push_back(i);
    } else if (outcome.linked) {
      sync.records.push_back(std::move(*outcome.linked));
      record_origin.push_back(i);
    } else {
      sync.rejections.push_back(std::move(outcome.rejection));
      rejection_origin.push_back(i);
    }
  }
  if (!pending.empty()) {
    // The linker appends each pending record, in order, to the records or the rejections.
    BatchLinker linker(impl_->store_, impl_->config_.link);
    const size_t records_before = sync.records.size();
    const size_t rejections_before = sync.rejections.size();
    HUICAI_RETURN_IF_ERROR(linker.Resolve(std::move(pending), sync.records, sync.rejections));
    // Match them back by source key, in order (a key may come twice in one batch).
    std::unordered_map<std::string, std::vector<size_t>> by_key;
    for (auto it = pending_origin.rbegin(); it != pending_origin.rend(); ++it) {
      by_key[receipts[*it].source_key].push_back(*it);
    }
    auto take = [&](const std::string& key) {
      std::vector<size_t>& left = by_key[key];
      const size_t origin = left.back();
      left.pop_back();
      return origin;
    };
    for (size_t r = records_before; r < sync.records.size(); ++r) {
      record_origin.push_back(take(sync.records[r].record.source_key));
    }
    for (size_t r = rejections_before; r < sync.rejections.size(); ++r) {
      rejection_origin.push_back(take(sync.rejections[r].source_key));
    }
    HUICAI_RETURN_IF_ERROR(linker.Adopt(sync.records));
  }
  HUICAI_ASSIGN_OR_RETURN(store::SyncBatchResult result, impl_->store_.ApplySyncBatch(sync));
  for (size_t r = 0; r < sync.records.size(); ++r) {
    RecordReceipt& receipt = receipts[record_origin[r]];
    receipt.accepted = true;
    receipt.person_id = r < result.person_ids.size() ? result.person_ids[r] : 0;
  }
  for (size_t r = 0; r < sync.rejections.size(); ++r) {
    RecordReceipt& receipt = receipts[rejection_origin[r]];
    receipt.reason_code = sync.rejections[r].reason_code;
    receipt.message = sync.rejections[r].message;
  }
  spdlog::info("records from {}: {} sent, {} new, {} updated, {} unchanged, {} quarantined",
               partner, records.size(), result.inserted, result.updated, result.unchanged,
               sync.rejections.size());
  return receipts;
}

Result<FeedPage> Hub::ChangeFeed(std::int64_t after, size_t limit) {
  HUICAI_ASSIGN_OR_RETURN(std::vector<store::Change> changes,
                          impl_->store_.ChangesSince(after, limit + 1));
  FeedPage page;
  page.last_seq = after;
  page.more = changes.size() > limit;
  if (page.more) changes.resize(limit);
  page.entries.reserve(changes.size());
  for (const store::Change& change : changes) {
    FeedEntry entry{change.seq, change.entity, change.entity_id, change.op, {}};
    // The region the entry concerns, read now; gone entities have none.
    if (change.entity == "talent") {
      if (auto talent = impl_->store_.GetTalent(change.entity_id); talent.ok()) {
        entry.region = talent->region_code;
      }
    } else if (change.entity == "person") {
      if (auto person = impl_->store_.GetPerson(change.entity_id); person.ok()) {
        entry.region = person->region_code;
        if (entry.region.empty()) {
          if (auto talent = impl_->store_.GetTalent(change.entity_id); talent.ok()) {
            entry.region = talent->region_code;
          }
        }
      }
    } else if (change.entity == "station") {
      if (auto station = impl_->store_.GetStation(change.entity_id); station.ok()) {
        entry.region = station->region_code;
      }
    } else if (change.entity == "need" || change.entity == "proposal") {
      if (auto need = impl_->store_.GetNeed(change.entity_id); need.ok()) {
        entry.region = need->region_code;
      }
    }
    page.last_seq = change.seq;
    page.entries.push_back(std::move(entry));
  }
  return page;
}

Status Hub::UpdateNeed(const Need& need) {
  HUICAI_ASSIGN_OR_RETURN(Need stored, impl_->store_.GetNeed(need.id));
  if (stored.status != NeedStatus::kOpen) {
    return Status::InvalidArgument("need " + std::to_string(need.id) + " is " +
                                   std::string(NeedStatusName(stored.status)) +
                                   "; only an open need changes: post a new one instead");
  }
  if (need.status != NeedStatus::kOpen) {
    return Status::InvalidArgument(
        "need.status: an update keeps the need open; its status follows the answers to its "
        "proposals");
  }
  HUICAI_RETURN_IF_ERROR(ValidateNeed(need, Today()));
  HUICAI_ASSIGN_OR_RETURN(std::vector<Proposal> proposals, impl_->store_.ListProposals(need.id));
  const auto held = std::count_if(proposals.begin(), proposals.end(), [](const Proposal& p) {
    return p.status == ProposalStatus::kAccepted || p.status == ProposalStatus::kCompleted;
  });
  if (need.headcount < held) {
    return Status::InvalidArgument("need.headcount: " + std::to_string(need.headcount) +
                                   " is below the " + std::to_string(held) +
                                   " experts who already accepted; decline one first");
  }
  return impl_->store_.UpdateNeed(need);
}

}  // namespace huicai::hub
