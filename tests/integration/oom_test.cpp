// A child the kernel's OOM killer ended: the exit line says so, with the memory limit, when the
// memory cgroup lucid-init runs in counted the kill; a SIGKILL from anyone else stays a plain
// SIGKILL. The memory cgroup is the test's own, with a real 64 MiB limit.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <regex>

#include "init_process.hpp"
#include "json_log_lines.hpp"

namespace lucid_test {
namespace {

constexpr const char* kAllocate = "b = bytearray(256 * 1024 * 1024)";

// A v1 memory cgroup of the test's own (this machine's kind), removed afterwards; "" with
// why_not set when memory cgroups cannot be made here.
class MemoryCgroup {
 public:
  explicit MemoryCgroup(std::string& why_not) {
#ifdef LUCID_TEST_SANITIZED
    why_not = "a sanitizer build's lucid-init (shadow memory, its runtime) does not fit 64 MiB";
    return;
#endif
    const std::string root = "/sys/fs/cgroup/memory";
    if (!file_exists(root + "/memory.oom_control")) {
      why_not = "no cgroup v1 memory controller at " + root;
      return;
    }
    const std::string dir =
        root + "/lucid-test-oom-" + std::to_string(getpid()) + "-" + std::to_string(++counter_);
    if (mkdir(dir.c_str(), 0755) != 0) {
      why_not = "cannot make a memory cgroup: " + dir + ": " + std::strerror(errno);
      return;
    }
    path_ = dir;
    write_file(dir + "/memory.limit_in_bytes", "64M");
    // With swap the allocation would be swapped out, not killed: memory and swap together.
    if (file_exists(dir + "/memory.memsw.limit_in_bytes")) {
      write_file(dir + "/memory.memsw.limit_in_bytes", "64M");
    }
    // The wrapper may run as uid 65532 (the images' user): it moves itself in.
    if (chown((dir + "/cgroup.procs").c_str(), 65532, 65532) != 0) {
      why_not = "cannot hand " + dir + "/cgroup.procs to uid 65532: " + std::strerror(errno);
    }
  }
  ~MemoryCgroup() {
    // Every process has left by now (lucid-init exits last); rmdir may race the kernel's own
    // clean-up for a moment.
    if (!path_.empty()) wait_until([&] { return rmdir(path_.c_str()) == 0; }, 5s);
  }
  const std::string& path() const { return path_; }
  // A wrapper that moves lucid-init into the cgroup and execs it in place.
  std::vector<std::string> wrapper() const {
    return {"/bin/sh", "-c", "echo $$ > " + path_ + "/cgroup.procs && exec \"$@\"", "sh"};
  }

 private:
  static inline unsigned counter_ = 0;
  std::string path_;
};

bool oom_kill_field(const JsonObject& event) {
  const auto at = event.find("oom_kill");
  return at != event.end() && at->second.kind == JsonValue::Kind::kBool && at->second.boolean;
}

TEST(Oom, ChildKilledByTheOomKillerIsNamedWithTheLimit) {
  std::string why_not;
  MemoryCgroup cgroup(why_not);
  if (cgroup.path().empty()) GTEST_SKIP() << why_not;
  Launch launch(Mode::kPid1, {"--", LUCID_PYTHON_PATH, "-c", kAllocate});
  launch.wrapper = cgroup.wrapper();
  const Exit exit = run_init(launch);
  EXPECT_EQ(exit.code, 137) << exit.err;
  // The pid is 2 natively, 3 under qemu-user (the emulator's own helper comes first).
  EXPECT_TRUE(std::regex_search(exit.err, std::regex("lucid-init: child pid [0-9]+ killed by "
                                                     "SIGKILL: out of memory \\(the kernel's OOM "
                                                     "killer; memory limit 64 MiB\\)\n")))
      << exit.err;
  EXPECT_NE(exit.err.find("lucid-init: exit 137: child killed by SIGKILL: out of memory (the "
                          "kernel's OOM killer; memory limit 64 MiB); no shutdown signal"),
            std::string::npos)
      << exit.err;
}

TEST(Oom, JsonEventsCarryOomKill) {
  std::string why_not;
  MemoryCgroup cgroup(why_not);
  if (!why_not.empty()) GTEST_SKIP() << why_not;
  Launch launch(Mode::kPid1Unprivileged,
                {"--log-format", "json", "--", LUCID_PYTHON_PATH, "-c", kAllocate});
  launch.wrapper = cgroup.wrapper();
  const Exit exit = run_init(launch);
  EXPECT_EQ(exit.code, 137) << exit.err;
  const auto lines = json_lines(exit.err);
  EXPECT_TRUE(oom_kill_field(only(lines, "child_exited"))) << exit.err;
  EXPECT_TRUE(oom_kill_field(only(lines, "exit"))) << exit.err;
}

// The OOM killer takes the largest process: here a worker the service left behind, re-parented to
// lucid-init. Its kill is said at warning level; the service runs on and stops as usual.
TEST(Oom, OrphanKilledByTheOomKillerIsNamed) {
  std::string why_not;
  MemoryCgroup cgroup(why_not);
  if (cgroup.path().empty()) GTEST_SKIP() << why_not;
  const std::string service =
      "import os, time\n"
      "if os.fork() == 0:\n"
      "    if os.fork() == 0:\n"
      "        time.sleep(0.2)\n"  // re-parented first
      "        b = bytearray(256 * 1024 * 1024)\n"
      "    os._exit(0)\n"
      "os.wait()\n"
      "time.sleep(60)\n";
  Launch launch(Mode::kPid1, {"--", LUCID_PYTHON_PATH, "-c", service});
  launch.wrapper = cgroup.wrapper();
  InitProcess init(launch);
  ASSERT_TRUE(init.wait_for([&] {
    return init.err().find(" killed by SIGKILL: out of memory") != std::string::npos;
  })) << init.err();
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 143) << exit.err;
  EXPECT_TRUE(
      std::regex_search(exit.err, std::regex("lucid-init: warning: orphan pid [0-9]+ "
                                             "killed by SIGKILL: out of memory \\(the "
                                             "kernel's OOM killer; memory limit 64 MiB\\)\n")))
      << exit.err;
  // The service itself was not the one killed.
  EXPECT_NE(exit.err.find("killed by SIGTERM"), std::string::npos) << exit.err;
}

// kill -9 from outside, in the same memory cgroup: the count did not grow, nothing is claimed.
TEST(Oom, SigkillFromOutsideIsNoOomClaim) {
  std::string why_not;
  MemoryCgroup cgroup(why_not);
  Launch launch(Mode::kPid1, with_child({"--log-format", "json"}, {"sleep"}));
  if (!cgroup.path().empty()) launch.wrapper = cgroup.wrapper();
  InitProcess init(launch);
  const pid_t child = init.child_pid();
  ASSERT_GT(child, 0);
  ASSERT_EQ(kill(child, SIGKILL), 0);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 137) << exit.err;
  const auto lines = json_lines(exit.err);
  const JsonObject exited = only(lines, "child_exited");
  EXPECT_TRUE(
      std::regex_match(text(exited, "msg"), std::regex("child pid [0-9]+ killed by SIGKILL")))
      << exit.err;
  EXPECT_EQ(field(exited, "oom_kill", JsonValue::Kind::kBool), "false");
  EXPECT_EQ(field(only(lines, "exit"), "oom_kill", JsonValue::Kind::kBool), "false");
  EXPECT_EQ(exit.err.find("out of memory"), std::string::npos) << exit.err;
}

}  // namespace
}  // namespace lucid_test
