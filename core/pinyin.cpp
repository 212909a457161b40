// core: name pinyin. ICU transliterators, cached per character, for Han; a syllable table and
// plain code for typed pinyin.
#include "core/pinyin.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cassert>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/text.h"

namespace huicai {
namespace {

// Readings of surnames that ICU's one-reading-per-character Han-Latin gets wrong when the
// character is a surname. Simplified forms; traditional input is simplified first.
struct SurnameReading {
  std::string_view han;
  std::string_view pinyin;
};
constexpr SurnameReading kSurnameReadings[] = {
    // compound surnames first: matched on the first two characters
    {"尉迟", "yuchi"},
    {"万俟", "moqi"},
    {"长孙", "zhangsun"},
    {"澹台", "tantai"},
    {"欧阳", "ouyang"},
    {"司马", "sima"},
    {"诸葛", "zhuge"},
    {"上官", "shangguan"},
    {"东方", "dongfang"},
    {"皇甫", "huangfu"},
    {"令狐", "linghu"},
    {"慕容", "murong"},
    {"司徒", "situ"},
    {"夏侯", "xiahou"},
    {"公孙", "gongsun"},
    {"轩辕", "xuanyuan"},
    {"宇文", "yuwen"},
    {"端木", "duanmu"},
    {"独孤", "dugu"},
    {"南宫", "nangong"},
    {"西门", "ximen"},
    {"呼延", "huyan"},
    {"闻人", "wenren"},
    {"申屠", "shentu"},
    {"公羊", "gongyang"},
    {"赫连", "helian"},
    {"钟离", "zhongli"},
    // single-character surnames with a special reading
    {"单", "shan"},
    {"曾", "zeng"},
    {"解", "xie"},
    {"仇", "qiu"},
    {"区", "ou"},
    {"查", "zha"},
    {"朴", "piao"},
    {"乐", "yue"},
    {"缪", "miao"},
    {"尉", "yu"},
    {"覃", "qin"},
    {"盖", "ge"},
    {"翟", "zhai"},
    {"召", "shao"},
    {"种", "chong"},
    {"秘", "bi"},
    {"繁", "po"},
    {"黑", "he"},
    {"句", "gou"},
    {"员", "yun"},
    {"能", "nai"},
    {"华", "hua"},
    {"任", "ren"},
    {"纪", "ji"},
    {"沈", "shen"},
    {"柏", "bai"},
    {"牟", "mu"},
    {"过", "guo"},
    {"卜", "bu"},
    {"薄", "bo"},
    {"折", "she"},
    {"宿", "su"},
    {"隗", "wei"},
    {"冼", "xian"},
    {"粘", "nian"},
    {"都", "du"},
    {"费", "fei"},
    {"贾", "jia"},
    {"藏", "zang"},
    {"眭", "sui"},
};

// The toneless syllables of Mandarin as spelled in Hanyu Pinyin: the standard syllable table of
// 汉语拼音方案 (1958) and GB/T 16159-2012 (Basic rules of the Chinese phonetic alphabet
// orthography), ü written "v". Left out: erhua forms (the -r suffix), the interjections m, n,
// ng, hm, hng and ê, and dialect or single-character oddities (fiao, biang). 412 syllables,
// one row per line of the table, separated by a space.
constexpr std::string_view kSyllableRows[] = {
    // no initial (y- and w- spellings included)
    "a o e ai ei ao ou an en ang eng er",
    "yi ya yo ye yao you yan yin yang ying yong",
    "wu wa wo wai wei wan wen wang weng",
    "yu yue yuan yun",
    // b p m f
    "ba bo bai bei bao ban ben bang beng",
    "bi bie biao bian bin bing bu",
    "pa po pai pei pao pou pan pen pang peng",
    "pi pie piao pian pin ping pu",
    "ma mo me mai mei mao mou man men mang meng",
    "mi mie miao miu mian min ming mu",
    "fa fo fei fou fan fen fang feng fu",
    // d t n l
    "da de dai dei dao dou dan den dang deng dong",
    "di dia die diao diu dian ding du duo dui duan dun",
    "ta te tai tei tao tou tan tang teng tong",
    "ti tie tiao tian ting tu tuo tui tuan tun",
    "na ne nai nei nao nou nan nen nang neng nong",
    "ni nie niao niu nian nin niang ning",
    "nu nuo nuan nun nv nve",
    "la lo le lai lei lao lou lan lang leng long",
    "li lia lie liao liu lian lin liang ling",
    "lu luo luan lun lv lve",
    // g k h
    "ga ge gai gei gao gou gan gen gang geng gong",
    "gu gua guo guai gui guan gun guang",
    "ka ke kai kei kao kou kan ken kang keng kong",
    "ku kua kuo kuai kui kuan kun kuang",
    "ha he hai hei hao hou han hen hang heng hong",
    "hu hua huo huai hui huan hun huang",
    // j q x
    "ji jia jie jiao jiu jian jin jiang jing jiong",
    "ju jue juan jun",
    "qi qia qie qiao qiu qian qin qiang qing qiong",
    "qu que quan qun",
    "xi xia xie xiao xiu xian xin xiang xing xiong",
    "xu xue xuan xun",
    // zh ch sh r
    "zha zhe zhi zhai zhei zhao zhou zhan zhen zhang zheng",
    "zhong zhu zhua zhuo zhuai zhui zhuan zhun zhuang",
    "cha che chi chai chao chou chan chen chang cheng",
    "chong chu chua chuo chuai chui chuan chun chuang",
    "sha she shi shai shei shao shou shan shen shang sheng",
    "shu shua shuo shuai shui shuan shun shuang",
    "re ri rao rou ran ren rang reng rong",
    "ru rua ruo rui ruan run",
    // z c s
    "za ze zi zai zei zao zou zan zen zang zeng zong",
    "zu zuo zui zuan zun",
    "ca ce ci cai cao cou can cen cang ceng cong",
    "cu cuo cui cuan cun",
    "sa se si sai sao sou san sen sang seng song",
    "su suo sui suan sun",
};

// Other spellings of the ü syllables, folded to the table's: "lue"/"nue" (ü after l and n is
// written with its dots in the standard, but keyboards drop them) and GB/T 28039-2011's "yu"
// for ü where ü cannot be typed (passports write 吕 "LYU").
struct Spelling {
  std::string_view typed;
  std::string_view syllable;
};
constexpr Spelling kAlternativeSpellings[] = {
    {"lue", "lve"}, {"nue", "nve"}, {"lyu", "lv"}, {"lyue", "lve"}, {"nyu", "nv"}, {"nyue", "nve"},
};
constexpr std::size_t kSyllableCount = 412;
constexpr std::size_t kLongestSpelling = 6;  // zhuang, chuang, shuang

// Typed spelling -> syllable as the index writes it.
const std::unordered_map<std::string_view, std::string_view>& Spellings() {
  static const std::unordered_map<std::string_view, std::string_view> kMap = [] {
    std::unordered_map<std::string_view, std::string_view> map;
    for (std::string_view row : kSyllableRows) {
      while (!row.empty()) {
        const std::size_t space = std::min(row.find(' '), row.size());
        const std::string_view syllable = row.substr(0, space);
        map.emplace(syllable, syllable);
        row.remove_prefix(std::min(space + 1, row.size()));
      }
    }
    assert(map.size() == kSyllableCount);  // no syllable twice
    for (const auto& s : kAlternativeSpellings) map.emplace(s.typed, s.syllable);
    return map;
  }();
  return kMap;
}

// Appends the toneless lower-case letter of one Latin pinyin letter: a-z as they are, A-Z
// lower-cased, vowels with a tone mark (or ê, or a syllabic m/n with one) without it, ü with or
// without a tone mark as 'v'. False for any other code point.
bool AppendPinyinLetter(char32_t cp, std::string& out) {
  if (cp >= 'a' && cp <= 'z') {
    out += static_cast<char>(cp);
    return true;
  }
  if (cp >= 'A' && cp <= 'Z') {
    out += static_cast<char>(cp - 'A' + 'a');
    return true;
  }
  struct Marked {
    char32_t cp;
    char letter;
  };
  static constexpr Marked kMarked[] = {
      {U'ā', 'a'}, {U'á', 'a'}, {U'ǎ', 'a'}, {U'à', 'a'}, {U'Ā', 'a'}, {U'Á', 'a'}, {U'Ǎ', 'a'},
      {U'À', 'a'}, {U'ē', 'e'}, {U'é', 'e'}, {U'ě', 'e'}, {U'è', 'e'}, {U'Ē', 'e'}, {U'É', 'e'},
      {U'Ě', 'e'}, {U'È', 'e'}, {U'ê', 'e'}, {U'Ê', 'e'}, {U'ế', 'e'}, {U'ề', 'e'}, {U'ī', 'i'},
      {U'í', 'i'}, {U'ǐ', 'i'}, {U'ì', 'i'}, {U'Ī', 'i'}, {U'Í', 'i'}, {U'Ǐ', 'i'}, {U'Ì', 'i'},
      {U'ō', 'o'}, {U'ó', 'o'}, {U'ǒ', 'o'}, {U'ò', 'o'}, {U'Ō', 'o'}, {U'Ó', 'o'}, {U'Ǒ', 'o'},
      {U'Ò', 'o'}, {U'ū', 'u'}, {U'ú', 'u'}, {U'ǔ', 'u'}, {U'ù', 'u'}, {U'Ū', 'u'}, {U'Ú', 'u'},
      {U'Ǔ', 'u'}, {U'Ù', 'u'}, {U'ü', 'v'}, {U'ǖ', 'v'}, {U'ǘ', 'v'}, {U'ǚ', 'v'}, {U'ǜ', 'v'},
      {U'Ü', 'v'}, {U'Ǖ', 'v'}, {U'Ǘ', 'v'}, {U'Ǚ', 'v'}, {U'Ǜ', 'v'}, {U'ḿ', 'm'}, {U'ń', 'n'},
      {U'ň', 'n'}, {U'ǹ', 'n'},
  };
  for (const auto& m : kMarked) {
    if (m.cp == cp) {
      out += m.letter;
      return true;
    }
  }
  return false;
}

constexpr char32_t kCombiningDiaeresis = U'\u0308';
// Combining tone marks: grave, acute, macron, caron (and the circumflex of ê).
bool IsCombiningToneMark(char32_t cp) {
  return cp == U'\u0300' || cp == U'\u0301' || cp == U'\u0302' || cp == U'\u0304' ||
         cp == U'\u030C';
}

// Pinyin letters of `text` (decomposed marks applied); other code points dropped.
std::string PinyinLetters(std::string_view text) {
  std::string out;
  for (char32_t cp : DecodeUtf8(text)) {
    if (cp == kCombiningDiaeresis && !out.empty() && out.back() == 'u') {
      out.back() = 'v';
    } else {
      AppendPinyinLetter(cp, out);
    }
  }
  return out;
}

// Splits one run of letters wholly into syllables and appends them as the index writes them.
// When several splits exist the longest syllable is taken first ("lue" is lüe, not lu + e, as
// the orthography writes lu'e for the latter; "xianyu" is xian + yu). False if none exists.
bool AppendSyllables(std::string_view run, std::string& out) {
  const auto& spellings = Spellings();
  // reaches_end[i]: run[i..] splits wholly into syllables.
  std::vector<char> reaches_end(run.size() + 1, 0);
  reaches_end[run.size()] = 1;
  for (std::size_t i = run.size(); i-- > 0;) {
    for (std::size_t len = 1; len <= kLongestSpelling && i + len <= run.size(); ++len) {
      if (reaches_end[i + len] && spellings.contains(run.substr(i, len))) {
        reaches_end[i] = 1;
        break;
      }
    }
  }
  if (!reaches_end[0]) return false;
  for (std::size_t i = 0; i < run.size();) {
    for (std::size_t len = std::min(kLongestSpelling, run.size() - i); len > 0; --len) {
      if (!reaches_end[i + len]) continue;
      auto it = spellings.find(run.substr(i, len));
      if (it == spellings.end()) continue;
      out += it->second;
      i += len;
      break;
    }
  }
  return true;
}

bool IsCompoundSurname(std::string_view reading_han) {
  return reading_han.size() > 3;  // two Han characters in UTF-8
}

std::string ToUtf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

class Converter {
 public:
  Status Init() {
    if (ready_) return Status::Ok();
    UErrorCode error = U_ZERO_ERROR;
    simplify_.reset(
        icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, error));
    if (U_FAILURE(error) || !simplify_) {
      return Status::Internal(std::string("ICU transliterator Traditional-Simplified: ") +
                              u_errorName(error) + "; install the full ICU data (libicu)");
    }
    // Han-Latin alone, tone marks kept: PinyinLetters folds them, and ü to 'v' (Latin-ASCII
    // would make ǚ a 'u').
    error = U_ZERO_ERROR;
    pinyin_.reset(icu::Transliterator::createInstance("Han-Latin", UTRANS_FORWARD, error));
    if (U_FAILURE(error) || !pinyin_) {
      return Status::Internal(std::string("ICU transliterator Han-Latin: ") + u_errorName(error) +
                              "; install the full ICU data (libicu)");
    }
    error = U_ZERO_ERROR;
    latin_.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Any-Lower",
                                                     UTRANS_FORWARD, error));
    if (U_FAILURE(error) || !latin_) {
      return Status::Internal(std::string("ICU transliterator Latin-ASCII: ") + u_errorName(error) +
                              "; install the full ICU data (libicu)");
    }
    ready_ = true;
    return Status::Ok();
  }

  const std::string& Simplified(char32_t cp) {
    auto it = simplified_.find(cp);
    if (it != simplified_.end()) return it->second;
    icu::UnicodeString text(static_cast<UChar32>(cp));
    simplify_->transliterate(text);
    return simplified_.emplace(cp, ToUtf8(text)).first->second;
  }

  const std::string& Pinyin(char32_t cp) {
    auto it = pinyin_cache_.find(cp);
    if (it != pinyin_cache_.end()) return it->second;
    icu::UnicodeString text(static_cast<UChar32>(cp));
    pinyin_->transliterate(text);
    // drops spaces and anything that is not a pinyin letter
    return pinyin_cache_.emplace(cp, PinyinLetters(ToUtf8(text))).first->second;
  }

  std::string LatinAscii(std::string_view text) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    latin_->transliterate(u);
    return ToUtf8(u);
  }

 private:
  bool ready_ = false;
  std::unique_ptr<icu::Transliterator> simplify_;
  std::unique_ptr<icu::Transliterator> pinyin_;
  std::unique_ptr<icu::Transliterator> latin_;
  std::unordered_map<char32_t, std::string> simplified_;
  std::unordered_map<char32_t, std::string> pinyin_cache_;
};

