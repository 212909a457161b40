// app: `huicai match` (a round, its report, why a pair is or is not proposed) and
// `huicai proposals` (list, accept, decline, complete).
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/output.h"
#include "core/mask.h"
#include "core/regions.h"
#include "hub/hub.h"

namespace huicai::app {
namespace {

using nlohmann::json;

constexpr std::size_t kUnfilledShown = 20;

json PartsJson(const std::vector<ScorePart>& parts) {
  json out = json::array();
  for (const auto& part : parts) {
    out.push_back({{"name", part.name}, {"value", part.value}, {"detail", part.detail}});
  }
  return out;
}

json ProposalJson(const Proposal& p) {
  return {{"need_id", p.need_id},
          {"person_id", p.person_id},
          {"round", p.round},
          {"score", p.score},
          {"status", ProposalStatusName(p.status)},
          {"days_served", p.days_served},
          {"note", p.note},
          {"updated_at", p.updated_at},
          {"parts", PartsJson(p.parts)}};
}

std::string SignedGap(double optimal, double other) {
  if (optimal == 0) return "";
  return " (" + Fixed(100.0 * (other - optimal) / std::abs(optimal), 1) + "%)";
}

}  // namespace

void PrintMatchReport(hub::Hub& hub, const hub::MatchReport& r, bool with_answers) {
  std::cout << "Matching round " << r.round << (r.ran_at.empty() ? "" : ", run " + r.ran_at)
            << "\n\n";
  Table table({"figure", "this round (optimal plan)", "greedy baseline, same data"});
  const hub::PolicyFigures& g = r.greedy;
  table.AddRow({"needs filled",
                FormatCount(r.needs_filled) + " of " + FormatCount(r.needs) + " (" +
                    Percent(r.needs_filled, r.needs) + ")",
                FormatCount(g.needs_filled) + " (" + Percent(g.needs_filled, r.needs) + ")"});
  for (const auto& k : r.kinds) {
    if (r.kinds.size() < 2) break;  // only grassroots needs: the line above says it all
    const std::string label = k.kind == "project"    ? "  service-base projects filled"
                              : k.kind == "activity" ? "  talent-station activities filled"
                                                     : "  grassroots needs filled";
    table.AddRow({label,
                  FormatCount(k.filled) + " of " + FormatCount(k.needs) + " (" +
                      Percent(k.filled, k.needs) + ")",
                  ""});
  }
  table.AddRow({"places proposed", FormatCount(r.proposals) + " of " + FormatCount(r.slots),
                FormatCount(g.proposals)});
  table.AddRow(
      {"priority-area needs filled",
       FormatCount(r.priority_filled) + " of " + FormatCount(r.priority_needs) + " (" +
           Percent(r.priority_filled, r.priority_needs) + ")",
       FormatCount(g.priority_filled) + " (" + Percent(g.priority_filled, r.priority_needs) + ")"});
  table.AddRow({"programme experts on the 15-day pace (" + Fixed(r.pace_days, 1) + " days by now)",
                FormatCount(r.on_pace) + " of " + FormatCount(r.programme_experts) + " (" +
                    Percent(r.on_pace, r.programme_experts) + ")",
                FormatCount(g.on_pace) + " (" + Percent(g.on_pace, r.programme_experts) + ")"});
  table.AddRow(
      {"load spread, Gini of calls (0 = even)", Fixed(r.load_gini, 3), Fixed(g.load_gini, 3)});
  table.AddRow({"mean score of proposed pairs", Fixed(r.mean_score, 3), Fixed(g.mean_score, 3)});
  table.AddRow({"objective",
                Fixed(r.objective, 3) +
                    (r.optimal ? " (proven optimal)" : " (within " + Fixed(r.bound, 3) + ")"),
                Fixed(g.objective, 3) + SignedGap(r.objective, g.objective)});
  std::cout << table.Render();
  if (with_answers) {
    std::cout << "\nAnswers so far: " << r.pending << " pending, " << r.accepted << " accepted, "
              << r.declined << " declined, " << r.completed << " completed\n";
  }
  std::cout << "Solved in " << r.pieces
            << (r.pieces == 1 ? " piece (" : " independent pieces (largest ") << r.largest_piece
            << " pairs"
            << (r.mip_pieces > 0 ? ", " + std::to_string(r.mip_pieces) + " by GLPK" : "")
            << "); time candidates " << Fixed(r.seconds_candidates, 2) << " s, scoring "
            << Fixed(r.seconds_scoring, 2) << " s, solve " << Fixed(r.seconds_solve, 2) << " s\n";

  if (!r.unfilled.empty()) {
    std::map<std::string, int> reasons;
    for (const auto& u : r.unfilled) reasons[u.reason.substr(0, u.reason.find(" ("))]++;
    std::cout << "\nUnfilled needs: " << r.unfilled.size() << "\n";
    Table why({"reason", "needs"});
    for (const auto& [reason, n] : reasons) why.AddRow({reason, std::to_string(n)});
    std::cout << why.Render();
    Table list({"need", "kind", "title", "county", "why"});
    for (std::size_t i = 0; i < r.unfilled.size() && i < kUnfilledShown; ++i) {
      const auto& u = r.unfilled[i];
      auto need = hub.GetNeed(u.need_id);
      list.AddRow(
          {std::to_string(u.need_id), need.ok() ? Ellipsize(need->title, 24) : "?",
           need.ok() ? Ellipsize(RegionTable::Default().FullName(need->region_code), 20) : "?",
           u.reason});
    }
    std::cout << list.Render();
    if (r.unfilled.size() > kUnfilledShown) {
      std::cout << "... and " << r.unfilled.size() - kUnfilledShown
                << " more (--json lists them all)\n";
    }
  }
  if (!r.refused.empty()) {
    std::cout << "\nNeeds left out of the round: " << r.refused.size() << "\n";
    Table list({"need", "why"});
    for (const auto& u : r.refused) list.AddRow({std::to_string(u.need_id), u.reason});
    std::cout << list.Render();
  }
}

namespace {

void PrintParts(const std::string& heading, const std::vector<ScorePart>& parts) {
  if (parts.empty()) return;
  Table table({heading, "value", "why"});
  for (const auto& part : parts) table.AddRow({part.name, Fixed(part.value, 3), part.detail});
  std::cout << table.Render();
}

}  // namespace

int RunMatch(const Globals& g, const std::string& round) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  Progress bar;
  auto report = (*hub)->Match(round, ProgressTo(bar));
  bar.Finish();
  if (!report.has_value()) return Fail(report.error());
  if (g.json) {
    std::cout << json::parse(hub::EncodeMatchReport(*report)).dump(2) << "\n";
  } else {
    PrintMatchReport(**hub, *report, false);
    std::cout << "\nNext: `huicai proposals` lists the proposals; `huicai match explain NEED "
                 "EXPERT` says why.\n";
  }
  return 0;
}

