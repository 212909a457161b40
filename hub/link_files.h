#pragma once
// hub: `huicai link --left SRC --right SRC --mapping FILE --out pairs.csv`: links the records of
// two CSV files described by a TOML mapping (docs/linkage.md "Linking any two sources") with
// matcher's field linkage, writes the pairs and, when the mapping names a truth, scores them.
// Thread-safety: LinkFiles is re-entrant; it reads the three input files and writes `out`.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace huicai::hub {

struct LinkFilesOptions {
  std::filesystem::path left;     // CSV with a header line (RFC 4180; FEBRL's ", " accepted)
  std::filesystem::path right;    // CSV with a header line
  std::filesystem::path mapping;  // TOML: key, fields, blocking, thresholds, truth
  std::filesystem::path out;      // written: left_key,right_key,weight,probability,decision
  unsigned threads = 2;           // comparison threads; 1: the calling thread only
};

// Pairwise quality against the mapping's truth; reviews count as not linked.
struct LinkQuality {
  std::size_t true_pairs = 0;  // left-right pairs whose truth values agree
  std::size_t true_links = 0;  // links among them
  double precision = 0, recall = 0, f1 = 0;
};

struct LinkLevelReport {
  std::string level;  // "exact", "jaro_winkler>=0.92", ...
  double m = 0, u = 0;
  double weight = 0;  // log2(m / u)
};
struct LinkFieldReport {
  std::string field;
  std::vector<LinkLevelReport> levels;  // best first
};

struct LinkFilesReport {
  std::size_t left_records = 0, right_records = 0;
  std::size_t candidate_pairs = 0;
  std::size_t links = 0, reviews = 0;  // rows written to `out` by decision
  std::vector<LinkFieldReport> model;  // the fitted (or default) m and u per field and level
  double prior = 0;                    // P(a random left-right pair is one entity), from the fit
  bool fitted = false;                 // false: too few candidate pairs, the defaults were used
  std::vector<std::string> skipped_blocks;  // "rule: N records"
  std::optional<LinkQuality> quality;       // when the mapping has a truth
  double seconds = 0;                       // reading, linking and writing
};

// Links options.left to options.right under options.mapping and writes options.out (replaced).
// Errors:
//   NotFound: an input file does not exist (the message names it);
//   InvalidArgument: the mapping does not parse (file:line:column), has an unknown or badly
//     typed key (named, with what is allowed), an unknown comparator, date format or blocking
//     transform, a bad truth pattern; or a CSV lacks a column the mapping names (the message
//     names the file and the column);
//   DataError: a CSV is malformed (file:line, e.g. a row with more cells than the header);
//   Unavailable: reading an input or writing `out` failed (safe to retry);
//   Internal: the ICU transliterators are missing.
[[nodiscard]] Result<LinkFilesReport> LinkFiles(const LinkFilesOptions& options);

}  // namespace huicai::hub
