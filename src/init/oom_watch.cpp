#include "init/oom_watch.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace lucid::init {
namespace {

// The cgroup and /proc files are a few hundred bytes; an unreadable one is empty.
std::optional<std::string> read_small_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (n < 0) return std::nullopt;
  return text;
}

std::optional<unsigned long long> read_count(const MemoryCgroupFiles& files) {
  const auto text = read_small_file(files.events);
  return text ? oom_kill_count(*text) : std::nullopt;
}

}  // namespace

OomWatch::OomWatch() {
  const auto cgroups = read_small_file("/proc/self/cgroup");
  if (!cgroups) return;
  for (const MemoryCgroupFiles& candidate : memory_cgroup_candidates(*cgroups)) {
    if (const auto count = read_count(candidate)) {
      files_ = candidate;
      seen_ = *count;
      return;
    }
  }
}

std::string OomWatch::explain_sigkill() {
  if (!files_) return "";
  const auto count = read_count(*files_);
  if (!count || *count <= seen_) return "";
  ++seen_;
  const auto limit = read_small_file(files_->limit);
  return oom_note(limit ? describe_memory_limit(*limit) : "");
}

}  // namespace lucid::init
