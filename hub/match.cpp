// hub: matching rounds — candidates from search/ and matcher/, scores and one global
// assignment from matcher/, proposals with their reasons and the round's report into store/;
// answers to proposals (accept, decline with re-match, complete) and explanations.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "core/codes.h"
#include "hub/hub.h"
#include "hub/internal/impl.h"
#include "matcher/assign.h"
#include "matcher/candidates.h"
#include "matcher/score.h"

namespace huicai::hub {
namespace {

constexpr int kRecentCallDays = 90;  // calls in this many days push an expert up the load curve

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double YearFraction(const Date& today) {
  const int elapsed = DaysBetween(Date{today.year, 1, 1}, today) + 1;
  const int length = DaysBetween(Date{today.year, 1, 1}, Date{today.year + 1, 1, 1});
  return static_cast<double>(elapsed) / static_cast<double>(length);
}

// The date part of a store timestamp ("2026-11-25T03:00:00Z").
std::optional<Date> DateOf(const std::string& timestamp) {
  return ParseIsoDate(std::string_view(timestamp).substr(0, 10));
}

// (need, person) or (need index, expert index) as one exact key.
using PairKey = std::pair<std::int64_t, std::int64_t>;
struct PairKeyHash {
  std::size_t operator()(const PairKey& k) const {
    return std::hash<std::int64_t>()(k.first) * 1000003ULL ^ std::hash<std::int64_t>()(k.second);
  }
};

// Gini coefficient of non-negative loads (0 = all equal, towards 1 = one carries all).
double Gini(std::vector<double> loads) {
  const double total = std::accumulate(loads.begin(), loads.end(), 0.0);
  if (loads.size() < 2 || total <= 0) return 0;
  std::sort(loads.begin(), loads.end());
  double weighted = 0;
  for (std::size_t i = 0; i < loads.size(); ++i) {
    weighted +=
        (2.0 * static_cast<double>(i + 1) - static_cast<double>(loads.size()) - 1.0) * loads[i];
  }
  return weighted / (static_cast<double>(loads.size()) * total);
}

// What the store says about each expert and need before a round.
struct History {
  std::vector<int> served;     // grassroots days served this year (partner figure + completed)
  std::vector<int> committed;  // days of accepted, not yet completed pairs
  std::vector<int> calls;      // calls in the last kRecentCallDays days
  std::unordered_map<NeedId, int> taken;              // accepted + completed per need
  std::unordered_map<NeedId, int> held;               // still proposed per need
  std::unordered_set<PairKey, PairKeyHash> excluded;  // answered or pending: not proposed again
};

matcher::CandidateOptions CandidateOptionsOf(const MatchSettings& settings) {
  matcher::CandidateOptions options;
  options.per_need = settings.candidates;
  options.region_digits = settings.region_digits;
  options.widen = settings.widen;
  return options;
}

}  // namespace

// One round over `needs` (all open needs, or the one a decline freed). With `rematch`, pending
// proposals of other needs keep their experts' days and the need's pending ones its places.
class RoundRunner {
 public:
  RoundRunner(store::Store& store, const MatchSettings& settings, search::Index& index,
              std::string round)
      : store_(store), settings_(settings), index_(index), round_(std::move(round)) {}

  Result<MatchReport> Run(std::optional<NeedId> only, const ProgressFn& progress,
                          std::vector<Proposal>* made);

 private:
  Status LoadHistory(const Date& today, bool rematch);
  Result<std::vector<matcher::CandidateSet>> Candidates(const std::vector<Need>& needs,
                                                        const ProgressFn& progress);

