// Tests of the synthetic partner data and needs (hub/synth.h) against core's validators.
#include "hub/synth.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/codes.h"
#include "core/id_number.h"
#include "core/regions.h"
#include "core/text.h"
#include "core/validate.h"
#include "hub/hub.h"

namespace huicai::hub {
namespace {

struct Chunk {
  std::string partner;
  RowTable table;
};

std::vector<Chunk> Generate(const SynthOptions& options) {
  std::vector<Chunk> chunks;
  Status status = SynthesisePartners(options, [&](std::string_view partner, RowTable&& table) {
    chunks.push_back({std::string(partner), std::move(table)});
    return Status::Ok();
  });
  BOOST_REQUIRE_MESSAGE(status.ok(), status.ToString());
  return chunks;
}

// All rows of one partner, chunks concatenated.
RowTable Rows(const std::vector<Chunk>& chunks, std::string_view partner) {
  RowTable all;
  for (const Chunk& c : chunks) {
    if (c.partner != partner) continue;
    if (all.columns.empty()) {
      all.name = c.table.name;
      all.columns = c.table.columns;
      all.column_types = c.table.column_types;
    }
    all.rows.insert(all.rows.end(), c.table.rows.begin(), c.table.rows.end());
  }
  return all;
}

size_t Col(const RowTable& table, std::string_view name) {
  auto it = std::find(table.columns.begin(), table.columns.end(), name);
  BOOST_REQUIRE_MESSAGE(it != table.columns.end(), "no column " << name << " in " << table.name);
  return static_cast<size_t>(it - table.columns.begin());
}

// The key columns and validation rules of each partner, as docs/data-formats.md describes.
struct PartnerRules {
  std::vector<std::string> key;
  std::vector<std::pair<std::string, std::string>> rules;  // column, CheckField rule
};

const std::map<std::string, PartnerRules>& Rules() {
  static const std::map<std::string, PartnerRules> kRules = {
      {"registry",
       {{"card_no"},
        {{"id_number", "id_number"},
         {"name", "name"},
         {"employer_uscc", "credit_code"},
         {"region", "region"}}}},
      {"police",
       {{"RYBH"},
        {{"GMSFHM", "id_number"},
         {"XM", "name"},
         {"HJDZ_XZQH", "region"},
         {"SJHM", "mobile"},
         {"XB", "gender"}}}},
      {"education", {{"zsbh"}, {{"zjhm", "id_number"}, {"xm", "name"}}}},
      {"tax",
       {{"taxpayer_id", "tax_year"},
        {{"taxpayer_id", "id_number"},
         {"taxpayer_name", "name"},
         {"withholding_agent_uscc", "credit_code"}}}},
      {"bank",
       {{"CARD_NO"},
        {{"CARD_NO", "bank_card"}, {"CUST_IDNO", "id_number"}, {"CUST_NAME", "name"}}}},
      {"insurance",
       {{"sfzh", "xzlx"}, {{"sfzh", "id_number"}, {"xm", "name"}, {"dwtyxydm", "credit_code"}}}},
  };
  return kRules;
}

std::string KeyOf(const RowTable& table, const std::vector<std::optional<std::string>>& row,
                  const std::vector<std::string>& key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0) out += '|';
    out += row[Col(table, key[i])].value_or("");
  }
  return out;
}

struct GoldLine {
  std::string expected;
  std::string reason;
  std::string person;  // the talent the row is about
};

// (partner, source_key) -> gold line; fails the test on a repeated key.
std::map<std::pair<std::string, std::string>, GoldLine> Gold(const std::vector<Chunk>& chunks) {
  std::map<std::pair<std::string, std::string>, GoldLine> gold;
  const RowTable table = Rows(chunks, "gold");
  BOOST_REQUIRE(table.columns == (std::vector<std::string>{"partner", "source_key", "expected",
                                                           "reason", "person"}));
  for (const auto& row : table.rows) {
    auto [it, fresh] =
        gold.emplace(std::make_pair(*row[0], *row[1]), GoldLine{*row[2], *row[3], *row[4]});
    BOOST_CHECK_MESSAGE(fresh, "gold repeats " << *row[0] << " " << *row[1]);
  }
  return gold;
}

