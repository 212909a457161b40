// matcher internal: EM over compressed comparison-vector patterns, with Eigen arrays.
#include "matcher/internal/linkage_em.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "matcher/internal/linkage_block.h"

namespace huicai::matcher::internal {
namespace {

constexpr double kFloor = 1e-6;

double Clamp(double p) { return std::clamp(p, kFloor, 1.0 - kFloor); }

// SplitMix64 (Steele, Lea, Flood 2014): a counter-based generator, so each thread draws its own
// pairs and the sample does not depend on the number of threads.
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// A flat comparison vector and its rule mask as a byte string (the key of a pattern).
std::string PackPattern(const std::int8_t* levels, std::size_t fields, std::uint32_t mask) {
  std::string key(fields + sizeof mask, '\0');
  for (std::size_t f = 0; f < fields; ++f) key[f] = static_cast<char>(levels[f]);
  for (std::size_t b = 0; b < sizeof mask; ++b) {
    key[fields + b] = static_cast<char>((mask >> (8 * b)) & 0xFFu);
  }
  return key;
}

struct Pattern {
  const std::int8_t* levels = nullptr;  // field_count levels inside the caller's array
  std::uint32_t mask = 0;
  double count = 0;
};

std::vector<Pattern> CountPatterns(std::span<const std::int8_t> levels, std::size_t fields,
                                   std::span<const std::uint32_t> masks) {
  // Up to 8 fields: the vector (4 bits a field) and the mask fit one integer key, which hashes
  // much faster than a byte string over millions of pairs.
  const bool packed = fields <= 8;
  std::unordered_map<std::uint64_t, std::size_t> packed_index;
  std::unordered_map<std::string, std::size_t> index;
  std::vector<Pattern> patterns;
  const std::size_t pairs = fields == 0 ? 0 : levels.size() / fields;
  for (std::size_t k = 0; k < pairs; ++k) {
    const std::uint32_t mask = k < masks.size() ? masks[k] : 0;
    const std::int8_t* row = levels.data() + k * fields;
    std::size_t slot = 0;
    bool inserted = false;
    if (packed) {
      std::uint64_t key = mask;
      for (std::size_t f = 0; f < fields; ++f) {
        key = (key << 4) | static_cast<std::uint64_t>(row[f] + 1);
      }
      auto [it, fresh] = packed_index.emplace(key, patterns.size());
      slot = it->second;
      inserted = fresh;
    } else {
      auto [it, fresh] = index.emplace(PackPattern(row, fields, mask), patterns.size());
      slot = it->second;
      inserted = fresh;
    }
    if (inserted) patterns.push_back({row, mask, 0});
    patterns[slot].count += 1;
  }
  return patterns;
}

// log(m-side / u-side) of a pattern over the fields in `use`.
double LogRatio(const std::int8_t* levels, const ModelParameters& model,
                const std::vector<char>& use) {
  double r = 0;
  for (std::size_t f = 0; f < use.size(); ++f) {
    if (!use[f] || levels[f] == kMissing) continue;
    const auto& lp = model.fields[f].levels[static_cast<std::size_t>(levels[f])];
    r += std::log(lp.m) - std::log(lp.u);
  }
  return r;
}

std::vector<std::int8_t> Flatten(std::span<const Levels> levels) {
  std::vector<std::int8_t> flat;
  flat.reserve(levels.size() * kLinkFieldCount);
  for (const Levels& l : levels) flat.insert(flat.end(), l.begin(), l.end());
  return flat;
}

double Posterior(double log_ratio, double p) {
  const double log_odds = log_ratio + std::log(p) - std::log1p(-p);
  return log_odds < -700 ? 0.0 : 1.0 / (1.0 + std::exp(-log_odds));
}

}  // namespace

void FitEm(std::span<const Levels> pairs, int max_iterations, ModelParameters& model) {
  // Distinct patterns and their counts: the EM then costs O(patterns), not O(pairs).
  std::map<Levels, double> counted;
  for (const Levels& l : pairs) counted[l] += 1.0;
  const Eigen::Index n = static_cast<Eigen::Index>(counted.size());
  std::vector<Levels> patterns;
  Eigen::ArrayXd counts(n);
  patterns.reserve(counted.size());
  for (const auto& [levels, count] : counted) {
    counts(static_cast<Eigen::Index>(patterns.size())) = count;
    patterns.push_back(levels);
  }
  double p = Clamp(model.match_proportion > 0 ? model.match_proportion : 0.1);
  Eigen::ArrayXd g(n);
  int iteration = 0;
  bool converged = false;
  for (; iteration < max_iterations && !converged; ++iteration) {
    // E-step: posterior probability that each pattern is a match (in log space).
    for (Eigen::Index k = 0; k < n; ++k) {
      double log_m = std::log(p), log_u = std::log(1.0 - p);
      for (std::size_t f = 0; f < kLinkFieldCount; ++f) {
        const int level = patterns[static_cast<std::size_t>(k)][f];
        if (level == kMissing) continue;
        const auto& lp = model.fields[f].levels[static_cast<std::size_t>(level)];
        log_m += std::log(lp.m);
        log_u += std::log(lp.u);
      }
      const double diff = log_u - log_m;
      g(k) = diff > 700 ? 0.0 : 1.0 / (1.0 + std::exp(diff));
    }
    // M-step: expected level frequencies among matches and non-matches.
    const Eigen::ArrayXd wm = counts * g;
    const Eigen::ArrayXd wu = counts * (1.0 - g);
    double change = 0;
    const double new_p = Clamp(wm.sum() / counts.sum());
    change = std::max(change, std::abs(new_p - p));
    p = new_p;
    for (std::size_t f = 0; f < kLinkFieldCount; ++f) {
      auto& levels = model.fields[f].levels;
      Eigen::ArrayXd sum_m = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(levels.size()));
      Eigen::ArrayXd sum_u = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(levels.size()));
      for (Eigen::Index k = 0; k < n; ++k) {
        const int level = patterns[static_cast<std::size_t>(k)][f];
        if (level == kMissing) continue;
        sum_m(level) += wm(k);
        sum_u(level) += wu(k);
      }
      const double total_m = sum_m.sum(), total_u = sum_u.sum();
      if (total_m <= 0 || total_u <= 0) continue;  // field never observed: keep the start
      for (std::size_t l = 0; l < levels.size(); ++l) {
        const Eigen::Index li = static_cast<Eigen::Index>(l);
        const double m = Clamp(sum_m(li) / total_m);
        const double u = Clamp(sum_u(li) / total_u);
        change = std::max({change, std::abs(m - levels[l].m), std::abs(u - levels[l].u)});
        levels[l].m = m;
        levels[l].u = u;
      }
    }
    converged = change < 1e-7;
  }
  model.match_proportion = p;
  model.iterations = iteration;
  model.converged = converged;
}

