#include "search/internal/text.h"

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <sstream>

#include "core/segment.h"

namespace huicai::search::internal {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void AddUnique(std::vector<std::string>& out, std::string value) {
  if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(std::move(value));
}

}  // namespace

bool IsCjkCodePoint(unsigned cp) {
  // The blocks Xapian 1.4's CJK n-gram tokenizer treats as CJK.
  return (cp >= 0x2E80 && cp <= 0x2FFF) || (cp >= 0x3040 && cp <= 0x33FF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
         (cp >= 0xA700 && cp <= 0xA71F) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
         (cp >= 0x2F800 && cp <= 0x2FA1F);
}

std::vector<TextToken> SplitText(std::string_view text) {
  std::vector<TextToken> tokens;
  TextToken current;
  bool in_token = false;
  auto flush = [&] {
    if (in_token) tokens.push_back(std::move(current));
    current = TextToken{};
    in_token = false;
  };
  for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
    const unsigned cp = *it;
    if (!Xapian::Unicode::is_wordchar(cp)) {
      flush();
      continue;
    }
    const bool cjk = IsCjkCodePoint(cp);
    if (in_token && current.cjk != cjk) flush();
    if (!in_token) {
      current.cjk = cjk;
      in_token = true;
      if (!cjk) current.chars.emplace_back();
    }
    std::string ch;
    Xapian::Unicode::append_utf8(ch, Xapian::Unicode::tolower(cp));
    if (cjk) {
      current.chars.push_back(std::move(ch));
    } else {
      current.chars.back() += ch;
    }
  }
  flush();
  return tokens;
}

std::optional<std::string> NormaliseRegionPrefix(std::string_view prefix) {
  if (!AllDigits(prefix)) return std::nullopt;
  if (prefix.size() != 2 && prefix.size() != 4 && prefix.size() != 6) return std::nullopt;
  std::string out(prefix);
  while (out.size() > 2 && out.compare(out.size() - 2, 2, "00") == 0) out.resize(out.size() - 2);
  return out;
}

std::vector<std::string> RegionTerms(std::string_view region_code) {
  std::vector<std::string> terms;
  const auto normal = NormaliseRegionPrefix(region_code);
  if (!normal) return terms;
  for (std::size_t len = 2; len <= normal->size(); len += 2) {
    terms.push_back(std::string(kRegionPrefix) + normal->substr(0, len));
  }
  return terms;
}

std::vector<std::string> DisciplineTerms(std::string_view code) {
  std::vector<std::string> terms;
  if (!AllDigits(code) || code.size() < 3 || code.size() > 7) return terms;
  // Every level GB/T 13745 has (3, 5 and 7 digits), so a filter on any level is one term.
  for (std::size_t digits : {3u, 5u}) {
    if (code.size() > digits) {
      terms.push_back(std::string(kDisciplinePrefix) + std::string(code.substr(0, digits)));
    }
  }
  terms.push_back(std::string(kDisciplinePrefix) + std::string(code));
  return terms;
}

bool IsDisciplinePrefix(std::string_view prefix) { return AllDigits(prefix) && prefix.size() <= 7; }

std::string FoldName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

std::vector<std::string> ReadableMatches(std::string_view query_text,
                                         const std::set<std::string>& matched) {
  std::vector<std::string> out;
  for (const TextToken& token : SplitText(query_text)) {
    if (!token.cjk) {
      if (matched.count(token.chars.front()) != 0) AddUnique(out, token.chars.front());
      continue;
    }
    const std::vector<std::string>& c = token.chars;
    if (c.size() == 1) {
      if (matched.count(c.front()) != 0) AddUnique(out, c.front());
      continue;
    }
    // Longest runs of characters joined by matched bigrams.
    std::size_t i = 0;
    while (i + 1 < c.size()) {
      if (matched.count(c[i] + c[i + 1]) == 0) {
        ++i;
        continue;
      }
      std::string run = c[i] + c[i + 1];
      std::size_t j = i + 1;
      while (j + 1 < c.size() && matched.count(c[j] + c[j + 1]) != 0) {
        run += c[j + 1];
        ++j;
      }
      AddUnique(out, std::move(run));
      i = j;
    }
  }
  return out;
}

