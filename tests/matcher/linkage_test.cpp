// Identity resolution: comparators, EM, blocking, thresholds, TF, clusters and evidence.
#include "matcher/linkage.h"

#if defined(EIGEN_WORLD_VERSION) || defined(U_ICU_VERSION) || defined(OPENCC_VERSION)
#error "matcher/linkage.h leaks Eigen or ICU"
#endif

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <random>
#include <set>

#include "core/id_number.h"
#include "core/pinyin.h"
#include "matcher/internal/linkage_block.h"
#include "matcher/internal/linkage_compare.h"
#include "matcher/internal/linkage_em.h"

namespace huicai::matcher {
namespace {

NameKey Name(std::string_view text) {
  auto key = AnalyseName(text);
  BOOST_REQUIRE_MESSAGE(key.has_value(), key.status().ToString());
  return key.value();
}

std::string_view NameLevel(std::string_view a, std::string_view b) {
  const std::int8_t level = internal::CompareNames(Name(a), Name(b));
  return level == internal::kMissing
             ? "missing"
             : internal::LevelNames(internal::kFieldName)[static_cast<std::size_t>(level)];
}

std::string_view DateLevel(Date a, Date b) {
  return internal::LevelNames(
      internal::kFieldBirthDate)[static_cast<std::size_t>(internal::CompareDates(a, b))];
}

std::string ValidId(std::string_view first17) {
  return std::string(first17) + IdCheckCharacter(first17);
}

LinkRecord Rec(std::string name, Date birth, std::string region, Gender g = Gender::kMale) {
  LinkRecord r;
  r.name = std::move(name);
  r.birth_date = birth;
  r.region_code = std::move(region);
  r.gender = g;
  return r;
}

// A synthetic population: `people` persons, each with a clean record and a partner copy in
// which one field in ten is damaged. Record 2i and 2i+1 are person i.
std::vector<LinkRecord> Population(std::size_t people, unsigned seed) {
  const char* const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                  "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
  const char* const given[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                               "勇", "艳", "杰", "涛", "明", "超", "秀", "霞", "平", "刚",
                               "华", "建", "国", "文", "红", "玲", "海", "东", "志", "鹏"};
  std::mt19937 rng(seed);
  auto pick = [&rng](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  std::uniform_real_distribution<double> coin(0, 1);
  std::vector<LinkRecord> out;
  for (std::size_t i = 0; i < people; ++i) {
    std::string surname = surnames[pick(std::size(surnames))];
    std::string given1 = given[pick(std::size(given))];
    std::string given2 = coin(rng) < 0.6 ? given[pick(std::size(given))] : "";
    const Date birth{static_cast<int>(1960 + pick(40)), static_cast<int>(1 + pick(12)),
                     static_cast<int>(1 + pick(28))};
    char region[8];
    std::snprintf(region, sizeof region, "37%02zu%02zu", 1 + pick(16), 1 + pick(10));
    LinkRecord clean = Rec(surname + given1 + given2, birth, region,
                           coin(rng) < 0.5 ? Gender::kMale : Gender::kFemale);
    LinkRecord dirty = clean;
    if (coin(rng) < 0.1) dirty.name = surname + given1 + given[pick(std::size(given))];
    if (coin(rng) < 0.1) dirty.birth_date->day = birth.day == 28 ? 27 : birth.day + 1;
    if (coin(rng) < 0.1) dirty.region_code = std::string(region).substr(0, 4) + "11";
    out.push_back(clean);
    out.push_back(dirty);
  }
  return out;
}

const LinkageResult& FittedPopulation() {
  static const LinkageResult result = [] {
    auto r = Link(Population(3000, 11));
    BOOST_REQUIRE_MESSAGE(r.has_value(), r.status().ToString());
    return std::move(r).value();
  }();
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(linkage)

BOOST_AUTO_TEST_CASE(reads_polyphonic_surnames_from_the_table) {
  BOOST_TEST(Name("单田芳").tokens == (std::vector<std::string>{"shan", "tianfang"}),
             boost::test_tools::per_element());
  BOOST_TEST(Name("曾国藩").tokens.front() == "zeng");
  BOOST_TEST(Name("解缙").tokens.front() == "xie");
  BOOST_TEST(Name("区志坚").tokens.front() == "ou");
  BOOST_TEST(Name("朴树").tokens.front() == "piao");
  BOOST_TEST(Name("尉迟恭").tokens == (std::vector<std::string>{"yuchi", "gong"}),
             boost::test_tools::per_element());
  BOOST_TEST(Name("欧阳修").joined == "ouyangxiu");
}

BOOST_AUTO_TEST_CASE(traditional_and_simplified_names_agree_exactly) {
  BOOST_TEST(Name("陳").han == "陈");
  BOOST_TEST(NameLevel("陳曉明", "陈晓明") == "exact");
  BOOST_TEST(NameLevel("單田芳", "单田芳") == "exact");
}

BOOST_AUTO_TEST_CASE(name_levels_cover_pinyin_latin_and_typos) {
  BOOST_TEST(NameLevel("王小明", "Wang Xiaoming") == "pinyin");
  BOOST_TEST(NameLevel("王小明", "XIAOMING Wang") == "pinyin");
  BOOST_TEST(NameLevel("王伟", "王玮") == "pinyin");  // same sound
  BOOST_TEST(NameLevel("José GARCÍA", "jose garcia") == "exact");
  BOOST_TEST(NameLevel("José García", "Garcia Jose") == "pinyin");
  BOOST_TEST(NameLevel("王小明", "王明小") == "one_edit");
  BOOST_TEST(NameLevel("王小明", "王大明") == "one_edit");
  BOOST_TEST(NameLevel("Martha Smith", "Marhta Smith") == "jaro_winkler>=0.92");
  BOOST_TEST(NameLevel("王小明", "李四") == "disagree");
  BOOST_TEST(NameLevel("王小明", "") == "missing");
}

BOOST_AUTO_TEST_CASE(jaro_winkler_matches_textbook_values) {
  BOOST_TEST(internal::JaroWinkler("MARTHA", "MARHTA") == 0.961,
             boost::test_tools::tolerance(0.001));
  BOOST_TEST(internal::JaroWinkler("DIXON", "DICKSONX") == 0.813,
             boost::test_tools::tolerance(0.001));
  BOOST_TEST(internal::JaroWinkler("DWAYNE", "DUANE") == 0.840,
             boost::test_tools::tolerance(0.001));
  BOOST_TEST(internal::Jaro("ABC", "XYZ") == 0.0);
  BOOST_TEST(internal::JaroWinkler("SAME", "SAME") == 1.0);
}

BOOST_AUTO_TEST_CASE(date_levels_detect_swaps_and_one_digit_errors) {
  BOOST_TEST(DateLevel({1980, 3, 7}, {1980, 3, 7}) == "exact");
  BOOST_TEST(DateLevel({1980, 3, 7}, {1980, 7, 3}) == "swap_day_month");
  BOOST_TEST(DateLevel({1980, 3, 7}, {1980, 3, 8}) == "one_digit_off");
  BOOST_TEST(DateLevel({1980, 3, 7}, {1981, 3, 7}) == "one_digit_off");
  BOOST_TEST(DateLevel({1980, 3, 7}, {1982, 4, 7}) == "disagree");
  BOOST_TEST(internal::CompareDates(std::nullopt, Date{1980, 3, 7}) == internal::kMissing);
}

BOOST_AUTO_TEST_CASE(region_levels_follow_the_code_hierarchy) {
  BOOST_TEST(internal::CompareRegions("370102", "370102") == 0);  // same county
  BOOST_TEST(internal::CompareRegions("370102", "370103") == 1);  // same city
  BOOST_TEST(internal::CompareRegions("370102", "370202") == 2);  // same province
  BOOST_TEST(internal::CompareRegions("370102", "110101") == 3);
  BOOST_TEST(internal::CompareRegions("", "110101") == internal::kMissing);
}

BOOST_AUTO_TEST_CASE(deterministic_key_normalises_ids_and_passports) {
  LinkRecord r;
  const std::string id = ValidId("37010219800307123");
  r.id_number = " " + id.substr(0, 17) + (id[17] == 'X' ? "x" : id.substr(17)) + " ";
  BOOST_TEST(DeterministicKey(r) == "id:" + id);
  r.id_number = id.substr(0, 17) + (id.back() == '0' ? "1" : "0");  // bad check character
  r.passport = "e 1234 567";
  r.nationality = "usa";
  BOOST_TEST(DeterministicKey(r) == "pp:USA:E1234567");
  LinkRecord none;
  none.passport = "E1234567";  // no nationality: no key
  BOOST_TEST(DeterministicKey(none).empty());
}

BOOST_AUTO_TEST_CASE(em_recovers_known_m_and_u) {
  // Truth: 10% matches; name/date/region with known m and u; ID fields missing.
  const double truth_m[3][2] = {{0.9, 0.1}, {0.8, 0.2}, {0.7, 0.3}};
  const double truth_u[3][2] = {{0.05, 0.95}, {0.1, 0.9}, {0.2, 0.8}};
  ModelParameters model = DefaultModelParameters();
  for (std::size_t f : {internal::kFieldName, internal::kFieldBirthDate, internal::kFieldRegion}) {
    model.fields[f].levels.resize(2);  // a two-level model for the test
  }
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> coin(0, 1);
  std::vector<internal::Levels> pairs;
  const std::size_t fields[3] = {internal::kFieldName, internal::kFieldBirthDate,
                                 internal::kFieldRegion};
  for (int k = 0; k < 200000; ++k) {
    internal::Levels l;
    l.fill(internal::kMissing);
    const bool match = coin(rng) < 0.1;
    for (int f = 0; f < 3; ++f) {
      const double agree = match ? truth_m[f][0] : truth_u[f][0];
      l[fields[f]] = coin(rng) < agree ? 0 : 1;
    }
    pairs.push_back(l);
  }
  internal::FitEm(pairs, 500, model);
  BOOST_TEST(model.match_proportion == 0.1, boost::test_tools::tolerance(0.1));
  for (int f = 0; f < 3; ++f) {
    BOOST_TEST(std::abs(model.fields[fields[f]].levels[0].m - truth_m[f][0]) < 0.02);
    BOOST_TEST(std::abs(model.fields[fields[f]].levels[0].u - truth_u[f][0]) < 0.02);
  }
}

BOOST_AUTO_TEST_CASE(blocking_compares_exactly_the_pairs_inside_blocks) {
  std::vector<internal::PreparedRecord> records;
  const Date dates[] = {{1980, 1, 1}, {1980, 1, 2}, {1980, 1, 1},
                        {1990, 5, 5}, {1980, 1, 2}, {1980, 1, 1}};
  for (const Date& d : dates) {
    auto p = internal::Prepare(Rec("张三", d, "370102"));
    BOOST_REQUIRE(p.has_value());
    records.push_back(p.value());
  }
  const BlockingRule rule{"birth_date", {BlockingKey::kBirthDate}};
  const auto c = internal::CandidatePairs(records, std::span(&rule, 1), 100);
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> expected = {
      {0, 2}, {0, 5}, {1, 4}, {2, 5}};
  BOOST_TEST((c.pairs == expected));
  const auto skipped = internal::CandidatePairs(records, std::span(&rule, 1), 2);
  BOOST_TEST(skipped.pairs.size() == 1u);  // only {1, 4}: the block of three is skipped
  BOOST_TEST(skipped.skipped_blocks.size() == 1u);
}

BOOST_AUTO_TEST_CASE(typo_in_name_with_same_birth_date_and_region_links) {
  std::vector<LinkRecord> records = Population(3000, 11);
  records.push_back(Rec("赵明远", {1977, 6, 14}, "370102"));
  records.push_back(Rec("赵明达", {1977, 6, 14}, "370102"));
  auto r = Link(records);
  BOOST_REQUIRE_MESSAGE(r.has_value(), r.status().ToString());
  const std::size_t n = records.size();
  BOOST_TEST(r->cluster_of[n - 1] == r->cluster_of[n - 2]);
  BOOST_TEST(r->model.iterations > 0);
}

BOOST_AUTO_TEST_CASE(two_wang_wei_born_the_same_year_in_different_regions_do_not_link) {
  std::vector<LinkRecord> records = Population(3000, 11);
  records.push_back(Rec("王伟", {1975, 2, 3}, "370102"));
  records.push_back(Rec("王伟", {1975, 9, 21}, "410105"));
  auto r = Link(records);
  BOOST_REQUIRE(r.has_value());
  const std::size_t n = records.size();
  BOOST_TEST(r->cluster_of[n - 1] != r->cluster_of[n - 2]);
}

BOOST_AUTO_TEST_CASE(population_links_with_high_precision_and_recall) {
  const LinkageResult& r = FittedPopulation();
  std::size_t together = 0;
  for (std::size_t i = 0; i + 1 < r.cluster_of.size(); i += 2) {
    together += r.cluster_of[i] == r.cluster_of[i + 1] ? 1 : 0;
  }
  BOOST_TEST(together >= 2900u);  // recall >= 96.7% with one field in ten damaged
  std::size_t wrong = 0;
  for (const auto& ev : r.links) wrong += ev.left / 2 != ev.right / 2 ? 1 : 0;
  BOOST_TEST(wrong <= 15u);
}

BOOST_AUTO_TEST_CASE(term_frequency_lowers_the_weight_of_a_common_name) {
  ModelParameters model = FittedPopulation().model;
  BOOST_REQUIRE(!model.name_frequency.empty());
  // 王伟 ten times as frequent as the name two different persons typically share.
  model.name_frequency["wang wei"] = 0.01;
  model.name_frequency_mean = 0.001;
  model.min_name_frequency = 0.00001;
  auto common =
      Explain(Rec("王伟", {1980, 1, 1}, "370102"), Rec("王伟", {1980, 1, 1}, "370102"), model);
  auto rare =
      Explain(Rec("尉迟恭", {1980, 1, 1}, "370102"), Rec("尉迟恭", {1980, 1, 1}, "370102"), model);
  BOOST_REQUIRE(common.has_value());
  BOOST_REQUIRE(rare.has_value());
  BOOST_TEST(common->fields[2].weight < rare->fields[2].weight - 3);
  model.name_frequency.clear();  // without TF both names weigh the same
  auto plain =
      Explain(Rec("王伟", {1980, 1, 1}, "370102"), Rec("王伟", {1980, 1, 1}, "370102"), model);
  BOOST_REQUIRE(plain.has_value());
  BOOST_TEST(plain->fields[2].weight > common->fields[2].weight);
}

BOOST_AUTO_TEST_CASE(explain_field_weights_sum_to_the_total) {
  auto ev = Explain(Rec("陳曉明", {1980, 3, 7}, "370102"), Rec("陈晓明", {1980, 7, 3}, "370103"),
                    FittedPopulation().model);
  BOOST_REQUIRE(ev.has_value());
  BOOST_TEST(ev->fields.size() == kLinkFieldCount);
  double sum = 0;
  for (const auto& f : ev->fields) sum += f.weight;
  BOOST_TEST(sum == ev->total, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(ev->fields[2].level == "exact");
  BOOST_TEST(ev->fields[3].level == "swap_day_month");
  BOOST_TEST(ev->fields[5].level == "same_city");
  BOOST_TEST(FormatEvidence(*ev).find("swap_day_month") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(incremental_keeps_person_ids_and_reviews_a_record_linking_two_persons) {
  LinkageOptions options;
  options.model = FittedPopulation().model;  // a stored model: the batch is too small for EM
  std::vector<LinkRecord> records = {
      Rec("林海涛", {1970, 5, 6}, "370102"),                  // existing person 101
      Rec("周静", {1985, 11, 2}, "370211", Gender::kFemale),  // existing person 202
      Rec("周静", {1985, 11, 2}, "370211", Gender::kFemale),  // existing 303, a twin record
      Rec("林海濤", {1970, 5, 6}, "370102"),                  // new: joins 101
      Rec("周静", {1985, 11, 2}, "370211", Gender::kFemale),  // new: links 202 and 303
      Rec("孔令辉", {1990, 1, 1}, "110101"),                  // new: nobody
  };
  records[0].person_id = 101;
  records[1].person_id = 202;
  records[2].person_id = 303;
  auto r = Link(records, options);
  BOOST_REQUIRE_MESSAGE(r.has_value(), r.status().ToString());
  BOOST_TEST(r->model.iterations == options.model->iterations);  // not refitted
  BOOST_TEST(r->cluster_of[0] == 101);
  BOOST_TEST(r->cluster_of[1] == 202);
  BOOST_TEST(r->cluster_of[2] == 303);
  BOOST_TEST(r->cluster_of[3] == 101);
  BOOST_TEST((r->decision[3] == Decision::kJoined));
  BOOST_TEST((r->decision[4] == Decision::kReview));
  BOOST_TEST(r->cluster_of[4] < 0);
  BOOST_TEST((r->decision[5] == Decision::kNew));
  BOOST_TEST(r->cluster_of[5] < 0);
  BOOST_TEST(r->cluster_of[5] != r->cluster_of[4]);
  bool reviewed_202_303 = false;
  for (const auto& ev : r->reviews) reviewed_202_303 |= (ev.left == 1 && ev.right == 2);
  BOOST_TEST(reviewed_202_303);  // existing duplicates are flagged, never merged
}

BOOST_AUTO_TEST_CASE(same_id_links_unless_everything_else_conflicts) {
  LinkageOptions options;
  options.model = FittedPopulation().model;
  LinkRecord a = Rec("刘洋", {1988, 4, 4}, "370102");
  LinkRecord b = Rec("Liu Yang", {1988, 4, 4}, "");
  b.birth_date.reset();
  LinkRecord c = Rec("孔令辉", {1950, 12, 30}, "110101", Gender::kFemale);
  a.id_number = b.id_number = c.id_number = ValidId("37010219880404123");
  auto r = Link(std::vector<LinkRecord>{a, b, c}, options);
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(r->cluster_of[0] == r->cluster_of[1]);
  BOOST_TEST(r->cluster_of[2] != r->cluster_of[0]);
  BOOST_REQUIRE(!r->reviews.empty());
  BOOST_TEST(r->reviews.front().fields[0].detail.find("conflicts") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(u_is_the_agreement_rate_among_random_pairs) {
  // 1000 records: 10 birth dates with 100 records each, half male: among all distinct pairs,
  // dates agree with probability 10 * C(100,2) / C(1000,2) and genders with 2 * C(500,2) / ...
  std::vector<internal::PreparedRecord> records;
  for (int i = 0; i < 1000; ++i) {
    auto p = internal::Prepare(
        Rec("张三", {1980, 1, 1 + i % 10}, "370102", i % 2 == 0 ? Gender::kMale : Gender::kFemale));
    BOOST_REQUIRE(p.has_value());
    records.push_back(p.value());
  }
  const double date_agree = 10.0 * 4950.0 / 499500.0;
  const double gender_agree = 2.0 * 124750.0 / 499500.0;
  ModelParameters every = DefaultModelParameters();
  BOOST_TEST(internal::EstimateU(records, 1'000'000, 1, every) == 499500u);  // all pairs
  const auto& date = every.fields[internal::kFieldBirthDate].levels;
  BOOST_TEST(date[0].u == date_agree, boost::test_tools::tolerance(1e-4));
  BOOST_TEST(every.fields[internal::kFieldGender].levels[0].u == gender_agree,
             boost::test_tools::tolerance(1e-4));
  // Days 01..09 differ from each other in one digit (36 pairs of dates, 100 x 100 records
  // each); day 10 differs from all of them in two.
  BOOST_TEST(date[2].u == 36.0 * 10000.0 / 499500.0, boost::test_tools::tolerance(1e-3));
  // A sample of random pairs, split over two threads, lands close to the full count.
  ModelParameters sampled = DefaultModelParameters();
  BOOST_TEST(internal::EstimateU(records, 200'000, 2, sampled) == 200000u);
  BOOST_TEST(std::abs(sampled.fields[internal::kFieldBirthDate].levels[0].u - date_agree) < 0.005);
  BOOST_TEST(std::abs(sampled.fields[internal::kFieldGender].levels[0].u - gender_agree) < 0.01);
  // Fields nobody has keep their u.
  BOOST_TEST(sampled.fields[internal::kFieldId].levels[0].u ==
             DefaultModelParameters().fields[internal::kFieldId].levels[0].u);
}

BOOST_AUTO_TEST_CASE(u_does_not_depend_on_the_blocking_rules) {
  const std::vector<LinkRecord> records = Population(3000, 11);
  LinkageOptions narrow;
  narrow.blocking = {{"birth_date", {BlockingKey::kBirthDate}}};
  auto a = Link(records);
  auto b = Link(records, narrow);
  BOOST_REQUIRE(a.has_value());
  BOOST_REQUIRE(b.has_value());
  BOOST_TEST(a->candidate_pairs > b->candidate_pairs);
  for (std::size_t f = 0; f < kLinkFieldCount; ++f) {
    for (std::size_t l = 0; l < a->model.fields[f].levels.size(); ++l) {
      BOOST_TEST(a->model.fields[f].levels[l].u == b->model.fields[f].levels[l].u);
    }
  }
  // Random pairs rarely agree on a birth date: u is the population's rate, far below the share
  // among date-blocked candidates (which is 1).
  BOOST_TEST(a->model.fields[internal::kFieldBirthDate].levels[0].u < 0.001);
  // The prior is about one match per person among all pairs of 6000 records.
  const double per_person = 3000.0 / (6000.0 * 5999.0 / 2.0);
  BOOST_TEST(a->model.prior > 0.8 * per_person);
  BOOST_TEST(a->model.prior < 1.2 * per_person);
}

BOOST_AUTO_TEST_CASE(probability_is_the_posterior_from_weights_and_prior) {
  ModelParameters model = DefaultModelParameters();
  model.prior = 1.0 / 1025.0;  // prior odds 1 : 1024, i.e. -10 in log2
  auto ev =
      Explain(Rec("王小明", {1980, 3, 7}, "370102"), Rec("王小明", {1980, 3, 7}, "370102"), model);
  BOOST_REQUIRE(ev.has_value());
  BOOST_TEST(ev->match_weight == ev->total - 10, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(ev->probability == 1 / (1 + std::exp2(-ev->match_weight)),
             boost::test_tools::tolerance(1e-12));
  model.prior = 1e-9;  // a rarer match in a larger population: lower probability
  auto rarer =
      Explain(Rec("王小明", {1980, 3, 7}, "370102"), Rec("王小明", {1980, 3, 7}, "370102"), model);
  BOOST_REQUIRE(rarer.has_value());
  BOOST_TEST(rarer->total == ev->total, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(rarer->probability < ev->probability);
  BOOST_TEST(FormatEvidence(*ev).find("probability") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(link_and_review_follow_the_probability_thresholds) {
  LinkageOptions options;
  options.model = DefaultModelParameters();
  options.em_iterations = 0;
  options.term_frequency = false;
  const std::vector<LinkRecord> records = {Rec("王小明", {1980, 3, 7}, "370102"),
                                           Rec("王小明", {1980, 3, 7}, "370103")};
  auto ev = Explain(records[0], records[1], *options.model);
  BOOST_REQUIRE(ev.has_value());
  const double p = ev->probability;
  BOOST_REQUIRE(p > 0.01);
  BOOST_REQUIRE(p < 0.99);
  options.link_probability = (1 + p) / 2;  // above the pair: review
  options.review_probability = p / 2;
  auto review = Link(records, options);
  BOOST_REQUIRE_MESSAGE(review.has_value(), review.status().ToString());
  BOOST_TEST(review->links.empty());
  BOOST_REQUIRE(review->reviews.size() == 1u);
  BOOST_TEST(review->reviews.front().probability == p, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(review->cluster_of[0] != review->cluster_of[1]);
  options.link_probability = p / 2;  // below the pair: link
  options.review_probability = p / 4;
  auto link = Link(records, options);
  BOOST_REQUIRE(link.has_value());
  BOOST_TEST(link->links.size() == 1u);
  BOOST_TEST(link->cluster_of[0] == link->cluster_of[1]);
  options.link_probability = (1 + p) / 2;
  options.review_probability = (1 + 3 * p) / 4;  // above the pair: neither
  auto none = Link(records, options);
  BOOST_REQUIRE(none.has_value());
  BOOST_TEST(none->links.empty());
  BOOST_TEST(none->reviews.empty());
}

BOOST_AUTO_TEST_CASE(chain_of_links_does_not_merge_two_different_people) {
  // B lacks region and gender, so it links to both A and C; A and C disagree on both.
  LinkageOptions options;
  options.model = DefaultModelParameters();
  options.em_iterations = 0;
  options.term_frequency = false;
  LinkRecord a = Rec("王小明", {1980, 3, 7}, "370102", Gender::kMale);
  LinkRecord b = Rec("王小明", {1980, 3, 7}, "", Gender::kUnknown);
  LinkRecord c = Rec("王小明", {1980, 3, 7}, "410105", Gender::kFemale);
  const std::vector<LinkRecord> records = {a, b, c};
  auto ab = Explain(a, b, *options.model);
  auto ac = Explain(a, c, *options.model);
  BOOST_REQUIRE(ab.has_value() && ac.has_value());
  BOOST_REQUIRE(ab->probability >= options.link_probability);
  BOOST_REQUIRE(ac->probability < options.review_probability);
  auto r = Link(records, options);
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(r->cluster_of[0] != r->cluster_of[2]);
  BOOST_TEST(r->links.size() == 1u);  // the first of the two equal links; the other to review
  BOOST_TEST(r->reviews.size() == 1u);
  options.check_chains = false;  // without the check, the chain merges everyone
  auto chained = Link(records, options);
  BOOST_REQUIRE(chained.has_value());
  BOOST_TEST(chained->cluster_of[0] == chained->cluster_of[2]);
}

BOOST_AUTO_TEST_CASE(rejects_thresholds_out_of_order_and_empty_rules) {
  LinkageOptions options;
  options.review_threshold = 20;
  auto r = Link(std::vector<LinkRecord>{}, options);
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST((r.error().code() == StatusCode::kInvalidArgument));
  LinkageOptions empty_rule;
  empty_rule.blocking.push_back({"nothing", {}});
  auto e = Link(std::vector<LinkRecord>{}, empty_rule);
  BOOST_REQUIRE(!e.has_value());
  BOOST_TEST(e.error().message().find("nothing") != std::string::npos);
  LinkageOptions certain;
  certain.link_probability = 1.0;  // a probability of 1 is never reached
  auto c = Link(std::vector<LinkRecord>{}, certain);
  BOOST_REQUIRE(!c.has_value());
  BOOST_TEST(c.error().message().find("link_probability") != std::string::npos);
  ModelParameters broken = DefaultModelParameters();
  broken.fields.pop_back();
  BOOST_TEST(!Explain(LinkRecord{}, LinkRecord{}, broken).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace huicai::matcher
