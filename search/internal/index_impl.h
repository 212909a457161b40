#pragma once
// search internal: what an Index holds (its Xapian handles) and the guard that turns every
// Xapian or standard exception into a Status; shared by index.cpp and policy.cpp.
// Thread-safety: as Index (one thread at a time).
#include <xapian.h>

#include <exception>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/segment.h"
#include "core/status.h"
#include "search/index.h"
#include "search/internal/document.h"
#include "search/internal/text.h"
#include "search/internal/xapian_status.h"

namespace huicai::search {
namespace internal {

// Matches counted exactly before Xapian estimates the total (exact for small result sets).
inline constexpr Xapian::doccount kCheckAtLeast = 200;

inline Status FromStd(const std::exception& e, std::string_view what) {
  return Status::Internal(std::string(what) + ": " + e.what() + "; unexpected failure, report it");
}

// Runs `body` (returning Status or Result<T>) and maps every exception Xapian can throw.
template <typename F>
auto Guarded(std::string_view what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const Xapian::Error& e) {
    return FromXapian(e, what);
  } catch (const std::exception& e) {
    return FromStd(e, what);
  }
}

// Runs `search` on `reader`; when a writer overwrote the revision being read (Xapian's
// DatabaseModifiedError), moves to the newest one and runs it once more.
template <typename F>
auto WithReopen(Xapian::Database& reader, F&& search) -> decltype(search()) {
  try {
    return search();
  } catch (const Xapian::DatabaseModifiedError&) {
    reader.reopen();
    return search();
  }
}

// Counts over the kSlotFacets value of every match, from Xapian's ValueCountMatchSpy (a remote
// shard can run it and send it back; a spy of our own could not cross the wire). `each` gets
// the value's parts (split at kFacetSep) and how many matches hold it.
template <typename F>
void ForEachFacetValue(const Xapian::ValueCountMatchSpy& spy, F&& each) {
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    const std::string value = *it;
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
      const std::size_t sep = value.find(kFacetSep, start);
      parts.push_back(std::string_view(value).substr(
          start, sep == std::string::npos ? std::string::npos : sep - start));
      if (sep == std::string::npos) break;
      start = sep + 1;
    }
    each(parts, static_cast<std::size_t>(it.get_termfreq()));
  }
}

// Adds `n` to the facets of a region code as stored (6 digits): its province, city and county.
inline void CountRegion(std::string_view code, std::size_t n,
                        std::map<std::string, std::size_t>& province,
                        std::map<std::string, std::size_t>& city,
                        std::map<std::string, std::size_t>& county) {
  if (code.size() != 6) return;
  province[std::string(code.substr(0, 2))] += n;
  if (code.substr(2, 2) != "00") city[std::string(code.substr(0, 4))] += n;
  if (code.substr(4, 2) != "00") county[std::string(code)] += n;
}

// Adds `n` to each first-level field of "210,230": a document counts once per field.
inline void CountFields(std::string_view fields, std::size_t n,
                        std::map<std::string, std::size_t>& field) {
  for (std::size_t start = 0; start < fields.size();) {
    std::size_t comma = fields.find(',', start);
    if (comma == std::string_view::npos) comma = fields.size();
    if (comma > start) field[std::string(fields.substr(start, comma - start))] += n;
    start = comma + 1;
  }
}

}  // namespace internal

class Index::Impl {
 public:
  std::string label;  // for messages: the directory, or "N shards (first, ...)"
  // One writable handle per shard, in the order configured, when opened writable.
  std::vector<Xapian::WritableDatabase> writers;
  Xapian::Database reader;  // every shard as one database (shares the writers' handles)
  Xapian::Database first;   // shard 0 alone: it holds the metadata (the hub's checkpoint)
  std::vector<std::filesystem::path> local_directories;  // for SizeOnDiskBytes
  bool any_remote = false;
  Segmentation segmentation = Segmentation::kNgram;
  Xapian::TermGenerator generator;
  std::string lookup_key;       // IndexOptions::lookup_key
  std::string kept_lookup_key;  // the id of the key the documents' hashes were made with

  bool Words() const { return segmentation == Segmentation::kWords; }
  // Query text as the index saw its documents' text: split into words in kWords.
  std::string Prepare(const std::string& text) const {
    return Words() ? SegmentChineseWords(text) : text;
  }
  // The page of hits [offset, offset + limit) of `enquire` (query and order set), and in `total`
  // the estimate of all matches. With `facets` (a ValueCountMatchSpy over kSlotFacets) every
  // match is also counted, and `total` is exact. A local index counts in the page's own pass;
  // with remote shards a pass of its own returns no documents and computes no weights, because
  // Xapian 1.4 counts the documents a remote shard returns a second time when merging them.
  Xapian::MSet Page(Xapian::Enquire& enquire, std::size_t offset, std::size_t limit,
                    Xapian::ValueCountMatchSpy* facets, std::size_t& total) const {
    const auto from = static_cast<Xapian::doccount>(offset);
    const auto count = static_cast<Xapian::doccount>(limit);
    if (facets == nullptr) {
      Xapian::MSet mset = enquire.get_mset(from, count, internal::kCheckAtLeast);
      total = mset.get_matches_estimated();
      return mset;
    }
    enquire.add_matchspy(facets);
    if (!any_remote) {
      Xapian::MSet mset = enquire.get_mset(from, count, reader.get_doccount());
      enquire.clear_matchspies();
      total = mset.get_matches_estimated();
      return mset;
    }
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    total = enquire.get_mset(0, 0, reader.get_doccount()).get_matches_estimated();
    enquire.clear_matchspies();
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    return enquire.get_mset(from, count, internal::kCheckAtLeast);
  }

