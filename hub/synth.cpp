#include "hub/synth.h"

#include <array>
#include <cstdio>
#include <optional>
#include <utility>

#include "core/id_number.h"
#include "hub/internal/synth_codes.h"
#include "hub/internal/synth_needs.h"
#include "hub/internal/synth_random.h"
#include "hub/internal/synth_talent.h"

namespace huicai::hub {
namespace {

using internal::Rng;
using internal::SynthContext;
using internal::SynthTalent;

enum class Partner { kRegistry = 0, kPolice, kEducation, kTax, kBank, kInsurance };
constexpr int kPartnerCount = 6;

enum class Dirt {
  kNone,
  kBadIdCheck,
  kBadIdBirth,
  kBadIdRegion,
  kBadCredit,
  kBadCard,
  kBadName,
  kBadRegion,
  kFullWidthId,
  kLowerX,
  kId15,
  kSpaces,
  kHostileText,
  kDuplicate,
  kBirthTypo,  // a record without ID number: birth date with day and month swapped or a digit off
};

struct Column {
  std::string_view name;
  std::string_view type;
};

// Where the columns that carry dirt sit in a partner's table (-1: none).
struct PartnerSpec {
  std::string_view partner;
  std::string_view table;
  std::vector<Column> columns;  // the watermark is last
  std::vector<int> key;
  int id = -1;
  int name = -1;
  int credit = -1;
  int region = -1;
  int card = -1;
  int text = -1;
  bool id_in_key = false;
  bool old_ids = false;          // holds some 15-digit ID numbers
  char timestamp_separator = 0;  // text watermark: ' ' or 'T'; 0: integer
  int birth = -1;                // birth date as YYYYMMDD
};

const std::array<PartnerSpec, kPartnerCount>& Specs() {
  static const std::array<PartnerSpec, kPartnerCount> kSpecs = {{
      {"registry",
       "talent_card",
       {{"card_no", "text"},
        {"id_number", "text"},
        {"name", "text"},
        {"tier", "text"},
        {"employer", "text"},
        {"employer_uscc", "text"},
        {"disciplines", "text"},
        {"industries", "text"},
        {"title", "text"},
        {"specialties", "text"},
        {"region", "text"},
        {"days_available", "integer"},
        {"days_served", "integer"},
        {"in_programme", "text"},
        {"passport_no", "text"},
        {"nationality", "text"},
        {"updated_at", "text"}},
       {0},
       1,
       2,
       5,
       10,
       -1,
       9,
       false,
       false,
       'T'},
      {"police",
       "RK_PERSON",
       {{"RYBH", "text"},
        {"GMSFHM", "text"},
        {"XM", "text"},
        {"XB", "text"},
        {"CSRQ", "text"},
        {"HJDZ_XZQH", "text"},
        {"GJ", "text"},
        {"SJHM", "text"},
        {"HZHM", "text"},
        {"UPDATE_SEQ", "integer"}},
       {0},
       1,
       2,
       -1,
       5,
       -1,
       -1,
       false,
       true,
       0},
      {"education",
       "xl_degree",
       {{"zsbh", "text"},
        {"zjhm", "text"},
        {"xm", "text"},
        {"xlcc", "text"},
        {"xwdm", "text"},
        {"xkdm", "text"},
        {"byyx", "text"},
        {"byrq", "text"},
        {"csrq", "text"},
        {"xb", "text"},
        {"gxsj", "text"}},
       {0},
       1,
       2,
       -1,
       -1,
       -1,
       -1,
       false,
       true,
       ' ',
       8},
      {"tax",
       "tax_income_annual",
       {{"taxpayer_id", "text"},
        {"taxpayer_name", "text"},
        {"tax_year", "integer"},
        {"income_yuan", "real"},
        {"tax_paid_yuan", "real"},
        {"withholding_agent_uscc", "text"},
        {"modified_at", "integer"}},
       {0, 2},
       0,
       1,
       5,
       -1,
       -1,
       -1,
       true,
       false,
       0},
      {"bank",
       "CARD_ACCT",
       {{"CARD_NO", "text"},
        {"CUST_IDNO", "text"},
        {"CUST_NAME", "text"},
        {"OPEN_DATE", "text"},
        {"BRANCH", "text"},
        {"TS", "integer"}},
       {0},
       1,
       2,
       -1,
       -1,
       0,
       4,
       false,
       true,
       0},
      {"insurance",
       "si_insured",
       {{"sfzh", "text"},
        {"xm", "text"},
        {"xzlx", "text"},
        {"dwmc", "text"},
        {"dwtyxydm", "text"},
        {"cbrq", "text"},
        {"last_modified", "text"}},
       {0, 2},
       0,
       1,
       4,
       -1,
       -1,
       3,
       true,
       false,
       ' '},
  }};
  return kSpecs;
}

using Cells = std::vector<std::optional<std::string>>;

// One generated row before its watermark, with what the gold file says about it.
struct GenRow {
  Cells cells;
  std::string key;
  std::string_view expected = "load";
  std::string_view reason;
  bool duplicate = false;
  std::string person;  // the talent the row is about (police person number), for the gold file
};

std::string Money(double yuan) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", yuan);
  return buf;
}

// Chinese individual income tax on a year's wages (standard deduction 60000, 2019 brackets).
double IncomeTax(double income) {
  static constexpr std::pair<double, double> kBrackets[] = {
      {960000, 0.45}, {660000, 0.35}, {420000, 0.30}, {300000, 0.25},
      {144000, 0.20}, {36000, 0.10},  {0, 0.03}};
  const double taxable = income - 60000;
  double tax = 0;
  double upper = taxable;
  for (const auto& [floor, rate] : kBrackets) {
    if (upper > floor) {
      tax += (upper - floor) * rate;
      upper = floor;
    }
  }
  return tax;
}

std::string Join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// The partner's clean rows for one talent, without the watermark.
// Old degree records (graduated before 2000) often lack the holder's ID number: about 6 in 10.
bool LegacyDegree(const internal::SynthDegree& d, std::uint64_t seed) {
  if (d.graduated.year >= 2000) return false;
  Rng rng(internal::Mix(seed, internal::HashText(d.certificate)));
  return rng.Chance(0.6);
}

void CleanRows(Partner partner, const SynthTalent& t, const SynthOptions& options,
               std::vector<Cells>& out) {
  const int year = options.year;
  auto opt = [](std::string s) { return std::optional<std::string>(std::move(s)); };
  std::optional<std::string> id =
      t.id_number.empty() ? std::nullopt : std::optional<std::string>(t.id_number);
  const std::optional<std::string> passport =
      t.passport.empty() ? std::nullopt : std::optional<std::string>(t.passport);
  switch (partner) {
    case Partner::kRegistry:
      out.push_back({opt(t.card_no), id, opt(t.name), opt(std::string(TalentTierName(t.tier))),
                     opt(t.employer.name), opt(t.employer.credit_code),
                     opt(Join(t.disciplines, ';')), opt(Join(t.industries, ';')), opt(t.title),
                     opt(t.specialties), opt(t.employer.county),
                     opt(std::to_string(t.days_available)), opt(std::to_string(t.days_served)),
                     opt(t.in_programme ? "1" : "0"), passport, opt(t.nationality)});
      break;
    case Partner::kPolice:
      out.push_back({opt(t.person_number), id, opt(t.name),
                     opt(t.gender == Gender::kMale ? "1" : "2"),
                     opt(internal::FormatSlashDate(t.birth)),
                     t.household.empty() ? std::nullopt : opt(t.household), opt(t.nationality),
                     opt(t.mobile), passport});
      break;
    case Partner::kEducation:
      for (const auto& d : t.degrees) {
        out.push_back({opt(d.certificate), LegacyDegree(d, options.seed) ? std::nullopt : id,
                       opt(t.name), opt(d.level), opt(d.degree), opt(d.discipline), opt(d.school),
                       opt(internal::FormatCompactDate(d.graduated)),
                       opt(internal::FormatCompactDate(t.birth)),
                       opt(t.gender == Gender::kMale ? "1" : "2")});
      }
      break;
    case Partner::kTax:
      for (int k = 0; k < 2; ++k) {
        out.push_back({id, opt(t.name), opt(std::to_string(year - 2 + k)), opt(Money(t.income[k])),
                       opt(Money(IncomeTax(t.income[k]))), opt(t.employer.credit_code)});
      }
      break;
    case Partner::kBank:
      out.push_back({opt(t.bank_card), id, opt(t.name),
                     opt(internal::FormatChineseDate(t.card_opened)), opt(t.branch)});
      break;
    case Partner::kInsurance:
      for (const auto& ins : t.insurances) {
        out.push_back({id, opt(t.name), opt(ins.type), opt(t.employer.name),
                       opt(t.employer.credit_code),
                       opt(internal::FormatCompactDate(ins.since).substr(0, 6))});
      }
      break;
  }
}

Dirt DrawDirt(Rng& rng, const PartnerSpec& spec, const Cells& cells) {
  std::vector<Dirt> kinds = {Dirt::kDuplicate, Dirt::kBadName, Dirt::kSpaces};
  const bool has_id = spec.id >= 0 && cells[static_cast<size_t>(spec.id)].has_value();
  if (has_id) {
    kinds.insert(kinds.end(), {Dirt::kBadIdCheck, Dirt::kBadIdBirth, Dirt::kBadIdRegion});
    if (!spec.id_in_key) {
      kinds.insert(kinds.end(), {Dirt::kFullWidthId, Dirt::kLowerX});
      // A permanent residence card (starting with 9) has no 15-digit form.
      if (spec.old_ids && !cells[static_cast<size_t>(spec.id)]->starts_with('9')) {
        kinds.push_back(Dirt::kId15);
      }
    }
  }
  if (spec.credit >= 0) kinds.push_back(Dirt::kBadCredit);
  if (spec.card >= 0) kinds.push_back(Dirt::kBadCard);
  if (spec.region >= 0 && cells[static_cast<size_t>(spec.region)].has_value()) {
    kinds.push_back(Dirt::kBadRegion);
  }
  if (spec.text >= 0) kinds.push_back(Dirt::kHostileText);
  if (spec.birth >= 0 && !has_id) kinds.push_back(Dirt::kBirthTypo);
  return kinds[rng.Index(kinds.size())];
}

// An ID number whose only fault is its birth date; the check character is right.
std::string WithImpossibleBirthDate(const std::string& id, Rng& rng) {
  static constexpr std::string_view kMonthDays[] = {"1301", "0230", "0431", "0000", "1232"};
  std::string first17 = id.substr(0, 10) + std::string(kMonthDays[rng.Index(5)]) + id.substr(14, 3);
  return first17 + IdCheckCharacter(first17);
}

std::string WithUnknownRegion(const std::string& id, const std::string& unknown_region) {
  std::string first17 = unknown_region + id.substr(6, 11);
  return first17 + IdCheckCharacter(first17);
}

GenRow ApplyDirt(Dirt dirt, const PartnerSpec& spec, Cells cells, Rng& rng,
                 const SynthOptions& options) {
  GenRow row;
  auto cell = [&](int index) -> std::string& { return *cells[static_cast<size_t>(index)]; };
  const std::string unknown_region = options.province + "9901";
  auto quarantine = [&](std::string_view reason) {
    row.expected = "quarantine";
    row.reason = reason;
  };
  switch (dirt) {
    case Dirt::kNone:
      break;
    case Dirt::kBadIdCheck:
      cell(spec.id) = internal::BreakIdCheck(cell(spec.id));
      quarantine("bad_id_check");
      break;
    case Dirt::kBadIdBirth:
      cell(spec.id) = WithImpossibleBirthDate(cell(spec.id), rng);
      quarantine("bad_id_birth_date");
      break;
    case Dirt::kBadIdRegion:
      cell(spec.id) = WithUnknownRegion(cell(spec.id), unknown_region);
      quarantine("bad_id_region");
      break;
    case Dirt::kBadCredit:
      cell(spec.credit) = internal::BreakCreditCode(cell(spec.credit));
      quarantine("bad_credit_code");
      break;
    case Dirt::kBadCard:
      cell(spec.card) = internal::BreakCardNumber(cell(spec.card));
      quarantine("bad_bank_card");
      break;
    case Dirt::kBadName:
      cell(spec.name) += "'); DROP TABLE person;--";
      quarantine("bad_name");
      break;
    case Dirt::kBadRegion:
      cell(spec.region) = unknown_region;
      quarantine("bad_region");
      break;
    case Dirt::kLowerX:
      if (cell(spec.id).back() == 'X') {
        cell(spec.id).back() = 'x';
        break;
      }
      [[fallthrough]];
    case Dirt::kFullWidthId:
      cell(spec.id) = internal::ToFullWidth(cell(spec.id));
      break;
    case Dirt::kId15:
      cell(spec.id) = internal::IdTo15(cell(spec.id));
      break;
    case Dirt::kSpaces: {
      static constexpr std::string_view kSpaces[] = {" ", "  ", "\xC2\xA0", "\xE3\x80\x80"};
      const int target =
          spec.id >= 0 && !spec.id_in_key && cells[static_cast<size_t>(spec.id)] && rng.Chance(0.5)
              ? spec.id
              : spec.name;
      cell(target) =
          std::string(kSpaces[rng.Index(4)]) + cell(target) + std::string(kSpaces[rng.Index(4)]);
      break;
    }
    case Dirt::kHostileText:
      cell(spec.text) += "'; DELETE FROM person WHERE '1'='1";
      break;
    case Dirt::kDuplicate:
      row.duplicate = true;
      row.reason = "duplicate";
      break;
    case Dirt::kBirthTypo: {  // YYYYMMDD: swap day and month when both can be months, else
                              // move the day by one (staying a real date)
      std::string& birth = cell(spec.birth);
      const std::string month = birth.substr(4, 2), day = birth.substr(6, 2);
      if (day != month && day <= "12") {
        birth = birth.substr(0, 4) + day + month;
      } else if (day == "30") {
        birth[6] = '2', birth[7] = '9';
      } else {
        birth[7] = birth[7] == '0' ? '1' : static_cast<char>(birth[7] - 1);
      }
      row.reason = "birth_typo";
      break;
    }
  }
  for (size_t i = 0; i < spec.key.size(); ++i) {
    if (i > 0) row.key += '|';
    row.key += cell(spec.key[i]);
  }
  row.cells = std::move(cells);
  return row;
}

// Watermark values: never decreasing along the rows, with ties.
class Watermark {
 public:
  Watermark(const PartnerSpec& spec, const SynthOptions& options)
      : spec_(spec), rng_(internal::Mix(options.seed, internal::HashText(spec.partner) + 1)) {
    value_ = spec.partner == "police"
                 ? 100000
                 : std::int64_t{internal::DaysFromCivil(Date{options.year - 1, 1, 1})} * 86400 +
                       8 * 3600;
  }
  std::string Next() {
    if (!first_ && rng_.Chance(0.25)) return Format();
    first_ = false;
    value_ += spec_.partner == "police" ? rng_.Between(1, 3) : rng_.Between(1, 40);
    return Format();
  }

