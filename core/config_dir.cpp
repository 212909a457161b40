#include "core/config_dir.h"

#include <cstdlib>

#ifndef HUICAI_DEFAULT_CONFIG_DIR
#error "core/CMakeLists.txt must define HUICAI_DEFAULT_CONFIG_DIR"
#endif

namespace huicai {

std::filesystem::path ConfigDir() {
  // getenv is safe here: nothing in the hub calls setenv after start-up.
  const char* env = std::getenv("HUICAI_CONFIG_DIR");  // NOLINT(concurrency-mt-unsafe)
  if (env != nullptr && *env != '\0') return std::filesystem::path(env);
  return std::filesystem::path(HUICAI_DEFAULT_CONFIG_DIR);
}

}  // namespace huicai
