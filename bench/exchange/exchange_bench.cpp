// exchange_bench: getTalent calls/s and p50/p99 latency with 1, 8 and 64 concurrent clients
// (issue 5 "Figures"). Every client is a thread with its own exchange::Client calling
// GetTalent(42) in a loop for S seconds; latencies are taken with steady_clock per call.
// Scenarios, all on loopback, in one run:
//   bare        a plain Thrift TThreadPoolServer (framed binary) whose handler returns a
//               constant record: the reference rate
//   bare-tls    the same behind Thrift's own TSSLServerSocket with the same certificates
//   huicai      exchange::Server over an in-memory Backend, no call log
//   huicai-mtls the same with mutual TLS (dev CA made by exchange::InitCertificates)
//   huicai-mtls-audit  the same, every call appended to the audit log of a SQLite store under
//               a mutex, as `huicai serve` does
// Usage: exchange_bench [--seconds S] [--clients 1,8,64] [--json]
// Temporary files (certificates, the SQLite store) live in a fresh temporary directory that is
// removed at the end. Traffic goes to 127.0.0.1 only and every loop is bounded by S.
#include <thrift/concurrency/ThreadFactory.h>
#include <thrift/concurrency/ThreadManager.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/server/TThreadPoolServer.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSSLServerSocket.h>
#include <thrift/transport/TSSLSocket.h>
#include <thrift/transport/TServerSocket.h>
// clang-format off
#include <thrift/TOutput.h>  // last: it uses std::string without including it
// clang-format on
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <span>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "core/types.h"
#include "exchange/backend.h"
#include "exchange/certs.h"
#include "exchange/client.h"
#include "exchange/server.h"
#include "huicai_thrift_gen/HubService.h"
#include "store/store.h"

namespace {

namespace fs = std::filesystem;
namespace ex = huicai::exchange;
namespace wire = huicai::exchange::thrift;
namespace tt = apache::thrift::transport;
using Clock = std::chrono::steady_clock;
using huicai::Result;
using huicai::Status;

constexpr int kWorkers = 80;  // >= 64 clients: a connection holds one worker while open
constexpr huicai::PersonId kPersonId = 42;

// Thrift's own diagnostics of the bare servers (dropped connections at the end of a row), counted
// instead of printed. exchange::Server replaces the sink with its own while it runs.
std::atomic<std::int64_t> g_thrift_diagnostics{0};
void CountThriftDiagnostic(const char*) { ++g_thrift_diagnostics; }

// ---------------------------------------------------------------------------------------------
// The record every server answers with.

huicai::Talent SampleTalent() {
  huicai::Talent t;
  t.person_id = kPersonId;
  t.name = "王晓明";
  t.tier = huicai::TalentTier::kB;
  t.card_number = "HC3713000042";
  t.employer = "临沂大学";
  t.employer_credit_code = "12370000495571234X";
  t.disciplines = {"21020", "416"};
  t.industries = {"M7320"};
  t.title = "研究员";
  t.specialties = "果树栽培 病虫害防治 土壤改良";
  t.region_code = "371302";
  t.days_available = 30;
  t.grassroots_days_served = 6;
  t.in_programme = true;
  return t;
}

wire::Talent SampleWireTalent() {
  const huicai::Talent t = SampleTalent();
  wire::Talent w;
  w.personId = t.person_id;
  w.name = t.name;
  w.tier = wire::TalentTier::B;
  w.cardNumber = t.card_number;
  w.employer = t.employer;
  w.employerCreditCode = t.employer_credit_code;
  w.disciplines = t.disciplines;
  w.industries = t.industries;
  w.title = t.title;
  w.specialties = t.specialties;
  w.regionCode = t.region_code;
  w.daysAvailable = t.days_available;
  w.grassrootsDaysServed = t.grassroots_days_served;
  w.inProgramme = t.in_programme;
  return w;
}

// An in-memory Backend: one talent, read-only after construction, so thread-safe unlocked.
class BenchBackend : public ex::Backend {
 public:
  BenchBackend() : talent_(SampleTalent()) {}
  Result<huicai::Talent> GetTalent(huicai::PersonId id) override {
    if (id != talent_.person_id) {
      return Status::NotFound("no talent with person id " + std::to_string(id));
    }
    return talent_;
  }
  Result<std::vector<ex::TalentSearchHit>> SearchTalents(const ex::TalentSearch&) override {
    return std::vector<ex::TalentSearchHit>{};
  }
  Result<huicai::NeedId> PostNeed(const huicai::Need&) override {
    return Status::InvalidArgument("the bench backend takes no needs");
  }
  Result<std::vector<huicai::Proposal>> ListProposals(huicai::NeedId need) override {
    return Status::NotFound("no need with id " + std::to_string(need));
  }
  Result<ex::CardCheck> VerifyCard(std::string_view, std::string_view) override {
    return ex::CardCheck{};
  }

