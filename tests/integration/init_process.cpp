#include "init_process.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "spawn.hpp"

namespace lucid_test {

std::vector<std::string> Exit::err_lines_starting(const std::string& prefix) const {
  std::vector<std::string> lines;
  for (const auto& line : err_lines()) {
    if (line.rfind(prefix, 0) == 0) lines.push_back(line);
  }
  return lines;
}

InitProcess::InitProcess(const Launch& launch) : err_read_pause_(launch.err_read_pause) {
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  int pty_slave = -1;
  if (launch.pty) {
    if (openpty(&pty_fd_, &pty_slave, nullptr, nullptr, nullptr) != 0) std::abort();
    fcntl(pty_fd_, F_SETFD, FD_CLOEXEC);
    fcntl(pty_slave, F_SETFD, FD_CLOEXEC);
  } else if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    std::abort();
  }
  if (!launch.pty) prepare_stderr(launch, err_pipe);
  const int dev_null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const Stdio stdio = launch.pty ? Stdio{pty_slave, pty_slave, pty_slave, true}
                                 : Stdio{dev_null, out_pipe[1], err_pipe[1], false};
  started_ = Clock::now();
  launcher_ = spawn_launcher(launch, stdio);
  if (launch.mode == Mode::kSubreaper) init_ = launcher_;
  close(dev_null);
  if (launch.pty) {
    close(pty_slave);
  } else {
    close(out_pipe[1]);
    if (err_pipe[1] >= 0) close(err_pipe[1]);
    out_fd_ = out_pipe[0];
    if (launch.err_sink == ErrSink::kStalledPipe) {
      stalled_err_fd_ = err_pipe[0];
    } else {
      err_fd_ = err_pipe[0];
    }
  }
}

void InitProcess::prepare_stderr(const Launch& launch, int err_pipe[2]) {
  switch (launch.err_sink) {
    case ErrSink::kPipe:
      return;
    case ErrSink::kStalledPipe: {
      // Filled through the write end's own flags, restored before lucid-init shares them.
      const int flags = fcntl(err_pipe[1], F_GETFL);
      fcntl(err_pipe[1], F_SETFL, flags | O_NONBLOCK);
      const std::string block(4096, '.');
      for (ssize_t n; (n = write(err_pipe[1], block.data(), block.size())) > 0;) {
        filler_ += static_cast<std::size_t>(n);
      }
      for (ssize_t n; (n = write(err_pipe[1], block.data(), 1)) > 0;) {
        filler_ += static_cast<std::size_t>(n);
      }
      fcntl(err_pipe[1], F_SETFL, flags);
      return;
    }
    case ErrSink::kReaderClosed:
      close(err_pipe[0]);
      err_pipe[0] = -1;
      return;
    case ErrSink::kClosed:
    case ErrSink::kFile:
      close(err_pipe[0]);
      close(err_pipe[1]);
      err_pipe[0] = -1;
      err_pipe[1] = -1;
      if (launch.err_sink == ErrSink::kFile) {
        err_pipe[1] = open(launch.err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (err_pipe[1] < 0) std::abort();
      }
      return;
  }
}

void InitProcess::release_stderr() {
  ASSERT_GE(stalled_err_fd_, 0) << "stderr is not a stalled pipe";
  err_fd_ = stalled_err_fd_;
  stalled_err_fd_ = -1;
}

InitProcess::~InitProcess() {
  if (!reap_if_exited()) {
    kill_everything();
    waitpid(launcher_, nullptr, 0);
  }
  for (const int fd : {out_fd_, err_fd_, pty_fd_, stalled_err_fd_}) {
    if (fd >= 0) close(fd);
  }
}

pid_t InitProcess::init_pid() {
  if (init_ > 0) return init_;
  // unshare --fork has exactly one child: lucid-init (or setpriv, which execs it in place).
  wait_until([&] {
    const auto children = children_of(launcher_);
    if (!children.empty()) init_ = children.front();
    return init_ > 0 || reaped_;
  });
  return init_;
}

pid_t InitProcess::child_pid(std::chrono::milliseconds timeout) {
  const pid_t init = init_pid();
  // Looks every 50 us rather than every few ms: the race tests signal the moment the child
  // appears, ideally before it has exec'd. (Spinning would starve lucid-init on small machines.)
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline && !reap_if_exited()) {
    const auto children = children_of(init);
    if (!children.empty()) return children.front();
    std::this_thread::sleep_for(50us);
  }
  return -1;
}

void InitProcess::send(int signo) {
  const pid_t pid = init_pid();
  ASSERT_GT(pid, 0) << "lucid-init's pid was not found";
  ASSERT_EQ(kill(pid, signo), 0) << "kill(" << pid << ", " << signo << "): " << strerror(errno);
}

