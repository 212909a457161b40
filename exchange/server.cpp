#include "exchange/server.h"

#include <thrift/TApplicationException.h>
#include <thrift/concurrency/ThreadFactory.h>
#include <thrift/concurrency/ThreadManager.h>
#include <thrift/server/TThreadPoolServer.h>
#include <thrift/transport/TTransportException.h>

#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "exchange/internal/handler.h"
#include "exchange/internal/tls.h"
#include "exchange/internal/transport.h"

namespace huicai::exchange {
namespace {

namespace tc = apache::thrift::concurrency;
namespace ts = apache::thrift::server;

Status ValidateOptions(const ServerOptions& o) {
  auto bad = [](const std::string& what) {
    return Status::InvalidArgument("server options: " + what);
  };
  if (o.host.empty()) return bad("host is empty; use 127.0.0.1 or 0.0.0.0");
  if (o.port < 0 || o.port > 65535) {
    return bad("port " + std::to_string(o.port) + " is not in 0..65535 (0 picks a free port)");
  }
  if (o.worker_threads < 1) return bad("worker_threads must be at least 1");
  if (o.max_clients < 1) return bad("max_clients must be at least 1");
  if (o.recv_timeout_ms < 0 || o.send_timeout_ms < 0) {
    return bad("timeouts must be 0 (none) or positive milliseconds");
  }
  if (o.max_frame_bytes < 1024) return bad("max_frame_bytes must be at least 1024");
  if (o.max_container_items < 1) return bad("max_container_items must be at least 1");
  if (o.max_string_bytes < 1) return bad("max_string_bytes must be at least 1");
  return Status::Ok();
}

}  // namespace

class Server::Impl {
 public:
  ~Impl() { Stop(); }

  void Stop() {
    std::lock_guard<std::mutex> lock(stop_mutex_);
    if (stopped_) return;
    stopped_ = true;
    try {
      server_->stop();
    } catch (...) {  // stop() only interrupts sockets; nothing to recover
    }
    if (thread_.joinable()) thread_.join();
    try {
      threads_->stop();
    } catch (...) {
    }
  }

  std::map<std::string, AgencyRights> rights_;  // the handlers point here
  std::shared_ptr<internal::HandlerFactory> handlers_;
  std::shared_ptr<tc::ThreadManager> threads_;
  std::shared_ptr<ts::TThreadPoolServer> server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex stop_mutex_;
  bool stopped_ = false;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

int Server::port() const { return impl_->port_; }

void Server::Stop() { impl_->Stop(); }

Result<std::unique_ptr<Server>> Server::Start(Backend& backend, const ServerOptions& options) {
  HUICAI_RETURN_IF_ERROR(ValidateOptions(options));
  internal::IgnoreSigpipe();
  internal::SetDiagnosticSink(options.on_diagnostic);
  const std::string where = options.host + ":" + std::to_string(options.port);
  const internal::WireLimits limits{options.max_frame_bytes, options.max_container_items,
                                    options.max_string_bytes};

  std::shared_ptr<apache::thrift::transport::TServerSocket> socket;
  if (options.tls) {
    const ServerTls& tls = *options.tls;
    if (tls.agencies.empty()) {
      return Status::InvalidArgument(
          "TLS: no agency is let in; list the certificate names of the agencies (default deny)");
    }
    std::shared_ptr<internal::HardenedSslFactory> factory;
    try {
      factory = std::make_shared<internal::HardenedSslFactory>(
          internal::TlsFiles{tls.cert.string(), tls.key.string(), tls.ca.string(),
                             tls.crl.string()},
          /*server=*/true, std::set<std::string>(tls.agencies.begin(), tls.agencies.end()),
          internal::MakeConfiguration(limits));
    } catch (const apache::thrift::TException& e) {
      return Status::InvalidArgument(std::string("TLS: ") + e.what() +
                                     "; `huicai certs init` makes a CA and certificates");
    }
    socket = std::make_shared<internal::PreboundSslServerSocket>(
        options.host, options.port, factory, options.send_timeout_ms, options.recv_timeout_ms);
  } else {
    socket = std::make_shared<internal::PreboundServerSocket>(
        options.host, options.port, options.send_timeout_ms, options.recv_timeout_ms);
  }
  try {
    socket->listen();
  } catch (const apache::thrift::TException& e) {
    return Status::Unavailable("cannot listen on " + where + ": " + e.what() +
                               "; is another `huicai serve` using the port? pick another port "
                               "or stop the other process");
  }

  auto impl = std::make_unique<Impl>();
  impl->port_ = socket->getPort();
  try {
    if (options.tls) impl->rights_ = options.tls->rights;
    impl->handlers_ = std::make_shared<internal::HandlerFactory>(
        backend, options.on_call, options.tls ? &impl->rights_ : nullptr);
    auto processors = std::make_shared<internal::wire::HubServiceProcessorFactory>(impl->handlers_);
    impl->threads_ =
        tc::ThreadManager::newSimpleThreadManager(static_cast<std::size_t>(options.worker_threads));
    impl->threads_->threadFactory(std::make_shared<tc::ThreadFactory>());
    impl->threads_->start();
    impl->server_ = std::make_shared<ts::TThreadPoolServer>(
        processors, socket, std::make_shared<internal::LimitedFramedTransportFactory>(limits),
        internal::MakeProtocolFactory(limits), impl->threads_);
    impl->server_->setConcurrentClientLimit(options.max_clients);
  } catch (const std::exception& e) {
    if (impl->threads_) impl->threads_->stop();
    impl->stopped_ = true;
    return Status::Internal("cannot start the Thrift server on " + where + ": " + e.what());
  }
  auto server = impl->server_;
  impl->thread_ = std::thread([server] {
    try {
      server->serve();
    } catch (...) {  // serve() returns on stop(); anything else ends serving, Stop() still joins
    }
  });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

}  // namespace huicai::exchange
