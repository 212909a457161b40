// matcher_bench: times ScorePairs and Assign on a synthetic province-sized round.
// Usage: matcher_bench [needs] [experts] [candidates per need]; prints figures, not a test.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "matcher/assign.h"
#include "matcher/score.h"

namespace {

const char* const kWords[] = {"果树",     "病虫害", "绿色防控", "土壤", "检测", "设施农业",
                              "水产养殖", "中医",   "护理",     "数控", "机械", "电商",
                              "旅游",     "规划",   "GIS",      "遥感", "畜牧", "兽医",
                              "小麦",     "育种",   "乡村振兴", "财务", "法律"};
const char* const kDisciplines[] = {"210", "21030", "21050", "230", "360", "460", "630", "790"};
const char* const kRegions[] = {"371324", "371302", "371311", "370102", "370211", "110108"};

template <typename T, std::size_t N>
const T& Pick(const T (&items)[N], std::mt19937& rng) {
  return items[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
}

std::string Text(std::mt19937& rng, int words) {
  std::string text;
  for (int i = 0; i < words; ++i) text += std::string(Pick(kWords, rng)) + " ";
  return text;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::atoi(argv[i]) <= 0) {
      std::fprintf(stderr,
                   "usage: %s [NEEDS=2000] [EXPERTS=5000] [CANDIDATES_PER_NEED=50]\n"
                   "Times ScorePairs and Assign on random data and prints the figures.\n",
                   argv[0]);
      return 2;
    }
  }
  const auto n_needs = static_cast<std::size_t>(argc > 1 ? std::atoi(argv[1]) : 2000);
  const auto n_experts = static_cast<std::size_t>(argc > 2 ? std::atoi(argv[2]) : 5000);
  const auto per_need = static_cast<std::size_t>(argc > 3 ? std::atoi(argv[3]) : 50);
  std::mt19937 rng(1);

  std::vector<huicai::Need> needs(n_needs);
  for (auto& n : needs) {
    n.title = Text(rng, 2);
    n.description = Text(rng, 6);
    n.disciplines = {Pick(kDisciplines, rng)};
    n.region_code = Pick(kRegions, rng);
  }
  std::vector<huicai::Talent> experts(n_experts);
  for (auto& t : experts) {
    t.specialties = Text(rng, 4);
    t.title = "研究员";
    t.disciplines = {Pick(kDisciplines, rng)};
    t.region_code = Pick(kRegions, rng);
  }
  std::vector<huicai::matcher::CandidateSet> sets(n_needs);
  std::uniform_int_distribution<std::size_t> any_expert(0, n_experts - 1);
  for (std::size_t i = 0; i < n_needs; ++i) {
    sets[i].need_index = i;
    for (std::size_t k = 0; k < per_need; ++k) sets[i].expert_indices.push_back(any_expert(rng));
  }

  auto start = std::chrono::steady_clock::now();
  auto scored = huicai::matcher::ScorePairs(needs, experts, sets, {});
  if (!scored) {
    std::fprintf(stderr, "%s\n", scored.status().ToString().c_str());
    return 1;
  }
  std::printf("ScorePairs: %zu needs x %zu candidates over %zu experts: %.3f s (%zu pairs)\n",
              n_needs, per_need, n_experts, Seconds(start), scored->size());

  std::vector<huicai::matcher::NeedSlot> need_slots;
  for (std::size_t i = 0; i < n_needs; ++i) need_slots.push_back({i, 2, 3, i % 5 == 0 ? 1.3 : 1.0});
  std::vector<huicai::matcher::ExpertSlot> expert_slots;
  for (std::size_t i = 0; i < n_experts; ++i) {
    expert_slots.push_back({i, 15, static_cast<int>(i % 16), i % 2 == 0, static_cast<int>(i % 3)});
  }
  start = std::chrono::steady_clock::now();
  auto assignment = huicai::matcher::Assign(need_slots, expert_slots, *scored, {});
  if (!assignment) {
    std::fprintf(stderr, "%s\n", assignment.status().ToString().c_str());
    return 1;
  }
  std::printf("Assign: %zu pairs chosen, objective %.3f: %.3f s\n", assignment->chosen.size(),
              assignment->objective, Seconds(start));
  return 0;
}
