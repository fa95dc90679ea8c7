#include "init/memory_cgroup.hpp"

#include <fmt/format.h>

#include <charconv>

namespace lucid::init {
namespace {

constexpr std::string_view kV2Root = "/sys/fs/cgroup";
constexpr std::string_view kV1Root = "/sys/fs/cgroup/memory";
// v1 reports "no limit" as the largest page-aligned signed 64-bit count, not a word.
constexpr unsigned long long kUnlimitedFrom = 1ULL << 62;

std::optional<unsigned long long> number(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  unsigned long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return {};
  return value;
}

bool lists_memory(std::string_view controllers) {
  while (!controllers.empty()) {
    const std::size_t comma = controllers.find(',');
    if (controllers.substr(0, comma) == "memory") return true;
    if (comma == std::string_view::npos) break;
    controllers.remove_prefix(comma + 1);
  }
  return false;
}

// root + path, then root + path without its first directory, ..., then root itself.
void add_suffixes(std::string_view root, std::string_view path, const char* events,
                  const char* limit, std::vector<MemoryCgroupFiles>& out) {
  while (true) {
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    const std::string dir = path.empty() ? std::string(root) : fmt::format("{}/{}", root, path);
    out.push_back({fmt::format("{}/{}", dir, events), fmt::format("{}/{}", dir, limit)});
    if (path.empty()) return;
    const std::size_t slash = path.find('/');
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
}

}  // namespace

std::vector<MemoryCgroupFiles> memory_cgroup_candidates(std::string_view proc_self_cgroup) {
  std::vector<MemoryCgroupFiles> v2;
  std::vector<MemoryCgroupFiles> v1;
  while (!proc_self_cgroup.empty()) {
    const std::size_t newline = proc_self_cgroup.find('\n');
    const std::string_view line = proc_self_cgroup.substr(0, newline);
    proc_self_cgroup.remove_prefix(newline == std::string_view::npos ? proc_self_cgroup.size()
                                                                     : newline + 1);
    // "ID:CONTROLLERS:PATH"; the path may itself hold colons.
    const std::size_t first = line.find(':');
    const std::size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    const std::string_view id = line.substr(0, first);
    const std::string_view controllers = line.substr(first + 1, second - first - 1);
    const std::string_view path = line.substr(second + 1);
    if (path.empty() || path.front() != '/') continue;
    if (id == "0" && controllers.empty()) {
      add_suffixes(kV2Root, path, "memory.events", "memory.max", v2);
    } else if (lists_memory(controllers)) {
      add_suffixes(kV1Root, path, "memory.oom_control", "memory.limit_in_bytes", v1);
    }
  }
  v2.insert(v2.end(), v1.begin(), v1.end());
  return v2;
}

std::optional<unsigned long long> oom_kill_count(std::string_view events) {
  constexpr std::string_view kKey = "oom_kill ";
  for (std::size_t at = 0; at < events.size();) {
    const std::size_t end = events.find('\n', at);
    const std::string_view line = events.substr(at, end - at);
    if (line.substr(0, kKey.size()) == kKey) return number(line.substr(kKey.size()));
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  return std::nullopt;
}

std::string describe_memory_limit(std::string_view limit) {
  if (limit == "max" || limit == "max\n") return "no memory limit";
  const auto bytes = number(limit);
  if (!bytes) return "";
  if (*bytes >= kUnlimitedFrom) return "no memory limit";
  constexpr unsigned long long kKiB = 1024;
  constexpr unsigned long long kMiB = kKiB * 1024;
  constexpr unsigned long long kGiB = kMiB * 1024;
  if (*bytes >= kGiB && *bytes % kGiB == 0)
    return fmt::format("memory limit {} GiB", *bytes / kGiB);
  if (*bytes >= kMiB && *bytes % kMiB == 0)
    return fmt::format("memory limit {} MiB", *bytes / kMiB);
  if (*bytes >= kKiB && *bytes % kKiB == 0)
    return fmt::format("memory limit {} KiB", *bytes / kKiB);
  return fmt::format("memory limit {} bytes", *bytes);
}

std::string oom_note(std::string_view limit_description) {
  return limit_description.empty()
             ? std::string("out of memory (the kernel's OOM killer)")
             : fmt::format("out of memory (the kernel's OOM killer; {})", limit_description);
}

}  // namespace lucid::init
