#include "app/commands.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <thread>
#include <tuple>

#include "app/output.h"
#include "app/search_json.h"
#include "app/serve_backend.h"
#include "core/codes.h"
#include "core/config_dir.h"
#include "core/id_number.h"
#include "core/mask.h"
#include "core/regions.h"
#include "core/text.h"
#include "exchange/certs.h"
#include "exchange/server.h"
#include "hub/generate.h"
#include "hub/hub.h"
#include "hub/query_syntax.h"

namespace huicai::app {

using nlohmann::json;

Result<std::unique_ptr<hub::Hub>> OpenHub(const Globals& g) {
  HUICAI_ASSIGN_OR_RETURN(hub::HubConfig config, LoadHubConfig(g));
  return hub::Hub::Open(config);
}

hub::ProgressFn ProgressTo(Progress& bar) {
  return [&bar](std::string_view stage, std::uint64_t done, std::uint64_t total) {
    bar.Update(stage, done, total);
  };
}

std::string Percent(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

namespace {

std::string GenderName(Gender g) {
  switch (g) {
    case Gender::kMale:
      return "男 male";
    case Gender::kFemale:
      return "女 female";
    case Gender::kNotStated:
      return "not stated";
    case Gender::kUnknown:
      break;
  }
  return "unknown";
}

json SyncRunJson(const hub::SyncRunView& r) {
  return {{"run_id", r.id},
          {"partner", r.partner},
          {"status", r.status},
          {"started_at", r.started_at},
          {"finished_at", r.finished_at},
          {"checkpoint_from", MaskSensitive(r.checkpoint_from)},  // keys may be ID numbers
          {"checkpoint_to", MaskSensitive(r.checkpoint_to)},
          {"batches", r.batches},
          {"rows_read", r.rows_read},
          {"inserted", r.inserted},
          {"updated", r.updated},
          {"unchanged", r.unchanged},
          {"quarantined", r.quarantined},
          {"deleted", r.deleted},
          {"message", r.message}};
}

json SyncJson(const hub::SyncReport& r) {
  json interrupted = json::array();
  for (const auto& run : r.interrupted) interrupted.push_back(SyncRunJson(run));
  return {{"partner", r.partner},
          {"run_id", r.run_id},
          {"interrupted_runs", interrupted},
          {"rows_read", r.rows_read},
          {"inserted", r.inserted},
          {"updated", r.updated},
          {"unchanged", r.unchanged},
          {"duplicates", r.duplicates},
          {"quarantined", r.quarantined},
          {"reasons", r.reasons},
          {"linked_probabilistic", r.linked_probabilistic},
          {"persons_founded", r.persons_founded},
          {"ids_adopted", r.ids_adopted},
          {"reviews", r.reviews},
          {"ok", r.status.ok()},
          {"error", r.status.ok() ? "" : MaskSensitive(r.status.ToString())},
          {"seconds", r.seconds}};
}

void PrintSyncTable(const std::vector<hub::SyncReport>& reports) {
  Table table({"partner", "read", "new", "updated", "unchanged", "duplicates", "quarantined",
               "linked w/o ID", "seconds", "status"});
  for (const auto& r : reports) {
    table.AddRow({r.partner, FormatCount(r.rows_read), FormatCount(r.inserted),
                  FormatCount(r.updated), FormatCount(r.unchanged), FormatCount(r.duplicates),
                  FormatCount(r.quarantined),
                  FormatCount(r.linked_probabilistic + r.persons_founded), Fixed(r.seconds, 1),
                  r.status.ok() ? "ok" : Ellipsize(MaskSensitive(r.status.ToString()), 60)});
  }
  std::cout << table.Render();
}

void PrintHits(const hub::SearchResponse& response, const MaskPatterns& mask) {
  if (response.relaxed) std::cout << "No talent has every word; these have some of them:\n";
  Table table({"#", "id", "name", "tier", "title", "region", "specialties", "relevance"});
  int rank = 0;
  for (const auto& hit : response.hits) {
    const Talent& t = hit.talent;
    table.AddRow({std::to_string(++rank), std::to_string(t.person_id), MaskName(t.name, mask),
                  std::string(TalentTierName(t.tier)), t.title,
                  Ellipsize(RegionTable::Default().FullName(t.region_code), 18),
                  Ellipsize(t.specialties, 30), Fixed(hit.relevance, 2)});
  }
  std::cout << table.Render();
  std::cout << "about " << FormatCount(static_cast<std::int64_t>(response.estimated_total))
            << " matching talents\n";
  if (!response.suggestion.empty()) {
    std::cout << "Did you mean: " << response.suggestion << " ? (huicai search "
              << response.suggestion << ")\n";
  }
}

}  // namespace

int Fail(const Status& status) {
  std::cerr << "error: " << MaskSensitive(status.ToString()) << "\n";
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kDataError:
    case StatusCode::kPermissionDenied:
      return 1;
    default:
      return 2;
  }
}

Result<hub::HubConfig> LoadHubConfig(const Globals& g) {
  std::filesystem::path file = g.config_file;
  if (file.empty()) {
    if (const char* env = std::getenv("HUICAI_CONFIG")) file = env;
  }
  if (file.empty()) file = ConfigDir() / "huicai.toml";
  return hub::LoadConfig(file, std::filesystem::current_path());
}

int RunInit(const Globals& g) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  if (auto s = (*hub)->Init(); !s.ok()) return Fail(s);
  std::cout << "hub database ready: " << (*hub)->config().store_connection << "\n";
  return 0;
}

