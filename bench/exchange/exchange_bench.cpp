// exchange_bench: calls/s and p50/p99 latency of getPerson and submitRecords (100 records a
// call), and getTalent on request, with 1, 8 and 64 concurrent clients (issue 5 "Figures").
// Every client is a thread with its own exchange::Client making one kind of call in a loop for
// S seconds; latencies are taken with steady_clock per call into a log-linear histogram (1.6%
// resolution, fixed size, so that a long run holds no growing list).
// Scenarios, all on loopback, in one run:
//   bare        a plain Thrift TThreadPoolServer (framed binary) whose handler returns a
//               constant record (100 constant receipts for submitRecords): the reference rate
//   bare-tls    the same behind Thrift's own TSSLServerSocket with the same certificates
//   huicai      exchange::Server over an in-memory Backend, no call log
//   huicai-mtls the same with mutual TLS (dev CA made by exchange::InitCertificates)
//   huicai-mtls-audit  the same, every call appended to the audit log of a SQLite store under
//               a mutex, one transaction per call (the old `huicai serve`)
//   huicai-mtls-store-audit  what `huicai serve` does now: a real hub (SQLite store holding
//               --talents talents) behind app::ServeBackend: getPerson/getTalent of random
//               stored ids through its read pool, submitRecords validated, linked (by
//               passport to a stored talent) and stored by the Hub in one transaction a call,
//               every call group-committed to the audit log before it is answered
// Usage: exchange_bench [--seconds S] [--clients 1,8,64] [--calls getPerson,submitRecords]
//                       [--talents N] [--json]
//        exchange_bench --memory-minutes M [--calls getPerson]  (64 clients on
//               huicai-mtls-store-audit for M minutes, printing the resident set size every 30 s)
// Temporary files (certificates, the SQLite stores) live in a fresh temporary directory that is
// removed at the end. Traffic goes to 127.0.0.1 only and every loop is bounded by S.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
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
#include <array>
#include <atomic>
#include <bit>
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

#include "app/serve_backend.h"
#include "core/status.h"
#include "core/types.h"
#include "exchange/backend.h"
#include "exchange/certs.h"
#include "exchange/client.h"
#include "exchange/server.h"
#include "hub/config.h"
#include "hub/hub.h"
#include "hub/serving.h"
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

huicai::Person SamplePerson() {
  huicai::Person p;
  p.id = kPersonId;
  p.id_number = "371302198003151234";
  p.name = "王晓明";
  p.gender = huicai::Gender::kMale;
  p.birth_date = huicai::Date{1980, 3, 15};
  p.region_code = "371302";
  p.nationality = "CHN";
  p.mobile = "13800001234";
  return p;
}

wire::Person SampleWirePerson() {
  const huicai::Person p = SamplePerson();
  wire::Person w;
  w.personId = p.id;
  w.__set_name(p.name);
  w.__set_idNumber(p.id_number);
  w.__set_gender(wire::Gender::MALE);
  w.__set_birthDate("1980-03-15");
  w.__set_regionCode(p.region_code);
  w.__set_nationality(p.nationality);
  w.__set_mobile(p.mobile);
  w.__set_talent(SampleWireTalent());
  return w;
}

// An in-memory Backend: one person who is a talent, read-only after construction, so
// thread-safe unlocked; records are answered with an accepted receipt each and not kept. Only
// getTalent, getPerson and submitRecords are timed; every other call answers "not in the bench".
class BenchBackend : public ex::Backend {
 public:
  BenchBackend() : talent_(SampleTalent()), person_(SamplePerson()) {}
  Result<huicai::Talent> GetTalent(huicai::PersonId id) override {
    if (id != talent_.person_id) {
      return Status::NotFound("no talent with person id " + std::to_string(id));
    }
    return talent_;
  }
  Result<ex::TalentSearchPage> SearchTalents(const ex::TalentSearch&) override {
    return ex::TalentSearchPage{};
  }
  Result<huicai::NeedId> PostNeed(const huicai::Need&) override { return Absent(); }
  Result<std::vector<huicai::Proposal>> ListProposals(huicai::NeedId) override { return Absent(); }
  Result<ex::CardCheck> VerifyCard(std::string_view, std::string_view) override {
    return ex::CardCheck{};
  }
  Result<ex::PersonRecord> GetPerson(huicai::PersonId id) override {
    if (id != kPersonId) return Absent();
    return ex::PersonRecord{person_, talent_, {}};
  }
  Result<std::vector<ex::RecordReceipt>> SubmitRecords(
      std::string_view, std::vector<huicai::Record> records) override {
    std::vector<ex::RecordReceipt> receipts;
    receipts.reserve(records.size());
    for (huicai::Record& r : records) {
      receipts.push_back({std::move(r.source_key), true, kPersonId, {}, {}});
    }
    return receipts;
  }
  Result<ex::ChangeBatch> ChangesSince(std::int64_t, size_t) override { return Absent(); }
  Result<huicai::Need> GetNeed(huicai::NeedId) override { return Absent(); }
  Status UpdateNeed(const huicai::Need&) override { return Absent(); }
  Result<ex::ProposalAnswerResult> AnswerProposal(huicai::NeedId, huicai::PersonId,
                                                  ex::ProposalAnswerKind, int,
                                                  std::string_view) override {
    return Absent();
  }
  Result<ex::MatchSummary> GetMatchReport(std::string_view) override { return Absent(); }
  Result<huicai::ServiceRequest> SubmitServiceRequest(huicai::PersonId,
                                                      const std::vector<std::string>&,
                                                      std::string_view, std::string_view) override {
    return Absent();
  }
  Result<huicai::ServiceItem> UpdateServiceItem(huicai::ServiceItemId, std::string_view,
                                                huicai::ServiceItemStatus, std::string_view,
                                                std::optional<huicai::Date>) override {
    return Absent();
  }
  Result<huicai::ServiceRequest> GetServiceRequest(huicai::ServiceRequestId) override {
    return Absent();
  }
  Result<std::vector<huicai::ServiceEvent>> ServiceArchive(huicai::PersonId) override {
    return Absent();
  }
  Result<huicai::search::PolicyResults> SearchPolicies(
      const huicai::search::PolicyQuery&) override {
    return Absent();
  }
  Result<huicai::search::NeedResults> SearchNeeds(const huicai::search::NeedQuery&) override {
    return Absent();
  }
  Result<huicai::search::StationResults> SearchStations(
      const huicai::search::StationQuery&) override {
    return Absent();
  }

