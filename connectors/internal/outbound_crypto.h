#pragma once
// connectors internal: the OpenSSL 3 side of outbound batches that is not SigningKey itself.
// Thread-safety: reentrant.
#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.h"

namespace huicai::connectors::internal {

// SHA-256 of data as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);

// Checks a detached signature of `data` with the PEM public key at `public_pem`.
// NotFound: key file missing. InvalidArgument: not a supported public key.
// DataError: the signature does not match or is malformed. Unavailable: unreadable key file.
[[nodiscard]] Status VerifyDetached(std::string_view data, std::string_view signature,
                                    const std::filesystem::path& public_pem);

}  // namespace huicai::connectors::internal
