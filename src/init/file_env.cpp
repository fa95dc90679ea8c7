#include "init/file_env.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/config_error.hpp"

namespace lucid::init {
namespace {

constexpr std::string_view kSuffix = "_FILE";

bool is_variable_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (const char c : name) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string_view name_of(std::string_view entry) { return entry.substr(0, entry.find('=')); }

bool is_set(const std::vector<std::string_view>& environment, std::string_view name) {
  for (const std::string_view entry : environment) {
    if (entry.find('=') != std::string_view::npos && name_of(entry) == name) return true;
  }
  return false;
}

bool is_under(std::string_view path, const std::vector<std::string>& dirs) {
  for (const std::string& dir : dirs) {
    // "/" is kept as "", so every dir is followed by '/' in the path.
    if (path.size() > dir.size() + 1 && path.substr(0, dir.size()) == dir &&
        path[dir.size()] == '/') {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> parse_file_env_dirs(std::string_view name, std::string_view text,
                                             bool one) {
  constexpr std::string_view kRule = "must be absolute paths separated by ':', none empty";
  constexpr std::string_view kOneRule = "must be an absolute path";
  std::vector<std::string> dirs;
  for (std::size_t start = 0;;) {
    const std::size_t end = one ? text.size() : std::min(text.find(':', start), text.size());
    std::string_view dir = text.substr(start, end - start);
    if (dir.empty() || dir[0] != '/') throw_bad_value(name, text, one ? kOneRule : kRule);
    while (!dir.empty() && dir.back() == '/') dir.remove_suffix(1);
    dirs.emplace_back(dir);
    if (end == text.size()) return dirs;
    start = end + 1;
  }
}

std::string describe_file_env_error(const FileEnvEntry& entry, std::string_view problem) {
  return fmt::format("{}='{}': {}", escape_value(entry.file_var), escape_value(entry.path),
                     problem);
}

FileEnvEntries file_env_entries(const std::vector<std::string_view>& environment,
                                const std::vector<std::string>& dirs) {
  FileEnvEntries entries;
  for (const std::string_view entry : environment) {
    const std::size_t equals = entry.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view file_var = entry.substr(0, equals);
    const std::string_view path = entry.substr(equals + 1);
    if (file_var.size() < kSuffix.size() ||
        file_var.substr(file_var.size() - kSuffix.size()) != kSuffix) {
      continue;
    }
    FileEnvEntry found{std::string(file_var.substr(0, file_var.size() - kSuffix.size())),
                       std::string(file_var), std::string(path)};
    if (!is_under(path, dirs)) {
      if (is_variable_name(found.name) && !is_set(environment, found.name)) {
        entries.left_alone.push_back(std::move(found));
      }
      continue;
    }
    if (!is_variable_name(found.name)) {
      throw ConfigError(describe_file_env_error(
          found, fmt::format("'{}' is not a variable name (letters, digits and _, not starting "
                             "with a digit)",
                             escape_value(found.name))));
    }
    if (is_set(environment, found.name)) {
      // NAME's value is never shown: it may be the secret itself.
      throw ConfigError(describe_file_env_error(
          found, fmt::format("{} is set as well: set only one of them", found.name)));
    }
    for (const FileEnvEntry& earlier : entries.taken) {
      if (earlier.file_var == found.file_var) {
        throw ConfigError(describe_file_env_error(found, "set twice in the environment"));
      }
    }
    entries.taken.push_back(std::move(found));
  }
  return entries;
}

std::string secret_value(const FileEnvEntry& entry, std::string_view content) {
  if (content.size() > kMaxSecretSize) {
    throw ConfigError(describe_file_env_error(entry, "larger than 64 KiB"));
  }
  if (content.find('\0') != std::string_view::npos) {
    throw ConfigError(
        describe_file_env_error(entry, "holds a NUL byte, which no environment variable can"));
  }
  if (!content.empty() && content.back() == '\n') {
    content.remove_suffix(1);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
  }
  return std::string(content);
}

}  // namespace lucid::init
