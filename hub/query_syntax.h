#pragma once
// hub: the field prefixes a planner may type into a search box, in Chinese or English:
// 地区:/region: (a name or code at any level), 等级:/tier: (A-D), 学科:/discipline: (GB/T 13745
// prefix), 类型:/kind: (talent/人才/专家, need/需求, project/项目, activity/活动, station/驿站,
// base/基地, policy/政策).
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
  // "talent", "need", "project", "activity", "station", "base", "policy", or "" when not given
  std::string kind;
};

// Splits `text` into its prefixed fields and the rest. A word with an unknown prefix stays
// text ("http://..." too). InvalidArgument: a prefix with no value, a tier not A-D, a field that
// is not digits, an unknown kind, or the same field twice with different values (each message
// says which word).
[[nodiscard]] Result<QueryFields> ParseQueryFields(std::string_view text);

// A filter typed into the text (地区:临沂) fills the request's `slot` when that is empty.
// InvalidArgument: both given and different (the message names `what`, e.g. "the region").
[[nodiscard]] Status TakeTypedField(std::string& slot, const std::string& typed,
                                    std::string_view what);

}  // namespace huicai::hub