std::mutex& ConverterMutex() {
  static std::mutex mutex;
  return mutex;
}
Converter& SharedConverter() {
  static Converter converter;
  return converter;
}

std::string SimplifiedLocked(Converter& conv, std::string_view text) {
  std::string out;
  for (char32_t cp : DecodeUtf8(text)) {
    if (IsHan(cp)) {
      out += conv.Simplified(cp);
    } else {
      AppendUtf8(cp, out);
    }
  }
  return out;
}

std::vector<std::string> PinyinLocked(Converter& conv, std::string_view han) {
  std::u32string cps;
  for (char32_t cp : DecodeUtf8(han)) {
    if (IsHan(cp)) cps.push_back(cp);
  }
  if (cps.empty()) return {};
  std::string surname;
  std::size_t given_from = 1;
  bool found = false;
  for (const auto& reading : kSurnameReadings) {
    if (han.starts_with(reading.han)) {
      if (IsCompoundSurname(reading.han) && cps.size() < 3) continue;  // 欧阳 alone is a name
      surname = std::string(reading.pinyin);
      given_from = IsCompoundSurname(reading.han) ? 2 : 1;
      found = true;
      break;
    }
  }
  if (!found) surname = conv.Pinyin(cps[0]);
  std::string given;
  for (std::size_t i = given_from; i < cps.size(); ++i) given += conv.Pinyin(cps[i]);
  std::vector<std::string> tokens{surname};
  if (!given.empty()) tokens.push_back(given);
  return tokens;
}

