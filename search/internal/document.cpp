#include "search/internal/document.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <vector>

#include "core/codes.h"
#include "core/pinyin.h"
#include "core/segment.h"
#include "search/internal/text.h"

namespace huicai::search::internal {
namespace {

constexpr char kSep = '\x1f';              // ASCII unit separator between stored fields
constexpr std::string_view kFormat = "2";  // talents' stored-fields format (1: no specialties)
constexpr std::string_view kFormatOld = "1";
constexpr std::string_view kNeedFormat = "need1";
constexpr std::string_view kArticleFormat = "policy1";
constexpr std::string_view kStationFormat = "station1";

std::string Clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != kSep) out.push_back(c);
  }
  return out;
}

// Stored data split at the separators.
std::vector<std::string_view> SplitFields(std::string_view data) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t pos = data.find(kSep, start);
    parts.push_back(data.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

// A stored record: its format tag, then each field (separators cleaned out) after a separator.
std::string JoinFields(std::string_view format, std::initializer_list<std::string> fields) {
  std::string out(format);
  for (const std::string& field : fields) {
    out += kSep;
    out += Clean(field);
  }
  return out;
}

template <typename Int>
bool ParseInt(std::string_view text, Int& out) {
  return std::from_chars(text.data(), text.data() + text.size(), out).ec == std::errc{};
}

void AddBoolean(Xapian::Document& doc, const std::string& term) {
  if (term.size() <= kMaxTermBytes) doc.add_boolean_term(term);
}

// Talents and needs are indexed without word positions: their queries never ask for phrases
// (a quoted phrase is read as all its words), and positions were a third of the build time and
// two fifths of the index (bench/search). Policy articles keep them, for phrase questions.
enum class Positions { kWith, kWithout };

void IndexText(Xapian::TermGenerator& generator, std::string_view text, Xapian::termcount weight,
               Positions positions) {
  if (text.empty()) return;
  // Without CJK n-grams the index is in Segmentation::kWords: Chinese text goes in as words.
  const bool ngrams = (generator.set_flags(0, ~0) & Xapian::TermGenerator::FLAG_CJK_NGRAM) != 0;
  const std::string prepared = ngrams ? std::string(text) : SegmentChineseWords(text);
  if (positions == Positions::kWithout) {
    generator.index_text_without_positions(prepared, weight);
    return;
  }
  generator.index_text(prepared, weight);
  generator.increase_termpos();  // no phrase across fields
}

void AddDisciplines(Xapian::Document& doc, Xapian::TermGenerator& generator,
                    const std::vector<std::string>& disciplines) {
  constexpr Positions kNone = Positions::kWithout;
  for (const std::string& code : disciplines) {
    for (const std::string& term : DisciplineTerms(code)) AddBoolean(doc, term);
    // The code and its first-level name (农学, 临床医学) are both searchable as text.
    IndexText(generator, code, 1, kNone);
    if (const std::string name = DisciplineTable::Default().Name(code); !name.empty()) {
      IndexText(generator, name, 1, kNone);
    }
  }
}

// The first-level fields (3-digit codes) of `codes`, each once, joined with ",".
std::string FirstLevels(const std::vector<std::string>& codes) {
  std::string firsts;
  for (const std::string& code : codes) {
    if (code.size() < 3) continue;
    const std::string first = code.substr(0, 3);
    if (("," + firsts + ",").find("," + first + ",") != std::string::npos) continue;
    firsts += (firsts.empty() ? "" : ",") + first;
  }
  return firsts;
}

}  // namespace

std::string TalentIdTerm(PersonId id) { return std::string(kIdTalentPrefix) + std::to_string(id); }
std::string NeedIdTerm(NeedId id) { return std::string(kIdNeedPrefix) + std::to_string(id); }

