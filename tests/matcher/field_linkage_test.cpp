// Fellegi-Sunter over caller-described fields: options, missing values, one-to-one, and the
// quality on FEBRL-like data.
#include "matcher/field_linkage.h"

#if defined(EIGEN_WORLD_VERSION) || defined(U_ICU_VERSION)
#error "matcher/field_linkage.h leaks Eigen or ICU"
#endif

#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/matcher/febrl_like.h"
#include "tests/support/print.h"

namespace huicai::matcher {
namespace {

using Rows = std::vector<std::vector<std::string>>;

bool Is(const BlockKeySpec& key, KeyTransform transform) { return key.transform == transform; }

BlockKeySpec Key(std::string_view text) {
  auto key = ParseBlockKey(text);
  BOOST_REQUIRE_MESSAGE(key.ok(), key.status().ToString());
  return *key;
}

// The FEBRL columns after rec_id, as field specs, and blocking rules like config/linkage's.
FieldLinkageOptions FebrlOptions() {
  FieldLinkageOptions o;
  o.fields = {{"given_name", Comparator::kName},          {"surname", Comparator::kName},
              {"street_number", Comparator::kIdentifier}, {"address_1", Comparator::kText},
              {"address_2", Comparator::kText},           {"suburb", Comparator::kText},
              {"postcode", Comparator::kIdentifier},      {"state", Comparator::kExact},
              {"date_of_birth", Comparator::kDate},       {"soc_sec_id", Comparator::kIdentifier}};
  o.u_sample_pairs = 300000;  // enough for u; keeps the Debug suite quick
  o.blocking = {{"ssn", {Key("soc_sec_id")}},
                {"dob", {Key("date_of_birth")}},
                {"surname+postcode", {Key("surname:soundex"), Key("postcode:first:2")}},
                {"given+surname", {Key("given_name:soundex"), Key("surname:soundex")}}};
  return o;
}

Rows WithoutId(const Rows& rows) {
  Rows out;
  for (const auto& r : rows) out.emplace_back(r.begin() + 1, r.end());
  return out;
}

// "rec-12-dup-0" -> "12".
std::string Entity(const std::string& rec_id) {
  const auto end = rec_id.find('-', 4);
  return rec_id.substr(4, end - 4);
}

struct Quality {
  double precision = 0, recall = 0, f1 = 0;
};

Quality Score(const testing::FebrlLikeData& data, const FieldLinkageResult& result) {
  std::size_t true_links = 0, links = 0;
  for (const auto& p : result.pairs) {
    if (p.decision != PairDecision::kLink) continue;
    ++links;
    if (Entity(data.left[p.left][0]) == Entity(data.right[p.right][0])) ++true_links;
  }
  Quality q;
  q.precision = links ? static_cast<double>(true_links) / static_cast<double>(links) : 0;
  q.recall = static_cast<double>(true_links) / static_cast<double>(data.true_pairs);
  q.f1 = q.precision + q.recall > 0 ? 2 * q.precision * q.recall / (q.precision + q.recall) : 0;
  return q;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(field_linkage)

BOOST_AUTO_TEST_CASE(links_febrl_like_sources_with_f1_above_095) {
  testing::FebrlLikeOptions gen;
  gen.originals = 3000;
  gen.duplicates = 2000;
  gen.unmatched = 1000;
  const auto data = testing::GenerateFebrlLike(gen);
  FieldLinkageOptions options = FebrlOptions();
  options.one_to_one = true;
  auto result = LinkFields(WithoutId(data.left), WithoutId(data.right), options);
  BOOST_TEST_REQUIRE(result.ok(), result.status().ToString());
  BOOST_TEST(result->fitted);
  const Quality q = Score(data, *result);
  BOOST_TEST_MESSAGE("precision " << q.precision << " recall " << q.recall << " f1 " << q.f1
                                  << " candidates " << result->candidate_pairs << " seconds "
                                  << result->seconds);
  BOOST_TEST(q.f1 >= 0.95);
  BOOST_TEST(q.precision >= 0.95);
  // The fitted model says agreement on the SSN is strong evidence and disagreement weak.
  const auto& ssn = result->model.fields[9];
  BOOST_TEST(ssn.field == "soc_sec_id");
  BOOST_TEST(ssn.levels[0].m > 0.5);
  BOOST_TEST(ssn.levels[0].u < 0.001);
  BOOST_TEST(result->model.prior > 0);
  BOOST_TEST(result->model.prior < 0.01);
}

BOOST_AUTO_TEST_CASE(one_to_one_keeps_each_record_in_at_most_one_pair) {
  testing::FebrlLikeOptions gen;
  gen.originals = 1500;
  gen.duplicates = 1000;
  gen.unmatched = 200;
  gen.seed = 11;
  auto data = testing::GenerateFebrlLike(gen);
  // A second copy of some left records makes many-to-one candidates.
  for (std::size_t i = 0; i < 200; ++i) data.left.push_back(data.left[i]);
  FieldLinkageOptions options = FebrlOptions();
  auto many = LinkFields(WithoutId(data.left), WithoutId(data.right), options);
  BOOST_TEST_REQUIRE(many.ok(), many.status().ToString());
  options.one_to_one = true;
  auto one = LinkFields(WithoutId(data.left), WithoutId(data.right), options);
  BOOST_TEST_REQUIRE(one.ok(), one.status().ToString());
  std::set<std::size_t> lefts, rights;
  for (const auto& p : one->pairs) {
    BOOST_TEST(lefts.insert(p.left).second);
    BOOST_TEST(rights.insert(p.right).second);
  }
  BOOST_TEST(one->pairs.size() < many->pairs.size());
  // Best first.
  for (std::size_t k = 1; k < one->pairs.size(); ++k) {
    BOOST_TEST(one->pairs[k - 1].weight >= one->pairs[k].weight);
  }
}

BOOST_AUTO_TEST_CASE(missing_values_weigh_nothing) {
  FieldLinkageOptions with;
  with.fields = {
      {"name", Comparator::kName}, {"dob", Comparator::kDate}, {"city", Comparator::kExact}};
  with.blocking = {{"dob", {Key("dob")}}};
  with.em_iterations = 0;          // the default model: weights are known
  with.review_probability = 1e-9;  // report every candidate pair
  with.link_probability = 0.9;
  FieldLinkageOptions without = with;
  without.fields.pop_back();
  const Rows a = {{"ann lee", "19800101", "perth"}};
  const Rows b = {{"ann lee", "19800101", ""}};
  auto r1 = LinkFields(a, b, with);
  auto r2 = LinkFields(Rows{{"ann lee", "19800101"}}, Rows{{"ann lee", "19800101"}}, without);
  BOOST_TEST_REQUIRE(r1.ok(), r1.status().ToString());
  BOOST_TEST_REQUIRE(r2.ok(), r2.status().ToString());
  BOOST_TEST_REQUIRE(r1->pairs.size() == 1u);
  BOOST_TEST_REQUIRE(r2->pairs.size() == 1u);
  BOOST_TEST(r1->pairs[0].weight == r2->pairs[0].weight, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(!r1->fitted);
}

BOOST_AUTO_TEST_CASE(deduplicates_one_source) {
  testing::FebrlLikeOptions gen;
  gen.originals = 2000;
  gen.duplicates = 1200;
  gen.unmatched = 0;
  gen.seed = 5;
  const auto data = testing::GenerateFebrlLike(gen);
  Rows all = WithoutId(data.left);
  const Rows dups = WithoutId(data.right);
  all.insert(all.end(), dups.begin(), dups.end());
  auto result = DeduplicateFields(all, FebrlOptions());
  BOOST_TEST_REQUIRE(result.ok(), result.status().ToString());
  std::size_t right = 0, links = 0;
  for (const auto& p : result->pairs) {
    BOOST_TEST(p.left < p.right);
    if (p.decision != PairDecision::kLink) continue;
    ++links;
    auto id = [&](std::size_t i) {
      return Entity(i < data.left.size() ? data.left[i][0] : data.right[i - data.left.size()][0]);
    };
    if (id(p.left) == id(p.right)) ++right;
  }
  BOOST_TEST(static_cast<double>(right) >= 0.95 * static_cast<double>(data.true_pairs));
  BOOST_TEST(static_cast<double>(right) >= 0.95 * static_cast<double>(links));
}

BOOST_AUTO_TEST_CASE(rejects_bad_options_naming_the_problem) {
  const Rows rows = {{"a", "19800101"}};
  FieldLinkageOptions o;
  o.fields = {{"name", Comparator::kName}, {"dob", Comparator::kDate}};
  o.blocking = {{"r", {Key("postcode")}}};
  auto unknown = LinkFields(rows, rows, o);
  BOOST_TEST_REQUIRE(!unknown.ok());
  BOOST_TEST(unknown.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(unknown.error().message().find("'postcode'") != std::string::npos);

  o.blocking = {{"r", {Key("name:year")}}};
  auto year = LinkFields(rows, rows, o);
  BOOST_TEST_REQUIRE(!year.ok());
  BOOST_TEST(year.error().message().find("year needs a date") != std::string::npos);

  o.blocking = {{"r", {Key("dob:year")}}};
  auto width = LinkFields(rows, Rows{{"only one"}}, o);
  BOOST_TEST_REQUIRE(!width.ok());
  BOOST_TEST(width.error().message().find("right row 0") != std::string::npos);

  o.review_probability = 0.95;
  BOOST_TEST(LinkFields(rows, rows, o).status().code() == StatusCode::kInvalidArgument);
  o.review_probability = 0.5;
  o.blocking.clear();
  BOOST_TEST(LinkFields(rows, rows, o).status().code() == StatusCode::kInvalidArgument);

  o.blocking = {{"r", {Key("dob")}}};
  o.fields.push_back({"name", Comparator::kExact});
  auto twice = LinkFields(Rows{{"a", "b", "c"}}, Rows{{"a", "b", "c"}}, o);
  BOOST_TEST_REQUIRE(!twice.ok());
  BOOST_TEST(twice.error().message().find("'name' is listed twice") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(parses_block_keys_comparators_and_date_formats) {
  BOOST_TEST(Is(Key("postcode"), KeyTransform::kValue));
  const BlockKeySpec first = Key("postcode:first:3");
  BOOST_TEST(first.field == "postcode");
  BOOST_TEST(first.length == 3u);
  BOOST_TEST(Is(Key("surname:soundex"), KeyTransform::kSoundex));
  BOOST_TEST(Is(Key("dob:year"), KeyTransform::kYear));
  BOOST_TEST(Is(Key("name:pinyin"), KeyTransform::kPinyin));
  for (std::string_view bad :
       {"postcode:first:0", "postcode:first:x", "postcode:metaphone", ":x"}) {
    auto key = ParseBlockKey(bad);
    BOOST_TEST_REQUIRE(!key.ok());
    BOOST_TEST(key.error().code() == StatusCode::kInvalidArgument);
  }
  BOOST_TEST(ParseBlockKey("x:metaphone").error().message().find("allowed: value, first:N") !=
             std::string::npos);
  BOOST_TEST(ParseComparator("identifier").has_value());
  BOOST_TEST(!ParseComparator("fuzzy").has_value());
  BOOST_TEST(ComparatorName(Comparator::kText) == "text");
  BOOST_TEST(ComparatorLevels(Comparator::kIdentifier).size() == 3u);
  BOOST_TEST(ParseDateFormat("DD/MM/YYYY").has_value());
  BOOST_TEST(!ParseDateFormat("dd/mm/yy").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace huicai::matcher
