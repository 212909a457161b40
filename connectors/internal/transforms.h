#pragma once
// connectors internal: the value transforms a mapping file names ("trim", "date:cn", ...).
// Thread-safety: pure functions.
#include <map>
#include <string>
#include <string_view>

namespace huicai::connectors::internal {

using CodeTables = std::map<std::string, std::map<std::string, std::string>>;

// True when `name` is a transform this folder knows ("code:<table>" needs the table to exist
// in `tables`).
bool IsKnownTransform(std::string_view name, const CodeTables& tables);

// Outcome of one transform: the new value, or a reason code ("bad_date", "bad_code") and a
// message for a person.
struct TransformResult {
  std::string value;
  std::string reason_code;  // empty when the transform succeeded
  std::string message;
};

// Applies transform `name` to `value` (already trimmed). `name` must be known.
TransformResult ApplyTransform(std::string_view name, std::string_view value,
                               const CodeTables& tables);

}  // namespace huicai::connectors::internal