std::size_t EstimateU(std::span<const PreparedRecord> records, std::size_t max_pairs,
                      unsigned threads, ModelParameters& model) {
  return EstimateUFlat(
      records.size(), 0, max_pairs, threads,
      [records](std::size_t i, std::size_t j, std::int8_t* out) {
        const Levels levels = Compare(records[i], records[j]);
        std::copy(levels.begin(), levels.end(), out);
      },
      model);
}

std::size_t EstimateUFlat(std::size_t n_left, std::size_t n_right, std::size_t max_pairs,
                          unsigned threads, const PairComparer& compare, ModelParameters& model) {
  const bool within = n_right == 0;
  const std::size_t fields = model.fields.size();
  if ((within && n_left < 2) || n_left == 0 || max_pairs == 0) return 0;
  const double all = within ? static_cast<double>(n_left) * static_cast<double>(n_left - 1) / 2.0
                            : static_cast<double>(n_left) * static_cast<double>(n_right);
  // counts[f * kMaxLevels + level]
  std::vector<double> counts(fields * kMaxLevels, 0.0);
  auto count = [fields](const std::int8_t* levels, std::vector<double>& into) {
    for (std::size_t f = 0; f < fields; ++f) {
      if (levels[f] != kMissing) into[f * kMaxLevels + static_cast<std::size_t>(levels[f])] += 1;
    }
  };
  std::size_t compared = 0;
  std::vector<std::int8_t> row(fields);
  if (all <= static_cast<double>(max_pairs)) {
    for (std::size_t i = 0; i < n_left; ++i) {
      for (std::size_t j = within ? i + 1 : 0; j < (within ? n_left : n_right); ++j) {
        compare(i, j, row.data());
        count(row.data(), counts);
      }
    }
    compared = static_cast<std::size_t>(all);
  } else {
    const unsigned parts = std::max(1u, threads);
    std::vector<std::vector<double>> partial(parts, std::vector<double>(counts.size(), 0.0));
    ParallelFor(max_pairs, parts, [&](std::size_t begin, std::size_t end, unsigned part) {
      std::vector<std::int8_t> levels(fields);
      for (std::size_t k = begin; k < end; ++k) {
        const std::uint64_t r = Mix(k);
        std::size_t i = 0, j = 0;
        if (within) {
          i = static_cast<std::size_t>((r >> 32) % n_left);
          j = static_cast<std::size_t>((r & 0xFFFFFFFFull) % (n_left - 1));
          if (j >= i) ++j;  // a pair of two distinct records, uniformly
        } else {
          i = static_cast<std::size_t>((r >> 32) % n_left);
          j = static_cast<std::size_t>((r & 0xFFFFFFFFull) % n_right);
        }
        compare(i, j, levels.data());
        count(levels.data(), partial[part]);
      }
    });
    for (const auto& p : partial) {
      for (std::size_t c = 0; c < counts.size(); ++c) counts[c] += p[c];
    }
    compared = max_pairs;
  }
  for (std::size_t f = 0; f < fields; ++f) {
    auto& levels = model.fields[f].levels;
    double observed = 0;
    for (std::size_t l = 0; l < levels.size(); ++l) observed += counts[f * kMaxLevels + l];
    if (observed <= 0) continue;
    const double denominator = observed + 0.5 * static_cast<double>(levels.size());
    for (std::size_t l = 0; l < levels.size(); ++l) {
      levels[l].u = Clamp((counts[f * kMaxLevels + l] + 0.5) / denominator);
    }
  }
  return compared;
}

