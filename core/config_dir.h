#pragma once
// core: where the project's data files (code tables, partner mappings, defaults) live.
// Thread-safety: reads the environment; safe to call from any thread.
#include <filesystem>

namespace huicai {

// The config directory: $HUICAI_CONFIG_DIR when set and non-empty, else the directory compiled in
// as HUICAI_DEFAULT_CONFIG_DIR (the source tree's config/). Never fails; the path may not exist.
std::filesystem::path ConfigDir();

}  // namespace huicai
