// search: needs, service-base projects and station activities (kind "need" documents; Need.kind
// tells them apart), with filters, facets, recency order and snippets.
#include <xapian.h>

#include <string>
#include <vector>

#include "search/index.h"
#include "search/internal/document.h"
#include "search/internal/index_impl.h"
#include "search/internal/text.h"

namespace huicai::search {
namespace {

// The needs' facets from the counts of their combined value "region|status|kind|fields".
NeedFacets ReadNeedFacets(const Xapian::ValueCountMatchSpy& spy) {
  NeedFacets facets;
  internal::ForEachFacetValue(spy, [&](const std::vector<std::string_view>& parts, std::size_t n) {
    if (parts.size() != 4) return;  // a document of another kind or format
    internal::CountRegion(parts[0], n, facets.province, facets.city, facets.county);
    facets.status[std::string(parts[1])] += n;
    facets.kind[std::string(parts[2])] += n;
    internal::CountFields(parts[3], n, facets.discipline);
  });
  return facets;
}

}  // namespace

Result<NeedResults> Index::FindNeeds(const NeedQuery& q) const {
  const std::string where = impl_->Where("searching needs");
  if (q.limit > kMaxLimit) {
    return Status::InvalidArgument(where + ": limit " + std::to_string(q.limit) + " is over " +
                                   std::to_string(kMaxLimit) + "; page with offset");
  }
  return internal::Guarded(where, [&]() -> Result<NeedResults> {
    using Xapian::Query;
    std::vector<Query> filters;
    filters.emplace_back(std::string(internal::kKindPrefix) + std::string(internal::kKindNeed));
    if (q.kind) filters.emplace_back(internal::NeedKindTerm(*q.kind));
    if (q.status) filters.emplace_back(internal::NeedStatusTerm(*q.status));
    HUICAI_ASSIGN_OR_RETURN(const Query filter, impl_->FilterTerms(q.region_prefix, q.region_any,
                                                                   q.discipline_prefix, filters));
    return impl_->FindRelaxing<NeedResults>(
        q.text, q.offset, filter, false, [&](const Query& query) {
          Xapian::Enquire enquire(impl_->reader);
          enquire.set_query(query);
          if (q.sort == NeedQuery::Sort::kRecency) {
            // The latest service window first, then the latest posted: the slot holds both, so
            // the order never falls back on Xapian's document ids. (A KeyMaker would read
            // clearer, but Xapian 1.4's remote backend refuses KeyMakers.)
            enquire.set_sort_by_value(internal::kSlotRecency, true);
          } else {
            enquire.set_sort_by_relevance_then_value(internal::kSlotId, false);
          }
          NeedResults results;
          Xapian::ValueCountMatchSpy facets(internal::kSlotFacets);
          const Xapian::MSet mset = impl_->Page(
              enquire, q.offset, q.limit, q.facets ? &facets : nullptr, results.estimated_total);
          if (q.facets) results.facets = ReadNeedFacets(facets);
          for (auto it = mset.begin(); it != mset.end(); ++it) {
            internal::StoredNeed stored;
            if (!internal::ParseNeed(it.get_document().get_data(), stored)) continue;  // foreign
            NeedHit hit;
            hit.need_id = stored.id;
            hit.relevance = it.get_weight();
            hit.rank = static_cast<int>(it.get_rank()) + 1;
            hit.title = std::move(stored.title);
            hit.unit = std::move(stored.unit);
            hit.region_code = std::move(stored.region_code);
            hit.status = stored.status;
            hit.kind = stored.kind;
            hit.window_start = std::move(stored.window_start);
            hit.matched_terms = impl_->MatchedWords(enquire, it, q.text);
            hit.snippet = internal::Highlight(stored.description, hit.matched_terms);
            results.hits.push_back(std::move(hit));
          }
          return results;
        });
  });
}

}  // namespace huicai::search