 private:
  static Status Absent() { return Status::NotFound("the bench backend holds one talent only"); }
  const huicai::Talent talent_;
  const huicai::Person person_;
};

// ---------------------------------------------------------------------------------------------
// The bare Thrift server: generated processor, constant answer, nothing else (the other methods
// are the generated no-ops).

class BareHandler : public wire::HubServiceNull {
 public:
  BareHandler() : talent_(SampleWireTalent()), person_(SampleWirePerson()) {}
  void getApiVersion(std::string& out) override { out = "1.2"; }
  void getTalent(wire::Talent& out, std::int64_t) override { out = talent_; }
  void getPerson(wire::Person& out, std::int64_t) override { out = person_; }
  void submitRecords(std::vector<wire::RecordReceipt>& out,
                     const std::vector<wire::PartnerRecord>& records) override {
    out.resize(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
      out[i].sourceKey = records[i].sourceKey;
      out[i].status = wire::ReceiptStatus::ACCEPTED;
      out[i].personId = kPersonId;
    }
  }

 private:
  const wire::Talent talent_;
  const wire::Person person_;
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

// Latencies in a log-linear histogram: values below 64 ns exactly, above in 64 buckets per
// power of two (at most 1/64 = 1.6% wide). Fixed size whatever the run's length.
class Histogram {
 public:
  static constexpr int kSubBits = 6;
  static constexpr std::size_t kSub = std::size_t{1} << kSubBits;
  static constexpr std::size_t kBuckets = kSub * (64 - kSubBits + 1);

  void Add(std::int64_t ns) {
    ++counts_[Index(static_cast<std::uint64_t>(std::max<std::int64_t>(ns, 0)))];
    ++total_;
  }
  void Merge(const Histogram& other) {
    for (std::size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
  }
  std::int64_t total() const { return total_; }
  // The q-quantile in milliseconds (a bucket's midpoint); 0 when empty.
  double QuantileMs(double q) const {
    if (total_ == 0) return 0;
    const auto rank = static_cast<std::int64_t>(q * static_cast<double>(total_ - 1) + 0.5) + 1;
    std::int64_t seen = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
      seen += counts_[i];
      if (seen >= rank) return Midpoint(i) / 1e6;
    }
    return Midpoint(kBuckets - 1) / 1e6;
  }

