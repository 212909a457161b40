#pragma once
// hub/internal: the deterministic random source of the synthetic data generator.
// Built on std::mt19937_64 (whose output sequence the standard fixes) with our own
// distributions, so a seed gives the same data with every standard library.
// Thread-safety: an Rng is used by one thread at a time.
#include <cstdint>
#include <random>
#include <span>
#include <string_view>

namespace huicai::hub::internal {

// SplitMix64 finaliser: mixes a and b into one well-spread 64-bit value.
std::uint64_t Mix(std::uint64_t a, std::uint64_t b);

// FNV-1a of text, for seeding from names ("registry", an employer's name).
std::uint64_t HashText(std::string_view text);

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  std::uint64_t Next() { return engine_(); }
  // Uniform in [0, n); n > 0 (asserted). Lemire's multiply-shift with rejection.
  std::uint64_t Below(std::uint64_t n);
  // Uniform in [lo, hi], lo <= hi.
  int Between(int lo, int hi);
  // Uniform in [0, 1) with 53 bits.
  double Unit();
  bool Chance(double p) { return Unit() < p; }
  // Index drawn with probability weights[i] / sum; weights non-negative, sum > 0.
  size_t Weighted(std::span<const int> weights);
  // Uniform index into a container of size n > 0.
  size_t Index(size_t n) { return static_cast<size_t>(Below(n)); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace huicai::hub::internal