SynthOptions Small(int talents = 400) {
  SynthOptions options;
  options.talents = talents;
  options.needs = 60;
  options.chunk_rows = 97;
  options.dirt_rate = 0.08;
  return options;
}

BOOST_AUTO_TEST_SUITE(synth)

BOOST_AUTO_TEST_CASE(same_seed_gives_identical_data_and_another_seed_different_data) {
  const auto first = Generate(Small(150));
  const auto again = Generate(Small(150));
  BOOST_REQUIRE_EQUAL(first.size(), again.size());
  for (size_t i = 0; i < first.size(); ++i) {
    BOOST_CHECK_EQUAL(first[i].partner, again[i].partner);
    BOOST_CHECK(first[i].table.rows == again[i].table.rows);
  }
  SynthOptions other = Small(150);
  other.seed = 7;
  const auto different = Generate(other);
  BOOST_CHECK(Rows(first, "registry").rows != Rows(different, "registry").rows);
  BOOST_CHECK(Rows(first, "police").rows != Rows(different, "police").rows);
}

BOOST_AUTO_TEST_CASE(partners_come_in_order_in_chunks_of_at_most_chunk_rows) {
  const SynthOptions options = Small();
  const auto chunks = Generate(options);
  std::vector<std::string> order;
  for (const Chunk& c : chunks) {
    BOOST_CHECK_LE(c.table.rows.size(), options.chunk_rows);
    BOOST_CHECK(!c.table.rows.empty());
    BOOST_CHECK_EQUAL(c.table.columns.size(), c.table.column_types.size());
    for (const auto& row : c.table.rows) BOOST_CHECK_EQUAL(row.size(), c.table.columns.size());
    if (order.empty() || order.back() != c.partner) order.push_back(c.partner);
  }
  // Each partner's chunks are consecutive, partners in the documented order, gold last.
  BOOST_CHECK(order == (std::vector<std::string>{"registry", "police", "education", "tax", "bank",
                                                 "insurance", "gold"}));
}

BOOST_AUTO_TEST_CASE(tables_and_columns_follow_the_data_formats_document) {
  const auto chunks = Generate(Small(50));
  const RowTable registry = Rows(chunks, "registry");
  BOOST_CHECK_EQUAL(registry.name, "talent_card");
  BOOST_CHECK_EQUAL(registry.column_types[Col(registry, "days_available")], "integer");
  BOOST_CHECK_EQUAL(registry.columns.back(), "updated_at");
  const RowTable police = Rows(chunks, "police");
  BOOST_CHECK_EQUAL(police.name, "RK_PERSON");
  BOOST_CHECK_EQUAL(police.column_types[Col(police, "UPDATE_SEQ")], "integer");
  BOOST_CHECK_EQUAL(Rows(chunks, "education").name, "xl_degree");
  const RowTable tax = Rows(chunks, "tax");
  BOOST_CHECK_EQUAL(tax.name, "tax_income_annual");
  BOOST_CHECK_EQUAL(tax.column_types[Col(tax, "income_yuan")], "real");
  BOOST_CHECK_EQUAL(tax.column_types[Col(tax, "modified_at")], "integer");
  BOOST_CHECK_EQUAL(Rows(chunks, "bank").name, "CARD_ACCT");
  BOOST_CHECK_EQUAL(Rows(chunks, "insurance").name, "si_insured");
  const RowTable bank = Rows(chunks, "bank");
  for (const auto& row : bank.rows) {
    const std::string& open = *row[Col(bank, "OPEN_DATE")];
    BOOST_CHECK(open.find("年") != std::string::npos && open.ends_with("日"));
  }
}