  store::Store& store_;
  const MatchSettings& settings_;
  search::Index& index_;
  std::string round_;
  std::vector<Talent> experts_;
  std::unordered_map<PersonId, std::size_t> expert_at_;
  std::unordered_map<NeedId, Need> all_needs_;
  History history_;
};

Status RoundRunner::LoadHistory(const Date& today, bool rematch) {
  store::Store& store = store_;
  HUICAI_ASSIGN_OR_RETURN(experts_, store.ListTalents());
  for (std::size_t i = 0; i < experts_.size(); ++i) expert_at_[experts_[i].person_id] = i;
  HUICAI_ASSIGN_OR_RETURN(std::vector<Need> needs, store.ListNeeds());
  for (Need& need : needs) all_needs_.emplace(need.id, std::move(need));
  HUICAI_ASSIGN_OR_RETURN(std::vector<Proposal> proposals, store.ListProposals());

  History& h = history_;
  h.served.assign(experts_.size(), 0);
  h.committed.assign(experts_.size(), 0);
  h.calls.assign(experts_.size(), 0);
  for (std::size_t i = 0; i < experts_.size(); ++i) {
    h.served[i] = experts_[i].grassroots_days_served;
  }
  for (const Proposal& p : proposals) {
    const auto e = expert_at_.find(p.person_id);
    const auto n = all_needs_.find(p.need_id);
    const int days = n == all_needs_.end() ? 0 : n->second.days;
    const std::optional<Date> when = DateOf(p.updated_at);
    const bool recent = when && DaysBetween(*when, today) <= kRecentCallDays;
    switch (p.status) {
      case ProposalStatus::kProposed:
        h.held[p.need_id]++;
        if (rematch) {
          h.excluded.insert(PairKey{p.need_id, p.person_id});
          if (e != expert_at_.end()) h.committed[e->second] += days;
        }
        break;
      case ProposalStatus::kAccepted:
        h.taken[p.need_id]++;
        h.excluded.insert(PairKey{p.need_id, p.person_id});
        if (e != expert_at_.end()) {
          h.committed[e->second] += days;
          if (recent) h.calls[e->second]++;
        }
        break;
      case ProposalStatus::kCompleted:
        h.taken[p.need_id]++;
        h.excluded.insert(PairKey{p.need_id, p.person_id});
        if (e != expert_at_.end()) {
          if (when && when->year == today.year) h.served[e->second] += p.days_served;
          if (recent) h.calls[e->second]++;
        }
        break;
      case ProposalStatus::kDeclined:
        h.excluded.insert(PairKey{p.need_id, p.person_id});
        if (e != expert_at_.end() && recent) h.calls[e->second]++;
        break;
    }
  }
  return Status::Ok();
}

// Per need: the experts of its field nearest to it, best by text (matcher/); when fewer than K
// are there, merged with the best text hits of the whole index (search/), so a need whose codes
// miss its field still finds people.
Result<std::vector<matcher::CandidateSet>> RoundRunner::Candidates(const std::vector<Need>& needs,
                                                                   const ProgressFn& progress) {
  const MatchSettings& settings = settings_;
  HUICAI_ASSIGN_OR_RETURN(std::vector<matcher::CandidateSet> sets,
                          matcher::SelectCandidates(needs, experts_, CandidateOptionsOf(settings)));
  for (std::size_t i = 0; i < needs.size(); ++i) {
    const Need& need = needs[i];
    matcher::CandidateSet& set = sets[i];
    if (set.expert_indices.size() < settings.candidates) {
      // Few in its field nearby: add the best text hits of the whole index. (With enough
      // nearby, text search would only glue the round into one large piece.)
      std::unordered_set<std::size_t> seen(set.expert_indices.begin(), set.expert_indices.end());
      search::TalentQuery by_text;
      by_text.text = need.title + " " + need.description;
      by_text.match_any = true;
      by_text.limit = settings.candidates;
      HUICAI_ASSIGN_OR_RETURN(search::TalentResults results, index_.FindTalents(by_text));
      for (const auto& hit : results.hits) {
        const auto e = expert_at_.find(hit.person_id);
        if (e != expert_at_.end() && seen.insert(e->second).second) {
          set.expert_indices.push_back(e->second);
        }
      }
    }
    // Experts who answered the need, or hold a pending proposal for it, are not candidates.
    std::erase_if(set.expert_indices, [&](std::size_t e) {
      return history_.excluded.count(PairKey{need.id, experts_[e].person_id}) != 0;
    });
    if (progress) progress("candidates", i + 1, needs.size());
  }
  return sets;
}

Result<MatchReport> RoundRunner::Run(std::optional<NeedId> only, const ProgressFn& progress,
                                     std::vector<Proposal>* made) {
  MatchReport report;
  report.round = round_;
  const Date today = Today();
  const MatchSettings& settings = settings_;
  const bool rematch = only.has_value();
  HUICAI_RETURN_IF_ERROR(LoadHistory(today, rematch));

  // The needs of the round, each with the places still open; unfit needs are refused.
  std::vector<Need> needs;
  for (const auto& [id, need] : all_needs_) {
    if (only ? id != *only : need.status != NeedStatus::kOpen) continue;
    if (Status fit = ValidateNeed(need, today); !fit.ok()) {
      report.refused.push_back(
          {id, fit.message() + "; it stays out of rounds until the unit posts it corrected"});
      continue;
    }
    const int left = need.headcount - history_.taken[id] - (rematch ? history_.held[id] : 0);
    if (left <= 0) continue;
    needs.push_back(need);
    needs.back().headcount = left;
  }
  std::sort(needs.begin(), needs.end(), [](const Need& a, const Need& b) { return a.id < b.id; });
  std::sort(report.refused.begin(), report.refused.end(),
            [](const RefusedNeed& a, const RefusedNeed& b) { return a.need_id < b.need_id; });

  auto start = std::chrono::steady_clock::now();
  HUICAI_ASSIGN_OR_RETURN(std::vector<matcher::CandidateSet> candidates,
                          Candidates(needs, progress));
  report.seconds_candidates = SecondsSince(start);

  start = std::chrono::steady_clock::now();
  const matcher::ScoringWeights weights{settings.weight_text, settings.weight_discipline,
                                        settings.weight_region};
  HUICAI_ASSIGN_OR_RETURN(
      std::vector<matcher::ScoredPair> pairs,
      matcher::ScorePairs(needs, experts_, candidates, weights, matcher::ScoreDetail::kValuesOnly));
  report.seconds_scoring = SecondsSince(start);

  std::vector<matcher::NeedSlot> need_slots;
  const PriorityAreas& priority = PriorityAreas::Default();
  for (std::size_t i = 0; i < needs.size(); ++i) {
    need_slots.push_back({i, needs[i].headcount, needs[i].days,
                          priority.Weight(needs[i].region_code, settings.old_revolutionary_weight,
                                          settings.underdeveloped_weight)});
  }
  std::vector<matcher::ExpertSlot> expert_slots;
  for (std::size_t i = 0; i < experts_.size(); ++i) {
    const Talent& t = experts_[i];
    const int left = std::max(0, t.days_available - history_.served[i] - history_.committed[i]);
    expert_slots.push_back(
        {i, left, history_.served[i] + history_.committed[i], t.in_programme, history_.calls[i]});
  }
  matcher::AssignmentOptions options;
  options.load_step = settings.load_step;
  options.pace_bonus = settings.pace_bonus;
  options.reach_bonus = settings.reach_bonus;
  options.required_days = settings.required_days;
  options.year_fraction = YearFraction(today);
  options.min_score = settings.min_score;
  options.branch_seconds = settings.solve_seconds;
  start = std::chrono::steady_clock::now();
  HUICAI_ASSIGN_OR_RETURN(matcher::Assignment assignment,
                          matcher::Assign(need_slots, expert_slots, pairs, options));
  report.seconds_solve = SecondsSince(start);
  start = std::chrono::steady_clock::now();
  HUICAI_ASSIGN_OR_RETURN(matcher::Assignment greedy,
                          matcher::AssignGreedy(need_slots, expert_slots, pairs, options));
  report.seconds_greedy = SecondsSince(start);

  // Figures of a plan, for the optimal one and the greedy baseline alike.
  report.pace_days = settings.required_days * options.year_fraction;
  std::vector<char> was_candidate(experts_.size(), 0);
  for (const auto& set : candidates) {
    for (std::size_t e : set.expert_indices) was_candidate[e] = 1;
  }
  auto figures = [&](const matcher::Assignment& plan, std::vector<int>* filled_out) {
    PolicyFigures f;
    std::vector<int> filled(needs.size(), 0), planned_days(experts_.size(), 0);
    std::vector<double> calls(experts_.size(), 0);
    for (std::size_t e = 0; e < experts_.size(); ++e) calls[e] = history_.calls[e];
    double score_sum = 0;
    for (std::size_t k : plan.chosen) {
      const matcher::ScoredPair& pair = pairs[k];
      filled[pair.need_index]++;
      planned_days[pair.expert_index] += needs[pair.need_index].days;
      calls[pair.expert_index] += 1;
      score_sum += pair.score;
    }
    f.objective = plan.objective;
    f.proposals = static_cast<std::int64_t>(plan.chosen.size());
    f.mean_score = plan.chosen.empty() ? 0 : score_sum / static_cast<double>(plan.chosen.size());
    for (std::size_t i = 0; i < needs.size(); ++i) {
      if (filled[i] < needs[i].headcount) continue;
      f.needs_filled++;
      if (need_slots[i].priority_weight > 1.0) f.priority_filled++;
    }
    std::vector<double> loads;
    for (std::size_t e = 0; e < experts_.size(); ++e) {
      if (was_candidate[e]) loads.push_back(calls[e]);
      if (experts_[e].in_programme &&
          history_.served[e] + history_.committed[e] + planned_days[e] >= report.pace_days) {
        f.on_pace++;
      }
    }
    f.load_gini = Gini(std::move(loads));
    if (filled_out) *filled_out = std::move(filled);
    return f;
  };
  std::vector<int> filled;
  const PolicyFigures best = figures(assignment, &filled);
  report.greedy = figures(greedy, nullptr);

  // The proposals, each with every part of its score (the reasons, scored again for the chosen
  // pairs only) and of its cost.
  std::vector<matcher::CandidateSet> chosen_sets;
  std::unordered_map<std::size_t, std::size_t> set_of_need;
  for (std::size_t k : assignment.chosen) {
    const auto [it, added] = set_of_need.try_emplace(pairs[k].need_index, chosen_sets.size());
    if (added) chosen_sets.push_back({pairs[k].need_index, {}});
    chosen_sets[it->second].expert_indices.push_back(pairs[k].expert_index);
  }
  HUICAI_ASSIGN_OR_RETURN(std::vector<matcher::ScoredPair> explained,
                          matcher::ScorePairs(needs, experts_, chosen_sets, weights));
  std::unordered_map<PairKey, std::vector<ScorePart>, PairKeyHash> reasons;
  for (matcher::ScoredPair& pair : explained) {
    reasons[{static_cast<std::int64_t>(pair.need_index),
             static_cast<std::int64_t>(pair.expert_index)}] = std::move(pair.parts);
  }
  std::vector<Proposal> proposals;
  for (std::size_t k = 0; k < assignment.chosen.size(); ++k) {
    const matcher::ScoredPair& pair = pairs[assignment.chosen[k]];
    Proposal p;
    p.need_id = needs[pair.need_index].id;
    p.person_id = experts_[pair.expert_index].person_id;
    p.round = report.round;
    p.score = pair.score;
    p.parts = std::move(reasons[{static_cast<std::int64_t>(pair.need_index),
                                 static_cast<std::int64_t>(pair.expert_index)}]);
    p.parts.insert(p.parts.end(), assignment.cost_parts[k].begin(), assignment.cost_parts[k].end());
    proposals.push_back(std::move(p));
  }
  std::vector<NeedId> replace;
  if (!rematch) {
    for (const Need& need : needs) replace.push_back(need.id);
  }
  HUICAI_RETURN_IF_ERROR(store_.SaveProposals(report.round, replace, proposals));

  // The report a planner reads.
  std::vector<std::size_t> usable(needs.size(), 0);
  for (const auto& pair : pairs) {
    if (pair.score >= settings.min_score) usable[pair.need_index]++;
  }
  report.needs = static_cast<std::int64_t>(needs.size());
  report.proposals = best.proposals;
  report.objective = assignment.objective;
  report.optimal = assignment.optimal;
  report.bound = assignment.bound;
  report.pieces = static_cast<std::int64_t>(assignment.pieces);
  report.largest_piece = static_cast<std::int64_t>(assignment.largest_piece);
  report.mip_pieces = static_cast<std::int64_t>(assignment.mip_pieces);
  report.mean_score = best.mean_score;
  report.load_gini = best.load_gini;
  report.needs_filled = best.needs_filled;
  report.priority_filled = best.priority_filled;
  report.on_pace = best.on_pace;
  for (NeedKind kind : {NeedKind::kNeed, NeedKind::kProject, NeedKind::kActivity}) {
    KindFigures k{std::string(NeedKindName(kind)), 0, 0};
    for (std::size_t i = 0; i < needs.size(); ++i) {
      if (needs[i].kind != kind) continue;
      ++k.needs;
      if (filled[i] >= needs[i].headcount) ++k.filled;
    }
    if (k.needs > 0) report.kinds.push_back(std::move(k));
  }
  for (std::size_t i = 0; i < needs.size(); ++i) {
    report.slots += needs[i].headcount;
    if (need_slots[i].priority_weight > 1.0) report.priority_needs++;
    if (filled[i] >= needs[i].headcount) continue;
    std::string why;
    if (candidates[i].expert_indices.empty()) {
      why = "no candidate in field";
    } else if (usable[i] == 0) {
      why = "no candidate scored above min_score";
    } else {
      // Candidates that fit but were not free: out of days, or placed elsewhere.
      std::size_t without_days = 0;
      for (std::size_t e : candidates[i].expert_indices) {
        if (expert_slots[e].days_left < needs[i].days) ++without_days;
      }
      if (without_days == candidates[i].expert_indices.size()) {
        why = "all candidates at capacity (fewer days left than the need asks)";
      } else {
        why = "candidates placed where they fit better, or at capacity";
      }
      if (filled[i] > 0) {
        why = "partly filled (" + std::to_string(filled[i]) + " of " +
              std::to_string(needs[i].headcount) + "): " + why;
      }
    }
    report.unfilled.push_back({needs[i].id, std::move(why)});
  }
  for (std::size_t i = 0; i < experts_.size(); ++i) {
    if (experts_[i].in_programme) report.programme_experts++;
  }
  if (made) *made = std::move(proposals);
  return report;
}

Result<MatchReport> Hub::Match(std::string_view round_name, const ProgressFn& progress) {
  const std::string round = round_name.empty() ? FormatDate(Today()) : std::string(round_name);
  HUICAI_ASSIGN_OR_RETURN(search::Index * index, impl_->Reader());
  RoundRunner runner(impl_->store_, impl_->config_.match, *index, round);
  HUICAI_ASSIGN_OR_RETURN(MatchReport report, runner.Run(std::nullopt, progress, nullptr));
  report.ran_at = FormatDate(Today());
  HUICAI_RETURN_IF_ERROR(impl_->store_.SaveMatchRound(round, EncodeMatchReport(report)));
  report.pending = report.proposals;
  spdlog::info("match {}: {} needs, {} proposals, {} filled, objective {:.3f} ({}), greedy {:.3f}",
               report.round, report.needs, report.proposals, report.needs_filled, report.objective,
               report.optimal ? "optimal" : "not proven optimal", report.greedy.objective);
  for (const RefusedNeed& r : report.refused) {
    spdlog::warn("match {}: need {} left out: {}", report.round, r.need_id, r.reason);
  }
  return report;
}

Result<MatchReport> Hub::MatchRoundReport(std::string_view round) {
  HUICAI_ASSIGN_OR_RETURN(auto stored, impl_->store_.GetMatchRound(round));
  HUICAI_ASSIGN_OR_RETURN(MatchReport report, DecodeMatchReport(stored.second));
  HUICAI_ASSIGN_OR_RETURN(std::vector<Proposal> proposals, impl_->store_.ListProposals());
  for (const Proposal& p : proposals) {
    if (p.round != stored.first) continue;
    switch (p.status) {
      case ProposalStatus::kProposed:
        report.pending++;
        break;
      case ProposalStatus::kAccepted:
        report.accepted++;
        break;
      case ProposalStatus::kDeclined:
        report.declined++;
        break;
      case ProposalStatus::kCompleted:
        report.completed++;
        break;
    }
  }
  return report;
}

Result<ProposalAnswer> Hub::AnswerProposal(NeedId need_id, PersonId expert, ProposalAnswerKind kind,
                                           int days_served, std::string_view note) {
  store::Store& store = impl_->store_;
  HUICAI_ASSIGN_OR_RETURN(Proposal proposal, store.GetProposal(need_id, expert));
  HUICAI_ASSIGN_OR_RETURN(Need need, store.GetNeed(need_id));
  const std::string now = std::string(ProposalStatusName(proposal.status));
  const std::string which =
      "proposal of expert " + std::to_string(expert) + " for need " + std::to_string(need_id);
  ProposalStatus to = ProposalStatus::kProposed;
  switch (kind) {
    case ProposalAnswerKind::kAccept:
      if (proposal.status != ProposalStatus::kProposed) {
        return Status::InvalidArgument(which + " is " + now + "; only a proposed one is accepted");
      }
      to = ProposalStatus::kAccepted;
      days_served = 0;
      break;
    case ProposalAnswerKind::kDecline:
      if (proposal.status != ProposalStatus::kProposed &&
          proposal.status != ProposalStatus::kAccepted) {
        return Status::InvalidArgument(which + " is " + now +
                                       "; only a proposed or accepted one can be declined");
      }
      if (note.empty()) {
        return Status::InvalidArgument(
            "give the reason for declining (--reason): it is kept "
            "with the proposal (PIPL Art. 24)");
      }
      to = ProposalStatus::kDeclined;
      days_served = 0;
      break;
    case ProposalAnswerKind::kComplete:
      if (proposal.status != ProposalStatus::kAccepted) {
        return Status::InvalidArgument(which + " is " + now +
                                       "; accept it first, then complete it");
      }
      if (days_served < 1 || days_served > 365) {
        return Status::InvalidArgument("days served must be 1..365, got " +
                                       std::to_string(days_served));
      }
      to = ProposalStatus::kCompleted;
      break;
  }
  HUICAI_RETURN_IF_ERROR(
      store.TransitionProposal(need_id, expert, proposal.status, to, days_served, note));

  // The need's status follows its places: matched when all are taken, closed when all done.
  HUICAI_ASSIGN_OR_RETURN(std::vector<Proposal> of_need, store.ListProposals(need_id));
  int taken = 0, done = 0;
  for (const Proposal& p : of_need) {
    if (p.status == ProposalStatus::kAccepted || p.status == ProposalStatus::kCompleted) ++taken;
    if (p.status == ProposalStatus::kCompleted) ++done;
  }
  NeedStatus status = NeedStatus::kOpen;
  if (done >= need.headcount) {
    status = NeedStatus::kClosed;
  } else if (taken >= need.headcount) {
    status = NeedStatus::kMatched;
  }
  if (status != need.status) {
    need.status = status;
    HUICAI_RETURN_IF_ERROR(store.UpdateNeed(need));
  }
  if (status != NeedStatus::kOpen) {
    // Nobody else need answer for a need whose places are all taken.
    HUICAI_RETURN_IF_ERROR(store.SaveProposals(proposal.round, std::vector<NeedId>{need_id}, {}));
  }

  ProposalAnswer answer;
  answer.need_status = status;
  if (kind == ProposalAnswerKind::kDecline) {
    // Re-match only the place this frees: the need alone, other pending proposals untouched.
    HUICAI_ASSIGN_OR_RETURN(search::Index * index, impl_->Reader());
    RoundRunner runner(impl_->store_, impl_->config_.match, *index, proposal.round);
    HUICAI_ASSIGN_OR_RETURN(MatchReport again,
                            runner.Run(need_id, ProgressFn{}, &answer.rematched));
    spdlog::info("need {}: declined by expert {}; re-matched {} place(s)", need_id, expert,
                 again.proposals);
  }
  HUICAI_ASSIGN_OR_RETURN(answer.proposal, store.GetProposal(need_id, expert));
  return answer;
}

Result<MatchExplanation> Hub::ExplainMatch(NeedId need_id, PersonId expert_id) {
  store::Store& store = impl_->store_;
  MatchExplanation out;
  HUICAI_ASSIGN_OR_RETURN(out.need, store.GetNeed(need_id));
  HUICAI_ASSIGN_OR_RETURN(out.expert, store.GetTalent(expert_id));
  if (auto proposal = store.GetProposal(need_id, expert_id); proposal.ok()) {
    out.proposal = *proposal;
  } else if (proposal.status().code() != StatusCode::kNotFound) {
    return proposal.status();
  }
  const MatchSettings& settings = impl_->config_.match;
  if (out.proposal) {
    for (const ScorePart& part : out.proposal->parts) {
      const bool cost = part.name == "priority" || part.name == "load" || part.name == "pace";
      (cost ? out.cost_parts : out.score_parts).push_back(part);
    }
    out.score = out.proposal->score;
    out.verdict = "proposed in round " + out.proposal->round + ", now " +
                  std::string(ProposalStatusName(out.proposal->status));
    if (!out.proposal->note.empty()) out.verdict += " (" + out.proposal->note + ")";
    return out;
  }
  // Not proposed: score the pair as a round would (IDF over every talent) and say why not.
  HUICAI_ASSIGN_OR_RETURN(std::vector<Talent> experts, store.ListTalents());
  std::size_t at = experts.size();
  for (std::size_t i = 0; i < experts.size(); ++i) {
    if (experts[i].person_id == expert_id) at = i;
  }
  if (at == experts.size()) return Status::NotFound("talent " + std::to_string(expert_id));
  const std::vector<Need> one{out.need};
  const std::vector<matcher::CandidateSet> sets{{0, {at}}};
  HUICAI_ASSIGN_OR_RETURN(std::vector<matcher::ScoredPair> scored,
                          matcher::ScorePairs(one, experts, sets,
                                              {settings.weight_text, settings.weight_discipline,
                                               settings.weight_region}));
  out.score = scored.at(0).score;
  out.score_parts = scored.at(0).parts;
  HUICAI_ASSIGN_OR_RETURN(std::vector<matcher::CandidateSet> field,
                          matcher::SelectCandidates(one, experts, CandidateOptionsOf(settings)));
  const auto& in_field = field.at(0).expert_indices;
  const bool candidate = std::find(in_field.begin(), in_field.end(), at) != in_field.end();
  const int days_left = out.expert.days_available - out.expert.grassroots_days_served;
  if (out.need.status != NeedStatus::kOpen) {
    out.verdict = "not proposed: the need is " + std::string(NeedStatusName(out.need.status));
  } else if (out.score < settings.min_score) {
    out.verdict = "not proposed: the score " + std::to_string(out.score).substr(0, 5) +
                  " is under min_score " + std::to_string(settings.min_score).substr(0, 5);
  } else if (days_left < out.need.days) {
    out.verdict = "not proposed: the expert has " + std::to_string(std::max(0, days_left)) +
                  " days left this year, the need asks " + std::to_string(out.need.days);
  } else if (!candidate) {
    out.verdict = "not proposed: not among the need's " + std::to_string(settings.candidates) +
                  " best candidates in its field near the need (text search may still add them)";
  } else {
    out.verdict =
        "not proposed: a candidate, but the round's optimum placed other experts "
        "(better value after load, pace and priority) or used this expert elsewhere";
  }
  return out;
}

}  // namespace huicai::hub