Xapian::Document BuildTalentDocument(const Talent& talent, Xapian::TermGenerator& generator) {
  Xapian::Document doc;
  generator.set_document(doc);
  IndexText(generator, talent.name, 3, Positions::kWithout);
  IndexText(generator, talent.title, 2, Positions::kWithout);
  IndexText(generator, talent.employer, 1, Positions::kWithout);
  IndexText(generator, talent.specialties, 1, Positions::kWithout);
  AddDisciplines(doc, generator, talent.disciplines);

  AddBoolean(doc, TalentIdTerm(talent.person_id));
  AddBoolean(doc, std::string(kKindPrefix) + std::string(kKindTalent));
  if (!talent.name.empty()) {
    // Weighted (wdf 1), not boolean: the exact-name boost in queries needs a weight.
    const std::string name_term = std::string(kNamePrefix) + FoldName(talent.name);
    if (name_term.size() <= kMaxTermBytes) doc.add_term(name_term, 1);
  }
  // The name's pinyin, for planners who type zhangwei, zhang wei or zhāng wěi (FoldPinyin on the
  // query side). Weighted like the whole-name term. Latin names have theirs already.
  if (auto key = AnalyseName(talent.name); key.ok() && !key->latin && !key->joined.empty()) {
    const std::string pinyin_term = std::string(kPinyinPrefix) + key->joined;
    if (pinyin_term.size() <= kMaxTermBytes) doc.add_term(pinyin_term, 1);
  }
  for (const std::string& term : RegionTerms(talent.region_code)) AddBoolean(doc, term);
  AddBoolean(doc, std::string(kTierPrefix) + std::string(TalentTierName(talent.tier)));
  if (talent.in_programme) AddBoolean(doc, std::string(kProgrammePrefix) + "1");

  doc.add_value(kSlotTier, Xapian::sortable_serialise(static_cast<int>(talent.tier)));
  doc.add_value(kSlotDaysAvailable, Xapian::sortable_serialise(talent.days_available));
  doc.add_value(kSlotDaysServed, Xapian::sortable_serialise(talent.grassroots_days_served));
  doc.add_value(kSlotId, Xapian::sortable_serialise(static_cast<double>(talent.person_id)));
  const std::string tier_name(TalentTierName(talent.tier));
  doc.add_value(kSlotFacets, Clean(talent.region_code) + kFacetSep +
                                 (tier_name.empty() ? "-" : tier_name) + kFacetSep +
                                 FirstLevels(talent.disciplines));

  StoredFields fields{std::string(kKindTalent), talent.person_id, talent.name,       talent.title,
                      talent.region_code,       talent.tier,      talent.specialties};
  doc.set_data(SerialiseFields(fields));
  return doc;
}

std::string NeedKindTerm(NeedKind kind) {
  return std::string(kNeedKindPrefix) + std::string(NeedKindName(kind));
}
std::string NeedStatusTerm(NeedStatus status) {
  return std::string(kStatusPrefix) + std::string(NeedStatusName(status));
}

Xapian::Document BuildNeedDocument(const Need& need, Xapian::TermGenerator& generator) {
  Xapian::Document doc;
  generator.set_document(doc);
  IndexText(generator, need.title, 2, Positions::kWithout);
  IndexText(generator, need.description, 1, Positions::kWithout);
  IndexText(generator, need.unit, 1, Positions::kWithout);
  IndexText(generator, need.host, 1, Positions::kWithout);
  AddDisciplines(doc, generator, need.disciplines);

  AddBoolean(doc, NeedIdTerm(need.id));
  doc.add_value(kSlotId, Xapian::sortable_serialise(static_cast<double>(need.id)));
  AddBoolean(doc, std::string(kKindPrefix) + std::string(kKindNeed));
  for (const std::string& term : RegionTerms(need.region_code)) AddBoolean(doc, term);
  AddBoolean(doc, NeedStatusTerm(need.status));
  AddBoolean(doc, NeedKindTerm(need.kind));
  doc.add_value(kSlotFacets, Clean(need.region_code) + kFacetSep +
                                 std::string(NeedStatusName(need.status)) + kFacetSep +
                                 std::string(NeedKindName(need.kind)) + kFacetSep +
                                 FirstLevels(need.disciplines));
  const std::string start = need.window_start.year > 0 ? FormatDate(need.window_start) : "";
  std::string id = std::to_string(need.id);
  doc.add_value(kSlotRecency,
                start + std::string(20 - std::min<std::size_t>(20, id.size()), '0') + id);

  doc.set_data(JoinFields(kNeedFormat,
                          {std::to_string(need.id), need.title, need.unit, need.region_code,
                           need.description, start, std::to_string(static_cast<int>(need.status)),
                           std::to_string(static_cast<int>(need.kind))}));
  return doc;
}

