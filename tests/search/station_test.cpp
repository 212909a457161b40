// Talent stations and expert service bases in the index: found by words of their name, host and
// description, narrowed by kind, type, region and field, counted in facets, kept apart from
// talents and needs, replaced and removed.
#include <stdlib.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "search/index.h"
#include "tests/support/must.h"

namespace fs = std::filesystem;
using huicai::Station;
using huicai::StationId;
using huicai::StationKind;
using huicai::StationType;
using huicai::StatusCode;
using huicai::search::Index;
using huicai::search::StationQuery;
using huicai::testing::Must;

namespace {

struct StationIndex {
  fs::path dir;
  Index index;

  StationIndex() : dir(MakeDir()), index(Must(Index::Open(Options()))) {
    for (const Station& s : Samples()) BOOST_TEST_REQUIRE(index.UpsertStation(s).ok());
    huicai::Talent t;  // a talent and a need using the same words: never returned as stations
    t.person_id = 7;
    t.name = "王伟";
    t.specialties = "人才驿站 果树栽培";
    t.region_code = "371324";
    BOOST_TEST_REQUIRE(index.UpsertTalent(t).ok());
    huicai::Need n;
    n.id = 9;
    n.unit = "兰陵县人才驿站";
    n.title = "果树栽培培训";
    n.region_code = "371324";
    BOOST_TEST_REQUIRE(index.UpsertNeed(n).ok());
    BOOST_TEST_REQUIRE(index.Commit().ok());
  }
  ~StationIndex() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  static fs::path MakeDir() {
    std::string pattern = (fs::temp_directory_path() / "huicai_station_XXXXXX").string();
    BOOST_TEST_REQUIRE(mkdtemp(pattern.data()) != nullptr);
    return pattern;
  }
  huicai::search::IndexOptions Options() const {
    huicai::search::IndexOptions options;
    options.directory = dir / "idx";
    options.writable = true;
    return options;
  }

  static Station Make(StationId id, std::string name, StationKind kind, StationType type,
                      std::string region, std::vector<std::string> fields, std::string about) {
    Station s;
    s.id = id;
    s.name = std::move(name);
    s.kind = kind;
    s.type = type;
    s.host_unit = s.name.substr(0, 9) + "人力资源和社会保障局";
    s.region_code = std::move(region);
    s.disciplines = std::move(fields);
    s.description = std::move(about);
    return s;
  }
  static std::vector<Station> Samples() {
    return {
        Make(1, "兰陵县人才驿站", StationKind::kStation, StationType::kInnovation, "371324",
             {"21020"}, "组织果树栽培专家与合作社开展技术对接"),
        Make(2, "兰陵县专家服务基地", StationKind::kServiceBase, StationType::kComprehensive,
             "371324", {"210", "360"}, "依托县人民医院，邀请中医药和果树专家开展培训"),
        Make(3, "历下区人才驿站", StationKind::kStation, StationType::kEntrepreneurship, "370102",
             {"520"}, "创新创业辅导与政策咨询"),
        Make(4, "沂南县人才驿站", StationKind::kStation, StationType::kService, "371321", {"210"},
             "为来访专家提供食宿交通"),
    };
  }

