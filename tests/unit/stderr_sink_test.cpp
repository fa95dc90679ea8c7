// The stderr sink against real pipes put in place of this process's descriptor 2: a full pipe
// costs a dropped line, not a blocked process; the first line through again tells of the loss.
#include "init/stderr_sink.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <limits.h>
#include <unistd.h>

#include <csignal>
#include <string>

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

TEST_F(PipeAsStderr, FullPipeDropsTheLineAndTheNextOneThroughSaysSo) {
  StderrSink sink(text_dropped_note);
  fill();
  sink.write("lucid-init: lost\n");  // would block for ever with a plain write(2)
  sink.write("lucid-init: lost too\n");
  EXPECT_EQ(sink.dropped(), 2U);
  const std::string filler = drain();
  EXPECT_EQ(filler.find("lost"), std::string::npos);
  sink.write("lucid-init: back\n");
  EXPECT_EQ(drain(),
            "lucid-init: warning: 2 log lines dropped: stderr was not writable\n"
            "lucid-init: back\n");
  EXPECT_EQ(sink.dropped(), 2U);
}

TEST_F(PipeAsStderr, LongLineIsCutToPipeBufAndStillEnds) {
  StderrSink sink(text_dropped_note);
  sink.write(std::string(3 * PIPE_BUF, 'x') + "\n");
  const std::string out = drain();
  ASSERT_EQ(out.size(), static_cast<std::size_t>(PIPE_BUF));
  EXPECT_EQ(out.back(), '\n');
}

TEST_F(PipeAsStderr, ReaderGoneStopsTheWritesAfterTheFirst) {
  // The kernel's SIGPIPE for the one failed write is held here and taken afterwards.
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
  EXPECT_EQ(sigtimedwait(&pipe_signal, nullptr, &none), SIGPIPE);
  sink.write("lucid-init: two\n");
  EXPECT_EQ(sigtimedwait(&pipe_signal, nullptr, &none), -1) << "a second write was attempted";
  EXPECT_EQ(sink.dropped(), 2U);
  sigprocmask(SIG_SETMASK, &old, nullptr);
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
