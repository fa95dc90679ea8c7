// The stderr sink against real pipes put in place of this process's descriptor 2: a full pipe
// never blocks the process; its lines wait in a bounded queue for room, those beyond it are
// dropped, and the first line queued again tells of the loss.
#include "init/stderr_sink.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <limits.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include "init/log_line.hpp"

namespace lucid::init {
namespace {

// Descriptor 2 is one end of a fresh pipe for the test's lifetime.
class PipeAsStderr : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(pipe2(ends_, O_CLOEXEC), 0);
    saved_ = dup(STDERR_FILENO);
    ASSERT_GE(saved_, 0);
    ASSERT_EQ(dup2(ends_[1], STDERR_FILENO), STDERR_FILENO);
    // The read end is drained non-blocking; the write end (our stderr) stays blocking, as a
    // runtime's pipe is.
    fcntl(ends_[0], F_SETFL, O_NONBLOCK);
  }
  void TearDown() override {
    dup2(saved_, STDERR_FILENO);
    close(saved_);
    if (ends_[0] >= 0) close(ends_[0]);
    close(ends_[1]);
  }
  void fill() {
    const int own = open(("/proc/self/fd/" + std::to_string(ends_[1])).c_str(),
                         O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    ASSERT_GE(own, 0);
    const std::string block(4096, '.');
    while (write(own, block.data(), block.size()) > 0) {
    }
    while (write(own, block.data(), 1) > 0) {
    }
    close(own);
  }
  // What another writer (the child) can still put in the pipe.
  long room_left() {
    const int own = open(("/proc/self/fd/" + std::to_string(ends_[1])).c_str(),
                         O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    long room = 0;
    const std::string block(512, 'c');
    for (ssize_t n; (n = write(own, block.data(), block.size())) > 0;) room += n;
    close(own);
    return room;
  }
  std::string drain() {
    std::string all;
    char buffer[4096];
    for (ssize_t n; (n = read(ends_[0], buffer, sizeof buffer)) > 0;) {
      all.append(buffer, static_cast<std::size_t>(n));
    }
    return all;
  }

  int ends_[2] = {-1, -1};
  int saved_ = -1;
};

TEST_F(PipeAsStderr, LineGoesThroughWhole) {
  StderrSink sink(text_dropped_note);
  sink.write("lucid-init: one\n");
  EXPECT_EQ(drain(), "lucid-init: one\n");
  EXPECT_EQ(sink.dropped(), 0U);
}

TEST_F(PipeAsStderr, FullPipeKeepsTheLinesUntilItHasRoom) {
  StderrSink sink(text_dropped_note);
  fill();
  sink.write("lucid-init: one\n");  // would block for ever with a plain write(2)
  sink.write("lucid-init: two\n");
  EXPECT_TRUE(sink.pending());
  EXPECT_EQ(drain().find("lucid-init"), std::string::npos);
  sink.write("lucid-init: three\n");
  EXPECT_EQ(drain(), "lucid-init: one\nlucid-init: two\nlucid-init: three\n");
  EXPECT_EQ(sink.dropped(), 0U);
}

TEST_F(PipeAsStderr, LinesBeyondTheQueueAreDroppedAndTheNextOneSaysSo) {
  StderrSink sink(text_dropped_note);
  fill();
  const std::string line = std::string(79, '.') + "\n";
  for (int i = 0; i < 200; ++i) sink.write(line);  // 16,000 bytes
  ASSERT_GT(sink.dropped(), 0U);
  const unsigned long dropped = sink.dropped();
  drain();
  sink.write("lucid-init: back\n");
  const std::string out = drain();
  const std::string note = "lucid-init: warning: " + std::to_string(dropped) +
                           " log lines dropped: stderr was not writable\nlucid-init: back\n";
  ASSERT_GE(out.size(), note.size());
  EXPECT_EQ(out.substr(out.size() - note.size()), note);
  EXPECT_EQ(out.size() - note.size(), (200 - dropped) * line.size());
  EXPECT_EQ(sink.dropped(), dropped);
}

// A line takes its own bytes of the pipe, not a whole buffer of it: the child keeps its room.
TEST_F(PipeAsStderr, LinesCostThePipeTheirOwnBytes) {
  StderrSink sink(text_dropped_note);
  const std::string line = "lucid-init: received SIGWINCH from pid 0\n";
  for (int i = 0; i < 100; ++i) sink.write(line);
  EXPECT_EQ(sink.dropped(), 0U);
  EXPECT_FALSE(sink.pending());
  const long capacity = fcntl(ends_[1], F_GETPIPE_SZ);
  const long room = room_left();
  EXPECT_GE(room, capacity - 100 * static_cast<long>(line.size()) - 4096)
      << "100 lines of " << line.size() << " bytes left " << room << " bytes of " << capacity;
}

TEST_F(PipeAsStderr, DrainWaitsForTheReader) {
  StderrSink sink(text_dropped_note);
  fill();
  sink.write("lucid-init: last\n");
  std::string read_back;
  std::thread reader([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    read_back = drain();
  });
  sink.drain(std::chrono::seconds(20));
  reader.join();
  EXPECT_FALSE(sink.pending());
  EXPECT_EQ(sink.dropped(), 0U);
  EXPECT_NE((read_back + drain()).find("lucid-init: last\n"), std::string::npos);
}

TEST_F(PipeAsStderr, DrainGivesUpAndCountsWhatIsLeft) {
  StderrSink sink(text_dropped_note);
  fill();
  sink.write("lucid-init: one\n");
  sink.write("lucid-init: two\n");
  sink.drain(std::chrono::milliseconds(20));
  EXPECT_EQ(sink.dropped(), 2U);
}

TEST_F(PipeAsStderr, LongLineIsCutToPipeBufAndStillEnds) {
  StderrSink sink(text_dropped_note);
  sink.write(std::string(3 * PIPE_BUF, 'x') + "\n");
  const std::string out = drain();
  ASSERT_EQ(out.size(), static_cast<std::size_t>(PIPE_BUF));
  EXPECT_EQ(out.back(), '\n');
}

TEST_F(PipeAsStderr, ReaderGoneCostsOneSigpipeAtMost) {
  // The kernel's SIGPIPE for a failed write is held here and taken afterwards.
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  sigset_t old;
  sigprocmask(SIG_BLOCK, &pipe_signal, &old);
  close(ends_[0]);
  ends_[0] = -1;
  StderrSink sink(text_dropped_note);
  sink.write("lucid-init: one\n");
  const timespec none{0, 0};
  sigtimedwait(&pipe_signal, nullptr, &none);
  sink.write("lucid-init: two\n");
  EXPECT_EQ(sigtimedwait(&pipe_signal, nullptr, &none), -1) << "a second write was attempted";
  EXPECT_EQ(sink.dropped(), 2U);
  sigprocmask(SIG_SETMASK, &old, nullptr);
}

// A stream socket takes part of a line when its buffer is nearly full (TCP does): the rest goes
// next, before any other line, so no line is ever cut in two or run into another.
TEST(SocketAsStderr, PartialSendNeverHalvesALine) {
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int writer = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int small = 1;  // the kernel's minimum
  setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  setsockopt(writer, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  ASSERT_EQ(connect(writer, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const int reader = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  ASSERT_GE(reader, 0);
  const int saved = dup(STDERR_FILENO);
  dup2(writer, STDERR_FILENO);
  std::string got;
  const auto receive = [&] {
    char buffer[4096];
    for (ssize_t n; (n = recv(reader, buffer, sizeof buffer, MSG_DONTWAIT)) > 0;) {
      got.append(buffer, static_cast<std::size_t>(n));
    }
  };
  std::vector<std::string> sent;
  {
    StderrSink sink(text_dropped_note);
    for (int i = 0; i < 60; ++i) {
      sent.push_back("lucid-init: line " + std::to_string(i) + " " + std::string(900, 'x') + "\n");
      sink.write(sent.back());
      if (i % 20 == 19) {  // the reader catches up now and then
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        receive();
      }
    }
    for (int i = 0; i < 5; ++i) {  // short lines, each after what is left of the long ones
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      receive();
      sent.push_back("lucid-init: end " + std::to_string(i) + "\n");
      sink.write(sent.back());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    receive();
  }
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::size_t next = 0;
  std::size_t start = 0;
  for (std::size_t end; (end = got.find('\n', start)) != std::string::npos; start = end + 1) {
    const std::string line = got.substr(start, end + 1 - start);
    if (line.rfind("lucid-init: warning: ", 0) == 0 &&
        line.find(" dropped: ") != std::string::npos) {
      continue;  // a dropped-lines note
    }
    while (next < sent.size() && sent[next] != line) ++next;
    ASSERT_LT(next, sent.size()) << "a line was cut or run into another: " << line.substr(0, 40);
  }
  EXPECT_EQ(start, got.size()) << "half a line at the end";
  for (const int fd : {listener, writer, reader}) close(fd);
}

TEST(ClosedStderr, EveryLineIsDroppedAndCounted) {
  const int saved = dup(STDERR_FILENO);
  close(STDERR_FILENO);
  StderrSink sink(text_dropped_note);
  sink.write("lucid-init: one\n");
  sink.write("lucid-init: two\n");
  dup2(saved, STDERR_FILENO);
  close(saved);
  EXPECT_EQ(sink.dropped(), 2U);
}

}  // namespace
}  // namespace lucid::init
