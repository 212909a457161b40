#include "tests/support/xapian_server.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "tests/support/net.h"

extern char** environ;

namespace huicai::testing {

Result<std::unique_ptr<XapianServer>> XapianServer::Start(const std::filesystem::path& directory) {
  std::unique_ptr<XapianServer> server(new XapianServer());
  server->directory_ = directory;
  server->log_ = directory.string() + ".log";
  HUICAI_ASSIGN_OR_RETURN(server->port_, FreeLoopbackPort());
  HUICAI_RETURN_IF_ERROR(server->Launch());
  return server;
}

XapianServer::~XapianServer() { Kill(); }

void XapianServer::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int wstatus = 0;
  while (waitpid(pid_, &wstatus, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

Status XapianServer::Restart() {
  Kill();
  return Launch();
}

Status XapianServer::Launch() {
  std::error_code ec;
  std::filesystem::create_directories(directory_.parent_path(), ec);
  std::vector<std::string> args = {"xapian-tcpsrv",    "--interface",         "127.0.0.1",
                                   "--port",           std::to_string(port_), "--writable",
                                   directory_.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  const int rc = posix_spawnp(&pid_, "xapian-tcpsrv", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    return Status::Unavailable(std::string("cannot run xapian-tcpsrv: ") + std::strerror(rc) +
                               "; install xapian-tools (scripts/setup does)");
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (LoopbackPortAccepts(port_)) return Status::Ok();
    int wstatus = 0;
    if (waitpid(pid_, &wstatus, WNOHANG) == pid_) {
      pid_ = -1;
      break;  // it exited
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill();
  std::ifstream in(log_);
  std::stringstream text;
  text << in.rdbuf();
  return Status::Unavailable("xapian-tcpsrv on port " + std::to_string(port_) + " for " +
                             directory_.string() + " did not start: " + text.str());
}

}  // namespace huicai::testing