int RunCheckId(const Globals& g, const std::vector<std::string>& numbers) {
  auto config = LoadHubConfig(g);
  const MaskPatterns mask = config.has_value() ? config->mask : MaskPatterns{};
  int exit_code = 0;
  Table table({"input", "valid", "number", "birth date", "gender", "region", "masked"});
  json out = json::array();
  for (const auto& raw : numbers) {
    IdNumberCheck check = ValidateIdNumber(raw);
    if (!check.ok()) {
      exit_code = 1;
      out.push_back({{"input", raw},
                     {"valid", false},
                     {"failed_check", check.failed_check},
                     {"message", check.message}});
      table.AddRow({MaskIdNumber(raw, mask), "no", check.failed_check + ": " + check.message});
      continue;
    }
    const IdNumberInfo& info = *check.info;
    std::string region = RegionTable::Default().FullName(info.region_code);
    if (const Region* r = RegionTable::Default().Find(info.region_code); r && !r->in_force()) {
      region += " (code abolished " + std::to_string(r->until_year) + ")";
    }
    if (info.permanent_residence_card) region = "foreign permanent residence card";
    out.push_back({{"input", raw},
                   {"valid", true},
                   {"number", info.number},
                   {"birth_date", FormatDate(info.birth_date)},
                   {"gender", static_cast<int>(info.gender)},
                   {"region_code", info.region_code},
                   {"region", region},
                   {"upgraded_from_15", info.upgraded_from_15},
                   {"masked", MaskIdNumber(info.number, mask)}});
    table.AddRow({MaskIdNumber(raw, mask), info.upgraded_from_15 ? "yes (15→18)" : "yes",
                  info.number, FormatDate(info.birth_date), GenderName(info.gender), region,
                  MaskIdNumber(info.number, mask)});
  }
  if (g.json) {
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << table.Render();
  }
  return exit_code;
}

