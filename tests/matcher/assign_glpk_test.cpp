// Assign against an independent optimality proof: the model of assign.h written as a
// mixed-integer program in CPLEX LP format and solved by GLPK's `glpsol` command-line solver,
// on seeded random instances too large for exhaustive search (8-30 needs x 10-60 experts).
// The whole case is skipped, with a message, only when `glpsol` is not on PATH.
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "matcher/assign.h"
#include "tests/matcher/assign_model.h"

namespace {

namespace fs = std::filesystem;
using huicai::matcher::Assign;
using huicai::matcher::AssignGreedy;
using huicai::matcher::ExpertSlot;
using huicai::matcher::ScoredPair;

using huicai::matcher::testing::ExpertSlotOf;
using huicai::matcher::testing::Instance;
using huicai::matcher::testing::InstanceShape;
using huicai::matcher::testing::NeedOf;
using huicai::matcher::testing::Objective;
using huicai::matcher::testing::PairValue;
using huicai::matcher::testing::Violation;

// Sizes beyond exhaustive search; every option drawn.
Instance RandomInstance(std::mt19937& rng, bool same_days) {
  InstanceShape shape;
  shape.needs_min = 8, shape.needs_max = 30;
  shape.experts_min = 10, shape.experts_max = 60;
  shape.headcount_max = 4;
  shape.common_days_max = 5, shape.days_max = 8;
  shape.days_left_max = 30;
  shape.recent_calls_max = 4;
  shape.density_min = 0.05, shape.density_max = 0.5;
  shape.priority_weights = {1.0, 1.0, 1.3, 1.5, 0.8};
  shape.need_index_base = 100, shape.need_index_stride = 3;
  shape.expert_index_base = 1000, shape.expert_index_stride = 7;
  shape.vary_required_days_and_min_score = true;
  return huicai::matcher::testing::RandomInstance(rng, same_days, shape);
}

// Pairs the model may choose: score >= min_score and need days <= expert days_left.
std::vector<std::size_t> UsablePairs(const Instance& in) {
  std::vector<std::size_t> usable;
  for (std::size_t p = 0; p < in.pairs.size(); ++p) {
    const ScoredPair& pair = in.pairs[p];
    const ExpertSlot& e = in.experts[ExpertSlotOf(in, pair.expert_index)];
    if (pair.score >= in.options.min_score && NeedOf(in, pair.need_index).days <= e.days_left)
      usable.push_back(p);
  }
  return usable;
}

// Writes `sum coef*name` terms, a few per line, with explicit signs.
class LinearWriter {
 public:
  explicit LinearWriter(std::ostream& out) : out_(out) {}
  void Term(double coef, const std::string& name) {
    if (terms_ > 0 && terms_ % 6 == 0) out_ << "\n   ";
    out_ << (coef < 0 ? " - " : " + ") << std::fixed << std::setprecision(12) << std::abs(coef)
         << ' ' << name;
    ++terms_;
  }
  int terms() const { return terms_; }

