// matcher: Fellegi-Sunter identity resolution (see linkage.h and docs/linkage.md).
#include "matcher/linkage.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

#include "core/id_number.h"
#include "core/text.h"
#include "matcher/internal/linkage_block.h"
#include "matcher/internal/linkage_compare.h"
#include "matcher/internal/linkage_em.h"

namespace huicai::matcher {
namespace {

using internal::kMissing;
using internal::Levels;
using internal::PreparedRecord;

constexpr std::string_view kFieldNames[kLinkFieldCount] = {"id_number",  "passport", "name",
                                                           "birth_date", "gender",   "region"};

std::string UpperNoSpace(std::string_view text) {
  std::string out;
  for (char c : FullWidthToHalfWidth(Trim(text))) {
    if (c == ' ' || c == '-') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

// Union-find with path halving.
class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), std::size_t{0});
  }
  std::size_t Find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(std::size_t a, std::size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);  // root: the smallest index
  }

 private:
  std::vector<std::size_t> parent_;
};

struct TermFrequencies {
  const std::unordered_map<std::string, double>* table = nullptr;
  double mean = 0;
  double floor = 0;
};

TermFrequencies FromModel(const ModelParameters& model) {
  TermFrequencies tf;
  if (!model.name_frequency.empty() && model.name_frequency_mean > 0) {
    tf.table = &model.name_frequency;
    tf.mean = model.name_frequency_mean;
    tf.floor = model.min_name_frequency;
  }
  return tf;
}

void SetPosterior(PairEvidence& ev, double prior_weight) {
  ev.match_weight = ev.total + prior_weight;
  ev.probability = 1.0 / (1.0 + std::exp2(-ev.match_weight));
}

PairEvidence Weigh(const PreparedRecord& a, const PreparedRecord& b, const Levels& levels,
                   const ModelParameters& model, const TermFrequencies& tf) {
  PairEvidence ev;
  ev.fields.reserve(kLinkFieldCount);
  for (std::size_t f = 0; f < kLinkFieldCount; ++f) {
    FieldWeight fw;
    fw.field = std::string(kFieldNames[f]);
    const int level = levels[f];
    if (level == kMissing) {
      fw.level = "missing";
    } else {
      const LevelParameters& lp = model.fields[f].levels[static_cast<std::size_t>(level)];
      fw.level = lp.level;
      double u = lp.u;
      if (f == internal::kFieldName && level <= 1 && tf.table != nullptr) {
        auto it = tf.table->find(a.name.sorted_key);
        const double freq = std::max(it == tf.table->end() ? 0.0 : it->second, tf.floor);
        u = std::clamp(lp.u * freq / tf.mean, 1e-12, 1.0);
        char buf[48];
        std::snprintf(buf, sizeof buf, "tf %.6f", freq);
        fw.detail = buf;
      }
      fw.weight = std::log2(lp.m / u);
    }
    ev.total += fw.weight;
    ev.fields.push_back(std::move(fw));
  }
  (void)b;
  SetPosterior(ev, PriorWeight(model));
  return ev;
}

// The log2 Bayes factor of a pair without building evidence: the hot path of scoring.
class FastWeights {
 public:
  FastWeights(const ModelParameters& model, const TermFrequencies& tf) : tf_(tf) {
    for (std::size_t f = 0; f < kLinkFieldCount; ++f) {
      for (const auto& lp : model.fields[f].levels) {
        weight_[f].push_back(std::log2(lp.m / lp.u));
        m_[f].push_back(lp.m);
        u_[f].push_back(lp.u);
      }
    }
  }
  double Total(const PreparedRecord& a, const Levels& levels) const {
    double total = 0;
    for (std::size_t f = 0; f < kLinkFieldCount; ++f) {
      const int level = levels[f];
      if (level == kMissing) continue;
      const auto l = static_cast<std::size_t>(level);
      if (f == internal::kFieldName && level <= 1 && tf_.table != nullptr) {
        auto it = tf_.table->find(a.name.sorted_key);
        const double freq = std::max(it == tf_.table->end() ? 0.0 : it->second, tf_.floor);
        total += std::log2(m_[f][l] / std::clamp(u_[f][l] * freq / tf_.mean, 1e-12, 1.0));
      } else {
        total += weight_[f][l];
      }
    }
    return total;
  }