BOOST_AUTO_TEST_CASE(watermarks_never_decrease_and_sometimes_tie) {
  const auto chunks = Generate(Small());
  for (std::string_view partner : kSynthPartners) {
    const RowTable table = Rows(chunks, partner);
    const size_t w = table.columns.size() - 1;
    const bool integer = table.column_types[w] == "integer";
    int ties = 0;
    for (size_t i = 1; i < table.rows.size(); ++i) {
      const std::string& a = *table.rows[i - 1][w];
      const std::string& b = *table.rows[i][w];
      if (integer) {
        BOOST_CHECK_LE(std::stoll(a), std::stoll(b));
      } else {
        BOOST_CHECK_LE(a, b);
      }
      if (a == b) ++ties;
    }
    BOOST_CHECK_MESSAGE(ties > 0, partner << " has no tied watermarks");
  }
}

BOOST_AUTO_TEST_CASE(row_counts_per_partner_match_the_talents) {
  const SynthOptions options = Small();
  const auto chunks = Generate(options);
  const auto gold = Gold(chunks);
  std::map<std::string, size_t> distinct;
  for (const auto& [key, line] : gold) ++distinct[key.first];
  const auto talents = static_cast<size_t>(options.talents);
  BOOST_CHECK_EQUAL(distinct["registry"], talents);
  BOOST_CHECK_EQUAL(distinct["police"], talents);
  const size_t with_id = distinct["bank"];  // foreign experts appear in registry and police only
  BOOST_CHECK_LE(with_id, talents);
  BOOST_CHECK_GE(with_id, talents * 95 / 100);
  BOOST_CHECK_EQUAL(distinct["tax"], 2 * with_id);
  BOOST_CHECK_GE(distinct["education"], with_id);
  BOOST_CHECK_LE(distinct["education"], 2 * with_id);
  BOOST_CHECK_GE(distinct["insurance"], 2 * with_id);
  BOOST_CHECK_LE(distinct["insurance"], 3 * with_id);
}

BOOST_AUTO_TEST_CASE(gold_has_one_line_per_distinct_source_key_and_duplicates_are_exact) {
  const auto chunks = Generate(Small());
  const auto gold = Gold(chunks);
  size_t partner_keys = 0;
  int duplicates = 0;
  for (const auto& [partner, rules] : Rules()) {
    const RowTable table = Rows(chunks, partner);
    std::map<std::string, std::vector<std::optional<std::string>>> seen;
    for (const auto& row : table.rows) {
      const std::string key = KeyOf(table, row, rules.key);
      auto it = gold.find({partner, key});
      BOOST_REQUIRE_MESSAGE(it != gold.end(), "no gold line for " << partner << " " << key);
      auto [prev, fresh] = seen.emplace(key, row);
      if (!fresh) {
        ++duplicates;
        BOOST_CHECK_MESSAGE(prev->second == row, "key " << key << " repeats with other values");
        BOOST_CHECK_EQUAL(it->second.expected, "load");
        BOOST_CHECK_EQUAL(it->second.reason, "duplicate");
      }
    }
    partner_keys += seen.size();
  }
  BOOST_CHECK_EQUAL(partner_keys, gold.size());
  BOOST_CHECK_GT(duplicates, 0);
}

