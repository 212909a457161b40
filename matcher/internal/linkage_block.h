#pragma once
// matcher internal: candidate pairs from blocking rules.
// Thread-safety: pure function.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "matcher/internal/linkage_compare.h"
#include "matcher/linkage.h"

namespace huicai::matcher::internal {

// The blocking key of `record` under `rule`, or "" when the record lacks one of its keys.
std::string BlockKey(const PreparedRecord& record, const BlockingRule& rule);

struct Candidates {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;  // i < j, sorted, unique
  std::vector<std::string> skipped_blocks;                     // "rule: N records"
};

// Every pair of records sharing a block key under at least one rule. Blocks larger than
// max_block_size are skipped and reported (without the key, which may hold personal data).
Candidates CandidatePairs(std::span<const PreparedRecord> records,
                          std::span<const BlockingRule> rules, std::size_t max_block_size);

// Adds the pairs of records sharing a key in `keys` (one per record, "" = no key) to `out`.
// split == 0: every pair i < j; otherwise only pairs with i < split <= j (two sources laid out
// left then right). A block with more than max_block_size records is skipped and reported as
// "rule_name: N records". Call FinishCandidates after the last rule.
void AddBlockPairs(std::span<const std::string> keys, std::string_view rule_name,
                   std::size_t max_block_size, std::size_t split, Candidates& out);

// Sorts and de-duplicates the pairs and the skipped-block list.
void FinishCandidates(Candidates& out);

}  // namespace huicai::matcher::internal
