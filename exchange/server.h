#pragma once
// exchange: the hub's Thrift server (HubService in exchange/idl/huicai.thrift). It answers
// partner agencies over framed binary Thrift on TCP, in background threads, and turns every
// request into a call on a Backend. No Thrift type or exception crosses this file.
// Limits: frame size, container items and string bytes are enforced per connection; a
// malformed or oversized request closes that connection only. Exceptions thrown by the
// Backend are caught and answered as INTERNAL; they never stop the server.
// Thread-safety: Start, port and Stop may be called from any thread; Stop is idempotent.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "exchange/backend.h"

namespace huicai::exchange {

// What one call did, for the app's call log and audit. Holds no request data: the app must not
// log ID numbers, bank cards or phones, and nothing here carries them.
struct CallRecord {
  std::string method;                    // the Thrift method: "getTalent", "postNeed", ...
  std::string peer;                      // "address:port" of the calling connection
  std::string agency;                    // the client certificate's common name (mutual TLS);
                                         // empty on a plain connection
  std::vector<std::string> subjects;     // ids the call was about: person ids of talents
                                         // returned, the need id; for lookupTalent first the
                                         // kind ("lookup:mobile"); never ID numbers or any
                                         // number looked up
  std::vector<std::string> fields;       // talent fields returned ("*" = all); empty if none
  StatusCode code = StatusCode::kOk;     // what the Backend (or request conversion) returned
  std::string message;                   // the error message sent to the caller; empty when OK
  std::chrono::microseconds elapsed{0};  // wall time spent in the handler
};

// What one agency may do (default deny: an agency without rights may call nothing but
// getApiVersion).
struct AgencyRights {
  std::vector<std::string> methods;  // Thrift method names it may call ("getTalent", ...)
  // Fields it sees whole (IDL names of Talent and Person: "name", "tier", "cardNumber",
  // "idNumber", "mobile", ...; "*" = all). personId is always there. lookupTalent by a kind of
  // number needs that number's field here: idNumber, mobile, cardNumber (the talent card), and
  // "bankCard" for bank cards (which no struct carries).
  std::vector<std::string> fields;
  // GB/T 2260 prefixes of the talents, persons and needs it may see or post; empty = all.
  std::vector<std::string> regions;
  // Fields it sees masked (name 张*, idNumber 371302********1239, mobile 138****1234, passport,
  // cardNumber, birthDate 1980-**-**); a field in neither list is absent (Person) or empty
  // (Talent). A field in both is shown whole.
  std::vector<std::string> masked;
  // Record kinds it may send with submitRecords ("identity", "degree", "tax", ...) and entities
  // it sees in changesSince ("person", "talent", "need", "proposal"); "*" = all; empty = none.
  std::vector<std::string> kinds;
  // Requests a second it may make on average over all its connections, with bursts of up to
  // `burst` (0: the rate, at least 1); over it a call fails with ResourceExhausted saying when
  // to retry. 0 = no limit.
  double rate_per_second = 0;
  int burst = 0;
};

// Mutual TLS for the server: TLS 1.2 or newer, a client certificate signed by `ca` required,
// checked against `crl` when given, and let in only when its common name is one of `agencies`
// (default deny). Everything is refused before any handler runs.
struct ServerTls {
  std::filesystem::path cert;         // the server's certificate, PEM
  std::filesystem::path key;          // its private key, PEM
  std::filesystem::path ca;           // the agency CA, the only one trusted
  std::filesystem::path crl;          // the CA's revocation list, PEM; empty = none
  std::vector<std::string> agencies;  // certificate common names let in
  // Rights per agency (certificate common name); an agency let in without rights may call
  // nothing. Only TLS connections carry an agency: plain TCP serves everything (loopback).
  std::map<std::string, AgencyRights> rights;
};

struct ServerOptions {
  std::string host = "127.0.0.1";           // address to bind; "0.0.0.0" for every interface
  int port = 9090;                          // TCP port; 0 = pick a free port (read it from port())
  int worker_threads = 8;                   // threads serving connections; a connection holds one
                                            // worker while open, so this bounds concurrent service
  int max_clients = 64;                     // accepted connections at most (the rest wait in the
                                            // kernel backlog); those beyond worker_threads queue
  int recv_timeout_ms = 30000;              // a connection idle this long is closed; 0 = never
  int send_timeout_ms = 30000;              // a reply not taken this long closes the connection
  std::int32_t max_frame_bytes = 16 << 20;  // largest request frame, bytes
  std::int32_t max_container_items = 100000;  // largest list/set/map, items
  std::int32_t max_string_bytes = 1 << 20;    // largest string or binary, bytes
  std::optional<ServerTls> tls;               // empty: plain TCP (loopback demo and tests)
  // Thrift's own diagnostics (a refused TLS handshake, a dropped connection), one line each,
  // instead of stderr. Thrift keeps one sink per process: the last server started sets it.
  // Called from any thread. Empty: the diagnostics are dropped.
  std::function<void(std::string_view)> on_diagnostic;
  // Called after every call from the serving thread, concurrently from several threads.
  // Exceptions it throws are swallowed. Empty: no call log.
  std::function<void(const CallRecord&)> on_call;
};

class Server {
 public:
  // Binds, listens and starts serving in background threads; returns once the port is open.
  // InvalidArgument: an option is out of range (the message names it), or a TLS file cannot be
  // loaded (the message names it and says why).
  // Unavailable: the address cannot be bound (port in use, no such interface).
  // `backend` must outlive the Server (until Stop() returned or the destructor ran).
  [[nodiscard]] static Result<std::unique_ptr<Server>> Start(Backend& backend,
                                                             const ServerOptions& options);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();  // calls Stop()

  // The bound TCP port (the real one when options.port was 0).
  int port() const;

  // Stops accepting, interrupts open connections and joins every thread. Idempotent.
  void Stop();

 private:
  class Impl;  // holds the Thrift server, its thread pool and the serving thread
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace huicai::exchange
