// search_bench: index build rate and query latency of the search index at a province's scale.
//
// Generates N synthetic talents (deterministic), then in one run:
//   1. plain    — the reference: Xapian's TermGenerator with CJK n-grams over each talent's text,
//                 one document per talent, replace_document by id term, a commit every 5,000
//                 documents (the rhythm of `huicai index`), as a team would first write it.
//                 (This bench is the one place outside search/ that touches Xapian directly:
//                 it measures the library itself.)
//   2. huicai   — search::Index::BuildTalents, the build `huicai index --rebuild` uses.
//   3. queries  — p50/p99 over many different queries of each class, with facets: free text,
//                 filtered (region, tier, field) and pinyin names.
//   4. shards   — (--shards) the same index built through two xapian-tcpsrv on loopback, and the
//                 same queries through them: the overhead of scale-out.
// Prints figures; docs/BENCHMARKS.md records them. Long at 1,000,000 talents (minutes): a
// benchmark, not a test.
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/codes.h"
#include "core/pinyin.h"
#include "search/index.h"
#include "tests/support/xapian_server.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

const std::vector<std::string> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
    "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
    "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾",
    "丁", "魏", "薛", "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜",
    "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔", "白", "崔", "康",
    "毛", "邱", "秦", "江", "史", "顾", "侯", "邵", "孟", "龙", "万", "段", "单", "解", "仇"};
const std::vector<std::string> kGiven = {
    "伟",   "芳",   "娜",   "敏",   "静",   "丽",   "强",   "磊",   "军",   "洋",
    "勇",   "艳",   "杰",   "娟",   "涛",   "明",   "超",   "秀英", "霞",   "平",
    "刚",   "桂英", "华",   "建国", "文",   "海燕", "志强", "晓东", "国庆", "红梅",
    "玉兰", "春生", "立新", "淑珍", "宏伟", "建华", "永刚", "德胜", "小燕", "晨"};
const std::vector<std::string> kTitles = {"研究员",     "副研究员",     "教授",       "副教授",
                                          "高级农艺师", "农艺师",       "主任医师",   "副主任医师",
                                          "高级工程师", "正高级工程师", "高级畜牧师", "高级兽医师"};
const std::vector<std::string> kEmployers = {
    "山东农业大学",       "青岛农业大学",   "山东省农业科学院",       "临沂市农业科学院",
    "山东大学齐鲁医院",   "山东中医药大学", "烟台市农业技术推广中心", "潍坊科技学院",
    "山东理工大学",       "聊城大学",       "中国海洋大学",           "山东省海洋资源与环境研究院",
    "济南市第一人民医院", "齐鲁工业大学"};
const std::vector<std::string> kSpecialties = {
    "苹果栽培",     "果树病虫害防治", "设施蔬菜",     "大棚黄瓜", "日光温室番茄",
    "小麦育种",     "玉米栽培",       "花生高产",     "大蒜种植", "生姜病害",
    "茶叶加工",     "中药材种植",     "金银花",       "奶牛养殖", "生猪疫病防控",
    "肉鸡饲养",     "海参养殖",       "对虾育苗",     "土壤改良", "节水灌溉",
    "农产品电商",   "乡村规划",       "心血管内科",   "儿科",     "针灸推拿",
    "数控机床",     "机械设计",       "食品安全检测", "冷链物流", "林下经济",
    "樱桃栽培",     "葡萄酿酒",       "农业机械化",   "植物保护", "水肥一体化",
    "畜禽粪污处理", "小学数学教学",   "职业教育",     "光伏发电", "农村污水治理"};
const std::vector<std::string> kCounties = {
    "370102", "370112", "370181", "370211", "370214", "370281", "370302", "370322", "370405",
    "370481", "370502", "370522", "370602", "370612", "370682", "370686", "370702", "370724",
    "370781", "370811", "370826", "370882", "370902", "370921", "371002", "371082", "371102",
    "371122", "371302", "371311", "371321", "371322", "371323", "371324", "371325", "371326",
    "371327", "371328", "371329", "371402", "371422", "371481", "371502", "371521", "371581",
    "371602", "371621", "371625", "371702", "371721", "371725"};
const std::vector<std::string> kDisciplines = {"21010", "21020", "21030", "21040", "22010",
                                               "23010", "23020", "24010", "32010", "32020",
                                               "36010", "41010", "46010", "47010", "79010"};

