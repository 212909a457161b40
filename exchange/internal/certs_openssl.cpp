// The development CA of exchange/certs.h on the OpenSSL 3 API: EC P-256 keys, X.509 v3
// certificates and a v2 CRL, all built in-process. Key bytes live in secure-heap BIOs and are
// wiped after use; no key material or OpenSSL type leaves this file.
#include <fcntl.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "exchange/certs.h"

namespace huicai::exchange {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxDays = 3650;
constexpr int kCrlValidDays = 30;
constexpr std::size_t kMaxNameLength = 32;
constexpr std::size_t kMaxX500Length = 64;  // ub-common-name and ub-organization-name

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct CrlFree {
  void operator()(X509_CRL* p) const { X509_CRL_free(p); }
};
struct RevokedFree {
  void operator()(X509_REVOKED* p) const { X509_REVOKED_free(p); }
};
struct ExtFree {
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct BnFree {
  void operator()(BIGNUM* p) const { BN_free(p); }
};
struct Asn1IntFree {
  void operator()(ASN1_INTEGER* p) const { ASN1_INTEGER_free(p); }
};
struct Asn1TimeFree {
  void operator()(ASN1_TIME* p) const { ASN1_TIME_free(p); }
};
struct OpenSslFree {
  void operator()(unsigned char* p) const { OPENSSL_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using CrlPtr = std::unique_ptr<X509_CRL, CrlFree>;
using RevokedPtr = std::unique_ptr<X509_REVOKED, RevokedFree>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, ExtFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
using Asn1IntPtr = std::unique_ptr<ASN1_INTEGER, Asn1IntFree>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, Asn1TimeFree>;
using Utf8Ptr = std::unique_ptr<unsigned char, OpenSslFree>;

// Drains OpenSSL's thread-local error queue into one line.
std::string OpenSslErrors() {
  std::string out;
  for (unsigned long code = ERR_get_error(); code != 0; code = ERR_get_error()) {
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    if (!out.empty()) out += "; ";
    out += text.data();
  }
  return out.empty() ? std::string("no detail from OpenSSL") : out;
}

Status OpenSslFailure(const std::string& what) {
  return Status::Internal("OpenSSL could not " + what + ": " + OpenSslErrors());
}

// Refuses encrypted keys instead of prompting on the terminal.
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*user*/) { return -1; }

// Wipes its bytes when it goes out of scope (key PEM text).
class SecretText {
 public:
  explicit SecretText(std::string text) : text_(std::move(text)) {}
  SecretText(const SecretText&) = delete;
  SecretText& operator=(const SecretText&) = delete;
  ~SecretText() { OPENSSL_cleanse(text_.data(), text_.size()); }
  const std::string& get() const { return text_; }

 private:
  std::string text_;
};

// ---- names and arguments ------------------------------------------------------------------

bool IsReservedName(const std::string& name) {
  return name == "ca" || name == "server" || name == "crl";
}

Status CheckCertName(const std::string& name, const char* what) {
  const bool charset_ok =
      !name.empty() && name.size() <= kMaxNameLength &&
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos;
  if (!charset_ok) {
    return Status::InvalidArgument(std::string(what) + " name '" + name +
                                   "' is not allowed; use 1 to 32 characters of a-z, 0-9, _ and -");
  }
  if (IsReservedName(name)) {
    return Status::InvalidArgument(std::string(what) + " name '" + name +
                                   "' is reserved for the CA's own files; choose another name");
  }
  return Status::Ok();
}

Status CheckDays(int days, const char* what) {
  if (days < 1 || days > kMaxDays) {
    return Status::InvalidArgument(std::string(what) + " is " + std::to_string(days) +
                                   " days; use 1 to 3650");
  }
  return Status::Ok();
}

// ---- files ----------------------------------------------------------------------------------

bool PathTaken(const fs::path& path) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(path, ec));
}

Status RefuseExisting(const std::vector<fs::path>& targets) {
  for (const fs::path& path : targets) {
    if (PathTaken(path)) {
      return Status::InvalidArgument(path.string() +
                                     " already exists; certificates and keys are never "
                                     "overwritten, use a new directory");
    }
  }
  return Status::Ok();
}

Result<std::string> ReadFile(const fs::path& path, const char* what) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return Status::NotFound(std::string(what) + " " + path.string() + " does not exist");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in) {
    return Status::Unavailable("cannot read " + path.string() + ": check its permissions");
  }
  return buffer.str();
}