void InitProcess::write_terminal(const std::string& bytes) {
  ASSERT_GE(pty_fd_, 0) << "not started on a terminal";
  ASSERT_EQ(write(pty_fd_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
}

const std::string& InitProcess::out() {
  pump(0);
  return exit_.out;
}

const std::string& InitProcess::err() {
  pump(0);
  return exit_.err;
}

void InitProcess::pump(int timeout_ms) {
  pollfd fds[3];
  std::string* sinks[3];
  nfds_t count = 0;
  for (auto [fd, sink] : {std::pair{out_fd_, &exit_.out}, std::pair{err_fd_, &exit_.err},
                          std::pair{pty_fd_, &exit_.out}}) {
    if (fd < 0) continue;
    fds[count] = pollfd{fd, POLLIN, 0};
    sinks[count++] = sink;
  }
  if (count == 0 || poll(fds, count, timeout_ms) <= 0) return;
  for (nfds_t i = 0; i < count; ++i) {
    if (fds[i].revents == 0) continue;
    char buffer[4096];
    if (fds[i].fd == err_fd_ && err_read_pause_.count() > 0) {
      std::this_thread::sleep_for(err_read_pause_);
    }
    const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
    if (n > 0 && fds[i].fd == err_fd_ && filler_ > 0) {
      const std::size_t skipped = std::min(filler_, static_cast<std::size_t>(n));
      filler_ -= skipped;
      exit_.err.append(buffer + skipped, static_cast<std::size_t>(n) - skipped);
      continue;
    }
    if (n > 0) {
      sinks[i]->append(buffer, static_cast<std::size_t>(n));
      if (fds[i].fd == pty_fd_) exit_.err.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    // End of file (or EIO on a terminal whose last slave closed): stop watching it.
    int& fd = fds[i].fd == out_fd_ ? out_fd_ : fds[i].fd == err_fd_ ? err_fd_ : pty_fd_;
    close(fd);
    fd = -1;
  }
}

bool InitProcess::reap_if_exited() {
  if (reaped_) return true;
  int status = 0;
  if (waitpid(launcher_, &status, WNOHANG) != launcher_) return false;
  exit_.ended = Clock::now();
  reaped_ = true;
  if (WIFEXITED(status)) exit_.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) exit_.signal = WTERMSIG(status);
  return true;
}

bool InitProcess::wait_for(const std::function<bool()>& condition,
                           std::chrono::milliseconds timeout) {
  bool gone = false;
  const bool met = wait_until(
      [&] {
        if (condition()) return true;
        pump(0);
        gone = reap_if_exited();
        return gone;
      },
      timeout);
  return met && (!gone || condition());
}

Exit InitProcess::wait(std::chrono::milliseconds timeout) {
  if (waited_) return exit_;
  waited_ = true;
  const auto deadline = Clock::now() + timeout;
  while (!reap_if_exited()) {
    if (Clock::now() >= deadline) {
      kill_everything();
      waitpid(launcher_, nullptr, 0);
      reaped_ = true;
      exit_.timed_out = true;
      exit_.ended = Clock::now();
      ADD_FAILURE() << "lucid-init did not exit within "
                    << std::chrono::duration<double>(timeout).count() << " s; stderr so far:\n"
                    << exit_.err;
      return exit_;
    }
    pump(5);
  }
  // Whatever is still buffered; a leftover holding the pipe open must not stall us.
  const auto drain_deadline = Clock::now() + 2s;
  while ((out_fd_ >= 0 || err_fd_ >= 0 || pty_fd_ >= 0) && Clock::now() < drain_deadline) {
    pump(20);
  }
  return exit_;
}

void InitProcess::kill_everything() {
  // Depth-first over /proc children lists: everything lucid-init started, however deep.
  std::vector<pid_t> pending{launcher_};
  std::vector<pid_t> all;
  while (!pending.empty()) {
    const pid_t pid = pending.back();
    pending.pop_back();
    all.push_back(pid);
    for (const pid_t child : children_of(pid)) pending.push_back(child);
  }
  for (const pid_t pid : all) kill(pid, SIGKILL);
  if (pty_fd_ < 0) kill(-launcher_, SIGKILL);
}

::testing::AssertionResult drop_lines_then_release(InitProcess& init, const std::string& dir,
                                                   const std::string& marker) {
  // More lines than lucid-init keeps waiting for room (8 KiB): one per signal at -vvv.
  for (std::size_t sent = 1; sent <= 400; ++sent) {
    const int signo = sent % 2 == 0 ? SIGUSR1 : SIGUSR2;
    init.send(signo);
    if (!wait_until([&] { return received_signals(dir).size() >= sent; })) {
      return ::testing::AssertionFailure() << strsignal(signo) << " never reached the child";
    }
  }
  init.release_stderr();
  const bool seen = wait_until(
      [&] {
        init.send(SIGWINCH);
        return init.err().find(marker) != std::string::npos;
      },
      10s);
  if (seen) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "no '" << marker << "' on stderr: " << init.err();
}

Exit run_init(const Launch& launch, std::chrono::milliseconds timeout) {
  InitProcess init(launch);
  return init.wait(timeout);
}

}  // namespace lucid_test
