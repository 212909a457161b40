// match_scale_bench: a whole matching round at province scale, stage by stage.
// SelectCandidates -> ScorePairs -> Assign (and AssignGreedy on the same pairs), with wall time
// and peak RSS after each stage, policy figures for optimal vs greedy, the machine's Eigen
// throughput, and (--reference) LEMON's NetworkSimplex on the whole flow graph in a forked
// child. Prints figures; not a test.
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "matcher/assign.h"
#include "matcher/candidates.h"
#include "matcher/score.h"

namespace {

using huicai::Need;
using huicai::Talent;
namespace mt = huicai::matcher;
using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------------------------
// Synthetic Shandong round.

// City code and how many counties/districts it gets (16 cities, 140 codes).
constexpr std::pair<int, int> kCities[] = {{1, 12},  {2, 10}, {3, 8},  {4, 6},  {5, 5},  {6, 12},
                                           {7, 12},  {8, 11}, {9, 6},  {10, 4}, {11, 4}, {13, 12},
                                           {14, 11}, {15, 8}, {16, 7}, {17, 12}};

// GB/T 13745 first-level codes and the term group (0 agriculture, 1 medicine, 2 engineering,
// 3 management/social) their texts draw from.
constexpr std::pair<const char*, int> kFields[] = {
    {"210", 0}, {"220", 0}, {"230", 0}, {"240", 0}, {"180", 0}, {"170", 0}, {"550", 0}, {"570", 0},
    {"610", 0}, {"416", 0}, {"310", 1}, {"320", 1}, {"330", 1}, {"350", 1}, {"360", 1}, {"340", 1},
    {"890", 1}, {"130", 2}, {"120", 2}, {"140", 2}, {"150", 2}, {"420", 2}, {"430", 2}, {"460", 2},
    {"470", 2}, {"480", 2}, {"510", 2}, {"520", 2}, {"530", 2}, {"540", 2}, {"560", 2}, {"580", 2},
    {"620", 2}, {"630", 3}, {"790", 3}, {"820", 3}, {"840", 3}, {"880", 3}, {"810", 3}, {"910", 3}};

const char* const kAgriculture[] = {
    "果树",       "苹果",       "梨树",     "葡萄",       "樱桃",       "桃树",     "冬枣",
    "板栗",       "核桃",       "小麦",     "玉米",       "花生",       "大豆",     "棉花",
    "水稻",       "马铃薯",     "大蒜",     "生姜",       "大葱",       "白菜",     "番茄",
    "黄瓜",       "辣椒",       "茶叶",     "食用菌",     "中草药",     "病虫害",   "绿色防控",
    "统防统治",   "土壤改良",   "测土配方", "水肥一体化", "节水灌溉",   "设施农业", "日光温室",
    "大棚",       "育苗",       "嫁接",     "修剪",       "授粉",       "育种",     "良种繁育",
    "高产栽培",   "有机肥",     "生物农药", "农药残留",   "盐碱地",     "秸秆还田", "农机",
    "植保无人机", "生猪",       "肉牛",     "奶牛",       "肉羊",       "蛋鸡",     "肉鸡",
    "兽医",       "疫病防控",   "饲料",     "粪污处理",   "水产养殖",   "海参",     "对虾",
    "扇贝",       "海带",       "网箱",     "淡水鱼",     "林木",       "造林",     "苗木",
    "森林防火",   "林下经济",   "湿地",     "水土保持",   "农产品加工", "冷链",     "仓储",
    "保鲜",       "品牌",       "合作社",   "家庭农场",   "电商",       "直播带货", "乡村旅游",
    "采摘园",     "农业物联网", "智慧农业", "遥感",       "GIS",        "气象",     "灾害",
    "干旱",       "病害诊断",   "检测",     "质量安全",   "认证",       "标准化",   "种子",
    "化肥减量"};
const char* const kMedicine[] = {
    "全科",     "基层医疗", "家庭医生", "慢病管理", "高血压",   "糖尿病",   "心血管",   "脑卒中",
    "康复",     "护理",     "老年",     "养老",     "儿科",     "妇产",     "产后",     "眼科",
    "口腔",     "骨科",     "针灸",     "推拿",     "中医",     "中药",     "方剂",     "药材种植",
    "炮制",     "药学",     "合理用药", "检验",     "影像",     "超声",     "心电",     "急救",
    "院前急救", "传染病",   "疫苗",     "公共卫生", "健康教育", "营养",     "食品安全", "职业病",
    "精神卫生", "心理咨询", "远程会诊", "医共体",   "病案",     "医院管理", "感染控制", "肿瘤",
    "筛查",     "呼吸",     "肾病",     "体检",     "运动医学", "体育训练", "中医养生", "治未病",
    "医保",     "药品监管", "卫生应急", "村医培训"};
const char* const kEngineering[] = {
    "数控",     "机械",     "模具",     "焊接",     "铸造",   "锻压",     "机器人",   "自动化",
    "PLC",      "传感器",   "电气",     "电机",     "变频",   "光伏",     "风电",     "储能",
    "新能源",   "电网",     "节能",     "锅炉",     "热力",   "化工",     "精细化工", "安全生产",
    "危化品",   "环保",     "污水处理", "废气治理", "固废",   "建筑",     "结构",     "装配式",
    "道路",     "桥梁",     "隧道",     "测绘",     "地质",   "勘察",     "水利",     "灌区",
    "材料",     "复合材料", "新材料",   "冶金",     "轮胎",   "橡胶",     "纺织",     "服装",
    "造纸",     "家具",     "陶瓷",     "玻璃",     "电子",   "芯片",     "通信",     "5G",
    "软件",     "大数据",   "云计算",   "人工智能", "物联网", "区块链",   "网络安全", "工业互联网",
    "数字化",   "质量管理", "检测认证", "计量",     "标准",   "工艺改进", "设备维修", "故障诊断",
    "产品设计", "工业设计", "包装",     "物流",     "交通",   "汽车",     "农机装备", "船舶",
    "港口",     "航空",     "钢结构",   "暖通",     "给排水", "消防",     "特种设备", "电梯"};
const char* const kManagement[] = {
    "财务",     "会计",     "审计",     "税务",     "金融",     "融资",     "保险",     "法律",
    "合同",     "知识产权", "专利",     "商标",     "企业管理", "战略",     "市场营销", "人力资源",
    "培训",     "规划",     "乡村振兴", "产业规划", "招商引资", "文旅",     "文化",     "非遗",
    "教育",     "职业教育", "课程",     "师资",     "社会工作", "社区治理", "调解",     "政策咨询",
    "项目申报", "统计",     "经济分析", "外贸",     "跨境电商", "品牌策划", "直播",     "新媒体"};
const char* const kTitles[] = {"研究员",     "副研究员",     "教授",       "副教授",
                               "高级工程师", "正高级工程师", "主任医师",   "副主任医师",
                               "高级农艺师", "推广研究员",   "高级兽医师", "高级经济师",
                               "高级会计师", "律师"};

struct WordList {
  const char* const* words;
  std::size_t size;
};
constexpr WordList kGroups[] = {{kAgriculture, std::size(kAgriculture)},
                                {kMedicine, std::size(kMedicine)},
                                {kEngineering, std::size(kEngineering)},
                                {kManagement, std::size(kManagement)}};

struct Round {
  std::vector<Need> needs;
  std::vector<Talent> experts;
  std::vector<double> priority;              // per need
  std::vector<mt::ExpertSlot> expert_state;  // per expert (expert_index set)
};

class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {
    for (const auto& [city, count] : kCities) {
      for (int i = 0; i < count; ++i) {
        // Districts 02.., then counties 21.. as real codes do.
        const int suffix = i < 3 ? 2 + i : 21 + (i - 3);
        char code[32];
        std::snprintf(code, sizeof code, "37%02d%02d", city, suffix);
        counties_.emplace_back(code);
      }
    }
    // Old revolutionary / underdeveloped areas: the counties of Linyi, Heze, Liaocheng plus a
    // few more, about 30% of all.
    for (const std::string& c : counties_) {
      const bool listed = c.compare(0, 4, "3713") == 0 || c.compare(0, 4, "3717") == 0 ||
                          c.compare(0, 4, "3715") == 0 || c == "370921" || c == "371122";
      (listed ? priority_ : ordinary_).push_back(c);
    }
  }

