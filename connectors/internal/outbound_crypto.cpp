// Signing keys and detached signatures through the OpenSSL 3 EVP API. Key bytes are wiped
// after parsing and never appear in a message.
#include "connectors/internal/outbound_crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <array>
#include <cassert>
#include <climits>
#include <memory>
#include <string>

#include "connectors/internal/outbound_files.h"
#include "connectors/outbound.h"
#include "core/text.h"

namespace huicai::connectors {
namespace {

// GM/T 0009-2012 default user ID, the one every SM2 tool assumes.
constexpr std::string_view kSm2Id = "1234567812345678";

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

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

// Refuses encrypted keys instead of prompting on the terminal.
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*user*/) { return -1; }

// Wipes the key file's bytes when it goes out of scope.
class SecretBytes {
 public:
  explicit SecretBytes(std::string bytes) : bytes_(std::move(bytes)) {}
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }
  const std::string& get() const { return bytes_; }

 private:
  std::string bytes_;
};

Result<BioPtr> MemoryBio(const std::string& bytes, const std::filesystem::path& path) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    return Status::InvalidArgument("key file " + path.string() + " is too large to be a PEM key");
  }
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  if (!bio) return Status::Internal("OpenSSL could not allocate a buffer: " + OpenSslErrors());
  return bio;
}

Result<SignatureAlgorithm> AlgorithmOf(const EVP_PKEY* key, const std::filesystem::path& path) {
  if (EVP_PKEY_is_a(key, "SM2")) return SignatureAlgorithm::kSm2Sm3;
  if (EVP_PKEY_is_a(key, "ED25519")) return SignatureAlgorithm::kEd25519;
  if (EVP_PKEY_is_a(key, "EC")) {
    std::array<char, 64> group{};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group.data(), group.size(),
                                       &length) == 1) {
      const std::string_view name(group.data(), length);
      if (name == "prime256v1" || name == "P-256") return SignatureAlgorithm::kEcdsaP256Sha256;
      if (name == "SM2") return SignatureAlgorithm::kSm2Sm3;
      ERR_clear_error();
      return Status::InvalidArgument("key " + path.string() + " is on curve " + std::string(name) +
                                     "; use P-256 (prime256v1), SM2 or Ed25519");
    }
  }
  ERR_clear_error();
  return Status::InvalidArgument("key " + path.string() + " is of type " +
                                 std::string(EVP_PKEY_get0_type_name(key) != nullptr
                                                 ? EVP_PKEY_get0_type_name(key)
                                                 : "unknown") +
                                 "; use an EC P-256, SM2 or Ed25519 key");
}

// Sets up a sign or verify context for the key's algorithm.
Status InitContext(EVP_MD_CTX* ctx, EVP_PKEY* key, SignatureAlgorithm algorithm, bool sign) {
  const char* digest = nullptr;
  switch (algorithm) {
    case SignatureAlgorithm::kEcdsaP256Sha256:
      digest = "SHA256";
      break;
    case SignatureAlgorithm::kSm2Sm3:
      digest = "SM3";
      break;
    case SignatureAlgorithm::kEd25519:
      digest = nullptr;  // pure Ed25519 hashes internally
      break;
  }
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  const int rc = sign ? EVP_DigestSignInit_ex(ctx, &pctx, digest, nullptr, nullptr, key, nullptr)
                      : EVP_DigestVerifyInit_ex(ctx, &pctx, digest, nullptr, nullptr, key, nullptr);
  // The SM2 ID goes in after init: OpenSSL 3.0 refuses it before the Z digest is armed.
  const bool id_ok =
      algorithm != SignatureAlgorithm::kSm2Sm3 ||
      EVP_PKEY_CTX_set1_id(pctx, kSm2Id.data(), static_cast<int>(kSm2Id.size())) == 1;
  if (rc != 1 || !id_ok) {
    return Status::Internal(
        std::string("OpenSSL could not start ") + (sign ? "signing" : "verifying") + " with " +
        std::string(SignatureAlgorithmName(algorithm)) + ": " + OpenSslErrors());
  }
  return Status::Ok();
}

Status VerifyWithKey(EVP_PKEY* key, SignatureAlgorithm algorithm, std::string_view data,
                     std::string_view signature) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return Status::Internal("OpenSSL could not allocate a digest context");
  HUICAI_RETURN_IF_ERROR(InitContext(ctx.get(), key, algorithm, false));
  const int rc = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(data.data()), data.size());
  ERR_clear_error();  // a malformed signature leaves decoding errors behind
  if (rc != 1) {
    return Status::DataError(std::string(SignatureAlgorithmName(algorithm)) +
                             " signature does not match: the file was altered or signed with "
                             "another key; do not use it, ask the sender to resend");
  }
  return Status::Ok();
}

}  // namespace

std::string_view SignatureAlgorithmName(SignatureAlgorithm algorithm) {
  switch (algorithm) {
    case SignatureAlgorithm::kEcdsaP256Sha256:
      return "ecdsa-p256-sha256";
    case SignatureAlgorithm::kSm2Sm3:
      return "sm2-sm3";
    case SignatureAlgorithm::kEd25519:
      return "ed25519";
  }
  return "unknown";
}

class SigningKey::Impl {
 public:
  Impl(PkeyPtr key, SignatureAlgorithm algorithm) : key_(std::move(key)), algorithm_(algorithm) {}
  PkeyPtr key_;
  SignatureAlgorithm algorithm_;
};

