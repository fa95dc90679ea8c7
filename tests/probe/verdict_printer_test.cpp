#include "probe/verdict_printer.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace lucid::probe {
namespace {

using std::chrono::microseconds;

check::Verdict verdict(bool healthy, std::string target, std::string message, int status = 0) {
  check::Verdict v;
  v.healthy = healthy;
  v.target = std::move(target);
  v.message = std::move(message);
  v.status = status;
  return v;
}

TEST(VerdictPrinter, Lines) {
  EXPECT_EQ(format_line(verdict(true, "tcp 127.0.0.1:8000", "connected in 0.21 ms")),
            "healthy: tcp 127.0.0.1:8000 connected in 0.21 ms\n");
  EXPECT_EQ(
      format_line(verdict(false, "http://127.0.0.1:8000/health", "status 503 in 3.4 ms", 503)),
      "unhealthy: http://127.0.0.1:8000/health: status 503 in 3.4 ms\n");
  EXPECT_EQ(format_line(verdict(true, "http://[::1]:8/", "status 200 in 1.0 ms", 200)),
            "healthy: http://[::1]:8/: status 200 in 1.0 ms\n");
  EXPECT_EQ(format_line(verdict(false, "tcp [::1]:8000", "connection refused")),
            "unhealthy: tcp [::1]:8000: connection refused\n");
  EXPECT_EQ(format_line(verdict(false, "", "API_PORT='abc': must be ASCII digits only, 1-65535")),
            "unhealthy: API_PORT='abc': must be ASCII digits only, 1-65535\n");
}

TEST(VerdictPrinter, TriesAreCountedWhenThereWereSeveral) {
  check::Verdict v = verdict(false, "tcp 127.0.0.1:1", "connection refused");
  v.tries = 7;
  EXPECT_EQ(format_line(v), "unhealthy: tcp 127.0.0.1:1: connection refused (7 tries)\n");
}

TEST(VerdictPrinter, TheTargetsOriginComesLast) {
  check::Verdict v = verdict(true, "tcp 127.0.0.1:8000", "connected in 0.2 ms");
  v.origin = "lucid-init pid 1: service API by --service, port by API_PORT";
  EXPECT_EQ(format_line(v),
            "healthy: tcp 127.0.0.1:8000 connected in 0.2 ms; target from lucid-init pid 1: "
            "service API by --service, port by API_PORT\n");
  v.healthy = false;
  v.message = "connection refused";
  v.tries = 2;
  EXPECT_EQ(format_line(v),
            "unhealthy: tcp 127.0.0.1:8000: connection refused (2 tries); target from lucid-init "
            "pid 1: service API by --service, port by API_PORT\n");
  EXPECT_EQ(format_json(v),
            "{\"healthy\":false,\"target\":\"tcp 127.0.0.1:8000\",\"origin\":\"lucid-init pid 1: "
            "service API by --service, port by API_PORT\",\"tries\":2,\"message\":\"connection "
            "refused\"}\n");
}

TEST(VerdictPrinter, OneLineWhateverTheMessage) {
  EXPECT_EQ(format_line(verdict(false, "", "a\nb\r\x1b[31mc\x7f")),
            "unhealthy: a\\x0ab\\x0d\\x1b[31mc\\x7f\n");
}

// A flag value reaches the line raw (the target, a DNS name in a message): C1 controls and bytes
// that are not UTF-8 are escaped as peer bytes are; printable UTF-8 and earlier escapes stay.
TEST(VerdictPrinter, OneCleanLineWhateverTheFlagsHeld) {
  EXPECT_EQ(format_line(verdict(false, "tcp \xff\xfe\xc2\x9b[2J\xc3\xa9:1", "'\\x27'")),
            "unhealthy: tcp \\xff\\xfe\\xc2\\x9b[2J\xc3\xa9:1: '\\x27'\n");
}

TEST(VerdictPrinter, LongLinesAreCutOnACharacterBoundary) {
  const std::string line = format_line(verdict(false, "", std::string(5000, 'a')));
  EXPECT_EQ(line.size(), kMaxLineBytes);
  EXPECT_EQ(line.substr(line.size() - 4), "...\n");
  // "é" is two bytes; cutting must not leave half of one.
  std::string accents;
  for (int i = 0; i < 3000; ++i) accents += "\xc3\xa9";
  const std::string cut = format_line(verdict(false, "", accents));
  EXPECT_LE(cut.size(), kMaxLineBytes);
  EXPECT_EQ(cut.substr(cut.size() - 4), "...\n");
  const std::string body = cut.substr(11, cut.size() - 15);  // between "unhealthy: " and "...\n"
  EXPECT_EQ(body.size() % 2, 0U);
  EXPECT_EQ(body.substr(body.size() - 2), "\xc3\xa9");
}

TEST(VerdictPrinter, JsonHasTheSameFacts) {
  check::Verdict v = verdict(false, "http://127.0.0.1:8000/health", "status 503 in 3.4 ms", 503);
  v.address = "127.0.0.1:8000";
  v.elapsed = microseconds(3412);
  EXPECT_EQ(format_json(v),
            "{\"healthy\":false,\"target\":\"http://127.0.0.1:8000/health\",\"address\":"
            "\"127.0.0.1:8000\",\"status\":503,\"elapsed_ms\":3.412,\"tries\":1,\"message\":"
            "\"status 503 in 3.4 ms\"}\n");
  EXPECT_EQ(format_json(verdict(false, "", "X='\"\\': bad")),
            "{\"healthy\":false,\"tries\":1,\"message\":\"X='\\\"\\\\': bad\"}\n");
}

TEST(VerdictPrinter, JsonStaysUnderTheLimit) {
  check::Verdict v = verdict(false, std::string(10000, 't'), std::string(10000, '\x01'));
  v.address = std::string(5000, 'a');
  v.origin = std::string(5000, '\x02');
  const std::string json = format_json(v);
  EXPECT_LT(json.size(), kMaxLineBytes);
  EXPECT_EQ(json.back(), '\n');
  EXPECT_EQ(json.find('\n'), json.size() - 1);
}

}  // namespace
}  // namespace lucid::probe
