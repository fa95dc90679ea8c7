// Which signals are lucid-init's own: raised by the kernel for its own system calls.
#include "init/signal_state.hpp"

#include <gtest/gtest.h>

namespace lucid::init {
namespace {

signalfd_siginfo info(int code, pid_t sender) {
  signalfd_siginfo i{};
  i.ssi_signo = SIGPIPE;
  i.ssi_code = code;
  i.ssi_pid = static_cast<std::uint32_t>(sender);
  return i;
}

TEST(OwnSignal, KernelRaisedForOurOwnWriteIsOurs) {
  EXPECT_TRUE(is_own_signal(info(SI_USER, 1), 1));        // as PID 1
  EXPECT_TRUE(is_own_signal(info(SI_USER, 4242), 4242));  // as a subreaper
}

TEST(OwnSignal, FromAnyoneElseIsForwarded) {
  EXPECT_FALSE(is_own_signal(info(SI_USER, 0), 1));   // from outside the PID namespace
  EXPECT_FALSE(is_own_signal(info(SI_USER, 7), 1));   // from a process of the namespace
  EXPECT_FALSE(is_own_signal(info(SI_QUEUE, 1), 1));  // sigqueue: not the kernel's SI_USER
  EXPECT_FALSE(is_own_signal(info(SI_KERNEL, 0), 1));
}

TEST(SignalOrigin, PidZeroIsOutsideTheNamespaceOrTheKernel) {
  EXPECT_EQ(signal_origin(info(SI_USER, 7)), SignalOrigin::kProcess);
  EXPECT_EQ(signal_origin(info(SI_USER, 0)), SignalOrigin::kOutside);   // docker kill
  EXPECT_EQ(signal_origin(info(SI_QUEUE, 0)), SignalOrigin::kOutside);  // sigqueue
  EXPECT_EQ(signal_origin(info(SI_TKILL, 0)), SignalOrigin::kOutside);
  EXPECT_EQ(signal_origin(info(SI_KERNEL, 0)), SignalOrigin::kKernel);  // a terminal's SIGWINCH
}

}  // namespace
}  // namespace lucid::init
