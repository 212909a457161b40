#include "exchange/internal/transport.h"

#include <thrift/TOutput.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSSLSocket.h>
#include <thrift/transport/TSocket.h>

#include <csignal>
#include <mutex>
#include <utility>

namespace huicai::exchange::internal {

namespace tt = apache::thrift::transport;
namespace tp = apache::thrift::protocol;

namespace {

std::mutex g_sink_mutex;
std::function<void(std::string_view)> g_sink;

void ToSink(const char* message) {
  const std::lock_guard<std::mutex> lock(g_sink_mutex);
  if (g_sink && message != nullptr) g_sink(message);
}

}  // namespace

void SetDiagnosticSink(std::function<void(std::string_view)> sink) {
  {
    const std::lock_guard<std::mutex> lock(g_sink_mutex);
    g_sink = std::move(sink);
  }
  apache::thrift::GlobalOutput.setOutputFunction(&ToSink);
}

void IgnoreSigpipe() {
  static std::once_flag once;
  std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

PreboundServerSocket::PreboundServerSocket(const std::string& host, int port, int send_timeout_ms,
                                           int recv_timeout_ms)
    : tt::TServerSocket(host, port) {
  setSendTimeout(send_timeout_ms);
  setRecvTimeout(recv_timeout_ms);
  // Stop() must be able to wake workers blocked reading from idle connections.
  setInterruptableChildren(true);
}

void PreboundServerSocket::listen() {
  if (listening_) return;
  tt::TServerSocket::listen();
  listening_ = true;
}

PreboundSslServerSocket::PreboundSslServerSocket(const std::string& host, int port,
                                                 std::shared_ptr<tt::TSSLSocketFactory> factory,
                                                 int send_timeout_ms, int recv_timeout_ms)
    : tt::TSSLServerSocket(host, port, std::move(factory)) {
  setSendTimeout(send_timeout_ms);
  setRecvTimeout(recv_timeout_ms);
  setInterruptableChildren(true);
}

void PreboundSslServerSocket::listen() {
  if (listening_) return;
  tt::TSSLServerSocket::listen();
  listening_ = true;
}

std::shared_ptr<apache::thrift::TConfiguration> MakeConfiguration(const WireLimits& limits) {
  // The message size bounds what one frame may claim to hold (checked against list sizes
  // before allocation), so it is the frame limit too.
  // Copied first: make_shared would bind a reference to the header-only static constant.
  const int recursion_depth = apache::thrift::TConfiguration::DEFAULT_RECURSION_DEPTH;
  return std::make_shared<apache::thrift::TConfiguration>(limits.max_frame_bytes,
                                                          limits.max_frame_bytes, recursion_depth);
}

PerFrameTransport::PerFrameTransport(std::shared_ptr<tt::TTransport> transport,
                                     std::shared_ptr<apache::thrift::TConfiguration> config)
    : tt::TFramedTransport(std::move(transport), std::move(config)) {
  setReadBuffer(&empty_, 0);
}

std::uint32_t PerFrameTransport::readEnd() {
  const bool leftover = frames_in_message_ > 0 && rBase_ != rBound_;
  frames_in_message_ = 0;
  if (leftover) {
    throw tt::TTransportException(tt::TTransportException::CORRUPTED_DATA,
                                  "bytes after the message in its frame");
  }
  return tt::TFramedTransport::readEnd();
}

bool PerFrameTransport::readFrame() {
  if (frames_in_message_ > 0) {
    throw tt::TTransportException(tt::TTransportException::CORRUPTED_DATA,
                                  "a message ran past the end of its frame");
  }
  ++frames_in_message_;
  resetConsumedMessageSize();  // the frames before are done with
  if (!tt::TFramedTransport::readFrame()) return false;
  // An empty frame leaves no buffer at all; keep ours (memcpy from a null pointer is undefined
  // even for zero bytes).
  if (rBase_ == nullptr) setReadBuffer(&empty_, 0);
  // What is left of this message is what this frame holds (never more than the frame limit).
  resetConsumedMessageSize(static_cast<long>(rBound_ - rBase_));
  return true;
}

LimitedFramedTransportFactory::LimitedFramedTransportFactory(const WireLimits& limits)
    : config_(MakeConfiguration(limits)) {}

std::shared_ptr<tt::TTransport> LimitedFramedTransportFactory::getTransport(
    std::shared_ptr<tt::TTransport> transport) {
  return std::make_shared<PerFrameTransport>(std::move(transport), config_);
}

std::shared_ptr<tp::TProtocolFactory> MakeProtocolFactory(const WireLimits& limits) {
  return std::make_shared<tp::TBinaryProtocolFactory>(limits.max_string_bytes,
                                                      limits.max_container_items,
                                                      /*strict_read=*/true,
                                                      /*strict_write=*/true);
}

ClientStack MakeClientStack(const std::string& host, int port, int timeout_ms,
                            const WireLimits& limits,
                            const std::shared_ptr<tt::TSSLSocketFactory>& tls) {
  auto config = MakeConfiguration(limits);
  std::shared_ptr<tt::TSocket> socket =
      tls ? std::shared_ptr<tt::TSocket>(tls->createSocket(host, port))
          : std::make_shared<tt::TSocket>(host, port, config);
  socket->setConnTimeout(timeout_ms);
  socket->setSendTimeout(timeout_ms);
  socket->setRecvTimeout(timeout_ms);
  auto framed = std::make_shared<PerFrameTransport>(socket, config);
  auto protocol = std::make_shared<tp::TBinaryProtocol>(framed, limits.max_string_bytes,
                                                        limits.max_container_items,
                                                        /*strict_read=*/true,
                                                        /*strict_write=*/true);
  return ClientStack{socket, framed, protocol};
}

}  // namespace huicai::exchange::internal
