// Outbound batches on disk: atomic, idempotent by batch id, with a detached signature.
// Formats live in internal/outbound_format.cpp, OpenSSL in internal/outbound_crypto.cpp.
#include "connectors/outbound.h"

#include <string>
#include <utility>

#include "connectors/internal/outbound_crypto.h"
#include "connectors/internal/outbound_files.h"
#include "connectors/internal/outbound_format.h"

namespace huicai::connectors {
namespace {

constexpr unsigned kFileMode = 0640;  // batches hold full ID and card numbers

std::filesystem::path SignaturePathOf(const std::filesystem::path& file) {
  std::filesystem::path sig = file;
  sig += ".sig";
  return sig;
}

}  // namespace

Result<WrittenBatch> WriteSignedBatch(const std::filesystem::path& dir, std::string_view batch_id,
                                      std::string_view content,
                                      const std::filesystem::path& private_key_pem) {
  HUICAI_RETURN_IF_ERROR(internal::CheckOutboundId(batch_id, "batch id"));
  HUICAI_ASSIGN_OR_RETURN(const SigningKey key, SigningKey::Load(private_key_pem));
  return WriteSignedBatch(dir, batch_id, content, key);
}

Result<WrittenBatch> WriteSignedBatch(const std::filesystem::path& dir, std::string_view batch_id,
                                      std::string_view content, const SigningKey& key) {
  HUICAI_RETURN_IF_ERROR(internal::CheckOutboundId(batch_id, "batch id"));
  if (content.empty()) {
    return Status::InvalidArgument("batch " + std::string(batch_id) + " has empty content");
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::NotFound("outbound folder " + dir.string() + " does not exist; create it first");
  }
  WrittenBatch written;
  written.file = dir / (std::string(batch_id) + ".txt");
  written.signature = SignaturePathOf(written.file);
  written.sha256_hex = internal::Sha256Hex(content);

  Result<bool> created = internal::CreateFileAtomically(written.file, content, kFileMode);
  if (!created) return created.error().WithContext("batch " + std::string(batch_id));
  written.already_existed = !created.value();
  if (written.already_existed) {
    Result<std::string> existing = internal::ReadWholeFile(written.file);
    if (!existing) return existing.error().WithContext("batch " + std::string(batch_id));
    if (existing.value() != content) {
      return Status::DataError("batch id reused with different content: " + written.file.string() +
                               " exists with sha256 " + internal::Sha256Hex(existing.value()) +
                               ", new content has " + written.sha256_hex +
                               "; give the new batch a new id");
    }
  }

  if (written.already_existed) {
    // Keep a signature that still verifies (a rerun must not touch anything); remake one
    // that is missing or broken, e.g. after a crash between the file and its signature.
    Result<std::string> old = internal::ReadWholeFile(written.signature);
    if (old && key.Verify(content, old.value()).ok()) return written;
  }
  HUICAI_ASSIGN_OR_RETURN(const std::string signature, key.Sign(content));
  HUICAI_RETURN_IF_ERROR(internal::ReplaceFileAtomically(written.signature, signature, kFileMode)
                             .WithContext("signature of batch " + std::string(batch_id)));
  return written;
}

Status VerifySignedBatch(const std::filesystem::path& file,
                         const std::filesystem::path& public_key_pem) {
  HUICAI_ASSIGN_OR_RETURN(const std::string content, internal::ReadWholeFile(file));
  const std::filesystem::path signature_path = SignaturePathOf(file);
  Result<std::string> signature = internal::ReadWholeFile(signature_path);
  if (!signature) {
    return signature.error().WithContext("detached signature of " + file.string());
  }
  return internal::VerifyDetached(content, signature.value(), public_key_pem)
      .WithContext(file.string());
}

}  // namespace huicai::connectors