Status WriteAll(int fd, const std::string& text, const fs::path& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return Status::Unavailable("cannot write " + path.string() + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  return Status::Ok();
}

// Creates `path` with `mode`; refuses when it exists (O_EXCL), so a race cannot overwrite.
Status CreateNewFile(const fs::path& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status::InvalidArgument(path.string() +
                                     " already exists; certificates and keys are never "
                                     "overwritten, use a new directory");
    }
    return Status::Unavailable("cannot create " + path.string() + ": " + std::strerror(errno));
  }
  Status written = WriteAll(fd, text, path);
  if (written.ok() && ::fchmod(fd, mode) != 0) {  // the umask may have narrowed it further
    written = Status::Unavailable("cannot set the mode of " + path.string() + ": " +
                                  std::strerror(errno));
  }
  if (::close(fd) != 0 && written.ok()) {
    written = Status::Unavailable("cannot close " + path.string() + ": " + std::strerror(errno));
  }
  return written;
}

// Replaces `path` atomically: a reader sees the old or the new file, never half of one.
Status ReplaceFile(const fs::path& path, const std::string& text, mode_t mode) {
  fs::path temporary = path;
  temporary += ".tmp";
  std::error_code ec;
  fs::remove(temporary, ec);  // a leftover from a crash
  HUICAI_RETURN_IF_ERROR(CreateNewFile(temporary, text, mode));
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    return Status::Unavailable("cannot replace " + path.string() + ": " + ec.message());
  }
  return Status::Ok();
}

// ---- PEM ------------------------------------------------------------------------------------

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_ctrl(bio, BIO_CTRL_INFO, 0, static_cast<void*>(&data));
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

Result<BioPtr> MemoryBio(const std::string& text, const fs::path& path) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) {
    return Status::DataError(path.string() + " is too large to be a PEM file");
  }
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) return OpenSslFailure("allocate a buffer");
  return bio;
}

Result<std::string> CertPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) {
    return OpenSslFailure("write a certificate as PEM");
  }
  return BioText(bio.get());
}

Result<std::string> KeyPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_secmem()));  // wiped when freed
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return OpenSslFailure("write a private key as PEM");
  }
  return BioText(bio.get());
}

Result<std::string> CrlPem(X509_CRL* crl) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509_CRL(bio.get(), crl) != 1) {
    return OpenSslFailure("write the CRL as PEM");
  }
  return BioText(bio.get());
}

Result<X509Ptr> ParseCert(const std::string& text, const fs::path& path) {
  HUICAI_ASSIGN_OR_RETURN(BioPtr bio, MemoryBio(text, path));
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    ERR_clear_error();
    return Status::DataError(path.string() +
                             " is not a PEM certificate (BEGIN CERTIFICATE); give the .pem file");
  }
  return cert;
}

Result<X509Ptr> LoadCert(const fs::path& path, const char* what) {
  HUICAI_ASSIGN_OR_RETURN(const std::string text, ReadFile(path, what));
  return ParseCert(text, path);
}

std::optional<std::string> NameEntry(const X509_NAME* name, int nid) {
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return std::nullopt;
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) {
    ERR_clear_error();
    return std::nullopt;
  }
  const Utf8Ptr owned(utf8);
  return std::string(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
}

// ---- building certificates ------------------------------------------------------------------

enum class Role { kCa, kServer, kClient };

struct Subject {
  std::string common_name;
  std::string organisation;
  std::string unit;  // empty: no OU
};

struct Validity {
  int not_before_days = 0;  // from now
  int valid_days = 365;
};

struct Issuer {
  X509* cert = nullptr;  // nullptr: self-signed
  EVP_PKEY* key = nullptr;
};

Result<PkeyPtr> GenerateKey() {
  PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return OpenSslFailure("generate an EC P-256 key");
  return key;
}

// A positive, non-zero 128-bit serial from the CSPRNG.
Status SetRandomSerial(X509* cert) {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return OpenSslFailure("draw a random serial number");
  }
  bytes[0] = static_cast<unsigned char>((bytes[0] & 0x7F) | 0x40);  // positive, full length
  BnPtr number(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  if (!number || BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(cert)) == nullptr) {
    return OpenSslFailure("set the serial number");
  }
  return Status::Ok();
}

