#include "tests/matcher/assign_model.h"

#include <algorithm>

namespace huicai::matcher::testing {

Instance RandomInstance(std::mt19937& rng, bool same_days, const InstanceShape& shape) {
  auto uniform_int = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  auto uniform = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  Instance in;
  const int n_needs = uniform_int(shape.needs_min, shape.needs_max);
  const int n_experts = uniform_int(shape.experts_min, shape.experts_max);
  const int common_days = uniform_int(0, shape.common_days_max);
  const int last_weight = static_cast<int>(shape.priority_weights.size()) - 1;
  for (int n = 0; n < n_needs; ++n) {
    in.needs.push_back(
        {shape.need_index_base + shape.need_index_stride * static_cast<std::size_t>(n),
         uniform_int(0, shape.headcount_max),
         same_days ? common_days : uniform_int(0, shape.days_max),
         shape.priority_weights[static_cast<std::size_t>(uniform_int(0, last_weight))]});
  }
  for (int e = 0; e < n_experts; ++e) {
    in.experts.push_back(
        {shape.expert_index_base + shape.expert_index_stride * static_cast<std::size_t>(e),
         uniform_int(0, shape.days_left_max), uniform_int(0, 20), uniform_int(0, 1) == 1,
         uniform_int(0, shape.recent_calls_max)});
  }
  std::shuffle(in.needs.begin(), in.needs.end(), rng);
  std::shuffle(in.experts.begin(), in.experts.end(), rng);
  const double density = uniform(shape.density_min, shape.density_max);
  for (const NeedSlot& n : in.needs) {
    for (const ExpertSlot& e : in.experts) {
      if (uniform(0, 1) < density)
        in.pairs.push_back({n.need_index, e.expert_index, uniform(0, 1), {}});
    }
  }
  std::shuffle(in.pairs.begin(), in.pairs.end(), rng);
  in.options.load_step = uniform(0, 0.4);
  in.options.pace_bonus = uniform(0, 0.4);
  in.options.reach_bonus = uniform(0, 0.3);
  if (shape.vary_required_days_and_min_score) in.options.required_days = uniform_int(1, 20);
  in.options.year_fraction = uniform(0, 1);
  if (shape.vary_required_days_and_min_score) in.options.min_score = uniform(0, 0.3);
  return in;
}

const NeedSlot& NeedOf(const Instance& in, std::size_t need_index) {
  return *std::find_if(in.needs.begin(), in.needs.end(),
                       [&](const NeedSlot& n) { return n.need_index == need_index; });
}

std::size_t ExpertSlotOf(const Instance& in, std::size_t expert_index) {
  const auto it = std::find_if(in.experts.begin(), in.experts.end(),
                               [&](const ExpertSlot& e) { return e.expert_index == expert_index; });
  return static_cast<std::size_t>(it - in.experts.begin());
}

double PairValue(const Instance& in, std::size_t p) {
  const AssignmentOptions& o = in.options;
  const ScoredPair& pair = in.pairs[p];
  const ExpertSlot& e = in.experts[ExpertSlotOf(in, pair.expert_index)];
  const NeedSlot& n = NeedOf(in, pair.need_index);
  const double pace_days = o.required_days * o.year_fraction;
  const double shortfall = std::max(0.0, pace_days - e.served_days);
  double pace = 0;
  if (e.in_programme && shortfall > 0) {
    pace = o.pace_bonus * shortfall / o.required_days;
    if (e.served_days + n.days >= pace_days) pace += o.reach_bonus;
  }
  return pair.score * n.priority_weight + pace;
}

double Objective(const Instance& in, std::span<const std::size_t> chosen) {
  double total = 0;
  std::vector<int> calls(in.experts.size(), 0);
  for (std::size_t p : chosen) {
    total += PairValue(in, p);
    const std::size_t slot = ExpertSlotOf(in, in.pairs[p].expert_index);
    total -= (in.experts[slot].recent_calls + calls[slot]) * in.options.load_step;  // k-th call
    ++calls[slot];
  }
  return total;
}

std::string Violation(const Instance& in, std::span<const std::size_t> chosen) {
  if (!std::is_sorted(chosen.begin(), chosen.end()) ||
      std::adjacent_find(chosen.begin(), chosen.end()) != chosen.end())
    return "chosen is not strictly ascending";
  for (std::size_t p : chosen) {
    if (p >= in.pairs.size()) return "chosen index out of range";
    if (in.pairs[p].score < in.options.min_score) return "pair under min_score chosen";
  }
  for (const NeedSlot& n : in.needs) {
    const auto count = std::count_if(chosen.begin(), chosen.end(), [&](std::size_t p) {
      return in.pairs[p].need_index == n.need_index;
    });
    if (count > n.headcount) return "need " + std::to_string(n.need_index) + " over headcount";
  }
  for (const ExpertSlot& e : in.experts) {
    int days = 0;
    for (std::size_t p : chosen) {
      if (in.pairs[p].expert_index == e.expert_index)
        days += NeedOf(in, in.pairs[p].need_index).days;
    }
    if (days > e.days_left) return "expert " + std::to_string(e.expert_index) + " over days_left";
  }
  return {};
}

}  // namespace huicai::matcher::testing
