// In-process latency of one probe try against a local listener: what `lucid-init probe` spends
// after start-up. Part of the Raspberry Pi bench kit (bench/kit/); its JSON names the machine
// (machine_context.hpp) so that bench/track.sh compares like with like.
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

#include "check/try_run.hpp"
#include "machine_context.hpp"
#include "probe/probe_options.hpp"

namespace {

using lucid::check::Clock;

// Loopback listener on a thread: accepts every connection and, when `answer` is set, reads the
// request head and answers 200 before closing, like a health endpoint.
class LocalServer {
 public:
  // Listens on 127.0.0.1, or on ::1 when `ipv6`; on `port`, or on a free one when it is 0.
  LocalServer(bool answer, bool ipv6, std::uint16_t port = 0) : answer_(answer) {
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (ipv6) {
      auto& address = reinterpret_cast<sockaddr_in6&>(storage);
      address.sin6_family = AF_INET6;
      address.sin6_addr = in6addr_loopback;
      address.sin6_port = htons(port);
      length = sizeof address;
    } else {
      auto& address = reinterpret_cast<sockaddr_in&>(storage);
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      address.sin_port = htons(port);
      length = sizeof address;
    }
    auto* address = reinterpret_cast<sockaddr*>(&storage);
    fd_ = socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0 || bind(fd_, address, length) != 0 || listen(fd_, 1024) != 0 ||
        getsockname(fd_, address, &length) != 0) {
      if (fd_ >= 0) close(fd_);
      throw std::runtime_error(ipv6 ? "cannot listen on [::1]" : "cannot listen on 127.0.0.1");
    }
    port_ = ntohs(ipv6 ? reinterpret_cast<sockaddr_in6&>(storage).sin6_port
                       : reinterpret_cast<sockaddr_in&>(storage).sin_port);
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
  options.host = *lucid::check::parse_host(host);
  options.port = port;
  if (http) options.http = lucid::check::HttpOptions{"/health", {}, {}};
  return options;
}

void run(benchmark::State& state, const lucid::probe::ProbeOptions& options) {
  for (auto _ : state) {
    const auto start = Clock::now();
    const auto verdict = lucid::check::run_try(options, start, start + options.timeout);
    if (!verdict.healthy) {
      state.SkipWithError(verdict.message.c_str());
      break;
    }
    benchmark::DoNotOptimize(verdict);
  }
}

// A listener that could not be opened (no IPv6 loopback on the board, say) is the benchmark's
// error in the results, not an abort of the whole run.
template <typename Body>
void guarded(benchmark::State& state, Body body) {
  try {
    body();
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}

void BM_TcpConnect(benchmark::State& state) {
  guarded(state, [&] {
    const LocalServer server(false, false);
    run(state, options_for("127.0.0.1", server.port(), false));
  });
}
BENCHMARK(BM_TcpConnect)->Unit(benchmark::kMicrosecond);

void BM_TcpConnectIpv6(benchmark::State& state) {
  guarded(state, [&] {
    const LocalServer server(false, true);
    run(state, options_for("::1", server.port(), false));
  });
}
BENCHMARK(BM_TcpConnectIpv6)->Unit(benchmark::kMicrosecond);

// localhost is 127.0.0.1 and ::1 checked side by side, both listening here, as for a service
// bound to both families: the cost of the second socket.
void BM_TcpConnectLocalhost(benchmark::State& state) {
  guarded(state, [&] {
    // The IPv4 port may be taken on ::1 by someone else: try a few.
    for (int attempt = 0;; ++attempt) {
      const LocalServer ipv4(false, false);
      try {
        const LocalServer ipv6(false, true, ipv4.port());
        run(state, options_for("localhost", ipv4.port(), false));
        return;
      } catch (const std::runtime_error&) {
        if (attempt == 20) throw;
      }
    }
  });
}
BENCHMARK(BM_TcpConnectLocalhost)->Unit(benchmark::kMicrosecond);

void BM_HttpGet(benchmark::State& state) {
  guarded(state, [&] {
    const LocalServer server(true, false);
    run(state, options_for("127.0.0.1", server.port(), true));
  });
}
BENCHMARK(BM_HttpGet)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  for (const auto& [key, value] : lucid::bench::read_machine_context()) {
    benchmark::AddCustomContext(key, value);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