Status SetSubject(X509* cert, const Subject& subject) {
  X509_NAME* name = X509_get_subject_name(cert);
  auto add = [name](const char* field, const std::string& value) {
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                      0) == 1;
  };
  if (!add("O", subject.organisation) || (!subject.unit.empty() && !add("OU", subject.unit)) ||
      !add("CN", subject.common_name)) {
    return OpenSslFailure("set the subject name '" + subject.common_name + "'");
  }
  return Status::Ok();
}

Status AddExtension(X509* cert, X509V3_CTX* context, int nid, const char* value) {
  ExtPtr extension(X509V3_EXT_conf_nid(nullptr, context, nid, value));
  if (!extension || X509_add_ext(cert, extension.get(), -1) != 1) {
    return OpenSslFailure(std::string("add the extension ") + OBJ_nid2sn(nid) + " = " + value);
  }
  return Status::Ok();
}

Status AddExtensions(X509* cert, X509* issuer_cert, Role role, const std::string& dns_name) {
  X509V3_CTX context{};
  X509V3_set_ctx(&context, issuer_cert, cert, nullptr, nullptr, 0);
  // The subject key identifier first: a self-signed CA's authority key identifier copies it.
  HUICAI_RETURN_IF_ERROR(AddExtension(cert, &context, NID_subject_key_identifier, "hash"));
  HUICAI_RETURN_IF_ERROR(
      AddExtension(cert, &context, NID_authority_key_identifier, "keyid:always"));
  if (role == Role::kCa) {
    HUICAI_RETURN_IF_ERROR(AddExtension(cert, &context, NID_basic_constraints, "critical,CA:TRUE"));
    return AddExtension(cert, &context, NID_key_usage, "critical,keyCertSign,cRLSign");
  }
  HUICAI_RETURN_IF_ERROR(AddExtension(cert, &context, NID_basic_constraints, "critical,CA:FALSE"));
  HUICAI_RETURN_IF_ERROR(AddExtension(cert, &context, NID_key_usage, "critical,digitalSignature"));
  if (role == Role::kClient) {
    return AddExtension(cert, &context, NID_ext_key_usage, "clientAuth");
  }
  HUICAI_RETURN_IF_ERROR(AddExtension(cert, &context, NID_ext_key_usage, "serverAuth"));
  const std::string names = "DNS:" + dns_name + ",IP:127.0.0.1";
  return AddExtension(cert, &context, NID_subject_alt_name, names.c_str());
}

Result<X509Ptr> MakeCertificate(const Subject& subject, Role role, const Validity& validity,
                                EVP_PKEY* subject_key, const Issuer& issuer) {
  X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) {
    return OpenSslFailure("allocate a certificate");
  }
  HUICAI_RETURN_IF_ERROR(SetRandomSerial(cert.get()));
  if (X509_time_adj_ex(X509_getm_notBefore(cert.get()), validity.not_before_days, 0, nullptr) ==
          nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(cert.get()),
                       validity.not_before_days + validity.valid_days, 0, nullptr) == nullptr) {
    return OpenSslFailure("set the validity period");
  }
  HUICAI_RETURN_IF_ERROR(SetSubject(cert.get(), subject));
  X509* issuer_cert = issuer.cert != nullptr ? issuer.cert : cert.get();
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer_cert)) != 1 ||
      X509_set_pubkey(cert.get(), subject_key) != 1) {
    return OpenSslFailure("set the issuer and public key");
  }
  HUICAI_RETURN_IF_ERROR(AddExtensions(cert.get(), issuer_cert, role, subject.common_name));
  if (X509_sign(cert.get(), issuer.key, EVP_sha256()) <= 0) {
    return OpenSslFailure("sign the certificate '" + subject.common_name + "'");
  }
  return cert;
}

// A certificate and its key, ready to be written as <name>.pem / <name>.key.
struct Issued {
  X509Ptr cert;
  PkeyPtr key;
};

Result<Issued> Issue(const Subject& subject, Role role, const Validity& validity,
                     const Issuer& issuer) {
  HUICAI_ASSIGN_OR_RETURN(PkeyPtr key, GenerateKey());
  const Issuer signer = issuer.key != nullptr ? issuer : Issuer{nullptr, key.get()};
  HUICAI_ASSIGN_OR_RETURN(X509Ptr cert,
                          MakeCertificate(subject, role, validity, key.get(), signer));
  return Issued{std::move(cert), std::move(key)};
}

