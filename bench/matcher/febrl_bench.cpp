// febrl_bench: `huicai link` end to end on FEBRL-like files (tests/matcher/febrl_like.h): writes
// a left CSV of N originals and a right CSV of 0.8 N corrupted duplicates plus 0.2 N people with
// no original, links them with config/linkage/febrl.toml and prints precision, recall, F1 and
// seconds. Usage: febrl_bench [N=10000] [seed=7] [max_corruptions=3]; figures, not a test.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "hub/link_files.h"
#include "tests/matcher/febrl_like.h"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
  huicai::testing::FebrlLikeOptions gen;
  gen.originals = n;
  gen.duplicates = n * 8 / 10;
  gen.unmatched = n - gen.duplicates;
  gen.seed = argc > 2 ? static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10)) : 7u;
  gen.max_corruptions = argc > 3 ? std::atoi(argv[3]) : 3;
  const auto data = huicai::testing::GenerateFebrlLike(gen);

  std::random_device rd;
  const fs::path dir = fs::temp_directory_path() / ("huicai-febrl-bench-" + std::to_string(rd()));
  fs::create_directories(dir);
  huicai::hub::LinkFilesOptions options;
  options.left = dir / "left.csv";
  options.right = dir / "right.csv";
  options.out = dir / "pairs.csv";
  options.mapping = fs::path(HUICAI_SOURCE_DIR) / "config/linkage/febrl.toml";
  std::ofstream(options.left) << huicai::testing::FebrlCsv(data.columns, data.left);
  std::ofstream(options.right) << huicai::testing::FebrlCsv(data.columns, data.right);

  auto report = huicai::hub::LinkFiles(options);
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (!report.ok()) {
    std::fprintf(stderr, "febrl_bench: %s\n", report.status().ToString().c_str());
    return 1;
  }
  const auto& q = *report->quality;
  std::printf(
      "left %zu right %zu true pairs %zu | candidates %zu links %zu reviews %zu | precision %.5f "
      "recall %.5f F1 %.5f | %.2f s%s\n",
      report->left_records, report->right_records, q.true_pairs, report->candidate_pairs,
      report->links, report->reviews, q.precision, q.recall, q.f1, report->seconds,
      report->fitted ? "" : " (not fitted)");
  for (const auto& field : report->model) {
    std::printf("  %-14s", field.field.c_str());
    for (const auto& l : field.levels) {
      std::printf("  %s m=%.4f u=%.6f", l.level.c_str(), l.m, l.u);
    }
    std::printf("\n");
  }
  std::printf("  prior %.3g; skipped blocks %zu\n", report->prior, report->skipped_blocks.size());
  return 0;
}