bool ParseNeed(std::string_view data, StoredNeed& out) {
  const std::vector<std::string_view> f = SplitFields(data);
  if (f.size() != 9 || f[0] != kNeedFormat) return false;
  int status = 0, kind = 0;
  if (!ParseInt(f[1], out.id) || !ParseInt(f[7], status) || !ParseInt(f[8], kind)) return false;
  if (status < 0 || status > static_cast<int>(NeedStatus::kClosed) || kind < 0 ||
      kind > static_cast<int>(NeedKind::kActivity)) {
    return false;
  }
  out.title = f[2];
  out.unit = f[3];
  out.region_code = f[4];
  out.description = f[5];
  out.window_start = f[6];
  out.status = static_cast<NeedStatus>(status);
  out.kind = static_cast<NeedKind>(kind);
  return true;
}

std::string StationIdTerm(StationId id) {
  return std::string(kIdStationPrefix) + std::to_string(id);
}
std::string StationKindTerm(StationKind kind) {
  return std::string(kStationKindPrefix) + std::string(StationKindName(kind));
}
std::string StationTypeTerm(StationType type) {
  return std::string(kStationTypePrefix) + std::string(StationTypeName(type));
}

Xapian::Document BuildStationDocument(const Station& station, Xapian::TermGenerator& generator) {
  Xapian::Document doc;
  generator.set_document(doc);
  IndexText(generator, station.name, 2, Positions::kWithout);
  IndexText(generator, station.host_unit, 1, Positions::kWithout);
  IndexText(generator, station.description, 1, Positions::kWithout);
  AddDisciplines(doc, generator, station.disciplines);

  AddBoolean(doc, StationIdTerm(station.id));
  doc.add_value(kSlotId, Xapian::sortable_serialise(static_cast<double>(station.id)));
  AddBoolean(doc, std::string(kKindPrefix) + std::string(kKindStation));
  for (const std::string& term : RegionTerms(station.region_code)) AddBoolean(doc, term);
  AddBoolean(doc, StationKindTerm(station.kind));
  AddBoolean(doc, StationTypeTerm(station.type));
  doc.add_value(kSlotFacets, Clean(station.region_code) + kFacetSep +
                                 std::string(StationKindName(station.kind)) + kFacetSep +
                                 std::string(StationTypeName(station.type)) + kFacetSep +
                                 FirstLevels(station.disciplines));
  doc.set_data(
      JoinFields(kStationFormat,
                 {std::to_string(station.id), station.name, station.host_unit, station.region_code,
                  station.description, std::to_string(static_cast<int>(station.kind)),
                  std::to_string(static_cast<int>(station.type))}));
  return doc;
}

bool ParseStation(std::string_view data, StoredStation& out) {
  const std::vector<std::string_view> f = SplitFields(data);
  if (f.size() != 8 || f[0] != kStationFormat) return false;
  int kind = 0, type = 0;
  if (!ParseInt(f[1], out.id) || !ParseInt(f[6], kind) || !ParseInt(f[7], type)) return false;
  if (kind < 0 || kind > static_cast<int>(StationKind::kServiceBase) || type < 0 ||
      type > static_cast<int>(StationType::kComprehensive)) {
    return false;
  }
  out.name = f[2];
  out.host_unit = f[3];
  out.region_code = f[4];
  out.description = f[5];
  out.kind = static_cast<StationKind>(kind);
  out.type = static_cast<StationType>(type);
  return true;
}

