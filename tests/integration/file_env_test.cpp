// --file-env: NAME_FILE=/run/secrets/... becomes NAME for the child, as PID 1 (root and uid 65532)
// and as a subreaper, supervised and with --exec, before --service's checks. lucid-init runs in a
// root of its own (unshare --root) laid out like a container's, with /run/secrets/ in it; every
// bad file stops it with exit 2 and one line before anything starts, and no value is ever logged.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <tuple>

#include "init_process.hpp"

namespace lucid_test {
namespace {

constexpr const char* kSecret = "hunter2-not-for-logs";

// DIR/lucid-init, DIR/child (the test child), DIR/proc to mount on, DIR/run/secrets/.
class SecretsRoot {
 public:
  SecretsRoot() {
    write_file(dir_ / "lucid-init", read_file(init_binary()), 0755);
    write_file(dir_ / "child", read_file(child_binary()), 0755);
    mkdir((dir_ / "proc").c_str(), 0555);
    mkdir((dir_ / "run").c_str(), 0755);
    mkdir(secrets("").c_str(), 0755);
  }
  std::string secrets(const std::string& name) const { return dir_ / ("run/secrets/" + name); }
  void add(const std::string& name, const std::string& content, unsigned mode = 0444) const {
    write_file(secrets(name), content, mode);
  }
  void link(const std::string& name, const std::string& target) const {
    ASSERT_EQ(symlink(target.c_str(), secrets(name).c_str()), 0) << name;
  }
  const TempDir& dir() const { return dir_; }

  Exit run(Mode mode, std::vector<std::string> options, const std::vector<std::string>& child,
           Env env) const {
    Launch launch(mode, std::move(options), std::move(env));
    launch.args.emplace_back("/child");
    launch.args.insert(launch.args.end(), child.begin(), child.end());
    launch.root = dir_.path();
    return run_init(launch);
  }

