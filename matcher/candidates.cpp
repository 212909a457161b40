#include "matcher/candidates.h"

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <algorithm>
#include <atomic>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

#include "matcher/internal/tfidf.h"

namespace huicai::matcher {
namespace {

using internal::SparseRows;
using SparseCols = Eigen::SparseMatrix<double, Eigen::ColMajor>;

// Needs scored per product are capped so the dense experts x needs result stays ~32 MB.
constexpr Eigen::Index kMaxDenseEntries = Eigen::Index{1} << 22;
constexpr unsigned kMaxThreads = 2;

struct Hit {
  double cosine = 0;
  std::size_t expert = 0;
};

bool Better(const Hit& a, const Hit& b) {
  return a.cosine > b.cosine || (a.cosine == b.cosine && a.expert < b.expert);
}

// Experts sharing one first-level discipline and region prefix, and the needs asking for it.
struct Block {
  std::vector<std::size_t> experts;  // ascending
  std::vector<std::size_t> needs;    // ascending
};

// Distinct 3-character first-level codes of `codes`; shorter codes are skipped.
std::vector<std::string_view> FirstLevels(const std::vector<std::string>& codes) {
  std::vector<std::string_view> out;
  for (const std::string& code : codes) {
    if (code.size() < 3) continue;
    const std::string_view first = std::string_view(code).substr(0, 3);
    if (std::find(out.begin(), out.end(), first) == out.end()) out.push_back(first);
  }
  return out;
}

// "discipline|region prefix", or "" when the region code is too short to have the prefix.
std::string BlockKey(std::string_view first_level, const std::string& region, int digits) {
  const auto n = static_cast<std::size_t>(digits);
  if (region.size() < n) return {};
  std::string key(first_level);
  key += '|';
  key.append(region, 0, n);
  return key;
}

// Copies the given rows of `rows` into a new row-major matrix, in the order given.
SparseRows GatherRows(const SparseRows& rows, const std::vector<std::size_t>& which) {
  Eigen::Index nnz = 0;
  for (std::size_t r : which) nnz += rows.row(static_cast<Eigen::Index>(r)).nonZeros();
  SparseRows out(static_cast<Eigen::Index>(which.size()), rows.cols());
  out.reserve(nnz);
  for (std::size_t k = 0; k < which.size(); ++k) {
    const auto row = static_cast<Eigen::Index>(k);
    out.startVec(row);
    for (SparseRows::InnerIterator it(rows, static_cast<Eigen::Index>(which[k])); it; ++it) {
      out.insertBack(row, it.col()) = it.value();
    }
  }
  out.finalize();
  return out;
}

// Need rows [begin, end) of `which` as the columns of a (terms x needs) matrix.
SparseCols GatherColumns(const SparseRows& rows, const std::vector<std::size_t>& which,
                         std::size_t begin, std::size_t end) {
  Eigen::Index nnz = 0;
  for (std::size_t k = begin; k < end; ++k) {
    nnz += rows.row(static_cast<Eigen::Index>(which[k])).nonZeros();
  }
  SparseCols out(rows.cols(), static_cast<Eigen::Index>(end - begin));
  out.reserve(nnz);
  for (std::size_t k = begin; k < end; ++k) {
    const auto col = static_cast<Eigen::Index>(k - begin);
    out.startVec(col);
    for (SparseRows::InnerIterator it(rows, static_cast<Eigen::Index>(which[k])); it; ++it) {
      out.insertBack(it.col(), col) = it.value();
    }
  }
  out.finalize();
  return out;
}

// The best `k` hits of `hits`, best first.
void KeepBest(std::vector<Hit>& hits, std::size_t k) {
  if (hits.size() > k) {
    std::nth_element(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(k), hits.end(),
                     Better);
    hits.resize(k);
  }
  std::sort(hits.begin(), hits.end(), Better);
}

struct Shared {
  const std::vector<Block>* blocks = nullptr;
  const SparseRows* expert_rows = nullptr;
  const SparseRows* need_rows = nullptr;
  const std::vector<int>* blocks_of_need = nullptr;
  std::size_t per_need = 0;
  std::vector<CandidateSet>* out = nullptr;
};

// Hits of needs that sit in several blocks, merged after all blocks are done.
using PendingHits = std::vector<std::pair<std::size_t, std::vector<Hit>>>;

void ScoreBlock(const Shared& s, const Block& block, PendingHits& pending) {
  const SparseCols experts = GatherRows(*s.expert_rows, block.experts);
  const auto m = static_cast<Eigen::Index>(block.experts.size());
  const auto chunk = static_cast<std::size_t>(std::max<Eigen::Index>(1, kMaxDenseEntries / m));
  std::vector<Hit> hits;
  Eigen::MatrixXd cosines;
  for (std::size_t begin = 0; begin < block.needs.size(); begin += chunk) {
    const std::size_t end = std::min(block.needs.size(), begin + chunk);
    const SparseCols needs = GatherColumns(*s.need_rows, block.needs, begin, end);
    cosines = experts * needs;  // (experts x terms) * (terms x needs): one sparse product
    for (std::size_t k = begin; k < end; ++k) {
      const std::size_t need = block.needs[k];
      const auto col = static_cast<Eigen::Index>(k - begin);
      hits.resize(block.experts.size());
      for (Eigen::Index i = 0; i < m; ++i) {
        hits[static_cast<std::size_t>(i)] = {cosines(i, col),
                                             block.experts[static_cast<std::size_t>(i)]};
      }
      KeepBest(hits, s.per_need);
      if ((*s.blocks_of_need)[need] == 1) {
        std::vector<std::size_t>& chosen = (*s.out)[need].expert_indices;
        chosen.reserve(hits.size());
        for (const Hit& hit : hits) chosen.push_back(hit.expert);
      } else {
        pending.emplace_back(need, hits);
      }
    }
  }
}

}  // namespace

Result<std::vector<CandidateSet>> SelectCandidates(std::span<const Need> needs,
                                                   std::span<const Talent> experts,
                                                   const CandidateOptions& options) {
  if (options.per_need == 0) {
    return Status::InvalidArgument(
        "candidates per need is 0; set [match] candidates to at least 1 (default 100)");
  }
  const int digits = options.region_digits;
  if (digits != 0 && digits != 2 && digits != 4 && digits != 6) {
    return Status::InvalidArgument("region_digits is " + std::to_string(digits) +
                                   "; use 0 (any region), 2 (province), 4 (city) or 6 (county)");
  }

  // Region levels tried, narrowest first: only region_digits, or (widen) the county, then the
  // city, ... up to region_digits.
  std::vector<int> levels;
  if (options.widen) {
    for (int level : {6, 4, 2, 0}) {
      if (level >= digits) levels.push_back(level);
    }
  } else {
    levels.push_back(digits);
  }

  // Blocks from the experts, at every level; keys of different levels differ in length.
  std::unordered_map<std::string, std::size_t> block_of_key;
  std::vector<Block> blocks;
  for (std::size_t e = 0; e < experts.size(); ++e) {
    for (std::string_view first : FirstLevels(experts[e].disciplines)) {
      for (int level : levels) {
        std::string key = BlockKey(first, experts[e].region_code, level);
        if (key.empty()) continue;
        auto [it, inserted] = block_of_key.try_emplace(std::move(key), blocks.size());
        if (inserted) blocks.emplace_back();
        blocks[it->second].experts.push_back(e);
      }
    }
  }
  // Each need joins its field's blocks at the narrowest level holding per_need experts (or
  // the widest level when none does).
  std::vector<int> blocks_of_need(needs.size(), 0);
  std::vector<std::size_t> joined;
  for (std::size_t n = 0; n < needs.size(); ++n) {
    for (std::size_t l = 0; l < levels.size(); ++l) {
      joined.clear();
      std::size_t pool = 0;
      for (std::string_view first : FirstLevels(needs[n].disciplines)) {
        const std::string key = BlockKey(first, needs[n].region_code, levels[l]);
        if (key.empty()) continue;
        auto it = block_of_key.find(key);
        if (it == block_of_key.end()) continue;
        joined.push_back(it->second);
        pool += blocks[it->second].experts.size();
      }
      if (pool >= options.per_need || l + 1 == levels.size()) break;
    }
    for (std::size_t b : joined) {
      blocks[b].needs.push_back(n);
      ++blocks_of_need[n];
    }
  }

  // TF-IDF rows exactly as ScorePairs builds them: IDF over every expert.
  internal::Vocabulary vocab;
  internal::TermRows expert_terms;
  expert_terms.Reserve(experts.size(), experts.size() * 16);
  for (const Talent& t : experts) expert_terms.AddText(internal::ExpertText(t), vocab);
  internal::TermRows need_terms;
  need_terms.Reserve(needs.size(), needs.size() * 32);
  for (std::size_t n = 0; n < needs.size(); ++n) {
    // Needs outside every block get an empty row: they are never scored.
    need_terms.AddText(blocks_of_need[n] > 0 ? internal::NeedText(needs[n]) : std::string(), vocab);
  }
  std::vector<double> df;
  expert_terms.AddDocumentFrequencies(df, static_cast<std::size_t>(vocab.size()));
  const std::vector<double> idf = internal::IdfFromDf(df, experts.size());
  const SparseRows expert_rows = expert_terms.TakeTfIdf(idf, vocab.size());
  const SparseRows need_rows = need_terms.TakeTfIdf(idf, vocab.size());

  std::vector<CandidateSet> out(needs.size());
  for (std::size_t n = 0; n < needs.size(); ++n) out[n].need_index = n;

  const Shared shared{&blocks, &expert_rows, &need_rows, &blocks_of_need, options.per_need, &out};
  std::vector<std::size_t> work;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    if (!blocks[b].needs.empty()) work.push_back(b);
  }
  // Biggest blocks first so two threads finish together.
  std::sort(work.begin(), work.end(), [&](std::size_t a, std::size_t b) {
    const auto cost = [&](std::size_t i) {
      return blocks[i].experts.size() * blocks[i].needs.size();
    };
    return cost(a) != cost(b) ? cost(a) > cost(b) : a < b;
  });
  const unsigned threads = std::max(
      1u, std::min({kMaxThreads, std::thread::hardware_concurrency(),
                    static_cast<unsigned>(std::min<std::size_t>(work.size(), kMaxThreads))}));
  std::vector<PendingHits> pending(threads);
  std::atomic<std::size_t> next{0};
  auto worker = [&](unsigned t) {
    for (std::size_t i = next++; i < work.size(); i = next++) {
      ScoreBlock(shared, blocks[work[i]], pending[t]);
    }
  };
  if (threads == 1) {
    worker(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, t);
    worker(0);
    for (std::thread& thread : pool) thread.join();
  }

  // Needs in several blocks: union of their blocks' best, re-cut to per_need.
  std::unordered_map<std::size_t, std::vector<Hit>> merged;
  for (PendingHits& list : pending) {
    for (auto& [need, hits] : list) {
      std::vector<Hit>& all = merged[need];
      all.insert(all.end(), hits.begin(), hits.end());
    }
  }
  for (auto& [need, hits] : merged) {
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
      return a.expert != b.expert ? a.expert < b.expert : a.cosine > b.cosine;
    });
    hits.erase(std::unique(hits.begin(), hits.end(),
                           [](const Hit& a, const Hit& b) { return a.expert == b.expert; }),
               hits.end());
    KeepBest(hits, options.per_need);
    std::vector<std::size_t>& chosen = out[need].expert_indices;
    chosen.reserve(hits.size());
    for (const Hit& hit : hits) chosen.push_back(hit.expert);
  }
  return out;
}

}  // namespace huicai::matcher