 private:
  static std::size_t Index(std::uint64_t v) {
    if (v < kSub) return static_cast<std::size_t>(v);
    const int shift = static_cast<int>(std::bit_width(v)) - 1 - kSubBits;  // >= 0
    return kSub * static_cast<std::size_t>(shift + 1) +
           static_cast<std::size_t>((v >> shift) - kSub);
  }
  static double Midpoint(std::size_t i) {
    if (i < kSub) return static_cast<double>(i);
    const std::size_t shift = i / kSub - 1;
    const auto lower = static_cast<double>((kSub + i % kSub) << shift);
    return lower + static_cast<double>(std::uint64_t{1} << shift) / 2.0;
  }
  std::array<std::int64_t, kBuckets> counts_{};
  std::int64_t total_ = 0;
};

// Calls answered so far in the current run, for the memory mode's progress lines.
std::atomic<std::int64_t> g_calls_done{0};

// The bench talents' names: "Expert " and the index in letters (a name check refuses digits).
std::string ExpertName(int index) {
  std::string letters;
  do {
    letters.insert(letters.begin(), static_cast<char>('a' + index % 26));
    index /= 26;
  } while (index > 0);
  letters[0] = static_cast<char>(letters[0] - 'a' + 'A');
  return "Expert " + letters;
}

enum class Call { kGetTalent, kGetPerson, kSubmitRecords };
constexpr int kRecordsPerCall = 100;

std::string_view CallName(Call call) {
  switch (call) {
    case Call::kGetTalent:
      return "getTalent";
    case Call::kGetPerson:
      return "getPerson";
    case Call::kSubmitRecords:
      return "submitRecords";
  }
  return "?";
}

// What every client of a run does: read ids drawn at random, or send batches of records.
struct Workload {
  Call call = Call::kGetPerson;
  std::vector<huicai::PersonId> ids;  // getTalent, getPerson
  int talents = 1;  // submitRecords: each record names the passport of talent 0..talents-1
};

// One client's calls. getTalent/getPerson check the record returned is the one asked for;
// submitRecords sends kRecordsPerCall degree records under keys no other call uses (so each is
// a new record for the hub), each naming a stored talent's passport, and checks every receipt
// is "accepted" and linked to a person.
class Caller {
 public:
  Caller(const Workload& work, std::size_t index)
      : work_(work),
        index_(index),
        rng_(index + 1),
        pick_id_(0, work.ids.empty() ? 0 : work.ids.size() - 1),
        pick_talent_(0, std::max(work.talents, 1) - 1) {
    if (work.call == Call::kSubmitRecords) {
      records_.resize(kRecordsPerCall);
      for (huicai::Record& r : records_) {
        r.kind = "degree";
        r.fields = {{"nationality", "DEU"}, {"degree", "博士"}, {"school", "Universität Bonn"}};
      }
    }
  }
  // "" when the call succeeded and answered right, else what went wrong.
  std::string MakeCall(ex::Client& client) {
    switch (work_.call) {
      case Call::kGetTalent: {
        const huicai::PersonId id = work_.ids[pick_id_(rng_)];
        auto talent = client.GetTalent(id);
        if (!talent.has_value()) return talent.error().ToString();
        return talent->person_id == id ? "" : "wrong talent returned";
      }
      case Call::kGetPerson: {
        const huicai::PersonId id = work_.ids[pick_id_(rng_)];
        auto person = client.GetPerson(id);
        if (!person.has_value()) return person.error().ToString();
        return person->person.id == id ? "" : "wrong person returned";
      }
      case Call::kSubmitRecords: {
        for (huicai::Record& r : records_) {
          const int k = pick_talent_(rng_);
          r.source_key = "c" + std::to_string(index_) + "-" + std::to_string(++sent_);
          r.fields["passport"] = "C" + std::to_string(10000000 + k);
          r.fields["name"] = ExpertName(k);
        }
        auto receipts = client.SubmitRecords(records_);
        if (!receipts.has_value()) return receipts.error().ToString();
        if (receipts->size() != records_.size()) return "wrong number of receipts";
        for (const ex::RecordReceipt& receipt : *receipts) {
          if (!receipt.accepted) return "record quarantined: " + receipt.reason_code;
          if (receipt.person_id <= 0) return "record accepted but linked to no person";
        }
        return "";
      }
    }
    return "unknown call";
  }