  Round Make(std::size_t n_needs, std::size_t n_experts) {
    Round r;
    r.needs.reserve(n_needs);
    r.priority.reserve(n_needs);
    for (std::size_t i = 0; i < n_needs; ++i) {
      Need n;
      n.id = static_cast<huicai::NeedId>(i + 1);
      const std::size_t field = Index(std::size(kFields));
      n.disciplines.push_back(SubCode(field));
      if (Chance(0.2)) n.disciplines.push_back(SubCode(Index(std::size(kFields))));
      const bool prio = Chance(0.3);
      n.region_code = prio ? Pick(priority_) : Pick(ordinary_);
      r.priority.push_back(prio ? 1.3 : 1.0);
      const int group = kFields[field].second;
      n.title = Text(group, 2);
      n.description = Text(group, 6);
      n.unit = "unit " + std::to_string(i);
      n.headcount = static_cast<int>(Uniform(1, 3));
      constexpr int kDays[] = {2, 3, 5, 7, 10};
      n.days = kDays[Index(std::size(kDays))];
      r.needs.push_back(std::move(n));
    }
    r.experts.reserve(n_experts);
    r.expert_state.reserve(n_experts);
    for (std::size_t i = 0; i < n_experts; ++i) {
      Talent t;
      t.person_id = static_cast<huicai::PersonId>(i + 1);
      const std::size_t field = Index(std::size(kFields));
      t.disciplines.push_back(SubCode(field));
      if (Chance(0.3)) t.disciplines.push_back(SubCode(Index(std::size(kFields))));
      t.region_code = Pick(counties_);
      t.specialties = Text(kFields[field].second, 4);
      t.title = kTitles[Index(std::size(kTitles))];
      mt::ExpertSlot s;
      s.expert_index = i;
      s.days_left = static_cast<int>(Uniform(5, 40));
      s.served_days = static_cast<int>(Uniform(0, 20));
      s.in_programme = Chance(0.6);
      s.recent_calls = static_cast<int>(Uniform(0, 3));
      t.days_available = s.days_left + s.served_days;
      t.grassroots_days_served = s.served_days;
      t.in_programme = s.in_programme;
      r.experts.push_back(std::move(t));
      r.expert_state.push_back(s);
    }
    return r;
  }