// The words of a Latin name, cut where its tokens are cut: at ASCII characters other than
// letters, digits and the apostrophe (O'Neil, Xi'an). Other code points stay inside a word.
std::vector<std::string_view> LatinWords(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool cut = i == text.size() || [c = static_cast<unsigned char>(text[i])] {
      return c < 0x80 && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
             !(c >= '0' && c <= '9') && c != '\'';
    }();
    if (!cut) continue;
    if (i > start) words.push_back(text.substr(start, i - start));
    start = i + 1;
  }
  return words;
}

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Appends the lower-case ASCII tokens of Latin-ASCII-folded text.
void AppendLatinTokens(std::string_view folded, std::vector<std::string>& tokens) {
  std::string token;
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      token += c;
    } else if (c >= 'A' && c <= 'Z') {
      token += static_cast<char>(c - 'A' + 'a');
    } else if (c == '\'') {
      continue;  // O'Neil -> oneil
    } else if (!token.empty()) {
      tokens.push_back(std::move(token));
      token.clear();
    }
  }
  if (!token.empty()) tokens.push_back(std::move(token));
}

void Finish(NameKey& key) {
  std::vector<std::string> sorted = key.tokens;
  std::sort(sorted.begin(), sorted.end());
  for (const auto& t : sorted) {
    if (!key.sorted_key.empty()) key.sorted_key += ' ';
    key.sorted_key += t;
    if (!t.empty()) key.initials += t[0];
  }
  for (const auto& t : key.tokens) key.joined += t;
}

}  // namespace

