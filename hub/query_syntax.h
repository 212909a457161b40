#pragma once
// hub: the field prefixes a planner may type into a search box, in Chinese or English:
// 地区:/region: (a name or code at any level), 等级:/tier: (A-D), 学科:/discipline: (GB/T 13745
// prefix), 类型:/kind: (talent/人才/专家, need/需求, project/项目, activity/活动, policy/政策).
// Full-width colons count too.
// Thread-safety: pure function.
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/types.h"

namespace huicai::hub {

struct QueryFields {
  std::string text;    // what is left for free-text search
  std::string region;  // as typed: "临沂", "3713"; resolved by Hub::Search
  std::optional<TalentTier> tier;
  std::string discipline;  // digits
  std::string kind;  // "talent", "need", "project", "activity", "policy", or "" when not given
};

// Splits `text` into its prefixed fields and the rest. A word with an unknown prefix stays
// text ("http://..." too). InvalidArgument: a prefix with no value, a tier not A-D, a field that
// is not digits, an unknown kind, or the same field twice with different values (each message
// says which word).
[[nodiscard]] Result<QueryFields> ParseQueryFields(std::string_view text);

}  // namespace huicai::hub