 private:
  TermFrequencies tf_;
  std::array<std::vector<double>, kLinkFieldCount> weight_, m_, u_;
};

Status CheckModel(const ModelParameters& model) {
  if (model.fields.size() != kLinkFieldCount) {
    return Status::InvalidArgument("linkage model has " + std::to_string(model.fields.size()) +
                                   " fields, expected " + std::to_string(kLinkFieldCount) +
                                   "; start from DefaultModelParameters()");
  }
  for (std::size_t f = 0; f < kLinkFieldCount; ++f) {
    const auto names = internal::LevelNames(f);
    const auto& levels = model.fields[f].levels;
    if (model.fields[f].field != kFieldNames[f] || levels.size() != names.size()) {
      return Status::InvalidArgument(
          "linkage model field " + std::to_string(f) + " is '" + model.fields[f].field + "' with " +
          std::to_string(levels.size()) + " levels, expected '" + std::string(kFieldNames[f]) +
          "' with " + std::to_string(names.size()));
    }
    for (const auto& lp : levels) {
      if (!(lp.m > 0 && lp.m <= 1 && lp.u > 0 && lp.u <= 1)) {
        return Status::InvalidArgument("linkage model " + model.fields[f].field + "/" + lp.level +
                                       ": m and u must be in (0, 1]");
      }
    }
  }
  return Status::Ok();
}

constexpr double kLegacyLinkThreshold = 8;
constexpr double kLegacyReviewThreshold = 3;
constexpr double kDefaultPrior = 1e-6;
constexpr std::size_t kMinRulePairs = 100;  // a blocking rule with fewer pairs does not fit m

// Where a pair falls: 2 link, 1 review, 0 neither.
class Thresholds {
 public:
  explicit Thresholds(const LinkageOptions& o) {
    legacy_ = o.link_threshold.has_value() || o.review_threshold.has_value();
    if (legacy_) {
      link_ = o.link_threshold.value_or(kLegacyLinkThreshold);
      review_ = o.review_threshold.value_or(kLegacyReviewThreshold);
    } else {  // probabilities as log2 posterior odds
      link_ = std::log2(o.link_probability / (1 - o.link_probability));
      review_ = std::log2(o.review_probability / (1 - o.review_probability));
    }
  }
  // total: log2 Bayes factor; match_weight: with the prior.
  int Classify(double total, double match_weight) const {
    const double x = legacy_ ? total : match_weight;
    return x >= link_ ? 2 : (x >= review_ ? 1 : 0);
  }

 private:
  bool legacy_ = false;
  double link_ = 0, review_ = 0;
};

Status CheckOptions(const LinkageOptions& o) {
  if (!std::isfinite(o.link_threshold.value_or(0)) ||
      !std::isfinite(o.review_threshold.value_or(0)) || !std::isfinite(o.id_conflict_threshold)) {
    return Status::InvalidArgument("linkage thresholds must be finite numbers");
  }
  if (o.review_threshold.value_or(kLegacyReviewThreshold) >
      o.link_threshold.value_or(kLegacyLinkThreshold)) {
    return Status::InvalidArgument("linkage review_threshold must not exceed link_threshold");
  }
  if (!(o.review_probability > 0 && o.review_probability < 1 && o.link_probability > 0 &&
        o.link_probability < 1)) {
    return Status::InvalidArgument(
        "linkage link_probability and review_probability must lie strictly between 0 and 1");
  }
  if (o.review_probability > o.link_probability) {
    return Status::InvalidArgument("linkage review_probability must not exceed link_probability");
  }
  if (o.em_iterations < 0) {
    return Status::InvalidArgument("linkage em_iterations must be 0 (no fitting) or more");
  }
  for (const auto& rule : o.blocking) {
    if (rule.keys.empty()) {
      return Status::InvalidArgument("linkage blocking rule '" + rule.name +
                                     "' has no keys; remove it or name at least one key");
    }
  }
  if (o.model) HUICAI_RETURN_IF_ERROR(CheckModel(*o.model).WithContext("options.model"));
  return Status::Ok();
}

