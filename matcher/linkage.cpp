// matcher: Fellegi-Sunter identity resolution (see linkage.h and docs/linkage.md).
#include "matcher/linkage.h"

#include <algorithm>
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
  return ev;
}

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

Status CheckOptions(const LinkageOptions& o) {
  if (!std::isfinite(o.link_threshold) || !std::isfinite(o.review_threshold) ||
      !std::isfinite(o.id_conflict_threshold)) {
    return Status::InvalidArgument("linkage thresholds must be finite numbers");
  }
  if (o.review_threshold > o.link_threshold) {
    return Status::InvalidArgument("linkage review_threshold must not exceed link_threshold");
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
  double s2 = 0, s3 = 0;
  for (auto& [key, count] : counts) {
    count /= total;
    s2 += count * count;
    s3 += count * count * count;
  }
  model.name_frequency = std::move(counts);
  model.name_frequency_mean = s3 / s2;
  model.min_name_frequency = 1.0 / total;
}

}  // namespace

std::span<const std::string_view> LinkFieldNames() { return kFieldNames; }

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
      {"initials+birth_year", {BlockingKey::kNameInitials, BlockingKey::kBirthYear}},
      {"name_pinyin+region_county", {BlockingKey::kNamePinyin, BlockingKey::kRegionCounty}},
      {"deterministic_key", {BlockingKey::kDeterministicKey}},
  };
}

ModelParameters DefaultModelParameters() {
  auto field = [](std::string_view name, std::vector<LevelParameters> levels) {
    return FieldParameters{std::string(name), std::move(levels)};
  };
  ModelParameters model;
  model.fields = {
      field("id_number", {{"exact", 0.97, 0.0001}, {"disagree", 0.03, 0.9999}}),
      field("passport", {{"exact", 0.97, 0.0001}, {"disagree", 0.03, 0.9999}}),
      field("name", {{"exact", 0.85, 0.01},
                     {"pinyin", 0.06, 0.01},
                     {"one_edit", 0.04, 0.03},
                     {"jaro_winkler>=0.92", 0.02, 0.02},
                     {"jaro_winkler>=0.80", 0.02, 0.1},
                     {"disagree", 0.01, 0.83}}),
      field("birth_date", {{"exact", 0.93, 0.3},
                           {"swap_day_month", 0.02, 0.001},
                           {"one_digit_off", 0.03, 0.02},
                           {"disagree", 0.02, 0.679}}),
      field("gender", {{"exact", 0.98, 0.5}, {"disagree", 0.02, 0.5}}),
      field("region", {{"same_county", 0.9, 0.02},
                       {"same_city", 0.06, 0.05},
                       {"same_province", 0.02, 0.2},
                       {"disagree", 0.02, 0.73}}),
  };
  model.match_proportion = 0.05;
  return model;
}

Result<LinkageResult> Link(std::span<const LinkRecord> records, const LinkageOptions& options) {
  HUICAI_RETURN_IF_ERROR(CheckOptions(options));
  LinkageResult result;
  auto clock = std::chrono::steady_clock::now();
  auto lap = [&clock](double& seconds) {
    const auto now = std::chrono::steady_clock::now();
    seconds = std::chrono::duration<double>(now - clock).count();
    clock = now;
  };
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
  std::vector<Levels> levels;
  levels.reserve(candidates.pairs.size());
  for (const auto& [i, j] : candidates.pairs) {
    levels.push_back(internal::Compare(prepared[i], prepared[j]));
  }

  lap(result.timings.compare_seconds);
  result.model = options.model ? *options.model : DefaultModelParameters();
  const bool fit = options.em_iterations > 0 && levels.size() >= options.min_pairs_for_em;
  if (fit) internal::FitEm(levels, options.em_iterations, result.model);
  if (!options.term_frequency) {
    result.model.name_frequency.clear();
    result.model.name_frequency_mean = 0;
  } else if (fit || result.model.name_frequency.empty()) {
    ComputeTermFrequencies(prepared, result.model);
  }
  const TermFrequencies tf = FromModel(result.model);
  lap(result.timings.em_seconds);

  // Score and classify every candidate pair.
  for (std::size_t k = 0; k < levels.size(); ++k) {
    const auto [i, j] = candidates.pairs[k];
    PairEvidence ev = Weigh(prepared[i], prepared[j], levels[k], result.model, tf);
    ev.left = i;
    ev.right = j;
    const bool same_key =
        !prepared[i].det_key.empty() && prepared[i].det_key == prepared[j].det_key;
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
    } else if (ev.total >= options.link_threshold) {
      result.links.push_back(std::move(ev));
    } else if (ev.total >= options.review_threshold) {
      result.reviews.push_back(std::move(ev));
    }
  }

  // Clusters: new records join through new-new links; existing persons are never merged.
  const std::size_t n = records.size();
  DisjointSets sets(n);
  auto is_new = [&](std::size_t i) { return records[i].person_id == 0; };
  for (const auto& ev : result.links) {
    if (is_new(ev.left) && is_new(ev.right)) sets.Union(ev.left, ev.right);
  }
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
  auto by_weight = [](const PairEvidence& x, const PairEvidence& y) {
    return x.total != y.total ? x.total > y.total
                              : std::tie(x.left, x.right) < std::tie(y.left, y.right);
  };
  std::sort(result.links.begin(), result.links.end(), by_weight);
  std::sort(result.reviews.begin(), result.reviews.end(), by_weight);
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
  return out;
}

}  // namespace huicai::matcher
