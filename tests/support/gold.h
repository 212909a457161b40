#pragma once
// Test support: the gold truth file `huicai gen partners` writes beside the partner databases
// (docs/data-formats.md): one line per distinct partner row and what the hub must do with it.
#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"

namespace huicai::testing {

struct GoldLine {
  std::string partner, source_key, expected, reason;  // expected: "load" or "quarantine"
  std::string person;  // the talent the row is about; empty in files written before it existed
};

// NotFound: no such file. DataError: a line with fewer than three cells, or no lines at all.
Result<std::vector<GoldLine>> ReadGold(const std::filesystem::path& file);

}  // namespace huicai::testing
