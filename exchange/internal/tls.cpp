#include "exchange/internal/tls.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <utility>

namespace huicai::exchange::internal {
namespace {

namespace tt = apache::thrift::transport;

// Lets in exactly the certificate names it knows; decides nothing on addresses.
class AgencyAccess : public tt::AccessManager {
 public:
  explicit AgencyAccess(std::set<std::string> names) : names_(std::move(names)) {}
  Decision verify(const sockaddr_storage& /*address*/) noexcept override { return SKIP; }
  Decision verify(const std::string& /*host*/, const char* name, int size) noexcept override {
    if (name == nullptr || size <= 0) return SKIP;
    return names_.count(std::string(name, static_cast<std::size_t>(size))) != 0 ? ALLOW : SKIP;
  }
  Decision verify(const sockaddr_storage& /*address*/, const char* /*data*/,
                  int /*size*/) noexcept override {
    return SKIP;
  }

 private:
  std::set<std::string> names_;
};

std::string OpenSslError() {
  std::string text;
  while (const unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) text += "; ";
    text += buffer;
  }
  return text.empty() ? "no OpenSSL detail" : text;
}

// The revocation list of the CA, checked for every peer certificate.
void LoadCrl(SSL_CTX* ctx, const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "r");
  if (file == nullptr) throw tt::TSSLException("cannot open the CRL " + path);
  X509_CRL* crl = PEM_read_X509_CRL(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  if (crl == nullptr)
    throw tt::TSSLException("cannot read the CRL " + path + ": " + OpenSslError());
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  const int added = X509_STORE_add_crl(store, crl);
  X509_CRL_free(crl);
  if (added != 1) throw tt::TSSLException("cannot use the CRL " + path + ": " + OpenSslError());
  X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK);
}

}  // namespace

AgencySocket::AgencySocket(std::shared_ptr<tt::SSLContext> ctx, THRIFT_SOCKET socket,
                           std::shared_ptr<THRIFT_SOCKET> interrupt,
                           std::shared_ptr<apache::thrift::TConfiguration> config)
    : tt::TSSLSocket(std::move(ctx), socket, std::move(interrupt), std::move(config)) {}

AgencySocket::AgencySocket(std::shared_ptr<tt::SSLContext> ctx, const std::string& host, int port,
                           std::shared_ptr<apache::thrift::TConfiguration> config)
    : tt::TSSLSocket(std::move(ctx), host, port, std::move(config)) {}

std::string AgencySocket::agency() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return agency_;
}

void AgencySocket::authorize() {
  tt::TSSLSocket::authorize();  // throws unless the certificate verified and a name was allowed
  X509* peer = SSL_get1_peer_certificate(ssl_);
  if (peer == nullptr) return;
  char name[256] = {0};
  X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, name, sizeof name);
  X509_free(peer);
  const std::lock_guard<std::mutex> lock(mutex_);
  agency_ = name;
}

HardenedSslFactory::HardenedSslFactory(const TlsFiles& files, bool server,
                                       std::set<std::string> agencies,
                                       std::shared_ptr<apache::thrift::TConfiguration> config)
    : tt::TSSLSocketFactory(tt::TLSv1_2), server_(server), config_(std::move(config)) {
  SSL_CTX* ctx = ctx_->get();
  // Thrift's TLSv1_2 already means "1.2 or newer"; say so to OpenSSL too, beyond doubt.
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
    throw tt::TSSLException("cannot require TLS 1.2: " + OpenSslError());
  }
  loadCertificate(files.cert.c_str());
  loadPrivateKey(files.key.c_str());
  if (SSL_CTX_check_private_key(ctx) != 1) {
    throw tt::TSSLException("the key " + files.key + " does not belong to " + files.cert);
  }
  loadTrustedCertificates(files.ca.c_str());  // the agency CA only: no system trust store
  if (!files.crl.empty()) LoadCrl(ctx, files.crl);
  authenticate(true);  // server: a client certificate is required; client: the server's is
  if (server_) {
    access_ = std::make_shared<AgencyAccess>(std::move(agencies));
  } else {
    access_ = std::make_shared<tt::DefaultClientAccessManager>();
  }
}

std::shared_ptr<tt::TSSLSocket> HardenedSslFactory::Prepare(std::shared_ptr<AgencySocket> socket) {
  socket->server(server_);
  socket->access(access_);
  return socket;
}

std::shared_ptr<tt::TSSLSocket> HardenedSslFactory::createSocket(THRIFT_SOCKET socket) {
  return Prepare(std::make_shared<AgencySocket>(ctx_, socket, nullptr, config_));
}

std::shared_ptr<tt::TSSLSocket> HardenedSslFactory::createSocket(
    THRIFT_SOCKET socket, std::shared_ptr<THRIFT_SOCKET> interrupt) {
  return Prepare(std::make_shared<AgencySocket>(ctx_, socket, std::move(interrupt), config_));
}

std::shared_ptr<tt::TSSLSocket> HardenedSslFactory::createSocket(const std::string& host,
                                                                 int port) {
  return Prepare(std::make_shared<AgencySocket>(ctx_, host, port, config_));
}

}  // namespace huicai::exchange::internal
