#pragma once
// Test and bench support: FEBRL-like synthetic records (Christen 2008's generator's columns:
// rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state,
// date_of_birth, soc_sec_id). A left source of originals ("rec-N-org") and a right source of
// corrupted duplicates ("rec-N-dup-0": typos, swapped given name and surname, day/month swaps,
// missing values, one-digit postcode and SSN changes) plus right records with no original.
// Deterministic for a seed. No Boost: the bench uses it too.
#include <cstddef>
#include <string>
#include <vector>

namespace huicai::testing {

struct FebrlLikeOptions {
  std::size_t originals = 2000;   // left records
  std::size_t duplicates = 1500;  // right records that duplicate a distinct original
  std::size_t unmatched = 500;    // right records of people not in the left source
  int max_corruptions = 3;        // each duplicate gets 1..max_corruptions damaged fields
  unsigned seed = 7;
};

struct FebrlLikeData {
  std::vector<std::string> columns;  // the eleven FEBRL columns
  std::vector<std::vector<std::string>> left, right;
  std::size_t true_pairs = 0;  // == duplicates
};

FebrlLikeData GenerateFebrlLike(const FebrlLikeOptions& options);

// The rows as FEBRL writes them: header and cells separated by ", " (cells quoted when needed).
std::string FebrlCsv(const std::vector<std::string>& columns,
                     const std::vector<std::vector<std::string>>& rows);

}  // namespace huicai::testing
