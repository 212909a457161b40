#pragma once
// hub internal: the secret key of the search index's number hashes ([search] lookup_key), kept
// in a file of its own beside the index, never in it.
// Thread-safety: free function; two processes creating the key at once are not supported (the
// first index run makes it).
#include <filesystem>
#include <string>

#include "core/status.h"

namespace huicai::hub {

// The key in `file`: 64 hex characters (32 random bytes) on one line. When the file is missing,
// `create` makes it (bytes from /dev/urandom, mode 0600, parent folders made) and returns the
// new key; without `create` it returns "" (number lookups are then refused, saying why).
// DataError: the file does not hold 64 hex characters. Unavailable: it cannot be read or written.
Result<std::string> LoadLookupKey(const std::filesystem::path& file, bool create);

}  // namespace huicai::hub
