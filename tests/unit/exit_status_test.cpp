#include "init/exit_status.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include "common/config_error.hpp"

namespace lucid::init {
namespace {

// wait(2) statuses built the way Linux encodes them.
int exited(int code) { return (code & 0xff) << 8; }
int killed(int signo, bool core = false) { return signo | (core ? 0x80 : 0); }

TEST(ExitStatus, ExitCodesPassThroughUnchanged) {
  for (int code = 0; code <= 255; ++code) EXPECT_EQ(exit_code_of(exited(code)), code);
}

TEST(ExitStatus, DeathBySignalIs128PlusTheSignal) {
  EXPECT_EQ(exit_code_of(killed(SIGTERM)), 143);
  EXPECT_EQ(exit_code_of(killed(SIGINT)), 130);
  EXPECT_EQ(exit_code_of(killed(SIGKILL)), 137);
  EXPECT_EQ(exit_code_of(killed(SIGSEGV, true)), 139);
}

TEST(ExitStatus, Descriptions) {
  EXPECT_EQ(describe_wait_status(exited(3)), "exited with status 3");
  EXPECT_EQ(describe_wait_status(killed(SIGTERM)), "killed by SIGTERM");
  EXPECT_EQ(describe_wait_status(killed(SIGSEGV, true)), "killed by SIGSEGV (core dumped)");
}

TEST(ExitRemapSpec, ParsesSingleAndListedPairs) {
  ExitRemap remap;
  parse_exit_remap("--remap-exit", "143:0", remap);
  parse_exit_remap("LUCID_INIT_REMAP_EXIT", "130:0,1:255", remap);
  EXPECT_EQ(remap_exit_code(remap, 143), 0);
  EXPECT_EQ(remap_exit_code(remap, 130), 0);
  EXPECT_EQ(remap_exit_code(remap, 1), 255);
  EXPECT_EQ(remap_exit_code(remap, 2), 2);
}

TEST(ExitRemapSpec, LaterEntriesWin) {
  ExitRemap remap;
  parse_exit_remap("--remap-exit", "143:0,143:1", remap);
  EXPECT_EQ(remap_exit_code(remap, 143), 1);
}

TEST(ExitRemapSpec, RejectsMalformedSpecsNamingTheSource) {
  for (const char* bad : {"", "143", "143:", ":0", "256:0", "0:256", "-1:0", "a:b", "143:0,",
                          ",143:0", "143:0:1", " 1:2", "1:2 ", "1000:0"}) {
    ExitRemap remap;
    try {
      parse_exit_remap("--remap-exit", bad, remap);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const ConfigError& error) {
      EXPECT_EQ(std::string(error.what()).rfind("--remap-exit='", 0), 0u) << error.what();
    }
  }
}

}  // namespace
}  // namespace lucid::init
