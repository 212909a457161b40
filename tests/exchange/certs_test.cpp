// The development CA of exchange/certs.h, checked the way a TLS peer would: every file is read
// back and verified with OpenSSL's own X509_STORE, with and without the CRL.
#include "exchange/certs.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <array>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/print.h"

namespace huicai::exchange {
namespace {

namespace fs = std::filesystem;

struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct CrlFree {
  void operator()(X509_CRL* p) const { X509_CRL_free(p); }
};
struct StoreFree {
  void operator()(X509_STORE* p) const { X509_STORE_free(p); }
};
struct StoreCtxFree {
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct BnFree {
  void operator()(BIGNUM* p) const { BN_free(p); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using CrlPtr = std::unique_ptr<X509_CRL, CrlFree>;

const std::vector<std::string> kAgencies = {"education", "police",    "tax",
                                            "bank",      "insurance", "planner"};

// A fresh directory under the system temp dir, removed with everything in it.
struct TempDir {
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() /
           ("huicai_certs_test_" + std::to_string(random()) + "_" + std::to_string(random()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  fs::path path;
};

X509Ptr ReadCert(const fs::path& path) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_file(path.c_str(), "r"));
  BOOST_TEST_REQUIRE(bio != nullptr, "cannot open " << path);
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  BOOST_TEST_REQUIRE(cert != nullptr, path << " is not a PEM certificate");
  return cert;
}

CrlPtr ReadCrl(const fs::path& path) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_file(path.c_str(), "r"));
  BOOST_TEST_REQUIRE(bio != nullptr, "cannot open " << path);
  CrlPtr crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
  BOOST_TEST_REQUIRE(crl != nullptr, path << " is not a PEM CRL");
  return crl;
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

enum class Purpose { kAny, kTlsServer, kTlsClient };

// The X509_V_ERR_* code OpenSSL gives for `cert` against the CA at `ca` (X509_V_OK = trusted).
// With `crl`, revocation is checked (X509_V_FLAG_CRL_CHECK).
int VerifyCode(const fs::path& ca, const fs::path& cert, const fs::path& crl = {},
               Purpose purpose = Purpose::kAny) {
  std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
  const X509Ptr ca_cert = ReadCert(ca);
  BOOST_TEST_REQUIRE(X509_STORE_add_cert(store.get(), ca_cert.get()) == 1);
  if (!crl.empty()) {
    const CrlPtr list = ReadCrl(crl);
    BOOST_TEST_REQUIRE(X509_STORE_add_crl(store.get(), list.get()) == 1);
    BOOST_TEST_REQUIRE(X509_STORE_set_flags(store.get(), X509_V_FLAG_CRL_CHECK) == 1);
  }
  const X509Ptr leaf = ReadCert(cert);
  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> context(X509_STORE_CTX_new());
  BOOST_TEST_REQUIRE(X509_STORE_CTX_init(context.get(), store.get(), leaf.get(), nullptr) == 1);
  if (purpose == Purpose::kTlsServer) {
    BOOST_TEST_REQUIRE(X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_SERVER) == 1);
  } else if (purpose == Purpose::kTlsClient) {
    BOOST_TEST_REQUIRE(X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_CLIENT) == 1);
  }
  const int verified = X509_verify_cert(context.get());
  const int code = X509_STORE_CTX_get_error(context.get());
  BOOST_TEST((verified == 1) == (code == X509_V_OK));
  return code;
}

std::string NameField(const X509* cert, int nid) {
  std::array<char, 256> text{};
  const int length = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), nid, text.data(),
                                               static_cast<int>(text.size()));
  return length < 0 ? std::string("<none>") : std::string(text.data());
}

