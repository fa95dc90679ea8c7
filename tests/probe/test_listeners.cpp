#include "test_listeners.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace lucid::probe::test {
namespace {

constexpr std::chrono::seconds kRequestWait{5};

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

}  // namespace

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.release();
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) close(fd_);
}

int Fd::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

Listener bind_tcp(const std::string& ip, std::uint16_t port, bool listening, int backlog) {
  Listener listener;
  const bool v6 = ip.find(':') != std::string::npos;
  listener.fd = Fd(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (listener.fd.get() < 0) fail("socket");
  const int one = 1;
  setsockopt(listener.fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_storage storage{};
  socklen_t length;
  if (v6) {
    setsockopt(listener.fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    inet_pton(AF_INET6, ip.c_str(), &in6->sin6_addr);
    length = sizeof *in6;
  } else {
    auto* in = reinterpret_cast<sockaddr_in*>(&storage);
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    inet_pton(AF_INET, ip.c_str(), &in->sin_addr);
    length = sizeof *in;
  }
  if (bind(listener.fd.get(), reinterpret_cast<sockaddr*>(&storage), length) != 0) {
    fail("bind " + ip);
  }
  if (getsockname(listener.fd.get(), reinterpret_cast<sockaddr*>(&storage), &length) != 0) {
    fail("getsockname");
  }
  listener.port = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port
                           : reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
  if (listening) start_listening(listener, backlog);
  return listener;
}

Listener bind_unix(const std::string& path) {
  Listener listener;
  listener.path = path;
  listener.fd = Fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (listener.fd.get() < 0) fail("socket");
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  if (bind(listener.fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    fail("bind " + path);
  }
  // Connecting to a Unix socket needs write permission on it.
  chmod(path.c_str(), 0777);
  start_listening(listener);
  return listener;
}

void start_listening(const Listener& listener, int backlog) {
  if (listen(listener.fd.get(), backlog) != 0) fail("listen");
}

Fd connect_nonblocking(const std::string& ip, std::uint16_t port) {
  Fd fd(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) fail("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  inet_pton(AF_INET, ip.c_str(), &address.sin_addr);
  if (connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 &&
      errno != EINPROGRESS) {
    fail("connect");
  }
  return fd;
}

bool ipv6_loopback_available() {
  try {
    bind_tcp("::1");
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "lucid-probe-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) fail("mkdtemp");
  path_ = pattern;
  chmod(path_.c_str(), 0755);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

bool Connection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool Connection::pause(std::chrono::milliseconds duration) {
  pollfd stop{stop_fd_, POLLIN, 0};
  return poll(&stop, 1, static_cast<int>(duration.count())) == 0;
}

void Connection::reset() {
  const linger abort{1, 0};
  setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
}

ScriptedServer::ScriptedServer(Listener listener, Script script)
    : listener_(std::move(listener)), script_(std::move(script)) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) fail("pipe2");
  stop_read_ = Fd(fds[0]);
  stop_write_ = Fd(fds[1]);
  thread_ = std::thread([this] { serve(); });
}

ScriptedServer::~ScriptedServer() {
  const char byte = 0;
  if (write(stop_write_.get(), &byte, 1) != 1) std::abort();
  thread_.join();
}

std::vector<std::string> ScriptedServer::requests() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

void ScriptedServer::serve() {
  while (true) {
    pollfd fds[2] = {{listener_.fd.get(), POLLIN, 0}, {stop_read_.get(), POLLIN, 0}};
    if (poll(fds, 2, -1) < 0 || fds[1].revents != 0) return;
    Fd client(accept4(listener_.fd.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (client.get() < 0) continue;
    std::string head = read_head(client.get());
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(std::move(head));
    }
    Connection connection(client.get(), stop_read_.get());
    script_(connection);
  }
}

std::string ScriptedServer::read_head(int fd) {
  std::string head;
  const auto give_up = std::chrono::steady_clock::now() + kRequestWait;
  while (head.find("\r\n\r\n") == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        give_up - std::chrono::steady_clock::now());
    pollfd fds[2] = {{fd, POLLIN, 0}, {stop_read_.get(), POLLIN, 0}};
    if (left.count() <= 0 || poll(fds, 2, static_cast<int>(left.count())) <= 0 ||
        fds[1].revents != 0) {
      break;
    }
    char buffer[1024];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    head.append(buffer, static_cast<std::size_t>(n));
  }
  return head;
}

ScriptedServer::Script respond(std::string response) {
  return [response = std::move(response)](Connection& connection) { connection.send(response); };
}

ScriptedServer::Script http_status(int status) {
  return respond("HTTP/1.1 " + std::to_string(status) +
                 " Whatever\r\nContent-Length: 2\r\nLocation: /elsewhere\r\n\r\nok");
}

}  // namespace lucid::probe::test
