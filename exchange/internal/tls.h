#pragma once
// exchange internal: mutual TLS for the Thrift sockets, on Thrift 0.17's TSSLSocketFactory made
// strict: TLS 1.2 or newer only, a client certificate required and checked against the agency
// CA alone (and its CRL, when given), and the certificate's common name mapped to an agency by
// an access manager that denies every name it does not know.
// Thread-safety: a factory is shared by the server's threads and immutable after creation;
// AgencySocket::agency() may be read from any thread.
#include <thrift/TConfiguration.h>
#include <thrift/transport/TSSLSocket.h>

#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace huicai::exchange::internal {

struct TlsFiles {
  std::string cert;  // our certificate, PEM
  std::string key;   // its private key, PEM
  std::string ca;    // the only CA trusted for the peer, PEM
  std::string crl;   // the CA's revocation list, PEM; empty = no revocation check
};

// A TLS socket that remembers which agency (certificate common name) it authorised.
class AgencySocket : public apache::thrift::transport::TSSLSocket {
 public:
  AgencySocket(std::shared_ptr<apache::thrift::transport::SSLContext> ctx, THRIFT_SOCKET socket,
               std::shared_ptr<THRIFT_SOCKET> interrupt,
               std::shared_ptr<apache::thrift::TConfiguration> config);
  AgencySocket(std::shared_ptr<apache::thrift::transport::SSLContext> ctx, const std::string& host,
               int port, std::shared_ptr<apache::thrift::TConfiguration> config);
  // The peer certificate's common name once the handshake has been authorised; else empty.
  std::string agency() const;

 protected:
  void authorize() override;

 private:
  mutable std::mutex mutex_;
  std::string agency_;
};

// Server side: `agencies` are the common names let in; every other name is refused.
// Client side: `agencies` is ignored and the server's name is checked as Thrift does.
// Throws apache::thrift::transport::TSSLException (or TTransportException) when a file cannot
// be loaded; the caller turns that into a Status.
class HardenedSslFactory : public apache::thrift::transport::TSSLSocketFactory {
 public:
  HardenedSslFactory(const TlsFiles& files, bool server, std::set<std::string> agencies,
                     std::shared_ptr<apache::thrift::TConfiguration> config);

  std::shared_ptr<apache::thrift::transport::TSSLSocket> createSocket(
      THRIFT_SOCKET socket) override;
  std::shared_ptr<apache::thrift::transport::TSSLSocket> createSocket(
      THRIFT_SOCKET socket, std::shared_ptr<THRIFT_SOCKET> interrupt) override;
  std::shared_ptr<apache::thrift::transport::TSSLSocket> createSocket(const std::string& host,
                                                                      int port) override;

 private:
  std::shared_ptr<apache::thrift::transport::TSSLSocket> Prepare(
      std::shared_ptr<AgencySocket> socket);

  bool server_;
  std::shared_ptr<apache::thrift::transport::AccessManager> access_;
  std::shared_ptr<apache::thrift::TConfiguration> config_;
};

}  // namespace huicai::exchange::internal