 private:
  std::size_t Index(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  long Uniform(long lo, long hi) { return std::uniform_int_distribution<long>(lo, hi)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  const std::string& Pick(const std::vector<std::string>& from) { return from[Index(from.size())]; }
  std::string SubCode(std::size_t field) {
    return std::string(kFields[field].first) + std::to_string(10 * Uniform(1, 5));
  }
  // Mostly words of the field's group (the first third of it most often), some from anywhere.
  std::string Text(int group, int words) {
    std::string text;
    for (int w = 0; w < words; ++w) {
      const WordList& list = kGroups[Chance(0.85) ? group : static_cast<int>(Index(4))];
      const std::size_t k = Chance(0.5) ? Index(list.size / 3 + 1) : Index(list.size);
      if (!text.empty()) text += ' ';
      text += list.words[k];
    }
    return text;
  }

  std::mt19937_64 rng_;
  std::vector<std::string> counties_, priority_, ordinary_;
};

// ---------------------------------------------------------------------------------------------
// Measuring.

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A /proc/self/status field in MiB (VmHWM: peak RSS, VmRSS: current).
double ProcMiB(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::size_t len = std::strlen(field);
  while (std::getline(in, line)) {
    if (line.compare(0, len, field) == 0 && line.size() > len && line[len] == ':') {
      return std::strtod(line.c_str() + len + 1, nullptr) / 1024.0;
    }
  }
  return 0;
}

struct Stage {
  std::string name;
  double seconds = 0;
  double peak_mib = 0;
};

// Bench-side copy of the term split (Han bigrams within space-separated words, ASCII words
// lower-cased) used only to count the multiply-adds the text products do.
class TermIds {
 public:
  std::vector<int> Of(std::string_view text) {
    std::vector<int> ids;
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t end = text.find(' ', pos);
      if (end == std::string_view::npos) end = text.size();
      AddWord(text.substr(pos, end - pos), ids);
      pos = end + 1;
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  }
  std::size_t size() const { return ids_.size(); }

 private:
  void AddWord(std::string_view word, std::vector<int>& ids) {
    if (word.empty()) return;
    if (static_cast<unsigned char>(word[0]) < 0x80) {
      std::string lower(word);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      ids.push_back(Id(lower));
    } else if (word.size() <= 3) {
      ids.push_back(Id(std::string(word)));
    } else {
      for (std::size_t i = 0; i + 6 <= word.size(); i += 3) {
        ids.push_back(Id(std::string(word.substr(i, 6))));
      }
    }
  }
  int Id(const std::string& term) {
    return ids_.try_emplace(term, static_cast<int>(ids_.size())).first->second;
  }
  std::unordered_map<std::string, int> ids_;
};

std::size_t Intersection(const std::vector<int>& a, const std::vector<int>& b) {
  std::size_t n = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++n, ++i, ++j;
    }
  }
  return n;
}

struct Throughput {
  double sparse_macs_per_s = 0;  // sparse x sparse -> dense, multiply-adds per second
  double gemm_gflops = 0;        // dense double GEMM
};

// A random (rows x cols) sparse matrix with `per_outer` nonzeros in each column.
Eigen::SparseMatrix<double> RandomSparse(Eigen::Index rows, Eigen::Index cols, int per_col,
                                         std::mt19937_64& rng) {
  std::uniform_int_distribution<Eigen::Index> pick(0, rows - 1);
  std::vector<Eigen::Triplet<double>> triplets;
  triplets.reserve(static_cast<std::size_t>(cols * per_col));
  for (Eigen::Index c = 0; c < cols; ++c) {
    for (int k = 0; k < per_col; ++k) triplets.emplace_back(pick(rng), c, 0.5);
  }
  Eigen::SparseMatrix<double> m(rows, cols);
  m.setFromTriplets(triplets.begin(), triplets.end());
  return m;
}

