#pragma once
// --file-env: the secrets convention of Docker, Compose and Kubernetes images (NAME_FILE names a
// file under /run/secrets/ or another
// --file-env-dir, the program gets NAME with the file's content), which images with a
// shell entrypoint implement and distroless images cannot. The rules, free of syscalls.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lucid::init {

// Only NAME_FILE variables naming a file in one of the secrets directories (--file-env-dir; this
// one by default) are taken. Others (distroless images set SSL_CERT_FILE to a 200 KB bundle; EKS
// sets AWS_WEB_IDENTITY_TOKEN_FILE, which the AWS SDK must re-read as a file) are programs' own
// and stay as they are.
inline constexpr std::string_view kSecretsDir = "/run/secrets";
inline constexpr std::size_t kMaxSecretSize = std::size_t{64} * 1024;

// The directories of --file-env-dir DIR (one) or LUCID_INIT_FILE_ENV_DIRS (DIR:DIR): absolute,
// none empty. Throws ConfigError naming `name`, the value and the rule. A trailing '/' is dropped.
std::vector<std::string> parse_file_env_dirs(std::string_view name, std::string_view text,
                                             bool one);

struct FileEnvEntry {
  std::string name;      // DB_PASSWORD
  std::string file_var;  // DB_PASSWORD_FILE
  std::string path;      // its value
};

struct FileEnvEntries {
  std::vector<FileEnvEntry> taken;
  // NAME_FILE outside the directories, with a valid NAME that is not set: left alone, and worth a
  // debug line (a secret mounted elsewhere than --file-env-dir says).
  std::vector<FileEnvEntry> left_alone;
};

// The NAME_FILE variables of `environment` (NAME=VALUE entries, as in environ) whose value is a
// path under one of `dirs`. Throws ConfigError when NAME is not a variable name (letters, digits,
// '_', not starting with a digit), when NAME is set as well, or when NAME_FILE is there twice.
FileEnvEntries file_env_entries(const std::vector<std::string_view>& environment,
                                const std::vector<std::string>& dirs);

// NAME's value from the file's bytes: one trailing "\n" (or "\r\n") removed, a newline inside
// kept. Throws ConfigError, never quoting the content, on a NUL byte or over kMaxSecretSize bytes.
std::string secret_value(const FileEnvEntry& entry, std::string_view content);

// "NAME_FILE='path': problem", for every error about the entry.
std::string describe_file_env_error(const FileEnvEntry& entry, std::string_view problem);

}  // namespace lucid::init
