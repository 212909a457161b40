#include "connectors/internal/names.h"

namespace huicai::connectors::internal {

bool IsIdentifier(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  if (name.front() >= '0' && name.front() <= '9') return false;
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string QuoteIdentifier(std::string_view name) { return std::string(name); }

std::string JoinKey(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.push_back('|');
    for (char c : parts[i]) {
      if (c == '\\' || c == '|') out.push_back('\\');
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::string> SplitKey(std::string_view key) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c == '\\' && i + 1 < key.size()) {
      parts.back().push_back(key[++i]);
    } else if (c == '|') {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  return parts;
}

}  // namespace huicai::connectors::internal
