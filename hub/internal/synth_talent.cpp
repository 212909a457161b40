#include "hub/internal/synth_talent.h"

#include <algorithm>
#include <cstdio>

#include "core/codes.h"
#include "core/regions.h"
#include "hub/internal/synth_codes.h"

namespace huicai::hub::internal {
namespace {

constexpr std::string_view kMobilePrefixes[] = {
    "138", "139", "137", "135", "136", "150", "151", "152", "158", "159", "182", "183", "187",
    "188", "130", "131", "132", "155", "156", "186", "133", "153", "180", "189", "177", "199"};

template <typename T>
const T& PickFrom(Rng& rng, std::span<const T> items) {
  return items[rng.Index(items.size())];
}

std::string_view PickWeighted(Rng& rng, std::span<const WeightedWord> words) {
  std::vector<int> weights;
  weights.reserve(words.size());
  for (const auto& w : words) weights.push_back(w.weight);
  return words[rng.Weighted(weights)].text;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::string Padded(std::int64_t value, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(value));
  return buf;
}

int CityWeight(std::string_view province, std::string_view city) {
  if (province != "37") return 3;
  static constexpr std::pair<std::string_view, int> kShandong[] = {
      {"3701", 18}, {"3702", 18}, {"3706", 8}, {"3707", 8},
      {"3713", 7},  {"3708", 6},  {"3703", 6}, {"3709", 5}};
  for (const auto& [code, weight] : kShandong) {
    if (code == city) return weight;
  }
  return 3;
}

// Drops the administrative suffix for compact company names: 兰陵县 -> 兰陵.
std::string ShortName(const std::string& name) {
  for (std::string_view suffix : {"自治县", "县", "区", "市"}) {
    if (name.size() > suffix.size() + 3 && name.ends_with(suffix)) {
      return name.substr(0, name.size() - suffix.size());
    }
  }
  return name;
}

TalentTier DrawTier(Rng& rng) {
  static constexpr int kWeights[] = {2, 10, 30, 58};
  return static_cast<TalentTier>(rng.Weighted(kWeights) + 1);
}

}  // namespace

Result<SynthContext> SynthContext::Create(const SynthOptions& options) {
  SynthContext ctx(options);
  const RegionTable& regions = RegionTable::Default();
  const PriorityAreas& priority = PriorityAreas::Default();
  for (const Region* region : regions.Counties(options.province)) {
    County county;
    county.code = region->code;
    county.name = region->name;
    county.full_name = region->full_name;
    const bool urban = region->name.ends_with("区");
    county.talent_weight = CityWeight(options.province, county.code.substr(0, 4)) * (urban ? 3 : 1);
    county.need_weight = urban ? 1 : 3;
    if (priority.IsOldRevolutionary(county.code)) county.need_weight *= 2;
    ctx.talent_weights_.push_back(county.talent_weight);
    ctx.need_weights_.push_back(county.need_weight);
    ctx.counties_.push_back(std::move(county));
  }
  for (size_t i = 0, first = 0; i < ctx.counties_.size(); ++i) {
    if (ctx.counties_[i].code.compare(0, 4, ctx.counties_[first].code, 0, 4) != 0) first = i;
    ctx.counties_[i].city_first = first;
  }
  for (size_t i = ctx.counties_.size(), last = ctx.counties_.size(); i-- > 0;) {
    if (i + 1 < ctx.counties_.size() &&
        ctx.counties_[i].code.compare(0, 4, ctx.counties_[i + 1].code, 0, 4) != 0) {
      last = i + 1;
    }
    ctx.counties_[i].city_last = last;
  }
  if (ctx.counties_.empty()) {
    return Status::InvalidArgument("province '" + options.province +
                                   "' has no in-force counties in the region table; give a "
                                   "2-digit GB/T 2260 province code such as 37");
  }
  for (const NamedEmployer& named : NamedEmployers()) {
    auto it = std::find_if(ctx.counties_.begin(), ctx.counties_.end(),
                           [&](const County& c) { return c.code == named.county; });
    if (it == ctx.counties_.end()) continue;
    ctx.named_[static_cast<size_t>(named.group)].push_back(
        ctx.LocalEmployer(std::string(named.name), *it, named.kind));
  }
  return ctx;
}

Employer SynthContext::LocalEmployer(std::string name, const County& county,
                                     EmployerKind kind) const {
  Employer e;
  const std::uint64_t h = HashText(name);
  switch (kind) {
    case EmployerKind::kCompany:
      e.credit_code = MakeCreditCode('9', '1', county.code, h);
      break;
    default:
      e.credit_code = MakeCreditCode('1', '2', county.code, h);
      break;
  }
  e.name = std::move(name);
  e.county = county.code;
  e.county_index = static_cast<size_t>(&county - counties_.data());
  e.kind = kind;
  return e;
}

const County& SynthContext::DrawCounty(Rng& rng, const std::vector<int>& weights) const {
  return counties_[rng.Weighted(weights)];
}

Employer SynthContext::DrawEmployer(Rng& rng, Group group) const {
  const auto& named = named_[static_cast<size_t>(group)];
  if (!named.empty() && rng.Chance(0.6)) return named[rng.Index(named.size())];
  const County& county = DrawCounty(rng, talent_weights_);
  switch (group) {
    case Group::kAgriculture:
      if (rng.Chance(0.6)) {
        return LocalEmployer(county.name + "农业技术推广中心", county, EmployerKind::kExtension);
      }
      return LocalEmployer(
          ShortName(county.name) + std::string(PickFrom(rng, CompanyWords())) + "农业科技有限公司",
          county, EmployerKind::kCompany);
    case Group::kMedicine:
      return LocalEmployer(county.name + (rng.Chance(0.7) ? "人民医院" : "中医医院"), county,
                           EmployerKind::kHospital);
    case Group::kEngineering: {
      static constexpr std::string_view kTrades[] = {"机械",     "化工",     "新材料",
                                                     "电子科技", "环保科技", "食品"};
      return LocalEmployer(ShortName(county.name) + std::string(PickFrom(rng, CompanyWords())) +
                               std::string(PickFrom<std::string_view>(rng, kTrades)) + "有限公司",
                           county, EmployerKind::kCompany);
    }
    case Group::kOther:
      break;
  }
  return LocalEmployer(county.name + "职业中等专业学校", county, EmployerKind::kUniversity);
}

std::string SynthContext::UniqueId(const std::string& region, const Date& birth, bool male,
                                   Rng& rng) {
  const std::uint64_t base_key =
      static_cast<std::uint64_t>(std::stoi(region)) * 100000000000ULL +
      static_cast<std::uint64_t>(birth.year * 10000 + birth.month * 100 + birth.day) * 1000ULL;
  int sequence = rng.Between(0, 499) * 2 + (male ? 1 : 0);
  // Step to the next free sequence number of the same sex.
  for (int tries = 0;
       tries < 500 && used_ids_.contains(base_key + static_cast<std::uint64_t>(sequence));
       ++tries) {
    sequence = (sequence + 2) % 1000;
  }
  used_ids_.insert(base_key + static_cast<std::uint64_t>(sequence));
  return MakeIdNumber(region, birth, sequence);
}

void SynthContext::BeginPass() {
  rng_ = Rng(Mix(options_.seed, HashText("talents")));
  used_ids_.clear();
}

SynthTalent SynthContext::MakeTalent(std::int64_t index) {
  Rng& rng = rng_;
  SynthTalent t;
  t.index = index;
  t.tier = DrawTier(rng);
  t.group = static_cast<Group>(rng.Weighted(GroupWeights()));
  t.employer = DrawEmployer(rng, t.group);
  t.foreign = t.tier != TalentTier::kD && rng.Chance(0.015);
  t.gender = rng.Chance(0.62) ? Gender::kMale : Gender::kFemale;
  const bool male = t.gender == Gender::kMale;

  // Age by tier: young talents (D) are younger.
  static constexpr int kAgeLow[] = {0, 45, 38, 32, 28};
  static constexpr int kAgeHigh[] = {0, 65, 60, 55, 45};
  const auto tier_index = static_cast<size_t>(t.tier);
  const int age = rng.Between(kAgeLow[tier_index], kAgeHigh[tier_index]);
  t.birth.year = options_.year - age;
  t.birth.month = rng.Between(1, 12);
  t.birth.day = rng.Between(1, DaysInMonth(t.birth.year, t.birth.month));

  if (t.foreign) {
    t.name = std::string(PickFrom(rng, ForeignGivenNames()));
    const ForeignName& family = PickFrom(rng, ForeignFamilyNames());
    t.name += ' ';
    t.name += family.family;
    t.nationality = std::string(family.nationality);
    t.id_number =
        UniqueId("9" + options_.province + std::string(family.numeric), t.birth, male, rng);
    // Passports and who holds no residence card come from their own stream, so the talents'
    // other draws do not move.
    Rng side(Mix(options_.seed, HashText("passport") + static_cast<std::uint64_t>(index)));
    t.passport = std::string(1, static_cast<char>('A' + side.Index(26))) +
                 Padded(static_cast<std::int64_t>(side.Below(100000000)), 8);
    if (side.Chance(0.4)) t.id_number.clear();
  } else {
    t.nationality = "CHN";
    if (rng.Chance(0.006)) {
      t.name = std::string(PickFrom(rng, MinorityGivenNames())) + "·" +
               std::string(PickFrom(rng, MinorityFatherNames()));
    } else {
      t.name = std::string(PickWeighted(rng, Surnames()));
      const auto given = male ? MaleGivenChars() : FemaleGivenChars();
      t.name += PickFrom(rng, given);
      if (rng.Chance(0.7)) t.name += PickFrom(rng, given);
    }
    // Household: mostly the city where they work, else anywhere in the province.
    const County* household = nullptr;
    if (rng.Chance(0.7)) {
      const County& work = counties_[t.employer.county_index];
      household = &counties_[work.city_first + rng.Index(work.city_last - work.city_first)];
    } else {
      household = &DrawCounty(rng, talent_weights_);
    }
    t.household = household->code;
    t.id_number = UniqueId(t.household, t.birth, male, rng);
  }
  t.mobile = std::string(PickFrom(rng, std::span<const std::string_view>(kMobilePrefixes))) +
             Padded(static_cast<std::int64_t>(rng.Below(100000000)), 8);
  t.person_number = "R" + options_.province + Padded(index + 1, 10);

  const int issued = options_.year - rng.Between(0, 7);
  t.card_no =
      "SD" + std::to_string(issued) + std::string(TalentTierName(t.tier)) + Padded(index + 1, 6);

  // Disciplines: 1-3 codes of the group; sometimes one from a neighbouring group.
  const int discipline_count = rng.Between(1, 3);
  for (int i = 0; i < discipline_count; ++i) {
    Group g = t.group;
    if (i > 0 && rng.Chance(0.15)) g = static_cast<Group>(rng.Weighted(GroupWeights()));
    std::string code(PickWeighted(rng, GroupDisciplines(g)));
    if (std::find(t.disciplines.begin(), t.disciplines.end(), code) == t.disciplines.end()) {
      t.disciplines.push_back(std::move(code));
    }
  }
  const std::string_view kind_industry = KindIndustry(t.employer.kind);
  t.industries.emplace_back(kind_industry.empty() ? PickFrom(rng, GroupIndustries(t.group))
                                                  : kind_industry);
  if (rng.Chance(0.3)) {
    std::string second(PickFrom(rng, GroupIndustries(t.group)));
    if (second != t.industries.front()) t.industries.push_back(std::move(second));
  }
  const bool senior = t.tier == TalentTier::kA || t.tier == TalentTier::kB;
  t.title = std::string(senior && rng.Chance(0.8) ? PickFrom(rng, SeniorTitles(t.employer.kind))
                                                  : PickFrom(rng, OtherTitles(t.employer.kind)));
  const auto specialties = GroupSpecialties(t.group);
  const int specialty_count = rng.Between(2, 3);
  std::vector<std::string_view> chosen;
  for (int i = 0; i < specialty_count; ++i) {
    std::string_view s = PickFrom(rng, specialties);
    if (std::find(chosen.begin(), chosen.end(), s) == chosen.end()) chosen.push_back(s);
  }
  for (size_t i = 0; i < chosen.size(); ++i) {
    if (i > 0) t.specialties += "、";
    t.specialties += chosen[i];
  }
  t.days_available = rng.Between(10, 60);
  t.in_programme = rng.Chance(0.6);
  // By late November the 15-day pace is about 13 days: many programme experts are behind it.
  t.days_served = t.in_programme ? rng.Between(0, std::min(t.days_available, 22))
                                 : (rng.Chance(0.2) ? rng.Between(1, 6) : 0);

  // Degrees: the highest, and for about half of the postgraduates the bachelor's too.
  static constexpr int kDoctorPercent[] = {0, 85, 85, 60, 45};
  static constexpr int kMasterPercent[] = {0, 12, 12, 35, 45};
  const int roll = rng.Between(0, 99);
  const int highest = roll < kDoctorPercent[tier_index]                                ? 1
                      : roll < kDoctorPercent[tier_index] + kMasterPercent[tier_index] ? 2
                                                                                       : 3;
  const int bachelor_year = t.birth.year + rng.Between(21, 23);
  auto add_degree = [&](int degree, int year, int serial) {
    // Built whole: assigning into a default-constructed member trips a GCC 12 false warning.
    SynthDegree d{std::string(degree == 3 ? "20" : "10"), std::to_string(degree), {}, {}, {}, {}};
    d.discipline = degree == 3 ? t.disciplines.front().substr(0, 3) : t.disciplines.front();
    d.school = std::string(PickFrom(rng, Schools(t.group)));
    d.graduated = Date{year, rng.Chance(0.8) ? 6 : 7, rng.Between(1, 30)};
    d.certificate = Padded(static_cast<std::int64_t>(10000 + HashText(d.school) % 90000), 5) +
                    d.degree + std::to_string(year) + Padded(index * 2 + serial, 8);
    t.degrees.push_back(std::move(d));
  };
  const int highest_year = bachelor_year + (highest == 1   ? rng.Between(5, 7)
                                            : highest == 2 ? 3
                                                           : 0);
  add_degree(highest, highest_year, 0);
  if (highest != 3 && !t.foreign && rng.Chance(0.5)) add_degree(3, bachelor_year, 1);

  static constexpr int kIncomeLow[] = {0, 800000, 350000, 180000, 90000};
  static constexpr int kIncomeHigh[] = {0, 2500000, 900000, 450000, 260000};
  const double income = rng.Between(kIncomeLow[tier_index], kIncomeHigh[tier_index]);
  t.income[0] = income + rng.Between(0, 99) / 100.0;
  t.income[1] = income * (1.0 + rng.Between(0, 10) / 100.0) + rng.Between(0, 99) / 100.0;

  const Bank& bank = PickFrom(rng, Banks());
  t.bank_name = std::string(bank.name);
  t.bank_card = MakeCardNumber(bank.bin, static_cast<std::uint64_t>(index));
  t.branch = t.bank_name + ShortName(counties_[t.employer.county_index].name) + "支行";
  const int max_open = DaysFromCivil(Date{options_.year, 11, 1});
  t.card_opened =
      CivilFromDays(std::min(max_open, DaysFromCivil(Date{issued, 1, 1}) + rng.Between(10, 330)));

  const Date started = AddDays(t.degrees.front().graduated, rng.Between(20, 120));
  t.insurances.push_back({"110", started});
  t.insurances.push_back({"310", started});
  if (rng.Chance(0.5)) t.insurances.push_back({"410", AddDays(started, rng.Between(0, 2000))});
  for (auto& ins : t.insurances) {
    if (ins.since > Date{options_.year, 10, 1}) ins.since = Date{options_.year, 10, 1};
  }
  return t;
}

}  // namespace huicai::hub::internal