 private:
  TempDir dir_;
};

// The child's environment as `info` prints it: "env=NAME=VALUE" lines; a value's own newline
// starts a line of its own.
std::string child_env(const Exit& exit) {
  const std::size_t first = exit.out.find("\nenv=");
  return first == std::string::npos ? "" : exit.out.substr(first + 1);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The root has no loader or libc: a dynamic build (asan) cannot run in it.
void skip_unless_static() {
  if (needs_loader(init_binary()) || needs_loader(child_binary())) {
    GTEST_SKIP() << "a dynamically linked build cannot run in a root of its own";
  }
}

class FileEnv : public ::testing::TestWithParam<Mode> {
 protected:
  void SetUp() override { skip_unless_static(); }
};
class FileEnvTest : public ::testing::Test {
 protected:
  void SetUp() override { skip_unless_static(); }
};
using FileEnvOff = FileEnvTest;
using FileEnvService = FileEnvTest;
using FileEnvRefused = FileEnvTest;

TEST_P(FileEnv, SecretsBecomeVariablesForTheChild) {
  SecretsRoot root;
  root.add("db_password", std::string(kSecret) + "\n");
  root.add("multi", "line 1\nline 2\n");
  root.add("crlf", "token\r\n");
  root.add("empty", "");
  root.add("max", std::string(64 * 1024, 'm'));
  // A Kubernetes secret volume: the key is a symlink into a timestamped directory.
  mkdir(root.secrets("k8s").c_str(), 0755);
  mkdir(root.secrets("k8s/..2026_12_02").c_str(), 0755);
  root.add("k8s/..2026_12_02/token", "k8s-token");
  root.link("k8s/..data", "..2026_12_02");
  root.link("k8s/token", "..data/token");
  const Exit exit = root.run(GetParam(), {"--file-env"}, {"info"},
                             {{"DB_PASSWORD_FILE", "/run/secrets/db_password"},
                              {"MULTI_FILE", "/run/secrets/multi"},
                              {"CRLF_FILE", "/run/secrets/crlf"},
                              {"EMPTY_FILE", "/run/secrets/empty"},
                              {"MAX_FILE", "/run/secrets/max"},
                              {"K8S_TOKEN_FILE", "/run/secrets/k8s/token"},
                              {"SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"}});
  ASSERT_EQ(exit.code, 0) << exit.err;
  const std::string env = child_env(exit);
  EXPECT_TRUE(has(env, std::string("env=DB_PASSWORD=") + kSecret + "\n")) << env;
  EXPECT_TRUE(has(env, "env=MULTI=line 1\nline 2\n")) << env;
  EXPECT_TRUE(has(env, "env=CRLF=token\n")) << env;
  EXPECT_TRUE(has(env, "env=EMPTY=\n")) << env;
  EXPECT_TRUE(has(env, "env=MAX=" + std::string(64 * 1024, 'm') + "\n"));
  EXPECT_TRUE(has(env, "env=K8S_TOKEN=k8s-token\n")) << env;
  // Not under /run/secrets/: the program's own, passed on as it is.
  EXPECT_TRUE(has(env, "env=SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt\n")) << env;
  EXPECT_FALSE(has(env, "env=SSL_CERT=")) << env;
  for (const char* gone : {"DB_PASSWORD_FILE=", "MULTI_FILE=", "K8S_TOKEN_FILE="}) {
    EXPECT_FALSE(has(env, gone)) << gone << " reached the child";
  }
  EXPECT_TRUE(has(exit.err,
                  "lucid-init: DB_PASSWORD set from "
                  "DB_PASSWORD_FILE='/run/secrets/db_password'\n"))
      << exit.err;
  EXPECT_FALSE(has(exit.err, kSecret)) << "a value was logged: " << exit.err;
  EXPECT_FALSE(has(exit.err, "k8s-token")) << exit.err;
}

TEST_P(FileEnv, ExecModeGetsThemToo) {
  SecretsRoot root;
  root.add("db_password", std::string(kSecret) + "\n");
  const Exit exit =
      root.run(GetParam(), {"--exec"}, {"info"},
               {{"LUCID_INIT_FILE_ENV", "1"}, {"DB_PASSWORD_FILE", "/run/secrets/db_password"}});
  ASSERT_EQ(exit.code, 0) << exit.err;
  EXPECT_TRUE(has(child_env(exit), std::string("env=DB_PASSWORD=") + kSecret + "\n")) << exit.out;
  EXPECT_FALSE(has(child_env(exit), "DB_PASSWORD_FILE=")) << exit.out;
  if (is_pid1(GetParam())) {
    EXPECT_EQ(field(exit.out, "pid"), 1) << "not exec'd in place";
  }
  EXPECT_FALSE(has(exit.err, kSecret)) << exit.err;
}

INSTANTIATE_TEST_SUITE_P(Modes, FileEnv, ::testing::ValuesIn(kAllModes), ModeName());

constexpr Mode kMode = Mode::kPid1;

TEST_F(FileEnvOff, NameFileStaysAsItIsWithoutTheOption) {
  SecretsRoot root;
  root.add("db_password", kSecret);
  for (const Env& env :
       {Env{{"DB_PASSWORD_FILE", "/run/secrets/db_password"}},
        Env{{"DB_PASSWORD_FILE", "/run/secrets/db_password"}, {"LUCID_INIT_FILE_ENV", "0"}}}) {
    const Exit exit = root.run(kMode, {}, {"info"}, env);
    ASSERT_EQ(exit.code, 0) << exit.err;
    EXPECT_TRUE(has(child_env(exit), "env=DB_PASSWORD_FILE=/run/secrets/db_password\n"));
    EXPECT_FALSE(has(child_env(exit), "env=DB_PASSWORD=")) << exit.out;
  }
}

// Kubernetes mounts secrets wherever the manifest says (issue 18): --file-env-dir, repeatable,
// replaces /run/secrets and LUCID_INIT_FILE_ENV_DIRS; what it leaves alone is named at debug level.
TEST_F(FileEnvOff, OtherSecretsDirectories) {
  SecretsRoot root;
  for (const char* dir : {"etc", "etc/app", "var"}) mkdir((root.dir() / dir).c_str(), 0755);
  write_file(root.dir() / "etc/app/db", std::string(kSecret) + "\n", 0444);
  write_file(root.dir() / "var/tok", "t0k\n", 0444);
  root.add("old", "old\n");
  const Env env = {{"DB_PASSWORD_FILE", "/etc/app/db"},
                   {"TOK_FILE", "/var/tok"},
                   {"OLD_FILE", "/run/secrets/old"}};
  const Exit flags =
      root.run(kMode, {"-v", "--file-env", "--file-env-dir", "/etc/app/", "--file-env-dir", "/var"},
               {"info"}, env);
  ASSERT_EQ(flags.code, 0) << flags.err;
  EXPECT_TRUE(has(child_env(flags), std::string("env=DB_PASSWORD=") + kSecret + "\n")) << flags.out;
  EXPECT_TRUE(has(child_env(flags), "env=TOK=t0k\n")) << flags.out;
  EXPECT_TRUE(has(child_env(flags), "env=OLD_FILE=/run/secrets/old\n")) << flags.out;
  EXPECT_TRUE(has(flags.err,
                  "lucid-init: OLD_FILE='/run/secrets/old' left alone: not in a "
                  "--file-env-dir; OLD stays unset\n"))
      << flags.err;
  EXPECT_FALSE(has(flags.err, kSecret)) << flags.err;

  Env variable = env;
  variable.emplace_back("LUCID_INIT_FILE_ENV_DIRS", "/run/secrets:/var");
  const Exit from_env = root.run(kMode, {"--file-env"}, {"info"}, variable);
  ASSERT_EQ(from_env.code, 0) << from_env.err;
  EXPECT_TRUE(has(child_env(from_env), "env=TOK=t0k\n")) << from_env.out;
  EXPECT_TRUE(has(child_env(from_env), "env=OLD=old\n")) << from_env.out;
  EXPECT_TRUE(has(child_env(from_env), "env=DB_PASSWORD_FILE=/etc/app/db\n")) << from_env.out;
  EXPECT_FALSE(has(from_env.err, "left alone")) << "not at the default level: " << from_env.err;

  const Exit flag_wins =
      root.run(kMode, {"--file-env", "--file-env-dir", "/etc/app"}, {"info"}, variable);
  ASSERT_EQ(flag_wins.code, 0) << flag_wins.err;
  EXPECT_TRUE(has(child_env(flag_wins), "env=TOK_FILE=/var/tok\n")) << flag_wins.out;
  EXPECT_TRUE(has(child_env(flag_wins), "env=DB_PASSWORD=")) << flag_wins.out;

  for (const auto& [options, dirs, line] :
       {std::tuple<std::vector<std::string>, std::string, std::string>{
            {"--file-env-dir", "secrets"},
            "",
            "--file-env-dir='secrets': must be an absolute path"},
        {{},
         "/run/secrets::/var",
         "LUCID_INIT_FILE_ENV_DIRS='/run/secrets::/var': must be absolute paths separated by ':', "
         "none empty"}}) {
    std::vector<std::string> args = options;
    args.insert(args.begin(), "--file-env");
    Env bad = env;
    if (!dirs.empty()) bad.emplace_back("LUCID_INIT_FILE_ENV_DIRS", dirs);
    const Exit refused = root.run(kMode, args, {"info"}, bad);
    EXPECT_EQ(refused.code, 2) << refused.err;
    EXPECT_EQ(refused.err, "lucid-init: error: " + line + "\n");
  }
}

// The service's port from a secret: converted before --service validates and substitutes it.
TEST_F(FileEnvService, PortFileIsValidatedAndSubstituted) {
  SecretsRoot root;
  root.add("port", "8080\n");
  root.add("bad_port", "80a\n");
  const Exit exit = root.run(kMode, {"--file-env", "--service", "api", "--"}, {"info", "{port}"},
                             {{"API_PORT_FILE", "/run/secrets/port"}});
  ASSERT_EQ(exit.code, 0) << exit.err;
  EXPECT_TRUE(has(exit.out, "arg=8080\n")) << exit.out;
  EXPECT_TRUE(has(child_env(exit), "env=API_PORT=8080\n")) << exit.out;
  const Exit bad = root.run(kMode, {"--file-env", "--service", "api", "--"}, {"touch", "/started"},
                            {{"API_PORT_FILE", "/run/secrets/bad_port"}});
  EXPECT_EQ(bad.code, 2) << bad.err;
  EXPECT_TRUE(has(bad.err, "lucid-init: error: API_PORT='80a': must be ASCII digits")) << bad.err;
  EXPECT_FALSE(file_exists(root.dir() / "started"));
}

// Exit 2, exactly one line (the error), nothing started, the content nowhere in the output.
void expect_refused(const SecretsRoot& root, Mode mode, const Env& env, const std::string& line) {
  SCOPED_TRACE(line);
  const Exit exit = root.run(mode, {"--file-env"}, {"touch", "/started"}, env);
  EXPECT_EQ(exit.code, 2) << exit.err;
  EXPECT_FALSE(file_exists(root.dir() / "started")) << "the child started";
  EXPECT_EQ(exit.err, "lucid-init: error: " + line + "\n");
  EXPECT_FALSE(has(exit.err, kSecret));
}

TEST_F(FileEnvRefused, EveryBadFileStopsBeforeAnythingStarts) {
  SecretsRoot root;
  root.add("db_password", kSecret);
  root.add("big", std::string(64 * 1024 + 1, 'b'));
  root.add("nul", std::string(kSecret) + std::string(1, '\0') + "tail");
  mkdir(root.secrets("dir").c_str(), 0755);
  ASSERT_EQ(mkfifo(root.secrets("fifo").c_str(), 0666), 0);
  root.link("environ", "/proc/self/environ");
  root.link("stdin", "/proc/self/fd/0");  // the harness's /dev/null: a character device

  expect_refused(root, kMode,
                 {{"DB_PASSWORD", kSecret}, {"DB_PASSWORD_FILE", "/run/secrets/db_password"}},
                 "DB_PASSWORD_FILE='/run/secrets/db_password': DB_PASSWORD is set as well: set "
                 "only one of them");
  expect_refused(root, kMode, {{"DB_PASSWORD_FILE", "/run/secrets/missing"}},
                 "DB_PASSWORD_FILE='/run/secrets/missing': cannot open: No such file or directory");
  expect_refused(root, kMode, {{"X_FILE", "/run/secrets/dir"}},
                 "X_FILE='/run/secrets/dir': not a regular file (a directory)");
  // Opened without blocking: no writer ever comes.
  expect_refused(root, kMode, {{"X_FILE", "/run/secrets/fifo"}},
                 "X_FILE='/run/secrets/fifo': not a regular file (a FIFO)");
  expect_refused(root, kMode, {{"X_FILE", "/run/secrets/stdin"}},
                 "X_FILE='/run/secrets/stdin': not a regular file (a character device)");
  // /proc/self/environ is a regular file that fstat calls empty: the content decides.
  expect_refused(root, kMode, {{"X_FILE", "/run/secrets/environ"}},
                 "X_FILE='/run/secrets/environ': holds a NUL byte, which no environment variable "
                 "can");
  expect_refused(root, kMode, {{"X_FILE", "/run/secrets/nul"}},
                 "X_FILE='/run/secrets/nul': holds a NUL byte, which no environment variable can");
  expect_refused(root, kMode, {{"X_FILE", "/run/secrets/big"}},
                 "X_FILE='/run/secrets/big': larger than 64 KiB");
  expect_refused(root, kMode, {{"MY-VAR_FILE", "/run/secrets/db_password"}},
                 "MY-VAR_FILE='/run/secrets/db_password': 'MY-VAR' is not a variable name "
                 "(letters, digits and _, not starting with a digit)");
}

TEST_F(FileEnvRefused, ExecModeStopsBeforeExec) {
  SecretsRoot root;
  const Exit exit = root.run(kMode, {"--exec", "--file-env"}, {"touch", "/started"},
                             {{"DB_PASSWORD_FILE", "/run/secrets/missing"}});
  EXPECT_EQ(exit.code, 2) << exit.err;
  EXPECT_FALSE(file_exists(root.dir() / "started"));
  EXPECT_EQ(exit.err,
            "lucid-init: error: DB_PASSWORD_FILE='/run/secrets/missing': cannot open: No such file "
            "or directory\n");
}

TEST_F(FileEnvRefused, DeviceNodeAndUnreadableFile) {
  SecretsRoot root;
  root.add("root_only", kSecret, 0400);
  expect_refused(root, Mode::kPid1Unprivileged, {{"X_FILE", "/run/secrets/root_only"}},
                 "X_FILE='/run/secrets/root_only': cannot open: Permission denied");
  mkdir((root.dir() / "dev").c_str(), 0755);
  if (mknod((root.dir() / "dev/zero").c_str(), S_IFCHR | 0666, makedev(1, 5)) != 0) {
    GTEST_SKIP() << "mknod refused here: " << strerror(errno);
  }
  root.link("zero", "/dev/zero");
  expect_refused(root, kMode, {{"X_FILE", "/run/secrets/zero"}},
                 "X_FILE='/run/secrets/zero': not a regular file (a character device)");
}

}  // namespace
}  // namespace lucid_test