std::vector<std::string> BagOfTerms(std::string_view text) {
  std::vector<std::string> terms;
  for (const TextToken& token : SplitText(text)) {
    if (!token.cjk || token.chars.size() == 1) {
      if (token.chars.front().size() <= kMaxTermBytes) AddUnique(terms, token.chars.front());
      continue;
    }
    for (std::size_t i = 0; i + 1 < token.chars.size(); ++i) {
      AddUnique(terms, token.chars[i] + token.chars[i + 1]);
    }
  }
  return terms;
}

std::string Opening(const std::string& text) {
  if (text.size() <= kSnippetBytes) return text;
  std::size_t cut = kSnippetBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

bool Relaxable(std::string_view text) {
  if (SplitText(text).empty() || text.find('"') != std::string_view::npos) return false;
  std::istringstream words{std::string(text)};
  for (std::string word; words >> word;) {
    if (word == "NOT" || word == "-" || word.starts_with("-")) return false;
  }
  return true;
}

std::string RelaxedText(std::string_view text) {
  std::string out;
  std::istringstream words{std::string(text)};
  for (std::string word; words >> word;) {
    if (word == "AND" || word == "OR") continue;
    for (char& c : word) {
      if (c == '(' || c == ')') c = ' ';
    }
    out += (out.empty() ? "" : " ") + word;
  }
  // Chinese runs split into dictionary words, so the bag holds the pairs inside words
  // (每年, 基层, 服务) and not those across them (年到, 务多): a question typed as one run
  // then weighs what it is about.
  return SegmentChineseWords(out);
}

std::vector<std::string> BagOfWords(std::string_view segmented_text) {
  std::vector<std::string> terms;
  for (const TextToken& token : SplitText(segmented_text)) {
    std::string word;
    for (const std::string& c : token.chars) word += c;
    if (word.empty() || word.size() > kMaxTermBytes) continue;
    if (std::find(terms.begin(), terms.end(), word) == terms.end()) terms.push_back(word);
  }
  return terms;
}

bool IsPlainText(std::string_view text) {
  if (text.find_first_of("\"()") != std::string_view::npos) return false;
  std::istringstream words{std::string(text)};
  for (std::string word; words >> word;) {
    if (word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" ||
        word.starts_with("+") || word.starts_with("-") || word.find(':') != std::string::npos) {
      return false;
    }
  }
  return true;
}

std::string Highlight(const std::string& text, const std::vector<std::string>& words) {
  static const std::string kOpen = "【", kClose = "】";
  // Where each word occurs (ASCII compared without case), longest words first, no overlaps.
  std::string folded = text;
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::vector<std::string> sorted;
  for (const std::string& w : words) {
    std::size_t code_points = 0;
    for (char c : w) code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    // A lone Chinese character matches nearly everywhere: not worth a mark.
    if (!w.empty() && !(code_points == 1 && static_cast<unsigned char>(w[0]) >= 0x80)) {
      sorted.push_back(w);
    }
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::vector<std::pair<std::size_t, std::size_t>> marks;  // [begin, end) in text
  for (const std::string& w : sorted) {
    for (std::size_t at = folded.find(w); at != std::string::npos; at = folded.find(w, at + 1)) {
      const std::size_t end = at + w.size();
      bool overlaps = false;
      for (const auto& [b, e] : marks) overlaps = overlaps || (at < e && b < end);
      if (!overlaps) marks.emplace_back(at, end);
    }
  }
  if (marks.empty()) return Opening(text);
  std::sort(marks.begin(), marks.end());
  // A window of about kSnippetBytes from a little before the first mark.
  auto boundary = [&](std::size_t i) {
    while (i > 0 && i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
    return std::min(i, text.size());
  };
  const std::size_t from = boundary(
      marks.front().first > kSnippetBytes / 4 ? marks.front().first - kSnippetBytes / 4 : 0);
  std::size_t to = boundary(from + kSnippetBytes);
  for (const auto& [b, e] : marks) {
    if (b < to && e > to) to = e;  // never cut a mark in two
  }
  std::string out = from > 0 ? "…" : "";
  std::size_t pos = from;
  for (const auto& [b, e] : marks) {
    if (b < from || e > to) continue;
    out += text.substr(pos, b - pos) + kOpen + text.substr(b, e - b) + kClose;
    pos = e;
  }
  out += text.substr(pos, to - pos);
  if (to < text.size()) out += "…";
  return out;
}

}  // namespace huicai::search::internal
