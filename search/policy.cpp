// search: policy articles in the same Xapian database as talents and needs (kind "policy").
// One document per article; every article of a policy carries XQ<document id>, so a new
// version of a policy replaces all its articles at once.
#include <xapian.h>

#include <string>
#include <vector>

#include "search/index.h"
#include "search/internal/document.h"
#include "search/internal/index_impl.h"
#include "search/internal/text.h"

namespace huicai::search {
namespace {

using internal::Guarded;

}  // namespace

Status Index::ReplacePolicy(std::int64_t document_id, const std::vector<PolicyEntry>& articles) {
  const std::string where = impl_->Where("indexing policy " + std::to_string(document_id));
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  if (document_id <= 0) return Status::InvalidArgument(where + ": document id must be positive");
  for (const PolicyEntry& e : articles) {
    if (e.document_id != document_id || e.article_id <= 0) {
      return Status::InvalidArgument(where + ": article " + std::to_string(e.article_id) +
                                     " of document " + std::to_string(e.document_id) +
                                     " does not belong here; store the articles first");
    }
  }
  return Guarded(where, [&]() -> Status {
    // Every article of a document lives on the shard its document term routes to.
    const std::string document_term = internal::PolicyDocumentTerm(document_id);
    Xapian::WritableDatabase& writer = impl_->WriterFor(document_term);
    writer.delete_document(document_term);
    for (const PolicyEntry& e : articles) {
      writer.replace_document(internal::ArticleIdTerm(e.article_id),
                              internal::BuildPolicyDocument(e, impl_->generator));
    }
    return Status::Ok();
  });
}

Result<PolicyResults> Index::FindPolicies(const PolicyQuery& q) const {
  const std::string where = impl_->Where("searching policies");
  if (q.limit > kMaxLimit) {
    return Status::InvalidArgument(where + ": limit " + std::to_string(q.limit) + " is over " +
                                   std::to_string(kMaxLimit) + "; page with offset");
  }
  return Guarded(where, [&]() -> Result<PolicyResults> {
    using Xapian::Query;
    const Query kind(std::string(internal::kKindPrefix) + std::string(internal::kKindPolicy));
    // Words ANDed, as phrases where quoted (articles keep positions); when no article holds
    // every word, each word and each pair of neighbouring characters ORed, so a question typed
    // as one run (每年到基层服务多少天) still meets the articles sharing its pieces.
    return impl_->FindRelaxing<PolicyResults>(
        q.text, q.offset, kind, true, [&](const Query& query) {
          Xapian::Enquire enquire(impl_->reader);
          enquire.set_query(query);
          enquire.set_sort_by_relevance_then_value(internal::kSlotId, false);
          PolicyResults results;
          const Xapian::MSet mset =
              impl_->Page(enquire, q.offset, q.limit, nullptr, results.estimated_total);
          for (auto it = mset.begin(); it != mset.end(); ++it) {
            internal::StoredArticle stored;
            if (!internal::ParseArticle(it.get_document().get_data(), stored))
              continue;  // foreign document
            PolicyHit hit;
            hit.article_id = stored.article_id;
            hit.document_id = stored.document_id;
            hit.relevance = it.get_weight();
            hit.rank = static_cast<int>(it.get_rank()) + 1;
            hit.title = std::move(stored.title);
            hit.doc_number = std::move(stored.doc_number);
            hit.number = std::move(stored.number);
            hit.heading = std::move(stored.heading);
            hit.part = std::move(stored.part);
            hit.snippet =
                internal::Highlight(stored.text, impl_->MatchedWords(enquire, it, q.text));
            results.hits.push_back(std::move(hit));
          }
          return results;
        });
  });
}

}  // namespace huicai::search
