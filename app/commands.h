#pragma once
// app: the `huicai` subcommands. Each returns the process exit code (0 ok, 1 the input or the
// data was refused, 2 the system failed) and prints errors that say what to do next.
#include <memory>
#include <string>
#include <vector>

#include "app/output.h"
#include "hub/config.h"
#include "hub/hub.h"

namespace huicai::app {

struct Globals {
  std::string config_file;  // --config; empty = $HUICAI_CONFIG or the installed config
  bool json = false;        // --json: machine-readable output on stdout
};

// Loads the configuration the globals point at.
Result<hub::HubConfig> LoadHubConfig(const Globals& globals);
// Opens the hub of that configuration.
Result<std::unique_ptr<hub::Hub>> OpenHub(const Globals& g);
// Hub progress onto a terminal bar.
hub::ProgressFn ProgressTo(Progress& bar);
// "12.5%" of part in whole; "-" when whole is 0.
std::string Percent(std::int64_t part, std::int64_t whole);

int RunInit(const Globals& g);
int RunCheckId(const Globals& g, const std::vector<std::string>& numbers);
// into: an ODBC connection string that receives every partner's table (e.g. a PostgreSQL
// database); empty = one SQLite file per partner in out_dir.
int RunGenPartners(const Globals& g, int talents, const std::string& out_dir, std::uint64_t seed,
                   const std::string& into);
int RunGenNeeds(const Globals& g, int count, std::uint64_t seed);
int RunSyncStatus(const Globals& g, const std::string& partner, size_t limit);
int RunSync(const Globals& g, const std::string& partner);
int RunIndex(const Globals& g, bool rebuild);
struct SearchArgs {
  std::string query, region, tier, discipline;
  std::string kind = "talent";     // need, project, activity, station or policy
  std::string status;              // needs: open, matched or closed; "" any
  std::string type;                // stations: 创新型, 创业型, 服务型 or 综合型; "" any
  bool facets = false;             // counts by region, tier (status, kind) and field
  std::string sort = "relevance";  // talents: availability; needs: recency
  bool programme_only = false;
  size_t limit = 10;
  size_t offset = 0;  // hits to skip (paging)
  // Exact lookups (talents only; at most one): the number as typed, "-" reads it from stdin.
  std::string id_number, mobile, bank_card, talent_card;
};
int RunSearch(const Globals& g, const SearchArgs& args);
// Talent stations and service bases (station_commands.cpp); `kind` "base" keeps bases only.
int RunStationSearch(const Globals& g, const SearchArgs& args, const std::string& kind);
// Policy articles matching `text` (policy_commands.cpp).
int RunPolicySearch(const Globals& g, const std::string& text, size_t limit, size_t offset = 0);
int RunMatch(const Globals& g, const std::string& round);
int RunMatchReport(const Globals& g, const std::string& round);
// A round's report as a planner reads it: the plan beside greedy, unfilled needs and why.
void PrintMatchReport(hub::Hub& hub, const hub::MatchReport& report, bool with_answers);
int RunMatchExplain(const Globals& g, std::int64_t need, std::int64_t expert);
// answer: "accept", "decline" (reason required) or "complete" (days served).
int RunProposalAnswer(const Globals& g, const std::string& answer, std::int64_t need,
                      std::int64_t expert, int days, const std::string& reason);
struct QuarantineArgs {
  std::string partner, reason;
  size_t limit = 20, offset = 0;
};
int RunQuarantineList(const Globals& g, const QuarantineArgs& args);
int RunQuarantineShow(const Globals& g, std::int64_t id);
int RunQuarantineRetry(const Globals& g, const std::string& partner);
int RunQuarantineResolve(const Globals& g, std::int64_t id, std::int64_t person, bool new_person);
int RunPersonShow(const Globals& g, std::int64_t id, bool unmasked);

struct OutboundArgs {
  std::string what;    // "payments" or "withholding"
  std::string period;  // YYYY-MM
  std::string out = "var/outbound";
  std::string key = "var/keys/outbound.pem";
};
int RunOutbound(const Globals& g, const OutboundArgs& args);
int RunOutboundKeygen(const std::string& private_pem, const std::string& public_pem);
int RunOutboundVerify(const std::string& file, const std::string& public_pem);

int RunLink(const Globals& g, const std::string& left, const std::string& right,
            const std::string& out, bool no_id);
int RunLinkFiles(const Globals& g, const std::string& left, const std::string& right,
                 const std::string& mapping, const std::string& out);
int RunPersonWhy(const Globals& g, std::int64_t a, std::int64_t b);

// need_id 0 = every need.
int RunProposals(const Globals& g, std::int64_t need_id);
int RunServe(const Globals& g, const std::string& host, int port);
int RunAuditVerify(const Globals& g);
int RunAuditShow(const Globals& g, const std::string& agency, const std::string& since,
                 size_t limit);
int RunCertsInit(const std::string& dir, const std::vector<std::string>& agencies,
                 const std::string& server_name, int days);
int RunCertsRevoke(const std::string& dir, const std::string& cert);
int RunDemo(const Globals& g, int talents, int needs, const std::string& dir);

// Prints "error: ..." and returns the exit code for the Status.
int Fail(const Status& status);

}  // namespace huicai::app
