// Modes for shutdowns at awkward moments:
//   stoppable DIR       exits 0 from a SIGTERM handler; every other signal has its default action,
//                       so a SIGTSTP forwarded by the init stops it;
//   leftover DIR MS EXIT  leaves one grandchild behind and exits EXIT at once. The grandchild
//                       takes SIGTERM as the start of a cleanup of MS milliseconds: it writes
//                       DIR/gc-term when the signal arrives (so a test knows the leftover drain is
//                       under way), DIR/gc-cleaned when done, and exits 0. Only SIGKILL cuts the
//                       cleanup short.
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <string>

#include "test_child.hpp"

namespace lucid_test_child {

int mode_stoppable(int argc, char** argv) {
  if (argc != 3) return 96;
  // Defaults set here, not inherited: a sanitizer runtime's handlers (asan preset) must not count.
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
  }
  signal(SIGTERM, [](int) { std::_Exit(0); });
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  write_file(std::string(argv[2]) + "/ready", describe_self());
  sleep_ms(kMaxLifetimeSeconds * 1000L);
  return kGaveUpCode;
}

int mode_leftover(int argc, char** argv) {
  if (argc != 5) return 96;
  const std::string dir = argv[2];
  const long cleanup_ms = std::atol(argv[3]);
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  const pid_t gc = fork();
  if (gc < 0) return 97;
  if (gc == 0) {
    sigprocmask(SIG_BLOCK, &term, nullptr);  // queued until sigtimedwait takes it
    write_file(dir + "/gc-ready", describe_self());
    const timespec tick{1, 0};
    for (int waited = 0; waited < kMaxLifetimeSeconds; ++waited) {
      if (sigtimedwait(&term, nullptr, &tick) != SIGTERM) continue;
      write_file(dir + "/gc-term", "received\n");
      sleep_ms(cleanup_ms);
      write_file(dir + "/gc-cleaned", "cleaned\n");
      std::_Exit(0);
    }
    std::_Exit(kGaveUpCode);
  }
  for (int i = 0; i < kMaxLifetimeSeconds * 1000 && !file_exists(dir + "/gc-ready"); ++i) {
    sleep_ms(1);
  }
  write_file(dir + "/ready", describe_self());
  return std::atoi(argv[4]);
}

}  // namespace lucid_test_child
