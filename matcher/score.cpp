#include "matcher/score.h"

#include <Eigen/SparseCore>
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "matcher/internal/text_terms.h"

namespace huicai::matcher {
namespace {

using SparseRows = Eigen::SparseMatrix<double, Eigen::RowMajor>;
using SparseCol = Eigen::SparseMatrix<double, Eigen::ColMajor>;

constexpr std::size_t kMaxSharedTermsShown = 5;

// Term -> column, shared by experts and needs so their vectors live in one space.
class Vocabulary {
 public:
  Eigen::Index Column(const std::string& term) {
    auto [it, inserted] = columns_.try_emplace(term, static_cast<Eigen::Index>(terms_.size()));
    if (inserted) terms_.push_back(term);
    return it->second;
  }
  const std::string& Term(Eigen::Index column) const {
    return terms_[static_cast<std::size_t>(column)];
  }
  Eigen::Index size() const { return static_cast<Eigen::Index>(terms_.size()); }

 private:
  std::unordered_map<std::string, Eigen::Index> columns_;
  std::vector<std::string> terms_;
};

// Term frequencies of one text as (column, count), columns ascending.
std::vector<std::pair<Eigen::Index, double>> TermCounts(std::string_view text, Vocabulary& vocab) {
  std::unordered_map<Eigen::Index, double> counts;
  for (const std::string& term : internal::TextTerms(text)) counts[vocab.Column(term)] += 1.0;
  std::vector<std::pair<Eigen::Index, double>> out(counts.begin(), counts.end());
  std::sort(out.begin(), out.end());
  return out;
}

std::string ExpertText(const Talent& t) { return t.specialties + " " + t.title; }
std::string NeedText(const Need& n) { return n.title + " " + n.description; }

// Smoothed IDF: terms found in no expert still get a finite weight (they lower the cosine).
double Idf(double experts, double df) { return std::log((1.0 + experts) / (1.0 + df)) + 1.0; }

struct Similarity {
  double value = 0;
  std::string detail;
};

Similarity DisciplineSimilarity(const Need& need, const Talent& expert) {
  Similarity best{0, "no shared discipline"};
  for (const std::string& a : need.disciplines) {
    for (const std::string& b : expert.disciplines) {
      if (a.empty() || b.empty()) continue;
      if (a == b) {
        if (best.value < kSameDiscipline) best = {kSameDiscipline, "same discipline " + a};
      } else if (a.size() >= 3 && b.size() >= 3 && a.compare(0, 3, b, 0, 3) == 0) {
        if (best.value < kSameFirstLevelDiscipline) {
          best = {kSameFirstLevelDiscipline, "same first-level discipline " + a.substr(0, 3)};
        }
      }
    }
  }
  return best;
}

bool IsRegionCode(const std::string& code) {
  return code.size() == 6 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Similarity RegionSimilarity(const Need& need, const Talent& expert) {
  const std::string& a = need.region_code;
  const std::string& b = expert.region_code;
  if (!IsRegionCode(a) || !IsRegionCode(b)) return {0, "region unknown"};
  if (a == b) return {kSameCounty, "same county " + a};
  if (a.compare(0, 4, b, 0, 4) == 0) return {kSameCity, "same city " + a.substr(0, 4) + "00"};
  if (a.compare(0, 2, b, 0, 2) == 0) {
    return {kSameProvince, "same province " + a.substr(0, 2) + "0000"};
  }
  return {0, "different province " + b.substr(0, 2) + "0000"};
}

Status CheckWeights(const ScoringWeights& w) {
  for (double v : {w.text, w.discipline, w.region}) {
    if (!std::isfinite(v) || v < 0) {
      return Status::InvalidArgument(
          "scoring weights must be finite and >= 0 (text " + std::to_string(w.text) +
          ", discipline " + std::to_string(w.discipline) + ", region " + std::to_string(w.region) +
          "); fix [match.weights] in huicai.toml");
    }
  }
  if (w.text + w.discipline + w.region <= 0) {
    return Status::InvalidArgument(
        "scoring weights are all 0; give at least one of text, discipline, region a positive "
        "weight");
  }
  return Status::Ok();
}

Status CheckCandidates(std::span<const CandidateSet> candidates, std::size_t needs,
                       std::size_t experts) {
  for (std::size_t s = 0; s < candidates.size(); ++s) {
    const CandidateSet& set = candidates[s];
    if (set.need_index >= needs) {
      return Status::InvalidArgument("candidate set " + std::to_string(s) + ": need index " +
                                     std::to_string(set.need_index) + " is out of range (" +
                                     std::to_string(needs) + " needs given)");
    }
    for (std::size_t k = 0; k < set.expert_indices.size(); ++k) {
      if (set.expert_indices[k] >= experts) {
        return Status::InvalidArgument(
            "candidate set " + std::to_string(s) + ", position " + std::to_string(k) +
            ": expert index " + std::to_string(set.expert_indices[k]) + " is out of range (" +
            std::to_string(experts) + " experts given)");
      }
    }
  }
  return Status::Ok();
}

// L2-normalised TF-IDF rows, one per text.
SparseRows TfIdfRows(const std::vector<std::vector<std::pair<Eigen::Index, double>>>& counts,
                     const std::vector<double>& idf, Eigen::Index columns) {
  std::vector<Eigen::Triplet<double>> triplets;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    double norm2 = 0;
    for (const auto& [col, tf] : counts[r]) {
      const double w = tf * idf[static_cast<std::size_t>(col)];
      norm2 += w * w;
    }
    if (norm2 <= 0) continue;
    const double inv = 1.0 / std::sqrt(norm2);
    for (const auto& [col, tf] : counts[r]) {
      triplets.emplace_back(static_cast<Eigen::Index>(r), col,
                            tf * idf[static_cast<std::size_t>(col)] * inv);
    }
  }
  SparseRows rows(static_cast<Eigen::Index>(counts.size()), columns);
  rows.setFromTriplets(triplets.begin(), triplets.end());
  rows.makeCompressed();
  return rows;
}

// "shared terms: a b c" from the largest products of the need and expert weights.
std::string SharedTermsDetail(const SparseRows& need_rows, Eigen::Index need_row,
                              const SparseRows& expert_rows, Eigen::Index expert_row,
                              const Vocabulary& vocab) {
  std::unordered_map<Eigen::Index, double> need_weights;
  for (SparseRows::InnerIterator it(need_rows, need_row); it; ++it) {
    need_weights[it.col()] = it.value();
  }
  std::vector<std::pair<double, Eigen::Index>> shared;
  for (SparseRows::InnerIterator it(expert_rows, expert_row); it; ++it) {
    auto found = need_weights.find(it.col());
    if (found != need_weights.end()) shared.emplace_back(-found->second * it.value(), it.col());
  }
  if (shared.empty()) return "no shared terms";
  std::sort(shared.begin(), shared.end());
  std::string detail = "shared terms:";
  for (std::size_t i = 0; i < shared.size() && i < kMaxSharedTermsShown; ++i) {
    detail += " " + vocab.Term(shared[i].second);
  }
  return detail;
}

}  // namespace

Result<std::vector<ScoredPair>> ScorePairs(std::span<const Need> needs,
                                           std::span<const Talent> experts,
                                           std::span<const CandidateSet> candidates,
                                           const ScoringWeights& weights) {
  HUICAI_RETURN_IF_ERROR(CheckWeights(weights));
  HUICAI_RETURN_IF_ERROR(CheckCandidates(candidates, needs.size(), experts.size()));

  // Term counts of every expert, then of the needs that have candidates.
  Vocabulary vocab;
  std::vector<std::vector<std::pair<Eigen::Index, double>>> expert_counts;
  expert_counts.reserve(experts.size());
  for (const Talent& t : experts) expert_counts.push_back(TermCounts(ExpertText(t), vocab));
  std::vector<double> df(static_cast<std::size_t>(vocab.size()), 0.0);
  for (const auto& counts : expert_counts) {
    for (const auto& entry : counts) df[static_cast<std::size_t>(entry.first)] += 1.0;
  }

  std::vector<std::vector<std::pair<Eigen::Index, double>>> need_counts(candidates.size());
  for (std::size_t s = 0; s < candidates.size(); ++s) {
    need_counts[s] = TermCounts(NeedText(needs[candidates[s].need_index]), vocab);
  }
  df.resize(static_cast<std::size_t>(vocab.size()), 0.0);
  std::vector<double> idf(df.size());
  const auto n_experts = static_cast<double>(experts.size());
  for (std::size_t c = 0; c < df.size(); ++c) idf[c] = Idf(n_experts, df[c]);

  const SparseRows expert_rows = TfIdfRows(expert_counts, idf, vocab.size());
  const SparseRows need_rows = TfIdfRows(need_counts, idf, vocab.size());
  const double weight_sum = weights.text + weights.discipline + weights.region;

  std::vector<ScoredPair> pairs;
  for (std::size_t s = 0; s < candidates.size(); ++s) {
    const CandidateSet& set = candidates[s];
    const Need& need = needs[set.need_index];

    std::vector<std::size_t> chosen;
    std::unordered_set<std::size_t> seen;
    for (std::size_t e : set.expert_indices) {
      if (seen.insert(e).second) chosen.push_back(e);
    }
    if (chosen.empty()) continue;

    // All candidates against the need in one sparse product: (k x V) * (V x 1).
    SparseRows candidate_rows(static_cast<Eigen::Index>(chosen.size()), vocab.size());
    {
      std::vector<Eigen::Triplet<double>> triplets;
      for (std::size_t k = 0; k < chosen.size(); ++k) {
        const auto row = static_cast<Eigen::Index>(chosen[k]);
        for (SparseRows::InnerIterator it(expert_rows, row); it; ++it) {
          triplets.emplace_back(static_cast<Eigen::Index>(k), it.col(), it.value());
        }
      }
      candidate_rows.setFromTriplets(triplets.begin(), triplets.end());
    }
    const SparseCol need_column = need_rows.row(static_cast<Eigen::Index>(s)).transpose();
    const SparseCol cosines = candidate_rows * need_column;
    std::vector<double> text_sim(chosen.size(), 0.0);
    for (SparseCol::InnerIterator it(cosines, 0); it; ++it) {
      text_sim[static_cast<std::size_t>(it.row())] = std::clamp(it.value(), 0.0, 1.0);
    }

    for (std::size_t k = 0; k < chosen.size(); ++k) {
      const Talent& expert = experts[chosen[k]];
      const Similarity discipline = DisciplineSimilarity(need, expert);
      const Similarity region = RegionSimilarity(need, expert);
      ScoredPair pair;
      pair.need_index = set.need_index;
      pair.expert_index = chosen[k];
      pair.parts.push_back({"text", weights.text * text_sim[k] / weight_sum,
                            SharedTermsDetail(need_rows, static_cast<Eigen::Index>(s), expert_rows,
                                              static_cast<Eigen::Index>(chosen[k]), vocab)});
      pair.parts.push_back(
          {"discipline", weights.discipline * discipline.value / weight_sum, discipline.detail});
      pair.parts.push_back({"region", weights.region * region.value / weight_sum, region.detail});
      for (const ScorePart& part : pair.parts) pair.score += part.value;
      pairs.push_back(std::move(pair));
    }
  }
  return pairs;
}

}  // namespace huicai::matcher