Result<std::string> ToSimplified(std::string_view text) {
  std::lock_guard lock(ConverterMutex());
  Converter& conv = SharedConverter();
  HUICAI_RETURN_IF_ERROR(conv.Init());
  return SimplifiedLocked(conv, text);
}

Result<std::vector<std::string>> NamePinyin(std::string_view simplified_han) {
  std::lock_guard lock(ConverterMutex());
  Converter& conv = SharedConverter();
  HUICAI_RETURN_IF_ERROR(conv.Init());
  return PinyinLocked(conv, simplified_han);
}

Result<NameKey> AnalyseName(std::string_view name) {
  NameKey key;
  const std::string text = FullWidthToHalfWidth(Trim(name));
  if (text.empty()) return key;
  bool has_han = false;
  for (char32_t cp : DecodeUtf8(text)) {
    if (IsHan(cp)) has_han = true;
  }
  std::lock_guard lock(ConverterMutex());
  Converter& conv = SharedConverter();
  HUICAI_RETURN_IF_ERROR(conv.Init());
  if (has_han) {
    for (char32_t cp : DecodeUtf8(SimplifiedLocked(conv, text))) {
      if (IsHan(cp)) AppendUtf8(cp, key.han);
    }
    key.tokens = PinyinLocked(conv, key.han);
  } else {
    key.latin = true;
    for (std::string_view word : LatinWords(text)) {
      // A pinyin word folds as typed pinyin does, so "Lǚ" and "Lyu" meet 吕's "lv".
      if (auto pinyin = FoldPinyin(word)) {
        key.tokens.push_back(std::move(*pinyin));
      } else {
        AppendLatinTokens(IsAscii(word) ? std::string(word) : conv.LatinAscii(word), key.tokens);
      }
    }
  }
  Finish(key);
  return key;
}

