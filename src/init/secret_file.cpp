#include "init/secret_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/config_error.hpp"

namespace lucid::init {
namespace {

const char* file_kind(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFDIR:
      return "a directory";
    case S_IFIFO:
      return "a FIFO";
    case S_IFCHR:
      return "a character device";
    case S_IFBLK:
      return "a block device";
    case S_IFSOCK:
      return "a socket";
    default:
      return "an unknown kind of file";
  }
}

[[noreturn]] void fail(const FileEnvEntry& entry, std::string_view problem) {
  throw ConfigError(describe_file_env_error(entry, problem));
}

// Closes the descriptor on every way out, the throws included.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) close(fd);
  }
};

void require_regular(const FileEnvEntry& entry, const struct stat& info) {
  if (!S_ISREG(info.st_mode)) {
    fail(entry, fmt::format("not a regular file ({})", file_kind(info.st_mode)));
  }
}

}  // namespace

std::string read_secret_file(const FileEnvEntry& entry) {
  // Looked at before it is opened: opening a device can act (a watchdog starts counting).
  struct stat info {};
  if (stat(entry.path.c_str(), &info) != 0) {
    fail(entry, fmt::format("cannot open: {}", std::strerror(errno)));
  }
  require_regular(entry, info);
  // O_NONBLOCK and fstat again: the path may have been swapped for a FIFO in between, and opening
  // one for reading would wait for a writer for ever.
  const Descriptor file{open(entry.path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
  if (file.fd < 0) fail(entry, fmt::format("cannot open: {}", std::strerror(errno)));
  if (fstat(file.fd, &info) != 0) fail(entry, fmt::format("cannot stat: {}", std::strerror(errno)));
  require_regular(entry, info);
  // The size fstat reports is not the limit: /proc's files say 0 and are not empty.
  std::string content(kMaxSecretSize + 1, '\0');
  std::size_t length = 0;
  while (length < content.size()) {
    const ssize_t n = read(file.fd, &content[length], content.size() - length);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(entry, fmt::format("cannot read: {}", std::strerror(errno)));
    length += static_cast<std::size_t>(n);
  }
  content.resize(length);
  return secret_value(entry, content);
}

}  // namespace lucid::init