 private:
  const Workload& work_;
  const std::size_t index_;
  std::mt19937_64 rng_;
  std::uniform_int_distribution<std::size_t> pick_id_;
  std::uniform_int_distribution<int> pick_talent_;
  std::vector<huicai::Record> records_;
  std::int64_t sent_ = 0;
};

// `clients` threads make the workload's call for `seconds`, each with its own Caller (its own
// generator, seeded by its index).
RunResult RunLoad(int port, int clients, double seconds, const std::optional<ex::ClientTls>& tls,
                  const Workload& work) {
  std::vector<Histogram> latencies(static_cast<std::size_t>(clients));
  std::vector<std::int64_t> errors(static_cast<std::size_t>(clients), 0);
  std::vector<std::string> first_errors(static_cast<std::size_t>(clients));
  std::mutex mutex;
  std::condition_variable ready_cv;
  int ready = 0;
  bool go = false;
  Clock::time_point deadline;

  auto worker = [&](std::size_t index) {
    Histogram& mine = latencies[index];
    Caller caller(work, index);
    std::optional<ex::Client> client;
    auto connected = ex::Client::Connect("127.0.0.1", port, 10000, tls);
    if (connected.has_value()) {
      client.emplace(std::move(*connected));
      // The first call opens the connection (and the TLS handshake) outside the timed window.
      first_errors[index] = caller.MakeCall(*client);
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
      std::string error = caller.MakeCall(*client);
      const auto end = Clock::now();
      if (error.empty()) {
        mine.Add(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
        g_calls_done.fetch_add(1, std::memory_order_relaxed);
      } else {
        if (first_errors[index].empty()) first_errors[index] = std::move(error);
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
  Histogram all;
  for (std::size_t i = 0; i < latencies.size(); ++i) {
    all.Merge(latencies[i]);
    result.errors += errors[i];
    if (result.first_error.empty()) result.first_error = first_errors[i];
  }
  result.calls = all.total();
  result.p50_ms = all.QuantileMs(0.50);
  result.p99_ms = all.QuantileMs(0.99);
  return result;
}

// ---------------------------------------------------------------------------------------------

struct Row {
  std::string scenario;
  Call call = Call::kGetPerson;
  bool tls = false;
  int clients = 0;
  RunResult run;
  double rate() const { return run.seconds > 0 ? static_cast<double>(run.calls) / run.seconds : 0; }
};

// A line of /proc/self/status in KiB: "VmHWM" (peak resident set) or "VmRSS" (now); -1 if absent.
long StatusKib(std::string_view key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 &&
        line[key.size()] == ':') {
      return std::strtol(line.c_str() + key.size() + 1, nullptr, 10);
    }
  }
  return -1;
}
long PeakRssKib() { return StatusKib("VmHWM"); }

struct Args {
  double seconds = 5;
  std::vector<int> clients{1, 8, 64};
  std::vector<Call> calls{Call::kGetPerson, Call::kSubmitRecords};
  std::vector<std::string> scenarios;  // empty: all
  int talents = 5000;
  double memory_minutes = 0;  // > 0: the memory run instead of the table
  bool json = false;
};

constexpr const char* kUsage =
    "usage: exchange_bench [--seconds S] [--clients 1,8,64] [--calls getPerson,submitRecords]\n"
    "                      [--talents N] [--json]\n"
    "       exchange_bench --memory-minutes M [--calls getPerson] [--talents N]\n"
    "  calls/s, p50 and p99 latency per call, scenario and client count, on 127.0.0.1:\n"
    "    bare               plain Thrift server (framed binary) answering a constant record\n"
    "                       (submitRecords: a constant receipt per record)\n"
    "    bare-tls           the same behind Thrift's TSSLServerSocket, client cert required\n"
    "    huicai             exchange::Server over an in-memory backend, plain TCP\n"
    "    huicai-mtls        the same with mutual TLS (dev CA from exchange::InitCertificates)\n"
    "    huicai-mtls-audit  the same, each call appended to a SQLite audit log in its own\n"
    "                       transaction under a mutex (the old huicai serve)\n"
    "    huicai-mtls-store-audit  a real hub (SQLite store with --talents talents) behind\n"
    "                       app::ServeBackend: pooled store reads of random stored ids; records\n"
    "                       validated, linked and stored by the Hub; every call group-committed\n"
    "                       to the audit log before it is answered\n"
    "    huicai-mtls-store  the same without the call log (the store's share alone)\n"
    "  --scenarios L comma-separated scenarios to run (default all; the figures against bare need\n"
    "                bare and bare-tls)\n"
    "  --calls L     comma-separated: getPerson, submitRecords (100 records a call), getTalent\n"
    "                (default getPerson,submitRecords; the memory run takes the first)\n"
    "  --seconds S   seconds per scenario and client count (default 5, 0.1..600)\n"
    "  --clients L   comma-separated client counts, each 1..64 (default 1,8,64)\n"
    "  --talents N   talents stored for huicai-mtls-store-audit (default 5000, 1..200000)\n"
    "  --memory-minutes M  instead of the table: 64 clients on huicai-mtls-store-audit for M\n"
    "                minutes (0.5..600), printing the resident set size every 30 s\n"
    "  --json        print the figures as JSON instead of a table\n"
    "  Every client is a thread with its own exchange::Client. Temporary certificates and the\n"
    "  audit store go in a fresh temporary directory, removed at the end.\n";

constexpr std::string_view kScenarios[] = {"bare",
                                           "bare-tls",
                                           "huicai",
                                           "huicai-mtls",
                                           "huicai-mtls-audit",
                                           "huicai-mtls-store",
                                           "huicai-mtls-store-audit"};

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
    } else if (arg == "--talents") {
      auto v = value();
      char* end = nullptr;
      const long n = v ? std::strtol(v->c_str(), &end, 10) : 0;
      if (!v || end == v->c_str() || *end != '\0' || n < 1 || n > 200000) {
        std::cerr << "exchange_bench: --talents needs a count in 1..200000\n";
        exit_code = 2;
        return std::nullopt;
      }
      args.talents = static_cast<int>(n);
    } else if (arg == "--memory-minutes") {
      auto v = value();
      char* end = nullptr;
      const double m = v ? std::strtod(v->c_str(), &end) : 0;
      if (!v || end == v->c_str() || *end != '\0' || !(m >= 0.5 && m <= 600)) {
        std::cerr << "exchange_bench: --memory-minutes needs a number of minutes in 0.5..600\n";
        exit_code = 2;
        return std::nullopt;
      }
      args.memory_minutes = m;
    } else if (arg == "--scenarios") {
      auto v = value();
      std::stringstream list(v.value_or(""));
      std::string item;
      while (std::getline(list, item, ',')) {
        if (std::find(std::begin(kScenarios), std::end(kScenarios), item) == std::end(kScenarios)) {
          std::cerr << "exchange_bench: --scenarios: unknown scenario '" << item
                    << "'; see --help\n";
          exit_code = 2;
          return std::nullopt;
        }
        args.scenarios.push_back(item);
      }
    } else if (arg == "--calls") {
      auto v = value();
      args.calls.clear();
      std::stringstream list(v.value_or(""));
      std::string item;
      while (std::getline(list, item, ',')) {
        bool known = false;
        for (Call c : {Call::kGetPerson, Call::kSubmitRecords, Call::kGetTalent}) {
          if (item == CallName(c)) {
            args.calls.push_back(c);
            known = true;
          }
        }
        if (!known) {
          std::cerr << "exchange_bench: --calls takes getPerson, submitRecords and getTalent "
                       "separated by commas; got '"
                    << item << "'\n";
          exit_code = 2;
          return std::nullopt;
        }
      }
      if (args.calls.empty()) {
        std::cerr << "exchange_bench: --calls needs at least one call, e.g. getPerson\n";
        exit_code = 2;
        return std::nullopt;
      }
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

// A real hub for huicai-mtls-store-audit: a SQLite store in `dir` created as `huicai init`
// does (Hub::Open + Init), holding `talents` talents (foreign experts, linked by passport),
// written in batches of 1000 through the store's sync path.
struct StoreHub {
  std::unique_ptr<huicai::hub::Hub> hub;
  std::vector<huicai::PersonId> ids;  // person ids of the stored talents
};

Result<StoreHub> MakeStoreHub(const fs::path& dir, int talents) {
  huicai::hub::HubConfig config = huicai::hub::DefaultConfig(dir);
  config.store_connection = "DRIVER=SQLite3;Database=" + (dir / "hub.db").string();
  config.index_dir = dir / "index";
  StoreHub out;
  HUICAI_ASSIGN_OR_RETURN(out.hub, huicai::hub::Hub::Open(config));
  HUICAI_RETURN_IF_ERROR(out.hub->Init());
  HUICAI_ASSIGN_OR_RETURN(
      huicai::store::Store store,
      huicai::store::Store::Open({.connection_string = config.store_connection}));
  const huicai::Talent sample = SampleTalent();
  constexpr int kBatch = 1000;
  for (int from = 0; from < talents; from += kBatch) {
    huicai::store::SyncBatch batch;
    batch.partner = "bench";
    for (int i = from; i < std::min(talents, from + kBatch); ++i) {
      huicai::store::LinkedRecord r;
      r.record.partner = "bench";
      r.record.kind = "talent";
      r.record.source_key = std::to_string(i);
      r.record.watermark = "1";
      r.fingerprint = "bench-" + std::to_string(i);
      r.person.name = ExpertName(i);
      r.person.nationality = "DEU";
      r.person.passport = "C" + std::to_string(10000000 + i);
      r.link_method = "passport";
      huicai::Talent t = sample;
      t.person_id = 0;
      t.name = r.person.name;
      t.card_number = "HC37" + std::to_string(10000000 + i);
      t.days_available = 10 + i % 50;
      r.talent = std::move(t);
      batch.records.push_back(std::move(r));
    }
    HUICAI_RETURN_IF_ERROR(store.ApplySyncBatch(batch).status());
  }
  HUICAI_ASSIGN_OR_RETURN(auto stored, store.ListTalents());
  for (const huicai::Talent& t : stored) out.ids.push_back(t.person_id);
  if (out.ids.size() != static_cast<std::size_t>(talents)) {
    return Status::Internal("bench store holds " + std::to_string(out.ids.size()) + " talents, " +
                            std::to_string(talents) + " were written");
  }
  return out;
}

// In-process cost of the two store steps of a served call, one thread, no network: a read-pool
// lookup of a random stored talent, of a person with their talent, and an audit append (a lone
// caller: one transaction each).
struct StepCosts {
  double lookup_us = 0, person_us = 0, append_us = 0;
  double appends_8_per_s = 0;       // 8 threads appending at once, no network
  double appends_8_per_commit = 0;  // records per transaction then
};

Result<StepCosts> MeasureSteps(huicai::hub::Hub& hub, const std::vector<huicai::PersonId>& ids) {
  StepCosts costs;
  HUICAI_ASSIGN_OR_RETURN(auto pool, huicai::hub::ReadPool::Open(hub.config(), 1));
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::size_t> pick(0, ids.size() - 1);
  constexpr int kLookups = 5000, kAppends = 2000;
  auto start = Clock::now();
  for (int i = 0; i < kLookups; ++i) {
    HUICAI_RETURN_IF_ERROR(pool->GetTalent(ids[pick(rng)]).status());
  }
  costs.lookup_us =
      std::chrono::duration<double, std::micro>(Clock::now() - start).count() / kLookups;
  start = Clock::now();
  for (int i = 0; i < kLookups; ++i) {
    HUICAI_RETURN_IF_ERROR(pool->GetPersonWithTalent(ids[pick(rng)]).status());
  }
  costs.person_us =
      std::chrono::duration<double, std::micro>(Clock::now() - start).count() / kLookups;
  HUICAI_ASSIGN_OR_RETURN(auto log, huicai::hub::AuditLog::Open(hub.config()));
  huicai::hub::AuditRecord record;
  record.agency = "bench";
  record.method = "getTalent";
  record.fields = {"*"};
  record.outcome = "ok";
  start = Clock::now();
  for (int i = 0; i < kAppends; ++i) {
    record.subjects = {"person:" + std::to_string(ids[pick(rng)])};
    HUICAI_RETURN_IF_ERROR(log->Append(record));
  }
  costs.append_us =
      std::chrono::duration<double, std::micro>(Clock::now() - start).count() / kAppends;
  // The audit log's own ceiling: 8 threads appending for a second.
  const auto before = log->stats();
  std::atomic<std::int64_t> appended{0};
  std::atomic<bool> failed{false};
  start = Clock::now();
  const auto until = start + std::chrono::seconds(1);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      huicai::hub::AuditRecord mine = record;
      mine.subjects = {"person:" + std::to_string(ids[static_cast<std::size_t>(t) % ids.size()])};
      while (Clock::now() < until) {
        if (!log->Append(mine).ok()) failed = true;
        ++appended;
      }
    });
  }
  for (auto& t : threads) t.join();
  if (failed) return Status::Internal("concurrent audit appends failed");
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  const auto after = log->stats();
  costs.appends_8_per_s = static_cast<double>(appended.load()) / secs;
  costs.appends_8_per_commit =
      static_cast<double>(after.records - before.records) /
      static_cast<double>(std::max<std::int64_t>(1, after.batches - before.batches));
  return costs;
}