void ComputeTermFrequencies(std::span<const PreparedRecord> records, ModelParameters& model) {
  std::unordered_map<std::string, double> counts;
  double total = 0;
  for (const auto& r : records) {
    if (r.name.empty()) continue;
    counts[r.name.sorted_key] += 1;
    total += 1;
  }
  if (total == 0) return;
  double s2 = 0;
  for (auto& [key, count] : counts) {
    count /= total;
    s2 += count * count;
  }
  // u of "same name v" is u * f(v) / sum f^2: averaged over random agreeing pairs (which agree
  // on v with probability f(v)^2 / sum f^2) the likelihood ratio keeps its level's mean.
  model.name_frequency = std::move(counts);
  model.name_frequency_mean = s2;
  model.min_name_frequency = 1.0 / total;
}

}  // namespace

std::span<const std::string_view> LinkFieldNames() { return kFieldNames; }

double PriorWeight(const ModelParameters& model) {
  const double prior = model.prior > 0 && model.prior < 1 ? model.prior : kDefaultPrior;
  return std::log2(prior / (1 - prior));
}

std::string DeterministicKey(const LinkRecord& record) {
  if (!record.id_number.empty()) {
    IdNumberCheck check = ValidateIdNumber(record.id_number);
    if (check.ok()) return "id:" + check.info->number;
  }
  const std::string passport = UpperNoSpace(record.passport);
  const std::string nationality = UpperNoSpace(record.nationality);
  if (!passport.empty() && !nationality.empty()) return "pp:" + nationality + ":" + passport;
  return {};
}

std::vector<BlockingRule> DefaultBlocking() {
  return {
      {"birth_date", {BlockingKey::kBirthDate}},
      {"name_pinyin+birth_year", {BlockingKey::kNamePinyin, BlockingKey::kBirthYear}},
      {"name_pinyin+region_county", {BlockingKey::kNamePinyin, BlockingKey::kRegionCounty}},
      {"surname+region_county+birth_year",
       {BlockingKey::kSurnamePinyin, BlockingKey::kRegionCounty, BlockingKey::kBirthYear}},
      {"deterministic_key", {BlockingKey::kDeterministicKey}},
  };
}

ModelParameters DefaultModelParameters() {
  auto field = [](std::string_view name, std::vector<LevelParameters> levels) {
    return FieldParameters{std::string(name), std::move(levels)};
  };
  // u as among random pairs of a province-sized population; m as in partner data with a few
  // per cent of damaged fields.
  ModelParameters model;
  model.fields = {
      field("id_number", {{"exact", 0.97, 1e-7}, {"disagree", 0.03, 1 - 1e-7}}),
      field("passport", {{"exact", 0.97, 1e-7}, {"disagree", 0.03, 1 - 1e-7}}),
      field("name", {{"exact", 0.85, 0.001},
                     {"pinyin", 0.06, 0.0002},
                     {"one_edit", 0.04, 0.01},
                     {"jaro_winkler>=0.92", 0.02, 0.005},
                     {"jaro_winkler>=0.80", 0.02, 0.05},
                     {"disagree", 0.01, 0.9338}}),
      field("birth_date", {{"exact", 0.93, 5e-5},
                           {"swap_day_month", 0.02, 2e-6},
                           {"one_digit_off", 0.03, 5e-4},
                           {"disagree", 0.02, 0.999448}}),
      field("gender", {{"exact", 0.98, 0.5}, {"disagree", 0.02, 0.5}}),
      field("region", {{"same_county", 0.9, 0.002},
                       {"same_city", 0.06, 0.02},
                       {"same_province", 0.02, 0.1},
                       {"disagree", 0.02, 0.878}}),
  };
  model.match_proportion = 0.05;
  model.prior = kDefaultPrior;
  return model;
}