BOOST_AUTO_TEST_CASE(dirty_rows_fail_the_validator_with_exactly_the_gold_reason) {
  const auto chunks = Generate(Small(600));
  const auto gold = Gold(chunks);
  std::set<std::string> reasons_seen;
  size_t rows = 0;
  size_t quarantined = 0;
  for (const auto& [partner, rules] : Rules()) {
    const RowTable table = Rows(chunks, partner);
    for (const auto& row : table.rows) {
      ++rows;
      const std::string key = KeyOf(table, row, rules.key);
      const GoldLine& line = gold.at({partner, key});
      std::vector<std::string> failures;
      for (const auto& [column, rule] : rules.rules) {
        const auto& cell = row[Col(table, column)];
        if (!cell) continue;  // foreign experts: no household region
        const FieldCheck check = CheckField(rule, *cell);
        if (!check.ok()) failures.push_back(check.reason_code);
      }
      if (line.expected == "load") {
        BOOST_CHECK_MESSAGE(failures.empty(), partner << " row " << key << " should load but fails "
                                                      << (failures.empty() ? "" : failures[0]));
      } else {
        ++quarantined;
        BOOST_CHECK_EQUAL(line.expected, "quarantine");
        BOOST_REQUIRE_EQUAL(failures.size(), 1u);
        BOOST_CHECK_EQUAL(failures[0], line.reason);
        reasons_seen.insert(line.reason);
      }
    }
  }
  for (const char* reason : {"bad_id_check", "bad_id_birth_date", "bad_id_region",
                             "bad_credit_code", "bad_bank_card", "bad_name", "bad_region"}) {
    BOOST_CHECK_MESSAGE(reasons_seen.contains(reason), "no dirty row with reason " << reason);
  }
  // About dirt_rate of the rows are dirty; part of the dirt is normalisable and loads.
  const double share = static_cast<double>(quarantined) / static_cast<double>(rows);
  BOOST_CHECK_GT(share, 0.02);
  BOOST_CHECK_LT(share, 0.08);
}

BOOST_AUTO_TEST_CASE(clean_ids_agree_with_birth_date_gender_and_household) {
  SynthOptions options = Small(1500);
  options.dirt_rate = 0;
  const auto chunks = Generate(options);
  const RowTable police = Rows(chunks, "police");
  int foreign = 0;
  int without_card = 0;
  for (const auto& row : police.rows) {
    if (!row[Col(police, "GMSFHM")]) {
      // A foreign expert without a permanent residence card: known by nationality and passport.
      ++without_card;
      BOOST_CHECK(*row[Col(police, "GJ")] != "CHN");
      BOOST_CHECK(row[Col(police, "HZHM")].has_value());
      continue;
    }
    const std::string& id = *row[Col(police, "GMSFHM")];
    auto info = ParseIdNumber(id);
    BOOST_REQUIRE_MESSAGE(info.ok(), info.status().ToString());
    BOOST_CHECK_EQUAL(info->number, id);
    BOOST_CHECK_EQUAL(info->gender == Gender::kMale ? "1" : "2", *row[Col(police, "XB")]);
    const std::string csrq = std::to_string(info->birth_date.year) + "/" +
                             std::to_string(info->birth_date.month) + "/" +
                             std::to_string(info->birth_date.day);
    BOOST_CHECK_EQUAL(csrq, *row[Col(police, "CSRQ")]);
    if (*row[Col(police, "GJ")] != "CHN") {
      // Foreign experts: a 2023 permanent residence card, a Latin name, no household region.
      ++foreign;
      BOOST_CHECK(info->permanent_residence_card);
      BOOST_CHECK(!row[Col(police, "HJDZ_XZQH")].has_value());
      BOOST_CHECK(NormalisePersonName(*row[Col(police, "XM")]).ok());
      BOOST_CHECK(row[Col(police, "HZHM")].has_value());
      continue;
    }
    BOOST_CHECK(!info->permanent_residence_card);
    BOOST_CHECK_EQUAL(info->region_code, *row[Col(police, "HJDZ_XZQH")]);
    const Region* region = RegionTable::Default().Find(info->region_code);
    BOOST_REQUIRE(region != nullptr);
    BOOST_CHECK(region->in_force() && region->code.starts_with("37"));
  }
  BOOST_CHECK_GT(foreign, 0);
  BOOST_CHECK_GT(without_card, 0);
  BOOST_CHECK_LT(foreign + without_card, 60);
  const RowTable registry = Rows(chunks, "registry");
  std::set<std::string> ids;
  std::map<std::string, int> tiers;
  for (const auto& row : registry.rows) {
    if (const auto& id = row[Col(registry, "id_number")]; id) {
      BOOST_CHECK_MESSAGE(ids.insert(*id).second, "ID repeats");
    } else {
      BOOST_CHECK(row[Col(registry, "passport_no")].has_value());
      BOOST_CHECK(*row[Col(registry, "nationality")] != "CHN");
    }
    ++tiers[*row[Col(registry, "tier")]];
    for (const std::string& code : Split(*row[Col(registry, "disciplines")], ';')) {
      BOOST_CHECK_MESSAGE(DisciplineTable::Default().Known(code), "unknown discipline " << code);
    }
    const int available = std::stoi(*row[Col(registry, "days_available")]);
    BOOST_CHECK(available >= 10 && available <= 60);
  }
  BOOST_CHECK_GT(tiers["D"], tiers["C"]);
  BOOST_CHECK_GT(tiers["C"], tiers["B"]);
  BOOST_CHECK_GT(tiers["B"], tiers["A"]);
  const RowTable bank = Rows(chunks, "bank");
  for (const auto& row : bank.rows) {
    BOOST_CHECK(NormaliseBankCard(*row[Col(bank, "CARD_NO")]).ok());
  }
}

