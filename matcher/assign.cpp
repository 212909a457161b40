#include "matcher/assign.h"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

namespace huicai::matcher {
namespace {

using Graph = lemon::SmartDigraph;
using Solver = lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t>;

constexpr double kCostScale = 1e6;  // integer cost units per value unit

std::string Fixed(double v, int digits = 2) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
  return buffer;
}

std::int64_t ScaledCost(double value) { return std::llround(value * kCostScale); }

// One pair that may be chosen, with everything the flow needs.
struct UsablePair {
  std::size_t pair = 0;    // index into the pairs span
  std::size_t need = 0;    // index into the needs span
  std::size_t expert = 0;  // index into the experts span
  double value = 0;        // score * priority + pace
};

Status CheckOptions(const AssignmentOptions& o) {
  if (!std::isfinite(o.load_step) || o.load_step < 0) {
    return Status::InvalidArgument("load_step must be finite and >= 0, got " +
                                   std::to_string(o.load_step));
  }
  if (!std::isfinite(o.pace_bonus) || o.pace_bonus < 0) {
    return Status::InvalidArgument("pace_bonus must be finite and >= 0, got " +
                                   std::to_string(o.pace_bonus));
  }
  if (!(o.year_fraction >= 0 && o.year_fraction <= 1)) {
    return Status::InvalidArgument("year_fraction must lie in 0..1, got " +
                                   std::to_string(o.year_fraction));
  }
  if (o.required_days < 1) {
    return Status::InvalidArgument("required_days must be >= 1, got " +
                                   std::to_string(o.required_days));
  }
  if (!std::isfinite(o.min_score)) {
    return Status::InvalidArgument("min_score must be finite");
  }
  return Status::Ok();
}

Result<std::unordered_map<std::size_t, std::size_t>> IndexNeeds(std::span<const NeedSlot> needs) {
  std::unordered_map<std::size_t, std::size_t> by_index;
  for (std::size_t i = 0; i < needs.size(); ++i) {
    const NeedSlot& n = needs[i];
    const std::string where =
        "need slot " + std::to_string(i) + " (need " + std::to_string(n.need_index) + "): ";
    if (n.headcount < 0 || n.days < 0) {
      return Status::InvalidArgument(where + "headcount and days must be >= 0");
    }
    if (!std::isfinite(n.priority_weight) || n.priority_weight <= 0) {
      return Status::InvalidArgument(where + "priority_weight must be finite and > 0, got " +
                                     std::to_string(n.priority_weight));
    }
    if (!by_index.emplace(n.need_index, i).second) {
      return Status::InvalidArgument(where + "another slot has the same need index");
    }
  }
  return by_index;
}

Result<std::unordered_map<std::size_t, std::size_t>> IndexExperts(
    std::span<const ExpertSlot> experts) {
  std::unordered_map<std::size_t, std::size_t> by_index;
  for (std::size_t i = 0; i < experts.size(); ++i) {
    const ExpertSlot& e = experts[i];
    const std::string where =
        "expert slot " + std::to_string(i) + " (expert " + std::to_string(e.expert_index) + "): ";
    if (e.days_left < 0 || e.served_days < 0 || e.recent_calls < 0) {
      return Status::InvalidArgument(where +
                                     "days_left, served_days and recent_calls must be >= 0");
    }
    if (!by_index.emplace(e.expert_index, i).second) {
      return Status::InvalidArgument(where + "another slot has the same expert index");
    }
  }
  return by_index;
}

// Shortfall against the pace, as a share of the required days (0..1).
double ShortfallShare(const ExpertSlot& e, const AssignmentOptions& o) {
  if (!e.in_programme) return 0;
  const double expected = o.required_days * o.year_fraction;
  const double shortfall = std::max(0.0, expected - e.served_days);
  return shortfall / o.required_days;
}

double LoadCost(const ExpertSlot& e, std::size_t call, const AssignmentOptions& o) {
  // `call` counts from 1 within the round.
  return (static_cast<double>(e.recent_calls) + static_cast<double>(call) - 1.0) * o.load_step;
}

// Solves the flow for the given call capacities; returns the chosen usable-pair positions.
Result<std::vector<std::size_t>> SolveFlow(std::span<const NeedSlot> needs,
                                           std::span<const ExpertSlot> experts,
                                           const std::vector<UsablePair>& usable,
                                           const std::vector<std::size_t>& call_capacity,
                                           const AssignmentOptions& options) {
  Graph graph;
  Graph::ArcMap<std::int64_t> upper(graph);
  Graph::ArcMap<std::int64_t> cost(graph);
  auto add_arc = [&](Graph::Node from, Graph::Node to, std::int64_t cap, std::int64_t c) {
    const Graph::Arc arc = graph.addArc(from, to);
    upper[arc] = cap;
    cost[arc] = c;
    return arc;
  };
  // SmartDigraph maps grow with the graph, so adding arcs after the maps is fine.
  const Graph::Node source = graph.addNode();
  const Graph::Node sink = graph.addNode();
  std::vector<Graph::Node> need_nodes;
  std::int64_t total_headcount = 0;
  for (const NeedSlot& n : needs) {
    need_nodes.push_back(graph.addNode());
    add_arc(source, need_nodes.back(), n.headcount, 0);
    total_headcount += n.headcount;
  }
  std::vector<Graph::Node> expert_nodes;
  for (std::size_t e = 0; e < experts.size(); ++e) {
    expert_nodes.push_back(graph.addNode());
    for (std::size_t call = 1; call <= call_capacity[e]; ++call) {
      add_arc(expert_nodes.back(), sink, 1, ScaledCost(LoadCost(experts[e], call, options)));
    }
  }
  std::vector<Graph::Arc> pair_arcs;
  pair_arcs.reserve(usable.size());
  for (const UsablePair& p : usable) {
    pair_arcs.push_back(
        add_arc(need_nodes[p.need], expert_nodes[p.expert], 1, -ScaledCost(p.value)));
  }
  add_arc(source, sink, total_headcount, 0);  // leaving a place unfilled costs nothing

  try {
    Solver solver(graph);
    solver.upperMap(upper).costMap(cost).stSupply(source, sink, total_headcount);
    const Solver::ProblemType outcome = solver.run();
    if (outcome != Solver::OPTIMAL) {
      return Status::Internal("assignment flow has no optimum (network simplex result " +
                              std::to_string(static_cast<int>(outcome)) +
                              "); this is a bug in matcher/assign.cpp, please report it");
    }
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < pair_arcs.size(); ++i) {
      if (solver.flow(pair_arcs[i]) > 0) chosen.push_back(i);
    }
    return chosen;
  } catch (const std::exception& e) {
    return Status::Internal(std::string("network simplex failed: ") + e.what());
  }
}

}  // namespace