namespace {

bool IsDeterministic(const PairEvidence& ev) {
  return ev.fields.size() == kLinkFieldCount &&
         (ev.fields[internal::kFieldId].detail == "deterministic" ||
          ev.fields[internal::kFieldPassport].detail == "deterministic");
}

// Merges new records into clusters along links, best first. With check_chains, two clusters
// merge only when no pair across them scores below the review band; a refused link is
// returned for review.
void ClusterNewRecords(std::span<const LinkRecord> records,
                       std::span<const PreparedRecord> prepared, std::vector<PairEvidence>& links,
                       std::vector<PairEvidence>& reviews, const ModelParameters& model,
                       const TermFrequencies& tf, const Thresholds& thresholds, bool check_chains,
                       DisjointSets& sets) {
  const FastWeights weights(model, tf);
  const double prior_weight = PriorWeight(model);
  const std::size_t n = records.size();
  std::vector<std::vector<std::size_t>> members(n);
  for (std::size_t i = 0; i < n; ++i) members[i] = {i};
  std::vector<PairEvidence> kept;
  kept.reserve(links.size());
  for (auto& ev : links) {
    const bool both_new = records[ev.left].person_id == 0 && records[ev.right].person_id == 0;
    if (!both_new) {
      kept.push_back(std::move(ev));
      continue;
    }
    std::size_t a = sets.Find(ev.left), b = sets.Find(ev.right);
    if (a == b) {
      kept.push_back(std::move(ev));
      continue;
    }
    bool agree = true;
    if (check_chains && !IsDeterministic(ev) && members[a].size() * members[b].size() > 1) {
      for (std::size_t x : members[a]) {
        for (std::size_t y : members[b]) {
          const double total =
              weights.Total(prepared[x], internal::Compare(prepared[x], prepared[y]));
          if (thresholds.Classify(total, total + prior_weight) == 0) {
            agree = false;
            break;
          }
        }
        if (!agree) break;
      }
    }
    if (!agree) {
      reviews.push_back(std::move(ev));
      continue;
    }
    sets.Union(a, b);
    const std::size_t root = sets.Find(a), other = root == a ? b : a;
    members[root].insert(members[root].end(), members[other].begin(), members[other].end());
    members[other].clear();
    members[other].shrink_to_fit();
    kept.push_back(std::move(ev));
  }
  links = std::move(kept);
}

bool ByWeight(const PairEvidence& x, const PairEvidence& y) {
  return x.total != y.total ? x.total > y.total
                            : std::tie(x.left, x.right) < std::tie(y.left, y.right);
}

}  // namespace

