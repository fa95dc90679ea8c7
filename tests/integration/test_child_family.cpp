// Modes that leave processes behind for the init to deal with:
//   family DIR GRANDCHILD CHILD  one grandchild with a chosen reaction to SIGTERM (cleanup,
//                                record:STOPSIG, sleep, reparent), then the child exits (exit:N)
//                                or waits (sleep, ignore-usr1);
//   orphans COUNT                COUNT double-forked orphans, then checks they were all reaped;
//   burst COUNT                  COUNT orphans that end together while the child runs, then
//                                COUNT unreaped children left to the init when it exits: the
//                                init's log lines come in two bursts, the last one at its exit.
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "test_child.hpp"

namespace lucid_test_child {
namespace {

// Runs in the grandchild. Never returns.
[[noreturn]] void grandchild(const std::string& dir, const std::string& kind) {
  const std::string ready = dir + "/gc-ready";
  if (kind == "cleanup") {
    // Needs a full second of work after SIGTERM before it may exit.
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_BLOCK, &term, nullptr);
    write_file(ready, describe_self());
    if (!wait_for_signal(SIGTERM)) std::_Exit(kGaveUpCode);
    sleep_ms(1000);
    write_file(dir + "/gc-cleaned", "cleaned\n");
    std::_Exit(0);
  }
  if (kind.rfind("record:", 0) == 0) {
    // Records signals in dir/gc until the given one (0: survives all but SIGKILL).
    mkdir((dir + "/gc").c_str(), 0777);
    std::_Exit(record_signals(dir + "/gc", std::atoi(kind.c_str() + 7), false));
  }
  if (kind == "reparent") {
    // Holds SIGTERM back until it has seen who adopted it once the child is gone.
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_BLOCK, &term, nullptr);
    const pid_t parent = getppid();
    write_file(ready, describe_self());
    for (int i = 0; i < kMaxLifetimeSeconds * 1000 && getppid() == parent; ++i) sleep_ms(1);
    write_file(dir + "/gc-ppid", std::to_string(getppid()) + "\n");
    sigprocmask(SIG_UNBLOCK, &term, nullptr);
  } else {
    write_file(ready, describe_self());
  }
  sleep_ms(kMaxLifetimeSeconds * 1000L);
  std::_Exit(kGaveUpCode);
}

}  // namespace

int mode_family(int argc, char** argv) {
  if (argc != 5) return 96;
  const std::string dir = argv[2];
  const std::string gc_kind = argv[3];
  const std::string child_kind = argv[4];
  const pid_t gc = fork();
  if (gc < 0) return 97;
  if (gc == 0) grandchild(dir, gc_kind);

  // The record grandchild signals readiness in its own directory.
  const std::string gc_ready =
      gc_kind.rfind("record:", 0) == 0 ? dir + "/gc/ready" : dir + "/gc-ready";
  for (int i = 0; i < kMaxLifetimeSeconds * 1000 && !file_exists(gc_ready); ++i) sleep_ms(1);
  write_file(dir + "/gc.pid", std::to_string(gc) + "\n");
  if (child_kind == "ignore-usr1") signal(SIGUSR1, SIG_IGN);
  write_file(dir + "/ready", describe_self());
  if (child_kind.rfind("exit:", 0) == 0) return std::atoi(child_kind.c_str() + 5);
  sleep_ms(kMaxLifetimeSeconds * 1000L);
  return kGaveUpCode;
}

namespace {

// Processes in /proc whose parent is `parent`, other than ourselves: alive or zombie.
int count_children_of(pid_t parent) {
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return -1;
  int count = 0;
  while (const dirent* entry = readdir(proc)) {
    const int pid = std::atoi(entry->d_name);
    if (pid <= 0 || pid == getpid()) continue;
    std::ifstream status(std::string("/proc/") + entry->d_name + "/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("PPid:", 0) != 0) continue;
      if (std::atoi(line.c_str() + 5) == parent) ++count;
      break;
    }
  }
  closedir(proc);
  return count;
}

}  // namespace

int mode_orphans(int argc, char** argv) {
  if (argc != 3) return 96;
  const int count = std::atoi(argv[2]);
  for (int i = 0; i < count; ++i) {
    const pid_t middle = fork();
    if (middle < 0) return 97;
    if (middle == 0) {
      // The grandchild exits at once; its parent is gone first, so it is the init's to reap.
      if (fork() == 0) std::_Exit(0);
      std::_Exit(0);
    }
    waitpid(middle, nullptr, 0);
  }
  // Every orphan was adopted by our parent (the init). Once reaped, no process but us has it as
  // parent; a zombie left behind would still be listed with it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int left = count_children_of(getppid());
  while (left != 0 && std::chrono::steady_clock::now() < deadline) {
    sleep_ms(20);
    left = count_children_of(getppid());
  }
  std::printf("orphans=%d left=%d\n", count, left);
  return left == 0 ? 0 : 1;
}

int mode_burst(int argc, char** argv) {
  if (argc != 3) return 96;
  const int count = std::atoi(argv[2]);
  for (int i = 0; i < count; ++i) {
    const pid_t middle = fork();
    if (middle < 0) return 97;
    if (middle == 0) {
      // The grandchild outlives its parent by a moment: all of them end at about the same time.
      if (fork() == 0) {
        sleep_ms(300);
        std::_Exit(0);
      }
      std::_Exit(0);  // never waited for: a zombie until the child exits
    }
  }
  sleep_ms(1000);
  return 0;
}

}  // namespace lucid_test_child
