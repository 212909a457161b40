// core: splitting a policy text into articles (see policy.h). The text is read as code points;
// markers are recognised on a half-width view (（一） and (一) alike) while the stored text keeps
// what the document wrote.
#include "core/policy.h"

#include <algorithm>
#include <array>

#include "core/text.h"

namespace huicai {
namespace {

using U32 = std::u32string;

bool IsSpace(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == 0xA0 || c == 0x3000 ||
         c == 0xFEFF;
}

// Full-width forms as ASCII; one code point for one, so positions stay the same.
char32_t Half(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
  if (c == 0x3000) return U' ';
  return c;
}

bool IsDigit(char32_t c) { return Half(c) >= U'0' && Half(c) <= U'9'; }

bool IsChineseNumeral(char32_t c) {
  static constexpr std::u32string_view kNumerals = U"零〇一二三四五六七八九十百千两";
  return kNumerals.find(c) != std::u32string_view::npos;
}

// What ends or divides a sentence. A line holding none of these carries no sentence.
bool IsSentencePunct(char32_t c) {
  static constexpr std::u32string_view kPunct = U"。，；！？,;!?";
  return kPunct.find(Half(c)) != std::u32string_view::npos;
}

bool HasSentence(const U32& line) { return std::any_of(line.begin(), line.end(), IsSentencePunct); }

U32 TrimU(const U32& s) {
  size_t a = 0, b = s.size();
  while (a < b && IsSpace(s[a])) ++a;
  while (b > a && IsSpace(s[b - 1])) --b;
  return s.substr(a, b - a);
}

std::string Utf8(const U32& s) {
  std::string out;
  for (char32_t c : s) AppendUtf8(c, out);
  return out;
}

bool StartsWith(const U32& s, std::u32string_view prefix) {
  return s.size() >= prefix.size() && std::u32string_view(s).substr(0, prefix.size()) == prefix;
}
bool EndsWith(const U32& s, std::u32string_view suffix) {
  return s.size() >= suffix.size() &&
         std::u32string_view(s).substr(s.size() - suffix.size()) == suffix;
}

enum class Mark { kNone, kChapter, kArticle, kSection, kItem, kNumbered };

struct Marker {
  Mark kind = Mark::kNone;
  size_t length = 0;  // code points of the marker itself ("第十七条", "一、", "(一)", "15.")
};

Marker MarkerAt(const U32& s, size_t i) {
  const size_t n = s.size();
  if (i >= n) return {};
  if (s[i] == U'第') {
    size_t j = i + 1;
    while (j < n && IsChineseNumeral(s[j])) ++j;
    if (j > i + 1 && j < n) {
      if (s[j] == U'条') return {Mark::kArticle, j + 1 - i};
      if (s[j] == U'章' || s[j] == U'节') return {Mark::kChapter, j + 1 - i};
    }
    return {};
  }
  if (IsChineseNumeral(s[i])) {
    size_t j = i;
    while (j < n && IsChineseNumeral(s[j])) ++j;
    if (j < n && s[j] == U'、') return {Mark::kSection, j + 1 - i};
    return {};
  }
  if (Half(s[i]) == U'(') {
    size_t j = i + 1;
    while (j < n && IsChineseNumeral(s[j])) ++j;
    if (j > i + 1 && j < n && Half(s[j]) == U')') return {Mark::kItem, j + 1 - i};
    return {};
  }
  if (IsDigit(s[i])) {
    size_t j = i;
    while (j < n && IsDigit(s[j])) ++j;
    // "15." or "15、" followed by text, not "2018.5" or a year.
    if (j - i <= 3 && j + 1 < n && (Half(s[j]) == U'.' || s[j] == U'、') && !IsDigit(s[j + 1])) {
      return {Mark::kNumbered, j + 1 - i};
    }
  }
  return {};
}

// A line as the splitter sees it: trimmed, an ad glued before a marker cut off.
struct Line {
  U32 text;
  Marker marker;
};

Line ReadLine(const U32& raw) {
  Line line{TrimU(raw), {}};
  line.marker = MarkerAt(line.text, 0);
  if (line.marker.kind != Mark::kNone) return line;
  // "某某考试报名时间  (二)…": a marker after two or more spaces, behind text with no sentence.
  for (size_t i = 0; i + 2 < line.text.size(); ++i) {
    if (!IsSpace(line.text[i]) || !IsSpace(line.text[i + 1])) continue;
    size_t j = i;
    while (j < line.text.size() && IsSpace(line.text[j])) ++j;
    const Marker m = MarkerAt(line.text, j);
    if (m.kind == Mark::kNone || m.kind == Mark::kChapter) continue;
    if (HasSentence(line.text.substr(0, i))) break;
    line.text = line.text.substr(j);
    line.marker = m;
    break;
  }
  return line;
}

// Words a document's title ends with.
constexpr std::array<std::u32string_view, 18> kTitleEnds = {
    U"通知", U"意见", U"办法", U"计划", U"规定", U"决定", U"方案", U"细则", U"通告",
    U"公告", U"纲要", U"条例", U"规划", U"措施", U"制度", U"规则", U"章程", U"指引"};

// The title a line holds, if it looks like one: no sentence, ends with a document kind (a
// trailing "(试行)" allowed), "site | title" reduced to the title, not a file link.
std::optional<U32> TitleOf(const U32& line) {
  U32 t = line;
  if (const size_t bar = t.rfind(U'|'); bar != U32::npos) t = TrimU(t.substr(bar + 1));
  if (t.size() < 6 || HasSentence(t) || MarkerAt(t, 0).kind != Mark::kNone) return std::nullopt;
  if (EndsWith(t, U".pdf") || EndsWith(t, U".doc") || EndsWith(t, U".docx")) return std::nullopt;
  U32 core = t;
  if (!core.empty() && Half(core.back()) == U')') {
    const size_t open = core.find_last_of(U"(（");
    if (open != U32::npos) core = TrimU(core.substr(0, open));
  }
  for (std::u32string_view end : kTitleEnds) {
    if (EndsWith(core, end)) return t;
  }
  return std::nullopt;
}

// A date written "2021年6月18日", "2020-12-15", "2021/06/18" or "2020.09.25" in `s`, the first.
std::optional<Date> FindDate(const U32& s) {
  for (size_t i = 0; i + 8 <= s.size(); ++i) {
    if (!IsDigit(s[i]) || (i > 0 && IsDigit(s[i - 1]))) continue;
    size_t j = i;
    int year = 0;
    while (j < s.size() && IsDigit(s[j]) && j - i < 5)
      year = year * 10 + static_cast<int>(Half(s[j++]) - U'0');
    if (j - i != 4 || j >= s.size()) continue;
    const char32_t sep = Half(s[j]);
    if (sep != U'年' && sep != U'-' && sep != U'/' && sep != U'.') continue;
    auto number = [&](size_t& k) {
      int v = 0;
      const size_t from = k;
      while (k < s.size() && IsDigit(s[k]) && k - from < 2)
        v = v * 10 + static_cast<int>(Half(s[k++]) - U'0');
      return k > from ? v : -1;
    };
    size_t k = j + 1;
    const int month = number(k);
    if (month < 0 || k >= s.size()) continue;
    const char32_t sep2 = Half(s[k]);
    if (sep == U'年' ? sep2 != U'月' : sep2 != sep) continue;
    ++k;
    const int day = number(k);
    if (day < 0) continue;
    if (sep == U'年' && (k >= s.size() || s[k] != U'日')) continue;
    const Date d{year, month, day};
    if (IsValidDate(d)) return d;
  }
  return std::nullopt;
}

// The document number (文号) in `s`: a run of Han characters, then 〔YYYY〕 or [YYYY], a number
// and 号; not one cited in brackets (that is another document's).
std::optional<U32> FindDocNumber(const U32& s) {
  for (size_t open = 0; open < s.size(); ++open) {
    if (s[open] != U'〔' && Half(s[open]) != U'[' && s[open] != U'［') continue;
    size_t a = open;
    while (a > 0 && IsHan(s[a - 1]) && open - a < 12) --a;
    if (a == open) continue;
    size_t k = open + 1;
    while (k < s.size() && IsDigit(s[k])) ++k;
    if (k - open - 1 != 4 || k >= s.size()) continue;
    if (s[k] != U'〕' && Half(s[k]) != U']' && s[k] != U'］') continue;
    size_t m = k + 1;
    while (m < s.size() && IsDigit(s[m])) ++m;
    if (m == k + 1 || m >= s.size() || s[m] != U'号') continue;
    const bool cited = (a > 0 && (Half(s[a - 1]) == U'(' || s[a - 1] == U'《')) ||
                       (m + 1 < s.size() && Half(s[m + 1]) == U')');
    if (cited) continue;
    return s.substr(a, m + 1 - a);
  }
  return std::nullopt;
}

// The value after `label` in a line ("发布机构 临沂市…", "【制定机关】中共…", "信息来源:威海…"),
// up to two spaces or the end; empty when the line has no such label.
U32 LabelValue(const U32& line, std::u32string_view label) {
  const size_t at = line.find(label);
  if (at == U32::npos) return {};
  size_t i = at + label.size();
  while (i < line.size() && (IsSpace(line[i]) || Half(line[i]) == U':' || line[i] == U'】')) ++i;
  size_t end = i;
  while (end < line.size() &&
         !(IsSpace(line[end]) && end + 1 < line.size() && IsSpace(line[end + 1]))) {
    ++end;
  }
  return TrimU(line.substr(i, end - i));
}

// Organs that sign documents end with one of these.
bool IsOrgan(const U32& line) {
  static constexpr std::array<std::u32string_view, 12> kEnds = {
      U"局",     U"厅",     U"部",   U"委",   U"委员会", U"政府",
      U"办公厅", U"办公室", U"小组", U"中心", U"院",     U"会"};
  if (line.size() < 3 || line.size() > 24 || HasSentence(line)) return false;
  return std::any_of(kEnds.begin(), kEnds.end(), [&](auto e) { return EndsWith(line, e); });
}

bool IsDateLine(const U32& line) {
  if (line.size() > 14 || !FindDate(line)) return false;
  return std::all_of(line.begin(), line.end(), [](char32_t c) {
    return IsDigit(c) || c == U'年' || c == U'月' || c == U'日' || c == U'印' || c == U'发';
  });
}

// The heading label of a marker line: the marker and its words up to the first sentence mark,
// at most 40 code points.
U32 HeadingLabel(const U32& line) {
  size_t end = 0;
  while (end < line.size() && !IsSentencePunct(line[end])) ++end;
  U32 label = TrimU(line.substr(0, std::min<size_t>(end, 40)));
  // "第一章  总 则" -> "第一章 总则": spaces inside a heading are layout.
  U32 out;
  bool after_marker = false;
  for (size_t i = 0; i < label.size(); ++i) {
    if (IsSpace(label[i])) {
      if (!after_marker) out.push_back(U' ');
      after_marker = true;
      continue;
    }
    out.push_back(label[i]);
  }
  return out;
}

// Joins a line to an article's text (the page's line breaks are layout).
void AppendText(U32& to, const U32& text) { to += text; }

}  // namespace

Result<PolicyDocument> ParsePolicyText(std::string_view text) {
  if (!IsValidUtf8(text)) {
    return Status::InvalidArgument(
        "policy text is not valid UTF-8; convert it (e.g. iconv -f GBK)");
  }
  std::vector<Line> lines;
  {
    const U32 all = DecodeUtf8(text);
    size_t start = 0;
    for (size_t i = 0; i <= all.size(); ++i) {
      if (i == all.size() || all[i] == U'\n') {
        Line line = ReadLine(all.substr(start, i - start));
        if (!line.text.empty()) lines.push_back(std::move(line));
        start = i + 1;
      }
    }
  }
  PolicyDocument doc;

  // Title: a "标题" field, else the first line that reads as one.
  size_t title_at = lines.size();
  for (size_t i = 0; i < lines.size() && doc.title.empty(); ++i) {
    if (U32 v = LabelValue(lines[i].text, U"标题");
        StartsWith(lines[i].text, U"标题") && !v.empty()) {
      doc.title = Utf8(v);
      title_at = i;
    }
  }
  for (size_t i = 0; i < lines.size() && doc.title.empty(); ++i) {
    if (auto t = TitleOf(lines[i].text)) {
      U32 title = *t;
      // "(2018—2020年)" on the next line belongs to the title.
      if (i + 1 < lines.size() && lines[i + 1].text.size() <= 16 &&
          Half(lines[i + 1].text.front()) == U'(' && Half(lines[i + 1].text.back()) == U')') {
        title += lines[i + 1].text;
      }
      doc.title = Utf8(title);
      title_at = i;
    }
  }
  if (doc.title.empty()) {
    return Status::InvalidArgument(
        "policy text: no title found (a line such as 关于…的通知/意见/办法 or a 标题 field); is "
        "this a policy document?");
  }

  // Number, date, issuer: labelled fields first, then the signature block.
  for (const Line& l : lines) {
    if (doc.doc_number.empty()) {
      if (auto n = FindDocNumber(l.text)) doc.doc_number = Utf8(*n);
    }
  }
  for (std::u32string_view label : {U"发布日期", U"公布日期", U"成文日期", U"印发日期"}) {
    for (const Line& l : lines) {
      if (doc.date) break;
      if (l.text.find(label) != U32::npos) doc.date = FindDate(LabelValue(l.text, label));
    }
  }
  for (std::u32string_view label : {U"发布机构", U"制定机关", U"信息来源"}) {
    for (const Line& l : lines) {
      if (!doc.issuer.empty()) break;
      U32 v = LabelValue(l.text, label);
      // "威海市人力资源和社会保障局 字号:[ ]": the next field follows after a space.
      if (const size_t space = v.find_first_of(U" \t\u3000"); space != U32::npos) v.resize(space);
      std::replace(v.begin(), v.end(), U',', U'、');
      std::replace(v.begin(), v.end(), U'，', U'、');
      if (!v.empty()) doc.issuer = Utf8(v);
    }
  }
  // Signature block: organs on the lines just above a date line. Scraped pages sometimes paste
  // it into a sentence as well ("宣传优秀人才中共辽宁省委办公厅2018年3月6日印发事迹"): kept
  // to cut it out of the articles.
  U32 signature;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!IsDateLine(lines[i].text)) continue;
    std::vector<U32> organs;
    for (size_t k = i; k > 0 && IsOrgan(lines[k - 1].text); --k)
      organs.insert(organs.begin(), lines[k - 1].text);
    if (organs.empty()) continue;
    for (const U32& o : organs) signature += o;
    signature += lines[i].text;
    if (!doc.date) doc.date = FindDate(lines[i].text);
    if (doc.issuer.empty()) {
      U32 joined;
      for (const U32& o : organs) {
        // "山东省科学技术厅     山东省农业农村厅" on one line: several organs.
        U32 cleaned;
        bool gap = false;
        for (char32_t c : o) {
          if (IsSpace(c)) {
            gap = true;
            continue;
          }
          if (gap && !cleaned.empty()) cleaned += U'、';
          gap = false;
          cleaned.push_back(c);
        }
        if (!joined.empty()) joined += U'、';
        joined += cleaned;
      }
      doc.issuer = Utf8(joined);
    }
    break;
  }
  // Last: a "来源" field ("来源:山东高层次人才服务专区2019-07-08 11:32:00").
  for (const Line& l : lines) {
    if (!StartsWith(l.text, U"来源")) continue;
    const U32 v = LabelValue(l.text, U"来源");
    if (!doc.date) doc.date = FindDate(v);
    if (doc.issuer.empty()) {
      size_t end = 0;
      while (end < v.size() && !IsDigit(v[end])) ++end;
      doc.issuer = Utf8(TrimU(v.substr(0, end)));
    }
    break;
  }

  // Articles. With 第X条 the articles are those (items and numbered lines inside one are its
  // clauses); without, every section intro, item and numbered paragraph is one.
  const bool by_clause = std::any_of(lines.begin(), lines.end(),
                                     [](const Line& l) { return l.marker.kind == Mark::kArticle; });
  auto splits = [&](Mark m) {
    if (by_clause) return m == Mark::kArticle;
    return m == Mark::kSection || m == Mark::kItem || m == Mark::kNumbered;
  };
  size_t first = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].marker.kind == Mark::kChapter || splits(lines[i].marker.kind)) {
      first = i;
      break;
    }
  }
  // The preamble: sentences between the title and the first article.
  {
    U32 preamble;
    for (size_t i = title_at + 1; i < first && i < lines.size(); ++i) {
      const U32& t = lines[i].text;
      if (t.size() >= 20 && t.find(U'。') != U32::npos) AppendText(preamble, t);
    }
    if (!preamble.empty()) doc.articles.push_back({"", "", "", Utf8(preamble)});
  }

  U32 chapter, section, item;  // the heading stack
  U32 part;  // the measure the articles belong to, when the file holds one or more by name
  std::optional<PolicyArticle> current;
  U32 current_text;
  auto flush = [&] {
    if (!signature.empty()) {
      for (size_t at; (at = current_text.find(signature)) != U32::npos;) {
        current_text.erase(at, signature.size());
      }
    }
    if (current && !current_text.empty()) {
      current->text = Utf8(current_text);
      doc.articles.push_back(std::move(*current));
    }
    current.reset();
    current_text.clear();
  };
  auto heading_now = [&](Mark kind) {
    std::vector<U32> parts;
    if (!chapter.empty()) parts.push_back(chapter);
    if (!by_clause) {
      if (!section.empty()) parts.push_back(section);
      if (kind == Mark::kNumbered && !item.empty()) parts.push_back(item);
    }
    U32 h;
    for (const U32& p : parts) {
      if (!h.empty()) h += U" > ";
      h += p;
    }
    return Utf8(h);
  };
  {
    const U32 title = DecodeUtf8(doc.title);
    for (size_t i = title_at + 1; i < first; ++i) {
      // The title again, or its second line, is not a measure of its own.
      if (auto t = TitleOf(lines[i].text); t && !EndsWith(title, *t)) part = *t;
    }
  }
  for (size_t i = first; i < lines.size(); ++i) {
    const Line& l = lines[i];
    const Mark kind = l.marker.kind;
    if (kind == Mark::kChapter) {
      flush();
      chapter = HeadingLabel(l.text);
      continue;
    }
    if (splits(kind)) {
      flush();
      const U32 number = l.text.substr(0, l.marker.length);
      if (kind == Mark::kSection) {
        section = HeadingLabel(l.text);
        item.clear();
      } else if (kind == Mark::kItem) {
        item = HeadingLabel(l.text);
      }
      current = PolicyArticle{Utf8(number), heading_now(kind), Utf8(part), {}};
      AppendText(current_text, TrimU(l.text.substr(l.marker.length)));
      // A heading alone ("一、明确任务目标") carries no text of its own.
      if (!HasSentence(current_text)) current_text.clear();
      continue;
    }
    if (kind != Mark::kNone) {  // an item or numbered clause inside a 第X条 article
      if (current) AppendText(current_text, l.text);
      continue;
    }
    if (auto t = TitleOf(l.text)) {
      // The next measure of the file (临沂市高层次人才服务专员管理办法) begins.
      flush();
      part = *t;
      chapter.clear();
      section.clear();
      item.clear();
      continue;
    }
    if (!HasSentence(l.text)) continue;  // debris: menus, links, signatures
    if (current) AppendText(current_text, l.text);
  }
  flush();
  if (std::none_of(doc.articles.begin(), doc.articles.end(),
                   [](const PolicyArticle& a) { return !a.number.empty(); })) {
    return Status::InvalidArgument("policy text \"" + doc.title +
                                   "\": no articles found (第X条, 一、, (一) or 1. at the start of "
                                   "a line)");
  }
  return doc;
}

}  // namespace huicai