std::string SerialHex(const X509* cert) {
  std::unique_ptr<BIGNUM, BnFree> number(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
  char* hex = BN_bn2hex(number.get());
  std::string out(hex);
  OPENSSL_free(hex);
  return out;
}

int SerialBits(const X509* cert) {
  std::unique_ptr<BIGNUM, BnFree> number(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
  return BN_num_bits(number.get());
}

int RevokedCount(const fs::path& crl_path) {
  const CrlPtr crl = ReadCrl(crl_path);
  STACK_OF(X509_REVOKED)* entries = X509_CRL_get_REVOKED(crl.get());
  return entries == nullptr ? 0 : sk_X509_REVOKED_num(entries);
}

unsigned Mode(const fs::path& path) {
  struct stat info {};
  BOOST_TEST_REQUIRE(::stat(path.c_str(), &info) == 0, "cannot stat " << path);
  return static_cast<unsigned>(info.st_mode & 0777);
}

CertsReport InitOrDie(const fs::path& dir) {
  CertsOptions options;
  options.dir = dir;
  options.agencies = kAgencies;
  Result<CertsReport> report = InitCertificates(options);
  BOOST_TEST_REQUIRE(report.ok(), report.status().ToString());
  return std::move(report).value();
}

Status InitWithAgencies(const fs::path& dir, std::vector<std::string> agencies) {
  CertsOptions options;
  options.dir = dir;
  options.agencies = std::move(agencies);
  return InitCertificates(options).status();
}

BOOST_AUTO_TEST_SUITE(certs)

BOOST_AUTO_TEST_CASE(every_agency_and_the_server_verify_against_the_new_ca) {
  const TempDir temp;
  const CertsReport report = InitOrDie(temp.path / "pki");
  BOOST_TEST(report.ca_cert == temp.path / "pki" / "ca.pem");
  BOOST_TEST(report.crl == temp.path / "pki" / "crl.pem");
  BOOST_TEST_REQUIRE(report.agency_certs.size() == kAgencies.size());
  BOOST_TEST(VerifyCode(report.ca_cert, report.server_cert, {}, Purpose::kTlsServer) == X509_V_OK);
  BOOST_TEST(VerifyCode(report.ca_cert, report.server_cert, report.crl, Purpose::kTlsServer) ==
             X509_V_OK);
  for (std::size_t i = 0; i < kAgencies.size(); ++i) {
    BOOST_TEST(report.agency_certs[i] == temp.path / "pki" / (kAgencies[i] + ".pem"));
    BOOST_TEST(fs::exists(temp.path / "pki" / (kAgencies[i] + ".key")));
    BOOST_TEST(VerifyCode(report.ca_cert, report.agency_certs[i], report.crl,
                          Purpose::kTlsClient) == X509_V_OK,
               kAgencies[i]);
  }
  BOOST_TEST(RevokedCount(report.crl) == 0);
}

BOOST_AUTO_TEST_CASE(agency_certificates_are_for_tls_clients_only_and_the_server_for_servers) {
  const TempDir temp;
  const CertsReport report = InitOrDie(temp.path);
  BOOST_TEST(VerifyCode(report.ca_cert, report.agency_certs[0], {}, Purpose::kTlsServer) ==
             X509_V_ERR_INVALID_PURPOSE);
  BOOST_TEST(VerifyCode(report.ca_cert, report.server_cert, {}, Purpose::kTlsClient) ==
             X509_V_ERR_INVALID_PURPOSE);
}

BOOST_AUTO_TEST_CASE(certificates_carry_the_specified_names_keys_and_extensions) {
  const TempDir temp;
  const CertsReport report = InitOrDie(temp.path);

  const X509Ptr ca = ReadCert(report.ca_cert);
  BOOST_TEST(NameField(ca.get(), NID_organizationName) == "huicai development CA");
  BOOST_TEST(X509_check_ca(ca.get()) == 1);
  BOOST_TEST((X509_get_key_usage(ca.get()) & (KU_KEY_CERT_SIGN | KU_CRL_SIGN)) ==
             (KU_KEY_CERT_SIGN | KU_CRL_SIGN));
  const int ca_constraints = X509_get_ext_by_NID(ca.get(), NID_basic_constraints, -1);
  BOOST_TEST_REQUIRE(ca_constraints >= 0);
  BOOST_TEST(X509_EXTENSION_get_critical(X509_get_ext(ca.get(), ca_constraints)) == 1);

  const X509Ptr server = ReadCert(report.server_cert);
  BOOST_TEST(NameField(server.get(), NID_commonName) == "localhost");
  BOOST_TEST(NameField(server.get(), NID_organizationalUnitName) == "server");
  BOOST_TEST(X509_get_extended_key_usage(server.get()) ==
             static_cast<std::uint32_t>(XKU_SSL_SERVER));
  BOOST_TEST(X509_check_host(server.get(), "localhost", 0, 0, nullptr) == 1);
  BOOST_TEST(X509_check_ip_asc(server.get(), "127.0.0.1", 0) == 1);

  std::set<std::string> serials = {SerialHex(ca.get()), SerialHex(server.get())};
  for (std::size_t i = 0; i < kAgencies.size(); ++i) {
    const X509Ptr agency = ReadCert(report.agency_certs[i]);
    BOOST_TEST(NameField(agency.get(), NID_commonName) == kAgencies[i]);
    BOOST_TEST(NameField(agency.get(), NID_organizationName) == "huicai development CA");
    BOOST_TEST(NameField(agency.get(), NID_organizationalUnitName) == "agency");
    BOOST_TEST(X509_get_extended_key_usage(agency.get()) ==
               static_cast<std::uint32_t>(XKU_SSL_CLIENT));
    BOOST_TEST(X509_check_ca(agency.get()) == 0);
    BOOST_TEST((X509_get_key_usage(agency.get()) & KU_DIGITAL_SIGNATURE) != 0U);
    BOOST_TEST(X509_get_version(agency.get()) == X509_VERSION_3);
    BOOST_TEST(X509_get_signature_nid(agency.get()) == NID_ecdsa_with_SHA256);
    const EVP_PKEY* key = X509_get0_pubkey(agency.get());
    BOOST_TEST(EVP_PKEY_is_a(key, "EC") == 1);
    BOOST_TEST(EVP_PKEY_get_bits(key) == 256);
    BOOST_TEST(X509_get0_subject_key_id(agency.get()) != nullptr);
    BOOST_TEST(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(agency.get()),
                                     X509_get0_subject_key_id(ca.get())) == 0);
    BOOST_TEST(SerialBits(agency.get()) > 120);
    serials.insert(SerialHex(agency.get()));

    const Result<std::string> common_name = CertificateCommonName(report.agency_certs[i]);
    BOOST_TEST_REQUIRE(common_name.ok(), common_name.status().ToString());
    BOOST_TEST(common_name.value() == kAgencies[i]);
  }
  BOOST_TEST(serials.size() == kAgencies.size() + 2);
}

BOOST_AUTO_TEST_CASE(keys_are_owner_only_and_certificates_world_readable) {
  const TempDir temp;
  const CertsReport report = InitOrDie(temp.path);
  BOOST_TEST(Mode(temp.path / "ca.key") == 0600U);
  BOOST_TEST(Mode(report.server_key) == 0600U);
  for (const std::string& agency : kAgencies) {
    BOOST_TEST(Mode(temp.path / (agency + ".key")) == 0600U, agency);
  }
  BOOST_TEST(Mode(report.ca_cert) == 0644U);
  BOOST_TEST(Mode(report.agency_certs[0]) == 0644U);
}

BOOST_AUTO_TEST_CASE(revoked_agency_fails_crl_check_while_the_others_still_verify) {
  const TempDir temp;
  const CertsReport report = InitOrDie(temp.path);
  const fs::path police = temp.path / "police.pem";
  const fs::path tax = temp.path / "tax.pem";

  BOOST_TEST_REQUIRE(RevokeCertificate(temp.path, police).ok());
  BOOST_TEST(VerifyCode(report.ca_cert, police, report.crl) == X509_V_ERR_CERT_REVOKED);
  BOOST_TEST(VerifyCode(report.ca_cert, tax, report.crl) == X509_V_OK);
  BOOST_TEST(VerifyCode(report.ca_cert, police) == X509_V_OK);  // without the CRL it still passes

  const CrlPtr crl = ReadCrl(report.crl);
  int days = 0;
  int seconds = 0;
  BOOST_TEST_REQUIRE(ASN1_TIME_diff(&days, &seconds, X509_CRL_get0_lastUpdate(crl.get()),
                                    X509_CRL_get0_nextUpdate(crl.get())) == 1);
  BOOST_TEST(days == 30);

  const Status again = RevokeCertificate(temp.path, police);
  BOOST_TEST(again.ok(), again.ToString());
  BOOST_TEST(RevokedCount(report.crl) == 1);

  BOOST_TEST_REQUIRE(RevokeCertificate(temp.path, tax).ok());
  BOOST_TEST(RevokedCount(report.crl) == 2);
  BOOST_TEST(VerifyCode(report.ca_cert, police, report.crl) == X509_V_ERR_CERT_REVOKED);
  BOOST_TEST(VerifyCode(report.ca_cert, tax, report.crl) == X509_V_ERR_CERT_REVOKED);
  BOOST_TEST(VerifyCode(report.ca_cert, temp.path / "bank.pem", report.crl) == X509_V_OK);
}

BOOST_AUTO_TEST_CASE(certificate_issued_in_the_past_fails_as_expired) {
  const TempDir temp;
  const CertsReport report = InitOrDie(temp.path);
  const Result<fs::path> expired = IssueCertificate(temp.path, "stale", true, -10, 1);
  BOOST_TEST_REQUIRE(expired.ok(), expired.status().ToString());
  BOOST_TEST(expired.value() == temp.path / "stale.pem");
  BOOST_TEST(Mode(temp.path / "stale.key") == 0600U);
  BOOST_TEST(VerifyCode(report.ca_cert, expired.value()) == X509_V_ERR_CERT_HAS_EXPIRED);

  const Result<fs::path> fresh = IssueCertificate(temp.path, "partner2", false, 0, 30);
  BOOST_TEST_REQUIRE(fresh.ok(), fresh.status().ToString());
  BOOST_TEST(VerifyCode(report.ca_cert, fresh.value(), report.crl, Purpose::kTlsServer) ==
             X509_V_OK);
  const Result<std::string> common_name = CertificateCommonName(fresh.value());
  BOOST_TEST_REQUIRE(common_name.ok());
  BOOST_TEST(common_name.value() == "partner2");
}

BOOST_AUTO_TEST_CASE(certificate_from_an_unrelated_ca_is_not_trusted_nor_revocable) {
  const TempDir temp;
  const CertsReport first = InitOrDie(temp.path / "first");
  const CertsReport second = InitOrDie(temp.path / "second");  // same names, other keys
  BOOST_TEST(VerifyCode(first.ca_cert, second.agency_certs[0]) != X509_V_OK);
  BOOST_TEST(VerifyCode(first.ca_cert, second.server_cert) != X509_V_OK);
  BOOST_TEST(VerifyCode(second.ca_cert, second.agency_certs[0]) == X509_V_OK);

  const std::string crl_before = ReadText(first.crl);
  const Status revoked = RevokeCertificate(temp.path / "first", second.agency_certs[0]);
  BOOST_TEST(revoked.code() == StatusCode::kInvalidArgument, revoked.ToString());
  BOOST_TEST(ReadText(first.crl) == crl_before);
}

BOOST_AUTO_TEST_CASE(refuses_to_overwrite_any_existing_file) {
  const TempDir temp;
  const CertsReport report = InitOrDie(temp.path);
  const std::string ca_before = ReadText(report.ca_cert);
  CertsOptions options;
  options.dir = temp.path;
  options.agencies = kAgencies;
  const Result<CertsReport> twice = InitCertificates(options);
  BOOST_TEST_REQUIRE(!twice.ok());
  BOOST_TEST(twice.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(twice.error().message().find("ca.pem already exists") != std::string::npos,
             twice.error().message());
  BOOST_TEST(ReadText(report.ca_cert) == ca_before);

  const Result<fs::path> reissued = IssueCertificate(temp.path, "police", true, 0, 30);
  BOOST_TEST(reissued.status().code() == StatusCode::kInvalidArgument);

  // A single stray file stops the whole run before anything is written.
  const fs::path fresh = temp.path / "fresh";
  fs::create_directories(fresh);
  std::ofstream(fresh / "tax.key") << "not mine";
  const Status blocked = InitWithAgencies(fresh, kAgencies);
  BOOST_TEST(blocked.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(blocked.message().find("tax.key") != std::string::npos, blocked.message());
  BOOST_TEST(!fs::exists(fresh / "ca.pem"));
  BOOST_TEST(ReadText(fresh / "tax.key") == "not mine");
}

BOOST_AUTO_TEST_CASE(rejects_bad_agency_names_duplicates_and_days_out_of_range) {
  const TempDir temp;
  const fs::path dir = temp.path / "pki";
  for (const std::string& bad : {std::string("Police"), std::string("tax office"), std::string(""),
                                 std::string(33, 'a'), std::string("../escape"), std::string("ca"),
                                 std::string("server"), std::string("crl"), std::string("教育")}) {
    const Status status = InitWithAgencies(dir, {"education", bad});
    BOOST_TEST(status.code() == StatusCode::kInvalidArgument, "'" << bad << "' was accepted");
  }
  BOOST_TEST(InitWithAgencies(dir, {"tax", "police", "tax"}).code() ==
             StatusCode::kInvalidArgument);
  BOOST_TEST(InitWithAgencies({}, {"tax"}).code() == StatusCode::kInvalidArgument);
  for (const int days : {0, -1, 3651}) {
    CertsOptions options;
    options.dir = dir;
    options.days = days;
    BOOST_TEST(InitCertificates(options).status().code() == StatusCode::kInvalidArgument, days);
  }
  BOOST_TEST(!fs::exists(dir));  // nothing was created by a refused call

  BOOST_TEST(InitWithAgencies(dir, {std::string(32, 'z'), "a-b_c9"}).ok());
  BOOST_TEST(IssueCertificate(dir, "Bad Name", true, 0, 1).status().code() ==
             StatusCode::kInvalidArgument);
  BOOST_TEST(IssueCertificate(dir, "ok", true, 0, 0).status().code() ==
             StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(missing_ca_or_certificate_is_not_found_and_garbage_is_a_data_error) {
  const TempDir temp;
  BOOST_TEST(IssueCertificate(temp.path, "education", true, 0, 30).status().code() ==
             StatusCode::kNotFound);
  BOOST_TEST(RevokeCertificate(temp.path, temp.path / "education.pem").code() ==
             StatusCode::kNotFound);
  BOOST_TEST(CertificateCommonName(temp.path / "nothing.pem").status().code() ==
             StatusCode::kNotFound);

  const CertsReport report = InitOrDie(temp.path / "pki");
  BOOST_TEST(RevokeCertificate(temp.path / "pki", temp.path / "pki" / "nobody.pem").code() ==
             StatusCode::kNotFound);
  std::ofstream(temp.path / "garbage.pem") << "-----BEGIN CERTIFICATE-----\nnope\n";
  BOOST_TEST(CertificateCommonName(temp.path / "garbage.pem").status().code() ==
             StatusCode::kDataError);
  BOOST_TEST(RevokeCertificate(temp.path / "pki", report.ca_cert).code() ==
             StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace huicai::exchange
