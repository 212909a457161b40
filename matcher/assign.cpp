#include "matcher/assign.h"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "matcher/internal/assign_mip.h"

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
// 24 bytes: a round at a province's scale holds tens of millions of these.
struct UsablePair {
  std::uint32_t pair = 0;    // index into the pairs span
  std::uint32_t need = 0;    // index into the needs span
  std::uint32_t expert = 0;  // index into the experts span
  double value = 0;          // score * priority + pace
};

Status CheckOptions(const AssignmentOptions& o) {
  if (!std::isfinite(o.load_step) || o.load_step < 0) {
    return Status::InvalidArgument("load_step must be finite and >= 0, got " +
                                   std::to_string(o.load_step));
  }
  if (!std::isfinite(o.reach_bonus) || o.reach_bonus < 0) {
    return Status::InvalidArgument("reach_bonus must be finite and >= 0, got " +
                                   std::to_string(o.reach_bonus));
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
  if (!(o.branch_seconds > 0 && o.branch_seconds <= 86400)) {
    return Status::InvalidArgument("branch_seconds must lie in (0, 86400], got " +
                                   std::to_string(o.branch_seconds));
  }
  if (!(o.mip_seconds > 0 && o.mip_seconds <= 86400)) {
    return Status::InvalidArgument("mip_seconds must lie in (0, 86400], got " +
                                   std::to_string(o.mip_seconds));
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

// The pace part of a pair's value: the shortfall bonus, and the reach bonus when the need's
// days bring a programme expert behind the pace up to it.
double PaceValue(const NeedSlot& n, const ExpertSlot& e, const AssignmentOptions& o) {
  const double share = ShortfallShare(e, o);
  if (share <= 0) return 0;
  const bool reaches = e.served_days + n.days >= o.required_days * o.year_fraction;
  return o.pace_bonus * share + (reaches ? o.reach_bonus : 0.0);
}

double LoadCost(const ExpertSlot& e, std::size_t call, const AssignmentOptions& o) {
  // `call` counts from 1 within the round.
  return (static_cast<double>(e.recent_calls) + static_cast<double>(call) - 1.0) * o.load_step;
}

// The validated round: usable pairs and the slots they join.
struct Round {
  std::span<const NeedSlot> needs;
  std::span<const ExpertSlot> experts;
  const AssignmentOptions& options;
  std::vector<UsablePair> usable;
  // Branch and bound stops here for every piece (each piece's first flow is always solved).
  std::chrono::steady_clock::time_point deadline;
};

// Objective of chosen usable pairs: values minus each expert's load curve up to its calls.
double ObjectiveOf(const Round& round, const std::vector<std::size_t>& chosen) {
  std::unordered_map<std::size_t, std::size_t> calls;
  double total = 0;
  for (std::size_t u : chosen) {
    const UsablePair& p = round.usable[u];
    const std::size_t call = ++calls[p.expert];
    total += p.value - LoadCost(round.experts[p.expert], call, round.options);
  }
  return total;
}

// Needs and experts joined by usable pairs; each piece is solved on its own.
struct Piece {
  std::vector<std::size_t> pairs;    // usable positions, ascending
  std::vector<std::size_t> needs;    // need slot positions
  std::vector<std::size_t> experts;  // expert slot positions
};

std::vector<Piece> SplitIntoPieces(const Round& round) {
  const std::size_t n = round.needs.size();
  std::vector<std::size_t> parent(n + round.experts.size());
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const UsablePair& p : round.usable) {
    const std::size_t a = find(p.need), b = find(n + p.expert);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  std::unordered_map<std::size_t, std::size_t> piece_of_root;
  std::vector<Piece> pieces;
  for (std::size_t u = 0; u < round.usable.size(); ++u) {
    const std::size_t root = find(round.usable[u].need);
    const auto [it, added] = piece_of_root.try_emplace(root, pieces.size());
    if (added) pieces.emplace_back();
    pieces[it->second].pairs.push_back(u);
  }
  for (Piece& piece : pieces) {
    for (std::size_t u : piece.pairs) {
      piece.needs.push_back(round.usable[u].need);
      piece.experts.push_back(round.usable[u].expert);
    }
    for (auto* list : {&piece.needs, &piece.experts}) {
      std::sort(list->begin(), list->end());
      list->erase(std::unique(list->begin(), list->end()), list->end());
    }
  }
  return pieces;
}

// A decision of the branch and bound on one pair of a piece.
enum class Fix : signed char { kFree = 0, kIn = 1, kOut = -1 };

// The flow of one piece, built once and re-solved under different fixings.
class PieceFlow {
 public:
  // Each expert gets a chain of nodes, one per distinct days value among its pairs, longest
  // first: a pair enters at its days' node, and the arc leaving the node of days d bounds how
  // many pairs of d days or more the expert can take (a nested family, so still a flow). The
  // last node's arcs to the sink are the expert's calls on the load curve.
  PieceFlow(const Round& round, const Piece& piece) : round_(round), piece_(piece) {
    const Graph::Node source = graph_.addNode();
    const Graph::Node sink = graph_.addNode();
    source_ = source;
    sink_ = sink;
    std::unordered_map<std::size_t, Graph::Node> need_node;
    std::int64_t total_headcount = 0;
    for (std::size_t n : piece.needs) {
      need_node[n] = graph_.addNode();
      AddArc(source, need_node[n], round.needs[n].headcount, 0);
      total_headcount += round.needs[n].headcount;
    }
    for (std::size_t k = 0; k < piece.pairs.size(); ++k) {
      expert_arcs_[round.usable[piece.pairs[k]].expert].pairs.push_back(k);
    }
    std::unordered_map<std::size_t, std::vector<Graph::Node>> class_nodes;
    for (auto& [e, arcs] : expert_arcs_) {
      for (std::size_t k : arcs.pairs) arcs.days.push_back(DaysOf(k));
      std::sort(arcs.days.begin(), arcs.days.end(), std::greater<>());
      arcs.days.erase(std::unique(arcs.days.begin(), arcs.days.end()), arcs.days.end());
      auto& nodes = class_nodes[e];
      for (std::size_t c = 0; c < arcs.days.size(); ++c) nodes.push_back(graph_.addNode());
      for (std::size_t c = 0; c + 1 < nodes.size(); ++c) {
        arcs.chain.push_back(AddArc(nodes[c], nodes[c + 1], 0, 0));
      }
      // Calls beyond what the days could ever hold, or costing more than the expert's best
      // pair is worth, are never taken: no arc for them.
      std::vector<int> all_days;
      double best_value = 0;
      for (std::size_t k : arcs.pairs) {
        all_days.push_back(DaysOf(k));
        best_value = std::max(best_value, round.usable[piece.pairs[k]].value);
      }
      std::sort(all_days.begin(), all_days.end());
      long long room = round.experts[e].days_left;
      std::size_t most_calls = 0;
      while (most_calls < all_days.size() && all_days[most_calls] <= room) {
        room -= all_days[most_calls++];
      }
      for (std::size_t call = 1; call <= most_calls; ++call) {
        const double cost = LoadCost(round.experts[e], call, round.options);
        if (cost >= best_value) break;
        arcs.load.push_back(AddArc(nodes.back(), sink, 1, ScaledCost(cost)));
      }
    }
    for (std::size_t k = 0; k < piece.pairs.size(); ++k) {
      const UsablePair& p = round.usable[piece.pairs[k]];
      const ExpertArcs& arcs = expert_arcs_[p.expert];
      const auto c = static_cast<std::size_t>(
          std::find(arcs.days.begin(), arcs.days.end(), DaysOf(k)) - arcs.days.begin());
      pair_arcs_.push_back(
          AddArc(need_node[p.need], class_nodes[p.expert][c], 1, -ScaledCost(p.value)));
    }
    AddArc(source, sink, total_headcount, 0);  // leaving a place unfilled costs nothing
    supply_ = total_headcount;
  }

  // Solves the relaxation under `fix` (one entry per piece pair). Returns the chosen piece-local
  // pair positions, or nullopt when the fixings cannot all hold.
  using Relaxed = std::optional<std::vector<std::size_t>>;
  // With `reduced`, also the reduced cost of each pair arc from the flow's dual (node
  // potentials), in value units, when they check out (empty otherwise).
  Result<Relaxed> Solve(const std::vector<Fix>& fix, std::vector<double>* reduced = nullptr) {
    ++solves_;
    // Pair arcs: forced in (lower 1), out (upper 0) or free.
    std::unordered_map<std::size_t, int> forced_per_need;
    for (std::size_t k = 0; k < pair_arcs_.size(); ++k) {
      lower_[pair_arcs_[k]] = fix[k] == Fix::kIn ? 1 : 0;
      upper_[pair_arcs_[k]] = fix[k] == Fix::kOut ? 0 : 1;
      if (fix[k] == Fix::kIn) {
        const std::size_t need = round_.usable[piece_.pairs[k]].need;
        if (++forced_per_need[need] > round_.needs[need].headcount) return Relaxed{};
      }
    }
    // Capacities per expert, for every days threshold t of its chain: the forced pairs of t
    // days or more, plus as many free ones of t days or more as the days left after all
    // forced pairs could hold, shortest first. Every feasible choice keeps these bounds.
    std::vector<int> free_days;
    for (auto& [expert, arcs] : expert_arcs_) {
      long long forced_days = 0;
      for (std::size_t k : arcs.pairs) {
        if (fix[k] == Fix::kIn) forced_days += DaysOf(k);
      }
      const long long days_left = round_.experts[expert].days_left - forced_days;
      if (days_left < 0) return Relaxed{};
      for (std::size_t c = 0; c < arcs.days.size(); ++c) {
        const int threshold = arcs.days[c];
        std::size_t forced = 0;
        free_days.clear();
        for (std::size_t k : arcs.pairs) {
          if (DaysOf(k) < threshold) continue;
          if (fix[k] == Fix::kIn) ++forced;
          if (fix[k] == Fix::kFree) free_days.push_back(DaysOf(k));
        }
        std::sort(free_days.begin(), free_days.end());
        long long room = days_left;
        std::size_t extra = 0;
        while (extra < free_days.size() && free_days[extra] <= room) room -= free_days[extra++];
        const std::size_t capacity = forced + extra;
        if (c + 1 < arcs.days.size()) {
          upper_[arcs.chain[c]] = static_cast<std::int64_t>(capacity);
        } else {
          for (std::size_t call = 0; call < arcs.load.size(); ++call) {
            upper_[arcs.load[call]] = call < capacity ? 1 : 0;
          }
        }
      }
    }
    try {
      Solver solver(graph_);
      solver.lowerMap(lower_).upperMap(upper_).costMap(cost_).stSupply(source_, sink_, supply_);
      const Solver::ProblemType outcome = solver.run();
      if (outcome == Solver::INFEASIBLE) return Relaxed{};
      if (outcome != Solver::OPTIMAL) {
        return Status::Internal("assignment flow is unbounded (network simplex result " +
                                std::to_string(static_cast<int>(outcome)) +
                                "); this is a bug in matcher/assign.cpp, please report it");
      }
      std::vector<std::size_t> chosen;
      for (std::size_t k = 0; k < pair_arcs_.size(); ++k) {
        if (solver.flow(pair_arcs_[k]) > 0) chosen.push_back(k);
      }
      if (reduced) *reduced = ReducedCosts(solver);
      return Relaxed(std::move(chosen));
    } catch (const std::exception& e) {
      return Status::Internal(std::string("network simplex failed: ") + e.what());
    }
  }

  std::size_t solves() const { return solves_; }
  // Flow units through the piece: bounds how many pair and call arcs carry flow.
  std::int64_t supply() const { return supply_; }

 private:
  struct ExpertArcs {
    std::vector<std::size_t> pairs;  // piece-local pair positions of the expert
    std::vector<int> days;           // distinct days of those pairs, longest first
    std::vector<Graph::Arc> chain;   // chain[c]: carries the pairs of days[c] days or more
    std::vector<Graph::Arc> load;    // the k-th call's arc to the sink
  };

  // c(uv) + pi(u) - pi(v) per pair arc, in value units, after checking complementary
  // slackness on every arc (>= 0 where the flow can still rise, <= 0 where it can fall).
  // Empty when it does not hold, so no caller relies on a dual it cannot trust.
  std::vector<double> ReducedCosts(const Solver& solver) const {
    auto reduced = [&](Graph::Arc arc) {
      return cost_[arc] + solver.potential(graph_.source(arc)) -
             solver.potential(graph_.target(arc));
    };
    for (Graph::ArcIt arc(graph_); arc != lemon::INVALID; ++arc) {
      const std::int64_t r = reduced(arc);
      const std::int64_t f = solver.flow(arc);
      if ((r < 0 && f < upper_[arc]) || (r > 0 && f > lower_[arc])) return {};
    }
    std::vector<double> out;
    out.reserve(pair_arcs_.size());
    for (Graph::Arc arc : pair_arcs_) {
      out.push_back(static_cast<double>(std::abs(reduced(arc))) / kCostScale);
    }
    return out;
  }

  int DaysOf(std::size_t k) const { return round_.needs[round_.usable[piece_.pairs[k]].need].days; }

  Graph::Arc AddArc(Graph::Node from, Graph::Node to, std::int64_t cap, std::int64_t c) {
    const Graph::Arc arc = graph_.addArc(from, to);
    lower_[arc] = 0;
    upper_[arc] = cap;
    cost_[arc] = c;
    return arc;
  }

  const Round& round_;
  const Piece& piece_;
  Graph graph_;
  // SmartDigraph maps grow with the graph, so adding arcs after the maps is fine.
  Graph::ArcMap<std::int64_t> lower_{graph_};
  Graph::ArcMap<std::int64_t> upper_{graph_};
  Graph::ArcMap<std::int64_t> cost_{graph_};
  Graph::Node source_, sink_;
  std::int64_t supply_ = 0;
  std::vector<Graph::Arc> pair_arcs_;
  std::unordered_map<std::size_t, ExpertArcs> expert_arcs_;
  std::size_t solves_ = 0;
};

// Days each expert's chosen pairs take, over days_left: the over-committed experts.
std::vector<std::size_t> OverCommitted(const Round& round, const Piece& piece,
                                       const std::vector<std::size_t>& chosen) {
  std::unordered_map<std::size_t, long long> days;
  for (std::size_t k : chosen) {
    const UsablePair& p = round.usable[piece.pairs[k]];
    days[p.expert] += round.needs[p.need].days;
  }
  std::vector<std::size_t> over;
  for (const auto& [expert, d] : days) {
    if (d > round.experts[expert].days_left) over.push_back(expert);
  }
  std::sort(over.begin(), over.end());
  return over;
}

// Makes a relaxed solution feasible: each over-committed expert drops free pairs, least
// valuable first, until the days fit. Pairs fixed in stay.
std::vector<std::size_t> Repair(const Round& round, const Piece& piece,
                                std::vector<std::size_t> chosen, const std::vector<Fix>& fix) {
  for (std::size_t expert : OverCommitted(round, piece, chosen)) {
    std::vector<std::size_t> mine;
    long long days = 0;
    for (std::size_t k : chosen) {
      const UsablePair& p = round.usable[piece.pairs[k]];
      if (p.expert != expert) continue;
      days += round.needs[p.need].days;
      if (fix[k] != Fix::kIn) mine.push_back(k);
    }
    std::sort(mine.begin(), mine.end(), [&](std::size_t a, std::size_t b) {
      return round.usable[piece.pairs[a]].value < round.usable[piece.pairs[b]].value;
    });
    std::vector<std::size_t> dropped;
    for (std::size_t k : mine) {
      if (days <= round.experts[expert].days_left) break;
      days -= round.needs[round.usable[piece.pairs[k]].need].days;
      dropped.push_back(k);
    }
    std::erase_if(chosen, [&](std::size_t k) {
      return std::find(dropped.begin(), dropped.end(), k) != dropped.end();
    });
  }
  return chosen;
}

double PieceObjective(const Round& round, const Piece& piece,
                      const std::vector<std::size_t>& chosen) {
  std::vector<std::size_t> usable;
  usable.reserve(chosen.size());
  for (std::size_t k : chosen) usable.push_back(piece.pairs[k]);
  return ObjectiveOf(round, usable);
}

struct PieceResult {
  std::vector<std::size_t> chosen;  // usable positions
  double objective = 0;
  double bound = 0;
  bool optimal = true;
  std::size_t solves = 0;
  std::size_t mips = 0;  // 1 when GLPK solved the piece
};

// The piece as a mixed-integer program (days as knapsack rows); chosen are piece positions.
// What GLPK made of a piece: positions are piece-local.
struct PieceMip {
  bool proven = false;      // optimal among the solutions keeping `fix`
  bool infeasible = false;  // proven: no solution keeps `fix`
  std::vector<std::size_t> chosen;
};

// The piece as a mixed-integer program (days as knapsack rows), pairs fixed out left away and
// pairs fixed in forced.
Result<PieceMip> SolvePieceMip(const Round& round, const Piece& piece, const std::vector<Fix>& fix,
                               double seconds) {
  internal::MipProblem problem;
  std::unordered_map<std::size_t, std::size_t> need_at, expert_at;
  for (std::size_t n : piece.needs) {
    need_at[n] = problem.headcount.size();
    problem.headcount.push_back(round.needs[n].headcount);
  }
  for (std::size_t e : piece.experts) {
    expert_at[e] = problem.days_left.size();
    problem.days_left.push_back(round.experts[e].days_left);
    problem.load_costs.emplace_back();
  }
  std::vector<std::size_t> position;  // MIP pair -> piece position
  for (std::size_t k = 0; k < piece.pairs.size(); ++k) {
    const UsablePair& p = round.usable[piece.pairs[k]];
    const std::size_t expert = expert_at[p.expert];
    auto& costs = problem.load_costs[expert];  // one call column per pair of the expert
    costs.push_back(LoadCost(round.experts[p.expert], costs.size() + 1, round.options));
    if (fix[k] == Fix::kOut) continue;
    problem.pairs.push_back(
        {need_at[p.need], expert, p.value, round.needs[p.need].days, fix[k] == Fix::kIn});
    position.push_back(k);
  }
  problem.time_limit_ms = std::max(1, static_cast<int>(seconds * 1000));
  // Debian's GLPK keeps its state per thread (built with thread-local storage).
  HUICAI_ASSIGN_OR_RETURN(const internal::MipSolution solved, internal::SolveMip(problem));
  PieceMip out;
  out.proven = solved.proven;
  out.infeasible = solved.infeasible;
  for (std::size_t i : solved.chosen) out.chosen.push_back(position[i]);
  return out;
}

// Exact solve of one piece: the flow, then branch and bound while an expert is over-committed.
// From a relaxed solution: fix out what Repair drops, solve again, repeat. Returns a feasible
// solution (the repaired last one when the steps run out or the flow finds none).
Result<std::vector<std::size_t>> Dive(const Round& round, const Piece& piece, PieceFlow& flow,
                                      std::vector<std::size_t> current) {
  constexpr int kDiveSteps = 8;
  std::vector<Fix> fix(piece.pairs.size(), Fix::kFree);
  for (int step = 0; step < kDiveSteps; ++step) {
    const std::vector<std::size_t> kept = Repair(round, piece, current, fix);
    std::vector<char> in_kept(piece.pairs.size(), 0);
    for (std::size_t k : kept) in_kept[k] = 1;
    for (std::size_t k : current) {
      if (!in_kept[k]) fix[k] = Fix::kOut;
    }
    HUICAI_ASSIGN_OR_RETURN(auto again, flow.Solve(fix));
    if (!again) return kept;
    if (OverCommitted(round, piece, *again).empty()) return std::move(*again);
    current = std::move(*again);
  }
  return Repair(round, piece, current, fix);
}

Result<PieceResult> SolvePiece(const Round& round, const Piece& piece) {
  constexpr double kEps = 1e-9;
  PieceFlow flow(round, piece);
  PieceResult result;
  std::vector<std::size_t> best;
  double best_objective = 0;  // choosing nothing is always feasible
  auto offer = [&](std::vector<std::size_t> chosen) {
    const double objective = PieceObjective(round, piece, chosen);
    if (objective > best_objective + kEps) {
      best = std::move(chosen);
      best_objective = objective;
    }
  };
  auto finish = [&](bool optimal, double bound) {
    result.optimal = optimal;
    result.bound = optimal ? best_objective : std::max(bound, best_objective);
    result.solves = flow.solves();
    for (std::size_t k : best) result.chosen.push_back(piece.pairs[k]);
    result.objective = best_objective;
    return result;
  };
  auto seconds_left = [&] {
    return std::chrono::duration<double>(round.deadline - std::chrono::steady_clock::now()).count();
  };

  // The root: the flow alone is the optimum when every expert's days hold.
  std::vector<Fix> fix(piece.pairs.size(), Fix::kFree);
  std::vector<double> reduced;
  HUICAI_ASSIGN_OR_RETURN(auto root, flow.Solve(fix, &reduced));
  if (!root) return finish(true, 0);  // cannot happen with nothing fixed; nothing chosen
  const double root_bound = PieceObjective(round, piece, *root);
  if (OverCommitted(round, piece, *root).empty()) {
    offer(std::move(*root));
    return finish(true, root_bound);
  }
  // A good plan first: repair the root, and dive (drop what each over-committed expert cannot
  // hold, let the flow refill the places, repeat until all fit).
  offer(Repair(round, piece, *root, fix));
  HUICAI_ASSIGN_OR_RETURN(std::vector<std::size_t> dived, Dive(round, piece, flow, *root));
  offer(std::move(dived));
  if (root_bound <= best_objective + kEps) return finish(true, root_bound);

  // Reduced-cost fixing on the root's dual: a pair whose reduced cost exceeds the gap between
  // the root's bound and the best plan keeps its root value in some optimal plan (any plan
  // that changes it is worth at most bound - reduced cost, up to the 1e-6 cost scaling on
  // each arc carrying flow). What stays free goes to GLPK's branch and cut.
  bool mip_tried = false;
  if (!reduced.empty() && seconds_left() > 0) {
    const double margin =
        (root_bound - best_objective) + 1e-6 * static_cast<double>(2 * flow.supply() + 2);
    std::vector<Fix> fixed(piece.pairs.size(), Fix::kOut);
    for (std::size_t k : *root) fixed[k] = Fix::kIn;
    std::size_t free = 0;
    for (std::size_t k = 0; k < piece.pairs.size(); ++k) {
      if (reduced[k] <= margin) {
        fixed[k] = Fix::kFree;
        ++free;
      }
    }
    if (free <= round.options.mip_max_pairs) {
      mip_tried = true;
      ++result.mips;
      HUICAI_ASSIGN_OR_RETURN(
          PieceMip mip,
          SolvePieceMip(round, piece, fixed, std::min(round.options.mip_seconds, seconds_left())));
      if (mip.infeasible) return finish(true, root_bound);  // nothing beats the best plan
      offer(std::move(mip.chosen));
      if (mip.proven) return finish(true, root_bound);
    }
  }

  // Branch and bound on the flow, best bound first.
  struct Node {
    double parent_bound = 0;
    std::vector<std::pair<std::size_t, Fix>> fixings;
  };
  auto worse = [](const Node& a, const Node& b) { return a.parent_bound < b.parent_bound; };
  std::vector<Node> open;  // a heap, best parent bound on top
  open.push_back({root_bound, {}});
  double open_bound = -std::numeric_limits<double>::infinity();
  std::size_t nodes = 0;
  while (!open.empty()) {
    std::pop_heap(open.begin(), open.end(), worse);
    Node node = std::move(open.back());
    open.pop_back();
    if (node.parent_bound <= best_objective + kEps) continue;  // nothing better below
    if (nodes >= round.options.max_branch_nodes || seconds_left() <= 0) {
      open_bound = std::max(open_bound, node.parent_bound);
      for (const Node& rest : open) open_bound = std::max(open_bound, rest.parent_bound);
      break;
    }
    ++nodes;
    std::fill(fix.begin(), fix.end(), Fix::kFree);
    for (const auto& [k, f] : node.fixings) fix[k] = f;
    HUICAI_ASSIGN_OR_RETURN(auto relaxed, flow.Solve(fix));
    if (!relaxed) continue;
    const double bound = PieceObjective(round, piece, *relaxed);
    if (bound <= best_objective + kEps) continue;
    const std::vector<std::size_t> over = OverCommitted(round, piece, *relaxed);
    if (over.empty()) {
      offer(std::move(*relaxed));
      continue;
    }
    offer(Repair(round, piece, *relaxed, fix));  // a feasible plan near this one
    // Branch on the first over-committed expert's free chosen pairs: drop the least valuable;
    // or keep it and drop the next; ... At least one must go, so no feasible plan is lost.
    std::vector<std::size_t> branch;
    for (std::size_t k : *relaxed) {
      if (round.usable[piece.pairs[k]].expert == over.front() && fix[k] == Fix::kFree) {
        branch.push_back(k);
      }
    }
    std::sort(branch.begin(), branch.end(), [&](std::size_t a, std::size_t b) {
      return round.usable[piece.pairs[a]].value < round.usable[piece.pairs[b]].value;
    });
    for (std::size_t i = 0; i < branch.size(); ++i) {
      Node child{bound, node.fixings};
      for (std::size_t j = 0; j < i; ++j) child.fixings.emplace_back(branch[j], Fix::kIn);
      child.fixings.emplace_back(branch[i], Fix::kOut);
      open.push_back(std::move(child));
      std::push_heap(open.begin(), open.end(), worse);
    }
  }
  if (open_bound <= best_objective + kEps) return finish(true, best_objective);

  // Still open: a small piece goes whole to GLPK, unless it was already there.
  if (!mip_tried && piece.pairs.size() <= round.options.mip_max_pairs && seconds_left() > 0) {
    ++result.mips;
    const std::vector<Fix> none(piece.pairs.size(), Fix::kFree);
    HUICAI_ASSIGN_OR_RETURN(
        PieceMip mip,
        SolvePieceMip(round, piece, none, std::min(round.options.mip_seconds, seconds_left())));
    offer(std::move(mip.chosen));
    if (mip.proven) return finish(true, best_objective);
  }
  return finish(false, open_bound);
}

// Validates the inputs and keeps the pairs worth proposing.
Result<Round> MakeRound(std::span<const NeedSlot> needs, std::span<const ExpertSlot> experts,
                        std::span<const ScoredPair> pairs, const AssignmentOptions& options) {
  HUICAI_RETURN_IF_ERROR(CheckOptions(options));
  HUICAI_ASSIGN_OR_RETURN(const auto need_of, IndexNeeds(needs));
  HUICAI_ASSIGN_OR_RETURN(const auto expert_of, IndexExperts(experts));
  Round round{needs, experts, options, {}, {}};
  if (pairs.size() >= (std::size_t{1} << 32) || needs.size() >= (std::size_t{1} << 32) ||
      experts.size() >= (std::size_t{1} << 32)) {
    return Status::InvalidArgument(
        "a round takes fewer than 2^32 pairs, needs and experts; "
        "split it by region");
  }
  std::vector<std::uint64_t> keys;  // need slot << 32 | expert slot, to find repeated pairs
  keys.reserve(pairs.size());
  round.usable.reserve(pairs.size());
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
    keys.push_back(static_cast<std::uint64_t>(need_it->second) << 32 | expert_it->second);
    if (!std::isfinite(p.score) || p.score < options.min_score) continue;
    const NeedSlot& need = needs[need_it->second];
    const ExpertSlot& expert = experts[expert_it->second];
    if (need.headcount == 0 || need.days > expert.days_left) continue;
    const double value = p.score * need.priority_weight + PaceValue(need, expert, options);
    if (value <= 0) continue;
    round.usable.push_back({static_cast<std::uint32_t>(i),
                            static_cast<std::uint32_t>(need_it->second),
                            static_cast<std::uint32_t>(expert_it->second), value});
  }
  std::sort(keys.begin(), keys.end());
  const auto repeated = std::adjacent_find(keys.begin(), keys.end());
  if (repeated != keys.end()) {
    // Name the pair that repeats (the rare path: scan for its second occurrence).
    std::size_t seen = 0;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const std::uint64_t key = static_cast<std::uint64_t>(need_of.at(pairs[i].need_index)) << 32 |
                                expert_of.at(pairs[i].expert_index);
      if (key == *repeated && ++seen == 2) {
        return Status::InvalidArgument("pair " + std::to_string(i) + " repeats need " +
                                       std::to_string(pairs[i].need_index) + " with expert " +
                                       std::to_string(pairs[i].expert_index) +
                                       "; score each need and expert once");
      }
    }
  }
  return round;
}

// The result a caller reads: chosen pairs ascending, with the parts of their value and cost.
Assignment Explain(const Round& round, std::span<const ScoredPair> pairs,
                   std::vector<std::size_t> chosen) {
  const AssignmentOptions& options = round.options;
  const auto& usable = round.usable;
  // Each expert's calls, best value first, take the load curve in order.
  std::unordered_map<std::size_t, std::vector<std::size_t>> by_expert;
  for (std::size_t u : chosen) by_expert[usable[u].expert].push_back(u);
  struct Load {
    double cost = 0;
    std::size_t call = 0;  // 1-based within the round
  };
  std::unordered_map<std::size_t, Load> load_of;  // usable position -> its place on the curve
  for (auto& [expert, list] : by_expert) {
    std::sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
      return usable[a].value != usable[b].value ? usable[a].value > usable[b].value : a < b;
    });
    for (std::size_t k = 0; k < list.size(); ++k) {
      load_of[list[k]] = {LoadCost(round.experts[expert], k + 1, options), k + 1};
    }
  }

  std::sort(chosen.begin(), chosen.end());  // usable is in pair order, so pairs ascend too
  Assignment result;
  for (std::size_t u : chosen) {
    const UsablePair& p = usable[u];
    const ScoredPair& pair = pairs[p.pair];
    const NeedSlot& need = round.needs[p.need];
    const ExpertSlot& expert = round.experts[p.expert];
    const Load load = load_of[u];
    const double pace = PaceValue(need, expert, options);
    std::vector<ScorePart> parts;
    parts.push_back({"priority", pair.score * (need.priority_weight - 1.0),
                     "priority weight " + Fixed(need.priority_weight)});
    parts.push_back({"load", load.cost == 0 ? 0.0 : -load.cost,
                     "call " + std::to_string(load.call) + " this round after " +
                         std::to_string(expert.recent_calls) + " recent calls"});
    std::string pace_detail;
    if (!expert.in_programme) {
      pace_detail = "not in the grassroots programme";
    } else if (pace > 0) {
      const bool reaches =
          expert.served_days + need.days >= options.required_days * options.year_fraction;
      pace_detail =
          "behind pace: " + std::to_string(expert.served_days) + " of " +
          Fixed(options.required_days * options.year_fraction, 1) + " days served" +
          (reaches ? "; this need's " + std::to_string(need.days) + " days reach it" : "");
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

}  // namespace

Result<Assignment> Assign(std::span<const NeedSlot> needs, std::span<const ExpertSlot> experts,
                          std::span<const ScoredPair> pairs, const AssignmentOptions& options) {
  HUICAI_ASSIGN_OR_RETURN(Round round, MakeRound(needs, experts, pairs, options));
  round.deadline = std::chrono::steady_clock::now() +
                   std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                       std::chrono::duration<double>(options.branch_seconds));
  std::vector<Piece> pieces = SplitIntoPieces(round);
  // Largest pieces first, spread over the threads; each piece is solved on its own.
  std::sort(pieces.begin(), pieces.end(),
            [](const Piece& a, const Piece& b) { return a.pairs.size() > b.pairs.size(); });
  std::vector<std::optional<Result<PieceResult>>> solved(pieces.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < pieces.size(); i = next++) {
      solved[i].emplace(SolvePiece(round, pieces[i]));
    }
  };
  unsigned threads = options.threads == 0 ? std::thread::hardware_concurrency() : options.threads;
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(pieces.size())));
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads; ++t) {
    helpers.emplace_back([&work] {
      work();
      internal::FreeMipThreadState();
    });
  }
  work();
  for (std::thread& t : helpers) t.join();

  std::vector<std::size_t> chosen;
  double bound = 0;
  bool optimal = true;
  std::size_t solves = 0, largest = 0, mips = 0, proven = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (!solved[i]->has_value()) return solved[i]->status();
    const PieceResult& piece = solved[i]->value();
    chosen.insert(chosen.end(), piece.chosen.begin(), piece.chosen.end());
    bound += piece.bound;
    optimal = optimal && piece.optimal;
    proven += piece.optimal ? 1 : 0;
    solves += piece.solves;
    mips += piece.mips;
    largest = std::max(largest, pieces[i].pairs.size());
  }
  Assignment result = Explain(round, pairs, std::move(chosen));
  result.optimal = optimal;
  result.bound = optimal ? result.objective : std::max(bound, result.objective);
  result.pieces = pieces.size();
  result.largest_piece = largest;
  result.flow_solves = solves;
  result.mip_pieces = mips;
  result.proven_pieces = proven;
  return result;
}

