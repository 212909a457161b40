#pragma once
// connectors: outbound batches for partners - allowance payment files for the bank and
// individual income tax withholding reports for the tax bureau - written atomically,
// idempotent by batch id, with a detached signature the partner checks with `openssl`.
// Hides OpenSSL 3 (EVP API); no OpenSSL type crosses this file. Layouts: docs/outbound.md.
// Thread-safety: all functions are reentrant; a loaded SigningKey is immutable and may be
// used by several threads at once. Two processes writing the same batch id are safe (the
// final file is created with link(2), never overwritten).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace huicai::connectors {

// One payee of an allowance payment batch (惠才 expert allowance, 津补贴发放).
struct PaymentLine {
  std::string payee_name;       // as on the card account; Chinese or Latin (core name rules)
  std::string id_number;        // GB 11643; normalised to 18 characters in the file
  std::string card_number;      // 16-19 digits, Luhn; spaces/dashes dropped; written in full
  std::int64_t amount_fen = 0;  // 分, > 0
  std::string memo;             // optional, at most 60 characters, no '|' or control chars
};

struct PaymentBatch {
  std::string batch_id;            // [A-Za-z0-9-]{1,40}, e.g. "ALW-2026-11-0001"; names the file
  std::string period;              // "YYYY-MM", the month the allowance is for
  std::string payer_name;          // paying organisation
  std::string payer_account;       // 6-32 digits (spaces/dashes dropped); no Luhn check
  std::string payer_credit_code;   // GB 32100
  Date value_date;                 // the day the bank should pay
  std::vector<PaymentLine> lines;  // at least one
};

// One taxpayer line of a withholding report (个人所得税扣缴申报).
struct WithholdingLine {
  std::string taxpayer_name;
  std::string id_number;       // GB 11643
  std::int64_t gross_fen = 0;  // income before tax, 分, > 0
  std::int64_t tax_fen = 0;    // tax withheld, 分, 0 <= tax <= gross
  // Income item by its number in Article 2 of the IIT Law: "01" 工资、薪金所得, "02" 劳务报酬所得,
  // "03" 稿酬所得, "04" 特许权使用费所得, "06" 利息、股息、红利所得, "07" 财产租赁所得,
  // "08" 财产转让所得, "09" 偶然所得 ("05" 经营所得 is self-declared, refused). The Chinese
  // name, with or without 所得, is accepted too. Expert allowances are "02".
  std::string income_type;
};

struct WithholdingReport {
  std::string report_id;  // [A-Za-z0-9-]{1,40}; names the file
  std::string period;     // "YYYY-MM"
  std::string withholding_agent_name;
  std::string withholding_agent_credit_code;  // GB 32100
  std::vector<WithholdingLine> lines;         // at least one
};

// The text of a payment file: UTF-8 without BOM, fields separated by '|', every line ended
// by CRLF. "H" header, one "D" line per payee (full ID and card number), "T" trailer with
// line count and total in fen (docs/outbound.md gives every field).
// InvalidArgument: empty batch, bad batch id/period/date/payer fields, or a bad line; the
// message names the line ("payment line 3: bank card fails the Luhn check") and never
// repeats a full ID or card number. Overflowing total: InvalidArgument.
[[nodiscard]] Result<std::string> FormatPaymentBatch(const PaymentBatch& batch);

// The text of a withholding report, same conventions ("H", "D" per taxpayer, "T" with count,
// total gross and total tax). InvalidArgument as FormatPaymentBatch, naming the line.
[[nodiscard]] Result<std::string> FormatWithholdingReport(const WithholdingReport& report);

enum class SignatureAlgorithm {
  kEcdsaP256Sha256,  // EC key on prime256v1: ECDSA over SHA-256, DER signature (default)
  kSm2Sm3,           // SM2 key: SM2 over SM3, ID "1234567812345678" (GM/T 0009), DER
  kEd25519,          // Ed25519 key: pure Ed25519 over the file, 64-byte signature
};
std::string_view SignatureAlgorithmName(SignatureAlgorithm algorithm);  // "ecdsa-p256-sha256"...

// A private signing key loaded from an unencrypted PEM file (PKCS#8 or traditional).
// The key material is never logged nor put in any message.
class SigningKey {
 public:
  // NotFound: no such file. InvalidArgument: not a PEM private key, encrypted, or an
  // algorithm other than the three above (RSA, EC on another curve). Unavailable: unreadable.
  [[nodiscard]] static Result<SigningKey> Load(const std::filesystem::path& private_pem);
  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

  SignatureAlgorithm algorithm() const;
  // Detached signature of `data` under algorithm(). Internal: OpenSSL failed.
  [[nodiscard]] Result<std::string> Sign(std::string_view data) const;
  // Checks a detached signature of `data` against this key's public half.
  // DataError: it does not match or is malformed. Internal: OpenSSL failed.
  [[nodiscard]] Status Verify(std::string_view data, std::string_view signature) const;

 private:
  class Impl;  // holds the EVP_PKEY
  explicit SigningKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct WrittenBatch {
  std::filesystem::path file;       // dir / "<batch_id>.txt"
  std::filesystem::path signature;  // dir / "<batch_id>.txt.sig"
  std::string sha256_hex;           // of the content, lower-case hex
  bool already_existed = false;     // the file was there with identical content
};

// Writes dir/<batch_id>.txt atomically (temporary file in dir, fsync, link into place, fsync
// dir) and the detached signature dir/<batch_id>.txt.sig the same way. Idempotent by batch
// id: when the file exists with identical content nothing is rewritten (already_existed); a
// missing or non-verifying signature beside it is (re)made. No temporary file stays behind.
// InvalidArgument: bad batch id, empty content, bad key (as SigningKey::Load).
// NotFound: dir or key file missing. DataError: "batch id reused with different content".
// Unavailable: an I/O error (disk full, permissions); safe to retry.
[[nodiscard]] Result<WrittenBatch> WriteSignedBatch(const std::filesystem::path& dir,
                                                    std::string_view batch_id,
                                                    std::string_view content,
                                                    const std::filesystem::path& private_key_pem);
[[nodiscard]] Result<WrittenBatch> WriteSignedBatch(const std::filesystem::path& dir,
                                                    std::string_view batch_id,
                                                    std::string_view content,
                                                    const SigningKey& key);

// Checks `file` against its detached signature `file` + ".sig" with the public key (PEM,
// SubjectPublicKeyInfo); the algorithm follows the key type.
// NotFound: the file, the signature or the key file is missing. InvalidArgument: the key is
// not a supported public key. DataError: the signature does not match (file altered, or
// signed with another key). Unavailable: unreadable.
[[nodiscard]] Status VerifySignedBatch(const std::filesystem::path& file,
                                       const std::filesystem::path& public_key_pem);

// Makes a fresh key pair for demos and tests: private key as unencrypted PKCS#8 PEM with mode
// 0600, public key as SubjectPublicKeyInfo PEM. Never overwrites: InvalidArgument when either
// file exists. NotFound: the folder is missing. Unavailable: I/O error. Internal: OpenSSL.
[[nodiscard]] Status GenerateSigningKey(
    const std::filesystem::path& private_pem, const std::filesystem::path& public_pem,
    SignatureAlgorithm algorithm = SignatureAlgorithm::kEcdsaP256Sha256);

// One-paragraph summaries for logs: ids, period, payer or agent, count and totals, then up to
// 10 lines with names, ID numbers and card numbers masked (core/mask.h). Never fails; works
// on unvalidated input too.
std::string DescribeBatch(const PaymentBatch& batch);
std::string DescribeWithholdingReport(const WithholdingReport& report);

}  // namespace huicai::connectors
