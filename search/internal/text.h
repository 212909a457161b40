#pragma once
// search internal: text helpers shared by indexing and querying: splitting text into
// CJK spans and words, the filter-term spellings, and turning matched n-gram terms back
// into readable words. No Xapian types here, so tests can exercise these directly.
// Thread-safety: pure functions.
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace huicai::search::internal {

// Boolean-term prefixes. Free-text terms from Xapian's TermGenerator are lower case or CJK,
// so a leading upper-case ASCII letter marks a filter or id term.
inline constexpr std::string_view kIdTalentPrefix = "QT";    // unique: QT<person_id>
inline constexpr std::string_view kIdNeedPrefix = "QN";      // unique: QN<need_id>
inline constexpr std::string_view kKindPrefix = "XK";        // XKtalent, XKneed
inline constexpr std::string_view kRegionPrefix = "XR";      // XR37, XR3713, XR371324
inline constexpr std::string_view kTierPrefix = "XL";        // XLA .. XLD, XL-
inline constexpr std::string_view kDisciplinePrefix = "XD";  // XD210, XD2102010
inline constexpr std::string_view kProgrammePrefix = "XP";   // XP1 for programme members
inline constexpr std::string_view kStatusPrefix = "XS";      // XSopen ...
inline constexpr std::string_view kNeedKindPrefix = "XT";    // XTneed, XTproject, XTactivity
inline constexpr std::string_view kNamePrefix = "XN";        // XN<whole name, lower case>
inline constexpr std::string_view kPinyinPrefix = "XY";      // XYzhangwei: a Han name's pinyin
inline constexpr std::string_view kKindTalent = "talent";
inline constexpr std::string_view kKindNeed = "need";
inline constexpr std::string_view kKindPolicy = "policy";
inline constexpr std::string_view kIdArticlePrefix = "QA";    // unique: QA<article_id>
inline constexpr std::string_view kPolicyDocPrefix = "XQ";    // XQ<document_id>, every article
inline constexpr std::string_view kDocNumberPrefix = "XW";    // XW<文号>
inline constexpr std::string_view kIdStationPrefix = "QS";    // unique: QS<station_id>
inline constexpr std::string_view kKindStation = "station";   // XKstation: stations and bases
inline constexpr std::string_view kStationKindPrefix = "XB";  // XBstation, XBbase
inline constexpr std::string_view kStationTypePrefix = "XC";  // XC创新型 ...
inline constexpr std::size_t kMaxTermBytes = 200;             // Xapian's glass limit is 245

// True for code points Xapian's CJK n-gram tokenizer treats as CJK (Han, kana, Hangul,
// CJK punctuation-free blocks).
bool IsCjkCodePoint(unsigned cp);

// A run of text: either a span of CJK characters (one element per character) or a word.
struct TextToken {
  bool cjk = false;
  std::vector<std::string> chars;  // CJK: the characters; word: one element, lower-cased
};

// Splits UTF-8 text into CJK spans and words (letters and digits); the rest separates.
// Latin letters are lower-cased as Xapian does, so words equal their index terms.
std::vector<TextToken> SplitText(std::string_view text);

// Normalises a GB/T 2260 region prefix: digits only, length 2, 4 or 6; trailing "00" pairs
// of a 6- or 4-digit code are dropped ("370000" -> "37"). nullopt if malformed.
std::optional<std::string> NormaliseRegionPrefix(std::string_view prefix);

// Filter terms for a region code: one per level present ("371324" -> XR37, XR3713,
// XR371324). Empty for an empty or malformed code.
std::vector<std::string> RegionTerms(std::string_view region_code);

// Filter terms for a discipline code: the code and each level above it (3 and 5 digits).
// Empty if the code is not 3 to 7 digits.
std::vector<std::string> DisciplineTerms(std::string_view code);

// True when prefix is 1 to 7 ASCII digits.
bool IsDisciplinePrefix(std::string_view prefix);

// Lower-cases ASCII letters; the whole-name term spelling.
std::string FoldName(std::string_view name);

// Readable words of `query_text` whose terms all appear in `matched`: words as they are,
// CJK spans as the longest runs whose bigrams all matched (a one-character span when its
// unigram matched). Order of first appearance, no duplicates.
std::vector<std::string> ReadableMatches(std::string_view query_text,
                                         const std::set<std::string>& matched);

// The terms of a bag-of-words query for `text`: words, CJK bigrams, and the unigram of
// one-character CJK spans. No duplicates.
std::vector<std::string> BagOfTerms(std::string_view text);
// The same for text split into words (kWords): each word, Chinese ones whole.
std::vector<std::string> BagOfWords(std::string_view segmented_text);

// True when `text` is plain words: no quote, bracket, +/- prefix or upper-case AND / OR / NOT /
// XOR / NEAR, nothing Xapian's query parser would read as an operator.
bool IsPlainText(std::string_view text);

// True when a query may fall back to some of its words: it has text, no "phrase" and no NOT
// or -word (a planner who excluded or quoted meant exactly that). AND / OR and brackets, as
// the hub's synonym groups write them, may be relaxed.
bool Relaxable(std::string_view text);
// The words of `text` for the relaxed bag (BagOfTerms): AND, OR and brackets dropped.
std::string RelaxedText(std::string_view text);

// Snippets: about 200 Chinese characters (600 bytes) of a field around what matched.
inline constexpr std::size_t kSnippetBytes = 600;

// The first kSnippetBytes of `text` (cut at a character boundary, "…" when cut), for a hit
// whose query has no text to highlight.
std::string Opening(const std::string& text);

// `text` with every occurrence of `words` (the hit's readable matched words) marked 【like
// this】, longest first, ASCII letters compared without case, a lone Chinese character left
// unmarked (it matches nearly everywhere); cut to about kSnippetBytes from a little before the
// first mark, "…" where cut. Its opening when no word occurs.
std::string Highlight(const std::string& text, const std::vector<std::string>& words);

}  // namespace huicai::search::internal
