#pragma once
// search: full-text and faceted search over talents, grassroots needs, talent stations and
// service bases, and policy articles.
// Backed by Xapian (one local database directory, or shards: local directories and databases
// served by xapian-tcpsrv, searched as one); no Xapian type or exception crosses this file. Chinese
// text is indexed as CJK unigrams and bigrams, so any substring of two or more characters finds the
// documents that contain it; filters are exact boolean terms. Thread-safety: an Index does no
// locking; use one from one thread at a time and open one per reader thread. Several processes may
// read while one process writes.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy.h"
#include "core/status.h"
#include "core/types.h"

namespace huicai::search {

// One database of a sharded index: a local directory, or a database served by xapian-tcpsrv
// (Debian's xapian-tools; started with --writable on the machine that indexes).
struct ShardSpec {
  std::filesystem::path directory;  // local; empty for a remote shard
  std::string host;                 // remote: host name or address
  int port = 0;                     // remote: 1..65535
};

// "tcp://HOST:PORT" (a remote shard) or a directory. InvalidArgument: empty, or a tcp://
// address without a host or with a port outside 1..65535.
[[nodiscard]] Result<ShardSpec> ParseShard(std::string_view text);
// "tcp://HOST:PORT" or the directory: what ParseShard reads back.
std::string ShardName(const ShardSpec& shard);

// How Chinese text becomes terms, the same at index and query time (docs/search.md compares the
// two on the judged set, by relevance, size and speed).
enum class Segmentation {
  kNgram,  // Xapian's CJK unigrams and bigrams: any substring of two characters or more matches
  kWords,  // ICU's dictionary words (core/segment.h): 果树 matches the word 果树, not 苹果树
};

struct IndexOptions {
  std::filesystem::path directory;  // the index directory; created (with parents) when writable
  bool writable = false;            // false: read-only, the index must exist; default false
  // Several databases searched as one (directory is then unused). Each document lives on
  // the shard a stable hash of its entity's id picks (talent, need, policy document), so the
  // shards must be listed in the same order by every process; changing their number means
  // rebuilding. Empty (default): the one local database at `directory`.
  std::vector<ShardSpec> shards;
  int remote_timeout_ms = 10000;  // connecting to and waiting on a remote shard; default 10 s
  // For a new (empty) index. An index keeps the segmentation it was built with (in its
  // metadata); opening it writable with another is InvalidArgument (rebuild to change).
  Segmentation segmentation = Segmentation::kNgram;
  // Secret bytes for the keyed hashes of the numbers talents are looked up by
  // (TalentQuery::lookup); kept out of the index, which records only a short id of the key. An
  // index keeps the key it was built with: opening it writable with another is InvalidArgument
  // (rebuild to change it). Empty (default): no such hashes are indexed and lookups are refused.
  std::string lookup_key;
  // Writable, about to be emptied by Clear() (a rebuild into remote shards): the segmentation
  // and lookup key the index holds are not checked; Clear() records the ones given here.
  // Default false.
  bool will_clear = false;
};

struct TalentQuery {
  // Free text, Chinese or Latin; empty matches every talent (filters only). Default mode
  // parses it: words are ANDed, "quoted phrases", AND / OR / NOT (upper case) and brackets.
  std::string text;
  // GB/T 2260 prefix: "37" (province), "3713" (city), "371324" (county). A 6-digit code
  // ending in 00 or 0000 means its city or province ("370000" == "37"). Empty: any region.
  std::string region_prefix;
  // Only talents in one of these GB/T 2260 prefixes (2, 4 or 6 digits; an agency's regions), so
  // hits, totals and facets stay inside them. Empty: no such restriction.
  std::vector<std::string> region_any;
  std::optional<TalentTier> tier;  // only this tier; nullopt: any
  std::string discipline_prefix;   // GB/T 13745 code prefix, digits: "210", "21020"; empty: any
  bool programme_only = false;     // only experts in the experts-serve-grassroots programme
  // true: candidate generation. The text is a bag of words and CJK bigrams ORed together
  // (operators and quotes are plain text); documents sharing more and rarer terms rank higher.
  bool match_any = false;
  // Order of hits: by relevance (default), or by the days a year an expert still has for
  // grassroots service, most first (then relevance), for a planner who needs someone free.
  enum class Sort { kRelevance, kAvailability };
  Sort sort = Sort::kRelevance;
  std::size_t offset = 0;  // hits to skip (paging); default 0
  std::size_t limit = 10;  // hits to return, at most kMaxLimit; default 10
  // Count every match by province, city, county, tier and first-level discipline
  // (TalentResults::facets); costs a pass over all matches. Default false.
  bool facets = false;
  // Exact lookup by a number (where the caller's rights allow): only the talents holding it,
  // found through its keyed hash. The value as normalised by core (18-character ID number, 11
  // mobile digits, card digits, the talent card as issued). nullopt: no such filter.
  struct Lookup {
    IdentifierKind kind = IdentifierKind::kIdNumber;
    std::string value;
  };
  std::optional<Lookup> lookup;
};

// Matches per value, over all matches of a query (not only the page returned).
struct TalentFacets {
  std::map<std::string, std::size_t> province;    // "37"
  std::map<std::string, std::size_t> city;        // "3713"
  std::map<std::string, std::size_t> county;      // "371324"
  std::map<std::string, std::size_t> tier;        // "A" .. "D", "-" for none
  std::map<std::string, std::size_t> discipline;  // first level, "210"; a talent counts once per
                                                  // field it works in
};

inline constexpr std::size_t kMaxLimit = 10000;

struct TalentHit {
  PersonId person_id = 0;
  double relevance = 0;  // Xapian BM25 weight; higher is better; comparable within one query
  int rank = 0;          // 1-based position in the whole result list (offset included)
  std::string name;
  std::string title;
  std::string region_code;
  TalentTier tier = TalentTier::kNone;
  // Query words that this document matched, readable: Latin words lower-cased, Chinese
  // n-grams merged back into the longest matched runs ("果树栽培", not "果树", "树栽" ...).
  std::vector<std::string> matched_terms;
  // The specialties around what matched, matches in 【】 (whole specialties when the query has
  // no text or matched elsewhere, e.g. the name).
  std::string snippet;
};

struct TalentResults {
  std::vector<TalentHit> hits;
  std::size_t estimated_total = 0;     // estimate of all matches (exact for small indexes, and
                                       // exact when facets were asked for)
  std::optional<TalentFacets> facets;  // when the query asked for them
  // No talent matched every word, so these match some of them, the most and rarest first (as
  // match_any): a question in plain words still gets the nearest experts.
  bool relaxed = false;
  // When nothing matched every word: the text with its Latin words (pinyin names, English
  // terms) spelled as indexed ones within two edits ("zhangwie" -> "zhangwei"); empty when
  // there is no such suggestion. Chinese text gets none.
  std::string suggestion;
};

// Grassroots needs, service-base projects and activities (Need.kind) posted by county units.
struct NeedQuery {
  std::string text;                     // parsed as TalentQuery::text; empty matches every need
  std::string region_prefix;            // as TalentQuery; empty: any region
  std::vector<std::string> region_any;  // as TalentQuery
  std::string discipline_prefix;        // as TalentQuery; empty: any field
  std::optional<NeedKind> kind;         // need, project or activity only; nullopt: any
  std::optional<NeedStatus> status;     // nullopt: any
  // By relevance (default), or by recency: the latest service window first (then relevance).
  enum class Sort { kRelevance, kRecency };
  Sort sort = Sort::kRelevance;
  std::size_t offset = 0;
  std::size_t limit = 10;  // at most kMaxLimit
  bool facets = false;     // count all matches by region, status, kind and field
};

struct NeedFacets {
  std::map<std::string, std::size_t> province, city, county;  // as TalentFacets
  std::map<std::string, std::size_t> status;                  // "open", "matched", "closed"
  std::map<std::string, std::size_t> kind;                    // "need", "project", "activity"
  std::map<std::string, std::size_t> discipline;              // first level
};

struct NeedHit {
  NeedId need_id = 0;
  double relevance = 0;  // comparable within one query
  int rank = 0;          // 1-based, offset included
  std::string title;
  std::string unit;
  std::string region_code;
  NeedStatus status = NeedStatus::kOpen;
  NeedKind kind = NeedKind::kNeed;
  std::string window_start;                // YYYY-MM-DD, empty when not set
  std::string snippet;                     // the description around what matched, matches in 【】
  std::vector<std::string> matched_terms;  // as TalentHit
};

struct NeedResults {
  std::vector<NeedHit> hits;
  std::size_t estimated_total = 0;
  std::optional<NeedFacets> facets;
  bool relaxed = false;  // as TalentResults::relaxed
};

// Talent stations and expert service bases (core Station).
struct StationQuery {
  std::string text;                     // parsed as TalentQuery::text; empty matches every one
  std::string region_prefix;            // as TalentQuery; empty: any region
  std::vector<std::string> region_any;  // as TalentQuery
  std::string discipline_prefix;        // as TalentQuery; empty: any field
  std::optional<StationKind> kind;      // stations or bases only; nullopt: both
  std::optional<StationType> type;      // one of the four station types; nullopt: any
  std::size_t offset = 0;
  std::size_t limit = 10;  // at most kMaxLimit
  bool facets = false;     // count all matches by region, kind, type and field
};

struct StationFacets {
  std::map<std::string, std::size_t> province, city, county;  // as TalentFacets
  std::map<std::string, std::size_t> kind;                    // "station", "base"
  std::map<std::string, std::size_t> type;        // 创新型, 创业型, 服务型, 综合型
  std::map<std::string, std::size_t> discipline;  // first level
};

struct StationHit {
  StationId station_id = 0;
  double relevance = 0;  // comparable within one query
  int rank = 0;          // 1-based, offset included
  std::string name;
  std::string host_unit;
  std::string region_code;
  StationKind kind = StationKind::kStation;
  StationType type = StationType::kComprehensive;
  std::string snippet;                     // the description around what matched, in 【】
  std::vector<std::string> matched_terms;  // as TalentHit
};

struct StationResults {
  std::vector<StationHit> hits;
  std::size_t estimated_total = 0;
  std::optional<StationFacets> facets;
  bool relaxed = false;  // as TalentResults::relaxed
};

// One policy article as indexed (the document's fields repeated on each of its articles).
struct PolicyEntry {
  std::int64_t article_id = 0;   // > 0: the store's id
  std::int64_t document_id = 0;  // > 0
  std::string title;             // the document's title
  std::string doc_number;        // 文号, may be empty
  std::string issuer;
  PolicyArticle article;
};

struct PolicyQuery {
  // Free text, parsed as for talents (words ANDed, "phrases", AND / OR / NOT); empty matches
  // every article.
  std::string text;
  std::size_t offset = 0;
  std::size_t limit = 10;  // at most kMaxLimit
};

struct PolicyHit {
  std::int64_t article_id = 0;
  std::int64_t document_id = 0;
  double relevance = 0;  // comparable within one query
  int rank = 0;          // 1-based, offset included
  std::string title;
  std::string doc_number;
  std::string number;   // 第十七条, 15., (二) ...
  std::string heading;  // the headings above the article
  std::string part;     // the measure inside the document, when several
  // About 200 characters of the article around what matched, the matches in 【】; the start of
  // the article when the query has no text.
  std::string snippet;
};

struct PolicyResults {
  std::vector<PolicyHit> hits;
  std::size_t estimated_total = 0;
  // No article holds every word, so these hold some of them (best first): a question in plain
  // words still gets the nearest articles.
  bool relaxed = false;
};

class Index {
 public:
  // Opens the index at options.directory.
  // Unavailable: another process holds the write lock, or an I/O failure; retry later.
  // DataError: the index is corrupt or of an unsupported format; rebuild it.
  // NotFound: read-only open and there is no index at the directory.
  [[nodiscard]] static Result<Index> Open(const IndexOptions& options);

  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;
  ~Index();  // a writable index commits pending changes on close (errors are swallowed)

