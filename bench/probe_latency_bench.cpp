// In-process latency of one probe try against a local listener: what `lucid-init probe` spends
// after start-up. Built for aarch64 too, to run on a Raspberry Pi; --benchmark_format=json gives
// results to track over time.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "probe/probe_options.hpp"
#include "probe/probe_try.hpp"

namespace {

using lucid::probe::Clock;

// Loopback listener on a thread: accepts every connection and, when `answer` is set, reads the
// request head and answers 200 before closing, like a health endpoint.
class LocalServer {
 public:
  explicit LocalServer(bool answer) : answer_(answer) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        listen(fd_, 1024) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;
  ~LocalServer() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);  // wakes poll
    thread_.join();
    close(fd_);
  }
  std::uint16_t port() const { return port_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd listening{fd_, POLLIN, 0};
      if (poll(&listening, 1, 100) <= 0) continue;
      const int client = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      if (answer_) answer(client);
      close(client);
    }
  }

  static void answer(int client) {
    char buffer[2048];
    std::size_t seen = 0;
    while (true) {
      const ssize_t n = read(client, buffer + seen, sizeof buffer - seen);
      if (n <= 0) return;
      seen += static_cast<std::size_t>(n);
      if (std::string_view(buffer, seen).find("\r\n\r\n") != std::string_view::npos) break;
      if (seen == sizeof buffer) return;
    }
    constexpr std::string_view kResponse = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    if (write(client, kResponse.data(), kResponse.size()) < 0) return;
  }

  int fd_ = -1;
  std::uint16_t port_ = 0;
  bool answer_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

lucid::probe::ProbeOptions options_for(const char* host, std::uint16_t port, bool http) {
  lucid::probe::ProbeOptions options;
  options.host = *lucid::probe::parse_host(host);
  options.port = port;
  if (http) options.http = lucid::probe::HttpOptions{"/health", {}, {}};
  return options;
}

void run(benchmark::State& state, const lucid::probe::ProbeOptions& options) {
  for (auto _ : state) {
    const auto start = Clock::now();
    const auto verdict = lucid::probe::probe_try(options, start, start + options.timeout);
    if (!verdict.healthy) {
      state.SkipWithError(verdict.message.c_str());
      break;
    }
    benchmark::DoNotOptimize(verdict);
  }
}

void BM_TcpConnect(benchmark::State& state) {
  const LocalServer server(false);
  run(state, options_for("127.0.0.1", server.port(), false));
}
BENCHMARK(BM_TcpConnect)->Unit(benchmark::kMicrosecond);

// localhost means two addresses checked side by side: the cost of the second socket.
void BM_TcpConnectLocalhost(benchmark::State& state) {
  const LocalServer server(false);
  run(state, options_for("localhost", server.port(), false));
}
BENCHMARK(BM_TcpConnectLocalhost)->Unit(benchmark::kMicrosecond);

void BM_HttpGet(benchmark::State& state) {
  const LocalServer server(true);
  run(state, options_for("127.0.0.1", server.port(), true));
}
BENCHMARK(BM_HttpGet)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
