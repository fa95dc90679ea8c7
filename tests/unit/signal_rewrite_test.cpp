#include "init/signal_rewrite.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <string>

#include "common/config_error.hpp"

namespace lucid::init {
namespace {

SignalRewrite parsed(const std::string& spec) {
  SignalRewrite rewrite;
  parse_signal_rewrite("--rewrite", spec, rewrite);
  return rewrite;
}

std::string error(const std::string& spec, SignalRewrite rewrite = {}) {
  try {
    parse_signal_rewrite("LUCID_INIT_REWRITE", spec, rewrite);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(SignalRewrite, NamesNumbersAndZeroToDrop) {
  EXPECT_EQ(parsed("TERM:QUIT"), (SignalRewrite{{SIGTERM, SIGQUIT}}));
  EXPECT_EQ(parsed("SIGTERM:SIGQUIT,WINCH:0,10:12"),
            (SignalRewrite{{SIGTERM, SIGQUIT}, {SIGWINCH, 0}, {SIGUSR1, SIGUSR2}}));
  EXPECT_EQ(parsed("HUP:RTMIN+3"), (SignalRewrite{{SIGHUP, SIGRTMIN + 3}}));
  EXPECT_EQ(parsed("int:term"), (SignalRewrite{{SIGINT, SIGTERM}}));
  // A target may be any signal, those no one can catch too: the child gets what was asked for.
  EXPECT_EQ(parsed("TSTP:STOP,USR1:KILL"), (SignalRewrite{{SIGTSTP, SIGSTOP}, {SIGUSR1, SIGKILL}}));
}

TEST(SignalRewrite, RewrittenSignalIsTheEntryOrTheSignalItself) {
  const SignalRewrite rewrite = parsed("TERM:QUIT,WINCH:0");
  EXPECT_EQ(rewritten_signal(rewrite, SIGTERM), SIGQUIT);
  EXPECT_EQ(rewritten_signal(rewrite, SIGWINCH), 0);
  EXPECT_EQ(rewritten_signal(rewrite, SIGHUP), SIGHUP);
  EXPECT_EQ(rewritten_signal({}, SIGINT), SIGINT);
}

TEST(SignalRewrite, BadSpecsNameTheSourceTheValueAndTheRule) {
  for (const char* spec :
       {"", "TERM", "TERM:", ":QUIT", "TERM:QUIT,", ",TERM:QUIT", "TERM;QUIT", "TERM:QUIT:HUP",
        "0:TERM", "TERM:00", "TERM:-1", "BOGUS:QUIT", "TERM:65", "TERM :QUIT"}) {
    const std::string message = error(spec);
    EXPECT_EQ(message.rfind(std::string("LUCID_INIT_REWRITE='") + spec + "': must be FROM:TO", 0),
              0u)
        << message;
  }
}

TEST(SignalRewrite, KillStopAndChldCannotBeSources) {
  for (const char* spec : {"KILL:TERM", "STOP:0", "CHLD:USR1", "9:15", "TERM:QUIT,SIGCHLD:HUP"}) {
    const std::string message = error(spec);
    EXPECT_NE(message.find("is never forwarded"), std::string::npos) << message;
    EXPECT_EQ(message.rfind(std::string("LUCID_INIT_REWRITE='") + spec + "': SIG", 0), 0u)
        << message;
  }
}

TEST(SignalRewrite, TheSameSourceTwiceIsAnErrorEvenBySynonym) {
  EXPECT_EQ(error("TERM:QUIT,15:INT"),
            "LUCID_INIT_REWRITE='TERM:QUIT,15:INT': SIGTERM is rewritten twice: give each signal "
            "one TO");
  // Flags share one table: the second --rewrite for the same FROM is refused too.
  EXPECT_NE(error("SIGTERM:INT", parsed("TERM:QUIT")).find("rewritten twice"), std::string::npos);
  EXPECT_EQ(error("TERM:QUIT,QUIT:TERM"), "");  // a swap is two sources
}

TEST(SignalRewrite, ValuesAreEscapedInTheMessage) {
  EXPECT_EQ(error("TERM:\nQUIT").rfind("LUCID_INIT_REWRITE='TERM:\\x0aQUIT': ", 0), 0u);
}

}  // namespace
}  // namespace lucid::init
