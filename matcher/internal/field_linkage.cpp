// matcher: Fellegi-Sunter over caller-described fields (see field_linkage.h). The estimators
// (u from random pairs, m by EM per rule, the prior) and the blocking are linkage.h's, shared
// through linkage_em.h and linkage_block.h.
#include "matcher/field_linkage.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <set>

#include "matcher/internal/field_compare.h"
#include "matcher/internal/linkage_block.h"
#include "matcher/internal/linkage_compare.h"
#include "matcher/internal/linkage_em.h"

namespace huicai::matcher {
namespace {

constexpr std::size_t kMinRulePairs = 100;  // as linkage.cpp: fewer pairs do not fit m

constexpr std::string_view kNameLevels[] = {"exact", "jaro_winkler>=0.92", "jaro_winkler>=0.80",
                                            "disagree"};
constexpr std::string_view kTextLevels[] = {"exact", "jaccard>=0.8", "jaccard>=0.5", "disagree"};
constexpr std::string_view kDateLevels[] = {"exact", "swap_day_month", "one_digit_off", "disagree"};
constexpr std::string_view kIdentifierLevels[] = {"exact", "one_edit", "disagree"};
constexpr std::string_view kExactLevels[] = {"exact", "disagree"};

struct ComparatorInfo {
  Comparator comparator;
  std::string_view name;
  // Default m and u per level, best first: m as in data with a few per cent damaged values, u
  // as among random pairs of a large population.
  std::vector<std::pair<double, double>> defaults;
};

const std::vector<ComparatorInfo>& Comparators() {
  static const std::vector<ComparatorInfo> kInfo = {
      {Comparator::kName, "name", {{0.88, 0.01}, {0.06, 0.005}, {0.03, 0.03}, {0.03, 0.955}}},
      {Comparator::kText, "text", {{0.8, 0.001}, {0.08, 0.002}, {0.07, 0.02}, {0.05, 0.977}}},
      {Comparator::kDate, "date", {{0.9, 0.001}, {0.02, 1e-4}, {0.04, 0.005}, {0.04, 0.9939}}},
      {Comparator::kIdentifier, "identifier", {{0.9, 1e-4}, {0.05, 0.001}, {0.05, 0.9989}}},
      {Comparator::kExact, "exact", {{0.95, 0.1}, {0.05, 0.9}}},
  };
  return kInfo;
}

const ComparatorInfo& Info(Comparator comparator) {
  for (const auto& info : Comparators()) {
    if (info.comparator == comparator) return info;
  }
  return Comparators().back();
}

Status CheckModel(const ModelParameters& model, std::span<const FieldSpec> fields) {
  if (model.fields.size() != fields.size()) {
    return Status::InvalidArgument("stored model has " + std::to_string(model.fields.size()) +
                                   " fields, the options " + std::to_string(fields.size()) +
                                   "; refit or start from DefaultFieldModel()");
  }
  for (std::size_t f = 0; f < fields.size(); ++f) {
    const auto levels = ComparatorLevels(fields[f].comparator);
    const auto& have = model.fields[f];
    if (have.field != fields[f].name || have.levels.size() != levels.size()) {
      return Status::InvalidArgument("stored model field " + std::to_string(f) + " is '" +
                                     have.field + "' with " + std::to_string(have.levels.size()) +
                                     " levels, expected '" + fields[f].name + "' with " +
                                     std::to_string(levels.size()));
    }
    for (const auto& lp : have.levels) {
      if (!(lp.m > 0 && lp.m <= 1 && lp.u > 0 && lp.u <= 1)) {
        return Status::InvalidArgument("stored model " + have.field + "/" + lp.level +
                                       ": m and u must be in (0, 1]");
      }
    }
  }
  return Status::Ok();
}

// Index of each rule key's field; checks the options.
Result<std::vector<std::vector<std::size_t>>> CheckOptions(const FieldLinkageOptions& o) {
  if (o.fields.empty()) return Status::InvalidArgument("field linkage needs at least one field");
  std::set<std::string_view> names;
  for (const auto& f : o.fields) {
    if (f.name.empty()) return Status::InvalidArgument("a linkage field has an empty name");
    if (!names.insert(f.name).second) {
      return Status::InvalidArgument("linkage field '" + f.name + "' is listed twice");
    }
  }
  if (o.blocking.empty()) {
    return Status::InvalidArgument(
        "field linkage needs at least one blocking rule (e.g. date_of_birth, or surname:soundex "
        "with postcode)");
  }
  if (!(o.review_probability > 0 && o.review_probability < 1 && o.link_probability > 0 &&
        o.link_probability < 1)) {
    return Status::InvalidArgument(
        "link_probability and review_probability must lie strictly between 0 and 1");
  }
  if (o.review_probability > o.link_probability) {
    return Status::InvalidArgument("review_probability must not exceed link_probability");
  }
  if (o.em_iterations < 0) {
    return Status::InvalidArgument("em_iterations must be 0 (no fitting) or more");
  }
  std::vector<std::vector<std::size_t>> key_fields;
  for (const auto& rule : o.blocking) {
    if (rule.keys.empty()) {
      return Status::InvalidArgument("blocking rule '" + rule.name +
                                     "' has no keys; remove it or name at least one key");
    }
    std::vector<std::size_t> fields;
    for (const auto& key : rule.keys) {
      auto it = std::find_if(o.fields.begin(), o.fields.end(),
                             [&](const FieldSpec& f) { return f.name == key.field; });
      if (it == o.fields.end()) {
        return Status::InvalidArgument("blocking rule '" + rule.name + "' uses field '" +
                                       key.field + "', which is not among the fields");
      }
      const Comparator c = it->comparator;
      const bool fits =
          (key.transform == KeyTransform::kYear && c == Comparator::kDate) ||
          ((key.transform == KeyTransform::kSoundex || key.transform == KeyTransform::kPinyin) &&
           c == Comparator::kName) ||
          (key.transform == KeyTransform::kFirst && key.length > 0) ||
          key.transform == KeyTransform::kValue;
      if (!fits) {
        return Status::InvalidArgument(
            "blocking rule '" + rule.name + "': field '" + key.field + "' (" +
            std::string(ComparatorName(c)) +
            ") cannot take that transform; year needs a date, soundex and pinyin a name, "
            "first:N a length of 1 or more");
      }
      fields.push_back(static_cast<std::size_t>(it - o.fields.begin()));
    }
    key_fields.push_back(std::move(fields));
  }
  if (o.model) HUICAI_RETURN_IF_ERROR(CheckModel(*o.model, o.fields).WithContext("options.model"));
  return key_fields;
}

Status CheckRows(std::span<const std::vector<std::string>> rows, std::size_t fields,
                 std::string_view side) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() != fields) {
      return Status::InvalidArgument(std::string(side) + " row " + std::to_string(i) + " has " +
                                     std::to_string(rows[i].size()) + " values for " +
                                     std::to_string(fields) + " fields");
    }
  }
  return Status::Ok();
}

