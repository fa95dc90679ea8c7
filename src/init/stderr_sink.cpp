#include "init/stderr_sink.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace lucid::init {

StderrSink::StderrSink(DroppedNote note) : note_(note) {}

void StderrSink::open() {
  struct stat st {};
  if (fstat(STDERR_FILENO, &st) != 0) {
    kind_ = Kind::kNone;
  } else if (S_ISFIFO(st.st_mode)) {
    // splice(2) with SPLICE_F_NONBLOCK moves a buffer into a full pipe or fails with EAGAIN,
    // whatever the pipe's own flags: the one non-blocking write to a shared pipe.
    int ends[2];
    if (pipe2(ends, O_CLOEXEC | O_NONBLOCK) == 0) {
      private_read_ = ends[0];
      private_write_ = ends[1];
      kind_ = Kind::kPipe;
    } else {
      kind_ = Kind::kPlain;  // out of descriptors: a plain write is all that is left
    }
  } else if (S_ISSOCK(st.st_mode)) {
    kind_ = Kind::kSocket;
  } else {
    kind_ = Kind::kPlain;
    if (S_ISCHR(st.st_mode)) {
      // A terminal blocks under flow control or when its master is not read. A description of
      // our own can be non-blocking; without /proc (or permission) the shared one stays.
      const int own = ::open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
      if (own >= 0) fd_ = own;
    }
  }
}

void StderrSink::write(std::string_view line) {
  if (kind_ == Kind::kUnknown) open();
  std::string text;
  if (unreported_ > 0 && kind_ != Kind::kNone) {
    text = note_(unreported_);
  }
  text.append(line.substr(0, PIPE_BUF - text.size()));
  if (text.back() != '\n') text.back() = '\n';  // cut: the line still ends
  bool written = false;
  switch (kind_) {
    case Kind::kUnknown:
    case Kind::kNone:
      break;
    case Kind::kPlain:
      written = write_plain(text);
      break;
    case Kind::kPipe:
      written = write_pipe(text);
      break;
    case Kind::kSocket:
      written = write_socket(text);
      break;
  }
  if (written) {
    unreported_ = 0;
  } else {
    ++dropped_;
    ++unreported_;
  }
}

bool StderrSink::write_pipe(const std::string& line) {
  // The private pipe is empty here (every path below leaves it so) and the line is at most
  // PIPE_BUF: one write fills one buffer, and splice moves that buffer whole or not at all.
  if (::write(private_write_, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
    return false;
  }
  ssize_t n;
  do {
    n = splice(private_read_, nullptr, STDERR_FILENO, nullptr, line.size(), SPLICE_F_NONBLOCK);
  } while (n < 0 && errno == EINTR);
  if (n == static_cast<ssize_t>(line.size())) return true;  // moved whole: the pipe is empty
  const int error = errno;
  char discard[PIPE_BUF];
  while (read(private_read_, discard, sizeof discard) > 0) {
  }
  if (n < 0 && (error == EINVAL || error == ENOSYS || error == EPERM)) {
    // No splice here (an old kernel, a seccomp filter): a plain write, which can block again.
    kind_ = Kind::kPlain;
    return write_plain(line);
  }
  if (n < 0) failed(error);
  return false;
}

bool StderrSink::write_plain(const std::string& line) {
  ssize_t n;
  do {
    n = ::write(fd_, line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) failed(errno);
  return n == static_cast<ssize_t>(line.size());
}

bool StderrSink::write_socket(const std::string& line) {
  ssize_t n;
  do {
    n = send(STDERR_FILENO, line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && errno == ENOTSOCK) {
    kind_ = Kind::kPlain;
    return write_plain(line);
  }
  if (n < 0) failed(errno);
  return n == static_cast<ssize_t>(line.size());
}

void StderrSink::failed(int error) {
  // No reader will come back, and the file will not shrink by itself: stop writing, so the
  // kernel raises its SIGPIPE or SIGXFSZ against lucid-init once, not once per line.
  if (error == EPIPE || error == EFBIG || error == EBADF) kind_ = Kind::kNone;
}

}  // namespace lucid::init