// The store+audit server: exchange::Server with mutual TLS over app::ServeBackend, every call
// audited through the backend's group-committing audit log before it is answered.
struct StoreAuditServer {
  std::unique_ptr<huicai::app::ServeBackend> backend;
  std::unique_ptr<ex::Server> server;
  std::atomic<std::int64_t> failures{0};
  std::mutex first_error_mutex;
  std::string first_error;
};

// Without `audit`, the same server answering without the call log (to tell the store's share
// from the audit's).
Status StartStoreAuditServer(huicai::hub::Hub& hub, const ex::ServerOptions& base,
                             StoreAuditServer& out, bool audit = true) {
  HUICAI_ASSIGN_OR_RETURN(out.backend, huicai::app::ServeBackend::Open(hub));
  ex::ServerOptions options = base;
  if (audit)
    options.on_call = [&out](const ex::CallRecord& call) {
      if (Status audited = out.backend->Audit(call); !audited.ok()) {
        if (out.failures++ == 0) {
          std::lock_guard lock(out.first_error_mutex);
          out.first_error = audited.ToString();
        }
      }
    };
  HUICAI_ASSIGN_OR_RETURN(out.server, ex::Server::Start(*out.backend, options));
  return Status::Ok();
}

// --memory-minutes: 64 clients on the store+audit server, VmRSS every 30 s.
int RunMemory(const Args& args, huicai::hub::Hub& hub, const std::vector<huicai::PersonId>& ids,
              const ex::ServerOptions& options, const ex::ClientTls& client_tls) {
  const Workload work{args.calls.front(), ids, args.talents};
  StoreAuditServer sas;
  if (Status started = StartStoreAuditServer(hub, options, sas); !started.ok())
    return Fail(started);
  const double seconds = args.memory_minutes * 60;
  std::printf("memory run: %s on huicai-mtls-store-audit, 64 clients, %.1f min, %d talents\n",
              std::string(CallName(work.call)).c_str(), args.memory_minutes, args.talents);
  std::printf("%8s %10s %12s %10s %12s\n", "elapsed", "RSS MiB", "calls", "calls/s", "audit txns");
  std::fflush(stdout);
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::vector<long> samples;
  std::thread sampler([&] {
    const auto start = Clock::now();
    std::int64_t last_calls = 0;
    auto last = start;
    std::unique_lock lock(mu);
    for (int k = 1;; ++k) {
      if (cv.wait_until(lock, start + std::chrono::seconds(30 * k), [&] { return done; })) return;
      const auto now = Clock::now();
      const long rss = StatusKib("VmRSS");
      const std::int64_t calls = g_calls_done.load();
      const double rate = static_cast<double>(calls - last_calls) /
                          std::chrono::duration<double>(now - last).count();
      samples.push_back(rss);
      std::printf("%7ds %10.1f %12lld %10.0f %12lld\n", 30 * k, static_cast<double>(rss) / 1024,
                  static_cast<long long>(calls), rate,
                  static_cast<long long>(sas.backend->audit_stats().batches));
      std::fflush(stdout);
      last_calls = calls;
      last = now;
    }
  });
  g_calls_done = 0;
  const RunResult run = RunLoad(sas.server->port(), 64, seconds, client_tls, work);
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_all();
  sampler.join();
  sas.server->Stop();
  const auto stats = sas.backend->audit_stats();
  std::printf("total: %lld calls in %.0f s = %.0f calls/s, p50 %.3f ms, p99 %.3f ms, %lld errors\n",
              static_cast<long long>(run.calls), run.seconds,
              static_cast<double>(run.calls) / run.seconds, run.p50_ms, run.p99_ms,
              static_cast<long long>(run.errors));
  std::printf("audit: %lld records in %lld transactions (%.1f per commit), %lld failures\n",
              static_cast<long long>(stats.records), static_cast<long long>(stats.batches),
              stats.batches > 0
                  ? static_cast<double>(stats.records) / static_cast<double>(stats.batches)
                  : 0.0,
              static_cast<long long>(sas.failures.load()));
  if (!samples.empty()) {
    const auto [lo, hi] = std::minmax_element(samples.begin(), samples.end());
    std::printf("RSS: first %.1f MiB, last %.1f MiB, min %.1f, max %.1f; peak (VmHWM) %.1f MiB\n",
                static_cast<double>(samples.front()) / 1024,
                static_cast<double>(samples.back()) / 1024, static_cast<double>(*lo) / 1024,
                static_cast<double>(*hi) / 1024, static_cast<double>(PeakRssKib()) / 1024);
  }
  auto check = hub.VerifyAudit();
  if (!check.has_value()) return Fail(check.error());
  std::printf("audit chain: %lld entries, %s\n", static_cast<long long>(check->entries),
              check->ok ? "intact" : check->problem.c_str());
  if (!run.first_error.empty()) std::cerr << "note: first error: " << run.first_error << "\n";
  if (sas.failures.load() > 0) std::cerr << "note: audit append: " << sas.first_error << "\n";
  return run.errors > 0 || sas.failures.load() > 0 || !check->ok ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  int exit_code = 0;
  const std::optional<Args> parsed = ParseArgs(argc, argv, exit_code);
  if (!parsed) return exit_code;
  const Args& args = *parsed;
  std::signal(SIGPIPE, SIG_IGN);
  // The hub's logs (a line per record batch at info) to stderr, warnings and above only, so that
  // stdout holds the figures alone.
  spdlog::set_default_logger(spdlog::stderr_color_mt("exchange_bench"));
  spdlog::set_level(spdlog::level::warn);
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
  ex::AgencyRights bench_rights;
  bench_rights.methods = {"getTalent", "getPerson", "submitRecords"};
  bench_rights.fields = {"*"};
  bench_rights.kinds = {"*"};
  server_tls.rights["bench"] = bench_rights;

  // The real hub behind huicai-mtls-store-audit (and the memory run).
  if (!args.json) std::cerr << "storing " << args.talents << " talents in a SQLite hub store\n";
  fs::create_directories(temp.path / "hub");
  auto store_hub = MakeStoreHub(temp.path / "hub", args.talents);
  if (!store_hub.has_value()) return Fail(store_hub.error());

  ex::ServerOptions base;
  base.host = "127.0.0.1";
  base.port = 0;
  base.worker_threads = kWorkers;
  base.max_clients = kWorkers;
  if (args.memory_minutes > 0) {
    ex::ServerOptions options = base;
    options.tls = server_tls;
    return RunMemory(args, *store_hub->hub, store_hub->ids, options, client_tls);
  }

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
  const std::vector<huicai::PersonId> constant_id{kPersonId};
  auto record = [&](const std::string& scenario, bool tls, int port,
                    const std::optional<ex::ClientTls>& ctls,
                    const std::vector<huicai::PersonId>& ids) {
    if (!args.scenarios.empty() &&
        std::find(args.scenarios.begin(), args.scenarios.end(), scenario) == args.scenarios.end()) {
      return;
    }
    for (Call call : args.calls) {
      // Records are filed under the sending agency's certificate name: plain TCP cannot send.
      if (call == Call::kSubmitRecords && !ctls && scenario.rfind("bare", 0) != 0) continue;
      const Workload work{call, ids, args.talents};
      for (int clients : args.clients) {
        if (!args.json) {
          std::cerr << "running " << CallName(call) << " on " << scenario << " with " << clients
                    << " client(s) for " << args.seconds << " s\n";
        }
        rows.push_back(
            Row{scenario, call, tls, clients, RunLoad(port, clients, args.seconds, ctls, work)});
      }
    }
  };

  // 1. bare, plain and TLS.
  {
    auto bare = BareServer::Start(std::nullopt);
    if (!bare.has_value()) return Fail(bare.error());
    record("bare", false, (*bare)->port(), std::nullopt, constant_id);
  }
  {
    auto bare = BareServer::Start(BareTlsFiles{
        certs->server_cert.string(), certs->server_key.string(), certs->ca_cert.string()});
    if (!bare.has_value()) return Fail(bare.error());
    record("bare-tls", true, (*bare)->port(), client_tls, constant_id);
  }

  // 2. huicai plain.
  {
    auto server = ex::Server::Start(backend, base);
    if (!server.has_value()) return Fail(server.error());
    record("huicai", false, (*server)->port(), std::nullopt, constant_id);
  }
  // 3. huicai mutual TLS.
  {
    ex::ServerOptions options = base;
    options.tls = server_tls;
    auto server = ex::Server::Start(backend, options);
    if (!server.has_value()) return Fail(server.error());
    record("huicai-mtls", true, (*server)->port(), client_tls, constant_id);
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
    record("huicai-mtls-audit", true, (*server)->port(), client_tls, constant_id);
  }
  // 5. what `huicai serve` does: a real store lookup and a group-committed audit per call.
  auto steps = MeasureSteps(*store_hub->hub, store_hub->ids);
  if (!steps.has_value()) return Fail(steps.error());
  {
    StoreAuditServer store_only;
    ex::ServerOptions options = base;
    options.tls = server_tls;
    if (Status started = StartStoreAuditServer(*store_hub->hub, options, store_only, false);
        !started.ok()) {
      return Fail(started);
    }
    record("huicai-mtls-store", true, store_only.server->port(), client_tls, store_hub->ids);
    store_only.server->Stop();
  }
  StoreAuditServer store_audit;
  {
    ex::ServerOptions options = base;
    options.tls = server_tls;
    if (Status started = StartStoreAuditServer(*store_hub->hub, options, store_audit);
        !started.ok()) {
      return Fail(started);
    }
    record("huicai-mtls-store-audit", true, store_audit.server->port(), client_tls, store_hub->ids);
    store_audit.server->Stop();
  }
  const auto store_audit_stats = store_audit.backend->audit_stats();
  std::int64_t store_audited = -1;
  if (auto check = store_hub->hub->VerifyAudit(); check.has_value()) {
    store_audited = check->ok ? check->entries : -check->entries;
  }

  std::int64_t audited = -1;
  if (auto check = store->VerifyAudit(); check.has_value()) {
    audited = check->ok ? check->entries : -check->entries;
  }
  const long rss = PeakRssKib();

  auto bare_rate = [&](Call call, int clients, bool tls) {
    for (const Row& r : rows) {
      if (r.call == call && r.clients == clients && r.tls == tls &&
          r.scenario.rfind("bare", 0) == 0) {
        return r.rate();
      }
    }
    return 0.0;
  };

  if (args.json) {
    std::cout << "{\"seconds\": " << args.seconds << ", \"peak_rss_kib\": " << rss
              << ", \"audit_entries\": " << audited
              << ", \"audit_failures\": " << audit_failures.load()
              << ", \"store_audit_entries\": " << store_audited
              << ", \"store_audit_transactions\": " << store_audit_stats.batches
              << ", \"store_audit_failures\": " << store_audit.failures.load()
              << ", \"talents\": " << args.talents
              << ", \"lookup_us\": " << Fixed(steps->lookup_us, 1)
              << ", \"person_us\": " << Fixed(steps->person_us, 1)
              << ", \"append_us\": " << Fixed(steps->append_us, 1) << ", \"rows\": [\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      const double bare = bare_rate(r.call, r.clients, false);
      const double bare_same = bare_rate(r.call, r.clients, r.tls);
      std::cout << "  {\"call\": \"" << CallName(r.call) << "\", \"scenario\": \"" << r.scenario
                << "\", \"clients\": " << r.clients << ", \"calls\": " << r.run.calls
                << ", \"errors\": " << r.run.errors << ", \"calls_per_s\": " << Fixed(r.rate(), 1)
                << ", \"p50_ms\": " << Fixed(r.run.p50_ms, 3)
                << ", \"p99_ms\": " << Fixed(r.run.p99_ms, 3)
                << ", \"of_bare\": " << Fixed(bare > 0 ? r.rate() / bare : 0, 3)
                << ", \"of_bare_same_transport\": "
                << Fixed(bare_same > 0 ? r.rate() / bare_same : 0, 3) << "}"
                << (i + 1 < rows.size() ? "," : "") << "\n";
    }
    std::cout << "]}\n";
  } else {
    for (Call call : args.calls) {
      std::printf("\n%s over loopback%s, %.1f s per row, %d server workers\n",
                  std::string(CallName(call)).c_str(),
                  call == Call::kSubmitRecords ? " (100 records a call)" : "", args.seconds,
                  kWorkers);
      std::printf("%-24s %7s %11s %9s %9s %8s %10s %7s\n", "scenario", "clients", "calls/s",
                  "p50 ms", "p99 ms", "of bare", "of bare*", "errors");
      for (const Row& r : rows) {
        if (r.call != call) continue;
        const double bare = bare_rate(r.call, r.clients, false);
        const double bare_same = bare_rate(r.call, r.clients, r.tls);
        std::printf(
            "%-24s %7d %11.0f %9.3f %9.3f %7.0f%% %9.0f%% %7lld\n", r.scenario.c_str(), r.clients,
            r.rate(), r.run.p50_ms, r.run.p99_ms, bare > 0 ? 100 * r.rate() / bare : 0,
            bare_same > 0 ? 100 * r.rate() / bare_same : 0, static_cast<long long>(r.run.errors));
      }
    }
    std::printf(
        "of bare: share of the plain bare Thrift rate at the same client count; "
        "of bare*: of the bare server on the same transport (plain or TLS)\n");
    std::printf("audit log: %lld entries%s, %lld append failures\n",
                static_cast<long long>(audited < 0 ? -audited : audited),
                audited < 0 ? " (chain check FAILED or unreadable)" : ", chain intact",
                static_cast<long long>(audit_failures.load()));
    std::printf(
        "store+audit log: %lld entries%s in %lld transactions (%.1f records per commit), "
        "%lld append failures; %d talents stored\n",
        static_cast<long long>(store_audited < 0 ? -store_audited : store_audited),
        store_audited < 0 ? " (chain check FAILED or unreadable)" : ", chain intact",
        static_cast<long long>(store_audit_stats.batches),
        store_audit_stats.batches > 0 ? static_cast<double>(store_audit_stats.records) /
                                            static_cast<double>(store_audit_stats.batches)
                                      : 0.0,
        static_cast<long long>(store_audit.failures.load()), args.talents);
    std::printf(
        "store steps alone (one thread, no network): talent lookup %.1f us, person with "
        "talent %.1f us, audit append (one per transaction) %.1f us; 8 threads appending: "
        "%.0f records/s, %.1f per transaction\n",
        steps->lookup_us, steps->person_us, steps->append_us, steps->appends_8_per_s,
        steps->appends_8_per_commit);
    for (const Row& r : rows) {
      if (r.scenario != "huicai-mtls-store-audit") continue;
      const double bare_tls = bare_rate(r.call, r.clients, true);
      std::printf(
          "%-13s huicai-mtls-store-audit / bare-tls at %2d clients: %5.1f%%%s, p99 %.3f ms\n",
          std::string(CallName(r.call)).c_str(), r.clients,
          bare_tls > 0 ? 100 * r.rate() / bare_tls : 0,
          r.call == Call::kGetPerson ? " (goal >= 33%)" : "", r.run.p99_ms);
    }
    std::printf("Thrift diagnostics of the bare servers (dropped, counted): %lld\n",
                static_cast<long long>(g_thrift_diagnostics.load()));
    std::printf("peak RSS (VmHWM): %.1f MiB\n", static_cast<double>(rss) / 1024.0);
  }
  for (const Row& r : rows) {
    if (!r.run.first_error.empty()) {
      std::cerr << "note: " << CallName(r.call) << " on " << r.scenario << " x" << r.clients
                << " first error: " << r.run.first_error << "\n";
    }
  }
  if (audit_failures.load() > 0) std::cerr << "note: audit append: " << audit_first_error << "\n";
  if (store_audit.failures.load() > 0) {
    std::cerr << "note: store+audit append: " << store_audit.first_error << "\n";
  }
  bool any_errors =
      audit_failures.load() > 0 || store_audit.failures.load() > 0 || store_audited < 0;
  // The bare servers run Thrift 0.17's stock TFramedTransport, which closes a connection once
  // it has carried MaxMessageSize (100 MB) in all: a busy single client of submitRecords meets
  // that within a row. Their errors are reported, not a failure of the hub.
  bool bare_errors = false;
  for (const Row& r : rows) {
    if (r.scenario.rfind("bare", 0) == 0) {
      bare_errors = bare_errors || r.run.errors > 0;
    } else {
      any_errors = any_errors || r.run.errors > 0;
    }
  }
  if (bare_errors) {
    std::cerr << "note: errors on the bare servers are Thrift 0.17's framed transport closing a "
                 "connection after 100 MB in all (docs/architecture.md); huicai's transport "
                 "does not\n";
  }
  return any_errors ? 1 : 0;
}
