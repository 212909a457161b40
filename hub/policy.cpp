// hub: policy documents: import files (split by core/policy.h, stored by store/) and search
// their articles (indexed by Hub::Index from the change log).
#include "core/policy.h"

#include <fstream>
#include <sstream>

#include "hub/hub.h"
#include "hub/internal/impl.h"
#include "hub/internal/policy_index.h"
#include "hub/synonyms.h"

namespace huicai::hub {

Status IndexPolicy(store::Store& store, search::Index& index, std::int64_t id) {
  auto stored = store.GetPolicy(id);
  if (!stored.has_value()) {
    if (stored.error().code() != StatusCode::kNotFound) return stored.error();
    return index.ReplacePolicy(id, {});  // gone from the store: gone from the index
  }
  std::vector<search::PolicyEntry> entries;
  entries.reserve(stored->document.articles.size());
  for (size_t i = 0; i < stored->document.articles.size(); ++i) {
    entries.push_back({stored->article_ids[i], id, stored->document.title,
                       stored->document.doc_number, stored->document.issuer,
                       stored->document.articles[i]});
  }
  return index.ReplacePolicy(id, entries);
}

Result<std::vector<PolicyFileReport>> Hub::ImportPolicies(
    std::span<const std::filesystem::path> files) {
  std::vector<PolicyFileReport> reports;
  for (const std::filesystem::path& file : files) {
    PolicyFileReport report;
    report.file = file;
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) {
      report.outcome = "refused";
      report.error = "cannot read " + file.string() + "; check the path and its permissions";
      reports.push_back(std::move(report));
      continue;
    }
    auto doc = ParsePolicyText(text.str());
    if (!doc.has_value()) {
      report.outcome = "refused";
      report.error = doc.error().message();
      reports.push_back(std::move(report));
      continue;
    }
    report.title = doc->title;
    report.doc_number = doc->doc_number;
    report.articles = static_cast<std::int64_t>(doc->articles.size());
    HUICAI_ASSIGN_OR_RETURN(store::PolicyImport imported,
                            impl_->store_.ImportPolicy(*doc, file.string()));
    report.id = imported.id;
    report.outcome = imported.inserted ? "new" : imported.replaced ? "replaced" : "unchanged";
    reports.push_back(std::move(report));
  }
  return reports;
}

Result<std::vector<store::StoredPolicy>> Hub::ListPolicies() {
  return impl_->store_.ListPolicies();
}

Result<search::PolicyResults> Hub::SearchPolicies(const search::PolicyQuery& query) {
  HUICAI_ASSIGN_OR_RETURN(search::Index * index, impl_->Reader());
  search::PolicyQuery expanded = query;
  expanded.text = SynonymTable::Default().Expand(query.text);
  return index->FindPolicies(expanded);
}

}  // namespace huicai::hub
