// Orphans of the child are adopted by lucid-init: by the kernel when it is PID 1, and only
// because it registered as a child subreaper when it is not.
#include <gtest/gtest.h>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class Adoption : public ::testing::TestWithParam<Mode> {};

TEST_P(Adoption, OrphanedGrandchildIsAdoptedByLucidInit) {
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  TempDir dir;
  // The grandchild holds SIGTERM back until it has seen its new parent once the child exits 0.
  InitProcess init({GetParam(), with_child({}, {"family", dir.path(), "reparent", "exit:0"})});
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
  ASSERT_TRUE(file_exists(dir / "gc-ppid")) << "the grandchild never saw a new parent";
  const long adopter = std::atol(read_file(dir / "gc-ppid").c_str());
  EXPECT_EQ(adopter, is_pid1(GetParam()) ? 1 : init.init_pid())
      << "adopted by someone else than lucid-init: not a child subreaper";
}

TEST(Subreaper, WarnsExactlyWhenItCannotBecomeOne) {
  const Exit exit = run_init({Mode::kSubreaper, with_child({}, {"exit", "0"})});
  EXPECT_EQ(exit.code, 0) << exit.err;
  std::size_t warnings = 0;
  for (const auto& line : exit.err_lines_starting("lucid-init: warning: ")) {
    if (line.find("subreaper") != std::string::npos) ++warnings;
  }
  EXPECT_EQ(warnings, subreaper_available(Mode::kSubreaper) ? 0u : 1u) << exit.err;
}

INSTANTIATE_TEST_SUITE_P(Modes, Adoption, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
