// hub: a matching round — candidates from search, scores and one global assignment from
// matcher/, proposals with their reasons into store/.
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "core/codes.h"
#include "hub/hub.h"
#include "hub/internal/impl.h"
#include "matcher/assign.h"
#include "matcher/score.h"

namespace huicai::hub {

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double YearFraction(const Date& today) {
  const int elapsed = DaysBetween(Date{today.year, 1, 1}, today) + 1;
  const int length = DaysBetween(Date{today.year, 1, 1}, Date{today.year + 1, 1, 1});
  return static_cast<double>(elapsed) / static_cast<double>(length);
}

}  // namespace

Result<MatchReport> Hub::Match(std::string_view round_name, const ProgressFn& progress) {
  MatchReport report;
  const Date today = Today();
  report.round = round_name.empty() ? FormatDate(today) : std::string(round_name);
  const MatchSettings& settings = impl_->config_.match;
  store::Store& store = impl_->store_;

  HUICAI_ASSIGN_OR_RETURN(search::Index * index, impl_->Reader());
  HUICAI_ASSIGN_OR_RETURN(std::vector<Need> open, store.ListNeeds(NeedStatus::kOpen));
  HUICAI_ASSIGN_OR_RETURN(std::vector<Talent> experts, store.ListTalents());
  HUICAI_ASSIGN_OR_RETURN(std::vector<Proposal> existing, store.ListProposals());

  std::unordered_map<PersonId, size_t> expert_at;
  for (size_t i = 0; i < experts.size(); ++i) expert_at[experts[i].person_id] = i;

  // Accepted pairs stay fixed: they take headcount and days before this round starts.
  std::unordered_map<NeedId, int> accepted_per_need;
  std::vector<int> committed_days(experts.size(), 0);
  std::vector<int> recent_calls(experts.size(), 0);
  std::unordered_map<NeedId, const Need*> need_by_id;
  for (const auto& need : open) need_by_id[need.id] = &need;
  for (const auto& p : existing) {
    if (p.status != ProposalStatus::kAccepted) continue;
    accepted_per_need[p.need_id]++;
    auto e = expert_at.find(p.person_id);
    auto n = need_by_id.find(p.need_id);
    if (e != expert_at.end()) {
      recent_calls[e->second]++;
      if (n != need_by_id.end()) committed_days[e->second] += n->second->days;
    }
  }
  std::unordered_set<std::uint64_t> declined;  // (need, person) pairs a person turned down
  for (const auto& p : existing) {
    if (p.status == ProposalStatus::kDeclined) {
      declined.insert(static_cast<std::uint64_t>(p.need_id) * 1000003ULL ^
                      static_cast<std::uint64_t>(p.person_id));
    }
  }

  // Candidates: top K by text, merged with experts of the same first-level discipline.
  auto start = std::chrono::steady_clock::now();
  std::vector<Need> needs;
  std::vector<matcher::CandidateSet> candidates;
  for (const Need& need : open) {
    const int left = need.headcount - accepted_per_need[need.id];
    if (left <= 0) continue;
    matcher::CandidateSet set;
    set.need_index = needs.size();
    std::unordered_set<size_t> seen;
    auto add_hits = [&](const search::TalentQuery& query) -> Status {
      HUICAI_ASSIGN_OR_RETURN(search::TalentResults results, index->FindTalents(query));
      for (const auto& hit : results.hits) {
        auto e = expert_at.find(hit.person_id);
        if (e == expert_at.end()) continue;
        const std::uint64_t key = static_cast<std::uint64_t>(need.id) * 1000003ULL ^
                                  static_cast<std::uint64_t>(hit.person_id);
        if (declined.count(key) != 0) continue;
        if (seen.insert(e->second).second) set.expert_indices.push_back(e->second);
      }
      return Status::Ok();
    };
    search::TalentQuery by_text;
    by_text.text = need.title + " " + need.description;
    by_text.match_any = true;
    by_text.limit = settings.candidates;
    HUICAI_RETURN_IF_ERROR(add_hits(by_text));
    for (const auto& code : need.disciplines) {
      search::TalentQuery by_field;
      by_field.text = need.title;
      by_field.match_any = true;
      by_field.discipline_prefix = code.substr(0, 3);
      by_field.limit = settings.candidates / 2;
      HUICAI_RETURN_IF_ERROR(add_hits(by_field));
    }
    needs.push_back(need);
    needs.back().headcount = left;
    candidates.push_back(std::move(set));
    if (progress) progress("candidates", needs.size(), open.size());
  }
  report.seconds_candidates = SecondsSince(start);

  start = std::chrono::steady_clock::now();
  matcher::ScoringWeights weights{settings.weight_text, settings.weight_discipline,
                                  settings.weight_region};
  HUICAI_ASSIGN_OR_RETURN(std::vector<matcher::ScoredPair> pairs,
                          matcher::ScorePairs(needs, experts, candidates, weights));
  report.seconds_scoring = SecondsSince(start);

  start = std::chrono::steady_clock::now();
  std::vector<matcher::NeedSlot> need_slots;
  const PriorityAreas& priority = PriorityAreas::Default();
  for (size_t i = 0; i < needs.size(); ++i) {
    need_slots.push_back({i, needs[i].headcount, needs[i].days,
                          priority.Weight(needs[i].region_code, settings.old_revolutionary_weight,
                                          settings.underdeveloped_weight)});
  }
  std::vector<matcher::ExpertSlot> expert_slots;
  for (size_t i = 0; i < experts.size(); ++i) {
    const Talent& t = experts[i];
    const int left = std::max(0, t.days_available - t.grassroots_days_served - committed_days[i]);
    expert_slots.push_back(
        {i, left, t.grassroots_days_served + committed_days[i], t.in_programme, recent_calls[i]});
  }
  matcher::AssignmentOptions options;
  options.load_step = settings.load_step;
  options.pace_bonus = settings.pace_bonus;
  options.required_days = settings.required_days;
  options.year_fraction = YearFraction(today);
  options.min_score = settings.min_score;
  HUICAI_ASSIGN_OR_RETURN(matcher::Assignment assignment,
                          matcher::Assign(need_slots, expert_slots, pairs, options));
  report.seconds_solve = SecondsSince(start);

  std::vector<Proposal> proposals;
  std::vector<int> filled(needs.size(), 0);
  std::vector<int> proposed_days(experts.size(), 0);
  double score_sum = 0;
  for (size_t k = 0; k < assignment.chosen.size(); ++k) {
    const matcher::ScoredPair& pair = pairs[assignment.chosen[k]];
    Proposal p;
    p.need_id = needs[pair.need_index].id;
    p.person_id = experts[pair.expert_index].person_id;
    p.round = report.round;
    p.score = pair.score;
    p.parts = pair.parts;
    if (k < assignment.cost_parts.size()) {
      p.parts.insert(p.parts.end(), assignment.cost_parts[k].begin(),
                     assignment.cost_parts[k].end());
    }
    filled[pair.need_index]++;
    proposed_days[pair.expert_index] += needs[pair.need_index].days;
    score_sum += pair.score;
    proposals.push_back(std::move(p));
  }
  HUICAI_RETURN_IF_ERROR(store.SaveProposals(report.round, proposals));

  // The report a planner reads.
  std::vector<size_t> candidates_scored(needs.size(), 0), candidates_usable(needs.size(), 0);
  for (const auto& pair : pairs) {
    candidates_scored[pair.need_index]++;
    if (pair.score >= settings.min_score) candidates_usable[pair.need_index]++;
  }
  report.needs = static_cast<std::int64_t>(needs.size());
  report.proposals = static_cast<std::int64_t>(proposals.size());
  report.objective = assignment.objective;
  report.mean_score = proposals.empty() ? 0 : score_sum / static_cast<double>(proposals.size());
  for (size_t i = 0; i < needs.size(); ++i) {
    report.slots += needs[i].headcount;
    const bool is_priority = need_slots[i].priority_weight > 1.0;
    if (is_priority) report.priority_needs++;
    if (filled[i] >= needs[i].headcount) {
      report.needs_filled++;
      if (is_priority) report.priority_filled++;
      continue;
    }
    std::string why;
    if (candidates[i].expert_indices.empty()) {
      why = "no candidate in field";
    } else if (candidates_usable[i] == 0) {
      why = "no candidate scored above min_score";
    } else if (filled[i] > 0) {
      why = "partly filled (" + std::to_string(filled[i]) + " of " +
            std::to_string(needs[i].headcount) +
            "): other candidates at capacity or placed where they fit better";
    } else {
      why = "all candidates at capacity or placed where they fit better";
    }
    report.unfilled.push_back({needs[i].id, std::move(why)});
  }
  const double pace = settings.required_days * options.year_fraction;
  for (size_t i = 0; i < experts.size(); ++i) {
    if (!experts[i].in_programme) continue;
    report.programme_experts++;
    if (expert_slots[i].served_days + proposed_days[i] >= pace) report.on_pace++;
  }
  spdlog::info("match {}: {} needs, {} proposals, {} filled, objective {:.3f}", report.round,
               report.needs, report.proposals, report.needs_filled, report.objective);
  return report;
}

}  // namespace huicai::hub
