#pragma once
// hub: search synonyms (config/synonyms.txt): groups of words planners use for the same thing
// (大棚 ⇄ 设施农业 ⇄ 温室). A query word of a group searches for any word of it.
// Thread-safety: a loaded table is immutable; Default() is loaded once, thread-safe.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace huicai::hub {

class SynonymTable {
 public:
  SynonymTable() = default;
  // One group per line, words separated by spaces, '#' comments. NotFound: no such file.
  // DataError: a line with one word only ("line N: a group needs two words or more").
  [[nodiscard]] static Result<SynonymTable> Load(const std::filesystem::path& file);
  // ConfigDir()/synonyms.txt, loaded once; an empty table when the file is missing, and when
  // it is malformed after logging an error that names the line.
  static const SynonymTable& Default();

  // The query text with each word of a group replaced by "(w1 OR w2 ...)"; a Chinese word
  // holding a group's word ("大棚蔬菜") is split around it ("(大棚 OR 设施农业 OR 温室) 蔬菜").
  // Quoted phrases, operators and words with a field prefix (地区:) are left alone.
  std::string Expand(std::string_view text) const;

  size_t size() const { return groups_.size(); }

 private:
  std::vector<std::vector<std::string>> groups_;
};

}  // namespace huicai::hub
