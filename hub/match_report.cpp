// hub: a matching round's report as JSON — what `huicai match --json` prints and what the
// store keeps per round for `huicai match report`.
#include <nlohmann/json.hpp>

#include "hub/hub.h"

namespace huicai::hub {
namespace {

using nlohmann::json;

json FiguresJson(const PolicyFigures& f) {
  return {{"objective", f.objective},       {"proposals", f.proposals},
          {"needs_filled", f.needs_filled}, {"on_pace", f.on_pace},
          {"load_gini", f.load_gini},       {"priority_filled", f.priority_filled},
          {"mean_score", f.mean_score}};
}

PolicyFigures FiguresFrom(const json& j) {
  PolicyFigures f;
  f.objective = j.value("objective", 0.0);
  f.proposals = j.value("proposals", std::int64_t{0});
  f.needs_filled = j.value("needs_filled", std::int64_t{0});
  f.on_pace = j.value("on_pace", std::int64_t{0});
  f.load_gini = j.value("load_gini", 0.0);
  f.priority_filled = j.value("priority_filled", std::int64_t{0});
  f.mean_score = j.value("mean_score", 0.0);
  return f;
}

}  // namespace

std::string EncodeMatchReport(const MatchReport& r) {
  json unfilled = json::array();
  for (const auto& u : r.unfilled)
    unfilled.push_back({{"need_id", u.need_id}, {"reason", u.reason}});
  json kinds = json::array();
  for (const auto& k : r.kinds) {
    kinds.push_back({{"kind", k.kind}, {"needs", k.needs}, {"filled", k.filled}});
  }
  json refused = json::array();
  for (const auto& u : r.refused) refused.push_back({{"need_id", u.need_id}, {"reason", u.reason}});
  const json j = {{"round", r.round},
                  {"ran_at", r.ran_at},
                  {"needs", r.needs},
                  {"needs_filled", r.needs_filled},
                  {"slots", r.slots},
                  {"proposals", r.proposals},
                  {"priority_needs", r.priority_needs},
                  {"priority_filled", r.priority_filled},
                  {"programme_experts", r.programme_experts},
                  {"on_pace", r.on_pace},
                  {"pace_days", r.pace_days},
                  {"mean_score", r.mean_score},
                  {"objective", r.objective},
                  {"load_gini", r.load_gini},
                  {"optimal", r.optimal},
                  {"bound", r.bound},
                  {"pieces", r.pieces},
                  {"largest_piece", r.largest_piece},
                  {"mip_pieces", r.mip_pieces},
                  {"greedy", FiguresJson(r.greedy)},
                  {"kinds", kinds},
                  {"unfilled", unfilled},
                  {"refused", refused},
                  {"answers",
                   {{"pending", r.pending},
                    {"accepted", r.accepted},
                    {"declined", r.declined},
                    {"completed", r.completed}}},
                  {"seconds",
                   {{"candidates", r.seconds_candidates},
                    {"scoring", r.seconds_scoring},
                    {"solve", r.seconds_solve},
                    {"greedy", r.seconds_greedy}}}};
  return j.dump();
}

Result<MatchReport> DecodeMatchReport(std::string_view text) {
  try {
    const json j = json::parse(text);
    MatchReport r;
    r.round = j.at("round").get<std::string>();
    r.ran_at = j.value("ran_at", "");
    r.needs = j.value("needs", std::int64_t{0});
    r.needs_filled = j.value("needs_filled", std::int64_t{0});
    r.slots = j.value("slots", std::int64_t{0});
    r.proposals = j.value("proposals", std::int64_t{0});
    r.priority_needs = j.value("priority_needs", std::int64_t{0});
    r.priority_filled = j.value("priority_filled", std::int64_t{0});
    r.programme_experts = j.value("programme_experts", std::int64_t{0});
    r.on_pace = j.value("on_pace", std::int64_t{0});
    r.pace_days = j.value("pace_days", 0.0);
    r.mean_score = j.value("mean_score", 0.0);
    r.objective = j.value("objective", 0.0);
    r.load_gini = j.value("load_gini", 0.0);
    r.optimal = j.value("optimal", true);
    r.bound = j.value("bound", 0.0);
    r.pieces = j.value("pieces", std::int64_t{0});
    r.largest_piece = j.value("largest_piece", std::int64_t{0});
    r.mip_pieces = j.value("mip_pieces", std::int64_t{0});
    if (j.contains("greedy")) r.greedy = FiguresFrom(j.at("greedy"));
    for (const auto& u : j.value("unfilled", json::array())) {
      r.unfilled.push_back({u.at("need_id").get<NeedId>(), u.at("reason").get<std::string>()});
    }
    for (const auto& k : j.value("kinds", json::array())) {
      r.kinds.push_back({k.at("kind").get<std::string>(), k.at("needs").get<std::int64_t>(),
                         k.at("filled").get<std::int64_t>()});
    }
    for (const auto& u : j.value("refused", json::array())) {
      r.refused.push_back({u.at("need_id").get<NeedId>(), u.at("reason").get<std::string>()});
    }
    if (j.contains("seconds")) {
      const json& s = j.at("seconds");
      r.seconds_candidates = s.value("candidates", 0.0);
      r.seconds_scoring = s.value("scoring", 0.0);
      r.seconds_solve = s.value("solve", 0.0);
      r.seconds_greedy = s.value("greedy", 0.0);
    }
    return r;
  } catch (const json::exception& e) {
    return Status::DataError(std::string("stored match report is not valid: ") + e.what());
  }
}

}  // namespace huicai::hub
