#include "hub/internal/synth_needs.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

#include "core/codes.h"
#include "hub/internal/synth_codes.h"
#include "hub/internal/synth_random.h"

namespace huicai::hub::internal {
namespace {

template <typename T>
const T& PickFrom(Rng& rng, std::span<const T> items) {
  return items[rng.Index(items.size())];
}

std::string S(std::string_view text) { return std::string(text); }

std::string TownName(Rng& rng) {
  return S(PickFrom(rng, TownFirstChars())) + S(PickFrom(rng, TownSecondChars())) + "镇";
}

// The posting unit: its name, kind of credit code ('1','1' government, '1','2' public
// institution, '9','3' cooperative, '9','1' company).
struct Unit {
  std::string name;
  char authority;
  char category;
};

Unit DrawUnit(Rng& rng, Group group, const County& county) {
  const int pick = rng.Between(0, 2);
  switch (group) {
    case Group::kAgriculture:
      if (pick == 0) return {county.name + "农业农村局", '1', '1'};
      if (pick == 1) return {county.name + "农业技术推广中心", '1', '2'};
      return {county.name + TownName(rng) + S(PickFrom(rng, CooperativeWords())) + "专业合作社",
              '9', '3'};
    case Group::kMedicine:
      if (pick == 0) return {county.name + "人民医院", '1', '2'};
      if (pick == 1) return {county.name + "中医医院", '1', '2'};
      return {county.name + TownName(rng) + "卫生院", '1', '2'};
    case Group::kEngineering: {
      static constexpr std::string_view kTrades[] = {"机械制造", "精细化工", "食品", "新材料",
                                                     "汽车零部件"};
      return {county.name + S(PickFrom(rng, CompanyWords())) +
                  S(PickFrom<std::string_view>(rng, kTrades)) + "有限公司",
              '9', '1'};
    }
    case Group::kOther:
      break;
  }
  if (pick == 0) return {county.name + "职业中等专业学校", '1', '2'};
  return {county.name + TownName(rng) + "人民政府", '1', '1'};
}

}  // namespace

std::vector<Need> MakeNeeds(const SynthContext& ctx) {
  const SynthOptions& options = ctx.options();
  Rng rng(Mix(options.seed, HashText("needs")));
  const auto& counties = ctx.counties();
  // Shandong: about a third of the needs in Linyi (3713xx), the Yimeng old revolutionary area.
  std::vector<int> linyi(counties.size(), 0);
  bool has_linyi = false;
  if (options.province == "37") {
    for (size_t i = 0; i < counties.size(); ++i) {
      if (counties[i].code.starts_with("3713")) {
        linyi[i] = counties[i].need_weight;
        has_linyi = true;
      }
    }
  }
  const Date base{options.year, 11, 24};
  const int base_days = DaysFromCivil(base);
  const DisciplineTable& disciplines = DisciplineTable::Default();

  std::vector<Need> needs;
  needs.reserve(static_cast<size_t>(options.needs));
  for (int n = 0; n < options.needs; ++n) {
    const County& county = has_linyi && rng.Chance(0.33)
                               ? counties[rng.Weighted(linyi)]
                               : counties[rng.Weighted(ctx.need_weights())];
    const auto group = static_cast<Group>(rng.Weighted(GroupWeights()));
    Need need;
    const Unit unit = DrawUnit(rng, group, county);
    need.unit = unit.name;
    if (rng.Chance(0.85)) {
      need.unit_credit_code =
          MakeCreditCode(unit.authority, unit.category, county.code, HashText(unit.name));
    }
    need.region_code = county.code;

    const std::string subject = S(PickFrom(rng, NeedSubjects(group)));
    const std::string topic = S(PickFrom(rng, NeedTopics(group)));
    const std::string form = S(PickFrom(rng, NeedForms()));
    need.title = subject + topic + form;

    const auto codes = GroupDisciplines(group);
    std::vector<int> weights;
    for (const auto& c : codes) weights.push_back(c.weight);
    need.disciplines.emplace_back(codes[rng.Weighted(weights)].text);
    if (rng.Chance(0.3)) {
      std::string second(codes[rng.Weighted(weights)].text);
      if (second != need.disciplines.front()) need.disciplines.push_back(std::move(second));
    }
    need.days = rng.Between(3, 10);
    need.headcount = rng.Between(1, 3);

    const auto specialties = GroupSpecialties(group);
    const std::string field = disciplines.Name(need.disciplines.front());
    need.description = need.unit + "位于" + county.full_name + "，当地" + subject + "在" + topic +
                       "方面缺少专业技术力量。";
    need.description += "希望邀请" + (field.empty() ? S("相关") : field) + "领域专家开展" + topic +
                        form + "，每人服务" + std::to_string(need.days) + "天，需" +
                        std::to_string(need.headcount) + "人。";
    if (rng.Chance(0.6)) {
      need.description += "专家最好熟悉" + S(PickFrom(rng, specialties)) + "和" +
                          S(PickFrom(rng, specialties)) + "。";
    }

    // Window within the year after <year>-11-24, long enough for the days asked.
    const int length = rng.Between(need.days + 7, need.days + 60);
    const int start = rng.Between(1, 365 - length);
    need.window_start = CivilFromDays(base_days + start);
    need.window_end = CivilFromDays(base_days + start + length);
    need.status = NeedStatus::kOpen;
    needs.push_back(std::move(need));
  }

  // About one in eight becomes a project of the county's expert service base and one in
  // sixteen an activity of its talent station: several experts, a host (own random stream, so
  // the needs above are the same with or without them).
  Rng kinds(Mix(options.seed, HashText("projects")));
  for (Need& need : needs) {
    const double draw = kinds.Unit();
    if (draw >= 0.1875) continue;
    const County* county = nullptr;
    for (const County& c : counties) {
      if (c.code == need.region_code) county = &c;
    }
    const std::string place = county ? county->name : std::string();
    if (draw < 0.125) {
      need.kind = NeedKind::kProject;
      need.host = place + "专家服务基地";
      need.headcount = kinds.Between(3, 5);
      need.title = "专家服务基地项目：" + need.title;
    } else {
      need.kind = NeedKind::kActivity;
      need.host = place + "人才驿站";
      need.headcount = kinds.Between(2, 4);
      need.title = "人才驿站活动：" + need.title;
    }
    need.description += "由" + need.host + "承办，需专家" + std::to_string(need.headcount) + "人。";
  }
  return needs;
}

std::vector<Station> MakeStations(const SynthContext& ctx, const std::vector<Need>& needs) {
  Rng rng(Mix(ctx.options().seed, HashText("stations")));
  struct Host {
    Station station;
    std::vector<std::string> titles;  // of the work it hosts, the first three
  };
  std::map<std::pair<std::string, std::string>, Host> by_host;  // (host, region), in order
  for (const Need& need : needs) {
    if (need.host.empty()) continue;
    auto& [station, titles] = by_host[{need.host, need.region_code}];
    const size_t colon = need.title.find("：");
    if (titles.size() < 3) {
      titles.push_back(colon == std::string::npos
                           ? need.title
                           : need.title.substr(colon + std::string_view("：").size()));
    }
    station.name = need.host;
    station.region_code = need.region_code;
    station.kind =
        need.kind == NeedKind::kProject ? StationKind::kServiceBase : StationKind::kStation;
    for (const std::string& code : need.disciplines) {
      if (std::find(station.disciplines.begin(), station.disciplines.end(), code) ==
              station.disciplines.end() &&
          station.disciplines.size() < 4) {
        station.disciplines.push_back(code);
      }
    }
  }
  static constexpr std::string_view kStationHosts[] = {"人力资源和社会保障局", "科学技术局",
                                                       "经济开发区管理委员会"};
  static constexpr std::string_view kBaseHosts[] = {"农业技术推广中心", "人民医院",
                                                    "职业中等专业学校"};
  static constexpr std::string_view kStationServices[] = {
      "为来访专家提供食宿、交通和政策咨询", "组织专家与本地企业开展技术对接",
      "承接高校院所科技成果转化项目", "开展人才培训和创新创业辅导"};
  const DisciplineTable& disciplines = DisciplineTable::Default();
  std::vector<Station> out;
  out.reserve(by_host.size());
  for (auto& entry : by_host) {
    Host& host = entry.second;
    Station& station = host.station;
    const std::string place =
        station.name.substr(0, station.name.size() - (station.kind == StationKind::kServiceBase
                                                          ? std::string_view("专家服务基地").size()
                                                          : std::string_view("人才驿站").size()));
    std::string fields;
    std::vector<std::string> named;  // 210 and 21020 both read 农学: name each field once
    for (const std::string& code : station.disciplines) {
      const std::string name = disciplines.Name(code);
      if (name.empty() || std::find(named.begin(), named.end(), name) != named.end()) continue;
      named.push_back(name);
      fields += (fields.empty() ? "" : "、") + name;
    }
    if (station.kind == StationKind::kServiceBase) {
      station.host_unit = place + S(PickFrom<std::string_view>(rng, kBaseHosts));
      station.type = StationType::kComprehensive;
      station.description = "依托" + station.host_unit + "建设的专家服务基地，面向" + fields +
                            "等领域邀请专家开展技术指导、培训和项目合作。";
    } else {
      station.host_unit = place + S(PickFrom<std::string_view>(rng, kStationHosts));
      station.type = static_cast<StationType>(rng.Between(0, 3));
      station.description = place + "人才驿站（" + std::string(StationTypeName(station.type)) +
                            "），" + S(PickFrom<std::string_view>(rng, kStationServices)) +
                            "，服务" + fields + "等领域的专家人才。";
    }
    std::string works;
    for (const std::string& title : host.titles) works += (works.empty() ? "" : "、") + title;
    station.description += "近期承办：" + works + "。";
    out.push_back(std::move(station));
  }
  return out;
}

}  // namespace huicai::hub::internal
