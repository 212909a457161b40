#include "hub/internal/lookup_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <fstream>
#include <sstream>

#include "core/text.h"

namespace huicai::hub {
namespace {

bool IsKey(const std::string& text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

Result<std::string> LoadLookupKey(const std::filesystem::path& file, bool create) {
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) return Status::Unavailable("cannot read the lookup key " + file.string());
    const std::string key = Trim(text.str());
    if (!IsKey(key)) {
      return Status::DataError("the lookup key " + file.string() +
                               " does not hold 64 hex characters; restore it from where keys are "
                               "kept, or remove it and run `huicai index --rebuild` for a new one");
    }
    return key;
  }
  if (!create) return std::string();
  std::array<unsigned char, 32> bytes{};
  std::ifstream random("/dev/urandom", std::ios::binary);
  if (!random.read(reinterpret_cast<char*>(bytes.data()), bytes.size())) {
    return Status::Unavailable("cannot read /dev/urandom to make a lookup key");
  }
  const std::string key =
      LowerHex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  // O_EXCL: never overwrite a key another process wrote meanwhile.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, S_IRUSR | S_IWUSR);
  if (fd < 0) {
    return Status::Unavailable("cannot create the lookup key " + file.string() +
                               ": check that its folder is writable");
  }
  const std::string line = key + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  const bool closed = ::close(fd) == 0;
  if (!written || !closed) {
    std::filesystem::remove(file, ec);
    return Status::Unavailable("cannot write the lookup key " + file.string());
  }
  return key;
}

}  // namespace huicai::hub
