#include "hub/internal/synth_random.h"

#include <cassert>

namespace huicai::hub::internal {

std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t z = a * 0x9E3779B97F4A7C15ULL + b + 0x632BE59BD9B4E019ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t HashText(std::string_view text) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

std::uint64_t Rng::Below(std::uint64_t n) {
  assert(n > 0);
  unsigned __int128 m = static_cast<unsigned __int128>(Next()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(Next()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

int Rng::Between(int lo, int hi) {
  assert(lo <= hi);
  const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(hi) - lo + 1);
  return static_cast<int>(lo + static_cast<std::int64_t>(Below(span)));
}

double Rng::Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

size_t Rng::Weighted(std::span<const int> weights) {
  std::uint64_t total = 0;
  for (int w : weights) total += static_cast<std::uint64_t>(w);
  assert(total > 0);
  std::uint64_t pick = Below(total);
  for (size_t i = 0; i < weights.size(); ++i) {
    const auto w = static_cast<std::uint64_t>(weights[i]);
    if (pick < w) return i;
    pick -= w;
  }
  return weights.size() - 1;
}

}  // namespace huicai::hub::internal