int RunMatchReport(const Globals& g, const std::string& round) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto report = (*hub)->MatchRoundReport(round);
  if (!report.has_value()) return Fail(report.error());
  if (g.json) {
    std::cout << json::parse(hub::EncodeMatchReport(*report)).dump(2) << "\n";
  } else {
    PrintMatchReport(**hub, *report, true);
  }
  return 0;
}

int RunMatchExplain(const Globals& g, std::int64_t need, std::int64_t expert) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto why = (*hub)->ExplainMatch(need, expert);
  if (!why.has_value()) return Fail(why.error());
  const MaskPatterns& mask = (*hub)->config().mask;
  if (g.json) {
    json out = {{"need_id", need},
                {"person_id", expert},
                {"score", why->score},
                {"score_parts", PartsJson(why->score_parts)},
                {"cost_parts", PartsJson(why->cost_parts)},
                {"verdict", why->verdict}};
    if (why->proposal) out["proposal"] = ProposalJson(*why->proposal);
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  const Need& n = why->need;
  const Talent& t = why->expert;
  std::cout << "Need " << n.id << ": " << n.title << " — "
            << RegionTable::Default().FullName(n.region_code) << ", " << n.days << " days, "
            << n.headcount << " wanted, " << NeedStatusName(n.status) << "\n";
  std::cout << "Expert " << t.person_id << ": " << MaskName(t.name, mask) << ", " << t.title << ", "
            << RegionTable::Default().FullName(t.region_code) << "; " << t.grassroots_days_served
            << " of " << t.days_available << " days used\n\n";
  PrintParts("score part", why->score_parts);
  std::cout << "score " << Fixed(why->score, 3) << "\n\n";
  PrintParts("cost part", why->cost_parts);
  if (!why->cost_parts.empty()) {
    double value = why->score;
    for (const auto& part : why->cost_parts) value += part.value;
    std::cout << "value in the round (score + cost parts) " << Fixed(value, 3) << "\n\n";
  }
  std::cout << why->verdict << "\n";
  return 0;
}