int RunGenPartners(const Globals& g, int talents, const std::string& out_dir, std::uint64_t seed,
                   const std::string& into) {
  auto config = LoadHubConfig(g);
  if (!config.has_value()) return Fail(config.error());
  const std::filesystem::path dir =
      out_dir.empty() ? config->partner_data : std::filesystem::path(out_dir);
  hub::SynthOptions options;
  options.talents = talents;
  options.seed = seed;
  Progress bar;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto report = into.empty() ? hub::GeneratePartners(options, dir, ProgressTo(bar))
                             : hub::GeneratePartnersTo(
                                   options, [&](std::string_view) { return into; },
                                   dir / "gold.csv", ProgressTo(bar));
  bar.Finish();
  if (!report.has_value()) return Fail(report.error());
  Table table({"partner", "rows", "database"});
  for (const auto& [partner, rows] : report->rows) {
    table.AddRow({partner, FormatCount(rows),
                  into.empty() ? (dir / (partner + ".db")).string()
                               : MaskSensitive(RedactConnectionString(into))});
  }
  std::cout << table.Render() << "gold truth: " << (dir / "gold.csv").string() << " ("
            << FormatCount(report->gold_rows) << " lines), " << Fixed(report->seconds, 1) << " s\n";
  return 0;
}

int RunGenNeeds(const Globals& g, int count, std::uint64_t seed) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  hub::SynthOptions options;
  options.needs = count;
  options.seed = seed;
  const hub::PostedNeeds posted = hub::PostSyntheticNeeds(**hub, options);
  for (const std::string& why : posted.refused) spdlog::warn("refused {}", why);
  std::cout << "posted " << posted.needs << " needs and " << posted.stations
            << " stations and service bases"
            << (posted.refused.empty() ? "" : ", refused " + std::to_string(posted.refused.size()))
            << "\n";
  return posted.refused.empty() ? 0 : 1;
}

int RunSyncStatus(const Globals& g, const std::string& partner, size_t limit) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto runs = (*hub)->SyncRuns(partner, limit);
  if (!runs.has_value()) return Fail(runs.error());
  if (g.json) {
    json out = json::array();
    for (const auto& run : *runs) out.push_back(SyncRunJson(run));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (runs->empty()) {
    std::cout << "no sync runs yet" << (partner.empty() ? "" : " of " + partner)
              << ": `huicai sync` starts one\n";
    return 0;
  }
  Table table({"run", "partner", "status", "started", "batches", "read", "new", "updated",
               "unchanged", "quarantined", "note"});
  for (const auto& r : *runs) {
    table.AddRow({std::to_string(r.id), r.partner, r.status, r.started_at, FormatCount(r.batches),
                  FormatCount(r.rows_read), FormatCount(r.inserted), FormatCount(r.updated),
                  FormatCount(r.unchanged), FormatCount(r.quarantined), Ellipsize(r.message, 50)});
  }
  std::cout << table.Render();
  return 0;
}

int RunSync(const Globals& g, const std::string& partner) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  Progress bar;
  auto reports = (*hub)->Sync(partner, ProgressTo(bar));
  bar.Finish();
  if (!reports.has_value()) return Fail(reports.error());
  bool all_ok = true;
  json out = json::array();
  for (const auto& r : *reports) {
    all_ok = all_ok && r.status.ok();
    out.push_back(SyncJson(r));
  }
  if (g.json) {
    std::cout << out.dump(2) << "\n";
  } else {
    PrintSyncTable(*reports);
    for (const auto& r : *reports) {
      for (const auto& run : r.interrupted) {
        std::cout << r.partner << ": run " << run.id << " (started " << run.started_at
                  << ") was interrupted after " << FormatCount(run.batches)
                  << " committed batches: " << FormatCount(run.rows_read) << " rows read, "
                  << FormatCount(run.inserted) << " new, " << FormatCount(run.updated)
                  << " updated, " << FormatCount(run.quarantined)
                  << " quarantined; this run went on from there\n";
      }
      if (r.status.ok()) continue;
      std::cerr << "error: " << MaskSensitive(r.status.ToString()) << "\n";
      if (r.status.code() == StatusCode::kUnavailable) {
        std::cerr << "hint: check the connection in "
                  << ((*hub)->config().partner_mappings / (r.partner + ".toml")).string()
                  << "; for synthetic data run `huicai gen partners` first (it writes "
                  << (*hub)->config().partner_data.string() << ")\n";
      }
    }
  }
  return all_ok ? 0 : 2;
}