  // The readable words of `query_text` that the hit `it` matched (filter and id terms left
  // out); `pinyin` (when given) says whether the name's pinyin term matched.
  std::vector<std::string> MatchedWords(const Xapian::Enquire& enquire,
                                        const Xapian::MSetIterator& it,
                                        const std::string& query_text,
                                        bool* pinyin = nullptr) const {
    std::set<std::string> matched;
    for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it);
         ++t) {
      const std::string term = *t;
      if (pinyin != nullptr && term.starts_with(internal::kPinyinPrefix)) *pinyin = true;
      if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') continue;  // filter / id terms
      matched.insert(term);
    }
    return Readable(query_text, matched);
  }

  // The readable matched words (TalentHit::matched_terms) of `query_text` among `matched`.
  std::vector<std::string> Readable(const std::string& query_text,
                                    const std::set<std::string>& matched) const {
    if (!Words()) return internal::ReadableMatches(query_text, matched);
    std::vector<std::string> out;  // words are terms whole: the query's words that matched
    for (const std::string& word : internal::BagOfWords(Prepare(query_text))) {
      if (matched.count(word) > 0) out.push_back(word);
    }
    return out;
  }

  bool Writable() const { return !writers.empty(); }
  Status RequireWritable(std::string_view what) const {
    if (Writable()) return Status::Ok();
    return Status::InvalidArgument(std::string(what) + ": search index " + label +
                                   " is open read-only; open it with writable = true");
  }
  std::string Where(std::string_view what) const {
    return std::string(what) + " (search index " + label + ")";
  }
  // The shard that holds the documents carrying `routing_term` (an entity's id term):
  // FNV-1a of the term modulo the number of shards, the same in every process and version.
  Xapian::WritableDatabase& WriterFor(std::string_view routing_term);

  // The text part of a query: parsed (words ANDed, phrases, AND / OR / NOT), or with
  // match_any a bag of words and CJK bigrams ORed. InvalidArgument: does not parse.
  // phrases: "quoted words" must stand together (policy articles, which keep positions);
  // false: they are only all required (talents and needs, indexed without positions).
  Result<Xapian::Query> TextQuery(const std::string& text, bool match_any,
                                  bool phrases = false) const;
  // `filters` plus the region and discipline prefixes, ANDed. InvalidArgument: a malformed
  // prefix (the message says what a good one looks like).
  Result<Xapian::Query> FilterTerms(const std::string& region_prefix,
                                    const std::vector<std::string>& region_any,
                                    const std::string& discipline_prefix,
                                    std::vector<Xapian::Query>& filters) const;
  Result<Xapian::Query> BuildQuery(const TalentQuery& q) const;
  // Needs, stations and policy articles: `page(query)` gives one page of Results for the words
  // of `text` (all of them; every document when it has none) under `filter`. When the first
  // page is empty, it runs again for some of the words (RelaxedText's bag: the most and rarest
  // first) and marks the results `relaxed`. A revision overwritten meanwhile is reopened and
  // the page retried. `phrases` as TextQuery. InvalidArgument: the text does not parse.
  template <typename Results, typename PageFn>
  Result<Results> FindRelaxing(const std::string& text, std::size_t offset,
                               const Xapian::Query& filter, bool phrases, PageFn&& page) {
    using Xapian::Query;
    const bool has_text = !internal::SplitText(text).empty();
    Query query(Query::OP_FILTER, Query::MatchAll, filter);
    if (has_text) {
      HUICAI_ASSIGN_OR_RETURN(const Query words, TextQuery(text, false, phrases));
      query = Query(Query::OP_FILTER, words, filter);
    }
    Results results = internal::WithReopen(reader, [&] { return page(query); });
    if (results.hits.empty() && has_text && offset == 0 && internal::Relaxable(text)) {
      HUICAI_ASSIGN_OR_RETURN(const Query bag, TextQuery(internal::RelaxedText(text), true));
      const Query relaxed(Query::OP_FILTER, bag, filter);
      results = internal::WithReopen(reader, [&] { return page(relaxed); });
      results.relaxed = !results.hits.empty();
    }
    return results;
  }
  // A spelling suggestion for `text` (TalentResults::suggestion); "" when none or when the
  // databases cannot give one; none from remote shards, where it is not offered yet.
  std::string Suggest(const std::string& text) const;
  TalentResults Run(const Xapian::Query& query, const TalentQuery& q) const;
};

}  // namespace huicai::search
