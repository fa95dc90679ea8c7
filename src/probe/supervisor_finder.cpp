#include "probe/supervisor_finder.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "probe/proc_words.hpp"
#include "probe/supervisor_choice.hpp"

namespace lucid::probe {
namespace {

// The supervisor's options come first on its command line, so 64 KiB holds them whatever PROGRAM
// is given; the environment holds the variables anywhere, so it is read whole up to 1 MiB (a
// hostile or runaway environment is reported, not half-read).
constexpr std::size_t kCmdlineLimit = std::size_t{64} * 1024;
constexpr std::size_t kEnvironLimit = std::size_t{1024} * 1024;
constexpr int kMaxAncestors = 64;

struct FileRead {
  std::string bytes;
  bool truncated = false;
  int error = 0;
};

FileRead read_bounded(const std::string& path, std::size_t limit) {
  FileRead read;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    read.error = errno;
    return read;
  }
  char buffer[std::size_t{16} * 1024];
  while (read.bytes.size() <= limit) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) read.error = errno;
    if (n <= 0) break;
    read.bytes.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (read.bytes.size() > limit) {
    read.bytes.resize(limit);
    read.truncated = true;
  }
  return read;
}

std::string proc_path(int pid, const char* file) { return fmt::format("/proc/{}/{}", pid, file); }

std::optional<ProcStat> stat_of(int pid) {
  const FileRead read = read_bounded(proc_path(pid, "stat"), 4096);
  if (read.error != 0) return std::nullopt;
  return parse_proc_stat(read.bytes);
}

struct Self {
  int pid = 0;
  struct stat exe {};
  std::string comm;
};

// A supervisor candidate: the same program, and not a probe. The environment is read later, for
// the chosen one only.
struct Candidate {
  SupervisorView view;
  int ppid = 0;
  bool by_name = false;
};

std::optional<Candidate> candidate(int pid, const Self& self) {
  if (pid == self.pid) return std::nullopt;
  const auto stat = stat_of(pid);
  if (!stat) return std::nullopt;
  Candidate found;
  found.view.pid = pid;
  found.ppid = stat->ppid;
  struct stat exe {};
  if (::stat(proc_path(pid, "exe").c_str(), &exe) == 0) {
    if (exe.st_dev != self.exe.st_dev || exe.st_ino != self.exe.st_ino) return std::nullopt;
  } else if ((errno == EACCES || errno == EPERM) && stat->comm == self.comm) {
    found.by_name = true;
    found.view.identity_problem =
        fmt::format("its executable is not readable ({})", std::strerror(errno));
  } else {
    return std::nullopt;  // another program, a kernel thread, a zombie, gone
  }
  const FileRead cmdline = read_bounded(proc_path(pid, "cmdline"), kCmdlineLimit);
  const std::vector<std::string> words = nul_words(cmdline.bytes, cmdline.truncated);
  found.view.argv = without_interpreter(words, stat->comm);
  // Under an interpreter (qemu-user) every emulated program has the interpreter's executable, so
  // the same file says nothing; the name must say it.
  if (found.view.argv.size() != words.size() && stat->comm != self.comm) return std::nullopt;
  if (found.view.argv.empty()) return std::nullopt;
  if (found.view.argv.size() > 1 && found.view.argv[1] == "probe") return std::nullopt;
  return found;
}

SupervisorSearch with_environment(SupervisorView view) {
  const FileRead environ = read_bounded(proc_path(view.pid, "environ"), kEnvironLimit);
  if (environ.error != 0) {
    view.environ_problem = std::strerror(environ.error);
  } else if (environ.truncated) {
    view.environ_problem = "larger than 1 MiB";
  } else {
    view.environ = nul_words(environ.bytes, false);
  }
  return {std::move(view), {}};
}

std::vector<int> numeric_entries(DIR* dir) {
  std::vector<int> pids;
  while (const dirent* entry = ::readdir(dir)) {
    int pid = 0;
    const char* c = entry->d_name;
    for (; *c >= '0' && *c <= '9' && pid < 100'000'000; ++c) pid = pid * 10 + (*c - '0');
    if (*c == '\0' && pid > 0) pids.push_back(pid);
  }
  return pids;
}

}  // namespace

SupervisorSearch find_supervisor() {
  Self self;
  self.pid = static_cast<int>(::getpid());
  const auto own_stat = stat_of(self.pid);
  if (::stat("/proc/self/exe", &self.exe) != 0 || !own_stat) {
    return {std::nullopt, fmt::format("no lucid-init supervisor found: /proc is not readable ({})",
                                      std::strerror(errno))};
  }
  self.comm = own_stat->comm;

  // Every lucid-init in /proc is looked at, PID 1 too: one of the probe's own file there must win
  // over a PID 1 known by name only (a shared PID namespace).
  std::vector<int> ancestors;
  int parent = own_stat->ppid;
  for (int depth = 0; parent > 1 && depth < kMaxAncestors; ++depth) {
    ancestors.push_back(parent);
    const auto stat = stat_of(parent);
    parent = stat ? stat->ppid : 0;
  }

  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) {
    return {std::nullopt, fmt::format("no lucid-init supervisor found: /proc is not readable ({})",
                                      std::strerror(errno))};
  }
  const std::vector<int> pids = numeric_entries(proc);
  ::closedir(proc);
  std::vector<Candidate> found;
  std::vector<ProcessLink> links;
  for (const int pid : pids) {
    if (auto c = candidate(pid, self)) {
      links.push_back({pid, c->ppid, c->by_name});
      found.push_back(std::move(*c));
    }
  }
  const Choice choice = choose_supervisor(links, ancestors);
  if (!choice.pid) return {std::nullopt, choice.why_not};
  const auto chosen = std::find_if(found.begin(), found.end(),
                                   [&](const Candidate& c) { return c.view.pid == *choice.pid; });
  return with_environment(std::move(chosen->view));
}

}  // namespace lucid::probe