BOOST_AUTO_TEST_CASE(old_degrees_without_id_carry_birth_date_and_gender_and_gold_names_the_person) {
  SynthOptions options = Small(1500);
  options.dirt_rate = 0;
  const auto chunks = Generate(options);
  const auto gold = Gold(chunks);
  const RowTable police = Rows(chunks, "police");
  std::map<std::string, std::string> person_of_id;  // ID number -> police person number
  for (const auto& row : police.rows) {
    if (row[Col(police, "GMSFHM")]) person_of_id[*row[Col(police, "GMSFHM")]] = *row[0];
  }
  const RowTable education = Rows(chunks, "education");
  int without_id = 0;
  for (const auto& row : education.rows) {
    const std::string& key = *row[Col(education, "zsbh")];
    const GoldLine& line = gold.at({"education", key});
    const auto& birth = row[Col(education, "csrq")];
    BOOST_REQUIRE(birth.has_value());
    BOOST_CHECK(row[Col(education, "xb")].has_value());
    if (const auto& id = row[Col(education, "zjhm")]; id) {
      BOOST_CHECK_EQUAL(line.person, person_of_id.at(*id));
      BOOST_CHECK_EQUAL(id->substr(6, 8), *birth);  // the birth date the ID number holds
      continue;
    }
    ++without_id;
    BOOST_CHECK_LT(std::stoi(row[Col(education, "byrq")]->substr(0, 4)), 2000);
    BOOST_CHECK(line.person.starts_with("R37"));
  }
  // Degrees before 2000 are about a third of all; six in ten of those lack the ID number.
  BOOST_CHECK_GT(without_id, static_cast<int>(education.rows.size()) / 20);
  BOOST_CHECK_LT(without_id, static_cast<int>(education.rows.size()) / 3);
}

BOOST_AUTO_TEST_CASE(rejects_bad_options_and_passes_on_chunk_errors_with_context) {
  SynthOptions options = Small(10);
  options.chunk_rows = 0;
  auto ignore = [](std::string_view, RowTable&&) { return Status::Ok(); };
  BOOST_CHECK(SynthesisePartners(options, ignore).code() == StatusCode::kInvalidArgument);
  options = Small(10);
  options.dirt_rate = 1.5;
  BOOST_CHECK(SynthesisePartners(options, ignore).code() == StatusCode::kInvalidArgument);
  options = Small(10);
  options.province = "99";
  BOOST_CHECK(SynthesisePartners(options, ignore).code() == StatusCode::kInvalidArgument);
  BOOST_CHECK(SynthesiseNeeds(options).empty());

  options = Small(10);
  int calls = 0;
  Status status = SynthesisePartners(options, [&](std::string_view partner, RowTable&&) {
    ++calls;
    return partner == "police" ? Status::Unavailable("disk full") : Status::Ok();
  });
  BOOST_CHECK(status.code() == StatusCode::kUnavailable);
  BOOST_CHECK(status.message().find("police") != std::string::npos);
  BOOST_CHECK_EQUAL(calls, 2);  // one registry chunk, then the failing police chunk
}

