#include "init/program_search.hpp"

#include <gtest/gtest.h>

#include <cerrno>

#include "init/child_launcher.hpp"

namespace lucid::init {
namespace {

using Files = std::vector<std::string>;

TEST(ProgramSearch, NameWithASlashIsUsedAsIs) {
  EXPECT_EQ(exec_candidates("/app/server", "/bin"), Files{"/app/server"});
  EXPECT_EQ(exec_candidates("./server", "/bin"), Files{"./server"});
  EXPECT_EQ(exec_candidates("bin/server", nullptr), Files{"bin/server"});
}

TEST(ProgramSearch, BareNameIsLookedUpInEveryPathEntryInOrder) {
  EXPECT_EQ(exec_candidates("python3", "/usr/local/bin:/usr/bin:/bin"),
            (Files{"/usr/local/bin/python3", "/usr/bin/python3", "/bin/python3"}));
  EXPECT_EQ(exec_candidates("python3", "/opt/venv/bin/"), Files{"/opt/venv/bin//python3"});
}

TEST(ProgramSearch, EmptyPathEntryIsTheWorkingDirectory) {
  EXPECT_EQ(exec_candidates("tool", ""), Files{"tool"});
  EXPECT_EQ(exec_candidates("tool", ":/bin"), (Files{"tool", "/bin/tool"}));
  EXPECT_EQ(exec_candidates("tool", "/bin::/usr/bin:"),
            (Files{"/bin/tool", "tool", "/usr/bin/tool", "tool"}));
}

TEST(ProgramSearch, UnsetPathIsExecvpsDefault) {
  EXPECT_EQ(exec_candidates("sh", nullptr), (Files{"/bin/sh", "/usr/bin/sh"}));
}

TEST(ProgramSearch, EmptyNameNamesNoFile) {
  EXPECT_EQ(exec_candidates("", "/bin"), Files{});
  char* argv[] = {nullptr};
  const ExecFailure failure = exec_first({}, argv, argv);
  EXPECT_EQ(failure.error, ENOENT);
  EXPECT_EQ(failure.file, nullptr);
}

// Only files that cannot exist here, so no exec in this test can succeed.
TEST(ProgramSearch, PermissionDeniedIsRememberedOverLaterMisses) {
  char* argv[] = {nullptr};
  const Files files{"/nonexistent/a", "/", "/nonexistent/b", "/dev/null/c"};
  const ExecFailure failure = exec_first(files, argv, argv);
  EXPECT_EQ(failure.error, EACCES);
  EXPECT_EQ(failure.file, nullptr) << "the search ran out, it did not stop";
  const ExecFailure missing = exec_first({"/nonexistent/a", "/dev/null/c"}, argv, argv);
  EXPECT_EQ(missing.error, ENOTDIR);
}

TEST(ExecFailureStatus, NotFoundIs127AnythingElse126) {
  EXPECT_EQ(exec_failure_status(ENOENT), 127);
  EXPECT_EQ(exec_failure_status(ENOTDIR), 127);
  for (const int error : {EACCES, ENOEXEC, E2BIG, ELOOP, ENAMETOOLONG, ETXTBSY}) {
    EXPECT_EQ(exec_failure_status(error), 126) << error;
  }
}

}  // namespace
}  // namespace lucid::init
