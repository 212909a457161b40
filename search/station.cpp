// search: talent stations and expert service bases (kind "station" documents; Station.kind
// tells them apart), with filters by kind and type, facets and snippets.
#include <xapian.h>

#include <string>
#include <vector>

#include "search/index.h"
#include "search/internal/document.h"
#include "search/internal/index_impl.h"
#include "search/internal/text.h"

namespace huicai::search {
namespace {

// The stations' facets from the counts of their combined value "region|kind|type|fields".
StationFacets ReadStationFacets(const Xapian::ValueCountMatchSpy& spy) {
  StationFacets facets;
  internal::ForEachFacetValue(spy, [&](const std::vector<std::string_view>& parts, std::size_t n) {
    if (parts.size() != 4) return;  // a document of another kind or format
    internal::CountRegion(parts[0], n, facets.province, facets.city, facets.county);
    facets.kind[std::string(parts[1])] += n;
    facets.type[std::string(parts[2])] += n;
    internal::CountFields(parts[3], n, facets.discipline);
  });
  return facets;
}

}  // namespace

Status Index::UpsertStation(const Station& station) {
  const std::string where = impl_->Where("indexing station " + std::to_string(station.id));
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  if (station.id <= 0) {
    return Status::InvalidArgument(where + ": id must be positive; store the station first");
  }
  return internal::Guarded(where, [&]() -> Status {
    const std::string term = internal::StationIdTerm(station.id);
    impl_->WriterFor(term).replace_document(
        term, internal::BuildStationDocument(station, impl_->generator));
    return Status::Ok();
  });
}

Status Index::RemoveStation(StationId station_id) {
  const std::string where = impl_->Where("removing station " + std::to_string(station_id));
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  if (station_id <= 0) return Status::InvalidArgument(where + ": id must be positive");
  return internal::Guarded(where, [&]() -> Status {
    const std::string term = internal::StationIdTerm(station_id);
    impl_->WriterFor(term).delete_document(term);
    return Status::Ok();
  });
}

Result<StationResults> Index::FindStations(const StationQuery& q) const {
  const std::string where = impl_->Where("searching stations");
  if (q.limit > kMaxLimit) {
    return Status::InvalidArgument(where + ": limit " + std::to_string(q.limit) + " is over " +
                                   std::to_string(kMaxLimit) + "; page with offset");
  }
  return internal::Guarded(where, [&]() -> Result<StationResults> {
    using Xapian::Query;
    std::vector<Query> filters;
    filters.emplace_back(std::string(internal::kKindPrefix) + std::string(internal::kKindStation));
    if (q.kind) filters.emplace_back(internal::StationKindTerm(*q.kind));
    if (q.type) filters.emplace_back(internal::StationTypeTerm(*q.type));
    HUICAI_ASSIGN_OR_RETURN(const Query filter, impl_->FilterTerms(q.region_prefix, q.region_any,
                                                                   q.discipline_prefix, filters));
    return impl_->FindRelaxing<StationResults>(
        q.text, q.offset, filter, false, [&](const Query& query) {
          Xapian::Enquire enquire(impl_->reader);
          enquire.set_query(query);
          enquire.set_sort_by_relevance_then_value(internal::kSlotId, false);
          StationResults results;
          Xapian::ValueCountMatchSpy facets(internal::kSlotFacets);
          const Xapian::MSet mset = impl_->Page(
              enquire, q.offset, q.limit, q.facets ? &facets : nullptr, results.estimated_total);
          if (q.facets) results.facets = ReadStationFacets(facets);
          for (auto it = mset.begin(); it != mset.end(); ++it) {
            internal::StoredStation stored;
            if (!internal::ParseStation(it.get_document().get_data(), stored)) continue;
            StationHit hit;
            hit.station_id = stored.id;
            hit.relevance = it.get_weight();
            hit.rank = static_cast<int>(it.get_rank()) + 1;
            hit.name = std::move(stored.name);
            hit.host_unit = std::move(stored.host_unit);
            hit.region_code = std::move(stored.region_code);
            hit.kind = stored.kind;
            hit.type = stored.type;
            hit.matched_terms = impl_->MatchedWords(enquire, it, q.text);
            hit.snippet = internal::Highlight(stored.description, hit.matched_terms);
            results.hits.push_back(std::move(hit));
          }
          return results;
        });
  });
}

}  // namespace huicai::search