Result<Assignment> Assign(std::span<const NeedSlot> needs, std::span<const ExpertSlot> experts,
                          std::span<const ScoredPair> pairs, const AssignmentOptions& options) {
  HUICAI_RETURN_IF_ERROR(CheckOptions(options));
  HUICAI_ASSIGN_OR_RETURN(const auto need_of, IndexNeeds(needs));
  HUICAI_ASSIGN_OR_RETURN(const auto expert_of, IndexExperts(experts));

  // Validate every pair and keep the ones worth proposing.
  std::vector<UsablePair> usable;
  std::vector<std::vector<std::size_t>> seen_experts(needs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const ScoredPair& p = pairs[i];
    const auto need_it = need_of.find(p.need_index);
    const auto expert_it = expert_of.find(p.expert_index);
    if (need_it == need_of.end() || expert_it == expert_of.end()) {
      return Status::InvalidArgument("pair " + std::to_string(i) + " (need " +
                                     std::to_string(p.need_index) + ", expert " +
                                     std::to_string(p.expert_index) + ") has no " +
                                     (need_it == need_of.end() ? "need slot" : "expert slot") +
                                     "; pass a slot for every need and expert the pairs name");
    }
    auto& seen = seen_experts[need_it->second];
    if (std::find(seen.begin(), seen.end(), expert_it->second) != seen.end()) {
      return Status::InvalidArgument(
          "pair " + std::to_string(i) + " repeats need " + std::to_string(p.need_index) +
          " with expert " + std::to_string(p.expert_index) + "; score each need and expert once");
    }
    seen.push_back(expert_it->second);
    if (!std::isfinite(p.score) || p.score < options.min_score) continue;
    const NeedSlot& need = needs[need_it->second];
    const ExpertSlot& expert = experts[expert_it->second];
    if (need.headcount == 0 || need.days > expert.days_left) continue;
    const double value =
        p.score * need.priority_weight + options.pace_bonus * ShortfallShare(expert, options);
    if (value <= 0) continue;
    usable.push_back({i, need_it->second, expert_it->second, value});
  }

  // Call capacity per expert from the smallest days among their usable needs.
  std::vector<std::size_t> call_capacity(experts.size(), 0);
  std::vector<int> min_days(experts.size(), std::numeric_limits<int>::max());
  for (const UsablePair& p : usable) {
    ++call_capacity[p.expert];
    min_days[p.expert] = std::min(min_days[p.expert], needs[p.need].days);
  }
  for (std::size_t e = 0; e < experts.size(); ++e) {
    if (call_capacity[e] > 0 && min_days[e] > 0) {
      const auto by_days = static_cast<std::size_t>(experts[e].days_left / min_days[e]);
      call_capacity[e] = std::min(call_capacity[e], by_days);
    }
  }

  // Solve; while an expert is over-committed in days, lower their capacity and solve again.
  std::vector<std::size_t> chosen;
  for (;;) {
    HUICAI_ASSIGN_OR_RETURN(chosen, SolveFlow(needs, experts, usable, call_capacity, options));
    std::vector<long long> days(experts.size(), 0);
    std::vector<std::size_t> calls(experts.size(), 0);
    for (std::size_t u : chosen) {
      days[usable[u].expert] += needs[usable[u].need].days;
      ++calls[usable[u].expert];
    }
    bool over = false;
    for (std::size_t e = 0; e < experts.size(); ++e) {
      if (days[e] > experts[e].days_left) {
        call_capacity[e] = calls[e] - 1;
        over = true;
      }
    }
    if (!over) break;
  }

  // Explain: each expert's calls, best value first, take the load curve in order.
  std::vector<std::vector<std::size_t>> by_expert(experts.size());
  for (std::size_t u : chosen) by_expert[usable[u].expert].push_back(u);
  struct Load {
    double cost = 0;
    std::size_t call = 0;  // 1-based within the round
  };
  std::unordered_map<std::size_t, Load> load_of;  // usable position -> its place on the curve
  for (auto& list : by_expert) {
    std::sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
      return usable[a].value != usable[b].value ? usable[a].value > usable[b].value : a < b;
    });
    for (std::size_t k = 0; k < list.size(); ++k) {
      load_of[list[k]] = {LoadCost(experts[usable[list[k]].expert], k + 1, options), k + 1};
    }
  }

  std::sort(chosen.begin(), chosen.end());  // usable is in pair order, so pairs ascend too
  Assignment result;
  for (std::size_t u : chosen) {
    const UsablePair& p = usable[u];
    const ScoredPair& pair = pairs[p.pair];
    const NeedSlot& need = needs[p.need];
    const ExpertSlot& expert = experts[p.expert];
    const Load load = load_of[u];
    const double pace = options.pace_bonus * ShortfallShare(expert, options);
    std::vector<ScorePart> parts;
    parts.push_back({"priority", pair.score * (need.priority_weight - 1.0),
                     "priority weight " + Fixed(need.priority_weight)});
    parts.push_back({"load", -load.cost,
                     "call " + std::to_string(load.call) + " this round after " +
                         std::to_string(expert.recent_calls) + " recent calls"});
    std::string pace_detail;
    if (!expert.in_programme) {
      pace_detail = "not in the grassroots programme";
    } else if (pace > 0) {
      pace_detail = "behind pace: " + std::to_string(expert.served_days) + " of " +
                    Fixed(options.required_days * options.year_fraction, 1) + " days served";
    } else {
      pace_detail = "on pace: " + std::to_string(expert.served_days) + " days served";
    }
    parts.push_back({"pace", pace, std::move(pace_detail)});
    result.objective += p.value - load.cost;
    result.chosen.push_back(p.pair);
    result.cost_parts.push_back(std::move(parts));
  }
  return result;
}

}  // namespace huicai::matcher