Throughput MeasureEigen(Eigen::Index vocabulary, int expert_terms, int need_terms) {
  Throughput t;
  std::mt19937_64 rng(99);
  // Same shape as one candidates block: (experts x V) * (V x needs), dense result.
  const Eigen::Index experts = 5000, needs = 400;
  const Eigen::SparseMatrix<double> et = RandomSparse(vocabulary, experts, expert_terms, rng);
  const Eigen::SparseMatrix<double> a = et.transpose();
  const Eigen::SparseMatrix<double> b = RandomSparse(vocabulary, needs, need_terms, rng);
  double macs = 0;
  {
    std::vector<double> col_nnz(static_cast<std::size_t>(vocabulary), 0);
    for (Eigen::Index k = 0; k < a.outerSize(); ++k) {
      col_nnz[static_cast<std::size_t>(k)] = static_cast<double>(a.col(k).nonZeros());
    }
    for (Eigen::Index j = 0; j < b.outerSize(); ++j) {
      for (Eigen::SparseMatrix<double>::InnerIterator it(b, j); it; ++it) {
        macs += col_nnz[static_cast<std::size_t>(it.row())];
      }
    }
  }
  Eigen::MatrixXd dense;
  const auto start = Clock::now();
  int reps = 0;
  while (Since(start) < 0.5) {
    dense = a * b;
    ++reps;
  }
  t.sparse_macs_per_s = macs * reps / Since(start);

  const Eigen::Index n = 512;
  const Eigen::MatrixXd x = Eigen::MatrixXd::Random(n, n), y = Eigen::MatrixXd::Random(n, n);
  Eigen::MatrixXd z(n, n);
  const auto gemm_start = Clock::now();
  reps = 0;
  while (Since(gemm_start) < 0.5) {
    z.noalias() = x * y;
    ++reps;
  }
  t.gemm_gflops = 2.0 * static_cast<double>(n * n * n) * reps / Since(gemm_start) / 1e9;
  if (z(0, 0) == 12345.678) std::printf(" ");  // keep the product alive
  if (dense.size() == 0) std::printf(" ");
  return t;
}

// ---------------------------------------------------------------------------------------------
// The LEMON reference: the whole flow graph of the round, random integer costs.

struct Reference {
  bool ran = false;
  double build_seconds = 0, solve_seconds = 0, peak_mib = 0, added_mib = 0;
  long long objective = 0;
  std::size_t nodes = 0, arcs = 0;
};

Reference SolveReference(const std::vector<mt::NeedSlot>& need_slots,
                         const std::vector<mt::ExpertSlot>& expert_slots,
                         const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                         const std::vector<int>& slot_of_need,
                         const std::vector<int>& slot_of_expert) {
  Reference ref;
  ref.ran = true;
  const double rss_at_start = ProcMiB("VmRSS");
  const auto build_start = Clock::now();
  lemon::SmartDigraph g;
  g.reserveNode(static_cast<int>(need_slots.size() + expert_slots.size() + 2));
  g.reserveArc(static_cast<int>(edges.size() + need_slots.size() + expert_slots.size() + 1));
  const auto source = g.addNode();
  const auto sink = g.addNode();
  std::vector<lemon::SmartDigraph::Node> need_nodes, expert_nodes;
  need_nodes.reserve(need_slots.size());
  expert_nodes.reserve(expert_slots.size());
  for (std::size_t i = 0; i < need_slots.size(); ++i) need_nodes.push_back(g.addNode());
  for (std::size_t i = 0; i < expert_slots.size(); ++i) expert_nodes.push_back(g.addNode());
  lemon::SmartDigraph::ArcMap<std::int64_t> capacity(g), cost(g);
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<std::int64_t> random_cost(1, 1000000);
  std::int64_t supply = 0;
  for (std::size_t i = 0; i < need_slots.size(); ++i) {
    const auto a = g.addArc(source, need_nodes[i]);
    capacity[a] = need_slots[i].headcount;
    cost[a] = 0;
    supply += need_slots[i].headcount;
  }
  for (const auto& [need, expert] : edges) {
    const auto a = g.addArc(need_nodes[static_cast<std::size_t>(slot_of_need[need])],
                            expert_nodes[static_cast<std::size_t>(slot_of_expert[expert])]);
    capacity[a] = 1;
    cost[a] = -random_cost(rng);
  }
  for (std::size_t i = 0; i < expert_slots.size(); ++i) {
    const auto a = g.addArc(expert_nodes[i], sink);
    capacity[a] = 3;
    cost[a] = 0;
  }
  const auto bypass = g.addArc(source, sink);
  capacity[bypass] = supply;
  cost[bypass] = 0;
  ref.nodes = static_cast<std::size_t>(lemon::countNodes(g));
  ref.arcs = static_cast<std::size_t>(lemon::countArcs(g));
  lemon::NetworkSimplex<lemon::SmartDigraph, std::int64_t, std::int64_t> simplex(g);
  simplex.upperMap(capacity).costMap(cost).stSupply(source, sink, supply);
  ref.build_seconds = Since(build_start);
  const auto solve_start = Clock::now();
  const auto status = simplex.run();
  ref.solve_seconds = Since(solve_start);
  ref.objective = status == decltype(simplex)::OPTIMAL ? -simplex.totalCost<long long>() : -1;
  ref.peak_mib = ProcMiB("VmHWM");
  ref.added_mib = ref.peak_mib - rss_at_start;
  return ref;
}

