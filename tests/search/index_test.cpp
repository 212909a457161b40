#define BOOST_TEST_MODULE search_test
#include "search/index.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/policy.h"

BOOST_TEST_DONT_PRINT_LOG_VALUE(huicai::StatusCode)
BOOST_TEST_DONT_PRINT_LOG_VALUE(huicai::TalentTier)

namespace fs = std::filesystem;
using huicai::PersonId;
using huicai::StatusCode;
using huicai::Talent;
using huicai::TalentTier;
using huicai::search::Index;
using huicai::search::IndexOptions;
using huicai::search::TalentQuery;
using huicai::search::TalentResults;

namespace {

IndexOptions Options(const fs::path& directory, bool writable) {
  IndexOptions options;
  options.directory = directory;
  options.writable = writable;
  return options;
}

// A fresh directory under the system temp dir, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "huicai_search_XXXXXX").string();
    BOOST_TEST_REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

Talent MakeTalent(PersonId id, std::string name, std::string title, std::string employer,
                  std::string specialties, std::vector<std::string> disciplines, std::string region,
                  TalentTier tier, bool programme) {
  Talent t;
  t.person_id = id;
  t.name = std::move(name);
  t.title = std::move(title);
  t.employer = std::move(employer);
  t.specialties = std::move(specialties);
  t.disciplines = std::move(disciplines);
  t.region_code = std::move(region);
  t.tier = tier;
  t.in_programme = programme;
  t.card_number = "HC370000001";
  return t;
}

std::vector<Talent> SampleTalents() {
  return {
      MakeTalent(1, "张伟", "研究员", "山东农业大学", "果树栽培与病虫害防治", {"21020"}, "371324",
                 TalentTier::kB, true),
      MakeTalent(2, "张伟民", "高级工程师", "临沂机械厂", "数控机床维修 CNC machining", {"460"},
                 "371302", TalentTier::kC, false),
      MakeTalent(3, "李娜", "主任医师", "济南市中心医院", "心血管内科 cardiology", {"320"},
                 "370102", TalentTier::kA, true),
      MakeTalent(4, "王芳", "农艺师", "费县农业局", "苹果 果树 嫁接技术，土壤改良", {"21030"},
                 "371325", TalentTier::kB, true),
  };
}

struct Fixture {
  TempDir dir;
  Index index = Open();

  Index Open() {
    auto opened = Index::Open(Options(dir.path / "idx", true));
    BOOST_TEST_REQUIRE(opened.ok(), opened.status().ToString());
    Index out = std::move(opened).value();
    for (const Talent& t : SampleTalents()) BOOST_TEST_REQUIRE(out.UpsertTalent(t).ok());
    BOOST_TEST_REQUIRE(out.Commit().ok());
    return out;
  }