  std::vector<StationId> Ids(const StationQuery& q) const {
    auto found = index.FindStations(q);
    BOOST_TEST_REQUIRE(found.has_value(), found.status().ToString());
    std::vector<StationId> ids;
    for (const auto& h : found->hits) ids.push_back(h.station_id);
    return ids;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(stations, StationIndex)

BOOST_AUTO_TEST_CASE(words_of_name_and_description_find_stations_and_nothing_else) {
  StationQuery q;
  q.text = "果树";
  BOOST_TEST((Ids(q) == std::vector<StationId>{1, 2}), "the talent and need are not stations");
  q.text = "人才驿站";
  BOOST_TEST(Ids(q).size() == 3u);
  q.text = "";  // every station and base, and only them
  BOOST_TEST(Ids(q).size() == 4u);
  const auto found = Must(index.FindStations([] {
    StationQuery one;
    one.text = "技术对接";
    return one;
  }()));
  BOOST_REQUIRE(found.hits.size() == 1u);
  BOOST_TEST(found.hits[0].name == "兰陵县人才驿站");
  BOOST_TEST((found.hits[0].type == StationType::kInnovation));
  BOOST_TEST(found.hits[0].snippet.find("【技术对接】") != std::string::npos,
             found.hits[0].snippet);
}

BOOST_AUTO_TEST_CASE(kind_type_region_and_field_narrow_and_facets_count_every_match) {
  StationQuery q;
  q.kind = StationKind::kServiceBase;
  BOOST_TEST((Ids(q) == std::vector<StationId>{2}));
  q.kind = StationKind::kStation;
  q.type = StationType::kService;
  BOOST_TEST((Ids(q) == std::vector<StationId>{4}));
  q = StationQuery{};
  q.region_prefix = "3713";
  q.discipline_prefix = "210";
  BOOST_TEST(Ids(q).size() == 3u);  // 21020 lies under 210
  q = StationQuery{};
  q.facets = true;
  q.limit = 1;  // facets count every match, not the page
  const auto r = Must(index.FindStations(q));
  BOOST_REQUIRE(r.facets.has_value());
  BOOST_TEST(r.estimated_total == 4u);
  BOOST_TEST(r.facets->kind.at("station") == 3u);
  BOOST_TEST(r.facets->kind.at("base") == 1u);
  BOOST_TEST(r.facets->type.at("创新型") == 1u);
  BOOST_TEST(r.facets->type.at("综合型") == 1u);
  BOOST_TEST(r.facets->city.at("3713") == 3u);
  BOOST_TEST(r.facets->county.at("371324") == 2u);
  BOOST_TEST(r.facets->discipline.at("210") == 3u);
  BOOST_TEST(r.facets->discipline.at("360") == 1u);
  q.region_any = {"3701"};  // an agency's regions bound the counts too
  const auto bounded = Must(index.FindStations(q));
  BOOST_TEST(bounded.estimated_total == 1u);
  BOOST_TEST(bounded.facets->kind.at("station") == 1u);
  BOOST_TEST(bounded.facets->city.count("3713") == 0u);
}

BOOST_AUTO_TEST_CASE(a_question_no_station_answers_word_for_word_is_relaxed) {
  StationQuery q;
  q.text = "果树 培训 基地 咨询";  // no station has all four words
  const auto r = Must(index.FindStations(q));
  BOOST_TEST(r.relaxed);
  BOOST_REQUIRE(!r.hits.empty());
  BOOST_TEST(r.hits[0].station_id == 2);  // 果树, 培训 and 基地
  q.text = "\"果树 咨询\"";               // quotes are never relaxed
  const auto quoted = Must(index.FindStations(q));
  BOOST_TEST(!quoted.relaxed);
  BOOST_TEST(quoted.hits.empty());
}

BOOST_AUTO_TEST_CASE(upsert_replaces_and_remove_removes) {
  Station changed = Samples()[0];
  changed.description = "海参养殖技术服务";
  BOOST_TEST_REQUIRE(index.UpsertStation(changed).ok());
  BOOST_TEST_REQUIRE(index.RemoveStation(4).ok());
  BOOST_TEST_REQUIRE(index.RemoveStation(4).ok());  // absent is fine (change-log replay)
  BOOST_TEST_REQUIRE(index.Commit().ok());
  StationQuery q;
  q.text = "果树";
  BOOST_TEST((Ids(q) == std::vector<StationId>{2}));
  q.text = "海参";
  BOOST_TEST((Ids(q) == std::vector<StationId>{1}));
  q.text = "";
  BOOST_TEST(Ids(q).size() == 3u);
  Station no_id = Samples()[0];
  no_id.id = 0;
  BOOST_TEST((index.UpsertStation(no_id).code() == StatusCode::kInvalidArgument));
  q.region_prefix = "3x";
  BOOST_TEST((index.FindStations(q).status().code() == StatusCode::kInvalidArgument));
}

BOOST_AUTO_TEST_SUITE_END()