// Runs the reference in a child so its memory does not enter the parent's peak RSS figures.
Reference ForkReference(const std::vector<mt::NeedSlot>& need_slots,
                        const std::vector<mt::ExpertSlot>& expert_slots,
                        const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                        const std::vector<int>& slot_of_need,
                        const std::vector<int>& slot_of_expert) {
  int fds[2];
  if (pipe(fds) != 0) {
    std::perror("pipe");
    return {};
  }
  std::fflush(stdout);
  const pid_t child = fork();
  if (child < 0) {
    std::perror("fork");
    return {};
  }
  if (child == 0) {
    close(fds[0]);
    const Reference ref =
        SolveReference(need_slots, expert_slots, edges, slot_of_need, slot_of_expert);
    ssize_t written = write(fds[1], &ref, sizeof ref);
    close(fds[1]);
    _exit(written == static_cast<ssize_t>(sizeof ref) ? 0 : 1);
  }
  close(fds[1]);
  Reference ref;
  std::size_t got = 0;
  while (got < sizeof ref) {
    const ssize_t n = read(fds[0], reinterpret_cast<char*>(&ref) + got, sizeof ref - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  if (got != sizeof ref) {
    std::fprintf(stderr, "reference child failed (status %d)\n", status);
    return {};
  }
  return ref;
}

// ---------------------------------------------------------------------------------------------
// Policy figures of one assignment.

struct Policy {
  double objective = 0;
  double on_pace_share = 0;    // programme experts with candidates reaching the pace
  double gini_calls = 0;       // Gini of calls over experts with candidates
  double priority_filled = 0;  // priority needs given their full headcount
  double mean_score = 0;       // mean score of chosen pairs
  std::size_t chosen = 0;
};

double Gini(std::vector<double> x) {
  if (x.empty()) return 0;
  std::sort(x.begin(), x.end());
  double sum = 0, weighted = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sum += x[i];
    weighted += static_cast<double>(i + 1) * x[i];
  }
  if (sum <= 0) return 0;
  const auto n = static_cast<double>(x.size());
  return 2.0 * weighted / (n * sum) - (n + 1.0) / n;
}

Policy Evaluate(const mt::Assignment& a, const std::vector<mt::ScoredPair>& pairs,
                const Round& round, const std::vector<mt::NeedSlot>& need_slots,
                const std::vector<mt::ExpertSlot>& expert_slots,
                const std::vector<int>& slot_of_expert, double year_fraction, int required_days) {
  Policy p;
  p.objective = a.objective;
  p.chosen = a.chosen.size();
  std::vector<int> days(expert_slots.size(), 0), calls(expert_slots.size(), 0);
  std::vector<int> filled(round.needs.size(), 0);
  double score_sum = 0;
  for (std::size_t c : a.chosen) {
    const mt::ScoredPair& pair = pairs[c];
    const auto e = static_cast<std::size_t>(slot_of_expert[pair.expert_index]);
    days[e] += round.needs[pair.need_index].days;
    ++calls[e];
    ++filled[pair.need_index];
    score_sum += pair.score;
  }
  p.mean_score = a.chosen.empty() ? 0 : score_sum / static_cast<double>(a.chosen.size());
  std::size_t programme = 0, on_pace = 0;
  std::vector<double> load;
  load.reserve(expert_slots.size());
  for (std::size_t e = 0; e < expert_slots.size(); ++e) {
    load.push_back(calls[e]);
    if (!expert_slots[e].in_programme) continue;
    ++programme;
    if (expert_slots[e].served_days + days[e] >= required_days * year_fraction) ++on_pace;
  }
  p.on_pace_share = programme ? static_cast<double>(on_pace) / static_cast<double>(programme) : 0;
  p.gini_calls = Gini(std::move(load));
  std::size_t prio = 0, prio_filled = 0;
  for (const mt::NeedSlot& s : need_slots) {
    if (s.priority_weight <= 1.0) continue;
    ++prio;
    if (filled[s.need_index] >= s.headcount) ++prio_filled;
  }
  p.priority_filled = prio ? static_cast<double>(prio_filled) / static_cast<double>(prio) : 0;
  return p;
}

void Usage(std::FILE* out, const char* argv0) {
  std::fprintf(
      out,
      "usage: %s [NEEDS=10000] [EXPERTS=200000] [K=100] [--reference] [--seed N] [--json]\n"
      "Runs one synthetic Shandong matching round (140 counties, 40 disciplines, Chinese texts)\n"
      "through SelectCandidates, ScorePairs, Assign and AssignGreedy; prints wall time and peak\n"
      "RSS per stage, objective and policy figures (optimal vs greedy), and Eigen throughput.\n"
      "  --reference  also solve the whole flow graph with LEMON NetworkSimplex (random integer\n"
      "               costs) in a forked child, timed and measured separately\n"
      "  --seed N     data seed (default 1)\n"
      "  --region-digits N  candidates share the first N digits of the need's region: 2 same\n"
      "               province (default), 4 same city, 6 same county, 0 anywhere\n"
      "  --widen      start at the need's county, widen only while its field has fewer than K\n"
      "  --same-days  every need asks 5 days (the case the flow alone solves exactly)\n"
      "  --json       print one JSON object instead of the table\n",
      argv0);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<long> positional;
  bool reference = false, json = false;
  unsigned seed = 1;
  int region_digits = 2;
  bool same_days = false, widen = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      Usage(stdout, argv[0]);
      return 0;
    } else if (arg == "--reference") {
      reference = true;
    } else if (arg == "--json") {
      json = true;
    } else if (arg == "--region-digits" && i + 1 < argc) {
      region_digits = std::atoi(argv[++i]);
    } else if (arg == "--widen") {
      widen = true;
    } else if (arg == "--same-days") {
      same_days = true;
    } else if (arg == "--seed" && i + 1 < argc) {
      seed = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else if (std::strtol(arg.c_str(), nullptr, 10) > 0 && positional.size() < 3) {
      positional.push_back(std::strtol(arg.c_str(), nullptr, 10));
    } else {
      std::fprintf(stderr, "unknown argument '%s'\n", arg.c_str());
      Usage(stderr, argv[0]);
      return 2;
    }
  }
  const auto n_needs = static_cast<std::size_t>(positional.size() > 0 ? positional[0] : 10000);
  const auto n_experts = static_cast<std::size_t>(positional.size() > 1 ? positional[1] : 200000);
  const auto k = static_cast<std::size_t>(positional.size() > 2 ? positional[2] : 100);
  constexpr double kYearFraction = 0.9;

  std::vector<Stage> stages;
  auto stage = [&](const char* name, Clock::time_point start) {
    stages.push_back({name, Since(start), ProcMiB("VmHWM")});
    if (!json) std::fprintf(stderr, "  %-18s %8.3f s\n", name, stages.back().seconds);
  };

  auto start = Clock::now();
  Round round = Generator(seed).Make(n_needs, n_experts);
  stage("generate", start);

  start = Clock::now();
  if (same_days) {
    for (Need& n : round.needs) n.days = 5;
  }
  mt::CandidateOptions candidate_options{k, region_digits};
  candidate_options.widen = widen;
  auto candidates = mt::SelectCandidates(round.needs, round.experts, candidate_options);
  if (!candidates) {
    std::fprintf(stderr, "SelectCandidates: %s\n", candidates.status().ToString().c_str());
    return 1;
  }
  stage("candidates", start);

  start = Clock::now();
  // Scores only; the reasons are written for the chosen pairs after the solve (as the hub does).
  auto scored =
      mt::ScorePairs(round.needs, round.experts, *candidates, {}, mt::ScoreDetail::kValuesOnly);
  if (!scored) {
    std::fprintf(stderr, "ScorePairs: %s\n", scored.status().ToString().c_str());
    return 1;
  }
  stage("scoring", start);
  const std::vector<mt::ScoredPair>& pairs = *scored;

  // Slots: every need with candidates, every expert named by a pair.
  std::vector<mt::NeedSlot> need_slots;
  std::vector<mt::ExpertSlot> expert_slots;
  std::vector<int> slot_of_need(round.needs.size(), -1), slot_of_expert(round.experts.size(), -1);
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  edges.reserve(pairs.size());
  for (const mt::ScoredPair& p : pairs) {
    if (slot_of_need[p.need_index] < 0) {
      slot_of_need[p.need_index] = static_cast<int>(need_slots.size());
      const Need& n = round.needs[p.need_index];
      need_slots.push_back({p.need_index, n.headcount, n.days, round.priority[p.need_index]});
    }
    if (slot_of_expert[p.expert_index] < 0) {
      slot_of_expert[p.expert_index] = static_cast<int>(expert_slots.size());
      expert_slots.push_back(round.expert_state[p.expert_index]);
    }
    edges.emplace_back(p.need_index, p.expert_index);
  }

  Reference ref;
  if (reference) {
    ref = ForkReference(need_slots, expert_slots, edges, slot_of_need, slot_of_expert);
  }
  edges = {};

  mt::AssignmentOptions options;
  options.year_fraction = kYearFraction;
  start = Clock::now();
  auto optimal = mt::Assign(need_slots, expert_slots, pairs, options);
  if (!optimal) {
    std::fprintf(stderr, "Assign: %s\n", optimal.status().ToString().c_str());
    return 1;
  }
  stage("assign", start);
  start = Clock::now();
  auto greedy = mt::AssignGreedy(need_slots, expert_slots, pairs, options);
  if (!greedy) {
    std::fprintf(stderr, "AssignGreedy: %s\n", greedy.status().ToString().c_str());
    return 1;
  }
  stage("assign_greedy", start);

  start = Clock::now();
  {
    std::vector<mt::CandidateSet> chosen_sets;
    std::unordered_map<std::size_t, std::size_t> set_of_need;
    for (std::size_t c : optimal->chosen) {
      const auto [it, added] = set_of_need.try_emplace(pairs[c].need_index, chosen_sets.size());
      if (added) chosen_sets.push_back({pairs[c].need_index, {}});
      chosen_sets[it->second].expert_indices.push_back(pairs[c].expert_index);
    }
    auto reasons = mt::ScorePairs(round.needs, round.experts, chosen_sets, {});
    if (!reasons) {
      std::fprintf(stderr, "ScorePairs (reasons): %s\n", reasons.status().ToString().c_str());
      return 1;
    }
  }
  stage("reasons", start);

  const double end_to_end =
      stages[1].seconds + stages[2].seconds + stages[3].seconds + stages[5].seconds;
  const Policy opt = Evaluate(*optimal, pairs, round, need_slots, expert_slots, slot_of_expert,
                              kYearFraction, options.required_days);
  const Policy gre = Evaluate(*greedy, pairs, round, need_slots, expert_slots, slot_of_expert,
                              kYearFraction, options.required_days);
  const double gap =
      opt.objective > 0 ? 100.0 * (opt.objective - gre.objective) / opt.objective : 0;

  // Multiply-adds the text products did: candidates (every need against its blocks' experts)
  // and scoring (every pair), from a bench-side term split.
  TermIds terms;
  std::vector<std::vector<int>> expert_terms(round.experts.size());
  double expert_nnz = 0, need_nnz = 0;
  for (std::size_t e = 0; e < round.experts.size(); ++e) {
    expert_terms[e] = terms.Of(round.experts[e].specialties + " " + round.experts[e].title);
    expert_nnz += static_cast<double>(expert_terms[e].size());
  }
  std::vector<std::vector<int>> need_terms(round.needs.size());
  for (std::size_t n = 0; n < round.needs.size(); ++n) {
    need_terms[n] = terms.Of(round.needs[n].title + " " + round.needs[n].description);
    need_nnz += static_cast<double>(need_terms[n].size());
  }
  double scoring_macs = 0;
  for (const mt::ScoredPair& p : pairs) {
    scoring_macs +=
        static_cast<double>(Intersection(need_terms[p.need_index], expert_terms[p.expert_index]));
  }
  // Candidates: per (first-level, province) block, sum over terms of needs x experts having it.
  double candidate_macs = 0;
  {
    std::unordered_map<std::string, std::vector<double>> expert_df, need_df;
    const std::size_t v = terms.size();
    auto add = [&](auto& map, const std::vector<std::string>& codes, const std::string& region,
                   const std::vector<int>& ids) {
      std::vector<std::string> seen;
      for (const std::string& c : codes) {
        std::string key = c.substr(0, 3) + region.substr(0, 2);
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
        seen.push_back(key);
        auto& df = map[key];
        df.resize(v, 0.0);
        for (int id : ids) df[static_cast<std::size_t>(id)] += 1.0;
      }
    };
    for (std::size_t e = 0; e < round.experts.size(); ++e) {
      add(expert_df, round.experts[e].disciplines, round.experts[e].region_code, expert_terms[e]);
    }
    for (std::size_t n = 0; n < round.needs.size(); ++n) {
      add(need_df, round.needs[n].disciplines, round.needs[n].region_code, need_terms[n]);
    }
    for (const auto& [key, ndf] : need_df) {
      auto it = expert_df.find(key);
      if (it == expert_df.end()) continue;
      for (std::size_t t = 0; t < v; ++t) candidate_macs += ndf[t] * it->second[t];
    }
  }
  const double avg_e = expert_nnz / static_cast<double>(std::max<std::size_t>(1, n_experts));
  const double avg_n = need_nnz / static_cast<double>(std::max<std::size_t>(1, n_needs));
  expert_terms = {};
  need_terms = {};
  const Throughput eigen = MeasureEigen(static_cast<Eigen::Index>(terms.size()),
                                        std::max(1, static_cast<int>(std::lround(avg_e))),
                                        std::max(1, static_cast<int>(std::lround(avg_n))));
  const double cand_rate = candidate_macs / stages[1].seconds;
  const double score_rate = scoring_macs / stages[2].seconds;

  const mt::Assignment& a = *optimal;
  if (json) {
    std::printf("{\"needs\":%zu,\"experts\":%zu,\"k\":%zu,\"seed\":%u,\"pairs\":%zu,", n_needs,
                n_experts, k, seed, pairs.size());
    std::printf("\"stages\":{");
    for (std::size_t i = 0; i < stages.size(); ++i) {
      std::printf("%s\"%s\":{\"seconds\":%.4f,\"peak_rss_mib\":%.1f}", i ? "," : "",
                  stages[i].name.c_str(), stages[i].seconds, stages[i].peak_mib);
    }
    std::printf("},\"end_to_end_seconds\":%.4f,", end_to_end);
    std::printf(
        "\"assign\":{\"objective\":%.6f,\"optimal\":%s,\"bound\":%.6f,\"pieces\":%zu,"
        "\"largest_piece\":%zu,\"flow_solves\":%zu},",
        a.objective, a.optimal ? "true" : "false", a.bound, a.pieces, a.largest_piece,
        a.flow_solves);
    std::printf("\"greedy\":{\"objective\":%.6f,\"gap_percent\":%.4f},", greedy->objective, gap);
    auto policy = [](const char* name, const Policy& p, bool comma) {
      std::printf(
          "\"%s\":{\"chosen\":%zu,\"on_pace_share\":%.4f,\"gini_calls\":%.4f,"
          "\"priority_filled_share\":%.4f,\"mean_score\":%.4f}%s",
          name, p.chosen, p.on_pace_share, p.gini_calls, p.priority_filled, p.mean_score,
          comma ? "," : "");
    };
    std::printf("\"policy\":{");
    policy("optimal", opt, true);
    policy("greedy", gre, false);
    std::printf(
        "},\"eigen\":{\"sparse_macs_per_s\":%.4g,\"gemm_gflops\":%.3f,"
        "\"candidates_macs_per_s\":%.4g,\"candidates_share\":%.4f,"
        "\"scoring_macs_per_s\":%.4g,\"scoring_share\":%.4f}",
        eigen.sparse_macs_per_s, eigen.gemm_gflops, cand_rate, cand_rate / eigen.sparse_macs_per_s,
        score_rate, score_rate / eigen.sparse_macs_per_s);
    if (ref.ran) {
      std::printf(
          ",\"reference\":{\"nodes\":%zu,\"arcs\":%zu,\"build_seconds\":%.4f,"
          "\"solve_seconds\":%.4f,\"peak_rss_mib\":%.1f,\"added_rss_mib\":%.1f}",
          ref.nodes, ref.arcs, ref.build_seconds, ref.solve_seconds, ref.peak_mib, ref.added_mib);
    }
    std::printf("}\n");
    return 0;
  }

  std::printf(
      "match_scale_bench: %zu needs x %zu experts, K=%zu, seed %u, region digits %d%s%s -> %zu "
      "pairs\n\n",
      n_needs, n_experts, k, seed, region_digits, widen ? ", widen" : "",
      same_days ? ", same days" : "", pairs.size());
  std::printf("%-16s %10s %14s\n", "stage", "wall s", "peak RSS MiB");
  for (const Stage& s : stages) {
    std::printf("%-16s %10.3f %14.1f%s\n", s.name.c_str(), s.seconds, s.peak_mib,
                s.name == "generate" ? "   (not counted)" : "");
  }
  std::printf("%-16s %10.3f   (candidates + scoring + assign + reasons)\n\n", "end to end",
              end_to_end);
  std::printf(
      "Assign: objective %.4f, optimal %s, bound %.4f (proven within %.4f%%), pieces %zu (%zu "
      "proven optimal), largest piece %zu pairs, flow solves %zu, GLPK pieces %zu\n",
      a.objective, a.optimal ? "yes" : "no", a.bound,
      a.objective > 0 ? 100.0 * (a.bound - a.objective) / a.objective : 0.0, a.pieces,
      a.proven_pieces, a.largest_piece, a.flow_solves, a.mip_pieces);
  std::printf("Greedy: objective %.4f, gap to Assign %.3f%%\n\n", greedy->objective, gap);
  std::printf("%-34s %12s %12s\n", "policy (year fraction 0.9)", "optimal", "greedy");
  std::printf("%-34s %12zu %12zu\n", "pairs chosen", opt.chosen, gre.chosen);
  std::printf("%-34s %11.1f%% %11.1f%%\n", "programme experts on pace", 100 * opt.on_pace_share,
              100 * gre.on_pace_share);
  std::printf("%-34s %12.4f %12.4f\n", "Gini of calls (experts w/ cand.)", opt.gini_calls,
              gre.gini_calls);
  std::printf("%-34s %11.1f%% %11.1f%%\n", "priority needs filled", 100 * opt.priority_filled,
              100 * gre.priority_filled);
  std::printf("%-34s %12.4f %12.4f\n\n", "mean score of chosen pairs", opt.mean_score,
              gre.mean_score);
  std::printf(
      "Eigen on this machine: sparse x sparse (dense result, %zu terms, %.0f x %.0f nnz)"
      " %.1f M multiply-adds/s; dense GEMM %.2f GFLOP/s\n",
      terms.size(), avg_e, avg_n, eigen.sparse_macs_per_s / 1e6, eigen.gemm_gflops);
  std::printf(
      "candidates stage: %.3g multiply-adds, %.1f M/s = %.1f%% of the sparse figure "
      "(tokenising included)\n",
      candidate_macs, cand_rate / 1e6, 100 * cand_rate / eigen.sparse_macs_per_s);
  std::printf(
      "scoring stage:    %.3g multiply-adds, %.1f M/s = %.2f%% of the sparse figure "
      "(tokenising every expert for the IDF dominates)\n",
      scoring_macs, score_rate / 1e6, 100 * score_rate / eigen.sparse_macs_per_s);
  if (ref.ran) {
    std::printf(
        "\nReference, LEMON NetworkSimplex on the whole graph (%zu nodes, %zu arcs, random "
        "integer costs, forked child): build %.3f s, solve %.3f s, peak RSS %.1f MiB "
        "(%.1f MiB above the round's data)\n",
        ref.nodes, ref.arcs, ref.build_seconds, ref.solve_seconds, ref.peak_mib, ref.added_mib);
  } else {
    std::printf("\n(reference not run; add --reference)\n");
  }
  return 0;
}
