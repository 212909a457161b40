#include "hub/internal/synth_lists.h"

#include <array>

namespace huicai::hub::internal {
namespace {

using SV = std::string_view;

constexpr WeightedWord kSurnames[] = {
    {"王", 710}, {"李", 700}, {"张", 670}, {"刘", 540}, {"陈", 450}, {"杨", 310}, {"赵", 230},
    {"黄", 220}, {"周", 210}, {"吴", 200}, {"徐", 170}, {"孙", 160}, {"胡", 130}, {"朱", 130},
    {"高", 130}, {"林", 120}, {"何", 120}, {"郭", 120}, {"马", 110}, {"罗", 90},  {"梁", 90},
    {"宋", 85},  {"郑", 80},  {"谢", 70},  {"韩", 70},  {"唐", 65},  {"冯", 65},  {"于", 70},
    {"董", 60},  {"程", 50},  {"曹", 50},  {"袁", 50},  {"邓", 45},  {"许", 45},  {"傅", 40},
    {"沈", 40},  {"曾", 40},  {"彭", 40},  {"吕", 40},  {"苏", 40},  {"卢", 40},  {"蒋", 40},
    {"蔡", 40},  {"贾", 35},  {"丁", 35},  {"魏", 35},  {"薛", 30},  {"叶", 30},  {"阎", 25},
    {"孔", 25},  {"颜", 12},  {"欧阳", 6}, {"司马", 2}, {"诸葛", 2}, {"上官", 2}, {"东方", 1},
};

constexpr SV kMaleGiven[] = {"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚",
                             "平", "辉", "鹏", "华", "飞", "鑫", "波", "宁", "浩", "凯", "健",
                             "俊", "帆", "峰", "建", "国", "志", "文", "博", "宇", "晨", "东",
                             "海", "林", "亮", "成", "龙", "振", "松", "庆", "新", "立", "永"};
constexpr SV kFemaleGiven[] = {"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷",
                               "雪", "琳", "颖", "倩", "洁", "慧", "萍", "红", "梅", "琴", "云",
                               "莉", "丹", "欣", "晶", "悦", "佳", "璐", "秀", "兰", "华", "文"};
constexpr SV kMinorityGiven[] = {"阿依古丽", "艾尔肯", "热依拉",   "古丽娜尔", "买买提",
                                 "努尔",     "阿卜杜", "帕提古丽", "迪力夏提", "扎西"};
constexpr SV kMinorityFather[] = {"吐尔逊", "艾力",   "阿布都拉", "买买提",
                                  "热合曼", "玉素甫", "多吉"};

constexpr SV kForeignGiven[] = {"John",  "Maria", "Hans",  "Pierre",  "Anna",     "David",
                                "Elena", "Lars",  "Sofia", "Michael", "Jean-Luc", "Yuki"};
constexpr ForeignName kForeignFamily[] = {
    {"Smith", "USA", "840"},     {"Müller", "DEU", "276"},  {"Dubois", "FRA", "250"},
    {"Tanaka", "JPN", "392"},    {"Rossi", "ITA", "380"},   {"Novák", "CZE", "203"},
    {"Johansson", "SWE", "752"}, {"O'Brien", "IRL", "372"}, {"García", "ESP", "724"},
    {"Kowalski", "POL", "616"},  {"Brown", "GBR", "826"},   {"Ivanov", "RUS", "643"},
};

constexpr int kGroupWeights[kGroupCount] = {36, 28, 28, 8};

constexpr WeightedWord kAgriDisciplines[] = {{"210", 40},  {"220", 8},   {"230", 14},
                                             {"240", 10},  {"21030", 6}, {"21040", 8},
                                             {"21060", 8}, {"23020", 3}};
constexpr WeightedWord kMedDisciplines[] = {{"310", 6},  {"320", 30},  {"330", 8},  {"350", 8},
                                            {"360", 14}, {"32021", 5}, {"36020", 4}};
constexpr WeightedWord kEngDisciplines[] = {{"410", 3}, {"430", 8}, {"460", 14}, {"470", 8},
                                            {"480", 5}, {"510", 8}, {"520", 12}, {"530", 10},
                                            {"550", 7}, {"560", 5}, {"570", 4},  {"580", 4},
                                            {"610", 8}, {"620", 6}, {"46040", 3}};
constexpr WeightedWord kOtherDisciplines[] = {{"630", 15}, {"790", 25}, {"880", 20}, {"910", 10},
                                              {"110", 8},  {"150", 10}, {"180", 12}};

constexpr SV kAgriSpecialties[] = {
    "果树栽培",     "病虫害防治", "设施农业",   "土壤改良", "畜禽养殖",  "水产养殖", "种子繁育",
    "农产品加工",   "水肥一体化", "小麦育种",   "花生栽培", "蔬菜栽培",  "茶树栽培", "中药材种植",
    "动物疫病防控", "林木育种",   "经济林栽培", "海参养殖", "农产品保鲜"};
constexpr SV kMedSpecialties[] = {"心血管",   "儿科",     "中医针灸", "肿瘤诊疗", "妇产科",
                                  "骨科",     "呼吸内科", "急诊急救", "全科医学", "慢病管理",
                                  "药物研发", "中药炮制", "康复医学", "公共卫生", "内分泌"};
constexpr SV kEngSpecialties[] = {"智能制造", "新能源汽车", "化工安全", "工业机器人",
                                  "数控加工", "电力系统",   "软件开发", "大数据",
                                  "物联网",   "新材料",     "食品加工", "污水处理",
                                  "环境监测", "建筑结构",   "安全生产", "节能降耗"};
constexpr SV kOtherSpecialties[] = {"区域经济", "农村金融", "乡村规划", "职业教育",
                                    "统计分析", "农村电商", "企业管理"};

constexpr SV kAgriIndustries[] = {"A01", "A03", "A04", "A05", "C13"};
constexpr SV kMedIndustries[] = {"Q84", "C27"};
constexpr SV kEngIndustries[] = {"C34", "C36", "C26", "I65", "D44", "N77"};
constexpr SV kOtherIndustries[] = {"P83", "M73", "L72"};

constexpr SV kSeniorTitles[][1] = {
    {"教授"}, {"主任医师"}, {"研究员"}, {"农业技术推广研究员"}, {"正高级工程师"}};
constexpr SV kUniversityTitles[] = {"教授", "副教授"};
constexpr SV kHospitalTitles[] = {"主任医师", "副主任医师", "主任药师"};
constexpr SV kInstituteTitles[] = {"研究员", "副研究员"};
constexpr SV kExtensionTitles[] = {"高级农艺师", "高级畜牧师", "农业技术推广研究员"};
constexpr SV kCompanyTitles[] = {"高级工程师", "正高级工程师"};

using EK = EmployerKind;
constexpr NamedEmployer kNamedEmployers[] = {
    {"山东农业大学", "370902", EK::kUniversity, Group::kAgriculture},
    {"青岛农业大学", "370214", EK::kUniversity, Group::kAgriculture},
    {"山东省农业科学院", "370112", EK::kInstitute, Group::kAgriculture},
    {"山东省果树研究所", "370902", EK::kInstitute, Group::kAgriculture},
    {"山东省花生研究所", "370214", EK::kInstitute, Group::kAgriculture},
    {"山东省海洋科学研究院", "370202", EK::kInstitute, Group::kAgriculture},
    {"临沂市农业科学院", "371302", EK::kInstitute, Group::kAgriculture},
    {"烟台市农业科学研究院", "370611", EK::kInstitute, Group::kAgriculture},
    {"寿光市绿源蔬菜种业有限公司", "370783", EK::kCompany, Group::kAgriculture},
    {"山东大学齐鲁医院", "370102", EK::kHospital, Group::kMedicine},
    {"山东省立医院", "370103", EK::kHospital, Group::kMedicine},
    {"山东中医药大学附属医院", "370102", EK::kHospital, Group::kMedicine},
    {"青岛大学附属医院", "370202", EK::kHospital, Group::kMedicine},
    {"临沂市人民医院", "371302", EK::kHospital, Group::kMedicine},
    {"烟台毓璜顶医院", "370602", EK::kHospital, Group::kMedicine},
    {"潍坊市人民医院", "370705", EK::kHospital, Group::kMedicine},
    {"济宁医学院附属医院", "370811", EK::kHospital, Group::kMedicine},
    {"山东第一医科大学", "370911", EK::kUniversity, Group::kMedicine},
    {"滨州医学院", "370613", EK::kUniversity, Group::kMedicine},
    {"山东中医药大学", "370113", EK::kUniversity, Group::kMedicine},
    {"临沂鲁南医药科技有限公司", "371311", EK::kCompany, Group::kMedicine},
    {"山东科技大学", "370211", EK::kUniversity, Group::kEngineering},
    {"中国石油大学（华东）", "370211", EK::kUniversity, Group::kEngineering},
    {"山东理工大学", "370303", EK::kUniversity, Group::kEngineering},
    {"齐鲁工业大学", "370113", EK::kUniversity, Group::kEngineering},
    {"青岛科技大学", "370203", EK::kUniversity, Group::kEngineering},
    {"山东省科学院", "370102", EK::kInstitute, Group::kEngineering},
    {"潍坊市智能装备研究院", "370705", EK::kInstitute, Group::kEngineering},
    {"济南华瑞智能装备有限公司", "370112", EK::kCompany, Group::kEngineering},
    {"青岛海润新能源汽车零部件有限公司", "370211", EK::kCompany, Group::kEngineering},
    {"烟台万和化工股份有限公司", "370612", EK::kCompany, Group::kEngineering},
    {"淄博齐星新材料有限公司", "370305", EK::kCompany, Group::kEngineering},
    {"威海精工数控机床有限公司", "371002", EK::kCompany, Group::kEngineering},
    {"东营胜科环保工程有限公司", "370502", EK::kCompany, Group::kEngineering},
    {"山东师范大学", "370102", EK::kUniversity, Group::kOther},
    {"曲阜师范大学", "370881", EK::kUniversity, Group::kOther},
    {"临沂大学", "371302", EK::kUniversity, Group::kOther},
    {"聊城大学", "371502", EK::kUniversity, Group::kOther},
    {"山东财经大学", "370102", EK::kUniversity, Group::kOther},
};

constexpr SV kCompanyWords[] = {"华瑞", "鲁信", "金泰", "海润", "恒通", "鑫源", "宏达",
                                "齐星", "中科", "正泰", "沂蒙", "泰和", "利民", "德润"};

constexpr SV kAgriSchools[] = {"中国农业大学", "南京农业大学", "西北农林科技大学",
                               "山东农业大学", "华中农业大学", "青岛农业大学"};
constexpr SV kMedSchools[] = {"北京大学", "复旦大学",       "山东大学",      "中山大学",
                              "四川大学", "山东中医药大学", "北京协和医学院"};
constexpr SV kEngSchools[] = {"清华大学",     "浙江大学", "哈尔滨工业大学",
                              "上海交通大学", "山东大学", "中国石油大学（华东）",
                              "天津大学"};
constexpr SV kOtherSchools[] = {"北京师范大学", "中国人民大学", "山东大学", "山东师范大学",
                                "南开大学"};

constexpr Bank kBanks[] = {{"中国工商银行", "622202"}, {"中国农业银行", "622848"},
                           {"中国银行", "621661"},     {"中国建设银行", "621700"},
                           {"齐鲁银行", "623166"},     {"山东省农村信用社", "622319"}};

constexpr SV kAgriSubjects[] = {"苹果园", "桃园", "樱桃园", "大棚蔬菜", "花生",  "小麦",
                                "金银花", "茶园", "蓝莓",   "板栗",     "中药材"};
constexpr SV kAgriTopics[] = {"病虫害综合防治", "水肥一体化",     "土壤改良",  "品种改良",
                              "设施栽培管理",   "采后保鲜与加工", "标准化种植"};
constexpr SV kMedSubjects[] = {"心血管疾病", "儿科常见病", "慢病",   "中医针灸",
                               "急诊急救",   "骨科疾病",   "妇产科", "康复医学"};
constexpr SV kMedTopics[] = {"诊疗技术", "规范化管理", "适宜技术推广", "能力提升", "查房带教"};
constexpr SV kEngSubjects[] = {"智能制造产线", "新能源汽车零部件", "化工园区",
                               "污水处理站",   "食品加工车间",     "数控机床"};
constexpr SV kEngTopics[] = {"工艺优化", "安全生产评估", "技术改造", "质量提升", "节能降耗"};
constexpr SV kOtherSubjects[] = {"乡村规划", "农村电商", "职业教育"};
constexpr SV kOtherTopics[] = {"方案编制", "人才培训", "咨询指导"};
constexpr SV kNeedForms[] = {"技术指导", "专题培训", "现场帮扶", "技术咨询", "驻点服务"};

constexpr SV kTownFirst[] = {"东", "西", "南", "北", "马", "王", "李", "大", "小",
                             "青", "石", "柳", "杨", "白", "黄", "新", "双", "龙"};
constexpr SV kTownSecond[] = {"庄", "店", "集", "桥", "岭", "沟", "湖",
                              "山", "堤", "埠", "河", "泉", "坡", "峪"};
constexpr SV kCooperativeWords[] = {"金丰果蔬", "绿源种植", "丰收粮食", "沂蒙林果",
                                    "鲁润养殖", "惠农茶叶", "众兴蔬菜", "福田中药材"};

size_t G(Group group) { return static_cast<size_t>(group); }

}  // namespace

std::span<const WeightedWord> Surnames() { return kSurnames; }
std::span<const std::string_view> MaleGivenChars() { return kMaleGiven; }
std::span<const std::string_view> FemaleGivenChars() { return kFemaleGiven; }
std::span<const std::string_view> MinorityGivenNames() { return kMinorityGiven; }
std::span<const std::string_view> MinorityFatherNames() { return kMinorityFather; }
std::span<const std::string_view> ForeignGivenNames() { return kForeignGiven; }
std::span<const ForeignName> ForeignFamilyNames() { return kForeignFamily; }
std::span<const int> GroupWeights() { return kGroupWeights; }

std::span<const WeightedWord> GroupDisciplines(Group group) {
  static constexpr std::array<std::span<const WeightedWord>, kGroupCount> kAll = {
      kAgriDisciplines, kMedDisciplines, kEngDisciplines, kOtherDisciplines};
  return kAll[G(group)];
}
std::span<const std::string_view> GroupSpecialties(Group group) {
  static constexpr std::array<std::span<const SV>, kGroupCount> kAll = {
      kAgriSpecialties, kMedSpecialties, kEngSpecialties, kOtherSpecialties};
  return kAll[G(group)];
}
std::span<const std::string_view> GroupIndustries(Group group) {
  static constexpr std::array<std::span<const SV>, kGroupCount> kAll = {
      kAgriIndustries, kMedIndustries, kEngIndustries, kOtherIndustries};
  return kAll[G(group)];
}

std::span<const std::string_view> SeniorTitles(EmployerKind kind) {
  return kSeniorTitles[static_cast<size_t>(kind)];
}
std::span<const std::string_view> OtherTitles(EmployerKind kind) {
  static constexpr std::array<std::span<const SV>, 5> kAll = {
      kUniversityTitles, kHospitalTitles, kInstituteTitles, kExtensionTitles, kCompanyTitles};
  return kAll[static_cast<size_t>(kind)];
}
std::string_view KindIndustry(EmployerKind kind) {
  static constexpr std::array<SV, 5> kAll = {"P83", "Q84", "M73", "A05", ""};
  return kAll[static_cast<size_t>(kind)];
}

std::span<const NamedEmployer> NamedEmployers() { return kNamedEmployers; }
std::span<const std::string_view> CompanyWords() { return kCompanyWords; }

std::span<const std::string_view> Schools(Group group) {
  static constexpr std::array<std::span<const SV>, kGroupCount> kAll = {kAgriSchools, kMedSchools,
                                                                        kEngSchools, kOtherSchools};
  return kAll[G(group)];
}
std::span<const Bank> Banks() { return kBanks; }

std::span<const std::string_view> NeedSubjects(Group group) {
  static constexpr std::array<std::span<const SV>, kGroupCount> kAll = {
      kAgriSubjects, kMedSubjects, kEngSubjects, kOtherSubjects};
  return kAll[G(group)];
}
std::span<const std::string_view> NeedTopics(Group group) {
  static constexpr std::array<std::span<const SV>, kGroupCount> kAll = {kAgriTopics, kMedTopics,
                                                                        kEngTopics, kOtherTopics};
  return kAll[G(group)];
}
std::span<const std::string_view> NeedForms() { return kNeedForms; }
std::span<const std::string_view> TownFirstChars() { return kTownFirst; }
std::span<const std::string_view> TownSecondChars() { return kTownSecond; }
std::span<const std::string_view> CooperativeWords() { return kCooperativeWords; }

}  // namespace huicai::hub::internal
