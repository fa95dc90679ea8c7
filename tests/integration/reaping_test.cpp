// Orphans re-parent to lucid-init (as PID 1 or as subreaper) and are reaped while the child is
// still running: none is left, not even as a zombie.
#include <gtest/gtest.h>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class Reaping : public ::testing::TestWithParam<Mode> {};

TEST_P(Reaping, ThousandOrphansAreReapedAndNoZombieIsLeft) {
  // Without adoption the orphans would be someone else's to reap and the count proves nothing.
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  // The child double-forks 1000 short-lived orphans, then waits until no process other than
  // itself has lucid-init as parent (a zombie still would) and reports what it saw.
  const Exit exit = run_init({GetParam(), with_child({}, {"orphans", "1000"})}, 120s);
  EXPECT_EQ(exit.code, 0) << exit.out << exit.err;
  EXPECT_EQ(exit.out, "orphans=1000 left=0\n");
}

INSTANTIATE_TEST_SUITE_P(Modes, Reaping, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
