#pragma once
// matcher internal: splits free text into the terms the TF-IDF text similarity counts.
// Thread-safety: pure functions.
#include <string>
#include <string_view>
#include <vector>

namespace huicai::matcher::internal {

// Terms of `text` (UTF-8), repeats kept so callers can count term frequency:
// - each run of Han characters gives its overlapping character bigrams ("果树病" -> 果树, 树病);
//   a run of one Han character gives that character;
// - each run of ASCII letters and digits gives one lower-cased word ("GIS" -> "gis");
// - everything else (spaces, punctuation, other scripts) separates runs.
// Malformed UTF-8 bytes are treated as separators.
std::vector<std::string> TextTerms(std::string_view text);

}  // namespace huicai::matcher::internal
