// The job lucid-init exists for: a real python3.11 service (Debian's), started through
// --service with {port} substituted, serving on API_HOST:API_PORT, stopped by SIGTERM through
// its own handler, exit 0.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

#include "init_process.hpp"

namespace lucid_test {
namespace {

// A stdlib HTTP service that checks its configuration the way an image's app would and says
// goodbye from its SIGTERM handler.
constexpr const char* kService = R"PY(
import http.server, os, signal, sys

port = int(sys.argv[sys.argv.index("--port") + 1])
assert os.environ["API_HOST"] == "0.0.0.0", os.environ.get("API_HOST")
assert os.environ["API_PORT"] == str(port), os.environ.get("API_PORT")

class Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"hello from pid %d\n" % os.getpid()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

server = http.server.HTTPServer((os.environ["API_HOST"], port), Hello)

def stop(signum, frame):
    print("service: got SIGTERM, shutting down", flush=True)
    sys.exit(0)

signal.signal(signal.SIGTERM, stop)
print("service: listening on %s:%d" % (os.environ["API_HOST"], port), flush=True)
server.serve_forever()
)PY";

// One HTTP GET to 127.0.0.1:port (same network namespace); the response, or "" on failure.
std::string http_get(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string request = "GET / HTTP/1.0\r\n\r\n";
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buffer[1024];
      ssize_t n = 0;
      while ((n = read(fd, buffer, sizeof buffer)) > 0) {
        response.append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
  close(fd);
  return response;
}

class PythonService : public ::testing::TestWithParam<Mode> {};

TEST_P(PythonService, StartsWithValidatedEnvironmentAndStopsGracefully) {
  TempDir dir;
  write_file(dir / "service.py", kService, 0644);
  const int port = free_tcp_port();
  InitProcess init(
      {GetParam(),
       {"--service", "api", "--", LUCID_PYTHON_PATH, dir / "service.py", "--port", "{port}"},
       {{"API_PORT", std::to_string(port)}}});
  const std::string listening = "service: listening on 0.0.0.0:" + std::to_string(port);
  ASSERT_TRUE(init.wait_for([&] { return init.out().find(listening) != std::string::npos; }))
      << init.out() << init.wait().err;
  EXPECT_NE(http_get(port).find("200 OK"), std::string::npos);

  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 0) << exit.out << exit.err;
  EXPECT_NE(exit.out.find("service: got SIGTERM, shutting down"), std::string::npos) << exit.out;
  const auto summary = exit.err_lines_starting("lucid-init: exit 0:");
  EXPECT_EQ(summary.size(), 1u) << exit.err;
}

INSTANTIATE_TEST_SUITE_P(Modes, PythonService, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