Result<Assignment> AssignGreedy(std::span<const NeedSlot> needs,
                                std::span<const ExpertSlot> experts,
                                std::span<const ScoredPair> pairs,
                                const AssignmentOptions& options) {
  HUICAI_ASSIGN_OR_RETURN(const Round round, MakeRound(needs, experts, pairs, options));
  std::vector<std::size_t> order(round.usable.size());
  for (std::size_t u = 0; u < order.size(); ++u) order[u] = u;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return round.usable[a].value > round.usable[b].value;
  });
  std::vector<int> headcount_left(needs.size()), days_left(experts.size());
  std::vector<std::size_t> calls(experts.size(), 0);
  for (std::size_t n = 0; n < needs.size(); ++n) headcount_left[n] = needs[n].headcount;
  for (std::size_t e = 0; e < experts.size(); ++e) days_left[e] = experts[e].days_left;
  std::vector<std::size_t> chosen;
  for (std::size_t u : order) {
    const UsablePair& p = round.usable[u];
    const int days = needs[p.need].days;
    if (headcount_left[p.need] == 0 || days > days_left[p.expert]) continue;
    if (p.value <= LoadCost(experts[p.expert], calls[p.expert] + 1, options)) continue;
    --headcount_left[p.need];
    days_left[p.expert] -= days;
    ++calls[p.expert];
    chosen.push_back(u);
  }
  Assignment result = Explain(round, pairs, std::move(chosen));
  result.optimal = false;
  result.bound = result.objective;
  return result;
}

}  // namespace huicai::matcher
