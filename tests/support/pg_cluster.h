#pragma once
// tests/support: a throwaway PostgreSQL cluster for tests and benchmarks.
// Everything here runs as root and PostgreSQL refuses root, so the cluster lives in a fresh
// temporary folder owned by the `postgres` user and its programs run through `runuser`.
// The server listens on 127.0.0.1 only, on a free port, with trust authentication and fsync off:
// never use it for data that matters. Thread-safety: Start() and the destructor from one thread;
// ConnectionString() and the accessors from any thread.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace huicai::testing {

class PgCluster {
 public:
  // Creates, starts and prepares the cluster with a database named "huicai".
  // Unavailable: PostgreSQL is not installed, the `postgres` user is missing, or initdb/pg_ctl/
  // createdb failed; the message carries the tail of the command's log.
  static Result<std::unique_ptr<PgCluster>> Start();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;
  // Stops the server (immediate mode) and removes the folder.
  ~PgCluster();

  // ODBC connection string for psqlODBC ("PostgreSQL Unicode") as the superuser `postgres`.
  std::string ConnectionString(std::string_view database = "huicai") const;

  // Creates another database. Unavailable: createdb failed.
  [[nodiscard]] Status CreateDatabase(std::string_view name);

  // Stops the server in fast mode (open sessions are cut off, their transactions rolled back)
  // and starts it again on the same port and data folder. May be called from another thread
  // than the one using connections to the cluster. Unavailable: pg_ctl failed.
  [[nodiscard]] Status Restart();

  int port() const { return port_; }
  const std::filesystem::path& bin_dir() const { return bin_dir_; }
  const std::filesystem::path& root() const { return root_; }

 private:
  PgCluster() = default;
  [[nodiscard]] Status Run(const std::vector<std::string>& args, std::string_view what) const;

  std::filesystem::path bin_dir_;
  std::filesystem::path root_;  // temp folder owned by postgres: data/, log, socket
  int port_ = 0;
  bool started_ = false;
  std::string server_options_;  // pg_ctl -o, kept for Restart()
};

}  // namespace huicai::testing
