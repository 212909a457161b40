#include "tests/support/pg_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "tests/support/net.h"

extern char** environ;

namespace huicai::testing {
namespace {

namespace fs = std::filesystem;

// Reads the standard output of a shell command (trimmed), or "" when it fails.
std::string ReadCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 256> buf{};
  while (fgets(buf.data(), static_cast<int>(buf.size()), pipe) != nullptr) out += buf.data();
  pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

fs::path FindBinDir() {
  std::error_code ec;
  fs::path from_config = ReadCommand("pg_config --bindir 2>/dev/null");
  if (!from_config.empty() && fs::exists(from_config / "initdb", ec)) return from_config;
  fs::path best;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    fs::path bin = entry.path() / "bin";
    if (fs::exists(bin / "initdb", ec) && (best.empty() || bin > best)) best = bin;
  }
  return best;
}

std::string Tail(const fs::path& file, size_t max_chars = 1500) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.size() > max_chars) text = "..." + text.substr(text.size() - max_chars);
  return text;
}

}  // namespace

Status PgCluster::Run(const std::vector<std::string>& args, std::string_view what) const {
  fs::path log = root_ / "commands.log";
  std::vector<std::string> full = {"runuser", "-u", "postgres", "--"};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "runuser", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return Status::Unavailable(std::string(what) + ": cannot run runuser: " + std::strerror(rc));
  }
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    return Status::Unavailable(std::string(what) + " failed (see " + log.string() + "):\n" +
                               Tail(log));
  }
  return Status::Ok();
}

Result<std::unique_ptr<PgCluster>> PgCluster::Start() {
  std::unique_ptr<PgCluster> cluster(new PgCluster());
  cluster->bin_dir_ = FindBinDir();
  if (cluster->bin_dir_.empty()) {
    return Status::Unavailable(
        "PostgreSQL server binaries not found (pg_config --bindir, /usr/lib/postgresql/*/bin); "
        "install postgresql");
  }
  passwd* pw = getpwnam("postgres");
  if (pw == nullptr) return Status::Unavailable("no `postgres` user; install postgresql");

  std::string templ = (fs::temp_directory_path() / "huicai-pg-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) {
    return Status::Unavailable(std::string("mkdtemp: ") + std::strerror(errno));
  }
  cluster->root_ = templ;
  if (chown(templ.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
    return Status::Unavailable("chown " + templ + " to postgres: " + std::strerror(errno));
  }
  chmod(templ.c_str(), 0700);

  HUICAI_ASSIGN_OR_RETURN(cluster->port_, FreeLoopbackPort());
  const std::string data = (cluster->root_ / "data").string();
  const std::string bin = cluster->bin_dir_.string();
  HUICAI_RETURN_IF_ERROR(cluster->Run({bin + "/initdb", "-D", data, "-A", "trust", "-U", "postgres",
                                       "-E", "UTF8", "--locale=C", "--no-sync"},
                                      "initdb"));
  const std::string server_options = "-c listen_addresses=127.0.0.1 -p " +
                                     std::to_string(cluster->port_) +
                                     " -c unix_socket_directories=" + cluster->root_.string() +
                                     " -c fsync=off -c synchronous_commit=off"
                                     " -c full_page_writes=off -c max_connections=50";
  cluster->server_options_ = server_options;
  HUICAI_RETURN_IF_ERROR(
      cluster->Run({bin + "/pg_ctl", "-D", data, "-o", server_options, "-l",
                    (cluster->root_ / "server.log").string(), "-w", "-t", "60", "start"},
                   "pg_ctl start"));
  cluster->started_ = true;
  HUICAI_RETURN_IF_ERROR(cluster->CreateDatabase("huicai"));
  return cluster;
}

Status PgCluster::CreateDatabase(std::string_view name) {
  return Run({bin_dir_.string() + "/createdb", "-h", "127.0.0.1", "-p", std::to_string(port_), "-U",
              "postgres", std::string(name)},
             "createdb");
}

Status PgCluster::Restart() {
  const std::string data = (root_ / "data").string();
  HUICAI_RETURN_IF_ERROR(
      Run({bin_dir_.string() + "/pg_ctl", "-D", data, "-m", "fast", "-w", "-t", "60", "stop"},
          "pg_ctl stop"));
  return Run({bin_dir_.string() + "/pg_ctl", "-D", data, "-o", server_options_, "-l",
              (root_ / "server.log").string(), "-w", "-t", "60", "start"},
             "pg_ctl start");
}

PgCluster::~PgCluster() {
  if (started_) {
    Status stopped = Run({bin_dir_.string() + "/pg_ctl", "-D", (root_ / "data").string(), "-m",
                          "immediate", "-w", "stop"},
                         "pg_ctl stop");
    if (!stopped.ok()) std::fprintf(stderr, "%s\n", stopped.ToString().c_str());
  }
  if (!root_.empty()) {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
}

std::string PgCluster::ConnectionString(std::string_view database) const {
  return "DRIVER={PostgreSQL Unicode};Server=127.0.0.1;Port=" + std::to_string(port_) +
         ";Database=" + std::string(database) + ";Uid=postgres;Pwd=;sslmode=disable";
}

}  // namespace huicai::testing
