#pragma once
// matcher internal: Chinese and Latin personal names reduced to comparable keys with ICU:
// traditional -> simplified ("Traditional-Simplified"), Han -> toneless pinyin ("Han-Latin;
// Latin-ASCII", one character at a time, with a table for polyphonic surnames), Latin names
// lower-cased with accents removed.
// Thread-safety: every function may be called from any number of threads; one process-wide
// converter holds the ICU transliterators and a per-character cache behind a mutex.
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace huicai::matcher::internal {

// A name after analysis. For a Chinese name, `han` is the simplified Han text and `tokens`
// is {surname pinyin, given-name pinyin} as in official romanisation ("王小明" ->
// {"wang", "xiaoming"}, "尉迟恭" -> {"yuchi", "gong"}). For a Latin name `han` is empty and
// `tokens` are its words, lower-case ASCII, accents removed ("José  GARCÍA" ->
// {"jose", "garcia"}). Empty name: everything empty.
struct NameKey {
  std::string han;
  std::vector<std::string> tokens;  // in the written order
  std::string sorted_key;           // tokens sorted, joined by ' ': order-free comparison
  std::string joined;               // tokens in written order, no separator: for Jaro-Winkler
  std::string initials;             // first letter of each sorted token: "wx"
  bool latin = false;               // written in Latin letters
  bool empty() const { return tokens.empty(); }
};

// Analyses one name (UTF-8). Internal: ICU transliterators could not be created (the message
// names the transliterator and the ICU error; the ICU data library is missing or too old).
[[nodiscard]] Result<NameKey> AnalyseName(std::string_view name);

// Simplified form of Han text (陳 -> 陈); other characters unchanged.
[[nodiscard]] Result<std::string> ToSimplified(std::string_view text);

// Toneless lower-case pinyin of a Chinese name, surname reading from the polyphonic-surname
// table (单 shan, 曾 zeng, 解 xie, 仇 qiu, 区 ou, 查 zha, 朴 piao, 乐 yue, 缪 miao, 尉迟 yuchi
// ...). Returns {surname, given}; input must be simplified Han.
[[nodiscard]] Result<std::vector<std::string>> NamePinyin(std::string_view simplified_han);

}  // namespace huicai::matcher::internal