int RunIndex(const Globals& g, bool rebuild) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  Progress bar;
  auto report = (*hub)->Index(rebuild, ProgressTo(bar));
  bar.Finish();
  if (!report.has_value()) return Fail(report.error());
  if (g.json) {
    std::cout << json{{"changes_applied", report->changes_applied},
                      {"talents_indexed", report->talents_indexed},
                      {"needs_indexed", report->needs_indexed},
                      {"stations_indexed", report->stations_indexed},
                      {"policies_indexed", report->policies_indexed},
                      {"last_seq", report->last_seq},
                      {"documents", report->documents},
                      {"size_bytes", report->size_bytes},
                      {"seconds", report->seconds}}
                     .dump(2)
              << "\n";
  } else {
    // Remote shards' files are on their own machines: only local folders are measured.
    bool remote = false;
    for (const auto& shard : (*hub)->config().index_shards) remote = remote || !shard.host.empty();
    const std::string size =
        FormatBytes(report->size_bytes) + (remote ? " here (remote shards not counted)" : "");
    if (rebuild) {
      std::cout << "rebuilt from the store: " << FormatCount(report->talents_indexed)
                << " talents, " << FormatCount(report->needs_indexed) << " needs, "
                << FormatCount(report->stations_indexed) << " stations, "
                << FormatCount(report->policies_indexed) << " policy documents, then ";
    } else {
      std::cout << "applied ";
    }
    std::cout << FormatCount(report->changes_applied) << " changes (up to #" << report->last_seq
              << "): " << FormatCount(static_cast<std::int64_t>(report->documents))
              << " documents, " << size << ", " << Fixed(report->seconds, 1) << " s\n";
  }
  return 0;
}

