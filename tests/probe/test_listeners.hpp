#pragma once
// Real listeners for the probe to find: bound sockets on loopback or a Unix path, and a scripted
// server thread that reads each request and then does what the test says (answer, drip, reset,
// hang). Plain sockets: the point is to behave like a broken service, not to be a good one.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace lucid::probe::test {

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();
  int get() const { return fd_; }
  int release();

 private:
  int fd_;
};

struct Listener {
  Fd fd;
  std::uint16_t port = 0;  // TCP only
  std::string path;        // Unix only
};

// Bound to ip ("127.0.0.1" or "::1", IPv6 only) on `port` (0: any free one). listening false
// leaves the port reserved but refusing, so nothing else can answer on it.
Listener bind_tcp(const std::string& ip, std::uint16_t port = 0, bool listening = true,
                  int backlog = 16);
// Listens on `path`, open to every user (the probe may run as 65532).
Listener bind_unix(const std::string& path);
void start_listening(const Listener& listener, int backlog = 16);

// A connection attempt left in flight, to fill a listener's queue.
Fd connect_nonblocking(const std::string& ip, std::uint16_t port);

bool ipv6_loopback_available();

// A temporary directory that uid 65532 can enter, removed with what is in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// One accepted connection, as seen by a script.
class Connection {
 public:
  Connection(int fd, int stop_fd) : fd_(fd), stop_fd_(stop_fd) {}
  // false once the peer is gone.
  bool send(std::string_view bytes);
  // Sleeps; false if the server is being stopped meanwhile.
  bool pause(std::chrono::milliseconds duration);
  // Ends the connection with a TCP RST instead of a FIN.
  void reset();

 private:
  int fd_;
  int stop_fd_;
};

class ScriptedServer {
 public:
  using Script = std::function<void(Connection&)>;

  ScriptedServer(Listener listener, Script script);
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;
  ~ScriptedServer();

  std::uint16_t port() const { return listener_.port; }
  // The request heads received so far, in order.
  std::vector<std::string> requests() const;

 private:
  void serve();
  std::string read_head(int fd);

  Listener listener_;
  Script script_;
  Fd stop_read_;
  Fd stop_write_;
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

// Scripts.
ScriptedServer::Script respond(std::string response);
ScriptedServer::Script http_status(int status);

}  // namespace lucid::probe::test
