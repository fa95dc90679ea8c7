// `lucid-init probe` against input that used to mislead it: an image whose port comes from the
// supervisor's default, a --wait whose last try was cut short, an --expect that can never be met,
// and flag values carrying terminal controls or bytes that are not UTF-8.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <regex>
#include <stdexcept>

#include "init_process.hpp"

namespace lucid_test {
namespace {

Exit run_probe(std::vector<std::string> args, Env env = {}) {
  args.insert(args.begin(), "probe");
  return run_init({Mode::kSubreaper, std::move(args), std::move(env)});
}

// Listens on loopback and never accepts: the kernel completes every handshake, nobody answers.
class SilentListener {
 public:
  SilentListener() : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        listen(fd_, 64) != 0 || getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("cannot listen on loopback");
    }
    port_ = ntohs(addr.sin_port);
  }
  ~SilentListener() { close(fd_); }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  std::string port() const { return std::to_string(port_); }

 private:
  int fd_;
  std::uint16_t port_ = 0;
};

// Docker runs HEALTHCHECK with the image's environment, not with what PID 1 exported to its
// child: the probe must find the port where the supervisor put the service.
TEST(ProbeInput, FindsTheServiceOnTheSupervisorsDefaultPort) {
  TempDir dir;
  const std::string port = std::to_string(free_tcp_port());
  const Env image_env = {{"LUCID_SERVICE", "api"}, {"LUCID_INIT_DEFAULT_PORT", port}};
  InitProcess init({Mode::kPid1, with_child({}, {"listen", "API_PORT", dir.path()}), image_env});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  EXPECT_EQ(read_file(dir / "ready"), port + "\n") << "the supervisor did not export API_PORT";

  const Exit probe = run_probe({}, image_env);
  EXPECT_EQ(probe.code, 0) << probe.out;
  EXPECT_EQ(probe.out.rfind("healthy: tcp 127.0.0.1:" + port + " connected in ", 0), 0U)
      << probe.out;

  init.send(SIGTERM);
  init.wait();
}

TEST(ProbeInput, BadDefaultPortIsRefusedInTheSupervisorsWords) {
  const Exit probe = run_probe({}, {{"LUCID_SERVICE", "api"}, {"LUCID_INIT_DEFAULT_PORT", "80x"}});
  EXPECT_EQ(probe.code, 1);
  EXPECT_EQ(probe.out,
            "unhealthy: LUCID_INIT_DEFAULT_PORT='80x': must be ASCII digits only, 1-65535\n");
}

double milliseconds_in(const std::string& text) {
  std::smatch match;
  if (!std::regex_search(text, match, std::regex("within ([0-9.]+) (ms|s)"))) return -1;
  return std::stod(match[1]) * (match[2] == "s" ? 1000 : 1);
}

// Every try of --wait gets its full --timeout; the verdict is never that of a try cut short by
// the end of the wait ("no response within 49 ms" after tries that each waited 500 ms).
TEST(ProbeInput, WaitVerdictIsThatOfAFullTry) {
  SilentListener silent;
  const Exit probe =
      run_probe({"--port", silent.port(), "--http", "/h", "--wait", "2s", "--timeout", "500ms"});
  EXPECT_EQ(probe.code, 1);
  EXPECT_NE(probe.out.find("connected, but no response within"), std::string::npos) << probe.out;
  EXPECT_GE(milliseconds_in(probe.out), 500) << probe.out;
}

// Interim (1xx) responses are always skipped, so an --expect naming one could never be met.
TEST(ProbeInput, ExpectWithInterimStatusIsRefused) {
  for (const std::string expect : {"101", "100-299", "200,199"}) {
    const Exit probe = run_probe({"--port", "1", "--http", "/", "--expect", expect});
    EXPECT_EQ(probe.code, 1);
    EXPECT_EQ(probe.out, "unhealthy: --expect='" + expect +
                             "': must be status codes or ranges like 200,204 or 200-299 (each "
                             "200-599: 1xx responses are interim, never the verdict)\n");
  }
}

// Whether text has a byte beyond ASCII other than those of the valid "é"s in it.
bool has_raw_bytes_besides_e(std::string text) {
  for (std::size_t at; (at = text.find("\xc3\xa9")) != std::string::npos;) text.erase(at, 2);
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// A host flag with invalid UTF-8 and U+009B (CSI, which a terminal takes for ESC [) followed by
// "[2J" (clear the screen), then a valid "é".
const std::string kHostileHost = "\xff\xfe\xc2\x9b[2J\xc3\xa9";

TEST(ProbeInput, LineEscapesC1ControlsAndInvalidUtf8FromFlags) {
  const Exit probe = run_probe({"--port", "1", "--host", kHostileHost});
  EXPECT_EQ(probe.code, 1);
  EXPECT_FALSE(has_raw_bytes_besides_e(probe.out)) << probe.out;
  EXPECT_NE(probe.out.find("--host='\\xff\\xfe\\xc2\\x9b[2J\xc3\xa9'"), std::string::npos)
      << probe.out;
}

TEST(ProbeInput, JsonEscapesC1ControlsAndInvalidUtf8FromFlags) {
  const Exit probe = run_probe({"--port", "1", "--host", kHostileHost, "--json"});
  EXPECT_EQ(probe.code, 1);
  EXPECT_FALSE(has_raw_bytes_besides_e(probe.out)) << probe.out;
  // The message holds the value as the text line shows it, each backslash escaped for JSON.
  EXPECT_NE(probe.out.find("'\\\\xff\\\\xfe\\\\xc2\\\\x9b[2J\xc3\xa9'"), std::string::npos)
      << probe.out;
}

}  // namespace
}  // namespace lucid_test
