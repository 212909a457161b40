// Shards: the same talents, needs and policy articles indexed into one local database and into
// two databases served by xapian-tcpsrv on loopback (routed by a stable hash of each entity's
// id) give the same hits in the same order, the same totals and the same facet counts; a
// killed shard server is a clear Unavailable error, and the index answers again once it is
// back.
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/policy.h"
#include "search/index.h"
#include "tests/support/must.h"
#include "tests/support/xapian_server.h"

namespace fs = std::filesystem;
using namespace huicai;
using search::Index;
using search::IndexOptions;
using search::ShardSpec;
using search::TalentQuery;
using testing::XapianServer;

BOOST_TEST_DONT_PRINT_LOG_VALUE(huicai::StatusCode)

namespace {

struct TempFolder {
  fs::path path;
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "huicai_shards_XXXXXX").string();
    BOOST_TEST_REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

using huicai::testing::Must;

const std::vector<std::string> kRegions = {"371324", "371302", "370102", "371325",
                                           "370211", "370600", "371500"};
const std::vector<std::string> kSpecialties = {
    "果树栽培与病虫害防治", "设施农业 大棚蔬菜", "心血管内科",   "水稻育种 土壤改良",
    "中药材种植 针灸",      "海参养殖 水产",     "数控机床维修", "乡村规划设计"};
const std::vector<std::string> kDisciplines = {"21020", "21030", "32011", "46010", "24050"};
const std::vector<std::string> kSurnames = {"王", "李", "张", "刘", "陈", "杨"};
const std::vector<std::string> kGiven = {"伟", "娜", "敏", "洋", "静", "帆", "磊"};

Talent MakeTalent(int i) {
  const auto k = static_cast<std::size_t>(i);
  Talent t;
  t.person_id = i;
  t.name = kSurnames[k % kSurnames.size()] + kGiven[(k / 3) % kGiven.size()];
  t.title = k % 3 == 0 ? "研究员" : "高级农艺师";
  t.employer = k % 2 == 0 ? "山东农业大学" : "临沂市农业科学院";
  t.specialties =
      kSpecialties[k % kSpecialties.size()] + "，" + kSpecialties[(k * 5) % kSpecialties.size()];
  t.region_code = kRegions[k % kRegions.size()];
  t.disciplines = {kDisciplines[k % kDisciplines.size()]};
  if (k % 4 == 0) t.disciplines.push_back(kDisciplines[(k + 2) % kDisciplines.size()]);
  t.tier = static_cast<TalentTier>(k % 5);
  t.in_programme = k % 2 == 0;
  t.grassroots_days_served = static_cast<int>(k % 16);
  return t;
}

Need MakeNeed(int i) {
  Need n;
  n.id = i;
  n.title = kSpecialties[static_cast<std::size_t>(i) % kSpecialties.size()] + "技术指导";
  n.description = "县里急需专家现场指导";
  n.unit = "兰陵县农业农村局";
  n.region_code = kRegions[static_cast<std::size_t>(i) % 3];
  n.disciplines = {kDisciplines[static_cast<std::size_t>(i) % kDisciplines.size()]};
  n.kind = static_cast<NeedKind>(i % 3);
  n.status = static_cast<NeedStatus>(i % 4 == 0 ? 2 : 0);
  n.window_start = {2026, 1 + i % 12, 1 + i % 28};
  return n;
}

std::vector<search::PolicyEntry> SeedPolicy(int d) {
  std::ifstream in(fs::path(HUICAI_SOURCE_DIR) / "tests/data/policies" /
                   ("00" + std::to_string(d) + ".txt"));
  std::stringstream text;
  text << in.rdbuf();
  const PolicyDocument doc = Must(ParsePolicyText(text.str()));
  std::vector<search::PolicyEntry> out;
  for (std::size_t i = 0; i < doc.articles.size(); ++i) {
    out.push_back({(d + 1) * 1000 + static_cast<std::int64_t>(i), d + 1, doc.title, doc.doc_number,
                   doc.issuer, doc.articles[i]});
  }
  return out;
}

// The same changes, applied to any index.
void Fill(Index& index) {
  for (int i = 1; i <= 400; ++i) BOOST_TEST_REQUIRE(index.UpsertTalent(MakeTalent(i)).ok());
  for (int i = 1; i <= 40; ++i) BOOST_TEST_REQUIRE(index.UpsertNeed(MakeNeed(i)).ok());
  for (int d = 0; d < 5; ++d) BOOST_TEST_REQUIRE(index.ReplacePolicy(d + 1, SeedPolicy(d)).ok());
  // Changes after the first adds: replaced and removed talents, a policy withdrawn.
  for (int i = 5; i <= 400; i += 37) {
    Talent t = MakeTalent(i);
    t.specialties = "茶叶加工 电子商务";
    BOOST_TEST_REQUIRE(index.UpsertTalent(t).ok());
  }
  for (int i = 7; i <= 400; i += 53) BOOST_TEST_REQUIRE(index.RemoveTalent(i).ok());
  BOOST_TEST_REQUIRE(index.ReplacePolicy(5, {}).ok());
  BOOST_TEST_REQUIRE(index.SetMetadata("checkpoint", "4711").ok());
  BOOST_TEST_REQUIRE(index.Commit().ok());
}

std::vector<TalentQuery> Queries() {
  std::vector<TalentQuery> qs(7);
  qs[0].text = "果树";
  qs[1].text = "设施农业 OR 海参";
  qs[1].region_prefix = "37";
  qs[2].tier = TalentTier::kB;
  qs[3].text = "王伟";
  qs[4].text = "茶叶";
  qs[4].sort = TalentQuery::Sort::kAvailability;
  qs[5].text = "果树 土壤 中药材";
  qs[5].match_any = true;
  qs[6].discipline_prefix = "210";
  qs[6].programme_only = true;
  for (auto& q : qs) {
    q.limit = 30;
    q.facets = true;
  }
  return qs;
}

// Everything a user sees of a query's answer, and the facet counts.
std::string Answer(const Index& index, const TalentQuery& q) {
  const search::TalentResults r = Must(index.FindTalents(q));
  std::ostringstream out;
  out << "total " << r.estimated_total << "\n";
  for (const auto& h : r.hits) {
    out << h.rank << " " << h.person_id << " " << h.name << " " << h.relevance;
    for (const auto& t : h.matched_terms) out << " " << t;
    out << "\n";
  }
  if (r.facets) {
    for (const auto* m : {&r.facets->province, &r.facets->city, &r.facets->county, &r.facets->tier,
                          &r.facets->discipline}) {
      for (const auto& [value, n] : *m) out << value << "=" << n << " ";
      out << "\n";
    }
  }
  return out.str();
}

std::string NeedAnswer(const Index& index, const search::NeedQuery& q) {
  const search::NeedResults r = Must(index.FindNeeds(q));
  std::ostringstream out;
  out << "total " << r.estimated_total << "\n";
  for (const auto& h : r.hits) {
    out << h.rank << " " << h.need_id << " " << h.window_start << " " << h.relevance << " "
        << h.snippet << "\n";
  }
  if (r.facets) {
    for (const auto* m : {&r.facets->province, &r.facets->city, &r.facets->county,
                          &r.facets->status, &r.facets->kind, &r.facets->discipline}) {
      for (const auto& [value, n] : *m) out << value << "=" << n << " ";
      out << "\n";
    }
  }
  return out.str();
}

std::string PolicyAnswer(const Index& index, const std::string& text) {
  const search::PolicyResults r = Must(index.FindPolicies({text, 0, 10}));
  std::ostringstream out;
  out << "total " << r.estimated_total << " relaxed " << r.relaxed << "\n";
  for (const auto& h : r.hits) {
    out << h.rank << " " << h.article_id << " " << h.number << " " << h.relevance << " "
        << h.snippet << "\n";
  }
  return out.str();
}

struct Shards {
  TempFolder dir;
  std::unique_ptr<XapianServer> a = Must(XapianServer::Start(dir.path / "shard0"));
  std::unique_ptr<XapianServer> b = Must(XapianServer::Start(dir.path / "shard1"));
  IndexOptions Options(bool writable) const {
    IndexOptions options;
    options.writable = writable;
    options.shards = {Must(search::ParseShard(a->Address())),
                      Must(search::ParseShard(b->Address()))};
    options.remote_timeout_ms = 3000;
    return options;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(shards)

BOOST_AUTO_TEST_CASE(two_remote_shards_answer_as_one_local_index) {
  Shards s;
  IndexOptions local_options;
  local_options.directory = s.dir.path / "local";
  local_options.writable = true;
  Index local = Must(Index::Open(local_options));
  Fill(local);
  {
    Index sharded = Must(Index::Open(s.Options(true)));
    Fill(sharded);
    BOOST_TEST(sharded.DocCount() == local.DocCount());
  }
  // Each shard holds part of the documents, not all of them.
  for (const XapianServer* server : {s.a.get(), s.b.get()}) {
    IndexOptions one;
    one.shards = {Must(search::ParseShard(server->Address()))};
    const Index shard = Must(Index::Open(one));
    BOOST_TEST(shard.DocCount() > local.DocCount() / 4);
    BOOST_TEST(shard.DocCount() < local.DocCount() * 3 / 4);
  }
  // A reader such as `huicai search` opens the shards read-only.
  const Index reader = Must(Index::Open(s.Options(false)));
  BOOST_TEST(reader.DocCount() == local.DocCount());
  BOOST_TEST(Must(reader.GetMetadata("checkpoint")) == "4711");
  for (const TalentQuery& q : Queries()) {
    const std::string want = Answer(local, q);
    BOOST_TEST(want.find("\n1 ") != std::string::npos, "query \"" << q.text << "\" finds hits");
    BOOST_TEST(Answer(reader, q) == want, "query \"" << q.text << "\":\n"
                                                     << Answer(reader, q) << "--- local:\n"
                                                     << want);
  }
  for (const std::string text : {"人才驿站 评估", "每年 服务基层 天数", "租房补贴", "泰山学者"}) {
    BOOST_TEST(PolicyAnswer(reader, text) == PolicyAnswer(local, text),
               "policy \"" << text << "\"");
  }
  for (const auto sort : {search::NeedQuery::Sort::kRelevance, search::NeedQuery::Sort::kRecency}) {
    search::NeedQuery nq;
    nq.text = "技术指导";
    nq.sort = sort;
    nq.facets = true;
    nq.limit = 20;
    const std::string want = NeedAnswer(local, nq);
    BOOST_TEST(want.find("\n1 ") != std::string::npos);
    BOOST_TEST(NeedAnswer(reader, nq) == want);
  }
  // Paging through the shards gives the local pages.
  TalentQuery page;
  page.text = "果树";
  page.offset = 10;
  page.limit = 5;
  BOOST_TEST(Answer(reader, page) == Answer(local, page));
}

BOOST_AUTO_TEST_CASE(a_killed_shard_is_unavailable_and_answers_again_after_restart) {
  Shards s;
  {
    Index sharded = Must(Index::Open(s.Options(true)));
    Fill(sharded);
  }
  TalentQuery q;
  q.text = "果树";
  q.facets = true;
  const std::string before = Answer(Must(Index::Open(s.Options(false))), q);
  s.b->Kill();
  auto down = Index::Open(s.Options(false));
  BOOST_TEST_REQUIRE(!down.has_value());
  BOOST_TEST((down.status().code() == StatusCode::kUnavailable));
  BOOST_TEST(down.status().message().find(s.b->Address().substr(6)) != std::string::npos,
             down.status().message());
  BOOST_TEST(down.status().message().find("xapian-tcpsrv") != std::string::npos);
  BOOST_TEST_REQUIRE(s.b->Restart().ok());
  // Nothing committed was lost with the server.
  BOOST_TEST(Answer(Must(Index::Open(s.Options(false))), q) == before);
}

BOOST_AUTO_TEST_CASE(clear_empties_every_shard) {
  Shards s;
  Index sharded = Must(Index::Open(s.Options(true)));
  Fill(sharded);
  BOOST_TEST_REQUIRE(sharded.Clear().ok());
  BOOST_TEST_REQUIRE(sharded.Commit().ok());
  BOOST_TEST(sharded.DocCount() == 0u);
  BOOST_TEST(Must(sharded.GetMetadata("checkpoint")).empty());
}

BOOST_AUTO_TEST_CASE(shard_addresses_parse_or_say_what_is_wrong) {
  const ShardSpec remote = Must(search::ParseShard("tcp://10.0.0.5:33333"));
  BOOST_TEST(remote.host == "10.0.0.5");
  BOOST_TEST(remote.port == 33333);
  BOOST_TEST(search::ShardName(remote) == "tcp://10.0.0.5:33333");
  const ShardSpec local = Must(search::ParseShard("var/index/shard0"));
  BOOST_TEST(local.directory == fs::path("var/index/shard0"));
  BOOST_TEST(local.host.empty());
  for (const char* bad :
       {"", "tcp://", "tcp://host", "tcp://:80", "tcp://h:0", "tcp://h:70000", "tcp://h:8x"}) {
    auto parsed = search::ParseShard(bad);
    BOOST_TEST(!parsed.has_value(), bad);
    if (!parsed.has_value()) {
      BOOST_TEST((parsed.status().code() == StatusCode::kInvalidArgument));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
