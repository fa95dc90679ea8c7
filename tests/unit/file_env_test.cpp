#include "init/file_env.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/config_error.hpp"

namespace lucid::init {
namespace {

using Env = std::vector<std::string_view>;
const std::vector<std::string> kDefaultDirs = {std::string(kSecretsDir)};

std::vector<FileEnvEntry> taken(const Env& env) {
  return file_env_entries(env, kDefaultDirs).taken;
}

std::string entries_error(const Env& env) {
  try {
    file_env_entries(env, kDefaultDirs);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

const FileEnvEntry kEntry{"DB_PASSWORD", "DB_PASSWORD_FILE", "/run/secrets/db"};

std::string value_error(std::string_view content) {
  try {
    secret_value(kEntry, content);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(FileEnv, TakesEveryNameFileUnderRunSecrets) {
  const auto entries = taken({"PATH=/usr/bin", "DB_PASSWORD_FILE=/run/secrets/db",
                              "API_PORT_FILE=/run/secrets/api/port", "x_FILE=/run/secrets/x"});
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].name, "DB_PASSWORD");
  EXPECT_EQ(entries[0].file_var, "DB_PASSWORD_FILE");
  EXPECT_EQ(entries[0].path, "/run/secrets/db");
  EXPECT_EQ(entries[1].name, "API_PORT");
  EXPECT_EQ(entries[1].path, "/run/secrets/api/port");
  EXPECT_EQ(entries[2].name, "x");
}

// Programs' own file variables: distroless sets SSL_CERT_FILE, EKS AWS_WEB_IDENTITY_TOKEN_FILE.
TEST(FileEnv, LeavesOtherFileVariablesAlone) {
  EXPECT_TRUE(taken({"SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
                     "AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/"
                     "serviceaccount/token",
                     "SSL_CERT=x", "A_FILE=run/secrets/a", "B_FILE=/run/secrets",
                     "C_FILE=/run/secretsx/c", "D_FILE", "E_FILEX=/run/secrets/e",
                     "_FILEF=/run/secrets/f", "FILE=/run/secrets/g", ""})
                  .empty());
}

// Kubernetes mounts secrets wherever the manifest says (issue 18): --file-env-dir.
TEST(FileEnv, OtherDirectoriesReplaceTheDefault) {
  const Env env = {"A_FILE=/run/secrets/a", "B_FILE=/etc/app/secrets/b", "C_FILE=/var/c/d",
                   "D_FILE=/etc/app/secretsx/d", "E_FILE=/etc/app/secrets"};
  const auto entries = file_env_entries(env, {"/etc/app/secrets", "/var/c"});
  ASSERT_EQ(entries.taken.size(), 2u);
  EXPECT_EQ(entries.taken[0].name, "B");
  EXPECT_EQ(entries.taken[1].name, "C");
  EXPECT_EQ(file_env_entries({"A_FILE=/x/y"}, {""}).taken.size(), 1u);  // "/": everything
}

// What is left alone while NAME stays unset is told (at debug level), programs' own included;
// not when NAME is set, nor when NAME is no variable name.
TEST(FileEnv, LeftAloneWhenNameIsUnset) {
  const auto entries =
      file_env_entries({"DB_FILE=/etc/app/db", "SSL_CERT_FILE=/etc/ssl/c.pem", "SET_FILE=/x",
                        "SET=1", "1X_FILE=/x", "T_FILE=/run/secrets/t"},
                       kDefaultDirs);
  ASSERT_EQ(entries.left_alone.size(), 2u);
  EXPECT_EQ(entries.left_alone[0].file_var, "DB_FILE");
  EXPECT_EQ(entries.left_alone[0].path, "/etc/app/db");
  EXPECT_EQ(entries.left_alone[1].name, "SSL_CERT");
  EXPECT_EQ(entries.taken.size(), 1u);
}

std::string dirs_error(std::string_view text, bool one) {
  try {
    parse_file_env_dirs("V", text, one);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(FileEnvDirs, AbsoluteNoneEmpty) {
  EXPECT_EQ(parse_file_env_dirs("V", "/a:/b/c/:/", false),
            (std::vector<std::string>{"/a", "/b/c", ""}));
  EXPECT_EQ(parse_file_env_dirs("V", "/a:b", true), (std::vector<std::string>{"/a:b"}));
  const std::string rule = "must be absolute paths separated by ':', none empty";
  for (const std::string_view bad : {"", ":", "/a:", ":/a", "/a::/b", "a", "/a:run/b"}) {
    EXPECT_NE(dirs_error(bad, false).find(rule), std::string::npos) << bad;
  }
  EXPECT_EQ(dirs_error("secrets", true), "V='secrets': must be an absolute path");
  EXPECT_NE(dirs_error("", true), "");
}

TEST(FileEnv, RefusesANameThatIsNoVariableName) {
  EXPECT_EQ(entries_error({"1DB_FILE=/run/secrets/db"}),
            "1DB_FILE='/run/secrets/db': '1DB' is not a variable name (letters, digits and _, "
            "not starting with a digit)");
  for (const std::string_view entry :
       {"_FILE=/run/secrets/x", "MY-VAR_FILE=/run/secrets/x", "A.B_FILE=/run/secrets/x",
        "A B_FILE=/run/secrets/x", "\xc3\xa9_FILE=/run/secrets/x"}) {
    EXPECT_NE(entries_error({entry}).find("is not a variable name"), std::string::npos) << entry;
  }
  EXPECT_EQ(entries_error({"A\nB_FILE=/run/secrets/x"}).rfind("A\\x0aB_FILE='/run/secrets/x'", 0),
            0u);
}

TEST(FileEnv, RefusesNameAndNameFileTogetherWithoutShowingTheValue) {
  const std::string message =
      entries_error({"DB_PASSWORD=hunter2", "DB_PASSWORD_FILE=/run/secrets/db"});
  EXPECT_EQ(message,
            "DB_PASSWORD_FILE='/run/secrets/db': DB_PASSWORD is set as well: set only one of them");
  EXPECT_NE(entries_error({"DB_PASSWORD_FILE=/run/secrets/db", "DB_PASSWORD="}), "");
}

TEST(FileEnv, RefusesTheSameNameFileTwice) {
  EXPECT_EQ(entries_error({"DB_FILE=/run/secrets/a", "DB_FILE=/run/secrets/b"}),
            "DB_FILE='/run/secrets/b': set twice in the environment");
}

TEST(FileEnv, OneTrailingNewlineIsRemoved) {
  EXPECT_EQ(secret_value(kEntry, "hunter2\n"), "hunter2");
  EXPECT_EQ(secret_value(kEntry, "hunter2\r\n"), "hunter2");
  EXPECT_EQ(secret_value(kEntry, "hunter2"), "hunter2");
  EXPECT_EQ(secret_value(kEntry, "hunter2\n\n"), "hunter2\n");
  EXPECT_EQ(secret_value(kEntry, "line 1\nline 2\n"), "line 1\nline 2");
  EXPECT_EQ(secret_value(kEntry, "hunter2\r"), "hunter2\r");
  EXPECT_EQ(secret_value(kEntry, "\n"), "");
  EXPECT_EQ(secret_value(kEntry, "\r\n"), "");
  EXPECT_EQ(secret_value(kEntry, ""), "");
}

TEST(FileEnv, RefusesNulAndMoreThan64KiBWithoutQuotingTheContent) {
  EXPECT_EQ(value_error(std::string("hun\0ter2", 8)),
            "DB_PASSWORD_FILE='/run/secrets/db': holds a NUL byte, which no environment variable "
            "can");
  EXPECT_EQ(value_error(std::string(64 * 1024 + 1, 'x')),
            "DB_PASSWORD_FILE='/run/secrets/db': larger than 64 KiB");
  EXPECT_EQ(secret_value(kEntry, std::string(64 * 1024, 'x')).size(), 64u * 1024);
  EXPECT_EQ(secret_value(kEntry, std::string(64 * 1024 - 1, 'x') + "\n").size(), 64u * 1024 - 1);
}

}  // namespace
}  // namespace lucid::init