Status WriteIssued(const Issued& issued, const fs::path& cert_path, const fs::path& key_path) {
  HUICAI_ASSIGN_OR_RETURN(std::string key_text, KeyPem(issued.key.get()));
  const SecretText secret(std::move(key_text));
  HUICAI_ASSIGN_OR_RETURN(const std::string cert_text, CertPem(issued.cert.get()));
  HUICAI_RETURN_IF_ERROR(CreateNewFile(key_path, secret.get(), 0600));
  return CreateNewFile(cert_path, cert_text, 0644);
}

// ---- the CA on disk and its CRL -------------------------------------------------------------

struct Ca {
  X509Ptr cert;
  PkeyPtr key;
};

Result<Ca> LoadCa(const fs::path& dir) {
  const fs::path cert_path = dir / "ca.pem";
  const fs::path key_path = dir / "ca.key";
  Result<X509Ptr> cert = LoadCert(cert_path, "CA certificate");
  if (!cert) {
    return cert.error().WithContext("no usable CA in " + dir.string() +
                                    " (run `huicai certs init` there first)");
  }
  Result<std::string> key_read = ReadFile(key_path, "CA key");
  if (!key_read) return key_read.error().WithContext("CA in " + dir.string());
  const SecretText key_text(std::move(key_read).value());
  HUICAI_ASSIGN_OR_RETURN(BioPtr bio, MemoryBio(key_text.get(), key_path));
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!key) {
    ERR_clear_error();
    return Status::DataError(key_path.string() +
                             " is not an unencrypted PEM private key; restore it or make a new CA");
  }
  if (X509_check_private_key(cert.value().get(), key.get()) != 1) {
    ERR_clear_error();
    return Status::DataError(key_path.string() + " does not belong to " + cert_path.string() +
                             "; restore the matching pair or make a new CA");
  }
  return Ca{std::move(cert).value(), std::move(key)};
}

Result<Asn1TimePtr> TimeFromNow(int days) {
  Asn1TimePtr time(X509_time_adj_ex(nullptr, days, 0, nullptr));
  if (!time) return OpenSslFailure("compute a time");
  return time;
}

// Signs a v2 CRL over `revoked` (ownership taken) and returns it as PEM.
Result<std::string> SignCrl(const Ca& ca, std::vector<RevokedPtr> revoked, long crl_number) {
  CrlPtr crl(X509_CRL_new());
  if (!crl || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca.cert.get())) != 1) {
    return OpenSslFailure("start a CRL");
  }
  HUICAI_ASSIGN_OR_RETURN(const Asn1TimePtr last_update, TimeFromNow(0));
  HUICAI_ASSIGN_OR_RETURN(const Asn1TimePtr next_update, TimeFromNow(kCrlValidDays));
  if (X509_CRL_set1_lastUpdate(crl.get(), last_update.get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next_update.get()) != 1) {
    return OpenSslFailure("set the CRL's update times");
  }
  for (RevokedPtr& entry : revoked) {
    if (X509_CRL_add0_revoked(crl.get(), entry.get()) != 1) {
      return OpenSslFailure("add a revoked serial to the CRL");
    }
    (void)entry.release();  // owned by the CRL now
  }
  const Asn1IntPtr number(ASN1_INTEGER_new());
  if (!number || ASN1_INTEGER_set(number.get(), crl_number) != 1 ||
      X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0) != 1) {
    return OpenSslFailure("set the CRL number");
  }
  X509V3_CTX context{};
  X509V3_set_ctx(&context, ca.cert.get(), nullptr, nullptr, crl.get(), 0);
  const ExtPtr key_id(
      X509V3_EXT_conf_nid(nullptr, &context, NID_authority_key_identifier, "keyid:always"));
  if (!key_id || X509_CRL_add_ext(crl.get(), key_id.get(), -1) != 1) {
    return OpenSslFailure("add the CRL's authority key identifier");
  }
  if (X509_CRL_sort(crl.get()) != 1 || X509_CRL_sign(crl.get(), ca.key.get(), EVP_sha256()) <= 0) {
    return OpenSslFailure("sign the CRL");
  }
  return CrlPem(crl.get());
}

Result<RevokedPtr> RevokedEntry(const ASN1_INTEGER* serial) {
  RevokedPtr entry(X509_REVOKED_new());
  HUICAI_ASSIGN_OR_RETURN(const Asn1TimePtr now, TimeFromNow(0));
  const Asn1IntPtr copy(ASN1_INTEGER_dup(serial));  // OpenSSL 3.0's setter takes non-const
  if (!entry || !copy || X509_REVOKED_set_serialNumber(entry.get(), copy.get()) != 1 ||
      X509_REVOKED_set_revocationDate(entry.get(), now.get()) != 1) {
    return OpenSslFailure("make a CRL entry");
  }
  return entry;
}

}  // namespace

