#pragma once
// exchange internal: the one place that creates sockets, transports and protocols for both
// server and client. Mutual TLS will replace the socket classes here and nowhere else.
// Limits: frame size through TConfiguration on each framed transport (Thrift 0.17's own
// TFramedTransportFactory ignores a custom configuration), container and string sizes on the
// binary protocol, strict read and write on both sides.
// Thread-safety: factories are shared by server threads and are immutable after creation.
#include <thrift/TConfiguration.h>
#include <thrift/protocol/TProtocol.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSSLServerSocket.h>
#include <thrift/transport/TServerSocket.h>
#include <thrift/transport/TTransport.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace huicai::exchange::internal {

struct WireLimits {
  std::int32_t max_frame_bytes = 16 << 20;
  std::int32_t max_container_items = 100000;
  std::int32_t max_string_bytes = 1 << 20;
};

// Sends Thrift's global diagnostics (GlobalOutput) to `sink` instead of stderr; empty drops
// them. Process-wide, like Thrift's own setting.
void SetDiagnosticSink(std::function<void(std::string_view)> sink);

// Ignores SIGPIPE once per process, so a peer that hangs up mid-write gives EPIPE (an
// exception on that connection) instead of killing the process.
void IgnoreSigpipe();

// A TServerSocket that may be listened on before the server framework runs: Server::Start
// listens itself to report "port in use" synchronously, and the framework's own listen()
// call is then a no-op.
class PreboundServerSocket : public apache::thrift::transport::TServerSocket {
 public:
  PreboundServerSocket(const std::string& host, int port, int send_timeout_ms, int recv_timeout_ms);
  void listen() override;  // throws TTransportException when binding fails

 private:
  bool listening_ = false;
};

// The same over TLS: accepted connections are TLS sockets of `factory`.
class PreboundSslServerSocket : public apache::thrift::transport::TSSLServerSocket {
 public:
  PreboundSslServerSocket(const std::string& host, int port,
                          std::shared_ptr<apache::thrift::transport::TSSLSocketFactory> factory,
                          int send_timeout_ms, int recv_timeout_ms);
  void listen() override;

 private:
  bool listening_ = false;
};

// A TFramedTransport whose message-size budget is one frame. Thrift 0.17 counts every byte a
// framed transport hands out against MaxMessageSize and never resets the count between frames,
// so a connection that has carried max_frame_bytes in all is dropped ("No more data to read")
// however small each call. Here each frame starts a fresh budget equal to its own size, which
// also keeps the protocol's "does the message hold this many elements?" check tight.
// One message, one frame: Thrift's TFramedTransport lets a message run on into the next frame
// and leaves bytes after a message for the next one; here either is an error that closes the
// connection (a message that does not fit its frame is not what any Thrift client sends; found
// by the fuzz target).
// It also starts from an empty read buffer of its own: Thrift's inline fast read path computes
// rBase_ + len before comparing it with the buffer's end, which on a fresh transport (no buffer
// yet) is arithmetic on a null pointer (UBSan's pointer-overflow, found by the fuzz target).
class PerFrameTransport : public apache::thrift::transport::TFramedTransport {
 public:
  PerFrameTransport(std::shared_ptr<apache::thrift::transport::TTransport> transport,
                    std::shared_ptr<apache::thrift::TConfiguration> config);

  // Called by the protocol's user after each message. Throws TTransportException
  // (CORRUPTED_DATA) when the frame holds bytes after the message.
  std::uint32_t readEnd() override;

 protected:
  // Throws TTransportException (CORRUPTED_DATA) when the message being read needs a second frame.
  bool readFrame() override;

 private:
  std::uint8_t empty_ = 0;
  int frames_in_message_ = 0;  // frames read since the last readEnd()
};

// Wraps each accepted connection in a PerFrameTransport carrying the frame size limit.
class LimitedFramedTransportFactory : public apache::thrift::transport::TTransportFactory {
 public:
  explicit LimitedFramedTransportFactory(const WireLimits& limits);
  std::shared_ptr<apache::thrift::transport::TTransport> getTransport(
      std::shared_ptr<apache::thrift::transport::TTransport> transport) override;

 private:
  std::shared_ptr<apache::thrift::TConfiguration> config_;
};

std::shared_ptr<apache::thrift::TConfiguration> MakeConfiguration(const WireLimits& limits);

// Strict binary protocol with the container and string limits.
std::shared_ptr<apache::thrift::protocol::TProtocolFactory> MakeProtocolFactory(
    const WireLimits& limits);

// The client side: a TCP socket with connect/send/receive timeouts, framed, and its protocol.
struct ClientStack {
  std::shared_ptr<apache::thrift::transport::TTransport> socket;
  std::shared_ptr<apache::thrift::transport::TTransport> framed;
  std::shared_ptr<apache::thrift::protocol::TProtocol> protocol;
};
// With `tls`, a TLS socket of that factory (client mode) instead of plain TCP.
ClientStack MakeClientStack(
    const std::string& host, int port, int timeout_ms, const WireLimits& limits,
    const std::shared_ptr<apache::thrift::transport::TSSLSocketFactory>& tls = nullptr);

}  // namespace huicai::exchange::internal