std::optional<std::string> FoldPinyin(std::string_view text) {
  const std::string half = FullWidthToHalfWidth(text);
  std::vector<std::string> runs(1);  // runs of letters between separators and tone digits
  bool after_letter = false;         // the last code point was a letter or a mark on one
  for (char32_t cp : DecodeUtf8(half)) {
    std::string& run = runs.back();
    if (AppendPinyinLetter(cp, run)) {
      after_letter = true;
    } else if (cp == kCombiningDiaeresis || cp == U':') {  // lü decomposed, CC-CEDICT's "lu:"
      if (!after_letter || run.back() != 'u') return std::nullopt;
      run.back() = 'v';
    } else if (IsCombiningToneMark(cp)) {
      if (!after_letter) return std::nullopt;
    } else if (cp >= U'1' && cp <= U'5') {  // a tone digit ends its syllable
      if (!after_letter) return std::nullopt;
      runs.emplace_back();
      after_letter = false;
    } else if (cp == U' ' || cp == U'\t' || cp == U'\'' || cp == U'\u2019' || cp == U'\u2018' ||
               cp == U'-') {
      if (!run.empty()) runs.emplace_back();
      after_letter = false;
    } else {
      return std::nullopt;  // Han, digits, punctuation, letters pinyin never uses
    }
  }
  std::string folded;
  for (const std::string& run : runs) {
    if (!run.empty() && !AppendSyllables(run, folded)) return std::nullopt;
  }
  if (folded.empty()) return std::nullopt;
  return folded;
}

}  // namespace huicai
