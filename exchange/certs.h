#pragma once
// exchange: a development certificate authority for mutual TLS between partner agencies and the
// hub's Thrift server (`huicai certs init`). Built on the OpenSSL 3 API in-process (no shelling
// out); no OpenSSL type, macro or exception crosses this file.
// Everything is PEM on disk: <name>.pem is a certificate (0644), <name>.key its PKCS#8 EC P-256
// private key (0600), crl.pem the CA's signed revocation list. Meant for demos and tests, not
// for production keys: the CA key sits unencrypted beside the certificates.
// Thread-safety: the functions keep no state; concurrent calls on different directories are
// safe, concurrent calls that write the same directory are not.
#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"

namespace huicai::exchange {

struct CertsOptions {
  std::filesystem::path dir;              // created if missing; must not be empty
  std::vector<std::string> agencies;      // one client certificate each; names [a-z0-9_-]{1,32},
                                          // unique, and none of "ca", "server", "crl"
  std::string server_name = "localhost";  // server CN and DNS SAN ([A-Za-z0-9.-], 1..64
                                          // chars); the IP SAN 127.0.0.1 is always added
  int days = 365;                         // validity of every certificate, days, 1..3650
  std::string organisation = "huicai development CA";  // subject O of every certificate and
                                                       // the CA's CN; 1..64 UTF-8 bytes
};

struct CertsReport {
  std::filesystem::path ca_cert;                    // dir/ca.pem (its key: dir/ca.key)
  std::filesystem::path server_cert;                // dir/server.pem
  std::filesystem::path server_key;                 // dir/server.key
  std::filesystem::path crl;                        // dir/crl.pem, empty CRL signed by the CA
  std::vector<std::filesystem::path> agency_certs;  // dir/<agency>.pem in options order; each
                                                    // key is the same path with ".key"
};

// Makes a CA, a server certificate and one client certificate per agency in options.dir:
// ca.pem + ca.key, server.pem + server.key, <agency>.pem + <agency>.key, and crl.pem.
// EC P-256 keys, SHA-256 signatures, X.509 v3, random positive 128-bit serials, valid from now
// for options.days. CA: subject CN = O = organisation, basicConstraints critical CA:TRUE,
// keyUsage keyCertSign,cRLSign. Leaves: basicConstraints CA:FALSE, keyUsage digitalSignature,
// subject/authority key identifiers; server: CN server_name, OU "server", extendedKeyUsage
// serverAuth, SAN DNS:server_name + IP:127.0.0.1; agency: CN agency, O organisation,
// OU "agency", extendedKeyUsage clientAuth.
// Never overwrites: every target is checked before anything is written.
// InvalidArgument: a target file exists (the message names it: use a new dir), empty dir, bad or
//   duplicate agency name, bad server_name or organisation, days out of range.
// Unavailable: the directory or a file could not be created (permissions, disk full).
// Internal: OpenSSL failed (the message carries OpenSSL's error text); files written before
//   the failure stay, so remove the dir before retrying.
[[nodiscard]] Result<CertsReport> InitCertificates(const CertsOptions& options);

// Issues one more certificate signed by the CA in `dir` (ca.pem + ca.key), written as
// dir/<name>.pem + dir/<name>.key; returns the .pem path. The certificate is valid from
// now + not_before_days (may be negative, -3650..3650) for valid_days (1..3650): tests make an
// expired certificate with not_before_days = -10, valid_days = 1 (expired 9 days ago).
// client: OU "agency" and extendedKeyUsage clientAuth; else OU "server", serverAuth and SAN
// DNS:name + IP:127.0.0.1. Subject CN is name, O is copied from the CA.
// NotFound: no ca.pem or ca.key in dir. InvalidArgument: a target file exists, name not
// [a-z0-9_-]{1,32} or reserved (ca, server, crl), days out of range. DataError: the CA files are
// not PEM or do not belong together. Unavailable: a file could not be written. Internal: OpenSSL.
[[nodiscard]] Result<std::filesystem::path> IssueCertificate(const std::filesystem::path& dir,
                                                             const std::string& name, bool client,
                                                             int not_before_days, int valid_days);

// Adds the certificate at `cert` (issued by the CA in `dir`) to the CA's revocation list and
// rewrites dir/crl.pem atomically: entries of the existing crl.pem are kept, lastUpdate = now,
// nextUpdate = now + 30 days, crlNumber + 1, signed by the CA. Revoking twice is fine (one entry).
// A missing crl.pem is started afresh.
// NotFound: no CA in dir, or no file at `cert`. InvalidArgument: `cert` was not issued by this CA.
// DataError: `cert`, the CA files or the existing crl.pem are malformed, or crl.pem is not signed
// by this CA. Unavailable: crl.pem could not be written. Internal: OpenSSL failed.
[[nodiscard]] Status RevokeCertificate(const std::filesystem::path& dir,
                                       const std::filesystem::path& cert);

// The subject CN of the PEM certificate at `cert`, as UTF-8 (for logs and access checks).
// NotFound: no such file. DataError: not a PEM certificate, or its subject has no CN.
[[nodiscard]] Result<std::string> CertificateCommonName(const std::filesystem::path& cert);

}  // namespace huicai::exchange