  // Adds the talent, or replaces the document of the same person_id. Indexed: name, title,
  // employer, specialties, discipline codes (text); region, tier, disciplines, programme
  // (filters). Never indexed as text: card number, credit code, nor any ID, phone or bank
  // number; the talent card and `numbers` only as keyed hashes (IndexOptions::lookup_key).
  // InvalidArgument: person_id <= 0, or the index is read-only.
  // Unavailable / DataError: as for Open. Visible to other handles after Commit().
  [[nodiscard]] Status UpsertTalent(const Talent& talent, const PersonIdentifiers& numbers = {});
  // Indexes many talents fast, for a rebuild: `next` fills in one talent (and the numbers its
  // person is looked up by, as UpsertTalent) and returns true, or
  // returns false when there are no more (it is called from this thread only). Documents are
  // built on all cores while this thread writes them; when the index holds no talent yet they
  // are added without the look-up for a document to replace, so each person must come at most
  // once. Commits every 100,000 talents; call Commit() after. Errors as UpsertTalent (the first
  // one stops the build; what was committed stays).
  [[nodiscard]] Status BuildTalents(const std::function<bool(Talent&, PersonIdentifiers&)>& next);
  // Removes the talent's document; removing an absent one is OK (change-log replay).
  // InvalidArgument: person_id <= 0 or read-only. Unavailable / DataError: as for Open.
  [[nodiscard]] Status RemoveTalent(PersonId person_id);