std::array<bool, kLinkFieldCount> BlockedFields(const BlockingRule& rule) {
  std::array<bool, kLinkFieldCount> blocked{};
  for (BlockingKey key : rule.keys) {
    switch (key) {
      case BlockingKey::kBirthDate:
      case BlockingKey::kBirthYear:
        blocked[kFieldBirthDate] = true;
        break;
      case BlockingKey::kNameInitials:
      case BlockingKey::kNamePinyin:
      case BlockingKey::kSurnamePinyin:
        blocked[kFieldName] = true;
        break;
      case BlockingKey::kRegionCounty:
      case BlockingKey::kRegionCity:
      case BlockingKey::kRegionProvince:
        blocked[kFieldRegion] = true;
        break;
      case BlockingKey::kGender:
        blocked[kFieldGender] = true;
        break;
      case BlockingKey::kDeterministicKey:
        blocked[kFieldId] = blocked[kFieldPassport] = true;
        break;
    }
  }
  return blocked;
}

std::vector<std::uint32_t> RuleMasks(std::span<const PreparedRecord> records,
                                     std::span<const std::pair<std::uint32_t, std::uint32_t>> pairs,
                                     std::span<const BlockingRule> rules) {
  const std::size_t tracked = std::min<std::size_t>(rules.size(), 32);
  std::vector<std::uint64_t> hashes(records.size() * tracked, 0);  // 0: no key
  for (std::size_t i = 0; i < records.size(); ++i) {
    for (std::size_t r = 0; r < tracked; ++r) {
      const std::string key = BlockKey(records[i], rules[r]);
      if (!key.empty()) hashes[i * tracked + r] = std::hash<std::string>{}(key) | 1u;
    }
  }
  return MasksFromKeyHashes(hashes, tracked, pairs);
}

std::vector<std::uint32_t> MasksFromKeyHashes(
    std::span<const std::uint64_t> hashes, std::size_t tracked,
    std::span<const std::pair<std::uint32_t, std::uint32_t>> pairs) {
  std::vector<std::uint32_t> masks(pairs.size(), 0);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const std::uint64_t* a = &hashes[pairs[k].first * tracked];
    const std::uint64_t* b = &hashes[pairs[k].second * tracked];
    std::uint32_t mask = 0;
    for (std::size_t r = 0; r < tracked; ++r) {
      if (a[r] != 0 && a[r] == b[r]) mask |= 1u << r;
    }
    masks[k] = mask;
  }
  return masks;
}

MFit FitMWithFixedU(std::span<const Levels> levels, std::span<const std::uint32_t> masks,
                    std::span<const BlockingRule> rules, int max_iterations,
                    std::size_t min_rule_pairs, double total_pairs, ModelParameters& model) {
  const std::vector<std::int8_t> flat = Flatten(levels);
  std::vector<std::vector<bool>> blocked;
  blocked.reserve(rules.size());
  for (const auto& rule : rules) {
    const auto fixed = BlockedFields(rule);
    blocked.emplace_back(fixed.begin(), fixed.end());
  }
  return FitMWithFixedUFlat(flat, kLinkFieldCount, masks, blocked, max_iterations, min_rule_pairs,
                            total_pairs, model);
}

