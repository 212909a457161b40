// hub: quarantine browsing and retry after a mapping fix, and the lineage view of a person.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>
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
  // The entries as they are now; entries this retry writes (a row failing differently) are
  // not examined again.
  std::vector<store::QuarantineEntry> all;
  constexpr size_t kPage = 1000;
  for (size_t offset = 0;; offset += kPage) {
    HUICAI_ASSIGN_OR_RETURN(auto page, impl_->store_.ListQuarantine(partner, kPage, {}, offset));
    if (page.empty()) break;
    std::move(page.begin(), page.end(), std::back_inserter(all));
  }
  RetryReport report;
  // One linker for the whole retry: it counts the stored persons once.
  BatchLinker linker(impl_->store_, impl_->config_.link);
  for (size_t start = 0; start < all.size(); start += kPage) {
    const size_t end = std::min(all.size(), start + kPage);
    // One batch per partner: what now passes is stored, a row that fails for another reason is
    // quarantined under it, then the old entries of both are removed. A crash between the two
    // leaves entries whose rows are stored (or requarantined); the next retry finds them so
    // and removes them.
    struct PartnerWork {
      store::SyncBatch batch;
      std::vector<store::LinkedRecord> pending;
      std::map<std::string, std::vector<const store::QuarantineEntry*>> entries;  // by key
    };
    std::map<std::string, PartnerWork> work;
    for (size_t i = start; i < end; ++i) {
      const store::QuarantineEntry& entry = all[i];
      ++report.examined;
      const Rejection& old = entry.rejection;
      auto config = by_name.find(old.partner);
      if (config == by_name.end()) {
        ++report.still_refused;
        report.reasons["no_mapping"]++;
        continue;
      }
      PartnerWork& w = work[old.partner];
      w.batch.partner = old.partner;
      auto& same_key = w.entries[old.source_key];
      same_key.push_back(&entry);
      if (same_key.size() > 1) continue;  // one row, several reasons: examine it once
      connectors::MappedBatch mapped = Revalidate(*config->second, old);
      if (mapped.records.empty()) {
        Rejection now = mapped.rejections.empty() ? old : std::move(mapped.rejections.front());
        if (mapped.rejections.empty()) now.reason_code = "duplicate";
        now.partner = old.partner;
        now.source_key = old.source_key;
        w.batch.rejections.push_back(std::move(now));
        continue;
      }
      LinkOutcome outcome = LinkRecord(std::move(mapped.records.front()));
      if (outcome.needs_linkage) {
        w.pending.push_back(std::move(*outcome.linked));
      } else if (outcome.linked) {
        w.batch.records.push_back(std::move(*outcome.linked));
      } else {
        w.batch.rejections.push_back(std::move(outcome.rejection));
      }
    }
    for (auto& [name, w] : work) {
      HUICAI_RETURN_IF_ERROR(
          linker.Resolve(std::move(w.pending), w.batch.records, w.batch.rejections));
      HUICAI_RETURN_IF_ERROR(linker.Adopt(w.batch.records));
      std::vector<std::int64_t> remove;
      std::set<std::string> loaded;
      for (const auto& lr : w.batch.records) loaded.insert(lr.record.source_key);
      std::vector<Rejection> changed;
      for (auto& rejection : w.batch.rejections) {
        bool same = false;
        for (const auto* e : w.entries[rejection.source_key])
          same = same || e->rejection.reason_code == rejection.reason_code;
        for (const auto* e : w.entries[rejection.source_key]) {
          if (e->rejection.reason_code != rejection.reason_code) remove.push_back(e->id);
        }
        report.reasons[rejection.reason_code]++;
        ++report.still_refused;
        if (!same) {
          ++report.reason_changed;
          changed.push_back(std::move(rejection));
        }
      }
      w.batch.rejections = std::move(changed);
      for (const std::string& key : loaded) {
        for (const auto* e : w.entries[key]) remove.push_back(e->id);
        ++report.loaded;
      }
      HUICAI_ASSIGN_OR_RETURN(store::SyncBatchResult result, impl_->store_.ApplySyncBatch(w.batch));
      (void)result;
      HUICAI_RETURN_IF_ERROR(impl_->store_.DeleteQuarantineEntries(remove));
    }
  }
  spdlog::info("quarantine retry: {} examined, {} loaded, {} still refused ({} for a new reason)",
               report.examined, report.loaded, report.still_refused, report.reason_changed);
  return report;
}

Result<PersonId> Hub::ResolveQuarantine(std::int64_t id, std::optional<PersonId> person) {
  HUICAI_ASSIGN_OR_RETURN(store::QuarantineEntry entry, impl_->store_.GetQuarantineEntry(id));
  HUICAI_ASSIGN_OR_RETURN(auto configs, impl_->PartnerConfigs());
  const Rejection& old = entry.rejection;
  const connectors::PartnerConfig* config = nullptr;
  for (const auto& c : configs) {
    if (c.name == old.partner) config = &c;
  }
  if (config == nullptr) {
    return Status::NotFound("quarantine entry " + std::to_string(id) + " is from partner \"" +
                            old.partner + "\", which has no mapping file now");
  }
  connectors::MappedBatch mapped = Revalidate(*config, old);
  if (mapped.records.empty()) {
    const std::string why =
        mapped.rejections.empty() ? "a duplicate" : mapped.rejections.front().message;
    return Status::InvalidArgument("quarantine entry " + std::to_string(id) +
                                   " still fails validation (" + why +
                                   "): fix the row or the mapping, then `huicai quarantine "
                                   "retry`");
  }
  LinkOutcome outcome = LinkRecord(std::move(mapped.records.front()));
  if (!outcome.linked) {
    return Status::InvalidArgument("quarantine entry " + std::to_string(id) +
                                   " still fails: " + outcome.rejection.message);
  }
  if (!outcome.needs_linkage) {
    return Status::InvalidArgument(
        "quarantine entry " + std::to_string(id) +
        " has an ID number or passport, which decides its person: `huicai quarantine retry` "
        "loads it");
  }
  store::LinkedRecord lr = std::move(*outcome.linked);
  lr.link_method = "review";
  lr.link_probability = 1;
  if (person) {
    HUICAI_RETURN_IF_ERROR(impl_->store_.GetPerson(*person).status());
    lr.person.id = *person;
  } else {
    lr.founder = lr.record.partner + "/" + lr.record.kind + "/" + lr.record.source_key;
  }
  store::SyncBatch batch;
  batch.partner = old.partner;
  const std::string kind = lr.record.kind, key = lr.record.source_key;
  batch.records.push_back(std::move(lr));
  HUICAI_RETURN_IF_ERROR(impl_->store_.ApplySyncBatch(batch).status());
  const std::int64_t ids[] = {id};
  HUICAI_RETURN_IF_ERROR(impl_->store_.DeleteQuarantineEntries(ids));
  return impl_->store_.PersonOfRecord(old.partner, kind, key);
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
    view.links.push_back({r.partner, r.kind, r.source_key, r.link_method, r.link_probability,
                          FormatStoredEvidence(r.link_evidence)});
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
