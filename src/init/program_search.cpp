#include "init/program_search.hpp"

#include <unistd.h>

#include <cerrno>

namespace lucid::init {
namespace {

// glibc's _CS_PATH, what execvp uses when PATH is unset.
constexpr const char* kDefaultPath = "/bin:/usr/bin";

// The errors for which execvp tries the next directory.
bool try_next(int error) {
  switch (error) {
    case EACCES:
    case ENOENT:
    case ESTALE:
    case ENOTDIR:
    case ENODEV:
    case ETIMEDOUT:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<std::string> exec_candidates(std::string_view program, const char* path_env) {
  if (program.empty()) return {};
  if (program.find('/') != std::string_view::npos) return {std::string(program)};
  std::string_view path = path_env != nullptr ? path_env : kDefaultPath;
  std::vector<std::string> candidates;
  for (;;) {
    const std::size_t end = path.find(':');
    const std::string_view dir = path.substr(0, end);
    std::string file(dir);
    if (!file.empty()) file += '/';
    file += program;
    candidates.push_back(std::move(file));
    if (end == std::string_view::npos) return candidates;
    path.remove_prefix(end + 1);
  }
}

ExecFailure exec_first(const std::vector<std::string>& candidates, char* const argv[],
                       char* const envp[]) {
  ExecFailure failure{ENOENT, nullptr};
  bool denied = false;
  for (const std::string& file : candidates) {
    execve(file.c_str(), argv, envp);
    failure.error = errno;
    if (!try_next(failure.error)) {
      failure.file = file.c_str();
      return failure;
    }
    denied = denied || failure.error == EACCES;
  }
  if (denied) failure.error = EACCES;
  return failure;
}

}  // namespace lucid::init
