#pragma once
// core: Chinese word segmentation with ICU's dictionary-based word break (locale zh), the
// alternative to character n-grams that search/ can index with (docs/search.md compares the
// two on the judged set). No I/O.
// Thread-safety: any number of threads; each keeps its own ICU break iterator.
#include <string>
#include <string_view>

namespace huicai {

// `text` with every word that holds a Han character set apart by single spaces
// ("每年到基层服务多少天" -> "每年 到 基层 服务 多少 天"); other text is kept as it is, so
// Latin words, digits and punctuation pass through. If ICU's break iterator is unavailable the
// text comes back unchanged.
std::string SegmentChineseWords(std::string_view text);

}  // namespace huicai