  TalentResults Find(const TalentQuery& q) const {
    auto found = index.FindTalents(q);
    BOOST_TEST_REQUIRE(found.ok(), found.status().ToString());
    return std::move(found).value();
  }
  TalentResults FindText(const std::string& text) const {
    TalentQuery q;
    q.text = text;
    return Find(q);
  }
};

std::set<PersonId> Ids(const TalentResults& r) {
  std::set<PersonId> ids;
  for (const auto& hit : r.hits) ids.insert(hit.person_id);
  return ids;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(search_index, Fixture)

BOOST_AUTO_TEST_CASE(facets_count_every_match_by_region_tier_and_field) {
  TalentQuery q;
  q.facets = true;
  q.limit = 1;  // the counts cover all matches, not the page
  const auto all = Find(q);
  BOOST_REQUIRE(all.facets.has_value());
  BOOST_TEST(all.hits.size() == 1u);
  BOOST_TEST(all.estimated_total == 4u);
  BOOST_TEST(all.facets->province.at("37") == 4u);
  BOOST_TEST(all.facets->city.at("3713") == 3u);
  BOOST_TEST(all.facets->city.at("3701") == 1u);
  BOOST_TEST(all.facets->county.at("371324") == 1u);
  BOOST_TEST(all.facets->tier.at("B") == 2u);
  BOOST_TEST(all.facets->tier.at("A") == 1u);
  BOOST_TEST(all.facets->discipline.at("210") == 2u);  // 21020 and 21030: one field, agronomy
  BOOST_TEST(all.facets->discipline.at("460") == 1u);
  // With text and a filter, the counts follow the matches.
  q.text = "果树";
  q.region_prefix = "3713";
  const auto fruit = Find(q);
  BOOST_REQUIRE(fruit.facets.has_value());
  BOOST_TEST(fruit.facets->county.size() == 2u);  // 兰陵县 and 费县
  BOOST_TEST(fruit.facets->tier.at("B") == 2u);
  BOOST_TEST(fruit.facets->city.count("3701") == 0u);
  // Without asking, no counts.
  q.facets = false;
  BOOST_TEST(!Find(q).facets.has_value());
}

BOOST_AUTO_TEST_CASE(availability_order_puts_the_most_free_days_first) {
  const int days[] = {5, 40, 20, 10};
  for (Talent t : SampleTalents()) {
    t.days_available = days[t.person_id - 1];
    BOOST_TEST_REQUIRE(index.UpsertTalent(t).ok());
  }
  BOOST_TEST_REQUIRE(index.Commit().ok());
  TalentQuery q;
  q.sort = TalentQuery::Sort::kAvailability;
  const auto r = Find(q);
  std::vector<PersonId> order;
  for (const auto& hit : r.hits) order.push_back(hit.person_id);
  BOOST_TEST(order == (std::vector<PersonId>{2, 3, 4, 1}), boost::test_tools::per_element());
  // Filters still apply: only the fruit experts, the freer first.
  q.text = "果树";
  std::vector<PersonId> fruit;
  for (const auto& hit : Find(q).hits) fruit.push_back(hit.person_id);
  BOOST_TEST(fruit == (std::vector<PersonId>{4, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(finds_chinese_specialty_by_substring) {
  const auto r = FindText("果树栽培");
  BOOST_TEST(Ids(r) == (std::set<PersonId>{1}));
  BOOST_TEST_REQUIRE(r.hits.size() == 1u);
  BOOST_TEST(r.hits[0].name == "张伟");
  BOOST_TEST(r.hits[0].title == "研究员");
  BOOST_TEST(r.hits[0].region_code == "371324");
  BOOST_TEST(r.hits[0].tier == TalentTier::kB);
  BOOST_TEST(r.hits[0].rank == 1);
  BOOST_TEST(r.hits[0].relevance > 0.0);
  BOOST_TEST(Contains(r.hits[0].matched_terms, "果树栽培"));
  BOOST_TEST(r.estimated_total == 1u);
}

BOOST_AUTO_TEST_CASE(finds_latin_words_case_insensitively) {
  BOOST_TEST(Ids(FindText("Cardiology")) == (std::set<PersonId>{3}));
  BOOST_TEST(Ids(FindText("cnc")) == (std::set<PersonId>{2}));
}

BOOST_AUTO_TEST_CASE(exact_name_ranks_first) {
  const auto r = FindText("张伟");
  BOOST_TEST(Ids(r) == (std::set<PersonId>{1, 2}));
  BOOST_TEST_REQUIRE(!r.hits.empty());
  BOOST_TEST(r.hits[0].person_id == 1);
  BOOST_TEST(r.hits[0].relevance > r.hits[1].relevance);
  // Also when the name is one word of a longer query.
  const auto r2 = FindText("张伟民 机床");
  BOOST_TEST_REQUIRE(!r2.hits.empty());
  BOOST_TEST(r2.hits[0].person_id == 2);
}

BOOST_AUTO_TEST_CASE(region_prefix_matches_lower_levels_only) {
  TalentQuery q;
  q.region_prefix = "3713";
  BOOST_TEST(Ids(Find(q)) == (std::set<PersonId>{1, 2, 4}));  // not 370102
  q.region_prefix = "371324";
  BOOST_TEST(Ids(Find(q)) == (std::set<PersonId>{1}));
  q.region_prefix = "37";
  BOOST_TEST(Ids(Find(q)) == (std::set<PersonId>{1, 2, 3, 4}));
  q.region_prefix = "371300";  // a city written as a 6-digit code
  BOOST_TEST(Ids(Find(q)) == (std::set<PersonId>{1, 2, 4}));
  q.region_prefix = "3701";
  q.text = "果树";
  BOOST_TEST(Find(q).hits.empty());
}

BOOST_AUTO_TEST_CASE(tier_filter_keeps_only_that_tier) {
  TalentQuery q;
  q.tier = TalentTier::kB;
  BOOST_TEST(Ids(Find(q)) == (std::set<PersonId>{1, 4}));
  q.tier = TalentTier::kA;
  BOOST_TEST(Ids(Find(q)) == (std::set<PersonId>{3}));
  q.tier = TalentTier::kD;
  BOOST_TEST(Find(q).hits.empty());
}

BOOST_AUTO_TEST_CASE(discipline_prefix_matches_codes_below_it) {
  TalentQuery q;
  q.discipline_prefix = "210";
  BOOST_TEST(Ids(Find(q)) == (std::set<PersonId>{1, 4}));
  q.discipline_prefix = "21020";
  BOOST_TEST(Ids(Find(q)) == (std::set<PersonId>{1}));
  q.discipline_prefix = "99";
  BOOST_TEST(Find(q).hits.empty());
}

BOOST_AUTO_TEST_CASE(programme_only_drops_experts_outside_the_programme) {
  TalentQuery q;
  q.programme_only = true;
  BOOST_TEST(Ids(Find(q)) == (std::set<PersonId>{1, 3, 4}));
}

BOOST_AUTO_TEST_CASE(filters_combine_with_text) {
  TalentQuery q;
  q.text = "果树";
  BOOST_TEST(Ids(Find(q)) == (std::set<PersonId>{1, 4}));
  q.region_prefix = "371325";
  BOOST_TEST(Ids(Find(q)) == (std::set<PersonId>{4}));
}

BOOST_AUTO_TEST_CASE(match_any_ors_terms_where_default_ands_them) {
  TalentQuery q;
  q.text = "果树 心血管";
  // Nobody works in both: the talents with some of the words come back, marked relaxed.
  const auto nearest = Find(q);
  BOOST_TEST(nearest.relaxed);
  BOOST_TEST(Ids(nearest) == (std::set<PersonId>{1, 3, 4}));
  // A quoted phrase or a NOT means exactly what it says: no relaxing.
  q.text = "\"果树 心血管\"";
  BOOST_TEST(Find(q).hits.empty());
  q.text = "果树 心血管 NOT 苹果";
  BOOST_TEST(Find(q).hits.empty());
  q.text = "果树";
  BOOST_TEST(!Find(q).relaxed);
  q.text = "果树 心血管";
  q.match_any = true;
  const auto r = Find(q);
  BOOST_TEST(Ids(r) == (std::set<PersonId>{1, 3, 4}));
  for (const auto& hit : r.hits) {
    if (hit.person_id == 3) {
      BOOST_TEST(Contains(hit.matched_terms, "心血管"));
      BOOST_TEST(!Contains(hit.matched_terms, "果树"));
    } else {
      BOOST_TEST(Contains(hit.matched_terms, "果树"));
    }
  }
}

BOOST_AUTO_TEST_CASE(paging_returns_consecutive_ranks) {
  TalentQuery q;
  q.limit = 2;
  const auto first = Find(q);
  q.offset = 2;
  const auto second = Find(q);
  BOOST_TEST_REQUIRE(first.hits.size() == 2u);
  BOOST_TEST_REQUIRE(second.hits.size() == 2u);
  BOOST_TEST(second.hits[0].rank == 3);
  BOOST_TEST(first.estimated_total == 4u);
  std::set<PersonId> all = Ids(first);
  for (PersonId id : Ids(second)) all.insert(id);
  BOOST_TEST(all.size() == 4u);
}

BOOST_AUTO_TEST_CASE(upsert_replaces_the_document) {
  Talent changed = SampleTalents()[0];
  changed.specialties = "水稻育种";
  BOOST_TEST_REQUIRE(index.UpsertTalent(changed).ok());
  BOOST_TEST_REQUIRE(index.Commit().ok());
  BOOST_TEST(index.DocCount() == 4u);
  const auto old_words = FindText("果树栽培");
  BOOST_TEST(Ids(old_words).count(1) == 0u);  // only 王芳's 果树, as a relaxed answer
  BOOST_TEST(old_words.relaxed);
  const auto r = FindText("水稻");
  BOOST_TEST_REQUIRE(r.hits.size() == 1u);
  BOOST_TEST(r.hits[0].person_id == 1);
}

BOOST_AUTO_TEST_CASE(remove_removes_and_is_idempotent) {
  BOOST_TEST_REQUIRE(index.RemoveTalent(2).ok());
  BOOST_TEST_REQUIRE(index.RemoveTalent(2).ok());
  BOOST_TEST_REQUIRE(index.RemoveTalent(999).ok());
  BOOST_TEST_REQUIRE(index.Commit().ok());
  BOOST_TEST(Ids(FindText("张伟")) == (std::set<PersonId>{1}));
  BOOST_TEST(index.DocCount() == 3u);
}

BOOST_AUTO_TEST_CASE(needs_are_stored_but_never_returned_as_talents) {
  huicai::Need need;
  need.id = 7;
  need.unit = "费县果树合作社";
  need.title = "果树栽培技术指导";
  need.region_code = "371325";
  need.disciplines = {"21020"};
  BOOST_TEST_REQUIRE(index.UpsertNeed(need).ok());
  BOOST_TEST_REQUIRE(index.UpsertNeed(need).ok());
  BOOST_TEST(index.DocCount() == 5u);
  BOOST_TEST(Ids(FindText("果树栽培")) == (std::set<PersonId>{1}));
  BOOST_TEST_REQUIRE(index.RemoveNeed(7).ok());
  BOOST_TEST(index.DocCount() == 4u);
  need.id = 0;
  BOOST_TEST(index.UpsertNeed(need).code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(needs_projects_and_activities_are_found_by_kind_status_and_recency) {
  auto need = [](huicai::NeedId id, std::string title, std::string description,
                 huicai::NeedKind kind, huicai::NeedStatus status, huicai::Date start) {
    huicai::Need n;
    n.id = id;
    n.unit = "兰陵县农业农村局";
    n.title = std::move(title);
    n.description = std::move(description);
    n.region_code = id % 2 == 0 ? "371324" : "371302";
    n.disciplines = {id % 2 == 0 ? "21020" : "32011"};
    n.kind = kind;
    n.status = status;
    n.window_start = start;
    return n;
  };
  using huicai::NeedKind;
  using huicai::NeedStatus;
  BOOST_TEST_REQUIRE(
      index
          .UpsertNeed(need(1, "大蒜病害防治技术指导", "今年大蒜叶枯病高发，急需植保专家",
                           NeedKind::kNeed, NeedStatus::kOpen, {2026, 3, 1}))
          .ok());
  BOOST_TEST_REQUIRE(
      index
          .UpsertNeed(need(2, "果树病害防治示范项目", "专家服务基地的果树病害防治示范",
                           NeedKind::kProject, NeedStatus::kOpen, {2026, 5, 1}))
          .ok());
  BOOST_TEST_REQUIRE(index
                         .UpsertNeed(need(3, "乡村医生培训", "人才驿站组织的病害无关的培训活动",
                                          NeedKind::kActivity, NeedStatus::kClosed, {2026, 4, 1}))
                         .ok());
  BOOST_TEST_REQUIRE(index
                         .UpsertNeed(need(4, "果园土壤改良", "需要土壤专家指导病害后的土壤修复",
                                          NeedKind::kNeed, NeedStatus::kMatched, {2025, 9, 1}))
                         .ok());
  BOOST_TEST_REQUIRE(index.Commit().ok());
  auto find = [&](huicai::search::NeedQuery q) {
    auto found = index.FindNeeds(q);
    BOOST_TEST_REQUIRE(found.has_value(), found.status().ToString());
    std::vector<huicai::NeedId> ids;
    for (const auto& h : found->hits) ids.push_back(h.need_id);
    return std::make_pair(ids, std::move(*found));
  };
  huicai::search::NeedQuery q;
  q.text = "病害";
  BOOST_TEST(find(q).first.size() == 4u);  // talents never come back as needs
  q.kind = NeedKind::kProject;
  BOOST_TEST((find(q).first == std::vector<huicai::NeedId>{2}));
  q.kind.reset();
  q.status = NeedStatus::kOpen;
  BOOST_TEST(find(q).first.size() == 2u);
  q.status.reset();
  q.sort = huicai::search::NeedQuery::Sort::kRecency;  // latest window first
  BOOST_TEST((find(q).first == std::vector<huicai::NeedId>{2, 3, 1, 4}));
  q.region_prefix = "371324";
  q.facets = true;
  const auto [ids, results] = find(q);
  BOOST_TEST((ids == std::vector<huicai::NeedId>{2, 4}));
  BOOST_TEST_REQUIRE(results.facets.has_value());
  BOOST_TEST(results.facets->county.at("371324") == 2u);
  BOOST_TEST(results.facets->kind.at("project") == 1u);
  BOOST_TEST(results.facets->kind.at("need") == 1u);
  BOOST_TEST(results.facets->status.at("matched") == 1u);
  BOOST_TEST(results.facets->discipline.at("210") == 2u);
  BOOST_TEST(results.hits[0].snippet.find("【病害】") != std::string::npos,
             results.hits[0].snippet);
  BOOST_TEST(results.hits[0].window_start == "2026-05-01");
  BOOST_TEST((results.hits[0].kind == NeedKind::kProject));
  q.region_prefix = "37x";
  BOOST_TEST((index.FindNeeds(q).status().code() == StatusCode::kInvalidArgument));
}

BOOST_AUTO_TEST_CASE(names_are_found_by_their_pinyin_with_or_without_tones_and_spaces) {
  BOOST_TEST_REQUIRE(index
                         .UpsertTalent(MakeTalent(11, "单雄信", "研究员", "山东大学", "隋唐史",
                                                  {"770"}, "370102", TalentTier::kC, false))
                         .ok());
  BOOST_TEST_REQUIRE(index
                         .UpsertTalent(MakeTalent(12, "曾国藩", "教授", "湖南大学", "湘军史",
                                                  {"770"}, "370102", TalentTier::kC, false))
                         .ok());
  BOOST_TEST_REQUIRE(index
                         .UpsertTalent(MakeTalent(13, "章伟", "农艺师", "兰陵县农业局", "大蒜种植",
                                                  {"210"}, "371324", TalentTier::kD, false))
                         .ok());
  for (const char* typed : {"zhangwei", "zhang wei", "Zhang Wei", "zhāng wěi", "zhang1 wei3"}) {
    // 张伟 and 章伟 read the same; 张伟民 (zhang weimin) does not.
    BOOST_TEST(Ids(FindText(typed)) == (std::set<PersonId>{1, 13}), typed);
  }
  BOOST_TEST(Ids(FindText("shan xiongxin")) == (std::set<PersonId>{11}));  // 单 as a surname
  BOOST_TEST(Ids(FindText("dan xiongxin")).empty());
  BOOST_TEST(Ids(FindText("zeng guofan")) == (std::set<PersonId>{12}));
  // A mistyped reading gets the indexed one suggested; a right one needs none.
  TalentQuery typo;
  typo.text = "zhangwie";
  auto missed = index.FindTalents(typo);
  BOOST_TEST_REQUIRE(missed.has_value());
  BOOST_TEST(missed->hits.empty());
  BOOST_TEST(missed->suggestion == "zhangwei");
  typo.text = "shan xionxin";
  BOOST_TEST(index.FindTalents(typo)->suggestion == "shanxiongxin");
  typo.text = "cardiolgy";  // an English word of a talent's specialties
  BOOST_TEST(index.FindTalents(typo)->suggestion == "cardiology");
  TalentQuery q;
  q.text = "zhangwei";
  auto found = index.FindTalents(q);
  BOOST_TEST_REQUIRE(found.has_value());
  BOOST_TEST(found->suggestion.empty());
  BOOST_TEST_REQUIRE(!found->hits.empty());
  BOOST_TEST(found->hits[0].matched_terms.front() == found->hits[0].name);
}

BOOST_AUTO_TEST_CASE(an_index_of_dictionary_words_keeps_its_segmentation) {
  TempDir words_dir;
  IndexOptions options = Options(words_dir.path / "words", true);
  options.segmentation = huicai::search::Segmentation::kWords;
  {
    auto words = Index::Open(options);
    BOOST_TEST_REQUIRE(words.has_value(), words.status().ToString());
    for (const Talent& t : SampleTalents()) BOOST_TEST_REQUIRE(words->UpsertTalent(t).ok());
    BOOST_TEST_REQUIRE(words->Commit().ok());
    TalentQuery q;
    q.text = "病虫害 防治";
    auto found = words->FindTalents(q);
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST_REQUIRE(found->hits.size() == 1u);
    BOOST_TEST(found->hits[0].person_id == 1);
    BOOST_TEST(found->hits[0].snippet == "果树栽培与【病虫害】【防治】");
    q.text = "树栽";  // a substring across two words: n-grams would find it, words do not
    BOOST_TEST(words->FindTalents(q)->hits.empty());
  }
  // A reader takes the segmentation from the index; a writer asking for the other is refused.
  auto reader = Index::Open(Options(words_dir.path / "words", false));
  BOOST_TEST_REQUIRE(reader.has_value());
  BOOST_TEST((reader->segmentation() == huicai::search::Segmentation::kWords));
  auto other = Index::Open(Options(words_dir.path / "words", true));
  BOOST_TEST_REQUIRE(!other.has_value());
  BOOST_TEST((other.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(other.status().message().find("--rebuild") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(allowed_regions_bound_hits_totals_and_facets) {
  TalentQuery q;
  q.facets = true;
  q.region_any = {"371324", "370102"};  // 兰陵县 (talent 1) and 历下区 (talent 3)
  const auto r = Find(q);
  BOOST_TEST(Ids(r) == (std::set<PersonId>{1, 3}));
  BOOST_TEST(r.estimated_total == 2u);
  BOOST_REQUIRE(r.facets.has_value());
  BOOST_TEST(r.facets->county.size() == 2u);
  BOOST_TEST(r.facets->province.at("37") == 2u);
  q.region_any = {"37x"};
  BOOST_TEST((index.FindTalents(q).status().code() == StatusCode::kInvalidArgument));
}

BOOST_AUTO_TEST_CASE(clear_empties_documents_metadata_and_the_spelling_dictionary) {
  BOOST_TEST_REQUIRE(index.SetMetadata("checkpoint", "12").ok());
  BOOST_TEST_REQUIRE(index.Commit().ok());
  BOOST_TEST(FindText("zhangwie").suggestion == "zhangwei");
  BOOST_TEST_REQUIRE(index.Clear().ok());
  BOOST_TEST_REQUIRE(index.Commit().ok());
  BOOST_TEST(index.DocCount() == 0u);
  BOOST_TEST(index.GetMetadata("checkpoint").value().empty());
  BOOST_TEST(FindText("zhangwie").suggestion.empty());
  BOOST_TEST((index.segmentation() == huicai::search::Segmentation::kNgram));  // kept
}

BOOST_AUTO_TEST_CASE(card_numbers_never_enter_the_searchable_text) {
  // Every sample talent holds card HC370000001; neither the number nor its digits find them,
  // not even as a relaxed answer, and no suggestion echoes it.
  for (const char* typed : {"HC370000001", "370000001", "hc370000001"}) {
    const auto r = FindText(typed);
    BOOST_TEST(r.hits.empty(), typed);
    BOOST_TEST(r.suggestion.find("370000001") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(talent_hits_carry_a_snippet_of_their_specialties) {
  TalentQuery q;
  q.text = "病虫害";
  auto found = index.FindTalents(q);
  BOOST_TEST_REQUIRE(found.has_value());
  BOOST_TEST_REQUIRE(found->hits.size() == 1u);
  BOOST_TEST(found->hits[0].snippet == "果树栽培与【病虫害】防治");
}

BOOST_AUTO_TEST_CASE(rejects_talent_without_person_id) {
  Talent t = SampleTalents()[0];
  t.person_id = 0;
  BOOST_TEST(index.UpsertTalent(t).code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(unparsable_query_is_invalid_argument_not_an_exception) {
  TalentQuery q;
  q.text = "果树 AND";
  const auto r = index.FindTalents(q);
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(r.error().message().find("果树 AND") != std::string::npos, r.error().message());
  // The same words as a bag parse fine.
  q.match_any = true;
  BOOST_TEST(index.FindTalents(q).ok());
}

BOOST_AUTO_TEST_CASE(malformed_filters_are_invalid_argument) {
  TalentQuery q;
  q.region_prefix = "371";
  BOOST_TEST(index.FindTalents(q).status().code() == StatusCode::kInvalidArgument);
  q.region_prefix.clear();
  q.discipline_prefix = "21a";
  BOOST_TEST(index.FindTalents(q).status().code() == StatusCode::kInvalidArgument);
  q.discipline_prefix.clear();
  q.limit = huicai::search::kMaxLimit + 1;
  BOOST_TEST(index.FindTalents(q).status().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(metadata_round_trips_across_reopen) {
  BOOST_TEST(index.GetMetadata("changelog.checkpoint").value() == "");
  BOOST_TEST_REQUIRE(index.SetMetadata("changelog.checkpoint", "12345").ok());
  BOOST_TEST_REQUIRE(index.Commit().ok());
  index = Index::Open(Options(dir.path / "tmp_other", true)).value();  // closes the first
  auto reader = Index::Open(Options(dir.path / "idx", false));
  BOOST_TEST_REQUIRE(reader.ok(), reader.status().ToString());
  BOOST_TEST(reader->GetMetadata("changelog.checkpoint").value() == "12345");
  BOOST_TEST(reader->DocCount() == 4u);
  BOOST_TEST(reader->SizeOnDiskBytes() > 0u);
  BOOST_TEST(reader->GetMetadata("").status().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(read_only_handle_refuses_writes) {
  auto reader = Index::Open(Options(dir.path / "idx", false));
  BOOST_TEST_REQUIRE(reader.ok(), reader.status().ToString());
  BOOST_TEST(reader->UpsertTalent(SampleTalents()[0]).code() == StatusCode::kInvalidArgument);
  BOOST_TEST(reader->SetMetadata("k", "v").code() == StatusCode::kInvalidArgument);
  BOOST_TEST(reader->Commit().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(read_only_open_of_missing_index_is_not_found) {
  auto missing = Index::Open(Options(dir.path / "nothing_here", false));
  BOOST_TEST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.error().code() == StatusCode::kNotFound);
  fs::create_directories(dir.path / "empty");
  auto empty = Index::Open(Options(dir.path / "empty", false));
  BOOST_TEST_REQUIRE(!empty.ok());
  BOOST_TEST(empty.error().code() == StatusCode::kNotFound);
}

BOOST_AUTO_TEST_CASE(second_writer_is_unavailable) {
  auto second = Index::Open(Options(dir.path / "idx", true));
  BOOST_TEST_REQUIRE(!second.ok());
  BOOST_TEST(second.error().code() == StatusCode::kUnavailable, second.error().ToString());
}

BOOST_AUTO_TEST_CASE(reader_sees_committed_changes_after_reopen) {
  auto opened = Index::Open(Options(dir.path / "idx", false));
  BOOST_TEST_REQUIRE(opened.ok(), opened.status().ToString());
  Index reader = std::move(opened).value();
  BOOST_TEST(reader.DocCount() == 4u);

  Talent extra = MakeTalent(5, "赵敏", "教授", "临沂大学", "果树栽培 土壤", {"21020"}, "371324",
                            TalentTier::kA, true);
  BOOST_TEST_REQUIRE(index.UpsertTalent(extra).ok());
  BOOST_TEST_REQUIRE(index.Commit().ok());
  BOOST_TEST(reader.DocCount() == 4u);  // still the revision it opened

  BOOST_TEST_REQUIRE(reader.Reopen().ok());
  BOOST_TEST(reader.DocCount() == 5u);
  TalentQuery q;
  q.text = "果树栽培";
  auto found = reader.FindTalents(q);
  BOOST_TEST_REQUIRE(found.ok(), found.status().ToString());
  BOOST_TEST(Ids(*found) == (std::set<PersonId>{1, 5}));

  // A fresh handle opened after the commit sees it too.
  auto fresh = Index::Open(Options(dir.path / "idx", false));
  BOOST_TEST_REQUIRE(fresh.ok());
  BOOST_TEST(fresh->DocCount() == 5u);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- policy articles: the five seed documents, split by core::ParsePolicyText.

namespace {

using huicai::search::PolicyEntry;
using huicai::search::PolicyQuery;

std::vector<PolicyEntry> SeedPolicy(const std::string& file, std::int64_t document_id) {
  std::ifstream in(fs::path(HUICAI_SOURCE_DIR) / "tests/data/policies" / file);
  std::stringstream text;
  text << in.rdbuf();
  auto doc = huicai::ParsePolicyText(text.str());
  BOOST_TEST_REQUIRE(doc.has_value(), doc.status().ToString());
  std::vector<PolicyEntry> out;
  for (std::size_t i = 0; i < doc->articles.size(); ++i) {
    out.push_back({document_id * 1000 + static_cast<std::int64_t>(i), document_id, doc->title,
                   doc->doc_number, doc->issuer, doc->articles[i]});
  }
  return out;
}

struct PolicyFixture {
  TempDir dir;
  std::optional<Index> index;
  PolicyFixture() {
    auto opened = Index::Open(Options(dir.path, true));
    BOOST_TEST_REQUIRE(opened.has_value(), opened.status().ToString());
    index.emplace(std::move(*opened));
    for (int d = 0; d < 5; ++d) {
      const auto articles = SeedPolicy("00" + std::to_string(d) + ".txt", d + 1);
      BOOST_TEST_REQUIRE(index->ReplacePolicy(d + 1, articles).ok());
    }
    BOOST_TEST_REQUIRE(index->Commit().ok());
  }
  huicai::search::PolicyResults Find(const std::string& text, std::size_t limit = 5) {
    auto found = index->FindPolicies(PolicyQuery{text, 0, limit});
    BOOST_TEST_REQUIRE(found.has_value(), found.status().ToString());
    return std::move(*found);
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_policy_question_in_plain_chinese_finds_its_article) {
  PolicyFixture f;
  // Stations are evaluated every two years and removed after failing (003 第十六-十七条).
  auto stations = f.Find("人才驿站 评估");
  BOOST_REQUIRE(!stations.hits.empty());
  BOOST_TEST(stations.hits[0].document_id == 4);
  BOOST_TEST(stations.hits[0].number == "第十六条");
  BOOST_TEST(stations.hits[0].snippet.find("【") != std::string::npos, stations.hits[0].snippet);
  // "A thousand doctors into firms" is an item of 002.
  auto doctors = f.Find("千名博士进企业");
  BOOST_REQUIRE(!doctors.hits.empty());
  BOOST_TEST(doctors.hits[0].document_id == 3);
  BOOST_TEST(doctors.hits[0].doc_number == "鲁人社字〔2020〕111号");
  // The north-west Liaoning plan (004 §15).
  auto northwest = f.Find("辽西北");
  BOOST_REQUIRE(!northwest.hits.empty());
  BOOST_TEST(northwest.hits[0].number == "15.");
  BOOST_TEST(northwest.hits[0].heading == "二、重点任务 > (三)坚持以用为本");
  // A question whose words no single article holds all of still finds the nearest: the
  // 15-day rule (000 §12).
  auto days = f.Find("每年 服务基层 天数");
  BOOST_TEST(days.relaxed);
  BOOST_REQUIRE(!days.hits.empty());
  BOOST_TEST(days.hits[0].document_id == 1);
  BOOST_TEST(days.hits[0].number == "12.");
  BOOST_TEST(days.hits[0].snippet.find("不少于15天") != std::string::npos, days.hits[0].snippet);
  BOOST_TEST(!stations.relaxed);
  // Marks cover whole matched words, not single characters.
  BOOST_TEST(stations.hits[0].snippet.find("【评估】") != std::string::npos,
             stations.hits[0].snippet);
  BOOST_TEST(stations.hits[0].snippet.find("】【") == std::string::npos);
  // Policies never come back as talents.
  TalentQuery as_talent;
  as_talent.text = "人才驿站";
  auto talents = f.index->FindTalents(as_talent);
  BOOST_REQUIRE(talents.has_value());
  BOOST_TEST(talents->hits.empty());
}

BOOST_AUTO_TEST_CASE(a_new_version_of_a_policy_replaces_all_its_articles) {
  PolicyFixture f;
  BOOST_REQUIRE(!f.Find("辽西北").hits.empty());
  std::vector<PolicyEntry> shorter = SeedPolicy("004.txt", 5);
  shorter.resize(3);  // the new version keeps the first three articles only
  BOOST_REQUIRE(f.index->ReplacePolicy(5, shorter).ok());
  BOOST_REQUIRE(f.index->Commit().ok());
  // No article says 辽西北 any more: at most articles holding part of it, as a relaxed answer.
  const auto after = f.Find("辽西北");
  for (const auto& hit : after.hits) {
    BOOST_TEST(hit.snippet.find("辽西北") == std::string::npos, hit.snippet);
    BOOST_TEST(hit.snippet.find("辽【西北】") == std::string::npos, hit.snippet);
    BOOST_TEST(after.relaxed);
  }
  BOOST_REQUIRE(f.index->ReplacePolicy(5, {}).ok());  // and removed
  BOOST_REQUIRE(f.index->Commit().ok());
  for (const auto& hit : f.Find("", 1000).hits) BOOST_TEST(hit.document_id != 5);
  std::vector<PolicyEntry> foreign = SeedPolicy("000.txt", 1);
  BOOST_TEST((f.index->ReplacePolicy(2, foreign).code() == StatusCode::kInvalidArgument));
  BOOST_TEST((f.index->FindPolicies(PolicyQuery{"驿站 AND", 0, 5}).status().code() ==
              StatusCode::kInvalidArgument));
}