 private:
  std::string Format() const {
    if (spec_.timestamp_separator == 0) return std::to_string(value_);
    return internal::FormatTimestamp(value_, spec_.timestamp_separator);
  }
  const PartnerSpec& spec_;
  Rng rng_;
  std::int64_t value_ = 0;
  bool first_ = true;
};

// Calls visit(GenRow&&) for every distinct row of the partner, in table order.
template <typename Visit>
Status ForEachRow(SynthContext& ctx, Partner partner, Visit&& visit) {
  const PartnerSpec& spec = Specs()[static_cast<size_t>(partner)];
  const SynthOptions& options = ctx.options();
  const std::uint64_t partner_seed = internal::Mix(options.seed, internal::HashText(spec.partner));
  const bool everyone = partner == Partner::kRegistry || partner == Partner::kPolice;
  std::vector<Cells> clean;
  Rng rng(partner_seed);  // one stream per pass: rows are visited in the same order every pass
  ctx.BeginPass();
  for (std::int64_t i = 0; i < options.talents; ++i) {
    SynthTalent talent = ctx.MakeTalent(i);
    if (talent.foreign && !everyone) continue;
    clean.clear();
    CleanRows(partner, talent, options, clean);
    for (size_t k = 0; k < clean.size(); ++k) {
      const Dirt dirt = rng.Chance(options.dirt_rate) ? DrawDirt(rng, spec, clean[k]) : Dirt::kNone;
      GenRow row = ApplyDirt(dirt, spec, std::move(clean[k]), rng, options);
      row.person = talent.person_number;
      HUICAI_RETURN_IF_ERROR(visit(std::move(row)));
    }
  }
  return Status::Ok();
}

RowTable EmptyTable(const PartnerSpec& spec) {
  RowTable table;
  table.name = std::string(spec.table);
  for (const Column& c : spec.columns) {
    table.columns.emplace_back(c.name);
    table.column_types.emplace_back(c.type);
  }
  return table;
}

RowTable EmptyGold() {
  RowTable table;
  table.name = "gold";
  table.columns = {"partner", "source_key", "expected", "reason", "person"};
  table.column_types = {"text", "text", "text", "text", "text"};
  return table;
}

Status CheckOptions(const SynthOptions& options) {
  if (options.talents < 0 || options.needs < 0) {
    return Status::InvalidArgument("talents and needs must be 0 or more; got " +
                                   std::to_string(options.talents) + " and " +
                                   std::to_string(options.needs));
  }
  if (!(options.dirt_rate >= 0.0 && options.dirt_rate <= 1.0)) {
    return Status::InvalidArgument("dirt_rate must lie in 0..1 (0.03 is 3 % of rows); got " +
                                   std::to_string(options.dirt_rate));
  }
  if (options.chunk_rows == 0) {
    return Status::InvalidArgument("chunk_rows must be at least 1 (default 10000)");
  }
  if (options.year < 1990 || options.year > 2100) {
    return Status::InvalidArgument("year must lie in 1990..2100; got " +
                                   std::to_string(options.year));
  }
  if (options.province.size() != 2) {
    return Status::InvalidArgument("province must be a 2-digit GB/T 2260 code such as 37; got '" +
                                   options.province + "'");
  }
  return Status::Ok();
}

}  // namespace

