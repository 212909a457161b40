#include "search/index.h"

#include <xapian.h>

#include <algorithm>
#include <exception>
#include <future>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <tuple>
#include <utility>

#include "core/pinyin.h"
#include "search/internal/document.h"
#include "search/internal/index_impl.h"
#include "search/internal/lookup.h"
#include "search/internal/text.h"
#include "search/internal/xapian_status.h"

namespace huicai::search {
namespace {

using internal::FromXapian;
using internal::Guarded;

constexpr double kExactNameBoost = 10.0;  // an exact whole-name match outranks n-gram hits
constexpr std::size_t kMaxMetadataKeyBytes = 200;
constexpr std::string_view kSegmentationKey = "huicai.segmentation";
constexpr std::string_view kLookupKeyIdKey = "huicai.lookup_key";

std::string SegmentationName(Segmentation s) {
  return s == Segmentation::kWords ? "words" : "ngrams";
}

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

Result<Xapian::Query> Index::Impl::TextQuery(const std::string& text, bool match_any,
                                             bool phrases) const {
  using Xapian::Query;
  const std::string prepared = Prepare(text);
  if (!match_any && internal::IsPlainText(prepared)) {
    // Plain words (no operator, quote or bracket), the usual case: every word, and for a Chinese
    // run its bigrams, all required. Matches what the parser would, without the single
    // characters it adds beside the bigrams (implied by them, and slow: 果 is everywhere).
    const std::vector<std::string> terms =
        Words() ? internal::BagOfWords(prepared) : internal::BagOfTerms(prepared);
    return Query(Query::OP_AND, terms.begin(), terms.end());
  }
  if (match_any) {
    const std::vector<std::string> terms =
        Words() ? internal::BagOfWords(prepared) : internal::BagOfTerms(prepared);
    return Query(Query::OP_OR, terms.begin(), terms.end());
  }
  Xapian::QueryParser parser;
  parser.set_default_op(Query::OP_AND);
  try {
    // Talents and needs have no word positions: a quoted phrase there means all its words.
    const unsigned flags =
        (phrases ? Xapian::QueryParser::FLAG_DEFAULT
                 : Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_LOVEHATE) |
        (Words() ? 0 : Xapian::QueryParser::FLAG_CJK_NGRAM);
    return parser.parse_query(prepared, flags);
  } catch (const Xapian::QueryParserError& e) {
    return Status::InvalidArgument("query text \"" + text + "\" does not parse: " + e.get_msg() +
                                   "; check quotes, brackets and the operands of AND / OR / "
                                   "NOT, or set match_any to search the words as given");
  }
}

Result<Xapian::Query> Index::Impl::FilterTerms(const std::string& region_prefix,
                                               const std::vector<std::string>& region_any,
                                               const std::string& discipline_prefix,
                                               std::vector<Xapian::Query>& filters) const {
  using Xapian::Query;
  if (!region_any.empty()) {
    std::vector<Query> any;
    for (const std::string& prefix : region_any) {
      const auto region = internal::NormaliseRegionPrefix(prefix);
      if (!region) {
        return Status::InvalidArgument("region \"" + prefix +
                                       "\" among the allowed regions is not a GB/T 2260 prefix "
                                       "of 2, 4 or 6 digits");
      }
      any.emplace_back(std::string(internal::kRegionPrefix) + *region);
    }
    filters.emplace_back(Query::OP_OR, any.begin(), any.end());
  }
  if (!region_prefix.empty()) {
    const auto region = internal::NormaliseRegionPrefix(region_prefix);
    if (!region) {
      return Status::InvalidArgument("region prefix \"" + region_prefix +
                                     "\" is not a GB/T 2260 prefix; give 2, 4 or 6 digits "
                                     "(\"37\", \"3713\", \"371324\")");
    }
    filters.emplace_back(std::string(internal::kRegionPrefix) + *region);
  }
  if (!discipline_prefix.empty()) {
    if (!internal::IsDisciplinePrefix(discipline_prefix)) {
      return Status::InvalidArgument("discipline prefix \"" + discipline_prefix +
                                     "\" is not a GB/T 13745 code prefix; give 1 to 7 digits "
                                     "(\"210\", \"21020\")");
    }
    // A whole level (3, 5 or 7 digits) is one term; another length expands as a wildcard,
    // which ORs every code under it (slow on a large index).
    const std::string term = std::string(internal::kDisciplinePrefix) + discipline_prefix;
    if (discipline_prefix.size() == 3 || discipline_prefix.size() == 5 ||
        discipline_prefix.size() == 7) {
      filters.emplace_back(term);
    } else {
      filters.emplace_back(Query::OP_WILDCARD, term);
    }
  }
  return Query(Query::OP_AND, filters.begin(), filters.end());
}

std::string Index::Impl::Suggest(const std::string& text) const {
  if (any_remote) return {};
  try {
    // The whole text as one word first ("zhang wie" -> "zhangwie" -> "zhangwei"), then each
    // Latin word on its own.
    std::string joined;
    bool latin_only = true;
    for (char c : text) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c >= 'a' && c <= 'z') {
        joined += c;
      } else if (c != ' ' && c != '\'' && c != '-' && !(c >= '1' && c <= '5')) {
        latin_only = false;
      }
    }
    if (latin_only && joined.size() >= 3) {
      const std::string whole = reader.get_spelling_suggestion(joined, 2);
      if (!whole.empty()) return whole;
    }
    std::string out;
    bool changed = false;
    std::istringstream words{text};
    for (std::string word; words >> word;) {
      std::string lower = word;
      bool latin = lower.size() >= 3;
      for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        latin = latin && c >= 'a' && c <= 'z';
      }
      std::string fixed = latin ? reader.get_spelling_suggestion(lower, 2) : std::string();
      changed = changed || !fixed.empty();
      out += (out.empty() ? "" : " ") + (fixed.empty() ? word : fixed);
    }
    return changed ? out : std::string();
  } catch (const Xapian::Error&) {
    return {};  // a suggestion is a courtesy: never fail a search for it
  }
}

