// Crash-safe writes: temporary file, fsync, link or rename into place, fsync the folder.
#include "connectors/internal/outbound_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <string>
#include <system_error>

namespace huicai::connectors::internal {
namespace {

std::string ErrnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

Status IoError(int err, std::string_view action, const std::filesystem::path& path) {
  std::string message = std::string(action) + " " + path.string() + " failed: " + ErrnoText(err);
  if (err == ENOENT) return Status::NotFound(message + "; create the folder first");
  if (err == ENOSPC) return Status::Unavailable(message + "; free disk space and retry");
  if (err == EACCES || err == EPERM || err == EROFS) {
    return Status::Unavailable(message + "; check the folder's permissions and retry");
  }
  return Status::Unavailable(message + "; retry");
}

// Closes the descriptor on every path out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now and reports the error close() gave (it can carry a delayed write error).
  int Close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

Status SyncFolder(const std::filesystem::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return IoError(errno, "opening folder", dir);
  if (::fsync(fd.get()) != 0) return IoError(errno, "syncing folder", dir);
  return Status::Ok();
}

std::filesystem::path FolderOf(const std::filesystem::path& path) {
  std::filesystem::path dir = path.parent_path();
  return dir.empty() ? std::filesystem::path(".") : dir;
}

// Removes the temporary file unless released.
class TempFile {
 public:
  explicit TempFile(std::filesystem::path path) : path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  const std::filesystem::path& path() const { return path_; }
  void Release() { path_.clear(); }

 private:
  std::filesystem::path path_;
};

// Creates, fills and fsyncs a fresh temporary file beside `path`.
Result<std::filesystem::path> WriteTemp(const std::filesystem::path& path, std::string_view content,
                                        unsigned mode) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path dir = FolderOf(path);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::filesystem::path temp =
        dir / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
               std::to_string(counter.fetch_add(1)));
    Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode)));
    if (fd.get() < 0) {
      if (errno == EEXIST) continue;
      return IoError(errno, "creating a temporary file in", dir);
    }
    TempFile guard(temp);
    std::size_t done = 0;
    while (done < content.size()) {
      const ssize_t n = ::write(fd.get(), content.data() + done, content.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return IoError(errno, "writing", temp);
      }
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0) return IoError(errno, "syncing", temp);
    if (const int err = fd.Close(); err != 0) return IoError(err, "closing", temp);
    guard.Release();
    return temp;
  }
  return Status::Unavailable("could not find a free temporary file name in " + dir.string() +
                             "; remove stale .*.tmp-* files and retry");
}

}  // namespace

Result<std::string> ReadWholeFile(const std::filesystem::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    const int err = errno;
    if (err == ENOENT) return Status::NotFound("no file " + path.string());
    return IoError(err, "opening", path);
  }
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError(errno, "reading", path);
    }
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

Result<bool> CreateFileAtomically(const std::filesystem::path& path, std::string_view content,
                                  unsigned mode) {
  HUICAI_ASSIGN_OR_RETURN(std::filesystem::path temp_path, WriteTemp(path, content, mode));
  TempFile temp(std::move(temp_path));
  // link(2) fails with EEXIST instead of replacing: two writers of one batch id cannot
  // overwrite each other, and the check and the creation are one step.
  if (::link(temp.path().c_str(), path.c_str()) != 0) {
    const int err = errno;
    if (err == EEXIST) return false;
    return IoError(err, "linking into place", path);
  }
  if (::unlink(temp.path().c_str()) != 0) return IoError(errno, "removing", temp.path());
  temp.Release();
  HUICAI_RETURN_IF_ERROR(SyncFolder(FolderOf(path)));
  return true;
}

Status ReplaceFileAtomically(const std::filesystem::path& path, std::string_view content,
                             unsigned mode) {
  HUICAI_ASSIGN_OR_RETURN(std::filesystem::path temp_path, WriteTemp(path, content, mode));
  TempFile temp(std::move(temp_path));
  if (::rename(temp.path().c_str(), path.c_str()) != 0) {
    return IoError(errno, "renaming into place", path);
  }
  temp.Release();
  return SyncFolder(FolderOf(path));
}

}  // namespace huicai::connectors::internal
