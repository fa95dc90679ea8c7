#include "spawn.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>

extern char** environ;

namespace lucid_test {
namespace {

bool filtered_out(const std::string& entry) {
  return entry.rfind("LUCID_", 0) == 0 || entry.rfind("API_", 0) == 0;
}

std::vector<std::string> build_env(const Launch& launch) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (!filtered_out(*e)) env.emplace_back(*e);
  }
  for (const auto& [name, value] : launch.env) {
    const std::string prefix = name + "=";
    for (auto it = env.begin(); it != env.end();) {
      it = it->rfind(prefix, 0) == 0 ? env.erase(it) : it + 1;
    }
    env.push_back(prefix + value);
  }
  return env;
}

std::vector<std::string> build_argv(const Launch& launch) {
  std::vector<std::string> argv;
  if (launch.mode != Mode::kSubreaper) {
    argv = {"/usr/bin/unshare", "--pid", "--fork", "--mount-proc"};
  }
  if (!launch.root.empty()) {
    // setpriv is not in the new root, so unshare changes the user itself, after chroot.
    if (launch.mode == Mode::kSubreaper) argv = {"/usr/bin/unshare"};
    argv.insert(argv.end(), {"--root", launch.root});
    if (launch.mode == Mode::kPid1Unprivileged) {
      argv.insert(argv.end(), {"--setuid", "65532", "--setgid", "65532"});
    }
    argv.emplace_back("/lucid-init");
  } else {
    if (launch.mode == Mode::kPid1Unprivileged) {
      argv.insert(argv.end(),
                  {"/usr/bin/setpriv", "--reuid", "65532", "--regid", "65532", "--clear-groups"});
    }
    argv.insert(argv.end(), launch.wrapper.begin(), launch.wrapper.end());
    argv.push_back(init_binary());
  }
  argv.insert(argv.end(), launch.args.begin(), launch.args.end());
  return argv;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Every descriptor open in this process, listed before fork: walking the whole descriptor range
// in the child would cost tens of thousands of (emulated, under qemu) system calls per start.
std::vector<int> open_descriptors() {
  std::vector<int> fds;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) std::abort();
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') fds.push_back(std::atoi(entry->d_name));
  }
  closedir(dir);
  return fds;
}

// In the forked child, before exec: only async-signal-safe calls.
[[noreturn]] void exec_child(const Launch& launch, char** argv, char** envp, const Stdio& stdio,
                             const int* inherited_fds, const std::vector<int>& open_fds) {
  if (stdio.terminal) {
    setsid();
    ioctl(stdio.in, TIOCSCTTY, 0);
  } else {
    // Its own group, so a timeout can kill whatever it left behind in one go.
    setpgid(0, 0);
  }
  dup2(stdio.in, 0);
  dup2(stdio.out, 1);
  if (stdio.err >= 0) {
    dup2(stdio.err, 2);
  } else {
    close(2);
  }
  // Nothing the test process happens to have open may leak into lucid-init: only the
  // descriptors the test chose.
  for (const int fd : open_fds) {
    if (fd > 2) fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
  for (std::size_t i = 0; i < launch.inherited_files.size(); ++i) {
    dup2(inherited_fds[i], launch.inherited_files[i].first);  // dup2 clears close-on-exec
  }
  if (!launch.cwd.empty() && chdir(launch.cwd.c_str()) != 0) _exit(122);
  for (const auto& [resource, value] : launch.limits) {
    rlimit limit{};
    getrlimit(resource, &limit);
    limit.rlim_cur = value;  // the hard limit stays: the child may raise its own again
    if (setrlimit(resource, &limit) != 0) _exit(123);
  }
  for (int sig = 1; sig < NSIG; ++sig) signal(sig, SIG_DFL);
  for (const int sig : launch.ignored_signals) signal(sig, SIG_IGN);
  sigset_t mask;
  sigemptyset(&mask);
  for (const int sig : launch.blocked_signals) sigaddset(&mask, sig);
  sigprocmask(SIG_SETMASK, &mask, nullptr);
  execve(argv[0], argv, envp);
  _exit(121);
}

}  // namespace

pid_t spawn_launcher(const Launch& launch, const Stdio& stdio) {
  std::vector<std::string> argv_strings = build_argv(launch);
  std::vector<std::string> env_strings = build_env(launch);
  std::vector<char*> argv = pointers(argv_strings);
  std::vector<char*> envp = pointers(env_strings);
  std::vector<int> inherited;
  for (const auto& [fd, path] : launch.inherited_files) {
    inherited.push_back(open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666));
  }
  const std::vector<int> open_fds = open_descriptors();

  const pid_t pid = fork();
  if (pid < 0) std::abort();
  if (pid == 0) {
    exec_child(launch, argv.data(), envp.data(), stdio, inherited.data(), open_fds);
  }
  for (const int fd : inherited) close(fd);
  return pid;
}

std::string mode_name(Mode mode) {
  switch (mode) {
    case Mode::kPid1:
      return "Pid1";
    case Mode::kPid1Unprivileged:
      return "Pid1Uid65532";
    case Mode::kSubreaper:
      return "Subreaper";
  }
  return "Unknown";
}

bool is_pid1(Mode mode) { return mode != Mode::kSubreaper; }

std::vector<std::string> with_child(std::vector<std::string> options,
                                    const std::vector<std::string>& child_args) {
  options.push_back(child_binary());
  options.insert(options.end(), child_args.begin(), child_args.end());
  return options;
}

}  // namespace lucid_test