Result<LinkageResult> Link(std::span<const LinkRecord> records, const LinkageOptions& options) {
  HUICAI_RETURN_IF_ERROR(CheckOptions(options));
  LinkageResult result;
  auto clock = std::chrono::steady_clock::now();
  auto lap = [&clock](double& seconds) {
    const auto now = std::chrono::steady_clock::now();
    seconds = std::chrono::duration<double>(now - clock).count();
    clock = now;
  };
  const unsigned threads = std::max(1u, options.threads);
  std::vector<PreparedRecord> prepared;
  prepared.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto p = internal::Prepare(records[i]);
    if (!p.has_value()) return p.error().WithContext("record " + std::to_string(i));
    prepared.push_back(std::move(p).value());
  }

  lap(result.timings.prepare_seconds);
  internal::Candidates candidates =
      internal::CandidatePairs(prepared, options.blocking, options.max_block_size);
  result.candidate_pairs = candidates.pairs.size();
  result.skipped_blocks = std::move(candidates.skipped_blocks);
  const std::vector<Levels> levels = internal::CompareAll(prepared, candidates.pairs, threads);

  lap(result.timings.compare_seconds);
  result.model = options.model ? *options.model : DefaultModelParameters();
  const bool fit = options.em_iterations > 0 && levels.size() >= options.min_pairs_for_em;
  if (fit) {
    internal::EstimateU(prepared, options.u_sample_pairs, threads, result.model);
    const std::vector<std::uint32_t> masks =
        internal::RuleMasks(prepared, candidates.pairs, options.blocking);
    const double n = static_cast<double>(records.size());
    internal::FitMWithFixedU(levels, masks, options.blocking, options.em_iterations, kMinRulePairs,
                             n * (n - 1) / 2, result.model);
  }
  if (!options.term_frequency) {
    result.model.name_frequency.clear();
    result.model.name_frequency_mean = 0;
  } else if (fit || result.model.name_frequency.empty()) {
    ComputeTermFrequencies(prepared, result.model);
  }
  const TermFrequencies tf = FromModel(result.model);
  lap(result.timings.em_seconds);

  // Score every candidate pair (in parallel, totals only), then build the evidence of the pairs
  // that link or need review, and of pairs sharing a deterministic key.
  const Thresholds thresholds(options);
  const double prior_weight = PriorWeight(result.model);
  std::vector<double> totals(levels.size());
  {
    const FastWeights weights(result.model, tf);
    internal::ParallelFor(
        levels.size(), threads, [&](std::size_t begin, std::size_t end, unsigned) {
          for (std::size_t k = begin; k < end; ++k) {
            totals[k] = weights.Total(prepared[candidates.pairs[k].first], levels[k]);
          }
        });
  }
  for (std::size_t k = 0; k < levels.size(); ++k) {
    const auto [i, j] = candidates.pairs[k];
    const bool same_key =
        !prepared[i].det_key.empty() && prepared[i].det_key == prepared[j].det_key;
    const int decision = thresholds.Classify(totals[k], totals[k] + prior_weight);
    if (!same_key && decision == 0) continue;
    PairEvidence ev = Weigh(prepared[i], prepared[j], levels[k], result.model, tf);
    ev.left = i;
    ev.right = j;
    if (same_key) {
      const std::size_t key_field =
          prepared[i].det_key.starts_with("id:") ? internal::kFieldId : internal::kFieldPassport;
      ev.fields[key_field].detail = "deterministic";
      if (ev.total - ev.fields[key_field].weight >= options.id_conflict_threshold) {
        result.links.push_back(std::move(ev));
      } else {
        ev.fields[key_field].detail = "deterministic key conflicts with the other fields";
        result.reviews.push_back(std::move(ev));
      }
    } else if (decision == 2) {
      result.links.push_back(std::move(ev));
    } else {
      result.reviews.push_back(std::move(ev));
    }
  }

  // Clusters: new records join through new-new links, strongest first; existing persons are
  // never merged.
  const std::size_t n = records.size();
  auto strongest = [](const PairEvidence& x, const PairEvidence& y) {
    const bool xd = IsDeterministic(x), yd = IsDeterministic(y);
    return xd != yd ? xd : ByWeight(x, y);  // deterministic keys first
  };
  std::sort(result.links.begin(), result.links.end(), strongest);
  DisjointSets sets(n);
  ClusterNewRecords(records, prepared, result.links, result.reviews, result.model, tf, thresholds,
                    options.check_chains, sets);
  auto is_new = [&](std::size_t i) { return records[i].person_id == 0; };
  std::map<std::size_t, std::set<PersonId>> persons_of;  // new component root -> persons
  std::map<std::size_t, bool> near_existing;             // root -> review pair to existing
  std::vector<PairEvidence> kept_links;
  for (auto& ev : result.links) {
    const bool ln = is_new(ev.left), rn = is_new(ev.right);
    if (!ln && !rn) {
      if (records[ev.left].person_id != records[ev.right].person_id) {
        result.reviews.push_back(std::move(ev));  // two existing persons may be one
        continue;
      }
    } else if (ln != rn) {
      const std::size_t fresh = ln ? ev.left : ev.right;
      persons_of[sets.Find(fresh)].insert(records[ln ? ev.right : ev.left].person_id);
    }
    kept_links.push_back(std::move(ev));
  }
  result.links = std::move(kept_links);
  for (const auto& ev : result.reviews) {
    if (is_new(ev.left) != is_new(ev.right)) {
      near_existing[sets.Find(is_new(ev.left) ? ev.left : ev.right)] = true;
    }
  }
  // A new component linked to two or more persons: its links to them become reviews.
  std::vector<PairEvidence> final_links;
  for (auto& ev : result.links) {
    const bool ln = is_new(ev.left), rn = is_new(ev.right);
    if (ln != rn && persons_of[sets.Find(ln ? ev.left : ev.right)].size() > 1) {
      result.reviews.push_back(std::move(ev));
    } else {
      final_links.push_back(std::move(ev));
    }
  }
  result.links = std::move(final_links);

  result.cluster_of.assign(n, 0);
  result.decision.assign(n, Decision::kNew);
  std::map<std::size_t, std::int64_t> new_cluster;
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_new(i)) {
      result.cluster_of[i] = records[i].person_id;
      result.decision[i] = Decision::kExisting;
      continue;
    }
    const std::size_t root = sets.Find(i);
    const auto& persons = persons_of[root];
    if (persons.size() == 1) {
      result.cluster_of[i] = *persons.begin();
      result.decision[i] = Decision::kJoined;
      continue;
    }
    auto [it, inserted] =
        new_cluster.emplace(root, -static_cast<std::int64_t>(new_cluster.size()) - 1);
    result.cluster_of[i] = it->second;
    result.decision[i] =
        (persons.size() > 1 || near_existing[root]) ? Decision::kReview : Decision::kNew;
  }
  std::sort(result.links.begin(), result.links.end(), ByWeight);
  std::sort(result.reviews.begin(), result.reviews.end(), ByWeight);
  lap(result.timings.link_seconds);
  return result;
}