// Needs, projects or activities (`kind`), as a table or JSON, with facets when asked.
int RunNeedSearch(const Globals& g, const SearchArgs& args, const std::string& kind) {
  if (!args.tier.empty() || args.programme_only || args.sort == "availability") {
    return Fail(Status::InvalidArgument(
        "--tier, --programme and --sort availability apply to talents; drop them when "
        "searching needs"));
  }
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  hub::NeedSearchRequest request;
  request.text = args.query;
  request.region = args.region;
  request.discipline = args.discipline;
  request.kind = ParseNeedKind(kind);
  if (!args.status.empty()) {
    for (const NeedStatus s : {NeedStatus::kOpen, NeedStatus::kMatched, NeedStatus::kClosed}) {
      if (NeedStatusName(s) == args.status) request.status = s;
    }
  }
  if (args.sort == "recency") request.sort = search::NeedQuery::Sort::kRecency;
  request.limit = args.limit;
  request.offset = args.offset;
  request.facets = args.facets;
  auto response = (*hub)->SearchNeeds(request);
  if (!response.has_value()) return Fail(response.error());
  if (g.json) {
    json hits = json::array();
    for (const auto& h : response->hits) {
      hits.push_back({{"need_id", h.need_id},
                      {"rank", h.rank},
                      {"kind", NeedKindName(h.kind)},
                      {"status", NeedStatusName(h.status)},
                      {"title", h.title},
                      {"unit", h.unit},
                      {"region_code", h.region_code},
                      {"window_start", h.window_start},
                      {"snippet", h.snippet},
                      {"relevance", h.relevance},
                      {"matched_terms", h.matched_terms}});
    }
    json out = SearchPageJson(*response, std::move(hits));
    if (response->facets) {
      out["facets"]["status"] = response->facets->status;
      out["facets"]["kind"] = response->facets->kind;
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (response->relaxed)
    std::cout << "No " << kind << " has every word; these have some of them:\n";
  Table table({"#", "id", "kind", "status", "from", "region", "title", "unit", "snippet"});
  for (const auto& h : response->hits) {
    table.AddRow({std::to_string(h.rank), std::to_string(h.need_id),
                  std::string(NeedKindName(h.kind)), std::string(NeedStatusName(h.status)),
                  h.window_start, Ellipsize(RegionTable::Default().FullName(h.region_code), 18),
                  Ellipsize(h.title, 24), Ellipsize(h.unit, 16), Ellipsize(h.snippet, 36)});
  }
  std::cout << table.Render();
  std::cout << "about " << FormatCount(static_cast<std::int64_t>(response->estimated_total))
            << " matching " << (kind == "need" ? "needs" : kind + "s") << "\n";
  if (response->facets) {
    const search::NeedFacets& f = *response->facets;
    PrintPlaceAndFieldFacets(f.city, f.county, f.discipline);
    PrintFacet("status", "--status", f.status);
    PrintFacet("kind", "--kind", f.kind);
  }
  return 0;
}

int RunSearch(const Globals& g, const SearchArgs& args) {
  auto typed = hub::ParseQueryFields(args.query);  // 类型:政策 in the text routes like --kind
  if (!typed.has_value()) return Fail(typed.error());
  const std::string kind = typed->kind.empty() ? args.kind : typed->kind;
  const bool station_kinds = args.kind == "station" && typed->kind == "base";  // 基地 narrows
  if (!typed->kind.empty() && args.kind != "talent" && args.kind != typed->kind && !station_kinds) {
    return Fail(Status::InvalidArgument("--kind " + args.kind + " and 类型:" + typed->kind +
                                        " disagree; keep one"));
  }
  if (kind == "policy") {
    if (!args.region.empty() || !args.tier.empty() || !args.discipline.empty() ||
        args.programme_only || !typed->region.empty() || typed->tier ||
        !typed->discipline.empty() || !args.status.empty()) {
      return Fail(Status::InvalidArgument(
          "region, tier, field, status and --programme filter talents and needs; drop them "
          "when searching policies"));
    }
    return RunPolicySearch(g, typed->text, args.limit, args.offset);
  }
  std::optional<search::TalentQuery::Lookup> lookup;
  for (auto [value, lookup_kind] : {std::pair{&args.id_number, IdentifierKind::kIdNumber},
                                    std::pair{&args.mobile, IdentifierKind::kMobile},
                                    std::pair{&args.bank_card, IdentifierKind::kBankCard},
                                    std::pair{&args.talent_card, IdentifierKind::kTalentCard}}) {
    if (value->empty()) continue;
    if (lookup) {
      return Fail(Status::InvalidArgument(
          "give one of --id-number, --mobile, --bank-card and --card at a time"));
    }
    lookup = search::TalentQuery::Lookup{lookup_kind, *value};
    if (*value == "-" && !std::getline(std::cin, lookup->value)) {
      return Fail(Status::InvalidArgument("no number on stdin for --" +
                                          std::string(IdentifierKindName(lookup_kind))));
    }
  }
  if (lookup && kind != "talent") {
    return Fail(Status::InvalidArgument("exact lookups find talents; drop --kind " + kind));
  }
  if (kind == "station" || kind == "base") return RunStationSearch(g, args, kind);
  if (!args.type.empty()) {
    return Fail(Status::InvalidArgument("--type applies to stations; add --kind station"));
  }
  if (kind != "talent") return RunNeedSearch(g, args, kind);
  if (!args.status.empty() || args.sort == "recency") {
    return Fail(Status::InvalidArgument(
        "--status and --sort recency apply to needs; add --kind need (or project, activity)"));
  }
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  hub::SearchRequest request;
  request.text = args.query;
  request.region = args.region;
  request.discipline = args.discipline;
  request.programme_only = args.programme_only;
  request.limit = args.limit;
  request.offset = args.offset;
  request.facets = args.facets;
  if (args.sort == "availability") request.sort = search::TalentQuery::Sort::kAvailability;
  request.lookup = lookup;
  if (!args.tier.empty()) {
    request.tier = ParseTalentTier(args.tier);
    if (!request.tier || *request.tier == TalentTier::kNone) {
      return Fail(
          Status::InvalidArgument("--tier must be A, B, C or D, got \"" + args.tier + "\""));
    }
  }
  auto response = (*hub)->Search(request);
  if (!response.has_value()) return Fail(response.error());
  if (g.json) {
    json hits = json::array();
    for (const auto& h : response->hits) {
      const Talent& t = h.talent;
      hits.push_back({{"person_id", t.person_id},
                      {"name", MaskName(t.name, (*hub)->config().mask)},
                      {"tier", TalentTierName(t.tier)},
                      {"title", t.title},
                      {"region_code", t.region_code},
                      {"disciplines", t.disciplines},
                      {"specialties", t.specialties},
                      {"relevance", h.relevance},
                      {"matched_terms", h.matched_terms}});
    }
    json out = SearchPageJson(*response, std::move(hits));
    if (!response->suggestion.empty()) out["suggestion"] = response->suggestion;
    if (response->facets) out["facets"]["tier"] = response->facets->tier;
    std::cout << out.dump(2) << "\n";
  } else {
    PrintHits(*response, (*hub)->config().mask);
    if (response->facets) {
      const search::TalentFacets& f = *response->facets;
      PrintPlaceAndFieldFacets(f.city, f.county, f.discipline);
      PrintFacet("tier", "--tier", f.tier);
    }
  }
  return 0;
}

namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

}  // namespace

int RunServe(const Globals& g, const std::string& host, int port) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  const hub::HubConfig& config = (*hub)->config();
  // Reads through a pool of connections, the rest through the Hub under a lock, every call
  // audited (group commit) before it is answered.
  auto opened_backend = ServeBackend::Open(**hub);
  if (!opened_backend.has_value()) return Fail(opened_backend.error());
  ServeBackend& backend = **opened_backend;
  exchange::ServerOptions options;
  options.host = host.empty() ? config.serve_host : host;
  options.port = port >= 0 ? port : config.serve_port;
  options.worker_threads = config.serve_threads;
  if (!config.serve_tls_cert.empty()) {
    options.tls = exchange::ServerTls{};
    options.tls->cert = config.serve_tls_cert;
    options.tls->key = config.serve_tls_key;
    options.tls->ca = config.serve_tls_ca;
    options.tls->crl = config.serve_tls_crl;
    options.tls->agencies = config.serve_agencies;
    for (const auto& [agency, grant] : config.access) {
      exchange::AgencyRights rights;
      rights.methods = grant.methods;
      rights.fields = grant.fields;
      rights.regions = grant.regions;
      rights.masked = grant.masked;
      rights.kinds = grant.kinds;
      rights.rate_per_second = grant.rate;
      rights.burst = grant.burst;
      options.tls->rights[agency] = std::move(rights);
    }
  }
  options.on_diagnostic = [](std::string_view line) { spdlog::info("thrift: {}", line); };
  options.on_call = [&backend](const exchange::CallRecord& call) {
    if (Status audited = backend.Audit(call); !audited.ok()) {
      spdlog::error("audit log: {} (call {} not recorded)", audited.ToString(), call.method);
    }
    const std::string who = call.agency.empty() ? call.peer : call.agency + "@" + call.peer;
    if (call.code == StatusCode::kOk) {
      spdlog::info("{} {} ok {}us", who, call.method, call.elapsed.count());
    } else {
      spdlog::warn("{} {} {}: {}", who, call.method, StatusCodeName(call.code), call.message);
    }
  };
  auto server = exchange::Server::Start(backend, options);
  if (!server.has_value()) return Fail(server.error());
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  // The first line on stdout says where the server listens; tests read it.
  std::cout << "huicai serve: listening on " << options.host << ":" << (*server)->port()
            << (options.tls ? " (mutual TLS)" : "") << std::endl;
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  (*server)->Stop();
  std::cout << "huicai serve: stopped" << std::endl;
  return 0;
}

