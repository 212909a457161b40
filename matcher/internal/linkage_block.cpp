// matcher internal: blocking by hashed keys.
#include "matcher/internal/linkage_block.h"

#include <algorithm>
#include <unordered_map>

namespace huicai::matcher::internal {

std::string BlockKey(const PreparedRecord& r, const BlockingRule& rule) {
  std::string key;
  for (BlockingKey part : rule.keys) {
    std::string value;
    switch (part) {
      case BlockingKey::kBirthDate:
        if (r.birth) value = FormatDate(*r.birth);
        break;
      case BlockingKey::kBirthYear:
        if (r.birth) value = std::to_string(r.birth->year);
        break;
      case BlockingKey::kNameInitials:
        value = r.name.initials;
        break;
      case BlockingKey::kNamePinyin:
        value = r.name.sorted_key;
        break;
      case BlockingKey::kSurnamePinyin:
        if (!r.name.tokens.empty()) value = r.name.tokens.front();
        break;
      case BlockingKey::kRegionCounty:
        value = r.region;
        break;
      case BlockingKey::kRegionCity:
        if (!r.region.empty()) value = r.region.substr(0, 4);
        break;
      case BlockingKey::kRegionProvince:
        if (!r.region.empty()) value = r.region.substr(0, 2);
        break;
      case BlockingKey::kGender:
        if (r.gender != 0) value = std::to_string(r.gender);
        break;
      case BlockingKey::kDeterministicKey:
        value = r.det_key;
        break;
    }
    if (value.empty()) return {};
    key += value;
    key += '\x1f';
  }
  return key;
}

Candidates CandidatePairs(std::span<const PreparedRecord> records,
                          std::span<const BlockingRule> rules, std::size_t max_block_size) {
  Candidates out;
  std::vector<std::string> keys(records.size());
  for (const BlockingRule& rule : rules) {
    for (std::size_t i = 0; i < records.size(); ++i) keys[i] = BlockKey(records[i], rule);
    AddBlockPairs(keys, rule.name, max_block_size, 0, out);
  }
  FinishCandidates(out);
  return out;
}

void AddBlockPairs(std::span<const std::string> keys, std::string_view rule_name,
                   std::size_t max_block_size, std::size_t split, Candidates& out) {
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> blocks;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!keys[i].empty()) blocks[keys[i]].push_back(static_cast<std::uint32_t>(i));
  }
  for (const auto& [key, members] : blocks) {
    if (members.size() > max_block_size) {
      out.skipped_blocks.push_back(std::string(rule_name) + ": " + std::to_string(members.size()) +
                                   " records");
      continue;
    }
    for (std::size_t a = 0; a < members.size(); ++a) {
      // members ascend: with a split, the left ones come first.
      if (split != 0 && members[a] >= split) break;
      for (std::size_t b = a + 1; b < members.size(); ++b) {
        if (split != 0 && members[b] < split) continue;
        out.pairs.emplace_back(members[a], members[b]);
      }
    }
  }
}

void FinishCandidates(Candidates& out) {
  std::sort(out.pairs.begin(), out.pairs.end());
  out.pairs.erase(std::unique(out.pairs.begin(), out.pairs.end()), out.pairs.end());
  std::sort(out.skipped_blocks.begin(), out.skipped_blocks.end());
}

}  // namespace huicai::matcher::internal