  // Adds or replaces a need, project or activity (never returned by FindTalents). Indexed:
  // title, description, unit, host (text); region, disciplines, status, kind (filters);
  // service window start (recency order).
  // InvalidArgument: id <= 0 or read-only. Unavailable / DataError: as for Open.
  [[nodiscard]] Status UpsertNeed(const Need& need);
  // Removes the need's document; absent is OK. Errors as RemoveTalent.
  [[nodiscard]] Status RemoveNeed(NeedId need_id);

  // Adds or replaces a talent station or service base. Indexed: name, host unit, description
  // (text); region, disciplines, kind, type (filters).
  // InvalidArgument: id <= 0 or read-only. Unavailable / DataError: as for Open.
  [[nodiscard]] Status UpsertStation(const Station& station);
  // Removes the station's document; absent is OK. Errors as RemoveTalent.
  [[nodiscard]] Status RemoveStation(StationId station_id);

  // Replaces every article of the policy document `document_id` by `articles` (all of that
  // document; empty removes it). Indexed: title, headings, measure and text; 文号 as a filter
  // term. InvalidArgument: an id <= 0, an article of another document, or read-only.
  [[nodiscard]] Status ReplacePolicy(std::int64_t document_id,
                                     const std::vector<PolicyEntry>& articles);