int RunAuditVerify(const Globals& g) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto check = (*hub)->VerifyAudit();
  if (!check.has_value()) return Fail(check.error());
  if (g.json) {
    std::cout << json{{"ok", check->ok},
                      {"entries", check->entries},
                      {"first_bad_seq", check->first_bad_seq},
                      {"problem", check->problem}}
                     .dump(2)
              << "\n";
  } else if (check->ok) {
    std::cout << "audit log intact: " << FormatCount(check->entries)
              << " entries, every hash chained\n";
  } else {
    std::cout << "audit log TAMPERED: " << check->problem << "\n"
              << "(" << FormatCount(check->entries)
              << " entries read; keep a copy of the database for the investigation)\n";
  }
  return check->ok ? 0 : 1;
}

int RunAuditShow(const Globals& g, const std::string& agency, const std::string& since,
                 size_t limit) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto entries = (*hub)->ListAudit(agency, since, limit);
  if (!entries.has_value()) return Fail(entries.error());
  auto joined = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : " ") + item;
    return out;
  };
  if (g.json) {
    json out = json::array();
    for (const auto& e : *entries) {
      out.push_back({{"seq", e.seq},
                     {"at", e.at},
                     {"agency", e.agency},
                     {"method", e.method},
                     {"subjects", e.subjects},
                     {"fields", e.fields},
                     {"outcome", e.outcome},
                     {"hash", e.hash}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table table({"seq", "at (UTC)", "agency", "method", "subjects", "fields", "outcome"});
  for (const auto& e : *entries) {
    table.AddRow({std::to_string(e.seq), e.at.substr(0, 19), e.agency.empty() ? "-" : e.agency,
                  e.method, Ellipsize(joined(e.subjects), 30), Ellipsize(joined(e.fields), 24),
                  e.outcome});
  }
  std::cout << table.Render() << entries->size() << " entries\n";
  return 0;
}

int RunCertsInit(const std::string& dir, const std::vector<std::string>& agencies,
                 const std::string& server_name, int days) {
  exchange::CertsOptions options;
  options.dir = dir;
  options.agencies = agencies;
  options.server_name = server_name;
  options.days = days;
  auto made = exchange::InitCertificates(options);
  if (!made.has_value()) return Fail(made.error());
  std::cout << "development CA and certificates in " << dir << ":\n"
            << "  CA         " << made->ca_cert.string() << "\n"
            << "  server     " << made->server_cert.string() << " (" << server_name << ")\n";
  for (const auto& cert : made->agency_certs) std::cout << "  agency     " << cert.string() << "\n";
  std::cout << "  CRL        " << made->crl.string() << "\n"
            << "For `huicai serve` with mutual TLS, put in huicai.toml:\n"
            << "  [serve]\n"
            << "  tls_cert = \"" << made->server_cert.string() << "\"\n"
            << "  tls_key = \"" << made->server_key.string() << "\"\n"
            << "  tls_ca = \"" << made->ca_cert.string() << "\"\n"
            << "  tls_crl = \"" << made->crl.string() << "\"\n"
            << "  agencies = [";
  for (std::size_t i = 0; i < agencies.size(); ++i) {
    std::cout << (i ? ", " : "") << "\"" << agencies[i] << "\"";
  }
  std::cout << "]\n";
  return 0;
}

int RunCertsRevoke(const std::string& dir, const std::string& cert) {
  if (Status s = exchange::RevokeCertificate(dir, cert); !s.ok()) return Fail(s);
  std::cout << "revoked " << cert << "; " << dir
            << "/crl.pem is rewritten: restart `huicai serve` to load it\n";
  return 0;
}

}  // namespace huicai::app