 private:
  const huicai::Talent talent_;
};

// ---------------------------------------------------------------------------------------------
// The bare Thrift server: generated processor, constant answer, nothing else.

class BareHandler : public wire::HubServiceIf {
 public:
  BareHandler() : talent_(SampleWireTalent()) {}
  void getApiVersion(std::string& out) override { out = "1.1"; }
  void getTalent(wire::Talent& out, std::int64_t) override { out = talent_; }
  void searchTalents(std::vector<wire::TalentHit>& out, const wire::TalentQuery&) override {
    out.clear();
  }
  std::int64_t postNeed(const wire::Need&) override { return 0; }
  void listProposals(std::vector<wire::Proposal>& out, std::int64_t) override { out.clear(); }
  void verifyCard(wire::CardCheck& out, const std::string&, const std::string&) override {
    out = wire::CardCheck{};
  }

 private:
  const wire::Talent talent_;
};

// serve() calls listen() again; a socket already listening (so its real port is known before
// serve() runs) must make that second call a no-op, or the bind fails.
template <class Base>
class Prebound : public Base {
 public:
  using Base::Base;
  void listen() override {
    if (listening_) return;
    Base::listen();
    listening_ = true;
  }

 private:
  bool listening_ = false;
};

struct BareTlsFiles {
  std::string cert, key, ca;
};

class BareServer {
 public:
  // Listens on 127.0.0.1 (a free port) and serves in a background thread; with `tls`, over
  // Thrift's TSSLServerSocket requiring a client certificate signed by tls->ca.
  static Result<std::unique_ptr<BareServer>> Start(const std::optional<BareTlsFiles>& tls) {
    auto bare = std::unique_ptr<BareServer>(new BareServer());
    try {
      std::shared_ptr<tt::TServerSocket> socket;
      if (tls) {
        auto factory = std::make_shared<tt::TSSLSocketFactory>(tt::TLSv1_2);
        factory->server(true);
        factory->loadCertificate(tls->cert.c_str());
        factory->loadPrivateKey(tls->key.c_str());
        factory->loadTrustedCertificates(tls->ca.c_str());
        factory->authenticate(true);
        socket = std::make_shared<Prebound<tt::TSSLServerSocket>>("127.0.0.1", 0, factory);
      } else {
        socket = std::make_shared<Prebound<tt::TServerSocket>>("127.0.0.1", 0);
      }
      socket->listen();
      bare->port_ = socket->getPort();
      auto processor = std::make_shared<wire::HubServiceProcessor>(std::make_shared<BareHandler>());
      bare->threads_ = apache::thrift::concurrency::ThreadManager::newSimpleThreadManager(
          static_cast<std::size_t>(kWorkers));
      bare->threads_->threadFactory(std::make_shared<apache::thrift::concurrency::ThreadFactory>());
      bare->threads_->start();
      bare->server_ = std::make_shared<apache::thrift::server::TThreadPoolServer>(
          processor, socket, std::make_shared<tt::TFramedTransportFactory>(),
          std::make_shared<apache::thrift::protocol::TBinaryProtocolFactory>(), bare->threads_);
      bare->server_->setConcurrentClientLimit(kWorkers);
    } catch (const std::exception& e) {
      if (bare->threads_) bare->threads_->stop();
      return Status::Unavailable(std::string("bare Thrift server did not start: ") + e.what() +
                                 "; is loopback usable here?");
    }
    auto server = bare->server_;
    bare->thread_ = std::thread([server] {
      try {
        server->serve();
      } catch (...) {  // serve() returns on stop(); anything else just ends serving
      }
    });
    return bare;
  }
  BareServer(const BareServer&) = delete;
  BareServer& operator=(const BareServer&) = delete;
  ~BareServer() {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    if (threads_) threads_->stop();
  }
  int port() const { return port_; }

