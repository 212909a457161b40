#pragma once
// matcher internal: candidate pairs from blocking rules.
// Thread-safety: pure function.
#include <cstdint>
#include <span>
#include <string>
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

}  // namespace huicai::matcher::internal
