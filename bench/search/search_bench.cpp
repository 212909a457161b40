// search_bench: indexes N synthetic talents into a fresh temporary index, then times
// filtered and free-text queries. Prints figures; usage: search_bench [N] (default 20000).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "search/index.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

const std::vector<std::string> kSpecialties = {
    "果树栽培与病虫害防治", "数控机床维修", "心血管内科",   "水稻育种",     "土壤改良", "畜牧兽医",
    "中药材种植",           "电子商务运营", "乡村规划设计", "小学数学教学",
};
const std::vector<std::string> kRegions = {"371324", "371302", "370102", "371325", "370211"};
const std::vector<std::string> kDisciplines = {"21020", "46010", "32011", "21030", "63020"};

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2 || (argc == 2 && std::strtol(argv[1], nullptr, 10) <= 0)) {
    std::fprintf(stderr,
                 "usage: %s [TALENTS=20000]\n"
                 "Indexes synthetic talents in a temporary Xapian database and times queries.\n",
                 argv[0]);
    return 2;
  }
  const long n = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 20000;
  std::string pattern = (std::filesystem::temp_directory_path() / "huicai_bench_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return 1;
  const std::filesystem::path dir = pattern;

  int rc = 0;
  {
    huicai::search::IndexOptions options;
    options.directory = dir / "idx";
    options.writable = true;
    auto opened = huicai::search::Index::Open(options);
    if (!opened.ok()) {
      std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
      return 1;
    }
    huicai::search::Index index = std::move(opened).value();
    auto start = Clock::now();
    for (long i = 1; i <= n; ++i) {
      const auto k = static_cast<std::size_t>(i);
      huicai::Talent t;
      t.person_id = i;
      t.name = "专家" + std::to_string(i);
      t.title = k % 3 == 0 ? "研究员" : "高级工程师";
      t.specialties =
          kSpecialties[k % kSpecialties.size()] + " " + kSpecialties[(k * 7) % kSpecialties.size()];
      t.region_code = kRegions[k % kRegions.size()];
      t.disciplines = {kDisciplines[k % kDisciplines.size()]};
      t.tier = static_cast<huicai::TalentTier>(k % 5);
      t.in_programme = k % 2 == 0;
      if (!index.UpsertTalent(t).ok()) rc = 1;
    }
    if (!index.Commit().ok()) rc = 1;
    const double index_s = Seconds(start);
    std::printf("indexed %ld talents in %.2f s (%.0f docs/s), %.1f MiB on disk\n", n, index_s,
                static_cast<double>(n) / index_s,
                static_cast<double>(index.SizeOnDiskBytes()) / (1024.0 * 1024.0));

    struct Case {
      const char* label;
      huicai::search::TalentQuery query;
    };
    std::vector<Case> cases(4);
    cases[0] = {"text 果树栽培", {}};
    cases[0].query.text = "果树栽培";
    cases[1] = {"text+region 3713+tier", {}};
    cases[1].query.text = "水稻育种";
    cases[1].query.region_prefix = "3713";
    cases[1].query.tier = huicai::TalentTier::kC;
    cases[2] = {"match_any 4 words", {}};
    cases[2].query.text = "果树 土壤 中药材 乡村";
    cases[2].query.match_any = true;
    cases[3] = {"filters only", {}};
    cases[3].query.discipline_prefix = "210";
    cases[3].query.programme_only = true;
    constexpr int kRepeats = 200;
    for (const Case& c : cases) {
      std::size_t total = 0;
      start = Clock::now();
      for (int r = 0; r < kRepeats; ++r) {
        auto found = index.FindTalents(c.query);
        if (!found.ok()) {
          rc = 1;
          break;
        }
        total = found->estimated_total;
      }
      std::printf("%-24s %8.3f ms/query  ~%zu matches\n", c.label,
                  Seconds(start) * 1000.0 / kRepeats, total);
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return rc;
}
