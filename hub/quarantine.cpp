// hub: quarantine browsing and retry after a mapping fix, and the lineage view of a person.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "hub/hub.h"
#include "hub/internal/impl.h"
#include "hub/internal/link.h"

namespace huicai::hub {

namespace {

QuarantineItem ToItem(store::QuarantineEntry entry) {
  return {entry.id, std::move(entry.rejection), std::move(entry.created_at)};
}

// Rows refused by the connector keep the partner's columns; rows refused at linking keep the
// mapped fields instead. Either way the result is the record to link, or a new rejection.
connectors::MappedBatch Revalidate(const connectors::PartnerConfig& config,
                                   const Rejection& rejection) {
  bool has_columns = false;
  for (const std::string& key : config.key_columns) {
    for (const auto& [column, value] : rejection.raw) {
      std::string a = column, b = key;
      std::transform(a.begin(), a.end(), a.begin(), ::tolower);
      std::transform(b.begin(), b.end(), b.begin(), ::tolower);
      has_columns = has_columns || a == b;
    }
  }
  if (has_columns) return connectors::MapRawRow(config, rejection.raw);
  connectors::MappedBatch batch;
  batch.records.push_back(
      Record{config.name, config.kind, rejection.source_key, {}, rejection.raw, false});
  return batch;
}

}  // namespace

Result<std::vector<QuarantineItem>> Hub::ListQuarantine(std::string_view partner,
                                                        std::string_view reason, size_t limit,
                                                        size_t offset) {
  HUICAI_ASSIGN_OR_RETURN(auto entries,
                          impl_->store_.ListQuarantine(partner, limit, reason, offset));
  std::vector<QuarantineItem> items;
  for (auto& e : entries) items.push_back(ToItem(std::move(e)));
  return items;
}

Result<QuarantineItem> Hub::GetQuarantineItem(std::int64_t id) {
  HUICAI_ASSIGN_OR_RETURN(store::QuarantineEntry entry, impl_->store_.GetQuarantineEntry(id));
  return ToItem(std::move(entry));
}

Result<std::map<std::string, std::string>> Hub::ColumnTargets(std::string_view partner) {
  HUICAI_ASSIGN_OR_RETURN(auto configs, impl_->PartnerConfigs());
  std::map<std::string, std::string> targets;
  for (const auto& config : configs) {
    if (config.name != partner) continue;
    for (const auto& field : config.fields) {
      std::string lower = field.column, upper = field.column;
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      targets[field.column] = targets[lower] = targets[upper] = field.target;
    }
  }
  return targets;
}

Result<RetryReport> Hub::RetryQuarantine(std::string_view partner) {
  HUICAI_ASSIGN_OR_RETURN(auto configs, impl_->PartnerConfigs());
  std::unordered_map<std::string, const connectors::PartnerConfig*> by_name;
  for (const auto& c : configs) by_name[c.name] = &c;
  RetryReport report;
  constexpr size_t kPage = 1000;
  size_t offset = 0;
  for (;;) {
    HUICAI_ASSIGN_OR_RETURN(auto entries, impl_->store_.ListQuarantine(partner, kPage, {}, offset));
    if (entries.empty()) break;
    // One batch per partner: what now passes is stored, then its entries are removed. A crash
    // between the two leaves entries whose rows are stored; the next retry finds them unchanged
    // and removes them.
    std::map<std::string, store::SyncBatch> batches;
    std::map<std::string, std::vector<std::int64_t>> fixed;
    size_t kept = 0;
    for (const auto& entry : entries) {
      ++report.examined;
      const Rejection& old = entry.rejection;
      auto config = by_name.find(old.partner);
      if (config == by_name.end()) {
        ++report.still_refused;
        ++kept;
        report.reasons["no_mapping"]++;
        continue;
      }
      connectors::MappedBatch mapped = Revalidate(*config->second, old);
      std::optional<store::LinkedRecord> linked;
      std::string reason;
      if (!mapped.records.empty()) {
        LinkOutcome outcome = LinkRecord(std::move(mapped.records.front()));
        if (outcome.linked) {
          linked = std::move(outcome.linked);
        } else {
          reason = outcome.rejection.reason_code;
        }
      } else if (!mapped.rejections.empty()) {
        reason = mapped.rejections.front().reason_code;
      } else {
        reason = "duplicate";
      }
      if (!linked) {
        ++report.still_refused;
        ++kept;
        report.reasons[reason]++;
        continue;
      }
      store::SyncBatch& batch = batches[old.partner];
      batch.partner = old.partner;
      batch.records.push_back(std::move(*linked));
      fixed[old.partner].push_back(entry.id);
    }
    for (auto& [name, batch] : batches) {
      HUICAI_ASSIGN_OR_RETURN(store::SyncBatchResult result, impl_->store_.ApplySyncBatch(batch));
      (void)result;
      HUICAI_RETURN_IF_ERROR(impl_->store_.DeleteQuarantineEntries(fixed[name]));
      report.loaded += static_cast<std::int64_t>(fixed[name].size());
    }
    offset += kept;  // removed entries no longer take a place in the listing
  }
  spdlog::info("quarantine retry: {} examined, {} loaded, {} still refused", report.examined,
               report.loaded, report.still_refused);
  return report;
}

Result<PersonView> Hub::ShowPerson(PersonId id) {
  PersonView view;
  HUICAI_ASSIGN_OR_RETURN(view.person, impl_->store_.GetPerson(id));
  auto talent = impl_->store_.GetTalent(id);
  if (talent.has_value()) {
    view.talent = std::move(talent).value();
  } else if (talent.error().code() != StatusCode::kNotFound) {
    return talent.error();
  }
  HUICAI_ASSIGN_OR_RETURN(auto records, impl_->store_.ListPartnerRecords(id));
  std::map<std::string, std::set<std::string>> values;
  for (const auto& r : records) {
    for (const auto& [field, value] : r.fields) {
      view.sources.push_back({field, value, r.partner, r.source_key, r.watermark});
      values[field].insert(value);
    }
  }
  std::stable_sort(view.sources.begin(), view.sources.end(),
                   [](const FieldSource& a, const FieldSource& b) {
                     return std::tie(a.field, a.partner) < std::tie(b.field, b.partner);
                   });
  // Fields that describe the person (not one partner's own record) and disagree.
  static const std::set<std::string> kPersonal = {"id_number",   "name",     "gender", "birth_date",
                                                  "nationality", "passport", "mobile"};
  for (const auto& [field, distinct] : values) {
    if (distinct.size() > 1 && kPersonal.count(field) != 0) {
      view.conflicting_fields.push_back(field);
    }
  }
  return view;
}

}  // namespace huicai::hub