BOOST_AUTO_TEST_CASE(needs_lie_in_real_counties_with_valid_windows) {
  const SynthOptions options = Small();
  const std::vector<Need> needs = SynthesiseNeeds(options);
  BOOST_REQUIRE_EQUAL(needs.size(), static_cast<size_t>(options.needs));
  const Date after{2026, 11, 24};
  const Date limit{2027, 11, 24};
  int linyi = 0;
  std::map<NeedKind, int> kinds;
  for (const Need& need : needs) {
    ++kinds[need.kind];
    const Region* region = RegionTable::Default().Find(need.region_code);
    BOOST_REQUIRE_MESSAGE(region != nullptr, need.region_code);
    BOOST_CHECK(region->in_force() && region->level == RegionLevel::kCounty);
    BOOST_CHECK(need.region_code.starts_with("37"));
    if (need.region_code.starts_with("3713")) ++linyi;
    BOOST_CHECK(!need.unit.empty() && !need.title.empty() && !need.description.empty());
    if (!need.unit_credit_code.empty()) {
      BOOST_CHECK(NormaliseCreditCode(need.unit_credit_code).ok());
    }
    BOOST_CHECK(!need.disciplines.empty());
    for (const auto& code : need.disciplines) BOOST_CHECK(DisciplineTable::Default().Known(code));
    BOOST_CHECK(need.days >= 3 && need.days <= 10);
    switch (need.kind) {
      case NeedKind::kNeed:  // a grassroots unit's own need: 1-3 experts, no host
        BOOST_CHECK(need.headcount >= 1 && need.headcount <= 3);
        BOOST_CHECK(need.host.empty());
        break;
      case NeedKind::kProject:  // several experts at the county's expert service base
        BOOST_CHECK(need.headcount >= 3 && need.headcount <= 5);
        BOOST_CHECK(need.host.ends_with("专家服务基地"));
        break;
      case NeedKind::kActivity:  // several experts at the county's talent station
        BOOST_CHECK(need.headcount >= 2 && need.headcount <= 4);
        BOOST_CHECK(need.host.ends_with("人才驿站"));
        break;
    }
    BOOST_CHECK(hub::ValidateNeed(need, Date{2026, 11, 24}).ok());
    BOOST_CHECK(IsValidDate(need.window_start) && IsValidDate(need.window_end));
    BOOST_CHECK(need.window_start > after);
    BOOST_CHECK(need.window_end <= limit);
    BOOST_CHECK_GE(DaysBetween(need.window_start, need.window_end), need.days);
    BOOST_CHECK(need.status == NeedStatus::kOpen);
  }
  BOOST_CHECK_GT(linyi, options.needs / 6);
  // All three kinds appear, grassroots needs the most.
  BOOST_CHECK_GT(kinds[NeedKind::kProject], 0);
  BOOST_CHECK_GT(kinds[NeedKind::kActivity], 0);
  BOOST_CHECK_GT(kinds[NeedKind::kNeed], kinds[NeedKind::kProject] + kinds[NeedKind::kActivity]);
  const std::vector<Need> again = SynthesiseNeeds(options);
  for (size_t i = 0; i < needs.size(); ++i) {
    BOOST_CHECK_EQUAL(needs[i].title, again[i].title);
    BOOST_CHECK_EQUAL(needs[i].region_code, again[i].region_code);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace huicai::hub
