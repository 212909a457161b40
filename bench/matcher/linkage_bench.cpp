// linkage_bench: links synthetic people to dirty partner copies WITHOUT the ID field and prints
// pairwise precision, recall and F1 against the truth, the review-queue size and timings.
// Usage: linkage_bench [people=200000] [dirt=0.05] [seed=7]; prints figures, not a test.
// LINKAGE_BENCH_MISSES=1 also prints the evidence of a few missed true pairs (names only).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "matcher/linkage.h"

namespace {

struct Syllable {
  const char* han;
  const char* pinyin;
  double weight;
};

// Surnames with rough frequency weights (per cent of the population).
const Syllable kSurnames[] = {
    {"王", "Wang", 7.1},      {"李", "Li", 7.0},      {"张", "Zhang", 6.7},    {"刘", "Liu", 5.4},
    {"陈", "Chen", 4.5},      {"杨", "Yang", 3.1},    {"黄", "Huang", 2.2},    {"赵", "Zhao", 2.0},
    {"吴", "Wu", 1.9},        {"周", "Zhou", 1.9},    {"徐", "Xu", 1.5},       {"孙", "Sun", 1.4},
    {"马", "Ma", 1.3},        {"朱", "Zhu", 1.2},     {"胡", "Hu", 1.1},       {"郭", "Guo", 1.1},
    {"何", "He", 1.0},        {"高", "Gao", 1.0},     {"林", "Lin", 0.9},      {"罗", "Luo", 0.9},
    {"郑", "Zheng", 0.8},     {"梁", "Liang", 0.8},   {"谢", "Xie", 0.7},      {"宋", "Song", 0.6},
    {"唐", "Tang", 0.6},      {"韩", "Han", 0.5},     {"冯", "Feng", 0.5},     {"邓", "Deng", 0.5},
    {"曹", "Cao", 0.5},       {"彭", "Peng", 0.5},    {"曾", "Zeng", 0.5},     {"田", "Tian", 0.4},
    {"董", "Dong", 0.4},      {"袁", "Yuan", 0.4},    {"于", "Yu", 0.4},       {"蒋", "Jiang", 0.4},
    {"蔡", "Cai", 0.4},       {"魏", "Wei", 0.3},     {"吕", "Lv", 0.3},       {"丁", "Ding", 0.3},
    {"单", "Shan", 0.1},      {"解", "Xie", 0.05},    {"仇", "Qiu", 0.05},     {"查", "Zha", 0.05},
    {"欧阳", "Ouyang", 0.05}, {"司马", "Sima", 0.02}, {"尉迟", "Yuchi", 0.01},
};
// Given-name characters; the first few make the very common names (王伟, 张敏 ...).
const Syllable kGiven[] = {
    {"伟", "wei", 30},  {"芳", "fang", 20}, {"娜", "na", 18},    {"敏", "min", 18},
    {"静", "jing", 18}, {"丽", "li", 16},   {"强", "qiang", 16}, {"磊", "lei", 16},
    {"军", "jun", 15},  {"洋", "yang", 14}, {"勇", "yong", 12},  {"艳", "yan", 12},
    {"杰", "jie", 12},  {"涛", "tao", 10},  {"明", "ming", 10},  {"超", "chao", 10},
    {"秀", "xiu", 8},   {"霞", "xia", 8},   {"平", "ping", 8},   {"刚", "gang", 8},
    {"华", "hua", 6},   {"建", "jian", 6},  {"国", "guo", 6},    {"文", "wen", 6},
    {"红", "hong", 6},  {"玲", "ling", 5},  {"海", "hai", 5},    {"东", "dong", 5},
    {"晓", "xiao", 5},  {"小", "xiao", 5},  {"志", "zhi", 5},    {"鹏", "peng", 4},
    {"辉", "hui", 4},   {"婷", "ting", 4},  {"雪", "xue", 4},    {"慧", "hui", 4},
    {"宇", "yu", 4},    {"浩", "hao", 4},   {"凯", "kai", 3},    {"博", "bo", 3},
    {"欣", "xin", 3},   {"佳", "jia", 3},   {"琳", "lin", 3},    {"颖", "ying", 3},
    {"睿", "rui", 2},   {"哲", "zhe", 2},   {"瑶", "yao", 2},    {"萱", "xuan", 2},
    {"梓", "zi", 2},    {"轩", "xuan", 2},  {"晨", "chen", 2},   {"翔", "xiang", 2},
    {"龙", "long", 2},  {"凤", "feng", 2},  {"兰", "lan", 2},    {"云", "yun", 2},
    {"梅", "mei", 2},   {"波", "bo", 2},    {"斌", "bin", 2},    {"飞", "fei", 2},
    {"峰", "feng", 2},  {"林", "lin", 2},   {"春", "chun", 2},   {"秋", "qiu", 2},
    {"冬", "dong", 1},  {"振", "zhen", 1},  {"荣", "rong", 1},   {"德", "de", 1},
    {"昊", "hao", 1},   {"琪", "qi", 1},    {"璐", "lu", 1},     {"蕾", "lei", 1},
    {"彤", "tong", 1},  {"旭", "xu", 1},    {"阳", "yang", 1},   {"嘉", "jia", 1},
};
// Simplified -> traditional for characters above that differ.
const std::map<std::string, std::string> kTraditional = {
    {"王", "王"}, {"刘", "劉"}, {"张", "張"}, {"陈", "陳"}, {"杨", "楊"}, {"黄", "黃"},
    {"赵", "趙"}, {"吴", "吳"}, {"孙", "孫"}, {"马", "馬"}, {"郑", "鄭"}, {"谢", "謝"},
    {"韩", "韓"}, {"冯", "馮"}, {"邓", "鄧"}, {"罗", "羅"}, {"伟", "偉"}, {"丽", "麗"},
    {"军", "軍"}, {"艳", "艷"}, {"杰", "傑"}, {"涛", "濤"}, {"华", "華"}, {"国", "國"},
    {"红", "紅"}, {"东", "東"}, {"晓", "曉"}, {"鹏", "鵬"}, {"辉", "輝"}, {"龙", "龍"},
    {"凤", "鳳"}, {"兰", "蘭"}, {"云", "雲"}, {"飞", "飛"}, {"颖", "穎"}, {"单", "單"},
    {"欧", "歐"}, {"马", "馬"}, {"蒋", "蔣"}, {"袁", "袁"}, {"吕", "呂"}, {"尉", "尉"},
};

struct Person {
  std::size_t surname;
  std::vector<std::size_t> given;
  huicai::Date birth;
  huicai::Gender gender;
  std::string region;
};

std::string Han(const Person& p) {
  std::string s = kSurnames[p.surname].han;
  for (std::size_t g : p.given) s += kGiven[g].han;
  return s;
}

std::string County(int province, int city, int county) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d%02d%02d", province, city, county);
  return buf;
}

