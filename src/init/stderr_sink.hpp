#pragma once
// Where lucid-init's log lines go: its stderr, which it shares with the child (the same open file
// description: a pipe to dockerd or podman's conmon, a terminal, a file). PID 1 must never block
// on it: a stalled log reader would stop the grace deadline, forwarding and reaping. So a line is
// written without blocking or dropped and counted; the shared description's flags are never
// touched, since O_NONBLOCK there would be the child's too.
#include <cstddef>
#include <string>
#include <string_view>

namespace lucid::init {

class StderrSink {
 public:
  // The line put in front of the first one that gets through after `dropped` lines were lost.
  using DroppedNote = std::string (*)(unsigned long dropped);

  explicit StderrSink(DroppedNote note);
  // Picks the way to write by what descriptor 2 is, on the first line.
  // A line longer than PIPE_BUF is cut to it: longer writes to a pipe are not atomic anyway.
  void write(std::string_view line);
  unsigned long dropped() const { return dropped_; }

 private:
  enum class Kind {
    kUnknown,  // not looked at yet
    kNone,     // descriptor 2 closed, or broken for good (EPIPE, EFBIG): every line dropped
    kPlain,    // a regular file (never blocks) or what else is left: write(2)
    kPipe,     // a pipe or FIFO: written to a private pipe, then spliced over without blocking
    kSocket,   // send(2) with MSG_DONTWAIT
  };

  void open();
  // Return false when the line was not written whole. (std::string, not std::string_view:
  // cppcheck 2.10 takes a view of a caller's local for a dangling one.)
  bool write_pipe(const std::string& line);
  bool write_plain(const std::string& line);
  bool write_socket(const std::string& line);
  void failed(int error);

  DroppedNote note_;
  Kind kind_ = Kind::kUnknown;
  int fd_ = 2;
  int private_read_ = -1;
  int private_write_ = -1;
  unsigned long dropped_ = 0;
  unsigned long unreported_ = 0;  // dropped since the last line that got through
};

}  // namespace lucid::init
