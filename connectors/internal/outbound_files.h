#pragma once
// connectors internal: crash-safe file writes for outbound batches and keys (POSIX).
// Temporary files live beside the target as ".<name>.tmp-<pid>-<n>" and are removed on every
// path out, success or failure.
// Thread-safety: reentrant.
#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.h"

namespace huicai::connectors::internal {

// The whole file. NotFound: no such file. Unavailable: any other read error.
[[nodiscard]] Result<std::string> ReadWholeFile(const std::filesystem::path& path);

// Writes a temporary file, fsyncs it, links it to `path` (which never overwrites), removes
// the temporary and fsyncs the folder. Returns true when created, false when `path` already
// existed (its content untouched). NotFound: the folder is missing. Unavailable: I/O error.
[[nodiscard]] Result<bool> CreateFileAtomically(const std::filesystem::path& path,
                                                std::string_view content, unsigned mode);

// As CreateFileAtomically but renames over an existing `path`.
[[nodiscard]] Status ReplaceFileAtomically(const std::filesystem::path& path,
                                           std::string_view content, unsigned mode);

}  // namespace huicai::connectors::internal