SigningKey::SigningKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

SignatureAlgorithm SigningKey::algorithm() const { return impl_->algorithm_; }

Status SigningKey::Verify(std::string_view data, std::string_view signature) const {
  return VerifyWithKey(impl_->key_.get(), impl_->algorithm_, data, signature);
}

Result<SigningKey> SigningKey::Load(const std::filesystem::path& private_pem) {
  Result<std::string> read = internal::ReadWholeFile(private_pem);
  if (!read) return read.error().WithContext("signing key");
  const SecretBytes bytes(std::move(read).value());
  HUICAI_ASSIGN_OR_RETURN(BioPtr bio, MemoryBio(bytes.get(), private_pem));
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!key) {
    ERR_clear_error();  // the detail could only say "bad decrypt" or "no start line"
    const bool encrypted = bytes.get().find("ENCRYPTED") != std::string::npos;
    return Status::InvalidArgument(
        "signing key " + private_pem.string() +
        (encrypted ? " is encrypted; give an unencrypted PKCS#8 PEM file readable only by huicai"
                   : " is not a PEM private key; give a PKCS#8 PEM file (BEGIN PRIVATE KEY)"));
  }
  HUICAI_ASSIGN_OR_RETURN(const SignatureAlgorithm algorithm, AlgorithmOf(key.get(), private_pem));
  return SigningKey(std::make_unique<Impl>(std::move(key), algorithm));
}

Result<std::string> SigningKey::Sign(std::string_view data) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return Status::Internal("OpenSSL could not allocate a digest context");
  HUICAI_RETURN_IF_ERROR(InitContext(ctx.get(), impl_->key_.get(), impl_->algorithm_, true));
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t length = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &length, bytes, data.size()) != 1) {
    return Status::Internal("OpenSSL could not size the signature: " + OpenSslErrors());
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, bytes,
                     data.size()) != 1) {
    return Status::Internal("OpenSSL could not sign: " + OpenSslErrors());
  }
  signature.resize(length);  // DER signatures are often shorter than the maximum
  return signature;
}

Status GenerateSigningKey(const std::filesystem::path& private_pem,
                          const std::filesystem::path& public_pem, SignatureAlgorithm algorithm) {
  std::error_code ec;
  for (const std::filesystem::path& path : {private_pem, public_pem}) {
    if (std::filesystem::exists(path, ec)) {
      return Status::InvalidArgument(path.string() +
                                     " already exists; keys are never overwritten, "
                                     "remove it or choose another name");
    }
  }
  PkeyPtr key;
  switch (algorithm) {
    case SignatureAlgorithm::kEcdsaP256Sha256:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
      break;
    case SignatureAlgorithm::kSm2Sm3:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2"));
      break;
    case SignatureAlgorithm::kEd25519:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
      break;
  }
  if (!key) return Status::Internal("OpenSSL could not generate a key: " + OpenSslErrors());

  BioPtr private_bio(BIO_new(BIO_s_secmem()));  // wiped when freed
  BioPtr public_bio(BIO_new(BIO_s_mem()));
  if (!private_bio || !public_bio ||
      PEM_write_bio_PrivateKey(private_bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                               nullptr) != 1 ||
      PEM_write_bio_PUBKEY(public_bio.get(), key.get()) != 1) {
    return Status::Internal("OpenSSL could not write the key as PEM: " + OpenSslErrors());
  }
  auto text_of = [](BIO* bio) {
    char* data = nullptr;
    const long size = BIO_ctrl(bio, BIO_CTRL_INFO, 0, static_cast<void*>(&data));
    return std::string(data, static_cast<std::size_t>(size));
  };
  const SecretBytes private_text(text_of(private_bio.get()));
  const std::string public_text = text_of(public_bio.get());

  HUICAI_ASSIGN_OR_RETURN(const bool created,
                          internal::CreateFileAtomically(private_pem, private_text.get(), 0600));
  if (!created) return Status::InvalidArgument(private_pem.string() + " appeared meanwhile");
  HUICAI_ASSIGN_OR_RETURN(const bool created_public,
                          internal::CreateFileAtomically(public_pem, public_text, 0644));
  if (!created_public) return Status::InvalidArgument(public_pem.string() + " appeared meanwhile");
  return Status::Ok();
}

namespace internal {

std::string Sha256Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const int rc =
      EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  assert(rc == 1 && "SHA-256 is always available");
  (void)rc;
  return LowerHex(std::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

Status VerifyDetached(std::string_view data, std::string_view signature,
                      const std::filesystem::path& public_pem) {
  Result<std::string> read = ReadWholeFile(public_pem);
  if (!read) return read.error().WithContext("public key");
  HUICAI_ASSIGN_OR_RETURN(BioPtr bio, MemoryBio(read.value(), public_pem));
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!key) {
    ERR_clear_error();
    return Status::InvalidArgument("public key " + public_pem.string() +
                                   " is not a PEM public key (BEGIN PUBLIC KEY)");
  }
  HUICAI_ASSIGN_OR_RETURN(const SignatureAlgorithm algorithm, AlgorithmOf(key.get(), public_pem));
  return VerifyWithKey(key.get(), algorithm, data, signature);
}

}  // namespace internal
}  // namespace huicai::connectors