Result<Xapian::Query> Index::Impl::BuildQuery(const TalentQuery& q) const {
  using Xapian::Query;
  std::vector<Query> filters;
  filters.emplace_back(std::string(internal::kKindPrefix) + std::string(internal::kKindTalent));
  if (q.tier) {
    filters.emplace_back(std::string(internal::kTierPrefix) + std::string(TalentTierName(*q.tier)));
  }
  if (q.programme_only) filters.emplace_back(std::string(internal::kProgrammePrefix) + "1");
  if (q.lookup) {
    if (lookup_key.empty()) {
      return Status::InvalidArgument(
          "looking up a talent by number needs the index's lookup key ([search] lookup_key in "
          "huicai.toml), and none was given");
    }
    if (kept_lookup_key != internal::LookupKeyId(lookup_key)) {
      return Status::InvalidArgument(
          "the index holds no number hashes made with this lookup key (it was built " +
          std::string(kept_lookup_key.empty() ? "without one" : "with another") +
          "); rebuild it (huicai index --rebuild)");
    }
    if (q.lookup->value.empty()) {
      return Status::InvalidArgument("the number to look up is empty");
    }
    filters.emplace_back(internal::LookupTerm(lookup_key, q.lookup->kind, q.lookup->value));
  }
  HUICAI_ASSIGN_OR_RETURN(const Query filter,
                          FilterTerms(q.region_prefix, q.region_any, q.discipline_prefix, filters));

  if (internal::SplitText(q.text).empty()) {
    return Query(Query::OP_FILTER, Query::MatchAll, filter);
  }
  HUICAI_ASSIGN_OR_RETURN(Query text_query, TextQuery(q.text, q.match_any));
  // Text that is wholly pinyin (zhangwei, zhang wei, zhāng wěi) also finds the names read so.
  if (const std::optional<std::string> pinyin = FoldPinyin(q.text)) {
    const std::string term = std::string(internal::kPinyinPrefix) + *pinyin;
    if (term.size() <= internal::kMaxTermBytes) {
      text_query = Query(Query::OP_OR, text_query,
                         Query(Query::OP_SCALE_WEIGHT, Query(term), kExactNameBoost));
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

// The talents' facets from the counts of their combined value "region|tier|fields".
TalentFacets ReadTalentFacets(const Xapian::ValueCountMatchSpy& spy) {
  TalentFacets facets;
  internal::ForEachFacetValue(spy, [&](const std::vector<std::string_view>& parts, std::size_t n) {
    if (parts.size() != 3) return;  // a document of another kind or format
    internal::CountRegion(parts[0], n, facets.province, facets.city, facets.county);
    facets.tier[std::string(parts[1])] += n;
    internal::CountFields(parts[2], n, facets.discipline);
  });
  return facets;
}

}  // namespace

TalentResults Index::Impl::Run(const Xapian::Query& query, const TalentQuery& q) const {
  Xapian::Enquire enquire(reader);
  enquire.set_query(query);
  if (q.sort == TalentQuery::Sort::kAvailability) {
    enquire.set_sort_by_value_then_relevance(internal::kSlotDaysAvailable, true);
  } else {
    enquire.set_sort_by_relevance_then_value(internal::kSlotId, false);
  }
  TalentResults results;
  Xapian::ValueCountMatchSpy facets(internal::kSlotFacets);
  const Xapian::MSet mset =
      Page(enquire, q.offset, q.limit, q.facets ? &facets : nullptr, results.estimated_total);
  if (q.facets) results.facets = ReadTalentFacets(facets);
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
    bool pinyin_matched = false;
    hit.matched_terms = MatchedWords(enquire, it, q.text, &pinyin_matched);
    if (pinyin_matched) hit.matched_terms.insert(hit.matched_terms.begin(), hit.name);
    hit.snippet = internal::Highlight(fields.specialties, hit.matched_terms);
    results.hits.push_back(std::move(hit));
  }
  return results;
}

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;
Index::~Index() = default;

Result<ShardSpec> ParseShard(std::string_view text) {
  const std::string given(text);
  constexpr std::string_view kScheme = "tcp://";
  if (given.empty())
    return Status::InvalidArgument("search shard is empty; give a directory or tcp://HOST:PORT");
  if (!text.starts_with(kScheme)) return ShardSpec{.directory = given, .host = {}, .port = 0};
  const std::string_view rest = text.substr(kScheme.size());
  const std::size_t colon = rest.rfind(':');
  const std::string bad = "search shard \"" + given + "\" is not tcp://HOST:PORT";
  if (colon == std::string_view::npos || colon == 0) {
    return Status::InvalidArgument(bad + "; name the host and the port xapian-tcpsrv listens on");
  }
  const std::string_view port_text = rest.substr(colon + 1);
  int port = 0;
  for (char c : port_text) {
    if (c < '0' || c > '9' || port > 65535) {
      port = -1;
      break;
    }
    port = port * 10 + (c - '0');
  }
  if (port_text.empty() || port < 1 || port > 65535) {
    return Status::InvalidArgument(bad + ": the port must be 1 to 65535");
  }
  return ShardSpec{.directory = {}, .host = std::string(rest.substr(0, colon)), .port = port};
}

std::string ShardName(const ShardSpec& shard) {
  if (shard.host.empty()) return shard.directory.string();
  return "tcp://" + shard.host + ":" + std::to_string(shard.port);
}

Xapian::WritableDatabase& Index::Impl::WriterFor(std::string_view routing_term) {
  if (writers.size() == 1) return writers.front();
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a, 64 bits
  for (unsigned char c : routing_term) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return writers[hash % writers.size()];
}

Result<Index> Index::Open(const IndexOptions& options) {
  std::vector<ShardSpec> shards = options.shards;
  if (shards.empty()) {
    if (options.directory.empty()) {
      return Status::InvalidArgument(
          "search index directory is empty; set IndexOptions.directory (or shards)");
    }
    shards.push_back({.directory = options.directory, .host = {}, .port = 0});
  }
  auto impl = std::make_unique<Impl>();
  impl->label = ShardName(shards.front());
  if (shards.size() > 1) {
    impl->label = std::to_string(shards.size()) + " shards: ";
    for (std::size_t i = 0; i < shards.size(); ++i) {
      impl->label += (i ? ", " : "") + ShardName(shards[i]);
    }
  }
  const auto timeout = static_cast<unsigned>(std::max(1, options.remote_timeout_ms));
  for (const ShardSpec& shard : shards) {
    const std::string where = "opening search index " + ShardName(shard);
    if (shard.host.empty() && shard.directory.empty()) {
      return Status::InvalidArgument(where + ": a shard needs a directory or a host and port");
    }
    if (!shard.host.empty()) {
      impl->any_remote = true;
      HUICAI_RETURN_IF_ERROR(Guarded(where, [&]() -> Status {
        try {
          if (options.writable) {
            impl->writers.push_back(Xapian::Remote::open_writable(
                shard.host, static_cast<unsigned>(shard.port), timeout, timeout));
            impl->reader.add_database(impl->writers.back());
          } else {
            impl->reader.add_database(Xapian::Remote::open(
                shard.host, static_cast<unsigned>(shard.port), timeout, timeout));
          }
        } catch (const Xapian::NetworkError& e) {
          return Status::Unavailable(where + ": " + e.get_msg() +
                                     "; is xapian-tcpsrv running there" +
                                     (options.writable ? " with --writable" : "") + "?");
        }
        return Status::Ok();
      }));
      continue;
    }
    impl->local_directories.push_back(shard.directory);
    std::error_code ec;
    if (options.writable) {
      std::filesystem::create_directories(shard.directory, ec);
      if (ec) {
        return Status::Unavailable(where + ": cannot create the directory: " + ec.message() +
                                   "; check the path and its permissions");
      }
      HUICAI_RETURN_IF_ERROR(Guarded(where, [&]() -> Status {
        impl->writers.emplace_back(shard.directory.string(), Xapian::DB_CREATE_OR_OPEN);
        impl->reader.add_database(impl->writers.back());
        return Status::Ok();
      }));
      continue;
    }
    if (!std::filesystem::exists(shard.directory, ec)) {
      return Status::NotFound(where + ": no index there; build it with a writable Index first");
    }
    HUICAI_RETURN_IF_ERROR(Guarded(where, [&]() -> Status {
      try {
        impl->reader.add_database(Xapian::Database(shard.directory.string()));
      } catch (const Xapian::DatabaseVersionError& e) {
        return FromXapian(e, where);
      } catch (const Xapian::DatabaseOpeningError& e) {
        return Status::NotFound(where + ": no index there (" + e.get_msg() +
                                "); build it with a writable Index first");
      }
      return Status::Ok();
    }));
  }
  // Metadata lives on shard 0: keep a handle on it alone (a multi-database's metadata is its
  // first database's, but say so rather than rely on it).
  HUICAI_RETURN_IF_ERROR(Guarded(impl->Where("opening shard 0"), [&]() -> Status {
    if (!impl->writers.empty()) {
      impl->first = impl->writers.front();
    } else {
      const ShardSpec& zero = shards.front();
      impl->first =
          zero.host.empty()
              ? Xapian::Database(zero.directory.string())
              : Xapian::Remote::open(zero.host, static_cast<unsigned>(zero.port), timeout, timeout);
    }
    return Status::Ok();
  }));
  // The segmentation the index was built with, kept in its metadata; a new index takes the
  // one asked for.
  HUICAI_RETURN_IF_ERROR(Guarded(impl->Where("reading the segmentation"), [&]() -> Status {
    const std::string kept = impl->first.get_metadata(std::string(kSegmentationKey));
    const std::string asked = SegmentationName(options.segmentation);
    if (options.writable && options.will_clear) {
      impl->segmentation = options.segmentation;  // recorded by Clear()
    } else if (kept.empty() && impl->reader.get_doccount() == 0 && options.writable) {
      impl->writers.front().set_metadata(std::string(kSegmentationKey), asked);
      impl->segmentation = options.segmentation;
    } else {
      // An index from before segmentations could be chosen holds n-grams.
      impl->segmentation = kept == "words" ? Segmentation::kWords : Segmentation::kNgram;
      if (options.writable && impl->segmentation != options.segmentation) {
        return Status::InvalidArgument(
            impl->Where("opening") + ": the index holds " + SegmentationName(impl->segmentation) +
            " and " + asked +
            " were asked for; rebuild it (huicai index --rebuild) to change the segmentation");
      }
    }
    return Status::Ok();
  }));
  // Likewise the lookup key whose hashes the documents hold (its id only: never the key).
  impl->lookup_key = options.lookup_key;
  HUICAI_RETURN_IF_ERROR(Guarded(impl->Where("reading the lookup key id"), [&]() -> Status {
    impl->kept_lookup_key = impl->first.get_metadata(std::string(kLookupKeyIdKey));
    const std::string asked = internal::LookupKeyId(options.lookup_key);
    if (impl->kept_lookup_key.empty() && impl->reader.get_doccount() == 0 && options.writable) {
      if (!asked.empty()) impl->writers.front().set_metadata(std::string(kLookupKeyIdKey), asked);
      impl->kept_lookup_key = asked;
    } else if (options.writable && impl->kept_lookup_key != asked && !options.will_clear) {
      return Status::InvalidArgument(
          impl->Where("opening") + ": the index holds number hashes made with " +
          (impl->kept_lookup_key.empty() ? "no lookup key"
                                         : "lookup key " + impl->kept_lookup_key) +
          ", and " + (asked.empty() ? "none" : "key " + asked) +
          " was given; rebuild it (huicai index --rebuild) to change the key");
    }
    return Status::Ok();
  }));
  impl->generator.set_flags(impl->Words() ? 0 : Xapian::TermGenerator::FLAG_CJK_NGRAM);
  return Index(std::move(impl));
}

namespace {

// A talent's document with the keyed hashes of its numbers (none without a lookup key).
Xapian::Document TalentDocument(const Talent& talent, const PersonIdentifiers& numbers,
                                const std::string& lookup_key, Xapian::TermGenerator& generator) {
  Xapian::Document doc = internal::BuildTalentDocument(talent, generator);
  for (const std::string& hash : internal::LookupTerms(lookup_key, talent, numbers)) {
    doc.add_boolean_term(hash);
  }
  return doc;
}

}  // namespace

Status Index::UpsertTalent(const Talent& talent, const PersonIdentifiers& numbers) {
  const std::string where = impl_->Where("indexing talent " + std::to_string(talent.person_id));
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  if (talent.person_id <= 0) {
    return Status::InvalidArgument(where + ": person_id must be positive; store the talent first");
  }
  return Guarded(where, [&]() -> Status {
    const std::string term = internal::TalentIdTerm(talent.person_id);
    Xapian::WritableDatabase& writer = impl_->WriterFor(term);
    writer.replace_document(term,
                            TalentDocument(talent, numbers, impl_->lookup_key, impl_->generator));
    for (const std::string& word : internal::SpellingWords(talent)) writer.add_spelling(word);
    return Status::Ok();
  });
}

Status Index::BuildTalents(const std::function<bool(Talent&, PersonIdentifiers&)>& next) {
  const std::string where = impl_->Where("building talents");
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  constexpr std::size_t kBatch = 2000;
  constexpr std::size_t kCommitEvery = 100000;
  const unsigned builders = std::max(1u, std::thread::hardware_concurrency());
  // Talents of a batch are split between `builders` threads, each with a TermGenerator of its
  // own (Xapian objects do no locking); a document is handed over whole to this thread.
  const bool words = impl_->Words();
  const std::string& key = impl_->lookup_key;
  using Batch = std::vector<std::pair<Talent, PersonIdentifiers>>;
  auto build = [builders, words, &key](Batch batch) {
    std::vector<Xapian::Document> docs(batch.size());
    std::vector<std::vector<std::string>> spellings(batch.size());
    auto slice = [&](std::size_t from, std::size_t to) {
      Xapian::TermGenerator generator;
      generator.set_flags(words ? 0 : Xapian::TermGenerator::FLAG_CJK_NGRAM);
      for (std::size_t i = from; i < to; ++i) {
        const auto& [talent, numbers] = batch[i];
        docs[i] = TalentDocument(talent, numbers, key, generator);
        spellings[i] = internal::SpellingWords(talent);
      }
    };
    const std::size_t per = (batch.size() + builders - 1) / builders;
    std::vector<std::future<void>> parts;
    for (std::size_t from = per; from < batch.size(); from += per) {
      parts.push_back(
          std::async(std::launch::async, slice, from, std::min(batch.size(), from + per)));
    }
    slice(0, std::min(batch.size(), per));
    for (auto& part : parts) part.get();
    return std::make_tuple(std::move(batch), std::move(docs), std::move(spellings));
  };
  auto read = [&]() {
    Batch batch;
    Talent talent;
    PersonIdentifiers numbers;
    while (batch.size() < kBatch && next(talent, numbers)) {
      if (talent.person_id <= 0) {
        throw std::invalid_argument("person_id " + std::to_string(talent.person_id) +
                                    " must be positive; store the talent first");
      }
      batch.emplace_back(std::move(talent), std::move(numbers));
      talent = Talent();
      numbers = PersonIdentifiers();
    }
    return batch;
  };
  return Guarded(where, [&]() -> Status {
    const bool empty = impl_->reader.get_termfreq(std::string(internal::kKindPrefix) +
                                                  std::string(internal::kKindTalent)) == 0;
    Batch first;
    try {
      first = read();
    } catch (const std::invalid_argument& e) {
      return Status::InvalidArgument(where + ": " + e.what());
    }
    auto pending = std::async(std::launch::async, build, std::move(first));
    std::size_t since_commit = 0;
    for (;;) {
      auto [talents, docs, spellings] = pending.get();
      if (talents.empty()) break;
      Batch following;
      try {
        following = read();  // while the builders work on it, this thread writes
      } catch (const std::invalid_argument& e) {
        return Status::InvalidArgument(where + ": " + e.what());
      }
      pending = std::async(std::launch::async, build, std::move(following));
      for (std::size_t i = 0; i < docs.size(); ++i) {
        const std::string term = internal::TalentIdTerm(talents[i].first.person_id);
        Xapian::WritableDatabase& writer = impl_->WriterFor(term);
        if (empty) {
          writer.add_document(docs[i]);
        } else {
          writer.replace_document(term, docs[i]);
        }
        for (const std::string& word : spellings[i]) writer.add_spelling(word);
      }
      since_commit += docs.size();
      if (since_commit >= kCommitEvery) {
        for (std::size_t i = impl_->writers.size(); i-- > 0;) impl_->writers[i].commit();
        since_commit = 0;
      }
    }
    return Status::Ok();
  });
}

Status Index::RemoveTalent(PersonId person_id) {
  const std::string where = impl_->Where("removing talent " + std::to_string(person_id));
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  if (person_id <= 0) return Status::InvalidArgument(where + ": person_id must be positive");
  return Guarded(where, [&]() -> Status {
    const std::string term = internal::TalentIdTerm(person_id);
    impl_->WriterFor(term).delete_document(term);
    return Status::Ok();
  });
}

Status Index::UpsertNeed(const Need& need) {
  const std::string where = impl_->Where("indexing need " + std::to_string(need.id));
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  if (need.id <= 0)
    return Status::InvalidArgument(where + ": id must be positive; store the need first");
  return Guarded(where, [&]() -> Status {
    const std::string term = internal::NeedIdTerm(need.id);
    impl_->WriterFor(term).replace_document(term,
                                            internal::BuildNeedDocument(need, impl_->generator));
    return Status::Ok();
  });
}

Status Index::RemoveNeed(NeedId need_id) {
  const std::string where = impl_->Where("removing need " + std::to_string(need_id));
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  if (need_id <= 0) return Status::InvalidArgument(where + ": id must be positive");
  return Guarded(where, [&]() -> Status {
    const std::string term = internal::NeedIdTerm(need_id);
    impl_->WriterFor(term).delete_document(term);
    return Status::Ok();
  });
}

Status Index::Clear() {
  const std::string where = impl_->Where("clearing");
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  return Guarded(where, [&]() -> Status {
    for (Xapian::WritableDatabase& writer : impl_->writers) {
      // Every document carries its kind term; deleting by each kind term empties the shard.
      std::vector<std::string> kinds;
      for (auto t = writer.allterms_begin(std::string(internal::kKindPrefix));
           t != writer.allterms_end(std::string(internal::kKindPrefix)); ++t) {
        kinds.push_back(*t);
      }
      for (const std::string& kind : kinds) writer.delete_document(kind);
      std::vector<std::string> keys;
      for (auto k = writer.metadata_keys_begin(); k != writer.metadata_keys_end(); ++k) {
        keys.push_back(*k);
      }
      for (const std::string& key : keys) writer.set_metadata(key, "");
      try {
        std::vector<std::pair<std::string, Xapian::termcount>> spellings;
        for (auto w = writer.spellings_begin(); w != writer.spellings_end(); ++w) {
          spellings.emplace_back(*w, w.get_termfreq());
        }
        for (const auto& [word, freq] : spellings) writer.remove_spelling(word, freq);
      } catch (const Xapian::UnimplementedError&) {
        // a backend without spelling data has nothing to remove
      }
    }
    impl_->writers.front().set_metadata(std::string(kSegmentationKey),
                                        SegmentationName(impl_->segmentation));
    impl_->kept_lookup_key = internal::LookupKeyId(impl_->lookup_key);
    if (!impl_->kept_lookup_key.empty()) {
      impl_->writers.front().set_metadata(std::string(kLookupKeyIdKey), impl_->kept_lookup_key);
    }
    return Status::Ok();
  });
}

Status Index::Commit() {
  const std::string where = impl_->Where("committing");
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  return Guarded(where, [&]() -> Status {
    for (std::size_t i = impl_->writers.size(); i-- > 0;) impl_->writers[i].commit();
    return Status::Ok();
  });
}

Status Index::Reopen() {
  return Guarded(impl_->Where("reopening"), [&]() -> Status {
    impl_->reader.reopen();
    impl_->first.reopen();
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
    auto run = [&](const TalentQuery& q) -> Result<TalentResults> {
      HUICAI_ASSIGN_OR_RETURN(const Xapian::Query xq, impl_->BuildQuery(q));
      return internal::WithReopen(impl_->reader, [&] { return impl_->Run(xq, q); });
    };
    HUICAI_ASSIGN_OR_RETURN(TalentResults results, run(query));
    if (results.hits.empty() && query.offset == 0 && !query.match_any &&
        internal::Relaxable(query.text)) {
      // No talent has every word (「大棚蔬菜 专家」: nobody writes 专家 in their specialties):
      // the talents with the most and rarest of them, said so.
      TalentQuery relaxed = query;
      relaxed.text = internal::RelaxedText(query.text);
      relaxed.match_any = true;
      HUICAI_ASSIGN_OR_RETURN(results, run(relaxed));
      results.relaxed = !results.hits.empty();
      results.suggestion = impl_->Suggest(query.text);
    }
    return results;
  });
}

Result<std::string> Index::GetMetadata(std::string_view key) const {
  const std::string where = impl_->Where("reading metadata \"" + std::string(key) + "\"");
  if (key.empty()) return Status::InvalidArgument(where + ": the key is empty");
  return Guarded(
      where, [&]() -> Result<std::string> { return impl_->first.get_metadata(std::string(key)); });
}

Status Index::SetMetadata(std::string_view key, std::string_view value) {
  const std::string where = impl_->Where("writing metadata \"" + std::string(key) + "\"");
  HUICAI_RETURN_IF_ERROR(impl_->RequireWritable(where));
  if (key.empty() || key.size() > kMaxMetadataKeyBytes) {
    return Status::InvalidArgument(where + ": the key must be 1 to " +
                                   std::to_string(kMaxMetadataKeyBytes) + " bytes");
  }
  return Guarded(where, [&]() -> Status {
    impl_->writers.front().set_metadata(std::string(key), std::string(value));
    return Status::Ok();
  });
}

Segmentation Index::segmentation() const { return impl_->segmentation; }

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
  for (const std::filesystem::path& directory : impl_->local_directories) {
    for (std::filesystem::recursive_directory_iterator it(directory, ec), end; !ec && it != end;
         it.increment(ec)) {
      std::error_code size_ec;
      if (it->is_regular_file(size_ec)) {
        const auto size = it->file_size(size_ec);
        if (!size_ec) total += size;
      }
    }
  }
  return total;
}

}  // namespace huicai::search