 private:
  std::ostream& out_;
  int terms_ = 0;
};

std::string XName(std::size_t u) { return "x" + std::to_string(u); }
std::string YName(std::size_t slot, std::size_t k) {
  return "y" + std::to_string(slot) + "_" + std::to_string(k);
}

// Writes the MIP of assign.h. Columns appear in the objective in a fixed order: x0..x(U-1) for
// the usable pairs, then the load variables; glpsol numbers columns in that order.
void WriteModel(const Instance& in, const std::vector<std::size_t>& usable, const fs::path& path) {
  std::ofstream out(path);
  std::vector<std::vector<std::size_t>> by_expert(in.experts.size());  // usable positions
  for (std::size_t u = 0; u < usable.size(); ++u)
    by_expert[ExpertSlotOf(in, in.pairs[usable[u]].expert_index)].push_back(u);

  out << "Maximize\n obj:";
  LinearWriter obj(out);
  for (std::size_t u = 0; u < usable.size(); ++u) obj.Term(PairValue(in, usable[u]), XName(u));
  for (std::size_t e = 0; e < in.experts.size(); ++e) {
    for (std::size_t k = 1; k <= by_expert[e].size(); ++k) {
      const double cost =
          static_cast<double>(in.experts[e].recent_calls + static_cast<int>(k) - 1) *
          in.options.load_step;
      obj.Term(-cost, YName(e, k));
    }
  }
  out << "\nSubject To\n";
  for (std::size_t n = 0; n < in.needs.size(); ++n) {
    std::ostringstream row;
    LinearWriter w(row);
    for (std::size_t u = 0; u < usable.size(); ++u) {
      if (in.pairs[usable[u]].need_index == in.needs[n].need_index) w.Term(1, XName(u));
    }
    if (w.terms() > 0)
      out << " need" << n << ":" << row.str() << " <= " << in.needs[n].headcount << "\n";
  }
  for (std::size_t e = 0; e < in.experts.size(); ++e) {
    if (by_expert[e].empty()) continue;
    std::ostringstream days_row;
    LinearWriter days(days_row);
    for (std::size_t u : by_expert[e]) {
      const int d = NeedOf(in, in.pairs[usable[u]].need_index).days;
      if (d > 0) days.Term(d, XName(u));
    }
    if (days.terms() > 0)
      out << " days" << e << ":" << days_row.str() << " <= " << in.experts[e].days_left << "\n";
    out << " calls" << e << ":";
    LinearWriter calls(out);
    for (std::size_t u : by_expert[e]) calls.Term(1, XName(u));
    for (std::size_t k = 1; k <= by_expert[e].size(); ++k) calls.Term(-1, YName(e, k));
    out << " = 0\n";
  }
  out << "Binary\n";
  for (std::size_t u = 0; u < usable.size(); ++u) out << ' ' << XName(u) << '\n';
  for (std::size_t e = 0; e < in.experts.size(); ++e) {
    for (std::size_t k = 1; k <= by_expert[e].size(); ++k) out << ' ' << YName(e, k) << '\n';
  }
  out << "End\n";
  BOOST_REQUIRE_MESSAGE(out.good(), "could not write " << path);
}

// Full path of glpsol on PATH, or nothing.
std::optional<fs::path> FindGlpsol() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::string_view rest(path);
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string_view dir = rest.substr(0, colon);
    if (!dir.empty()) {
      const fs::path candidate = fs::path(dir) / "glpsol";
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

// Single-quotes a path for /bin/sh.
std::string ShellQuote(const std::string& s) {
  std::string quoted = "'";
  for (char c : s) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

struct MipSolution {
  char status = '?';  // glpsol's plain-format status: 'o' optimal, 'f' feasible, ...
  double objective = 0;
  std::vector<std::size_t> chosen;  // indices into the pairs, from x columns equal to 1
};

// Solves the model with glpsol and reads its plain-text solution file (glpsol -w).
MipSolution SolveWithGlpsol(const fs::path& glpsol, const fs::path& dir, const Instance& in,
                            const std::vector<std::size_t>& usable) {
  const fs::path model = dir / "model.lp";
  const fs::path solution = dir / "solution.txt";
  const fs::path log = dir / "glpsol.log";
  fs::remove(solution);
  WriteModel(in, usable, model);
  // --cuts: without GLPK's cutting planes plain branch and bound stalls on some knapsack rows
  // (seed 20240612 instance 1177 ran past 20 s; with cuts every instance takes milliseconds).
  const std::string command = ShellQuote(glpsol.string()) + " --lp " + ShellQuote(model.string()) +
                              " --cuts --tmlim 10 -w " + ShellQuote(solution.string()) + " > " +
                              ShellQuote(log.string()) + " 2>&1";
  const int rc = std::system(command.c_str());
  BOOST_REQUIRE_MESSAGE(rc == 0,
                        "glpsol failed (exit " << rc << "); see the model and log in " << dir);
  std::ifstream file(solution);
  BOOST_REQUIRE_MESSAGE(file.good(), "glpsol wrote no solution file " << solution);
  MipSolution result;
  bool saw_status = false;
  std::string line;
  while (std::getline(file, line)) {
    std::istringstream fields(line);
    std::string tag;
    fields >> tag;
    if (tag == "s") {
      std::string kind;
      std::size_t rows = 0, cols = 0;
      fields >> kind >> rows >> cols >> result.status >> result.objective;
      BOOST_REQUIRE_MESSAGE(fields && kind == "mip", "unexpected solution line: " << line);
      saw_status = true;
    } else if (tag == "j") {
      std::size_t col = 0;
      double value = 0;
      fields >> col >> value;
      BOOST_REQUIRE_MESSAGE(fields && col >= 1, "unexpected column line: " << line);
      if (col <= usable.size() && value > 0.5) result.chosen.push_back(usable[col - 1]);
    }
  }
  BOOST_REQUIRE_MESSAGE(saw_status, "no status line in " << solution);
  std::sort(result.chosen.begin(), result.chosen.end());
  return result;
}

// A fresh temporary folder, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::random_device seed;
    path_ = fs::temp_directory_path() /
            ("huicai_assign_glpk_" + std::to_string(::getpid()) + "_" + std::to_string(seed()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct RunStats {
  int instances = 0;
  std::size_t most_pairs = 0;
  std::size_t most_usable = 0;
  std::size_t flow_solves = 0;  // Assign's flow solves, branch and bound included
  std::size_t mip_pieces = 0;   // pieces Assign handed to GLPK
  // The greedy baseline against the optimum.
  double greedy_gap_sum = 0;
  double largest_relative_gap = 0;
  int largest_gap_round = -1;
  double largest_gap_assign = 0;  // greedy's and glpsol's objectives at the largest gap
  double largest_gap_optimum = 0;
  double slowest_glpsol_seconds = 0;
  int rounds_with_gap = 0;
};

// Runs `rounds` instances from `seed`; `same_days` selects the exact case of assign.h.
RunStats CompareWithGlpsol(unsigned seed, int rounds, bool same_days) {
  RunStats stats;
  const std::optional<fs::path> glpsol = FindGlpsol();
  if (!glpsol) {
    BOOST_TEST_MESSAGE(
        "SKIPPED: glpsol is not on PATH; install Debian package glpk-utils to run "
        "the GLPK optimality proof of matcher::Assign");
    return stats;
  }
  const TempDir dir;
  std::mt19937 rng(seed);
  for (int round = 0; round < rounds; ++round) {
    const Instance in = RandomInstance(rng, same_days);
    const std::vector<std::size_t> usable = UsablePairs(in);
    auto result = Assign(in.needs, in.experts, in.pairs, in.options);
    BOOST_REQUIRE_MESSAGE(result.has_value(), result.status().ToString());
    // With nothing usable the optimum is the empty assignment; glpsol needs some column.
    const auto solve_start = std::chrono::steady_clock::now();
    const MipSolution mip = usable.empty() ? MipSolution{'o', 0.0, {}}
                                           : SolveWithGlpsol(*glpsol, dir.path(), in, usable);
    const std::chrono::duration<double> solve_took = std::chrono::steady_clock::now() - solve_start;
    stats.slowest_glpsol_seconds = std::max(stats.slowest_glpsol_seconds, solve_took.count());
    ++stats.instances;
    stats.most_pairs = std::max(stats.most_pairs, in.pairs.size());
    stats.most_usable = std::max(stats.most_usable, usable.size());
    BOOST_TEST_CONTEXT("seed " << seed << " instance " << round << ": " << in.needs.size()
                               << " needs, " << in.experts.size() << " experts, " << in.pairs.size()
                               << " pairs (" << usable.size() << " usable)") {
      // The model written for glpsol agrees with the independent objective and constraints.
      BOOST_REQUIRE_MESSAGE(mip.status == 'o', "glpsol found no proven optimum (status "
                                                   << mip.status << "); raise --tmlim or shrink");
      BOOST_TEST(Violation(in, mip.chosen) == "");
      BOOST_TEST(std::abs(mip.objective - Objective(in, mip.chosen)) <= 1e-6);
      // Assign keeps every constraint and reports the objective of the pairs it chose.
      BOOST_TEST(Violation(in, result->chosen) == "");
      BOOST_TEST(std::abs(result->objective - Objective(in, result->chosen)) <= 1e-9);
      // Exact in both cases: the flow alone when needs ask the same days, branch and bound
      // on the flow otherwise.
      BOOST_TEST(result->optimal);
      BOOST_TEST(std::abs(result->objective - mip.objective) <= 1e-4);
      BOOST_TEST(std::abs(result->bound - result->objective) <= 1e-9);
      stats.flow_solves += result->flow_solves;
      stats.mip_pieces += result->mip_pieces;
      // The greedy baseline keeps the constraints and never beats the optimum.
      auto greedy = AssignGreedy(in.needs, in.experts, in.pairs, in.options);
      BOOST_REQUIRE_MESSAGE(greedy.has_value(), greedy.status().ToString());
      BOOST_TEST(Violation(in, greedy->chosen) == "");
      BOOST_TEST(greedy->objective <= mip.objective + 1e-4);
      const double gap = (mip.objective - greedy->objective) / std::max(mip.objective, 1e-9);
      stats.greedy_gap_sum += gap;
      if (gap > 1e-6) ++stats.rounds_with_gap;
      if (gap > stats.largest_relative_gap) {
        stats.largest_relative_gap = gap;
        stats.largest_gap_round = round;
        stats.largest_gap_assign = greedy->objective;
        stats.largest_gap_optimum = mip.objective;
      }
    }
  }
  return stats;
}

// Instances per case: about 6 ms each in a Debug build, so both cases take ~10 s together.
constexpr int kRounds = 800;

}  // namespace

BOOST_AUTO_TEST_SUITE(assign_glpk)

void Report(const char* label, const RunStats& stats, double seconds) {
  if (stats.instances == 0) return;
  BOOST_TEST_MESSAGE(
      label << ": " << stats.instances << " instances, up to " << stats.most_pairs << " pairs ("
            << stats.most_usable << " usable), " << seconds << " s, slowest glpsol "
            << stats.slowest_glpsol_seconds << " s, Assign flow solves " << stats.flow_solves
            << ", GLPK pieces " << stats.mip_pieces << "; greedy below the optimum in "
            << stats.rounds_with_gap << ", mean gap " << stats.greedy_gap_sum / stats.instances
            << ", largest " << stats.largest_relative_gap << " (instance "
            << stats.largest_gap_round << ": greedy " << stats.largest_gap_assign << ", optimum "
            << stats.largest_gap_optimum << ")");
}

BOOST_AUTO_TEST_CASE(matches_glpk_optimum_when_needs_ask_the_same_days) {
  const auto start = std::chrono::steady_clock::now();
  const RunStats stats = CompareWithGlpsol(20240612, kRounds, /*same_days=*/true);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  Report("same days", stats, took.count());
}

BOOST_AUTO_TEST_CASE(matches_glpk_optimum_when_needs_ask_different_days) {
  const auto start = std::chrono::steady_clock::now();
  const RunStats stats = CompareWithGlpsol(977, kRounds, /*same_days=*/false);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  Report("mixed days", stats, took.count());
}

BOOST_AUTO_TEST_SUITE_END()