  // Finds needs, projects and activities. InvalidArgument: as FindTalents (text, prefixes,
  // limit). Unavailable: as FindTalents.
  [[nodiscard]] Result<NeedResults> FindNeeds(const NeedQuery& query) const;

  // Finds talent stations and service bases. Errors as FindNeeds.
  [[nodiscard]] Result<StationResults> FindStations(const StationQuery& query) const;

  // Finds policy articles. InvalidArgument: the text does not parse, or limit > kMaxLimit.
  // Unavailable: as FindTalents.
  [[nodiscard]] Result<PolicyResults> FindPolicies(const PolicyQuery& query) const;

  // Deletes every document and every metadata key on every shard (rebuilding into remote
  // shards, whose folders are not ours to remove). InvalidArgument: read-only.
  // Unavailable / DataError: as for Open.
  [[nodiscard]] Status Clear();

  // Makes pending changes durable and visible to readers that Reopen(). With shards, shard 0
  // (which holds the metadata, e.g. the hub's checkpoint) commits last, so a failure part way
  // leaves the checkpoint behind the documents, never ahead.
  // InvalidArgument: read-only. Unavailable: I/O failure (the changes stay pending).
  [[nodiscard]] Status Commit();

  // Brings a read-only handle up to the latest committed revision (a writable handle
  // always sees its own changes, committed or not). Unavailable / DataError: as for Open.
  [[nodiscard]] Status Reopen();

  // Finds talents. InvalidArgument: the text does not parse (the message quotes the text
  // and says what is wrong), a malformed region or discipline prefix, or limit > kMaxLimit; a
  // lookup when the index holds no keyed hashes under this handle's lookup key (rebuild).
  // Unavailable: I/O failure or the revision was overwritten twice during the search.
  [[nodiscard]] Result<TalentResults> FindTalents(const TalentQuery& query) const;

  // User metadata; the hub keeps its change-log checkpoint here. "" when the key is absent.
  // InvalidArgument: empty key. Unavailable / DataError: as for Open.
  [[nodiscard]] Result<std::string> GetMetadata(std::string_view key) const;
  // Sets a key (value "" deletes it); takes effect with Commit().
  // InvalidArgument: empty or over-long key (max 200 bytes), or read-only.
  [[nodiscard]] Status SetMetadata(std::string_view key, std::string_view value);

  // The segmentation this index was built with.
  Segmentation segmentation() const;

  // Documents of every kind in the revision this handle sees; 0 if the index cannot be read.
  std::uint64_t DocCount() const;
  // Total size of the files in the index directory (the local shards' directories), in bytes;
  // 0 if it cannot be read. Remote shards are not counted.
  std::uint64_t SizeOnDiskBytes() const;

 private:
  class Impl;  // holds the Xapian database handles
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace huicai::search
