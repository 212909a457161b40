#pragma once
// core: personal names and pinyin, one place for matcher/ (linkage) and search/ (name search).
// Chinese and Latin names reduced to comparable keys with ICU, hidden here: traditional ->
// simplified ("Traditional-Simplified"), Han -> toneless pinyin ("Han-Latin", one character at a
// time, with a table for polyphonic surnames), Latin names lower-cased with accents removed; and
// typed pinyin folded to the same form (FoldPinyin, plain code). No I/O.
// ü is written "v" on both sides (吕 -> "lv", "lǚ" / "lü" / "lv" -> "lv"): ICU's Latin-ASCII
// would give "u" and make 吕 (lǚ) and 卢 (lú), 女 (nǚ) and 努 (nǔ) one name.
// Thread-safety: every function may be called from any number of threads; one process-wide
// converter holds the ICU transliterators and a per-character cache behind a mutex.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace huicai {

// A name after analysis. For a Chinese name, `han` is the simplified Han text and `tokens`
// is {surname pinyin, given-name pinyin} as in official romanisation ("王小明" ->
// {"wang", "xiaoming"}, "尉迟恭" -> {"yuchi", "gong"}). For a Latin name `han` is empty and
// `tokens` are its words, lower-case ASCII, accents removed ("José  GARCÍA" ->
// {"jose", "garcia"}); a word that is pinyin is folded as FoldPinyin does ("Lǚ" -> "lv").
// Empty name: everything empty.
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
// ...), ü as "v" (吕 -> "lv"). Returns {surname, given} ("张伟" -> {"zhang", "wei"}); input must
// be simplified Han. The index side of name search: FoldPinyin of what a user types gives
// these tokens concatenated.
[[nodiscard]] Result<std::vector<std::string>> NamePinyin(std::string_view simplified_han);

// The query side of name search: what a user typed as a name in pinyin ("Zhang Wei",
// "zhāng wěi", "zhang1 wei3", "xi'an", "lü", full-width letters) as toneless lower-case ASCII
// letters without separators ("zhangwei"), ü as "v" ("lǚ xīn" -> "lvxin"; "lue"/"nue" and
// GB/T 28039's "lyu"/"nyu" are the ü syllables too: "lve", "lv"). Separators: spaces, hyphens,
// apostrophes; tone digits 1-5 end a syllable. nullopt unless every separated part splits
// wholly into standard Hanyu Pinyin syllables ("smith", "john", "张伟", "" -> nullopt).
[[nodiscard]] std::optional<std::string> FoldPinyin(std::string_view text);

}  // namespace huicai