huicai::Talent MakeTalent(std::int64_t id, std::mt19937_64& rng) {
  auto pick = [&](const std::vector<std::string>& from) -> const std::string& {
    return from[rng() % from.size()];
  };
  huicai::Talent t;
  t.person_id = id;
  t.name = pick(kSurnames) + pick(kGiven);
  t.title = pick(kTitles);
  t.employer = pick(kEmployers);
  t.specialties = pick(kSpecialties) + "；" + pick(kSpecialties) + "；" + pick(kSpecialties);
  t.region_code = pick(kCounties);
  t.disciplines = {pick(kDisciplines)};
  if (rng() % 3 == 0) t.disciplines.push_back(pick(kDisciplines));
  t.tier = static_cast<huicai::TalentTier>(rng() % 5);
  t.in_programme = rng() % 2 == 0;
  t.days_available = static_cast<int>(rng() % 30);
  t.grassroots_days_served = static_cast<int>(rng() % 20);
  return t;
}

// The reference: what a first version writes with Xapian's documented CJK n-gram support.
double BuildPlain(const fs::path& dir, long n, bool positions) {
  Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OPEN);
  Xapian::TermGenerator generator;
  generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  std::mt19937_64 rng(20261207);
  const auto start = Clock::now();
  for (long i = 1; i <= n; ++i) {
    const huicai::Talent t = MakeTalent(i, rng);
    Xapian::Document doc;
    generator.set_document(doc);
    auto index = [&](const std::string& text, Xapian::termcount weight = 1) {
      if (positions) {
        generator.index_text(text, weight);
      } else {
        generator.index_text_without_positions(text, weight);
      }
    };
    index(t.name, 3);
    index(t.title, 2);
    index(t.employer);
    index(t.specialties);
    for (const auto& code : t.disciplines) {
      index(huicai::DisciplineTable::Default().Name(code));
      doc.add_boolean_term("XD" + code);
    }
    doc.add_boolean_term("XR" + t.region_code);
    doc.add_boolean_term("XL" + std::string(huicai::TalentTierName(t.tier)));
    const std::string id = "QT" + std::to_string(i);
    doc.add_boolean_term(id);
    doc.set_data(t.name);
    db.replace_document(id, doc);
    if (i % 5000 == 0) db.commit();
  }
  db.commit();
  return Seconds(start);
}

