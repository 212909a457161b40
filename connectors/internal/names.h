#pragma once
// connectors internal: identifier checks for SQL text and the '|'-joined source key.
// Thread-safety: pure functions.
#include <string>
#include <string_view>
#include <vector>

namespace huicai::connectors::internal {

// Letters, digits and underscores, not starting with a digit, at most 64 bytes: the only
// names this folder ever puts into SQL text.
bool IsIdentifier(std::string_view name);

// "name" in double quotes; `name` must pass IsIdentifier.
std::string QuoteIdentifier(std::string_view name);

// Joins key values with '|', escaping '\' and '|' inside a value with a backslash.
std::string JoinKey(const std::vector<std::string>& parts);

// Inverse of JoinKey. A trailing lone backslash is kept literally.
std::vector<std::string> SplitKey(std::string_view key);

}  // namespace huicai::connectors::internal
