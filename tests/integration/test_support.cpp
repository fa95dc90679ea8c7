#include "test_support.hpp"

#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace lucid_test {

TempDir::TempDir() {
  char pattern[] = "/tmp/lucid-it-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
  // The child may run as uid 65532 and must write its marker files here.
  chmod(path_.c_str(), 01777);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!condition()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

bool file_exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool needs_loader(const std::string& path) {
  const std::string elf = read_file(path);
  const auto number = [&elf](std::size_t at, std::size_t size) {
    std::uint64_t value = 0;
    for (std::size_t i = size; i-- > 0;)
      value = value << 8 | static_cast<unsigned char>(elf[at + i]);
    return static_cast<std::size_t>(value);
  };
  const std::size_t table = number(32, 8);
  const std::size_t entry_size = number(54, 2);
  for (std::size_t i = 0; i < number(56, 2); ++i) {
    if (number(table + i * entry_size, 4) == 3) return true;
  }
  return false;
}

void write_file(const std::string& path, const std::string& content, unsigned mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
  }
  chmod(path.c_str(), static_cast<mode_t>(mode));
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

long field(const std::string& text, const std::string& key) {
  const std::string needle = key + "=";
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    if (at == 0 || text[at - 1] == ' ' || text[at - 1] == '\n') {
      return std::strtol(text.c_str() + at + needle.size(), nullptr, 10);
    }
  }
  return -1;
}

std::vector<Received> received_signals(const std::string& dir) {
  std::vector<Received> out;
  for (const auto& line : split_lines(read_file(dir + "/signals"))) {
    Received r{};
    std::istringstream fields(line);
    if (fields >> r.signo >> r.sender >> r.code) out.push_back(r);
  }
  return out;
}

bool has_received(const std::string& dir, int signo) {
  for (const auto& r : received_signals(dir)) {
    if (r.signo == signo) return true;
  }
  return false;
}

std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> out;
  const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  DIR* dir = opendir(tasks.c_str());
  if (dir == nullptr) return out;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    std::istringstream list(read_file(tasks + "/" + entry->d_name + "/children"));
    pid_t child = 0;
    while (list >> child) out.push_back(child);
  }
  closedir(dir);
  return out;
}

bool process_exists(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

pid_t parent_of(pid_t pid) {
  for (const auto& line : split_lines(read_file("/proc/" + std::to_string(pid) + "/status"))) {
    if (line.rfind("PPid:", 0) == 0) return static_cast<pid_t>(std::atoi(line.c_str() + 5));
  }
  return -1;
}

long cpu_ticks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  const std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string skip;
  for (int i = 0; i < 11; ++i) fields >> skip;  // state .. cmajflt (fields 3-13)
  long utime = 0;
  long stime = 0;
  fields >> utime >> stime;
  return utime + stime;
}

long context_switches(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  long total = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.find("ctxt_switches:") != std::string::npos) {
      total += std::stol(line.substr(line.find(':') + 1));
    }
  }
  return total;
}

int free_tcp_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("cannot find a free TCP port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace lucid_test