Status SynthesisePartners(
    const SynthOptions& options,
    const std::function<Status(std::string_view partner, RowTable&& chunk)>& on_chunk) {
  HUICAI_RETURN_IF_ERROR(CheckOptions(options));
  HUICAI_ASSIGN_OR_RETURN(SynthContext ctx, SynthContext::Create(options));

  for (int p = 0; p < kPartnerCount; ++p) {
    const PartnerSpec& spec = Specs()[static_cast<size_t>(p)];
    Watermark watermark(spec, options);
    RowTable chunk = EmptyTable(spec);
    bool sent = false;
    auto append = [&](Cells cells) -> Status {
      chunk.rows.push_back(std::move(cells));
      if (chunk.rows.size() < options.chunk_rows) return Status::Ok();
      sent = true;
      Status s = on_chunk(spec.partner, std::move(chunk));
      chunk = EmptyTable(spec);
      return s;
    };
    Status status = ForEachRow(ctx, static_cast<Partner>(p), [&](GenRow&& row) -> Status {
      row.cells.emplace_back(watermark.Next());
      if (row.duplicate) HUICAI_RETURN_IF_ERROR(append(row.cells));
      return append(std::move(row.cells));
    });
    if (status.ok() && (!chunk.rows.empty() || !sent)) {
      status = on_chunk(spec.partner, std::move(chunk));
    }
    if (!status.ok()) return std::move(status).WithContext("partner " + std::string(spec.partner));
  }

  RowTable gold = EmptyGold();
  bool sent = false;
  for (int p = 0; p < kPartnerCount; ++p) {
    const std::string partner(Specs()[static_cast<size_t>(p)].partner);
    HUICAI_RETURN_IF_ERROR(ForEachRow(ctx, static_cast<Partner>(p), [&](GenRow&& row) -> Status {
                             gold.rows.push_back({partner, std::move(row.key),
                                                  std::string(row.expected),
                                                  std::string(row.reason), std::move(row.person)});
                             if (gold.rows.size() < options.chunk_rows) return Status::Ok();
                             sent = true;
                             Status s = on_chunk("gold", std::move(gold));
                             gold = EmptyGold();
                             return s;
                           }).WithContext("gold"));
  }
  if (!gold.rows.empty() || !sent) {
    HUICAI_RETURN_IF_ERROR(on_chunk("gold", std::move(gold)).WithContext("gold"));
  }
  return Status::Ok();
}

std::vector<Need> SynthesiseNeeds(const SynthOptions& options) {
  if (!CheckOptions(options).ok()) return {};
  auto ctx = SynthContext::Create(options);
  if (!ctx.has_value()) return {};
  return internal::MakeNeeds(*ctx);
}

std::vector<Station> SynthesiseStations(const SynthOptions& options) {
  if (!CheckOptions(options).ok()) return {};
  auto ctx = SynthContext::Create(options);
  if (!ctx.has_value()) return {};
  return internal::MakeStations(*ctx, internal::MakeNeeds(*ctx));
}

}  // namespace huicai::hub
