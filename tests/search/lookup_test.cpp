// Exact lookup by ID number, mobile, bank card or talent card through keyed hashes: found by
// each number, never by the number's text, and refused (with a reason) under another key.
#include <stdlib.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "search/index.h"
#include "tests/support/must.h"

namespace fs = std::filesystem;
using huicai::IdentifierKind;
using huicai::PersonIdentifiers;
using huicai::StatusCode;
using huicai::Talent;
using huicai::search::Index;
using huicai::search::IndexOptions;
using huicai::search::TalentQuery;
using huicai::testing::Must;

namespace {

constexpr const char* kKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
constexpr const char* kOtherKey =
    "1111111111111111111111111111111111111111111111111111111111111111";

struct LookupIndex {
  fs::path dir;

  LookupIndex() {
    std::string pattern = (fs::temp_directory_path() / "huicai_lookup_XXXXXX").string();
    BOOST_TEST_REQUIRE(mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    Index index = Must(Index::Open(Options(true, kKey)));
    BOOST_TEST_REQUIRE(index.UpsertTalent(MakeTalent(1, "371324", "HC0001"), Numbers(1)).ok());
    BOOST_TEST_REQUIRE(index.UpsertTalent(MakeTalent(2, "370102", "HC0002"), Numbers(2)).ok());
    // Built the way a rebuild builds: the same terms.
    int next = 3;
    BOOST_TEST_REQUIRE(index
                           .BuildTalents([&](Talent& t, PersonIdentifiers& numbers) {
                             if (next > 4) return false;
                             t = MakeTalent(next, "371302", "HC000" + std::to_string(next));
                             numbers = Numbers(next);
                             ++next;
                             return true;
                           })
                           .ok());
    BOOST_TEST_REQUIRE(index.Commit().ok());
  }
  ~LookupIndex() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  IndexOptions Options(bool writable, const std::string& key) const {
    IndexOptions options;
    options.directory = dir / "idx";
    options.writable = writable;
    options.lookup_key = key;
    return options;
  }
  static Talent MakeTalent(int id, std::string region, std::string card) {
    Talent t;
    t.person_id = id;
    t.name = "张伟";
    t.title = "研究员";
    t.specialties = "果树栽培";
    t.region_code = std::move(region);
    t.card_number = std::move(card);
    return t;
  }
  static PersonIdentifiers Numbers(int id) {
    PersonIdentifiers n;
    n.id_number = "37132419800101" + std::to_string(1000 + id).substr(1) + "X";
    n.mobile = "1380000000" + std::to_string(id);
    n.bank_cards = {"621700000000000000" + std::to_string(id),
                    "622200000000000" + std::to_string(id)};
    return n;
  }
  static std::vector<huicai::PersonId> Find(const Index& index, IdentifierKind kind,
                                            const std::string& value,
                                            std::vector<std::string> regions = {}) {
    TalentQuery q;
    q.lookup = TalentQuery::Lookup{kind, value};
    q.region_any = std::move(regions);
    auto found = index.FindTalents(q);
    BOOST_TEST_REQUIRE(found.has_value(), found.status().ToString());
    std::vector<huicai::PersonId> ids;
    for (const auto& h : found->hits) ids.push_back(h.person_id);
    return ids;
  }
};

using Ids = std::vector<huicai::PersonId>;

}  // namespace

BOOST_FIXTURE_TEST_SUITE(lookup, LookupIndex)

BOOST_AUTO_TEST_CASE(each_number_finds_its_talent_and_only_it) {
  const Index index = Must(Index::Open(Options(false, kKey)));
  for (int id = 1; id <= 4; ++id) {
    const PersonIdentifiers n = Numbers(id);
    BOOST_TEST((Find(index, IdentifierKind::kIdNumber, n.id_number) == Ids{id}));
    BOOST_TEST((Find(index, IdentifierKind::kMobile, n.mobile) == Ids{id}));
    BOOST_TEST((Find(index, IdentifierKind::kBankCard, n.bank_cards[0]) == Ids{id}));
    BOOST_TEST((Find(index, IdentifierKind::kBankCard, n.bank_cards[1]) == Ids{id}));
    BOOST_TEST((Find(index, IdentifierKind::kTalentCard, "HC000" + std::to_string(id)) == Ids{id}));
  }
  // A number of one kind is not found as another, nor a number nobody holds.
  BOOST_TEST(Find(index, IdentifierKind::kMobile, Numbers(1).id_number).empty());
  BOOST_TEST(Find(index, IdentifierKind::kIdNumber, "371324198001010999").empty());
  // An agency's regions bound lookups like any search.
  BOOST_TEST(Find(index, IdentifierKind::kMobile, Numbers(2).mobile, {"3713"}).empty());
  BOOST_TEST((Find(index, IdentifierKind::kMobile, Numbers(1).mobile, {"3713"}) == Ids{1}));
}

BOOST_AUTO_TEST_CASE(no_number_is_in_the_index_as_text) {
  const Index index = Must(Index::Open(Options(false, kKey)));
  // Free text never reaches the numbers either.
  TalentQuery q;
  q.text = Numbers(1).mobile;
  BOOST_TEST(Must(index.FindTalents(q)).hits.empty());
  // The files hold no number (nor its digits' run), only hashes.
  for (const auto& file : fs::directory_iterator(dir / "idx")) {
    std::ifstream in(file.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (int id = 1; id <= 4; ++id) {
      const PersonIdentifiers n = Numbers(id);
      for (const std::string& number : {n.id_number, n.mobile, n.bank_cards[0], n.bank_cards[1]}) {
        BOOST_TEST(bytes.find(number) == std::string::npos, file.path() << " holds a number");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(another_key_is_told_to_rebuild_and_no_key_is_refused) {
  const auto other = Index::Open(Options(true, kOtherKey));
  BOOST_REQUIRE(!other.has_value());
  BOOST_TEST((other.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(other.status().message().find("--rebuild") != std::string::npos,
             other.status().message());
  const Index reader = Must(Index::Open(Options(false, kOtherKey)));  // reads, cannot look up
  TalentQuery q;
  q.lookup = TalentQuery::Lookup{IdentifierKind::kMobile, Numbers(1).mobile};
  const auto wrong = reader.FindTalents(q);
  BOOST_TEST((wrong.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(wrong.status().message().find("rebuild") != std::string::npos,
             wrong.status().message());
  const Index keyless = Must(Index::Open(Options(false, "")));
  const auto none = keyless.FindTalents(q);
  BOOST_TEST((none.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(none.status().message().find("lookup_key") != std::string::npos,
             none.status().message());
  q.lookup.reset();
  q.text = "果树";
  BOOST_TEST(Must(keyless.FindTalents(q)).hits.size() == 4u);  // other searches go on
}

BOOST_AUTO_TEST_CASE(a_cleared_index_keeps_its_key_for_the_rebuild) {
  {
    Index index = Must(Index::Open(Options(true, kKey)));
    BOOST_TEST_REQUIRE(index.Clear().ok());
    BOOST_TEST_REQUIRE(index.UpsertTalent(MakeTalent(9, "371324", "HC0009"), Numbers(9)).ok());
    BOOST_TEST_REQUIRE(index.Commit().ok());
  }
  const Index index = Must(Index::Open(Options(false, kKey)));
  BOOST_TEST((Find(index, IdentifierKind::kMobile, Numbers(9).mobile) == Ids{9}));
  BOOST_TEST(Find(index, IdentifierKind::kMobile, Numbers(1).mobile).empty());
}

BOOST_AUTO_TEST_CASE(a_rebuild_that_clears_in_place_takes_a_new_key) {
  {
    IndexOptions options = Options(true, kOtherKey);
    options.will_clear = true;  // as a rebuild into remote shards opens them
    Index index = Must(Index::Open(options));
    BOOST_TEST_REQUIRE(index.Clear().ok());
    BOOST_TEST_REQUIRE(index.UpsertTalent(MakeTalent(5, "371324", "HC0005"), Numbers(5)).ok());
    BOOST_TEST_REQUIRE(index.Commit().ok());
  }
  const Index index = Must(Index::Open(Options(false, kOtherKey)));
  BOOST_TEST((Find(index, IdentifierKind::kMobile, Numbers(5).mobile) == Ids{5}));
  BOOST_TEST(Index::Open(Options(true, kKey)).status().message().find("--rebuild") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