 private:
  BareServer() = default;
  std::shared_ptr<apache::thrift::concurrency::ThreadManager> threads_;
  std::shared_ptr<apache::thrift::server::TThreadPoolServer> server_;
  std::thread thread_;
  int port_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The load: `clients` threads, each with its own exchange::Client.

struct RunResult {
  std::int64_t calls = 0;
  std::int64_t errors = 0;
  double seconds = 0;
  double p50_ms = 0, p99_ms = 0;
  std::string first_error;
};

double Percentile(const std::vector<std::int64_t>& sorted_ns, double q) {
  if (sorted_ns.empty()) return 0;
  const auto last = static_cast<double>(sorted_ns.size() - 1);
  const auto at = static_cast<std::size_t>(q * last + 0.5);
  return static_cast<double>(sorted_ns[std::min(at, sorted_ns.size() - 1)]) / 1e6;
}

RunResult RunLoad(int port, int clients, double seconds, const std::optional<ex::ClientTls>& tls) {
  std::vector<std::vector<std::int64_t>> latencies(static_cast<std::size_t>(clients));
  std::vector<std::int64_t> errors(static_cast<std::size_t>(clients), 0);
  std::vector<std::string> first_errors(static_cast<std::size_t>(clients));
  std::mutex mutex;
  std::condition_variable ready_cv;
  int ready = 0;
  bool go = false;
  Clock::time_point deadline;

  auto worker = [&](std::size_t index) {
    auto& mine = latencies[index];
    mine.reserve(1 << 16);
    std::optional<ex::Client> client;
    auto connected = ex::Client::Connect("127.0.0.1", port, 10000, tls);
    if (connected.has_value()) {
      client.emplace(std::move(*connected));
      // The first call opens the connection (and the TLS handshake) outside the timed window.
      auto warm = client->GetTalent(kPersonId);
      if (!warm.has_value()) first_errors[index] = warm.error().ToString();
    } else {
      first_errors[index] = connected.error().ToString();
    }
    {
      std::unique_lock lock(mutex);
      ++ready;
      ready_cv.notify_all();
      ready_cv.wait(lock, [&] { return go; });
    }
    if (!client) {
      ++errors[index];
      return;
    }
    while (true) {
      const auto start = Clock::now();
      if (start >= deadline) break;
      auto talent = client->GetTalent(kPersonId);
      const auto end = Clock::now();
      if (talent.has_value() && talent->person_id == kPersonId) {
        mine.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
      } else {
        if (first_errors[index].empty()) {
          first_errors[index] =
              talent.has_value() ? "wrong talent returned" : talent.error().ToString();
        }
        ++errors[index];
      }
    }
  };

  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(clients));
  for (int i = 0; i < clients; ++i) threads.emplace_back(worker, static_cast<std::size_t>(i));
  Clock::time_point started;
  {
    std::unique_lock lock(mutex);
    ready_cv.wait(lock, [&] { return ready == clients; });
    started = Clock::now();
    deadline = started +
               std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    go = true;
  }
  ready_cv.notify_all();
  for (auto& t : threads) t.join();

