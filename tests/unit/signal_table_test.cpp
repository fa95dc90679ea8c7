#include "init/signal_table.hpp"

#include <gtest/gtest.h>
#include <signal.h>

namespace lucid::init {
namespace {

TEST(SignalTable, NamesStandardAndRealTimeSignals) {
  EXPECT_EQ(signal_name(SIGTERM), "SIGTERM");
  EXPECT_EQ(signal_name(SIGWINCH), "SIGWINCH");
  EXPECT_EQ(signal_name(SIGRTMIN), "SIGRTMIN");
  EXPECT_EQ(signal_name(SIGRTMIN + 3), "SIGRTMIN+3");
  EXPECT_EQ(signal_name(200), "signal 200");
}

TEST(SignalTable, ForwardsEveryCatchableSignalButSigchld) {
  for (const int signo :
       {SIGHUP,   SIGINT,  SIGQUIT, SIGILL,  SIGTRAP,  SIGABRT, SIGBUS,    SIGFPE,
        SIGUSR1,  SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM,  SIGTERM, SIGSTKFLT, SIGCONT,
        SIGTSTP,  SIGTTIN, SIGTTOU, SIGURG,  SIGXCPU,  SIGXFSZ, SIGVTALRM, SIGPROF,
        SIGWINCH, SIGIO,   SIGPWR,  SIGSYS,  SIGRTMIN, SIGRTMAX}) {
    EXPECT_TRUE(is_forwarded(signo)) << signal_name(signo);
  }
  for (const int signo : {SIGCHLD, SIGKILL, SIGSTOP, 0, SIGRTMAX + 1}) {
    EXPECT_FALSE(is_forwarded(signo)) << signo;
  }
}

TEST(SignalTable, OnlyTermAndIntStartAShutdown) {
  EXPECT_TRUE(is_shutdown_signal(SIGTERM));
  EXPECT_TRUE(is_shutdown_signal(SIGINT));
  EXPECT_FALSE(is_shutdown_signal(SIGQUIT));
  EXPECT_FALSE(is_shutdown_signal(SIGHUP));
}

// What ends the wait for dependencies: what would have ended the service (signal(7)'s Term and
// Core), not what it ignores or stops for.
TEST(SignalTable, DefaultActionEndsAProcess) {
  for (const int signo : {SIGHUP, SIGINT, SIGQUIT, SIGABRT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM,
                          SIGTERM, SIGXCPU, SIGIO, SIGPWR, SIGSYS, SIGRTMIN, SIGRTMAX}) {
    EXPECT_TRUE(ends_process_by_default(signo)) << signal_name(signo);
  }
  for (const int signo :
       {SIGCHLD, SIGCONT, SIGURG, SIGWINCH, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, 0, SIGRTMAX + 1}) {
    EXPECT_FALSE(ends_process_by_default(signo)) << signo;
  }
}

TEST(SignalTable, ParsesNamesWithOrWithoutSigInAnyCaseAndNumbers) {
  EXPECT_EQ(parse_signal("TERM"), SIGTERM);
  EXPECT_EQ(parse_signal("SIGQUIT"), SIGQUIT);
  EXPECT_EQ(parse_signal("winch"), SIGWINCH);
  EXPECT_EQ(parse_signal("SigHup"), SIGHUP);
  EXPECT_EQ(parse_signal("15"), SIGTERM);
  EXPECT_EQ(parse_signal("64"), 64);
  EXPECT_EQ(parse_signal("RTMIN"), SIGRTMIN);
  EXPECT_EQ(parse_signal("SIGRTMIN+3"), SIGRTMIN + 3);
  EXPECT_EQ(parse_signal("rtmax"), SIGRTMAX);
  EXPECT_EQ(parse_signal("RTMAX-2"), SIGRTMAX - 2);
}

TEST(SignalTable, EveryLoggedNameParsesBackToItsNumber) {
  for (int signo = 1; signo <= SIGRTMAX; ++signo) {
    const std::string name = signal_name(signo);
    if (name.rfind("signal ", 0) == 0) continue;  // 32 and 33: glibc's own, by number only
    EXPECT_EQ(parse_signal(name), signo) << name;
  }
}

TEST(SignalTable, RefusesWhatIsNoSignal) {
  for (const char* text : {"",           "0",       "65",      "999",       "1000",     "-1",
                           "+15",        " 15",     "15 ",     "SIG",       "TERMX",    "TER",
                           "SIG TERM",   "RTMIN+",  "RTMIN-1", "RTMAX+1",   "RTMIN+31", "RTMAX-31",
                           "RTMIN+1000", "RTMIN+x", "IOT",     "signal 99", "\xff"}) {
    EXPECT_FALSE(parse_signal(text)) << text;
  }
}

}  // namespace
}  // namespace lucid::init
