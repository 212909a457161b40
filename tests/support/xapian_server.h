#pragma once
// tests/support: a xapian-tcpsrv (Debian's xapian-tools) serving one database folder writable
// on a free loopback port, as a remote search shard for tests and benchmarks.
// Thread-safety: one thread.
#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/status.h"

namespace huicai::testing {

class XapianServer {
 public:
  // Starts `xapian-tcpsrv --writable` on 127.0.0.1 for `directory` (created when missing) and
  // waits until it accepts connections. Unavailable: xapian-tcpsrv is not installed or did not
  // start within 10 s (the message carries its log).
  static Result<std::unique_ptr<XapianServer>> Start(const std::filesystem::path& directory);
  XapianServer(const XapianServer&) = delete;
  XapianServer& operator=(const XapianServer&) = delete;
  ~XapianServer();  // kills the server

  // Kills the server at once (SIGKILL), as a crash would.
  void Kill();
  // Starts it again on the same port and folder. Unavailable: as Start.
  [[nodiscard]] Status Restart();

  int port() const { return port_; }
  std::string Address() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  XapianServer() = default;
  [[nodiscard]] Status Launch();

  std::filesystem::path directory_;
  std::filesystem::path log_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace huicai::testing
