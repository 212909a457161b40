#include "search/index.h"

#include <xapian.h>

#include <exception>
#include <set>
#include <system_error>
#include <utility>

#include "search/internal/document.h"
#include "search/internal/index_impl.h"
#include "search/internal/text.h"
#include "search/internal/xapian_status.h"

namespace huicai::search {
namespace {

using internal::FromXapian;
using internal::Guarded;

constexpr double kExactNameBoost = 10.0;  // an exact whole-name match outranks n-gram hits
constexpr std::size_t kMaxMetadataKeyBytes = 200;

std::string Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

// Whole-name terms worth boosting: the trimmed text and each space-separated chunk.
std::vector<std::string> NameCandidates(std::string_view text) {
  std::vector<std::string> out;
  const std::string whole = Trim(text);
  if (!whole.empty()) out.push_back(whole);
  std::size_t start = 0;
  while (start < whole.size()) {
    std::size_t end = whole.find(' ', start);
    if (end == std::string::npos) end = whole.size();
    if (end > start) {
      std::string chunk = whole.substr(start, end - start);
      if (chunk != whole) out.push_back(std::move(chunk));
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

Result<Xapian::Query> Index::Impl::BuildQuery(const TalentQuery& q) const {
  using Xapian::Query;
  std::vector<Query> filters;
  filters.emplace_back(std::string(internal::kKindPrefix) + std::string(internal::kKindTalent));
  if (!q.region_prefix.empty()) {
    const auto region = internal::NormaliseRegionPrefix(q.region_prefix);
    if (!region) {
      return Status::InvalidArgument("region prefix \"" + q.region_prefix +
                                     "\" is not a GB/T 2260 prefix; give 2, 4 or 6 digits "
                                     "(\"37\", \"3713\", \"371324\")");
    }
    filters.emplace_back(std::string(internal::kRegionPrefix) + *region);
  }
  if (q.tier) {
    filters.emplace_back(std::string(internal::kTierPrefix) + std::string(TalentTierName(*q.tier)));
  }
  if (!q.discipline_prefix.empty()) {
    if (!internal::IsDisciplinePrefix(q.discipline_prefix)) {
      return Status::InvalidArgument("discipline prefix \"" + q.discipline_prefix +
                                     "\" is not a GB/T 13745 code prefix; give 1 to 7 digits "
                                     "(\"210\", \"21020\")");
    }
    filters.emplace_back(Query::OP_WILDCARD,
                         std::string(internal::kDisciplinePrefix) + q.discipline_prefix);
  }
  if (q.programme_only) filters.emplace_back(std::string(internal::kProgrammePrefix) + "1");
  Query filter(Query::OP_AND, filters.begin(), filters.end());

  if (internal::SplitText(q.text).empty()) {
    return Query(Query::OP_FILTER, Query::MatchAll, filter);
  }
  Query text_query;
  if (q.match_any) {
    const std::vector<std::string> terms = internal::BagOfTerms(q.text);
    text_query = Query(Query::OP_OR, terms.begin(), terms.end());
  } else {
    Xapian::QueryParser parser;
    parser.set_default_op(Query::OP_AND);
    try {
      text_query = parser.parse_query(
          q.text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM);
    } catch (const Xapian::QueryParserError& e) {
      return Status::InvalidArgument("query text \"" + q.text +
                                     "\" does not parse: " + e.get_msg() +
                                     "; check quotes, brackets and the operands of AND / OR / "
                                     "NOT, or set match_any to search the words as given");
    }
  }
  std::vector<Query> boosts;
  for (const std::string& name : NameCandidates(q.text)) {
    const std::string term = std::string(internal::kNamePrefix) + internal::FoldName(name);
    if (term.size() <= internal::kMaxTermBytes) {
      boosts.emplace_back(Query::OP_SCALE_WEIGHT, Query(term), kExactNameBoost);
    }
  }
  if (!boosts.empty()) {
    text_query =
        Query(Query::OP_AND_MAYBE, text_query, Query(Query::OP_OR, boosts.begin(), boosts.end()));
  }
  return Query(Query::OP_FILTER, text_query, filter);
}

namespace {

// Counts every match it is shown by region level, tier and first-level discipline.
class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(TalentFacets& facets) : facets_(facets) {}
  void operator()(const Xapian::Document& doc, double) override {
    const std::string region = doc.get_value(internal::kSlotRegion);
    if (region.size() == 6) {
      ++facets_.province[region.substr(0, 2)];
      if (region.substr(2, 2) != "00") ++facets_.city[region.substr(0, 4)];
      if (region.substr(4, 2) != "00") ++facets_.county[region];
    }
    const std::string tier = doc.get_value(internal::kSlotTier);
    const int level = tier.empty() ? 0 : static_cast<int>(Xapian::sortable_unserialise(tier));
    ++facets_.tier[level >= 1 && level <= 4 ? std::string(1, static_cast<char>('A' + level - 1))
                                            : std::string("-")];
    const std::string fields = doc.get_value(internal::kSlotDisciplines);
    for (std::size_t start = 0; start < fields.size();) {
      std::size_t comma = fields.find(',', start);
      if (comma == std::string::npos) comma = fields.size();
      if (comma > start) ++facets_.discipline[fields.substr(start, comma - start)];
      start = comma + 1;
    }
  }

 private:
  TalentFacets& facets_;
};

}  // namespace

TalentResults Index::Impl::Run(const Xapian::Query& query, const TalentQuery& q) const {
  Xapian::Enquire enquire(reader);
  enquire.set_query(query);
  if (q.sort == TalentQuery::Sort::kAvailability) {
    enquire.set_sort_by_value_then_relevance(internal::kSlotDaysAvailable, true);
  } else {
    enquire.set_sort_by_relevance_then_value(internal::kSlotId, false);
  }
  const auto offset = static_cast<Xapian::doccount>(q.offset);
  const auto limit = static_cast<Xapian::doccount>(q.limit);
  TalentResults results;
  TalentFacets facets;
  FacetSpy spy(facets);
  // Facets need every match seen, so the count is exact then too.
  if (q.facets) enquire.add_matchspy(&spy);
  const Xapian::MSet mset =
      enquire.get_mset(offset, limit, q.facets ? reader.get_doccount() : internal::kCheckAtLeast);
  results.estimated_total = mset.get_matches_estimated();
  if (q.facets) results.facets = std::move(facets);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    internal::StoredFields fields;
    const Xapian::Document doc = it.get_document();
    if (!internal::ParseFields(doc.get_data(), fields)) continue;  // foreign document; skip
    TalentHit hit;
    hit.person_id = fields.id;
    hit.relevance = it.get_weight();
    hit.rank = static_cast<int>(it.get_rank()) + 1;
    hit.name = std::move(fields.name);
    hit.title = std::move(fields.title);
    hit.region_code = std::move(fields.region_code);
    hit.tier = fields.tier;
    std::set<std::string> matched;
    for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it);
         ++t) {
      const std::string term = *t;
      if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') continue;  // filter / id terms
      matched.insert(term);
    }
    hit.matched_terms = internal::ReadableMatches(q.text, matched);
    results.hits.push_back(std::move(hit));
  }
  return results;
}

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;
Index::~Index() = default;

Result<Index> Index::Open(const IndexOptions& options) {
  if (options.directory.empty()) {
    return Status::InvalidArgument("search index directory is empty; set IndexOptions.directory");
  }
  auto impl = std::make_unique<Impl>();
  impl->directory = options.directory;
  impl->generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  const std::string where = "opening search index " + options.directory.string();
  std::error_code ec;
  if (options.writable) {
    std::filesystem::create_directories(options.directory, ec);
    if (ec) {
      return Status::Unavailable(where + ": cannot create the directory: " + ec.message() +
                                 "; check the path and its permissions");
    }
    HUICAI_RETURN_IF_ERROR(Guarded(where, [&]() -> Status {
      impl->writer.emplace(options.directory.string(), Xapian::DB_CREATE_OR_OPEN);
      impl->reader = *impl->writer;
      return Status::Ok();
    }));
    return Index(std::move(impl));
  }
  if (!std::filesystem::exists(options.directory, ec)) {
    return Status::NotFound(where + ": no index there; build it with a writable Index first");
  }
  HUICAI_RETURN_IF_ERROR(Guarded(where, [&]() -> Status {
    try {
      impl->reader = Xapian::Database(options.directory.string());
    } catch (const Xapian::DatabaseVersionError& e) {
      return FromXapian(e, where);
    } catch (const Xapian::DatabaseOpeningError& e) {
      return Status::NotFound(where + ": no index there (" + e.get_msg() +
                              "); build it with a writable Index first");
    }
    return Status::Ok();
  }));
  return Index(std::move(impl));
}

Status Index::UpsertTalent(const Talent& talent) {
  const std::string where = impl_->Where("indexing talent " + std::to_string(talent.person_id));
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  if (talent.person_id <= 0) {
    return Status::InvalidArgument(where + ": person_id must be positive; store the talent first");
  }
  return Guarded(where, [&]() -> Status {
    impl_->writer->replace_document(internal::TalentIdTerm(talent.person_id),
                                    internal::BuildTalentDocument(talent, impl_->generator));
    return Status::Ok();
  });
}

Status Index::RemoveTalent(PersonId person_id) {
  const std::string where = impl_->Where("removing talent " + std::to_string(person_id));
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  if (person_id <= 0) return Status::InvalidArgument(where + ": person_id must be positive");
  return Guarded(where, [&]() -> Status {
    impl_->writer->delete_document(internal::TalentIdTerm(person_id));
    return Status::Ok();
  });
}

Status Index::UpsertNeed(const Need& need) {
  const std::string where = impl_->Where("indexing need " + std::to_string(need.id));
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  if (need.id <= 0)
    return Status::InvalidArgument(where + ": id must be positive; store the need first");
  return Guarded(where, [&]() -> Status {
    impl_->writer->replace_document(internal::NeedIdTerm(need.id),
                                    internal::BuildNeedDocument(need, impl_->generator));
    return Status::Ok();
  });
}

Status Index::RemoveNeed(NeedId need_id) {
  const std::string where = impl_->Where("removing need " + std::to_string(need_id));
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  if (need_id <= 0) return Status::InvalidArgument(where + ": id must be positive");
  return Guarded(where, [&]() -> Status {
    impl_->writer->delete_document(internal::NeedIdTerm(need_id));
    return Status::Ok();
  });
}

Status Index::Commit() {
  const std::string where = impl_->Where("committing");
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  return Guarded(where, [&]() -> Status {
    impl_->writer->commit();
    return Status::Ok();
  });
}

Status Index::Reopen() {
  return Guarded(impl_->Where("reopening"), [&]() -> Status {
    impl_->reader.reopen();
    return Status::Ok();
  });
}

Result<TalentResults> Index::FindTalents(const TalentQuery& query) const {
  const std::string where = impl_->Where("searching talents");
  if (query.limit > kMaxLimit) {
    return Status::InvalidArgument(where + ": limit " + std::to_string(query.limit) + " is over " +
                                   std::to_string(kMaxLimit) + "; page with offset");
  }
  return Guarded(where, [&]() -> Result<TalentResults> {
    HUICAI_ASSIGN_OR_RETURN(const Xapian::Query xq, impl_->BuildQuery(query));
    try {
      return impl_->Run(xq, query);
    } catch (const Xapian::DatabaseModifiedError&) {
      // A writer overwrote the revision we were reading: move to the newest one and retry.
      impl_->reader.reopen();
      return impl_->Run(xq, query);
    }
  });
}

Result<std::string> Index::GetMetadata(std::string_view key) const {
  const std::string where = impl_->Where("reading metadata \"" + std::string(key) + "\"");
  if (key.empty()) return Status::InvalidArgument(where + ": the key is empty");
  return Guarded(
      where, [&]() -> Result<std::string> { return impl_->reader.get_metadata(std::string(key)); });
}

Status Index::SetMetadata(std::string_view key, std::string_view value) {
  const std::string where = impl_->Where("writing metadata \"" + std::string(key) + "\"");
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  if (key.empty() || key.size() > kMaxMetadataKeyBytes) {
    return Status::InvalidArgument(where + ": the key must be 1 to " +
                                   std::to_string(kMaxMetadataKeyBytes) + " bytes");
  }
  return Guarded(where, [&]() -> Status {
    impl_->writer->set_metadata(std::string(key), std::string(value));
    return Status::Ok();
  });
}

std::uint64_t Index::DocCount() const {
  try {
    return impl_->reader.get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

std::uint64_t Index::SizeOnDiskBytes() const {
  std::uint64_t total = 0;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(impl_->directory, ec), end;
       !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto size = it->file_size(size_ec);
      if (!size_ec) total += size;
    }
  }
  return total;
}

}  // namespace huicai::search