template <typename T, std::size_t N>
std::discrete_distribution<std::size_t> Weighted(const T (&items)[N]) {
  std::vector<double> w;
  for (const auto& item : items) w.push_back(item.weight);
  return {w.begin(), w.end()};
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t people = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200000;
  const double dirt = argc > 2 ? std::strtod(argv[2], nullptr) : 0.05;
  std::mt19937 rng(argc > 3 ? static_cast<unsigned>(std::strtoul(argv[3], nullptr, 10)) : 7u);
  auto surname_dist = Weighted(kSurnames);
  auto given_dist = Weighted(kGiven);
  std::uniform_int_distribution<int> year(1950, 2002), month(1, 12), day(1, 28);
  std::uniform_int_distribution<int> province(0, 3), city(1, 16), county(1, 12);
  const int kProvinces[] = {37, 41, 32, 11};
  std::uniform_real_distribution<double> coin(0, 1);

  std::vector<Person> persons(people);
  for (auto& p : persons) {
    p.surname = surname_dist(rng);
    p.given.push_back(given_dist(rng));
    if (coin(rng) < 0.6) p.given.push_back(given_dist(rng));
    p.birth = {year(rng), month(rng), day(rng)};
    p.gender = coin(rng) < 0.5 ? huicai::Gender::kMale : huicai::Gender::kFemale;
    p.region = County(kProvinces[province(rng)], city(rng), county(rng));
  }

  std::vector<huicai::matcher::LinkRecord> records;
  records.reserve(2 * people);
  std::size_t dirty_fields = 0;
  for (std::size_t i = 0; i < people; ++i) {
    const Person& p = persons[i];
    huicai::matcher::LinkRecord clean;
    clean.key = "base/" + std::to_string(i);
    clean.name = Han(p);
    clean.birth_date = p.birth;
    clean.gender = p.gender;
    clean.region_code = p.region;
    records.push_back(clean);

    huicai::matcher::LinkRecord d = clean;
    d.key = "partner/" + std::to_string(i);
    if (coin(rng) < dirt) {  // name dirt
      ++dirty_fields;
      Person q = p;
      const double kind = coin(rng);
      if (kind < 0.35) {
        q.given[q.given.size() - 1] = given_dist(rng);  // a replaced character
        d.name = Han(q);
      } else if (kind < 0.5 && q.given.size() == 2) {
        std::swap(q.given[0], q.given[1]);  // swapped characters
        d.name = Han(q);
      } else if (kind < 0.75) {
        std::string s;  // traditional characters where they differ
        for (const std::string& cp : {std::string(kSurnames[q.surname].han)}) {
          auto it = kTraditional.find(cp);
          s += it != kTraditional.end() ? it->second : cp;
        }
        for (std::size_t g : q.given) {
          auto it = kTraditional.find(kGiven[g].han);
          s += it != kTraditional.end() ? it->second : std::string(kGiven[g].han);
        }
        d.name = s;
      } else {
        std::string given;  // pinyin-only Latin spelling, surname first or last
        for (std::size_t g : q.given) given += kGiven[g].pinyin;
        given[0] = static_cast<char>(given[0] - 'a' + 'A');
        d.name = coin(rng) < 0.5 ? std::string(kSurnames[q.surname].pinyin) + " " + given
                                 : given + " " + kSurnames[q.surname].pinyin;
      }
    }
    if (coin(rng) < dirt) {  // date dirt
      ++dirty_fields;
      const double kind = coin(rng);
      huicai::Date b = p.birth;
      if (kind < 0.35 && b.day <= 12 && b.day != b.month) {
        std::swap(b.day, b.month);
      } else if (kind < 0.8) {
        b.day = b.day % 10 == 9 ? b.day - 1 : b.day + 1;  // one digit off
        if (b.day > 28) b.day -= 2;
      } else {
        d.birth_date.reset();
      }
      if (d.birth_date) d.birth_date = b;
    }
    if (coin(rng) < dirt) {  // region dirt: neighbouring county or missing
      ++dirty_fields;
      if (coin(rng) < 0.8) {
        std::string r = p.region;
        const int c = std::stoi(r.substr(4));
        d.region_code =
            r.substr(0, 4) + (c < 12 ? County(0, 0, c + 1) : County(0, 0, c - 1)).substr(4);
      } else {
        d.region_code.clear();
      }
    }
    if (coin(rng) < dirt / 2) {
      ++dirty_fields;
      d.gender = huicai::Gender::kUnknown;
    }
    records.push_back(d);
  }

  huicai::matcher::LinkageOptions options;
  const auto start = std::chrono::steady_clock::now();
  auto result = huicai::matcher::Link(records, options);
  const auto end = std::chrono::steady_clock::now();
  if (!result.has_value()) {
    std::fprintf(stderr, "linkage failed: %s\n", result.error().ToString().c_str());
    return 1;
  }
  // Pairwise evaluation: pairs of records in one cluster vs pairs of one person.
  std::unordered_map<std::int64_t, std::vector<std::size_t>> clusters;
  for (std::size_t i = 0; i < records.size(); ++i) clusters[result->cluster_of[i]].push_back(i);
  double predicted = 0, true_positive = 0;
  for (const auto& [id, members] : clusters) {
    for (std::size_t a = 0; a < members.size(); ++a) {
      for (std::size_t b = a + 1; b < members.size(); ++b) {
        predicted += 1;
        if (members[a] / 2 == members[b] / 2) true_positive += 1;
      }
    }
  }
  const double precision = predicted > 0 ? true_positive / predicted : 0;
  const double recall = true_positive / static_cast<double>(people);
  const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  const auto& stats = result->timings;
  std::printf("people %zu, records %zu, dirty fields %zu (%.2f%% of partner records)\n", people,
              records.size(), dirty_fields,
              100.0 * static_cast<double>(dirty_fields) / static_cast<double>(people));
  std::printf("candidate pairs %zu, links %zu, review pairs %zu, skipped blocks %zu\n",
              result->candidate_pairs, result->links.size(), result->reviews.size(),
              result->skipped_blocks.size());
  std::printf("precision %.5f  recall %.5f  F1 %.5f\n", precision, recall, f1);
  std::printf(
      "time: prepare %.2f s, blocking+compare %.2f s, EM %.3f s (%d iterations%s), "
      "scoring+clustering %.2f s, total %.2f s\n",
      stats.prepare_seconds, stats.compare_seconds, stats.em_seconds, result->model.iterations,
      result->model.converged ? ", converged" : "", stats.link_seconds,
      std::chrono::duration<double>(end - start).count());
  // Where the thresholds cut: true and false pairs per band of posterior probability, and the
  // precision the model itself expects of its links (mean probability; no truth used).
  const double bands[] = {0.5, 0.9, 0.99, 0.999, 1.0 + 1e-9};
  std::vector<std::pair<int, int>> histogram(std::size(bands) - 1);
  double expected_true = 0;
  for (const auto* list : {&result->links, &result->reviews}) {
    for (const auto& ev : *list) {
      if (list == &result->links) expected_true += ev.probability;
      for (std::size_t b = 0; b + 1 < std::size(bands); ++b) {
        if (ev.probability >= bands[b] && ev.probability < bands[b + 1]) {
          (ev.left / 2 == ev.right / 2 ? histogram[b].first : histogram[b].second) += 1;
        }
      }
    }
  }
  std::printf("thresholds: link at probability >= %.2f, review %.2f..%.2f; prior %.3g (%+.2f)\n",
              options.link_probability, options.review_probability, options.link_probability,
              result->model.prior, huicai::matcher::PriorWeight(result->model));
  std::printf(
      "model-expected precision of the links %.5f\n",
      result->links.empty() ? 0.0 : expected_true / static_cast<double>(result->links.size()));
  std::printf("probability      true pairs  false pairs (links and reviews)\n");
  for (std::size_t b = 0; b + 1 < std::size(bands); ++b) {
    std::printf("  %.3f..%.3f  %9d  %9d\n", bands[b], std::min(bands[b + 1], 1.0),
                histogram[b].first, histogram[b].second);
  }
  if (std::getenv("LINKAGE_BENCH_MISSES") != nullptr) {  // a few missed pairs, for tuning
    int shown = 0;
    for (std::size_t i = 0; i < people && shown < 12; ++i) {
      if (result->cluster_of[2 * i] == result->cluster_of[2 * i + 1]) continue;
      auto ev = huicai::matcher::Explain(records[2 * i], records[2 * i + 1], result->model);
      if (!ev.has_value()) continue;
      std::printf("missed %s / %s:\n%s", records[2 * i].name.c_str(),
                  records[2 * i + 1].name.c_str(), huicai::matcher::FormatEvidence(*ev).c_str());
      ++shown;
    }
  }
  std::printf("model (match proportion of candidates %.4f, prior %.3g):\n",
              result->model.match_proportion, result->model.prior);
  for (const auto& field : result->model.fields) {
    for (const auto& level : field.levels) {
      std::printf("  %-10s %-20s m %.4f  u %.6f\n", field.field.c_str(), level.level.c_str(),
                  level.m, level.u);
    }
  }
  return 0;
}
