#include "matcher/score.h"

#include <Eigen/SparseCore>
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "matcher/internal/tfidf.h"

namespace huicai::matcher {
namespace {

using internal::SparseRows;
using internal::Vocabulary;

constexpr std::size_t kMaxSharedTermsShown = 5;

struct Similarity {
  double value = 0;
  std::string detail;
};

// Discipline similarity by code hierarchy; the detail is only written when asked for.
Similarity DisciplineSimilarity(const Need& need, const Talent& expert, bool detail) {
  Similarity best{0, detail ? "no shared discipline" : ""};
  for (const std::string& a : need.disciplines) {
    for (const std::string& b : expert.disciplines) {
      if (a.empty() || b.empty()) continue;
      if (a == b) {
        if (best.value < kSameDiscipline) {
          best = {kSameDiscipline, detail ? "same discipline " + a : ""};
        }
      } else if (a.size() >= 3 && b.size() >= 3 && a.compare(0, 3, b, 0, 3) == 0) {
        if (best.value < kSameFirstLevelDiscipline) {
          best = {kSameFirstLevelDiscipline,
                  detail ? "same first-level discipline " + a.substr(0, 3) : ""};
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

Similarity RegionSimilarity(const Need& need, const Talent& expert, bool detail) {
  const std::string& a = need.region_code;
  const std::string& b = expert.region_code;
  if (!IsRegionCode(a) || !IsRegionCode(b)) return {0, detail ? "region unknown" : ""};
  if (a == b) return {kSameCounty, detail ? "same county " + a : ""};
  if (a.compare(0, 4, b, 0, 4) == 0) {
    return {kSameCity, detail ? "same city " + a.substr(0, 4) + "00" : ""};
  }
  if (a.compare(0, 2, b, 0, 2) == 0) {
    return {kSameProvince, detail ? "same province " + a.substr(0, 2) + "0000" : ""};
  }
  return {0, detail ? "different province " + b.substr(0, 2) + "0000" : ""};
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
                                           const ScoringWeights& weights, ScoreDetail detail) {
  HUICAI_RETURN_IF_ERROR(CheckWeights(weights));
  HUICAI_RETURN_IF_ERROR(CheckCandidates(candidates, needs.size(), experts.size()));

  // Term counts of every expert, then of the needs that have candidates.
  Vocabulary vocab;
  internal::TermRows expert_terms;
  expert_terms.Reserve(experts.size(), experts.size() * 16);
  for (const Talent& t : experts) expert_terms.AddText(internal::ExpertText(t), vocab);
  internal::TermRows need_terms;
  for (const CandidateSet& set : candidates) {
    need_terms.AddText(internal::NeedText(needs[set.need_index]), vocab);
  }
  std::vector<double> df;
  expert_terms.AddDocumentFrequencies(df, static_cast<std::size_t>(vocab.size()));
  const std::vector<double> idf = internal::IdfFromDf(df, experts.size());

  const SparseRows expert_rows = expert_terms.TakeTfIdf(idf, vocab.size());
  const SparseRows need_rows = need_terms.TakeTfIdf(idf, vocab.size());
  const double weight_sum = weights.text + weights.discipline + weights.region;

  const bool reasons = detail == ScoreDetail::kReasons;
  std::vector<ScoredPair> pairs;
  std::size_t total = 0;
  for (const CandidateSet& set : candidates) total += set.expert_indices.size();
  pairs.reserve(total);
  // The need's TF-IDF row spread over a dense vector, so each candidate's cosine is one pass
  // over the candidate's few terms; entries are cleared again after each need.
  Eigen::VectorXd need_dense = Eigen::VectorXd::Zero(vocab.size());
  std::vector<char> taken(experts.size(), 0);
  std::vector<std::size_t> chosen;
  std::vector<double> text_sim;
  for (std::size_t s = 0; s < candidates.size(); ++s) {
    const CandidateSet& set = candidates[s];
    const Need& need = needs[set.need_index];
    const auto need_row = static_cast<Eigen::Index>(s);

    chosen.clear();
    for (std::size_t e : set.expert_indices) {
      if (!taken[e]) {
        taken[e] = 1;
        chosen.push_back(e);
      }
    }
    for (std::size_t e : chosen) taken[e] = 0;
    if (chosen.empty()) continue;

    for (SparseRows::InnerIterator it(need_rows, need_row); it; ++it) {
      need_dense[it.col()] = it.value();
    }
    text_sim.assign(chosen.size(), 0.0);
    for (std::size_t k = 0; k < chosen.size(); ++k) {
      double dot = 0;
      for (SparseRows::InnerIterator it(expert_rows, static_cast<Eigen::Index>(chosen[k])); it;
           ++it) {
        dot += it.value() * need_dense[it.col()];
      }
      text_sim[k] = std::clamp(dot, 0.0, 1.0);
    }
    for (SparseRows::InnerIterator it(need_rows, need_row); it; ++it) need_dense[it.col()] = 0;

    for (std::size_t k = 0; k < chosen.size(); ++k) {
      const Talent& expert = experts[chosen[k]];
      const Similarity discipline = DisciplineSimilarity(need, expert, reasons);
      const Similarity region = RegionSimilarity(need, expert, reasons);
      ScoredPair pair;
      pair.need_index = set.need_index;
      pair.expert_index = chosen[k];
      const double text_part = weights.text * text_sim[k] / weight_sum;
      const double discipline_part = weights.discipline * discipline.value / weight_sum;
      const double region_part = weights.region * region.value / weight_sum;
      pair.score = 0;  // summed in part order, the same with or without reasons
      pair.score += text_part;
      pair.score += discipline_part;
      pair.score += region_part;
      if (reasons) {
        pair.parts.push_back(
            {"text", text_part,
             SharedTermsDetail(need_rows, static_cast<Eigen::Index>(s), expert_rows,
                               static_cast<Eigen::Index>(chosen[k]), vocab)});
        pair.parts.push_back({"discipline", discipline_part, discipline.detail});
        pair.parts.push_back({"region", region_part, region.detail});
      }
      pairs.push_back(std::move(pair));
    }
  }
  return pairs;
}

}  // namespace huicai::matcher