Result<CertsReport> InitCertificates(const CertsOptions& options) {
  if (options.dir.empty()) {
    return Status::InvalidArgument("certificate directory is empty; give a new directory");
  }
  HUICAI_RETURN_IF_ERROR(CheckDays(options.days, "certificate validity"));
  if (options.organisation.empty() || options.organisation.size() > kMaxX500Length) {
    return Status::InvalidArgument("organisation must be 1 to 64 bytes of UTF-8");
  }
  if (options.server_name.empty() || options.server_name.size() > kMaxX500Length ||
      options.server_name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                            "0123456789.-") != std::string::npos) {
    return Status::InvalidArgument("server name '" + options.server_name +
                                   "' is not a host name; use 1 to 64 characters of A-Z, a-z, "
                                   "0-9, . and -");
  }
  std::set<std::string> seen;
  for (const std::string& agency : options.agencies) {
    HUICAI_RETURN_IF_ERROR(CheckCertName(agency, "agency"));
    if (!seen.insert(agency).second) {
      return Status::InvalidArgument("agency '" + agency + "' is listed twice; list it once");
    }
  }

  const fs::path& dir = options.dir;
  CertsReport report;
  report.ca_cert = dir / "ca.pem";
  report.server_cert = dir / "server.pem";
  report.server_key = dir / "server.key";
  report.crl = dir / "crl.pem";
  std::vector<fs::path> targets = {report.ca_cert, dir / "ca.key", report.server_cert,
                                   report.server_key, report.crl};
  for (const std::string& agency : options.agencies) {
    report.agency_certs.push_back(dir / (agency + ".pem"));
    targets.push_back(report.agency_certs.back());
    targets.push_back(dir / (agency + ".key"));
  }
  HUICAI_RETURN_IF_ERROR(RefuseExisting(targets));
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return Status::Unavailable("cannot create " + dir.string() + ": " + ec.message());
  }

  const Validity validity{0, options.days};
  HUICAI_ASSIGN_OR_RETURN(Issued ca_issued, Issue({options.organisation, options.organisation, ""},
                                                  Role::kCa, validity, Issuer{}));
  HUICAI_RETURN_IF_ERROR(WriteIssued(ca_issued, report.ca_cert, dir / "ca.key"));
  const Ca ca{std::move(ca_issued.cert), std::move(ca_issued.key)};
  const Issuer issuer{ca.cert.get(), ca.key.get()};

  HUICAI_ASSIGN_OR_RETURN(const Issued server,
                          Issue({options.server_name, options.organisation, "server"},
                                Role::kServer, validity, issuer));
  HUICAI_RETURN_IF_ERROR(WriteIssued(server, report.server_cert, report.server_key));
  for (std::size_t i = 0; i < options.agencies.size(); ++i) {
    const std::string& agency = options.agencies[i];
    HUICAI_ASSIGN_OR_RETURN(const Issued issued, Issue({agency, options.organisation, "agency"},
                                                       Role::kClient, validity, issuer));
    HUICAI_RETURN_IF_ERROR(WriteIssued(issued, report.agency_certs[i], dir / (agency + ".key")));
  }
  HUICAI_ASSIGN_OR_RETURN(const std::string crl, SignCrl(ca, {}, 1));
  HUICAI_RETURN_IF_ERROR(CreateNewFile(report.crl, crl, 0644));
  return report;
}

Result<fs::path> IssueCertificate(const fs::path& dir, const std::string& name, bool client,
                                  int not_before_days, int valid_days) {
  HUICAI_RETURN_IF_ERROR(CheckCertName(name, "certificate"));
  HUICAI_RETURN_IF_ERROR(CheckDays(valid_days, "certificate validity"));
  if (not_before_days < -kMaxDays || not_before_days > kMaxDays) {
    return Status::InvalidArgument("not_before_days is " + std::to_string(not_before_days) +
                                   "; use -3650 to 3650");
  }
  const fs::path cert_path = dir / (name + ".pem");
  const fs::path key_path = dir / (name + ".key");
  HUICAI_ASSIGN_OR_RETURN(const Ca ca, LoadCa(dir));
  HUICAI_RETURN_IF_ERROR(RefuseExisting({cert_path, key_path}));
  const std::string organisation =
      NameEntry(X509_get_subject_name(ca.cert.get()), NID_organizationName)
          .value_or("huicai development CA");
  HUICAI_ASSIGN_OR_RETURN(
      const Issued issued,
      Issue({name, organisation, client ? "agency" : "server"},
            client ? Role::kClient : Role::kServer, Validity{not_before_days, valid_days},
            Issuer{ca.cert.get(), ca.key.get()}));
  HUICAI_RETURN_IF_ERROR(WriteIssued(issued, cert_path, key_path));
  return cert_path;
}