std::vector<std::string> SpellingWords(const Talent& talent) {
  std::vector<std::string> words;
  if (auto key = AnalyseName(talent.name); key.ok() && !key->latin && !key->joined.empty()) {
    words.push_back(key->joined);
  }
  for (const std::string* field :
       {&talent.name, &talent.title, &talent.employer, &talent.specialties}) {
    std::string word;
    auto flush = [&] {
      if (word.size() >= 3 && word.size() <= kMaxTermBytes &&
          std::find(words.begin(), words.end(), word) == words.end()) {
        words.push_back(word);
      }
      word.clear();
    };
    for (char c : *field) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c >= 'a' && c <= 'z') {
        word += c;
      } else {
        flush();
      }
    }
    flush();
  }
  return words;
}

std::string SerialiseFields(const StoredFields& f) {
  return JoinFields(kFormat, {f.kind, std::to_string(f.id), f.name, f.title, f.region_code,
                              std::to_string(static_cast<int>(f.tier)), f.specialties});
}

bool ParseFields(std::string_view data, StoredFields& out) {
  const std::vector<std::string_view> parts = SplitFields(data);
  const bool v2 = parts.size() == 8 && parts[0] == kFormat;
  if (!v2 && !(parts.size() == 7 && parts[0] == kFormatOld)) return false;
  std::int64_t id = 0;
  int tier = 0;
  if (!ParseInt(parts[2], id) || !ParseInt(parts[6], tier) || tier < 0 || tier > 4) return false;
  out.kind = std::string(parts[1]);
  out.id = id;
  out.name = std::string(parts[3]);
  out.title = std::string(parts[4]);
  out.region_code = std::string(parts[5]);
  out.tier = static_cast<TalentTier>(tier);
  out.specialties = v2 ? std::string(parts[7]) : std::string();
  return true;
}

std::string ArticleIdTerm(std::int64_t article_id) {
  return std::string(kIdArticlePrefix) + std::to_string(article_id);
}

std::string PolicyDocumentTerm(std::int64_t document_id) {
  return std::string(kPolicyDocPrefix) + std::to_string(document_id);
}

Xapian::Document BuildPolicyDocument(const PolicyEntry& e, Xapian::TermGenerator& generator) {
  Xapian::Document doc;
  generator.set_document(doc);
  // The article's own words count most; the title and headings place it.
  IndexText(generator, e.article.text, 2, Positions::kWith);
  IndexText(generator, e.title, 1, Positions::kWith);
  IndexText(generator, e.article.heading, 1, Positions::kWith);
  IndexText(generator, e.article.part, 1, Positions::kWith);
  IndexText(generator, e.issuer, 1, Positions::kWith);
  AddBoolean(doc, ArticleIdTerm(e.article_id));
  AddBoolean(doc, PolicyDocumentTerm(e.document_id));
  AddBoolean(doc, std::string(kKindPrefix) + std::string(kKindPolicy));
  if (!e.doc_number.empty()) AddBoolean(doc, std::string(kDocNumberPrefix) + e.doc_number);
  doc.add_value(kSlotId, Xapian::sortable_serialise(static_cast<double>(e.article_id)));
  doc.set_data(JoinFields(
      kArticleFormat,
      {std::to_string(e.article_id), std::to_string(e.document_id), e.title, e.doc_number,
       e.article.number, e.article.heading, e.article.part, e.article.text}));
  return doc;
}

bool ParseArticle(std::string_view data, StoredArticle& out) {
  const std::vector<std::string_view> f = SplitFields(data);
  if (f.size() != 9 || f[0] != kArticleFormat) return false;
  if (!ParseInt(f[1], out.article_id) || !ParseInt(f[2], out.document_id)) return false;
  out.title = f[3];
  out.doc_number = f[4];
  out.number = f[5];
  out.heading = f[6];
  out.part = f[7];
  out.text = f[8];
  return true;
}

}  // namespace huicai::search::internal