std::uint64_t DirBytes(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

struct Latency {
  double p50_ms = 0, p99_ms = 0, mean_ms = 0;
  std::size_t matches = 0;  // mean matches per query
};

Latency Measure(const huicai::search::Index& index,
                const std::vector<huicai::search::TalentQuery>& queries, int& errors) {
  std::vector<double> ms;
  std::size_t matches = 0;
  for (const auto& q : queries) {
    const auto start = Clock::now();
    auto found = index.FindTalents(q);
    ms.push_back(Seconds(start) * 1000.0);
    if (!found.ok()) {
      if (errors++ == 0)
        std::fprintf(stderr, "query failed: %s\n", found.status().ToString().c_str());
      continue;
    }
    matches += found->estimated_total;
  }
  std::sort(ms.begin(), ms.end());
  Latency l;
  l.p50_ms = ms[ms.size() / 2];
  l.p99_ms = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  for (double v : ms) l.mean_ms += v / static_cast<double>(ms.size());
  l.matches = matches / queries.size();
  return l;
}

// Query classes, each many different queries, all with facets (as a planner's screen asks).
// The numbers talent `id` is looked up by (the rebuild hashes them, as `huicai index` does).
huicai::PersonIdentifiers BenchNumbers(std::int64_t id) {
  huicai::PersonIdentifiers n;
  char buf[32];
  std::snprintf(buf, sizeof buf, "37132419800101%04lld", static_cast<long long>(id % 10000));
  n.id_number = std::string(buf).substr(0, 17) + "X" + std::to_string(id);  // unique per talent
  std::snprintf(buf, sizeof buf, "138%08lld", static_cast<long long>(id));
  n.mobile = buf;
  std::snprintf(buf, sizeof buf, "6217%015lld", static_cast<long long>(id));
  n.bank_cards = {buf};
  return n;
}

constexpr const char* kBenchLookupKey =
    "8c1f0e3a5b7d9f2146a8c0e2b4d6f8103254769badcfe0f1e2d3c4b5a6978889";

std::vector<std::pair<std::string, std::vector<huicai::search::TalentQuery>>> QueryClasses(
    int per_class, long talents) {
  std::mt19937_64 rng(7);
  auto pick = [&](const std::vector<std::string>& from) -> const std::string& {
    return from[rng() % from.size()];
  };
  std::vector<std::pair<std::string, std::vector<huicai::search::TalentQuery>>> classes = {
      {"free text", {}},
      {"filtered", {}},
      {"pinyin name", {}},
      {"free text, no facets", {}},
      {"lookup by mobile", {}}};
  for (int i = 0; i < per_class; ++i) {
    huicai::search::TalentQuery text;
    text.text = pick(kSpecialties) + " " + pick(kSpecialties).substr(0, 6);
    text.facets = true;
    classes[0].second.push_back(text);
    huicai::search::TalentQuery filtered;
    filtered.text = pick(kSpecialties);
    filtered.region_prefix = pick(kCounties).substr(0, 4);
    filtered.tier = static_cast<huicai::TalentTier>(1 + rng() % 4);
    filtered.discipline_prefix = pick(kDisciplines).substr(0, 3);
    filtered.facets = true;
    classes[1].second.push_back(filtered);
    huicai::search::TalentQuery name;
    const std::string han = pick(kSurnames) + pick(kGiven);
    auto pinyin = huicai::NamePinyin(han);
    name.text = pinyin.ok() && pinyin->size() == 2 ? (*pinyin)[0] + " " + (*pinyin)[1] : han;
    name.facets = true;
    classes[2].second.push_back(name);
    huicai::search::TalentQuery plain = text;
    plain.facets = false;
    classes[3].second.push_back(plain);
    huicai::search::TalentQuery lookup;
    lookup.lookup = huicai::search::TalentQuery::Lookup{
        huicai::IdentifierKind::kMobile,
        BenchNumbers(1 + static_cast<long>(rng() % static_cast<std::uint64_t>(talents))).mobile};
    classes[4].second.push_back(lookup);
  }
  return classes;
}

void Usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s [--talents N] [--queries Q] [--shards] [--no-plain] [--dir DIR]\n"
               "  --talents N  talents to index (default 100000)\n"
               "  --queries Q  queries per class (default 500)\n"
               "  --shards     also build and query through two xapian-tcpsrv on loopback\n"
               "  --no-plain   skip the plain-Xapian reference builds\n"
               "  --segmentation ngrams|words  how huicai's index splits Chinese (default ngrams)\n"
               "  --dir DIR    work folder (default: a new one under $TMPDIR, removed after)\n"
               "  --reuse      with --dir: query the huicai index already there, build nothing\n",
               argv0);
}

}  // namespace