  RunResult result;
  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::vector<std::int64_t> all;
  for (std::size_t i = 0; i < latencies.size(); ++i) {
    all.insert(all.end(), latencies[i].begin(), latencies[i].end());
    result.errors += errors[i];
    if (result.first_error.empty()) result.first_error = first_errors[i];
  }
  std::sort(all.begin(), all.end());
  result.calls = static_cast<std::int64_t>(all.size());
  result.p50_ms = Percentile(all, 0.50);
  result.p99_ms = Percentile(all, 0.99);
  return result;
}

// ---------------------------------------------------------------------------------------------

struct Row {
  std::string scenario;
  bool tls = false;
  int clients = 0;
  RunResult run;
  double rate() const { return run.seconds > 0 ? static_cast<double>(run.calls) / run.seconds : 0; }
};

long PeakRssKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

struct Args {
  double seconds = 5;
  std::vector<int> clients{1, 8, 64};
  bool json = false;
};

constexpr const char* kUsage =
    "usage: exchange_bench [--seconds S] [--clients 1,8,64] [--json]\n"
    "  getTalent calls/s, p50 and p99 latency per scenario and client count, on 127.0.0.1:\n"
    "    bare               plain Thrift server (framed binary) answering a constant record\n"
    "    bare-tls           the same behind Thrift's TSSLServerSocket, client cert required\n"
    "    huicai             exchange::Server over an in-memory backend, plain TCP\n"
    "    huicai-mtls        the same with mutual TLS (dev CA from exchange::InitCertificates)\n"
    "    huicai-mtls-audit  the same, every call appended to a SQLite store's audit log\n"
    "  --seconds S   seconds per scenario and client count (default 5, 0.1..600)\n"
    "  --clients L   comma-separated client counts, each 1..64 (default 1,8,64)\n"
    "  --json        print the figures as JSON instead of a table\n"
    "  Every client is a thread with its own exchange::Client. Temporary certificates and the\n"
    "  audit store go in a fresh temporary directory, removed at the end.\n";

std::optional<Args> ParseArgs(int argc, char** argv, int& exit_code) {
  Args args;
  exit_code = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return std::nullopt;
    } else if (arg == "--json") {
      args.json = true;
    } else if (arg == "--seconds") {
      auto v = value();
      char* end = nullptr;
      const double s = v ? std::strtod(v->c_str(), &end) : 0;
      if (!v || end == v->c_str() || *end != '\0' || !(s >= 0.1 && s <= 600)) {
        std::cerr << "exchange_bench: --seconds needs a number of seconds in 0.1..600\n";
        exit_code = 2;
        return std::nullopt;
      }
      args.seconds = s;
    } else if (arg == "--clients") {
      auto v = value();
      args.clients.clear();
      std::stringstream list(v.value_or(""));
      std::string item;
      while (std::getline(list, item, ',')) {
        char* end = nullptr;
        const long n = std::strtol(item.c_str(), &end, 10);
        if (end == item.c_str() || *end != '\0' || n < 1 || n > 64) {
          std::cerr << "exchange_bench: --clients takes counts 1..64 separated by commas, e.g. "
                       "1,8,64; got '"
                    << item << "'\n";
          exit_code = 2;
          return std::nullopt;
        }
        args.clients.push_back(static_cast<int>(n));
      }
      if (args.clients.empty()) {
        std::cerr << "exchange_bench: --clients needs at least one count, e.g. 1,8,64\n";
        exit_code = 2;
        return std::nullopt;
      }
    } else {
      std::cerr << "exchange_bench: unknown argument '" << arg << "'\n" << kUsage;
      exit_code = 2;
      return std::nullopt;
    }
  }
  return args;
}

// Removes the temporary directory however the run ends.
struct TempDir {
  fs::path path;
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

Result<fs::path> MakeTempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 10; ++attempt) {
    const fs::path dir =
        fs::temp_directory_path() /
        ("huicai_exchange_bench_" + std::to_string(::getpid()) + "_" + std::to_string(rd()));
    std::error_code ec;
    if (fs::create_directory(dir, ec)) return dir;
  }
  return Status::Unavailable("cannot create a temporary directory under " +
                             fs::temp_directory_path().string() + "; check TMPDIR and free space");
}

