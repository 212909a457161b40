// huicai: the command-line front door. Parses flags and configuration and calls hub/.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <tuple>

#include "app/commands.h"
#include "app/logging.h"

namespace huicai::app {
void AddServiceCommands(CLI::App& cli, Globals& g, int& exit_code);  // service_commands.cpp
void AddPolicyCommands(CLI::App& cli, Globals& g, int& exit_code);   // policy_commands.cpp
void AddStationCommands(CLI::App& cli, Globals& g, int& exit_code);  // station_commands.cpp
}  // namespace huicai::app

int main(int argc, char** argv) {
  using huicai::app::Globals;
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App cli{
      "huicai (惠才): data-integration and matching hub for high-level talent services.\n"
      "Syncs partner records over ODBC, indexes talents in Xapian, matches experts to grassroots\n"
      "needs under the policy rules, and serves partner agencies over Thrift.\n"
      "Start with `huicai demo`; every command explains itself with --help.",
      "huicai"};
  cli.require_subcommand(1);
  Globals g;
  std::string log_level;
  bool verbose = false;
  cli.add_option("-c,--config", g.config_file,
                 "configuration file (default: $HUICAI_CONFIG or config/huicai.toml)");
  cli.add_flag("-v,--verbose", verbose, "log progress (log level info)");
  cli.add_option("--log-level", log_level,
                 "trace, debug, info, warn, error (overrides the config)");

  int exit_code = 0;
  auto* init = cli.add_subcommand("init", "create or migrate the hub database named in the config");
  init->callback([&] { exit_code = huicai::app::RunInit(g); });

  std::vector<std::string> numbers;
  auto* check = cli.add_subcommand(
      "check-id",
      "check GB 11643 ID numbers: prints the normalised number, birth date, gender,\n"
      "region and masked form; exits 1 if any number is invalid and says which check failed");
  check->add_option("NUMBER", numbers, "ID numbers (18 or old 15 digits)")->required();
  check->add_flag("--json", g.json, "one JSON object per number on stdout");
  check->callback([&] { exit_code = huicai::app::RunCheckId(g, numbers); });

  auto* gen = cli.add_subcommand("gen", "generate synthetic data for demos, tests and benchmarks");
  gen->require_subcommand(1);
  int gen_talents = 20000;
  int gen_needs = 500;
  std::string gen_out;
  std::uint64_t seed = 20261124;
  auto* gen_partners = gen->add_subcommand(
      "partners",
      "write the six partner databases (SQLite) and gold.csv (see docs/data-formats.md)");
  gen_partners->add_option("--talents", gen_talents, "number of talents")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  gen_partners->add_option("--out", gen_out,
                           "output folder (default: [partners] data in the config)");
  gen_partners->add_option("--seed", seed, "random seed")->capture_default_str();
  std::string gen_into;
  gen_partners->add_option("--into", gen_into,
                           "an ODBC connection string that receives all six tables (e.g. a\n"
                           "PostgreSQL database); gold.csv still goes to --out");
  gen_partners->callback(
      [&] { exit_code = huicai::app::RunGenPartners(g, gen_talents, gen_out, seed, gen_into); });
  auto* gen_needs_cmd =
      gen->add_subcommand("needs", "post synthetic grassroots needs into the hub");
  gen_needs_cmd->add_option("--count", gen_needs, "number of needs")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  gen_needs_cmd->add_option("--seed", seed, "random seed")->capture_default_str();
  gen_needs_cmd->callback([&] { exit_code = huicai::app::RunGenNeeds(g, gen_needs, seed); });

  std::string partner;
  auto* sync = cli.add_subcommand(
      "sync",
      "pull partner records past their checkpoints, validate, link and store them;\n"
      "bad rows go to quarantine with a reason");
  sync->add_option("PARTNER", partner, "partner mapping name (default: all)");
  sync->add_flag("--json", g.json, "reports as JSON on stdout");
  sync->callback([&] {
    if (sync->got_subcommand("status")) return;
    exit_code = huicai::app::RunSync(g, partner);
  });
  size_t runs_limit = 20;
  auto* sync_status = sync->add_subcommand(
      "status",
      "the latest sync runs: status (finished, failed, interrupted by a kill), counts committed\n"
      "batch by batch, checkpoints");
  sync_status->add_option("--partner", partner, "only this partner");
  sync_status->add_option("--limit", runs_limit, "runs to show")->capture_default_str();
  sync_status->add_flag("--json", g.json, "runs as JSON on stdout");
  sync_status->callback([&] { exit_code = huicai::app::RunSyncStatus(g, partner, runs_limit); });

  bool rebuild = false;
  auto* index = cli.add_subcommand("index", "apply the hub's change log to the search index");
  index->add_flag("--rebuild", rebuild, "rebuild the index from empty");
  index->add_flag("--json", g.json, "report as JSON on stdout");
  index->callback([&] { exit_code = huicai::app::RunIndex(g, rebuild); });

  huicai::app::SearchArgs search_args;
  auto* search = cli.add_subcommand(
      "search",
      "search the expert database; needs, projects, activities, stations or policy articles "
      "with --kind");
  static std::vector<std::string> search_words;
  search->add_option("QUERY", search_words,
                     "free text, e.g. 果树栽培 or 人才驿站 评估 (may be empty with filters)");
  search->add_option("--region", search_args.region,
                     "region code prefix or name: 3713, 临沂, 兰陵县");
  search->add_option("--tier", search_args.tier, "talent tier A, B, C or D");
  search->add_option("--discipline", search_args.discipline, "GB/T 13745 code prefix, e.g. 210");
  search->add_flag("--programme", search_args.programme_only,
                   "only experts in the grassroots programme");
  search->add_option("--limit", search_args.limit, "hits to show")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  search
      ->add_option("--sort", search_args.sort,
                   "order: relevance; availability (talents: most grassroots days left first); "
                   "recency (needs: latest service window first)")
      ->capture_default_str()
      ->check(CLI::IsMember({"relevance", "availability", "recency"}));
  search->add_flag("--facets", search_args.facets,
                   "count all matches by city, county, tier and field, to narrow down");
  search
      ->add_option("--kind", search_args.kind,
                   "what to search: talent, need, project (service-base projects), activity "
                   "(station activities), station (talent stations and service bases) or "
                   "policy (policy articles)")
      ->capture_default_str()
      ->check(CLI::IsMember({"talent", "need", "project", "activity", "station", "policy"}));
  search->add_option("--type", search_args.type,
                     "stations only: 创新型, 创业型, 服务型 or 综合型 (003 第五条)");
  search->add_option("--status", search_args.status, "needs only: open, matched or closed")
      ->check(CLI::IsMember({"open", "matched", "closed"}));
  for (auto [flag, slot, what] :
       {std::tuple{"--id-number", &search_args.id_number, "ID number (18 or 15 characters)"},
        std::tuple{"--mobile", &search_args.mobile, "mobile number"},
        std::tuple{"--bank-card", &search_args.bank_card, "bank card number"},
        std::tuple{"--card", &search_args.talent_card, "talent card (惠才卡) number"}}) {
    search->add_option(flag, *slot,
                       std::string("exact lookup by ") + what +
                           ", through the index's keyed hashes; - reads it from stdin (keeps it "
                           "out of the shell history)");
  }
  search->add_option("--offset", search_args.offset, "hits to skip, for the next page")
      ->capture_default_str();
  search->add_flag("--json", g.json, "hits as JSON on stdout");
  search->callback([&] {
    for (const std::string& word : search_words) {
      search_args.query += (search_args.query.empty() ? "" : " ") + word;
    }
    exit_code = huicai::app::RunSearch(g, search_args);
  });

  std::string round;
  auto* match = cli.add_subcommand(
      "match",
      "run one global matching round over all open needs and store the proposals;\n"
      "accepted and completed pairs stay fixed, unanswered proposals are re-planned");
  match->add_option("--round", round, "round name (default: today's date)");
  match->add_flag("--json", g.json, "report as JSON on stdout");
  match->require_subcommand(0, 1);
  auto* match_report = match->add_subcommand(
      "report",
      "a round's report for planners: needs filled, priority areas, 15-day pace, load spread\n"
      "(Gini), mean score, the same for a greedy plan, answers so far, unfilled needs and why");
  match_report->add_option("--round", round, "round name (default: the latest round)");
  match_report->add_flag("--json", g.json, "report as JSON on stdout");
  match_report->callback([&] { exit_code = huicai::app::RunMatchReport(g, round); });
  std::int64_t explain_need = 0, explain_expert = 0;
  auto* match_explain = match->add_subcommand(
      "explain", "why an expert is or is not proposed for a need: each part of score and cost");
  match_explain->add_option("NEED", explain_need, "need id")->required();
  match_explain->add_option("EXPERT", explain_expert, "expert (person) id")->required();
  match_explain->add_flag("--json", g.json, "the parts as JSON on stdout");
  match_explain->callback(
      [&] { exit_code = huicai::app::RunMatchExplain(g, explain_need, explain_expert); });
  match->callback([&] {
    if (match->get_subcommands().empty()) exit_code = huicai::app::RunMatch(g, round);
  });

  std::int64_t need_id = 0;
  auto* proposals = cli.add_subcommand(
      "proposals",
      "list the proposals of matching rounds with their reasons, or answer one:\n"
      "  huicai proposals accept NEED EXPERT\n"
      "  huicai proposals decline NEED EXPERT --reason TEXT   (the freed place is re-matched)\n"
      "  huicai proposals complete NEED EXPERT --days N       (days count towards the pace)");
  proposals->add_option("NEED", need_id, "only this need's proposals");
  proposals->add_flag("--json", g.json, "proposals with every score part as JSON on stdout");
  proposals->require_subcommand(0, 1);
  std::int64_t answer_need = 0, answer_expert = 0;
  int answer_days = 0;
  std::string answer_reason;
  for (const char* answer : {"accept", "decline", "complete"}) {
    const std::string name = answer;
    auto* sub = proposals->add_subcommand(
        name, name == "accept"    ? "the expert accepts: the pair is fixed in later rounds"
              : name == "decline" ? "the expert or the unit declines; the place is re-matched"
                                  : "the service is done: record the days served");
    sub->add_option("NEED", answer_need, "need id")->required();
    sub->add_option("EXPERT", answer_expert, "expert (person) id")->required();
    if (name == "decline") {
      sub->add_option("--reason", answer_reason, "why (kept with the proposal)")->required();
    }
    if (name == "complete") {
      sub->add_option("--days", answer_days, "grassroots days served")
          ->required()
          ->check(CLI::Range(1, 365));
    }
    sub->add_flag("--json", g.json, "the answer and any re-matched proposals as JSON");
    sub->callback([&, name] {
      exit_code = huicai::app::RunProposalAnswer(g, name, answer_need, answer_expert, answer_days,
                                                 answer_reason);
    });
  }
  proposals->callback([&] {
    if (proposals->get_subcommands().empty()) {
      exit_code = huicai::app::RunProposals(g, need_id);
    }
  });

  huicai::app::QuarantineArgs qargs;
  std::int64_t qid = 0;
  std::string qpartner;
  auto* quarantine =
      cli.add_subcommand("quarantine", "rows the hub refused, each with its reason and raw values");
  quarantine->require_subcommand(1);
  auto* qlist = quarantine->add_subcommand("list", "list quarantined rows, newest first");
  qlist->add_option("--partner", qargs.partner, "only this partner");
  qlist->add_option("--reason", qargs.reason, "only this reason code, e.g. bad_id_check");
  qlist->add_option("--limit", qargs.limit, "rows to show")->capture_default_str();
  qlist->add_option("--offset", qargs.offset, "rows to skip")->capture_default_str();
  qlist->add_flag("--json", g.json, "rows as JSON on stdout");
  qlist->callback([&] { exit_code = huicai::app::RunQuarantineList(g, qargs); });
  auto* qshow = quarantine->add_subcommand("show", "one quarantined row with every raw value");
  qshow->add_option("ID", qid, "quarantine id (from list)")->required();
  qshow->add_flag("--json", g.json, "the row as JSON on stdout");
  qshow->callback([&] { exit_code = huicai::app::RunQuarantineShow(g, qid); });
  auto* qretry = quarantine->add_subcommand(
      "retry",
      "re-validate quarantined rows with the current mappings (after a fix) and load\n"
      "what now passes");
  qretry->add_option("PARTNER", qpartner, "only this partner (default: all)");
  qretry->add_flag("--json", g.json, "report as JSON on stdout");
  qretry->callback([&] { exit_code = huicai::app::RunQuarantineRetry(g, qpartner); });
  std::int64_t resolve_person = 0;
  bool resolve_new = false;
  auto* qresolve = quarantine->add_subcommand(
      "resolve",
      "the review queue: load a record without ID number (reason link_review or no_match)\n"
      "onto the person a reviewer chose, or onto a new person of its own");
  qresolve
      ->add_option("ID", qid,
                   "quarantine id (from `huicai quarantine list --reason "
                   "link_review`)")
      ->required();
  qresolve->add_option("--person", resolve_person, "the person the record belongs to");
  qresolve->add_flag("--new-person", resolve_new, "the record is a person not yet in the hub");
  qresolve->add_flag("--json", g.json, "the outcome as JSON on stdout");
  qresolve->callback(
      [&] { exit_code = huicai::app::RunQuarantineResolve(g, qid, resolve_person, resolve_new); });

  std::int64_t person_id = 0;
  bool unmasked = false;
  auto* person = cli.add_subcommand("person", "what the hub knows about a person, with sources");
  person->require_subcommand(1);
  auto* pshow = person->add_subcommand(
      "show",
      "the merged view of a person: every partner's value of every field, conflicts marked");
  pshow->add_option("ID", person_id, "person id")->required();
  pshow->add_flag("--unmasked", unmasked, "show identifiers whole (only if the config allows it)");
  pshow->add_flag("--json", g.json, "the view as JSON on stdout");
  pshow->callback([&] { exit_code = huicai::app::RunPersonShow(g, person_id, unmasked); });

  huicai::app::OutboundArgs oargs;
  std::string public_pem = "var/keys/outbound.pub.pem";
  std::string verify_file;
  auto* outbound = cli.add_subcommand(
      "outbound", "signed batch files for partners: allowance payments (bank), withholding (tax)");
  outbound->require_subcommand(1);
  for (const char* what : {"payments", "withholding"}) {
    auto* cmd = outbound->add_subcommand(
        what, std::string(what) == "payments"
                  ? "the month's allowance payment batch for the talent-card bank"
                  : "the month's tax withholding report for the allowances");
    cmd->add_option("PERIOD", oargs.period, "the month, YYYY-MM")->required();
    cmd->add_option("--out", oargs.out, "folder for the batch files")->capture_default_str();
    cmd->add_option("--key", oargs.key, "private signing key (PEM)")->capture_default_str();
    cmd->add_flag("--json", g.json, "report as JSON on stdout");
    cmd->callback([&, what] {
      oargs.what = what;
      exit_code = huicai::app::RunOutbound(g, oargs);
    });
  }
  auto* keygen = outbound->add_subcommand("keygen", "make the signing key pair (EC P-256)");
  keygen->add_option("--key", oargs.key, "private key file")->capture_default_str();
  keygen->add_option("--public", public_pem, "public key file")->capture_default_str();
  keygen->callback([&] { exit_code = huicai::app::RunOutboundKeygen(oargs.key, public_pem); });
  auto* verify = outbound->add_subcommand("verify", "check a batch file against FILE.sig");
  verify->add_option("FILE", verify_file, "batch file")->required();
  verify->add_option("--public", public_pem, "public key file")->capture_default_str();
  verify->callback([&] { exit_code = huicai::app::RunOutboundVerify(verify_file, public_pem); });

  std::int64_t why_a = 0, why_b = 0;
  auto* pwhy = person->add_subcommand(
      "why", "why two persons are or are not one: the weight each field adds (log2 odds)");
  pwhy->add_option("A", why_a, "person id")->required();
  pwhy->add_option("B", why_b, "person id")->required();
  pwhy->callback([&] { exit_code = huicai::app::RunPersonWhy(g, why_a, why_b); });

  std::string link_left, link_right, link_out, link_mapping;
  bool link_no_id = false;
  auto* link = cli.add_subcommand(
      "link",
      "link the records of two sources (Fellegi-Sunter, docs/linkage.md) and write the\n"
      "cross-source pairs. Two partner mappings by name: `huicai link police bank [--no-id]`\n"
      "(--no-id judges the result by the ID numbers held back). Any two CSV files on any\n"
      "fields: `huicai link --left a.csv --right b.csv --mapping config/linkage/febrl.toml\n"
      "--out pairs.csv` (the mapping names the fields, comparators, blocking and truth)");
  link->add_option("LEFT,--left", link_left,
                   "partner mapping name (e.g. police), or a CSV file with --mapping");
  link->add_option("RIGHT,--right", link_right,
                   "partner mapping name (e.g. bank), or a CSV file with --mapping");
  link->add_option("--mapping", link_mapping,
                   "TOML linkage mapping for two CSV files (config/linkage/febrl.toml)");
  link->add_option("--out", link_out,
                   "pairs CSV (left_key,right_key,weight,decision; with --mapping also the "
                   "probability)");
  link->add_flag("--no-id", link_no_id, "hold the ID numbers back: link on the other fields");
  link->add_flag("--json", g.json, "report as JSON on stdout");
  link->callback([&] {
    if (link_left.empty() || link_right.empty()) {
      std::cerr << "error: give two sources: LEFT RIGHT partner names, or --left and --right "
                   "CSV files with --mapping (see `huicai link --help`)\n";
      exit_code = 2;
      return;
    }
    exit_code = link_mapping.empty()
                    ? huicai::app::RunLink(g, link_left, link_right, link_out, link_no_id)
                    : huicai::app::RunLinkFiles(g, link_left, link_right, link_mapping, link_out);
  });

  std::string host;
  int port = -1;
  auto* serve =
      cli.add_subcommand("serve", "serve the Thrift API (see docs/api.md) until interrupted");
  serve->add_option("--host", host, "address to listen on (default: [serve] host, 127.0.0.1)");
  serve->add_option("--port", port, "port (default: [serve] port, 9090; 0 = any free port)")
      ->check(CLI::Range(0, 65535));
  serve->callback([&] { exit_code = huicai::app::RunServe(g, host, port); });

  auto* audit = cli.add_subcommand(
      "audit", "the tamper-evident log of every API call (who, what, about whom, which fields)");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand(
      "verify",
      "recompute the hash chain; names the first altered, removed or reordered entry "
      "(exit 1)");
  audit_verify->add_flag("--json", g.json, "the result as JSON on stdout");
  audit_verify->callback([&] { exit_code = huicai::app::RunAuditVerify(g); });
  std::string audit_agency, audit_since;
  size_t audit_limit = 100;
  auto* audit_show = audit->add_subcommand("show", "audit entries, oldest first");
  audit_show->add_option("--agency", audit_agency, "only this agency");
  audit_show->add_option("--since", audit_since, "from this UTC date or time (2026-11-25T08:00)");
  audit_show->add_option("--limit", audit_limit, "entries at most")->capture_default_str();
  audit_show->add_flag("--json", g.json, "entries with their hashes as JSON on stdout");
  audit_show->callback(
      [&] { exit_code = huicai::app::RunAuditShow(g, audit_agency, audit_since, audit_limit); });

  auto* certs = cli.add_subcommand(
      "certs", "a development certificate authority for mutual TLS (not for production keys)");
  certs->require_subcommand(1);
  std::string certs_dir = "var/certs", server_name = "localhost", revoke_cert;
  std::vector<std::string> agencies = {"education", "police",    "tax",
                                       "bank",      "insurance", "planner"};
  int cert_days = 365;
  auto* certs_init = certs->add_subcommand(
      "init",
      "make a CA, a server certificate, one client certificate per agency and an empty "
      "CRL (EC P-256, OpenSSL); never overwrites");
  certs_init->add_option("--dir", certs_dir, "where the files go")->capture_default_str();
  certs_init->add_option("--agencies", agencies, "agency names (certificate common names)")
      ->delimiter(',')
      ->capture_default_str();
  certs_init->add_option("--server-name", server_name, "the server certificate's name")
      ->capture_default_str();
  certs_init->add_option("--days", cert_days, "validity")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  certs_init->callback(
      [&] { exit_code = huicai::app::RunCertsInit(certs_dir, agencies, server_name, cert_days); });
  auto* certs_revoke =
      certs->add_subcommand("revoke", "put a certificate on the CA's revocation list (crl.pem)");
  certs_revoke->add_option("--dir", certs_dir, "the CA's folder")->capture_default_str();
  certs_revoke->add_option("CERT", revoke_cert, "the certificate file to revoke")->required();
  certs_revoke->callback([&] { exit_code = huicai::app::RunCertsRevoke(certs_dir, revoke_cert); });

  int demo_talents = 20000;
  int demo_needs = 500;
  std::string demo_dir = "var/demo";
  auto* demo = cli.add_subcommand(
      "demo",
      "the whole hub on the embedded default: generate partner data, sync, index, match,\n"
      "and print a summary (deterministic; about a minute)");
  demo->add_option("--talents", demo_talents, "talents to generate")
      ->capture_default_str()
      ->check(CLI::Range(10, 2000000));
  demo->add_option("--needs", demo_needs, "grassroots needs to generate")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  demo->add_option("--dir", demo_dir, "working folder, emptied first")->capture_default_str();
  demo->callback([&] { exit_code = huicai::app::RunDemo(g, demo_talents, demo_needs, demo_dir); });

  huicai::app::AddServiceCommands(cli, g, exit_code);
  huicai::app::AddPolicyCommands(cli, g, exit_code);
  huicai::app::AddStationCommands(cli, g, exit_code);

  huicai::app::SetUpLogging();
  cli.parse_complete_callback([&] {
    if (!log_level.empty()) {
      huicai::app::SetLogLevel(log_level);
    } else if (verbose) {
      huicai::app::SetLogLevel("info");
    } else if (auto config = huicai::app::LoadHubConfig(g); config.has_value()) {
      huicai::app::SetLogLevel(config->log_level);
    }
  });
  if (argc == 1) {  // no command: say what there is to do
    std::cout << cli.help();
    return 1;
  }
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  return exit_code;
}
