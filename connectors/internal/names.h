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

// The name as it goes into SQL text; `name` must pass IsIdentifier. Deliberately unquoted:
// SQLite reads a double-quoted name that matches no column as a string literal, which would
// hide a mapping error. So names must not be SQL reserved words (docs/partners.md).
std::string QuoteIdentifier(std::string_view name);

// Joins key values with '|', escaping '\' and '|' inside a value with a backslash.
std::string JoinKey(const std::vector<std::string>& parts);

// Inverse of JoinKey. A trailing lone backslash is kept literally.
std::vector<std::string> SplitKey(std::string_view key);

}  // namespace huicai::connectors::internal
