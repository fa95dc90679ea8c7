// sd_notify against a manager that is not there or not listening: NOTIFY_SOCKET naming no socket,
// a receive queue nobody empties, a value that is no address at all. Each is one warning; the
// child runs, signals are handled at once, and the exit status is the child's.
#include <gtest/gtest.h>

#include <csignal>

#include "init_process.hpp"
#include "notify_listener.hpp"

namespace lucid_test {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// READY=1 and STOPPING=1 both fail: one warning, and the shutdown goes on as usual.
void expect_one_warning_and_a_normal_shutdown(InitProcess& init, const std::string& error) {
  ASSERT_TRUE(init.wait_for([&] { return init.err().find("cannot notify") != std::string::npos; }))
      << init.err();
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 143) << exit.err;
  EXPECT_EQ(count(exit.err, "warning: cannot notify the service manager"), 1u) << exit.err;
  EXPECT_NE(exit.err.find("(READY=1 dropped): " + error), std::string::npos) << exit.err;
  EXPECT_NE(exit.err.find("shutdown: forwarding SIGTERM"), std::string::npos) << exit.err;
}

TEST(NotifyFaults, MissingSocketIsOneWarning) {
  TempDir dir;
  InitProcess init(
      {Mode::kPid1, with_child({}, {"sleep"}), {{"NOTIFY_SOCKET", dir / "nobody-here"}}});
  expect_one_warning_and_a_normal_shutdown(init, "No such file or directory");
}

TEST(NotifyFaults, AbstractNameNobodyBoundIsOneWarning) {
  InitProcess init({Mode::kPid1Unprivileged,
                    with_child({}, {"sleep"}),
                    {{"NOTIFY_SOCKET", unique_abstract_name()}}});
  expect_one_warning_and_a_normal_shutdown(init, "Connection refused");
}

// A manager that stopped reading: its queue is full, and a blocking send would hang PID 1 for
// good. SIGTERM is still forwarded and the child's status still comes back.
TEST(NotifyFaults, FullReceiveQueueNeverBlocks) {
  TempDir dir;
  NotifyListener manager(dir / "notify");
  manager.fill();
  InitProcess init(
      {Mode::kPid1, with_child({}, {"sleep"}), {{"NOTIFY_SOCKET", manager.address()}}});
  expect_one_warning_and_a_normal_shutdown(init, "Resource temporarily unavailable");
}

TEST(NotifyFaults, InvalidValuesAreOneWarningNamingTheRule) {
  const std::string too_long = "/" + std::string(107, 'a');
  for (const std::string& value : {std::string(), std::string("relative/notify"), std::string("@"),
                                   too_long, std::string("/run/no\ntify")}) {
    const Exit exit =
        run_init({Mode::kPid1, with_child({}, {"exit", "3"}), {{"NOTIFY_SOCKET", value}}});
    EXPECT_EQ(exit.code, 3) << exit.err;
    EXPECT_EQ(count(exit.err, "warning: NOTIFY_SOCKET='"), 1u) << exit.err;
    EXPECT_NE(exit.err.find("must be an absolute path or @name (an abstract socket) of at most 107 "
                            "bytes, without control characters: not notifying the service manager"),
              std::string::npos)
        << exit.err;
  }
}

}  // namespace
}  // namespace lucid_test