MFit FitMWithFixedUFlat(std::span<const std::int8_t> levels, std::size_t field_count,
                        std::span<const std::uint32_t> masks,
                        std::span<const std::vector<bool>> blocked, int max_iterations,
                        std::size_t min_rule_pairs, double total_pairs, ModelParameters& model) {
  MFit fit;
  const std::vector<Pattern> patterns = CountPatterns(levels, field_count, masks);
  const std::size_t tracked = std::min<std::size_t>(blocked.size(), 32);
  // Expected match counts per field and level, summed over the rules that leave the field free.
  std::vector<std::vector<double>> matched(field_count);
  for (std::size_t f = 0; f < field_count; ++f) {
    matched[f].assign(model.fields[f].levels.size(), 0.0);
  }
  double most_matches = 0;
  bool all_converged = true;
  for (std::size_t r = 0; r < tracked; ++r) {
    std::vector<const Pattern*> mine;
    double pairs = 0;
    for (const auto& p : patterns) {
      if ((p.mask >> r) & 1u) {
        mine.push_back(&p);
        pairs += p.count;
      }
    }
    if (pairs < static_cast<double>(std::max<std::size_t>(min_rule_pairs, 1))) continue;
    std::vector<char> free(field_count, 1);  // char, not bool: read in the EM's inner loop
    for (std::size_t f = 0; f < field_count && f < blocked[r].size(); ++f)
      free[f] = blocked[r][f] ? 0 : 1;
    ModelParameters local = model;
    double p = 0.1;
    Eigen::ArrayXd g(static_cast<Eigen::Index>(mine.size()));
    int iteration = 0;
    bool converged = false;
    for (; iteration < max_iterations && !converged; ++iteration) {
      for (std::size_t k = 0; k < mine.size(); ++k) {
        g(static_cast<Eigen::Index>(k)) = Posterior(LogRatio(mine[k]->levels, local, free), p);
      }
      double expected = 0;
      for (std::size_t k = 0; k < mine.size(); ++k) {
        expected += mine[k]->count * g(static_cast<Eigen::Index>(k));
      }
      const double new_p = Clamp(expected / pairs);
      double change = std::abs(new_p - p);
      p = new_p;
      for (std::size_t f = 0; f < field_count; ++f) {
        if (!free[f]) continue;
        auto& lv = local.fields[f].levels;
        std::vector<double> sum(lv.size(), 0.0);
        double total = 0;
        for (std::size_t k = 0; k < mine.size(); ++k) {
          const int level = mine[k]->levels[f];
          if (level == kMissing) continue;
          const double w = mine[k]->count * g(static_cast<Eigen::Index>(k));
          sum[static_cast<std::size_t>(level)] += w;
          total += w;
        }
        if (total <= 0) continue;
        for (std::size_t l = 0; l < lv.size(); ++l) {
          const double m = Clamp(sum[l] / total);
          change = std::max(change, std::abs(m - lv[l].m));
          lv[l].m = m;
        }
      }
      converged = change < 1e-7;
    }
    fit.iterations = std::max(fit.iterations, iteration);
    all_converged = all_converged && converged;
    // The rule's final expected match counts per free field and level.
    double rule_matches = 0;
    for (std::size_t k = 0; k < mine.size(); ++k) {
      const double w = mine[k]->count * Posterior(LogRatio(mine[k]->levels, local, free), p);
      rule_matches += w;
      for (std::size_t f = 0; f < field_count; ++f) {
        const int level = mine[k]->levels[f];
        if (free[f] && level != kMissing) matched[f][static_cast<std::size_t>(level)] += w;
      }
    }
    most_matches = std::max(most_matches, rule_matches);
  }
  for (std::size_t f = 0; f < field_count; ++f) {
    double total = 0;
    for (double w : matched[f]) total += w;
    if (total <= 0) continue;  // free in no rule, or never observed: keep the start
    for (std::size_t l = 0; l < matched[f].size(); ++l) {
      model.fields[f].levels[l].m = Clamp(matched[f][l] / total);
    }
  }
  // The prior: fixed point of expected matches among the candidates over all pairs (pairs
  // outside the blocks are taken as non-matches).
  const std::vector<char> every(field_count, 1);
  double candidates = 0;
  std::vector<double> ratio(patterns.size());
  for (std::size_t k = 0; k < patterns.size(); ++k) {
    ratio[k] = LogRatio(patterns[k].levels, model, every);
    candidates += patterns[k].count;
  }
  total_pairs = std::max(total_pairs, std::max(candidates, 1.0));
  double prior = std::clamp(std::max(most_matches, 1.0) / total_pairs, 1e-15, 0.5);
  double expected = 0;
  for (int step = 0; step < 100; ++step) {
    expected = 0;
    for (std::size_t k = 0; k < patterns.size(); ++k) {
      expected += patterns[k].count * Posterior(ratio[k], prior);
    }
    const double next = std::clamp(expected / total_pairs, 1e-15, 0.5);
    const bool done = std::abs(std::log(next) - std::log(prior)) < 1e-9;
    prior = next;
    if (done) break;
  }
  model.prior = prior;
  model.match_proportion = candidates > 0 ? expected / candidates : 0;
  model.iterations = std::max(fit.iterations, 1);
  model.converged = all_converged;
  fit.converged = all_converged;
  fit.expected_matches = expected;
  return fit;
}

}  // namespace huicai::matcher::internal
