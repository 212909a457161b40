// hub: search synonyms (see synonyms.h).
#include "hub/synonyms.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "core/config_dir.h"

namespace huicai::hub {
namespace {

std::string Group(const std::vector<std::string>& words) {
  std::string out = "(";
  for (size_t i = 0; i < words.size(); ++i) out += (i ? " OR " : "") + words[i];
  return out + ")";
}

bool IsOperator(const std::string& word) {
  return word == "AND" || word == "OR" || word == "NOT" || word == "XOR";
}

}  // namespace

Result<SynonymTable> SynonymTable::Load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return Status::NotFound("synonyms: cannot open " + file.string());
  SynonymTable table;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (const size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    std::vector<std::string> group;
    for (std::string w; words >> w;) group.push_back(w);
    if (group.empty()) continue;
    if (group.size() == 1) {
      return Status::DataError("synonyms " + file.string() + " line " + std::to_string(number) +
                               ": a group needs two words or more");
    }
    table.groups_.push_back(std::move(group));
  }
  return table;
}

const SynonymTable& SynonymTable::Default() {
  static const SynonymTable table = [] {
    auto loaded = Load(ConfigDir() / "synonyms.txt");
    if (loaded.has_value()) return std::move(loaded).value();
    // No file: no synonyms. A broken one: said loudly, searches go on without synonyms.
    if (loaded.error().code() != StatusCode::kNotFound) {
      spdlog::error("{}; searches run without synonyms until the file is fixed",
                    loaded.error().message());
    }
    return SynonymTable();
  }();
  return table;
}

std::string SynonymTable::Expand(std::string_view text) const {
  if (groups_.empty()) return std::string(text);
  std::string out;
  bool quoted = false;
  std::istringstream words{std::string(text)};
  for (std::string word; words >> word;) {
    std::string expanded = word;
    const bool skip = quoted || word.find('"') != std::string::npos ||
                      word.find(':') != std::string::npos || word.find('(') != std::string::npos ||
                      word.find(')') != std::string::npos || IsOperator(word);
    if (word.find('"') != std::string::npos) {
      for (char c : word) quoted ^= c == '"';
    }
    if (!skip) {
      for (const auto& group : groups_) {
        bool done = false;
        for (const std::string& member : group) {
          if (word == member) {
            expanded = Group(group);
            done = true;
            break;
          }
          // A longer Chinese word holding the member: split around it.
          const size_t at = word.find(member);
          if (at != std::string::npos && static_cast<unsigned char>(member[0]) >= 0x80) {
            const std::string before = word.substr(0, at);
            const std::string after = word.substr(at + member.size());
            expanded = (before.empty() ? "" : before + " ") + Group(group) +
                       (after.empty() ? "" : " " + after);
            done = true;
            break;
          }
        }
        if (done) break;
      }
    }
    out += (out.empty() ? "" : " ") + expanded;
  }
  return out;
}

}  // namespace huicai::hub
