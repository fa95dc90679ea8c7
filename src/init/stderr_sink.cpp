#include "init/stderr_sink.hpp"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace lucid::init {
namespace {

// Room for a burst's tail (the child's exit and the summary are under 1 KiB) while a reader
// catches up, and a bound on what a stalled one costs.
constexpr std::size_t kQueueCapacity = 8192;

}  // namespace

StderrSink::StderrSink(DroppedNote note) : note_(note), queue_(kQueueCapacity) {}

void StderrSink::open() {
  opened_ = true;
  struct stat st {};
  if (fstat(STDERR_FILENO, &st) != 0) return;  // closed: kNone
  if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)) {
    kind_ = Kind::kFile;
  } else if (S_ISSOCK(st.st_mode)) {
    kind_ = Kind::kSocket;
  } else {
    // A pipe, FIFO or terminal: a description of our own can be non-blocking, and a plain write
    // on it merges into the pipe's last buffer. (A FIFO without a reader: ENXIO, lines lost.)
    own_ = ::open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (own_ >= 0) {
      kind_ = Kind::kOwn;
    } else if (S_ISFIFO(st.st_mode) && errno != ENXIO) {
      open_pipe();  // no /proc, or the pipe is another uid's (created by the runtime as root)
    }               // a terminal with no description of our own could block on every line: kNone
  }
}

void StderrSink::open_pipe() {
  // splice(2) with SPLICE_F_NONBLOCK moves a buffer into a full pipe or fails with EAGAIN,
  // whatever the pipe's own flags. A spliced buffer takes a whole slot of the pipe, so lines go
  // over together, as many as one buffer holds.
  int ends[2];
  if (pipe2(ends, O_CLOEXEC | O_NONBLOCK) == 0) {
    private_read_ = ends[0];
    private_write_ = ends[1];
    kind_ = Kind::kSplice;
  } else {
    kind_ = Kind::kShared;
  }
}

void StderrSink::shared() {
  if (kind_ != Kind::kShared) return;
  flush();
  lost(queue_.clear());
  shared_ = true;
}

void StderrSink::on_pending(PendingHook hook, void* context) {
  hook_ = hook;
  hook_context_ = context;
}

void StderrSink::lost(unsigned long lines) {
  dropped_ += lines;
  unreported_ += lines;
}

void StderrSink::write(std::string_view line) {
  if (!opened_) open();
  if (kind_ == Kind::kNone || (kind_ == Kind::kShared && shared_)) {
    lost(1);
    return;
  }
  std::string text;
  if (unreported_ > 0) text = note_(unreported_);
  text.append(line.substr(0, PIPE_BUF - text.size()));
  if (text.back() != '\n') text.back() = '\n';  // cut: the line still ends
  if (!queue_.push(text)) {
    flush();  // room for it, the older lines first
    if (!queue_.push(text)) {
      lost(1);
      return;
    }
  }
  unreported_ = 0;
  // A spliced buffer takes a slot of the pipe whatever its size: with an event loop to come back
  // to, the lines of one turn of it go over together.
  if (kind_ != Kind::kSplice || hook_ == nullptr || queue_.size() >= PIPE_BUF) flush();
  if (pending() && hook_ != nullptr) hook_(hook_context_);
}

void StderrSink::flush() {
  while (!queue_.empty()) {
    const std::string_view chunk = queue_.next_chunk(PIPE_BUF);
    const long written = put(chunk);
    if (written < 0) {
      // The chunk's lines are lost; the next line queued says so.
      lost(count_lines(chunk));
      queue_.consume(chunk.size());
      if (kind_ == Kind::kNone) lost(queue_.clear());
      continue;
    }
    // A partial write (a terminal, a socket) leaves the rest of the line first in the queue, so
    // no other line of ours is ever appended to half of one.
    queue_.consume(static_cast<std::size_t>(written));
    if (static_cast<std::size_t>(written) < chunk.size()) return;
  }
}

long StderrSink::put(std::string_view chunk) {
  switch (kind_) {
    case Kind::kOwn:
      return result(::write(own_, chunk.data(), chunk.size()));
    case Kind::kFile:
      return result(::write(STDERR_FILENO, chunk.data(), chunk.size()));
    case Kind::kSocket:
      return result(send(STDERR_FILENO, chunk.data(), chunk.size(), MSG_DONTWAIT | MSG_NOSIGNAL));
    case Kind::kSplice:
      return put_splice(chunk);
    case Kind::kShared:
      return put_shared(chunk);
    case Kind::kNone:
      break;
  }
  return -1;
}

long StderrSink::put_splice(std::string_view chunk) {
  // The private pipe is empty here (every path below leaves it so) and the chunk is at most
  // PIPE_BUF: one write fills one buffer, and splice moves that buffer whole or not at all.
  if (::write(private_write_, chunk.data(), chunk.size()) != static_cast<ssize_t>(chunk.size())) {
    return -1;
  }
  const ssize_t n =
      splice(private_read_, nullptr, STDERR_FILENO, nullptr, chunk.size(), SPLICE_F_NONBLOCK);
  const int error = errno;
  char discard[PIPE_BUF];
  while (read(private_read_, discard, sizeof discard) > 0) {
  }
  if (n < 0 && (error == EINVAL || error == ENOSYS || error == EPERM)) {
    kind_ = Kind::kNone;  // no splice here (an old kernel, a seccomp filter)
    return -1;
  }
  errno = error;
  return result(n);
}

long StderrSink::put_shared(std::string_view chunk) {
  if (shared_) return -1;
  // Alone on the pipe, room for one buffer (POLLOUT) is room for a write of up to PIPE_BUF.
  pollfd out{STDERR_FILENO, POLLOUT, 0};
  if (poll(&out, 1, 0) != 1 || (out.revents & POLLOUT) == 0) {
    return (out.revents & (POLLERR | POLLNVAL)) != 0 ? -1 : 0;
  }
  return result(::write(STDERR_FILENO, chunk.data(), chunk.size()));
}

long StderrSink::result(long written) {
  if (written >= 0) return written;
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return 0;
  // No reader will come back, and the file will not shrink by itself: stop writing, so the
  // kernel raises its SIGPIPE or SIGXFSZ against lucid-init once, not once per line.
  if (errno == EPIPE || errno == EFBIG || errno == EBADF) kind_ = Kind::kNone;
  return -1;
}

void StderrSink::drain(std::chrono::milliseconds budget) {
  const auto deadline = std::chrono::steady_clock::now() + budget;
  while (pending() && kind_ != Kind::kNone) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd out{descriptor(), POLLOUT, 0};
    if (poll(&out, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) break;
    flush();
  }
  lost(queue_.clear());
  if (unreported_ > 0 && kind_ != Kind::kNone) {
    // Said if the pipe has room for it by now; never waited for.
    queue_.push(note_(unreported_));
    flush();
  }
}

}  // namespace lucid::init