int RunProposals(const Globals& g, std::int64_t need_id) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  std::optional<NeedId> filter;
  if (need_id > 0) {
    if (auto need = (*hub)->GetNeed(need_id); !need.has_value()) return Fail(need.error());
    filter = need_id;
  }
  auto proposals = (*hub)->ListProposals(filter);
  if (!proposals.has_value()) return Fail(proposals.error());
  if (g.json) {
    json out = json::array();
    for (const auto& p : *proposals) out.push_back(ProposalJson(p));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table table({"need", "expert", "name", "round", "status", "score", "reasons"});
  for (const auto& p : *proposals) {
    auto talent = (*hub)->GetTalent(p.person_id);
    std::string reasons;
    for (const auto& part : p.parts) {
      if (part.value == 0) continue;
      reasons += (reasons.empty() ? "" : "; ") + part.name + " " + Fixed(part.value, 2);
    }
    table.AddRow({std::to_string(p.need_id), std::to_string(p.person_id),
                  talent.has_value() ? MaskName(talent->name, (*hub)->config().mask) : "?", p.round,
                  std::string(ProposalStatusName(p.status)), Fixed(p.score), reasons});
  }
  std::cout << table.Render() << proposals->size() << " proposals\n";
  return 0;
}

int RunProposalAnswer(const Globals& g, const std::string& answer, std::int64_t need,
                      std::int64_t expert, int days, const std::string& reason) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  hub::ProposalAnswerKind kind = hub::ProposalAnswerKind::kAccept;
  if (answer == "decline") kind = hub::ProposalAnswerKind::kDecline;
  if (answer == "complete") kind = hub::ProposalAnswerKind::kComplete;
  auto result = (*hub)->AnswerProposal(need, expert, kind, days, reason);
  if (!result.has_value()) return Fail(result.error());
  if (g.json) {
    json rematched = json::array();
    for (const auto& p : result->rematched) rematched.push_back(ProposalJson(p));
    std::cout << json{{"proposal", ProposalJson(result->proposal)},
                      {"need_status", NeedStatusName(result->need_status)},
                      {"rematched", rematched}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << "need " << need << ", expert " << expert << ": "
            << ProposalStatusName(result->proposal.status) << "; the need is now "
            << NeedStatusName(result->need_status) << "\n";
  if (kind == hub::ProposalAnswerKind::kDecline) {
    if (result->rematched.empty()) {
      std::cout << "no other expert could take the freed place now; it stays open for the next "
                   "round\n";
    }
    for (const auto& p : result->rematched) {
      std::cout << "re-matched: expert " << p.person_id << " proposed (score " << Fixed(p.score)
                << ")\n";
    }
  }
  return 0;
}

}  // namespace huicai::app
