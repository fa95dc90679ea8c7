// 20,000 orphans re-parented to PID 1 while the child runs: every one is reaped, no zombie is
// left (the integration suite does 1,000; this is the same check at the count).
#include <gtest/gtest.h>

#include <string>

#include "init_process.hpp"
#include "scale.hpp"

namespace lucid_test {
namespace {

constexpr int kOrphans = scaled(20000, 5000, 5000);

TEST(ZombieFlood, EveryOrphanIsReapedAndNoneIsLeft) {
  const std::string count = std::to_string(kOrphans);
  const Exit exit = run_init({Mode::kPid1, with_child({}, {"orphans", count})}, 240s);
  ASSERT_FALSE(exit.timed_out);
  EXPECT_EQ(exit.code, 0) << exit.out << exit.err.substr(0, 2000);
  EXPECT_EQ(exit.out, "orphans=" + count + " left=0\n");
}

}  // namespace
}  // namespace lucid_test
