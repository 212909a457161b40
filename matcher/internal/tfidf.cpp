#include "matcher/internal/tfidf.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "matcher/internal/text_terms.h"

namespace huicai::matcher::internal {

std::string ExpertText(const Talent& expert) { return expert.specialties + " " + expert.title; }
std::string NeedText(const Need& need) { return need.title + " " + need.description; }

double Idf(double experts, double df) { return std::log((1.0 + experts) / (1.0 + df)) + 1.0; }

Eigen::Index Vocabulary::Column(const std::string& term) {
  auto [it, inserted] = columns_.try_emplace(term, static_cast<Eigen::Index>(terms_.size()));
  if (inserted) terms_.push_back(term);
  return it->second;
}

void TermRows::Reserve(std::size_t rows, std::size_t terms) {
  outer_.reserve(rows + 1);
  inner_.reserve(terms);
  counts_.reserve(terms);
}

void TermRows::AddText(std::string_view text, Vocabulary& vocab) {
  scratch_.clear();
  for (const std::string& term : TextTerms(text)) scratch_.push_back(vocab.Column(term));
  std::sort(scratch_.begin(), scratch_.end());
  for (std::size_t i = 0; i < scratch_.size();) {
    std::size_t j = i;
    while (j < scratch_.size() && scratch_[j] == scratch_[i]) ++j;
    assert(scratch_[i] <= std::numeric_limits<int>::max());
    inner_.push_back(static_cast<int>(scratch_[i]));
    counts_.push_back(static_cast<double>(j - i));
    i = j;
  }
  assert(inner_.size() <= static_cast<std::size_t>(std::numeric_limits<int>::max()));
  outer_.push_back(static_cast<int>(inner_.size()));
}

void TermRows::AddDocumentFrequencies(std::vector<double>& df, std::size_t columns) const {
  if (df.size() < columns) df.resize(columns, 0.0);
  for (int column : inner_) df[static_cast<std::size_t>(column)] += 1.0;
}

SparseRows TermRows::TakeTfIdf(const std::vector<double>& idf, Eigen::Index columns) {
  const std::size_t n_rows = rows();
  for (std::size_t r = 0; r < n_rows; ++r) {
    const auto begin = static_cast<std::size_t>(outer_[r]);
    const auto end = static_cast<std::size_t>(outer_[r + 1]);
    double norm2 = 0;
    for (std::size_t k = begin; k < end; ++k) {
      counts_[k] *= idf[static_cast<std::size_t>(inner_[k])];
      norm2 += counts_[k] * counts_[k];
    }
    if (norm2 <= 0) continue;
    const double inv = 1.0 / std::sqrt(norm2);
    for (std::size_t k = begin; k < end; ++k) counts_[k] *= inv;
  }
  const Eigen::Map<const SparseRows> view(static_cast<Eigen::Index>(n_rows), columns,
                                          static_cast<Eigen::Index>(inner_.size()), outer_.data(),
                                          inner_.data(), counts_.data());
  SparseRows out = view;
  out.makeCompressed();
  *this = TermRows();
  return out;
}

std::vector<double> IdfFromDf(const std::vector<double>& df, std::size_t experts) {
  std::vector<double> idf(df.size());
  const auto n = static_cast<double>(experts);
  for (std::size_t c = 0; c < df.size(); ++c) idf[c] = Idf(n, df[c]);
  return idf;
}

}  // namespace huicai::matcher::internal