Status RevokeCertificate(const fs::path& dir, const fs::path& cert) {
  HUICAI_ASSIGN_OR_RETURN(const Ca ca, LoadCa(dir));
  HUICAI_ASSIGN_OR_RETURN(const X509Ptr target, LoadCert(cert, "certificate"));
  if (X509_cmp(target.get(), ca.cert.get()) == 0) {
    return Status::InvalidArgument(cert.string() +
                                   " is the CA itself; to retire the CA make a new directory");
  }
  EVP_PKEY* ca_public = X509_get0_pubkey(ca.cert.get());
  if (X509_check_issued(ca.cert.get(), target.get()) != X509_V_OK || ca_public == nullptr ||
      X509_verify(target.get(), ca_public) != 1) {
    ERR_clear_error();
    return Status::InvalidArgument(cert.string() + " was not issued by the CA in " + dir.string() +
                                   "; revoke it with the CA that issued it");
  }
  const ASN1_INTEGER* serial = X509_get0_serialNumber(target.get());

  std::vector<RevokedPtr> revoked;
  long crl_number = 1;
  bool already = false;
  const fs::path crl_path = dir / "crl.pem";
  if (PathTaken(crl_path)) {
    HUICAI_ASSIGN_OR_RETURN(const std::string text, ReadFile(crl_path, "CRL"));
    HUICAI_ASSIGN_OR_RETURN(const BioPtr bio, MemoryBio(text, crl_path));
    const CrlPtr old(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
    if (!old) {
      ERR_clear_error();
      return Status::DataError(crl_path.string() +
                               " is not a PEM CRL; move it away and revoke again to start anew");
    }
    if (X509_CRL_verify(old.get(), ca_public) != 1) {
      ERR_clear_error();
      return Status::DataError(crl_path.string() + " is not signed by the CA in " + dir.string() +
                               "; move it away and revoke again to start anew");
    }
    int critical = 0;
    const Asn1IntPtr old_number(static_cast<ASN1_INTEGER*>(
        X509_CRL_get_ext_d2i(old.get(), NID_crl_number, &critical, nullptr)));
    if (old_number) crl_number = ASN1_INTEGER_get(old_number.get()) + 1;
    STACK_OF(X509_REVOKED)* entries = X509_CRL_get_REVOKED(old.get());
    const int count = entries != nullptr ? sk_X509_REVOKED_num(entries) : 0;
    for (int i = 0; i < count; ++i) {
      X509_REVOKED* entry = sk_X509_REVOKED_value(entries, i);
      if (ASN1_INTEGER_cmp(X509_REVOKED_get0_serialNumber(entry), serial) == 0) already = true;
      RevokedPtr copy(X509_REVOKED_dup(entry));
      if (!copy) return OpenSslFailure("copy a CRL entry");
      revoked.push_back(std::move(copy));
    }
  }
  if (!already) {
    HUICAI_ASSIGN_OR_RETURN(RevokedPtr entry, RevokedEntry(serial));
    revoked.push_back(std::move(entry));
  }
  HUICAI_ASSIGN_OR_RETURN(const std::string pem, SignCrl(ca, std::move(revoked), crl_number));
  return ReplaceFile(crl_path, pem, 0644);
}

Result<std::string> CertificateCommonName(const fs::path& cert) {
  HUICAI_ASSIGN_OR_RETURN(const X509Ptr parsed, LoadCert(cert, "certificate"));
  std::optional<std::string> common_name =
      NameEntry(X509_get_subject_name(parsed.get()), NID_commonName);
  if (!common_name) {
    return Status::DataError(cert.string() + " has no subject CN; it was not made by huicai certs");
  }
  return std::move(*common_name);
}

}  // namespace huicai::exchange
