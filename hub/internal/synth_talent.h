#pragma once
// hub/internal: one synthetic talent, everything the six partners know about them, derived
// deterministically from (seed, index). The context holds the province's counties and
// employers and the ID numbers used so far in the current pass (to keep them unique).
// Thread-safety: a SynthContext is used by one thread at a time.
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/types.h"
#include "hub/internal/synth_lists.h"
#include "hub/internal/synth_random.h"
#include "hub/synth.h"

namespace huicai::hub::internal {

struct County {
  std::string code;
  std::string name;       // 兰陵县
  std::string full_name;  // 山东省临沂市兰陵县
  int talent_weight = 1;  // big cities and urban districts weigh more
  int need_weight = 1;    // counties and old revolutionary areas weigh more
  size_t city_first = 0;  // the counties of its city: [city_first, city_last) in the context
  size_t city_last = 0;
};

struct Employer {
  std::string name;
  std::string credit_code;
  std::string county;
  size_t county_index = 0;  // into SynthContext::counties()
  EmployerKind kind = EmployerKind::kCompany;
};

struct SynthDegree {
  std::string level;       // GB/T 4658: "10" postgraduate, "20" undergraduate
  std::string degree;      // "1" doctor, "2" master, "3" bachelor
  std::string discipline;  // GB/T 13745
  std::string school;
  std::string certificate;  // zsbh, unique
  Date graduated;
};

struct SynthInsurance {
  std::string type;  // "110" pension, "310" medical, "410" work injury
  Date since;
};

struct SynthTalent {
  std::int64_t index = 0;
  bool foreign = false;
  std::string name;
  Gender gender = Gender::kUnknown;
  Date birth;
  std::string household;  // GB/T 2260; empty for foreign experts
  // 18 characters: GB 11643, or for foreign experts the 2023 permanent residence card
  // ("9" + province + ISO numeric nationality + birth date + sequence + check).
  std::string id_number;
  std::string nationality;  // ISO 3166-1 alpha-3
  // Foreign experts: the passport number; those without a permanent residence card have no
  // id_number and are known to the partners by (nationality, passport) only.
  std::string passport;
  std::string mobile;
  std::string person_number;  // police RYBH
  TalentTier tier = TalentTier::kD;
  std::string card_no;
  Group group = Group::kAgriculture;
  Employer employer;
  std::vector<std::string> disciplines;
  std::vector<std::string> industries;
  std::string title;
  std::string specialties;
  int days_available = 0;
  int days_served = 0;
  bool in_programme = false;
  std::vector<SynthDegree> degrees;
  double income[2] = {0, 0};  // tax years year-2 and year-1
  std::string bank_name;
  std::string bank_card;
  std::string branch;
  Date card_opened;
  std::vector<SynthInsurance> insurances;
};

class SynthContext {
 public:
  // InvalidArgument when the province has no in-force counties.
  [[nodiscard]] static Result<SynthContext> Create(const SynthOptions& options);

  const SynthOptions& options() const { return options_; }
  const std::vector<County>& counties() const { return counties_; }
  const std::vector<int>& talent_weights() const { return talent_weights_; }
  const std::vector<int>& need_weights() const { return need_weights_; }

  // Starts a pass over all talents: restarts the random stream and forgets the ID numbers
  // used so far.
  void BeginPass();
  // Talent `index`. Within a pass, call with index 0, 1, 2, ... in order: talents are drawn
  // from one random stream (seeding an engine per talent would cost more than the talent).
  SynthTalent MakeTalent(std::int64_t index);

  // The employer of that name in county, with a credit code derived from the name.
  Employer LocalEmployer(std::string name, const County& county, EmployerKind kind) const;

 private:
  explicit SynthContext(const SynthOptions& options)
      : options_(options), rng_(Mix(options.seed, HashText("talents"))) {}
  const County& DrawCounty(Rng& rng, const std::vector<int>& weights) const;
  Employer DrawEmployer(Rng& rng, Group group) const;
  // An ID number for region and birth date not used before in this pass.
  std::string UniqueId(const std::string& region, const Date& birth, bool male, Rng& rng);

  SynthOptions options_;
  std::vector<County> counties_;
  std::vector<int> talent_weights_;
  std::vector<int> need_weights_;
  std::vector<Employer> named_[kGroupCount];
  Rng rng_;
  std::unordered_set<std::uint64_t> used_ids_;
};

}  // namespace huicai::hub::internal