Result<PairEvidence> Explain(const LinkRecord& a, const LinkRecord& b,
                             const ModelParameters& model) {
  HUICAI_RETURN_IF_ERROR(CheckModel(model));
  HUICAI_ASSIGN_OR_RETURN(PreparedRecord pa, internal::Prepare(a));
  HUICAI_ASSIGN_OR_RETURN(PreparedRecord pb, internal::Prepare(b));
  PairEvidence ev = Weigh(pa, pb, internal::Compare(pa, pb), model, FromModel(model));
  ev.left = 0;
  ev.right = 1;
  if (!pa.det_key.empty() && pa.det_key == pb.det_key) {
    ev.fields[pa.det_key.starts_with("id:") ? internal::kFieldId : internal::kFieldPassport]
        .detail = "deterministic";
  }
  return ev;
}

std::string FormatEvidence(const PairEvidence& evidence) {
  std::string out;
  char line[160];
  double running = 0;
  for (const auto& f : evidence.fields) {
    running += f.weight;
    std::snprintf(line, sizeof line, "%-10s  %-20s  %+7.2f  = %+7.2f", f.field.c_str(),
                  f.level.c_str(), f.weight, running);
    out += line;
    if (!f.detail.empty()) out += "  (" + f.detail + ")";
    out += '\n';
  }
  std::snprintf(line, sizeof line, "%-10s  %-20s  %+7.2f\n", "total", "", evidence.total);
  out += line;
  std::snprintf(line, sizeof line, "%-10s  %-20s  %+7.2f  = %+7.2f\n", "prior", "",
                evidence.match_weight - evidence.total, evidence.match_weight);
  out += line;
  std::snprintf(line, sizeof line, "%-10s  %-20s  %.6f\n", "probability", "", evidence.probability);
  out += line;
  return out;
}

}  // namespace huicai::matcher
