#pragma once
// matcher internal: the TF-IDF text vectors shared by ScorePairs and SelectCandidates, so both
// compute the same text cosine. Eigen types allowed here (internal header).
// Thread-safety: a Vocabulary or TermRows is used by one thread at a time; the free
// functions are pure.
#include <Eigen/SparseCore>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/types.h"

namespace huicai::matcher::internal {

using SparseRows = Eigen::SparseMatrix<double, Eigen::RowMajor>;

// The text an expert offers (specialties + " " + title) and the text of a need
// (title + " " + description).
std::string ExpertText(const Talent& expert);
std::string NeedText(const Need& need);

// Smoothed IDF over `experts` documents: log((1 + experts) / (1 + df)) + 1. Terms found in no
// expert still get a finite weight (they lower the cosine).
double Idf(double experts, double df);

// Term -> column, shared by experts and needs so their vectors live in one space.
class Vocabulary {
 public:
  Eigen::Index Column(const std::string& term);
  const std::string& Term(Eigen::Index column) const {
    return terms_[static_cast<std::size_t>(column)];
  }
  Eigen::Index size() const { return static_cast<Eigen::Index>(terms_.size()); }

 private:
  std::unordered_map<std::string, Eigen::Index> columns_;
  std::vector<std::string> terms_;
};

// Term counts of many texts kept in one flat compressed-row buffer (no per-text allocation),
// turned into L2-normalised TF-IDF rows at the end.
class TermRows {
 public:
  void Reserve(std::size_t rows, std::size_t terms);
  // Appends one row: the counts of internal::TextTerms(text), columns ascending.
  void AddText(std::string_view text, Vocabulary& vocab);
  std::size_t rows() const { return outer_.size() - 1; }
  // df[column] += 1 for every column present in a row; grows df to the vocabulary's size.
  void AddDocumentFrequencies(std::vector<double>& df, std::size_t columns) const;
  // The rows as L2-normalised TF-IDF (tf * idf[column]), `columns` wide; empties this object.
  // idf must cover every column used. A row without terms stays empty.
  SparseRows TakeTfIdf(const std::vector<double>& idf, Eigen::Index columns);

 private:
  std::vector<int> outer_{0};
  std::vector<int> inner_;
  std::vector<double> counts_;
  std::vector<Eigen::Index> scratch_;
};

// Smoothed IDF per column from document frequencies over `experts` documents.
std::vector<double> IdfFromDf(const std::vector<double>& df, std::size_t experts);

}  // namespace huicai::matcher::internal
