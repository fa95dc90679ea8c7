#pragma once
// Where lucid-init's log lines go: its stderr, which it shares with the child (the same open file
// description: a pipe to dockerd or podman's conmon, a terminal, a file). PID 1 must never block
// on it: a stalled log reader would stop the grace deadline, forwarding and reaping. The shared
// description's flags are never touched either, since O_NONBLOCK there would be the child's too.
//
// So lines go through a description of lucid-init's own, non-blocking (a reopening of
// /proc/self/fd/2), where they cost a pipe their own bytes. A line that finds no room waits in a
// small queue, retried when the next line comes, when the event loop sees room (log_retry.hpp)
// and, for a bounded time, at exit; a line that does not fit in the queue is dropped and counted.
// Everything the sink needs is taken by open(), at start-up; what cannot be had means lines are
// dropped, never a blocking write.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "init/line_queue.hpp"

namespace lucid::init {

class StderrSink {
 public:
  // The line put in front of the first one queued after `dropped` lines were lost.
  using DroppedNote = std::string (*)(unsigned long dropped);
  // Called when lines are left waiting for room.
  using PendingHook = void (*)(void* context);

  explicit StderrSink(DroppedNote note);
  // Picks the way to write by what descriptor 2 is, and takes the descriptors that needs.
  void open();
  // Others (the child) write to stderr from now on. Without a description of its own lucid-init
  // wrote to the shared one only when poll() said there was room, which holds only while no one
  // else can take that room: from here such lines are dropped.
  void shared();
  // A line longer than PIPE_BUF is cut to it: longer writes to a pipe are not atomic anyway.
  void write(std::string_view line);
  // Writes what is queued, as far as it goes without blocking.
  void flush();
  bool pending() const { return !queue_.empty(); }
  // The descriptor to wait on for room while lines are pending.
  int descriptor() const { return kind_ == Kind::kOwn ? own_ : 2; }
  void on_pending(PendingHook hook, void* context);
  // At exit: waits up to `budget` for room for what is queued; what is left then is dropped.
  void drain(std::chrono::milliseconds budget);
  unsigned long dropped() const { return dropped_; }

 private:
  enum class Kind {
    kNone,    // descriptor 2 closed, broken for good (EPIPE, EFBIG), or no way to write it
    kOwn,     // own_: a non-blocking description of our own (pipe, FIFO, terminal)
    kFile,    // a regular file, which never blocks: write(2) to descriptor 2
    kSocket,  // send(2) with MSG_DONTWAIT
    kSplice,  // a pipe without a description of our own: spliced from a private pipe
    kShared,  // a pipe with no descriptor to spare: poll, then write, while lucid-init is alone
  };

  void open_pipe();
  void lost(unsigned long lines);
  // Bytes of `chunk` written; 0 when there is no room now; -1 when it is lost.
  long put(std::string_view chunk);
  long put_splice(std::string_view chunk);
  long put_shared(std::string_view chunk);
  long result(long written);

  DroppedNote note_;
  Kind kind_ = Kind::kNone;
  bool opened_ = false;
  bool shared_ = false;
  int own_ = -1;
  int private_read_ = -1;
  int private_write_ = -1;
  LineQueue queue_;
  PendingHook hook_ = nullptr;
  void* hook_context_ = nullptr;
  unsigned long dropped_ = 0;
  unsigned long unreported_ = 0;  // dropped since the last line queued
};

}  // namespace lucid::init