int Fail(const Status& status) {
  std::cerr << "exchange_bench: " << status.ToString() << "\n";
  return 1;
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  int exit_code = 0;
  const std::optional<Args> parsed = ParseArgs(argc, argv, exit_code);
  if (!parsed) return exit_code;
  const Args& args = *parsed;
  std::signal(SIGPIPE, SIG_IGN);
  apache::thrift::GlobalOutput.setOutputFunction(&CountThriftDiagnostic);

  TempDir temp;
  {
    auto dir = MakeTempDir();
    if (!dir.has_value()) return Fail(dir.error());
    temp.path = *dir;
  }

  ex::CertsOptions certs_options;
  certs_options.dir = temp.path / "certs";
  certs_options.agencies = {"bench"};
  auto certs = ex::InitCertificates(certs_options);
  if (!certs.has_value()) return Fail(certs.error());
  const ex::ClientTls client_tls{certs->agency_certs.at(0),
                                 fs::path(certs->agency_certs.at(0)).replace_extension(".key"),
                                 certs->ca_cert};
  ex::ServerTls server_tls;
  server_tls.cert = certs->server_cert;
  server_tls.key = certs->server_key;
  server_tls.ca = certs->ca_cert;
  server_tls.crl = certs->crl;
  server_tls.agencies = {"bench"};
  server_tls.rights["bench"] = ex::AgencyRights{{"getTalent"}, {"*"}, {}};

  huicai::store::StoreOptions store_options;
  store_options.connection_string = "DRIVER=SQLite3;Database=" + (temp.path / "audit.db").string();
  auto store = huicai::store::Store::Open(store_options);
  if (!store.has_value()) return Fail(store.error());
  if (Status migrated = store->Migrate(); !migrated.ok()) return Fail(migrated);

  BenchBackend backend;
  std::mutex audit_mutex;
  std::atomic<std::int64_t> audit_failures{0};
  std::string audit_first_error;

  std::vector<Row> rows;
  auto record = [&](const std::string& scenario, bool tls, int port,
                    const std::optional<ex::ClientTls>& ctls) {
    for (int clients : args.clients) {
      if (!args.json) {
        std::cerr << "running " << scenario << " with " << clients << " client(s) for "
                  << args.seconds << " s\n";
      }
      rows.push_back(Row{scenario, tls, clients, RunLoad(port, clients, args.seconds, ctls)});
    }
  };

  // 1. bare, plain and TLS.
  {
    auto bare = BareServer::Start(std::nullopt);
    if (!bare.has_value()) return Fail(bare.error());
    record("bare", false, (*bare)->port(), std::nullopt);
  }
  {
    auto bare = BareServer::Start(BareTlsFiles{
        certs->server_cert.string(), certs->server_key.string(), certs->ca_cert.string()});
    if (!bare.has_value()) return Fail(bare.error());
    record("bare-tls", true, (*bare)->port(), client_tls);
  }

  ex::ServerOptions base;
  base.host = "127.0.0.1";
  base.port = 0;
  base.worker_threads = kWorkers;
  base.max_clients = kWorkers;

  // 2. huicai plain.
  {
    auto server = ex::Server::Start(backend, base);
    if (!server.has_value()) return Fail(server.error());
    record("huicai", false, (*server)->port(), std::nullopt);
  }
  // 3. huicai mutual TLS.
  {
    ex::ServerOptions options = base;
    options.tls = server_tls;
    auto server = ex::Server::Start(backend, options);
    if (!server.has_value()) return Fail(server.error());
    record("huicai-mtls", true, (*server)->port(), client_tls);
  }
  // 4. huicai mutual TLS + audit, as `huicai serve` records every call.
  {
    ex::ServerOptions options = base;
    options.tls = server_tls;
    huicai::store::Store& audit_store = *store;
    options.on_call = [&](const ex::CallRecord& call) {
      huicai::store::AuditEntry entry;
      entry.agency = call.agency;
      entry.method = call.method;
      entry.subjects = call.subjects;
      entry.fields = call.fields;
      entry.outcome =
          call.code == huicai::StatusCode::kOk ? "ok" : std::string(StatusCodeName(call.code));
      std::lock_guard lock(audit_mutex);
      Status appended =
          audit_store.AppendAudit(std::span<const huicai::store::AuditEntry>(&entry, 1));
      if (!appended.ok()) {
        if (audit_failures++ == 0) audit_first_error = appended.ToString();
      }
    };
    auto server = ex::Server::Start(backend, options);
    if (!server.has_value()) return Fail(server.error());
    record("huicai-mtls-audit", true, (*server)->port(), client_tls);
  }

  std::int64_t audited = -1;
  if (auto check = store->VerifyAudit(); check.has_value()) {
    audited = check->ok ? check->entries : -check->entries;
  }
  const long rss = PeakRssKib();

  auto bare_rate = [&](int clients, bool tls) {
    for (const Row& r : rows) {
      if (r.clients == clients && r.tls == tls && r.scenario.rfind("bare", 0) == 0) return r.rate();
    }
    return 0.0;
  };

  if (args.json) {
    std::cout << "{\"seconds\": " << args.seconds << ", \"peak_rss_kib\": " << rss
              << ", \"audit_entries\": " << audited
              << ", \"audit_failures\": " << audit_failures.load() << ", \"rows\": [\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      const double bare = bare_rate(r.clients, false);
      const double bare_same = bare_rate(r.clients, r.tls);
      std::cout << "  {\"scenario\": \"" << r.scenario << "\", \"clients\": " << r.clients
                << ", \"calls\": " << r.run.calls << ", \"errors\": " << r.run.errors
                << ", \"calls_per_s\": " << Fixed(r.rate(), 1)
                << ", \"p50_ms\": " << Fixed(r.run.p50_ms, 3)
                << ", \"p99_ms\": " << Fixed(r.run.p99_ms, 3)
                << ", \"of_bare\": " << Fixed(bare > 0 ? r.rate() / bare : 0, 3)
                << ", \"of_bare_same_transport\": "
                << Fixed(bare_same > 0 ? r.rate() / bare_same : 0, 3) << "}"
                << (i + 1 < rows.size() ? "," : "") << "\n";
    }
    std::cout << "]}\n";
  } else {
    std::printf("getTalent over loopback, %.1f s per row, %d server workers\n", args.seconds,
                kWorkers);
    std::printf("%-18s %7s %11s %9s %9s %8s %10s %7s\n", "scenario", "clients", "calls/s", "p50 ms",
                "p99 ms", "of bare", "of bare*", "errors");
    for (const Row& r : rows) {
      const double bare = bare_rate(r.clients, false);
      const double bare_same = bare_rate(r.clients, r.tls);
      std::printf(
          "%-18s %7d %11.0f %9.3f %9.3f %7.0f%% %9.0f%% %7lld\n", r.scenario.c_str(), r.clients,
          r.rate(), r.run.p50_ms, r.run.p99_ms, bare > 0 ? 100 * r.rate() / bare : 0,
          bare_same > 0 ? 100 * r.rate() / bare_same : 0, static_cast<long long>(r.run.errors));
    }
    std::printf(
        "of bare: share of the plain bare Thrift rate at the same client count; "
        "of bare*: of the bare server on the same transport (plain or TLS)\n");
    std::printf("audit log: %lld entries%s, %lld append failures\n",
                static_cast<long long>(audited < 0 ? -audited : audited),
                audited < 0 ? " (chain check FAILED or unreadable)" : ", chain intact",
                static_cast<long long>(audit_failures.load()));
    std::printf("Thrift diagnostics of the bare servers (dropped, counted): %lld\n",
                static_cast<long long>(g_thrift_diagnostics.load()));
    std::printf("peak RSS (VmHWM): %.1f MiB\n", static_cast<double>(rss) / 1024.0);
  }
  for (const Row& r : rows) {
    if (!r.run.first_error.empty()) {
      std::cerr << "note: " << r.scenario << " x" << r.clients
                << " first error: " << r.run.first_error << "\n";
    }
  }
  if (audit_failures.load() > 0) std::cerr << "note: audit append: " << audit_first_error << "\n";
  bool any_errors = audit_failures.load() > 0;
  for (const Row& r : rows) any_errors = any_errors || r.run.errors > 0;
  return any_errors ? 1 : 0;
}
