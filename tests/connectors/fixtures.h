#pragma once
// Helpers shared by the connectors tests: a temporary folder and valid GB 11643 numbers.
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "core/status.h"

// Status codes are compared in tests; Boost prints them as their number.
BOOST_TEST_DONT_PRINT_LOG_VALUE(huicai::StatusCode)

namespace huicai::connectors::testing {

// A fresh folder under the system temp dir, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("huicai_connectors_" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string Connection(const std::string& db) const {
    return "DRIVER=SQLite3;Database=" + (path_ / db).string();
  }

 private:
  std::filesystem::path path_;
};

// 17 digits + the ISO 7064 MOD 11-2 check character.
inline std::string WithCheckChar(const std::string& first17) {
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[static_cast<size_t>(i)] - '0') * kWeights[i];
  return first17 + "10X98765432"[sum % 11];
}

// A check character that is wrong for `first17`.
inline std::string WithWrongCheckChar(const std::string& first17) {
  std::string good = WithCheckChar(first17);
  good.back() = good.back() == '0' ? '1' : '0';
  return good;
}

// 17 characters + the GB 32100 check character.
inline std::string WithCreditCheck(const std::string& first17) {
  static const std::string kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  int sum = 0;
  int weight = 1;
  for (char c : first17) {
    sum += static_cast<int>(kChars.find(c)) * weight;
    weight = weight * 3 % 31;
  }
  return first17 + kChars[static_cast<size_t>((31 - sum % 31) % 31)];
}

// Digits + the Luhn check digit.
inline std::string WithLuhn(const std::string& digits) {
  int sum = 0;
  bool twice = true;  // the digit left of the check digit is doubled
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return digits + static_cast<char>('0' + (10 - sum % 10) % 10);
}

}  // namespace huicai::connectors::testing
