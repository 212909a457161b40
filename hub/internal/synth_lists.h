#pragma once
// hub/internal: the word lists behind the synthetic data: names, disciplines, specialties,
// titles, employers, schools, banks and the phrases of grassroots needs.
// Thread-safety: immutable static data.
#include <span>
#include <string_view>

namespace huicai::hub::internal {

struct WeightedWord {
  std::string_view text;
  int weight;
};

// Common surnames weighted by frequency (per ten thousand, roughly), two-character ones rare.
std::span<const WeightedWord> Surnames();
std::span<const std::string_view> MaleGivenChars();
std::span<const std::string_view> FemaleGivenChars();
// Minority names written with the middle dot: given part and father's name part.
std::span<const std::string_view> MinorityGivenNames();
std::span<const std::string_view> MinorityFatherNames();

struct ForeignName {
  std::string_view family;
  std::string_view nationality;  // ISO 3166-1 alpha-3
  std::string_view numeric;      // ISO 3166-1 numeric, used in permanent residence card numbers
};
std::span<const std::string_view> ForeignGivenNames();
std::span<const ForeignName> ForeignFamilyNames();

// Discipline groups the generator draws from, weighted toward agriculture and medicine.
enum class Group { kAgriculture = 0, kMedicine, kEngineering, kOther };
inline constexpr int kGroupCount = 4;
std::span<const int> GroupWeights();                          // indexed by Group
std::span<const WeightedWord> GroupDisciplines(Group group);  // 3- and some 5-digit codes
std::span<const std::string_view> GroupSpecialties(Group group);
std::span<const std::string_view> GroupIndustries(Group group);  // GB/T 4754 division codes

enum class EmployerKind { kUniversity = 0, kHospital, kInstitute, kExtension, kCompany };
// Senior titles (for tiers A/B) and all titles of an employer kind.
std::span<const std::string_view> SeniorTitles(EmployerKind kind);
std::span<const std::string_view> OtherTitles(EmployerKind kind);
std::string_view KindIndustry(EmployerKind kind);  // "" when it follows the discipline group

// Named employers of Shandong (province 37) with the county of their main site.
struct NamedEmployer {
  std::string_view name;
  std::string_view county;
  EmployerKind kind;
  Group group;
};
std::span<const NamedEmployer> NamedEmployers();
// Word parts for generated company names: 华瑞 金丰 ...
std::span<const std::string_view> CompanyWords();

// Schools a degree was earned at, per group.
std::span<const std::string_view> Schools(Group group);

struct Bank {
  std::string_view name;
  std::string_view bin;  // 6-digit UnionPay BIN
};
std::span<const Bank> Banks();

// Grassroots needs: what the need is about and what kind of help is wanted, per group.
std::span<const std::string_view> NeedSubjects(Group group);  // 苹果园 / 心血管疾病 ...
std::span<const std::string_view> NeedTopics(Group group);    // 病虫害综合防治 ...
std::span<const std::string_view> NeedForms();                // 技术指导 / 专题培训 ...
std::span<const std::string_view> TownFirstChars();
std::span<const std::string_view> TownSecondChars();
std::span<const std::string_view> CooperativeWords();  // 金丰果蔬 ...

}  // namespace huicai::hub::internal
