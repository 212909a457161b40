// matcher internal: name analysis with ICU transliterators, cached per character.
#include "matcher/internal/pinyin.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/text.h"

namespace huicai::matcher::internal {
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
    error = U_ZERO_ERROR;
    pinyin_.reset(icu::Transliterator::createInstance("Han-Latin; Latin-ASCII; Any-Lower",
                                                      UTRANS_FORWARD, error));
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
    std::string reading;
    for (char c : ToUtf8(text)) {
      if (c >= 'a' && c <= 'z') reading += c;  // drops spaces and leftover marks
    }
    return pinyin_cache_.emplace(cp, reading).first->second;
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
  bool ascii = true;
  for (char32_t cp : DecodeUtf8(text)) {
    if (IsHan(cp)) has_han = true;
    if (cp >= 0x80) ascii = false;
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
    std::string folded = ascii ? text : conv.LatinAscii(text);
    std::string token;
    for (char c : folded) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        token += c;
      } else if (c >= 'A' && c <= 'Z') {
        token += static_cast<char>(c - 'A' + 'a');
      } else if (c == '\'') {
        continue;  // O'Neil -> oneil
      } else if (!token.empty()) {
        key.tokens.push_back(std::move(token));
        token.clear();
      }
    }
    if (!token.empty()) key.tokens.push_back(std::move(token));
  }
  Finish(key);
  return key;
}

}  // namespace huicai::matcher::internal