// Links rows laid out left then right (split = left count; 0: one source).
Result<FieldLinkageResult> Run(std::span<const std::vector<std::string>> left,
                               std::span<const std::vector<std::string>> right, bool two_sources,
                               const FieldLinkageOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  HUICAI_ASSIGN_OR_RETURN(const auto key_fields, CheckOptions(options));
  const std::size_t field_count = options.fields.size();
  HUICAI_RETURN_IF_ERROR(CheckRows(left, field_count, two_sources ? "left" : "input"));
  HUICAI_RETURN_IF_ERROR(CheckRows(right, field_count, "right"));
  const std::size_t n_left = left.size(), n = left.size() + right.size();
  const std::size_t split = two_sources ? n_left : 0;
  const unsigned threads = std::max(1u, options.threads);

  std::vector<const std::vector<std::string>*> rows;
  rows.reserve(n);
  for (const auto& r : left) rows.push_back(&r);
  for (const auto& r : right) rows.push_back(&r);
  std::vector<internal::PreparedColumn> columns(field_count);
  for (std::size_t f = 0; f < field_count; ++f) {
    columns[f].spec = options.fields[f];
    HUICAI_RETURN_IF_ERROR(internal::PrepareColumn(rows, f, columns[f])
                               .WithContext("field " + options.fields[f].name));
  }

  // Blocking: candidate pairs and, per tracked rule, key hashes for the EM's rule masks.
  FieldLinkageResult result;
  internal::Candidates candidates;
  const std::size_t tracked = std::min<std::size_t>(options.blocking.size(), 32);
  std::vector<std::uint64_t> hashes(n * tracked, 0);
  std::vector<std::string> keys(n);
  for (std::size_t r = 0; r < options.blocking.size(); ++r) {
    const auto& rule = options.blocking[r];
    for (std::size_t i = 0; i < n; ++i) {
      std::string key;
      for (std::size_t k = 0; k < rule.keys.size(); ++k) {
        const std::string part = internal::CellKey(columns[key_fields[r][k]], rule.keys[k], i);
        if (part.empty()) {
          key.clear();
          break;
        }
        key += part;
        key += '\x1f';
      }
      if (r < tracked && !key.empty()) hashes[i * tracked + r] = std::hash<std::string>{}(key) | 1u;
      keys[i] = std::move(key);
    }
    internal::AddBlockPairs(keys, rule.name, options.max_block_size, split, candidates);
  }
  internal::FinishCandidates(candidates);
  result.candidate_pairs = candidates.pairs.size();
  result.skipped_blocks = std::move(candidates.skipped_blocks);

  auto compare = [&columns, field_count](std::size_t i, std::size_t j, std::int8_t* out) {
    for (std::size_t f = 0; f < field_count; ++f) out[f] = internal::CompareCells(columns[f], i, j);
  };
  std::vector<std::int8_t> levels(candidates.pairs.size() * field_count);
  internal::ParallelFor(
      candidates.pairs.size(), threads, [&](std::size_t begin, std::size_t end, unsigned) {
        for (std::size_t k = begin; k < end; ++k) {
          compare(candidates.pairs[k].first, candidates.pairs[k].second, &levels[k * field_count]);
        }
      });

  // The model: fitted when there are enough pairs, else the stored one or the defaults.
  result.model = options.model ? *options.model : DefaultFieldModel(options.fields);
  result.fitted = options.em_iterations > 0 && candidates.pairs.size() >= options.min_pairs_for_em;
  if (result.fitted) {
    internal::EstimateUFlat(
        n_left, two_sources ? right.size() : 0, options.u_sample_pairs, threads,
        [&compare, split](std::size_t i, std::size_t j, std::int8_t* out) {
          compare(i, j + split, out);
        },
        result.model);
    const std::vector<std::uint32_t> masks =
        internal::MasksFromKeyHashes(hashes, tracked, candidates.pairs);
    std::vector<std::vector<bool>> blocked(options.blocking.size(),
                                           std::vector<bool>(field_count, false));
    for (std::size_t r = 0; r < options.blocking.size(); ++r) {
      for (std::size_t f : key_fields[r]) blocked[r][f] = true;
    }
    const double total_pairs =
        two_sources ? static_cast<double>(n_left) * static_cast<double>(right.size())
                    : static_cast<double>(n) * static_cast<double>(n > 0 ? n - 1 : 0) / 2;
    internal::FitMWithFixedUFlat(levels, field_count, masks, blocked, options.em_iterations,
                                 kMinRulePairs, total_pairs, result.model);
  } else if (!options.model) {
    // No fit and no stored model: each record is taken to have about one match on the other
    // side (within one source: somewhere among the others).
    const double others = two_sources ? static_cast<double>(std::max(n_left, right.size()))
                                      : static_cast<double>(n > 1 ? n - 1 : 1);
    result.model.prior = std::clamp(1.0 / std::max(others, 1.0), 1e-9, 0.5);
  }

  // Weights, posteriors and decisions.
  std::vector<std::vector<double>> weight(field_count);
  for (std::size_t f = 0; f < field_count; ++f) {
    for (const auto& lp : result.model.fields[f].levels)
      weight[f].push_back(std::log2(lp.m / lp.u));
  }
  const double prior_weight = PriorWeight(result.model);
  for (std::size_t k = 0; k < candidates.pairs.size(); ++k) {
    double total = 0;
    for (std::size_t f = 0; f < field_count; ++f) {
      const std::int8_t level = levels[k * field_count + f];
      if (level != internal::kMissing) total += weight[f][static_cast<std::size_t>(level)];
    }
    const double probability = 1.0 / (1.0 + std::exp2(-(total + prior_weight)));
    if (probability < options.review_probability) continue;
    FieldPair pair;
    pair.left = candidates.pairs[k].first;
    pair.right = candidates.pairs[k].second - split;
    pair.weight = total;
    pair.probability = probability;
    pair.decision =
        probability >= options.link_probability ? PairDecision::kLink : PairDecision::kReview;
    result.pairs.push_back(pair);
  }
  std::sort(result.pairs.begin(), result.pairs.end(), [](const FieldPair& x, const FieldPair& y) {
    return x.weight != y.weight ? x.weight > y.weight
                                : std::tie(x.left, x.right) < std::tie(y.left, y.right);
  });
  if (two_sources && options.one_to_one) {
    // Greedy by weight: a record keeps its best pair; weaker pairs touching it are dropped.
    std::vector<char> left_used(n_left, 0), right_used(right.size(), 0);
    std::vector<FieldPair> kept;
    for (const auto& pair : result.pairs) {
      if (left_used[pair.left] || right_used[pair.right]) continue;
      left_used[pair.left] = right_used[pair.right] = 1;
      kept.push_back(pair);
    }
    result.pairs = std::move(kept);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace

std::string_view ComparatorName(Comparator comparator) { return Info(comparator).name; }

std::optional<Comparator> ParseComparator(std::string_view text) {
  for (const auto& info : Comparators()) {
    if (info.name == text) return info.comparator;
  }
  return std::nullopt;
}

std::span<const std::string_view> ComparatorLevels(Comparator comparator) {
  switch (comparator) {
    case Comparator::kName:
      return kNameLevels;
    case Comparator::kText:
      return kTextLevels;
    case Comparator::kDate:
      return kDateLevels;
    case Comparator::kIdentifier:
      return kIdentifierLevels;
    case Comparator::kExact:
      return kExactLevels;
  }
  return kExactLevels;
}

std::optional<DateFormat> ParseDateFormat(std::string_view text) {
  if (text == "YYYYMMDD") return DateFormat::kYyyymmdd;
  if (text == "YYYY-MM-DD") return DateFormat::kIsoDash;
  if (text == "DD/MM/YYYY") return DateFormat::kDdMmYyyy;
  if (text == "MM/DD/YYYY") return DateFormat::kMmDdYyyy;
  return std::nullopt;
}

Result<BlockKeySpec> ParseBlockKey(std::string_view text) {
  BlockKeySpec key;
  const std::size_t colon = text.find(':');
  key.field = std::string(text.substr(0, colon));
  if (key.field.empty()) {
    return Status::InvalidArgument("blocking key '" + std::string(text) + "' names no field");
  }
  if (colon == std::string_view::npos) return key;
  const std::string_view rest = text.substr(colon + 1);
  if (rest == "value") return key;
  if (rest == "soundex") key.transform = KeyTransform::kSoundex;
  if (rest == "year") key.transform = KeyTransform::kYear;
  if (rest == "pinyin") key.transform = KeyTransform::kPinyin;
  if (key.transform != KeyTransform::kValue) return key;
  if (rest.starts_with("first:")) {
    const std::string_view digits = rest.substr(6);
    std::size_t length = 0;
    bool ok = !digits.empty() && digits.size() <= 3;
    for (char c : digits) {
      ok = ok && c >= '0' && c <= '9';
      length = length * 10 + static_cast<std::size_t>(c - '0');
    }
    if (ok && length > 0) {
      key.transform = KeyTransform::kFirst;
      key.length = length;
      return key;
    }
  }
  return Status::InvalidArgument("blocking key '" + std::string(text) + "': unknown transform '" +
                                 std::string(rest) +
                                 "'; allowed: value, first:N (N >= 1), soundex, year, pinyin");
}

ModelParameters DefaultFieldModel(std::span<const FieldSpec> fields) {
  ModelParameters model;
  for (const auto& field : fields) {
    FieldParameters fp;
    fp.field = field.name;
    const auto names = ComparatorLevels(field.comparator);
    const auto& defaults = Info(field.comparator).defaults;
    for (std::size_t l = 0; l < names.size(); ++l) {
      fp.levels.push_back({std::string(names[l]), defaults[l].first, defaults[l].second});
    }
    model.fields.push_back(std::move(fp));
  }
  model.match_proportion = 0.05;
  model.prior = 1e-6;
  return model;
}

std::string_view PairDecisionName(PairDecision decision) {
  return decision == PairDecision::kLink ? "link" : "review";
}

Result<FieldLinkageResult> LinkFields(std::span<const std::vector<std::string>> left,
                                      std::span<const std::vector<std::string>> right,
                                      const FieldLinkageOptions& options) {
  return Run(left, right, true, options);
}

Result<FieldLinkageResult> DeduplicateFields(std::span<const std::vector<std::string>> rows,
                                             const FieldLinkageOptions& options) {
  return Run(rows, {}, false, options);
}

}  // namespace huicai::matcher