int main(int argc, char** argv) {
  long n = 100000;
  int per_class = 500;
  bool shards = false, plain = true, reuse = false;
  fs::path dir;
  huicai::search::Segmentation segmentation = huicai::search::Segmentation::kNgram;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--talents" && i + 1 < argc) {
      n = std::strtol(argv[++i], nullptr, 10);
    } else if (arg == "--queries" && i + 1 < argc) {
      per_class = std::atoi(argv[++i]);
    } else if (arg == "--segmentation" && i + 1 < argc) {
      const std::string value = argv[++i];
      if (value != "ngrams" && value != "words") {
        Usage(argv[0]);
        return 2;
      }
      if (value == "words") segmentation = huicai::search::Segmentation::kWords;
    } else if (arg == "--shards") {
      shards = true;
    } else if (arg == "--reuse") {
      reuse = true;
    } else if (arg == "--no-plain") {
      plain = false;
    } else if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else {
      Usage(argv[0]);
      return 2;
    }
  }
  if (n <= 0 || per_class <= 0) {
    Usage(argv[0]);
    return 2;
  }
  const bool own_dir = dir.empty();
  if (own_dir) {
    std::string pattern = (fs::temp_directory_path() / "huicai_search_bench_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return 1;
    dir = pattern;
  }
  std::printf("search_bench: %ld talents, %d queries per class, %u cores, folder %s\n", n,
              per_class, std::thread::hardware_concurrency(), dir.c_str());
  int errors = 0;
  double plain_rate = 0;
  if (plain && !reuse) {
    const double s = BuildPlain(dir / "plain", n, true);
    plain_rate = static_cast<double>(n) / s;
    std::printf("build  plain Xapian n-grams     %8.1f s  %9.0f docs/s  %8.1f MiB\n", s, plain_rate,
                static_cast<double>(DirBytes(dir / "plain")) / 1048576.0);
    const double np = BuildPlain(dir / "plain-np", n, false);
    std::printf("build  plain, no positions      %8.1f s  %9.0f docs/s  %8.1f MiB\n", np,
                static_cast<double>(n) / np,
                static_cast<double>(DirBytes(dir / "plain-np")) / 1048576.0);
  }
  auto build = [&](const huicai::search::IndexOptions& options, const char* label) {
    auto opened = huicai::search::Index::Open(options);
    if (!opened.ok()) {
      std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
      ++errors;
      return 0.0;
    }
    std::mt19937_64 rng(20261207);
    long next = 1;
    const auto start = Clock::now();
    auto status = opened->BuildTalents([&](huicai::Talent& t, huicai::PersonIdentifiers& numbers) {
      if (next > n) return false;
      numbers = BenchNumbers(next);
      t = MakeTalent(next++, rng);
      return true;
    });
    if (status.ok()) status = opened->Commit();
    const double s = Seconds(start);
    if (!status.ok()) {
      std::fprintf(stderr, "%s\n", status.ToString().c_str());
      ++errors;
    }
    std::printf("build  %-26s %8.1f s  %9.0f docs/s  %8.1f MiB", label, s,
                static_cast<double>(n) / s,
                static_cast<double>(opened->SizeOnDiskBytes()) / 1048576.0);
    if (plain_rate > 0) std::printf("  %.2fx plain", static_cast<double>(n) / s / plain_rate);
    std::printf("\n");
    return s;
  };
  huicai::search::IndexOptions local;
  local.directory = dir / "huicai";
  local.writable = true;
  local.segmentation = segmentation;
  local.lookup_key = kBenchLookupKey;  // number hashes, as `huicai index` builds them
  if (!(reuse && fs::exists(local.directory))) {
    build(local,
          segmentation == huicai::search::Segmentation::kWords ? "huicai, ICU words" : "huicai");
    if (plain) {  // what the number hashes cost, in the same run
      huicai::search::IndexOptions no_hashes = local;
      no_hashes.directory = dir / "huicai-no-hashes";
      no_hashes.lookup_key.clear();
      build(no_hashes, "huicai, no number hashes");
    }
  }

  const auto classes = QueryClasses(per_class, n);
  auto report = [&](const huicai::search::IndexOptions& options, const char* label) {
    auto reader_options = options;
    reader_options.writable = false;
    auto reader = huicai::search::Index::Open(reader_options);
    if (!reader.ok()) {
      std::fprintf(stderr, "%s\n", reader.status().ToString().c_str());
      ++errors;
      return;
    }
    for (const auto& [name, queries] : classes) {
      Measure(*reader, {queries.begin(), queries.begin() + std::min<long>(20, queries.size())},
              errors);  // warm the caches
      const Latency l = Measure(*reader, queries, errors);
      std::printf("query  %-8s %-22s p50 %7.2f ms  p99 %7.2f ms  mean %7.2f ms  ~%zu matches\n",
                  label, name.c_str(), l.p50_ms, l.p99_ms, l.mean_ms, l.matches);
    }
  };
  report(local, "local");

  if (shards) {
    auto a = huicai::testing::XapianServer::Start(dir / "shard0");
    auto b = huicai::testing::XapianServer::Start(dir / "shard1");
    if (!a.ok() || !b.ok()) {
      std::fprintf(stderr, "cannot start xapian-tcpsrv: %s\n",
                   (!a.ok() ? a.status() : b.status()).ToString().c_str());
      return 1;
    }
    huicai::search::IndexOptions remote;
    remote.writable = true;
    remote.shards = {*huicai::search::ParseShard((*a)->Address()),
                     *huicai::search::ParseShard((*b)->Address())};
    remote.remote_timeout_ms = 600000;
    remote.segmentation = segmentation;
    remote.lookup_key = kBenchLookupKey;
    build(remote, "huicai, 2 tcp shards");
    std::printf("       shard sizes on disk: %.1f + %.1f MiB\n",
                static_cast<double>(DirBytes(dir / "shard0")) / 1048576.0,
                static_cast<double>(DirBytes(dir / "shard1")) / 1048576.0);
    report(remote, "2 shards");
  }
  if (own_dir) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  if (errors > 0) std::fprintf(stderr, "%d errors\n", errors);
  return errors > 0 ? 1 : 0;
}
