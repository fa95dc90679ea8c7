// `lucid-init probe --http PATH` against a server that answers, misbehaves or never answers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "common/version.hpp"
#include "each_user.hpp"
#include "test_listeners.hpp"

namespace lucid::probe::test {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

class HttpProbe : public EachUser {
 protected:
  ProbeRun probe_http(const ScriptedServer& server, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--port", std::to_string(server.port()), "--http", "/health"};
    args.insert(args.end(), extra.begin(), extra.end());
    return probe(args);
  }
};

TEST_P(HttpProbe, SendsOneMinimalRequest) {
  ScriptedServer server(bind_tcp("127.0.0.1"), http_status(200));
  const ProbeRun run = probe_http(server);
  EXPECT_EQ(run.exit_code, 0);
  const std::string port = std::to_string(server.port());
  EXPECT_EQ(server.requests(), std::vector<std::string>{"GET /health HTTP/1.1\r\n"
                                                        "Host: 127.0.0.1:" +
                                                        port +
                                                        "\r\n"
                                                        "User-Agent: lucid-init/" +
                                                        std::string(kVersion) +
                                                        "\r\n"
                                                        "Accept: */*\r\n"
                                                        "Connection: close\r\n\r\n"});
}

TEST_P(HttpProbe, ExtraHeadersAreSentAndHostCanBeReplaced) {
  ScriptedServer server(bind_tcp("127.0.0.1"), http_status(200));
  const ProbeRun run =
      probe_http(server, {"--header", "X-Probe: yes", "--header", "host: api.internal"});
  EXPECT_EQ(run.exit_code, 0);
  ASSERT_EQ(server.requests().size(), 1U);
  const std::string request = server.requests()[0];
  EXPECT_THAT(request, HasSubstr("\r\nX-Probe: yes\r\n"));
  EXPECT_THAT(request, HasSubstr("\r\nhost: api.internal\r\n"));
  EXPECT_THAT(request, ::testing::Not(HasSubstr("Host: 127.0.0.1")));
}

TEST_P(HttpProbe, ProxyVariablesAreIgnored) {
  ScriptedServer server(bind_tcp("127.0.0.1"), http_status(200));
  const Listener proxy = bind_tcp("127.0.0.1", 0, false);
  const std::string proxy_url = "http://127.0.0.1:" + std::to_string(proxy.port);
  const ProbeRun run =
      probe({"--port", std::to_string(server.port()), "--http", "/health"},
            {"http_proxy=" + proxy_url, "HTTP_PROXY=" + proxy_url, "all_proxy=" + proxy_url});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST_P(HttpProbe, RedirectIsAnAnswerNotFollowed) {
  ScriptedServer server(bind_tcp("127.0.0.1"), http_status(302));
  const ProbeRun run = probe_http(server);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST_P(HttpProbe, ExpectOverridesTheDefaultStatuses) {
  ScriptedServer server(bind_tcp("127.0.0.1"), http_status(204));
  EXPECT_EQ(probe_http(server, {"--expect", "200"}).exit_code, 1);
  EXPECT_EQ(probe_http(server, {"--expect", "200,204"}).exit_code, 0);
  EXPECT_EQ(probe_http(server, {"--expect", "500-599,200-299"}).exit_code, 0);
}

TEST_P(HttpProbe, InterimResponsesAreSkipped) {
  ScriptedServer server(bind_tcp("127.0.0.1"),
                        respond("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                                "HTTP/1.1 503 Service Unavailable\r\n\r\n"));
  const ProbeRun run = probe_http(server);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr(": status 503 in "));
}

TEST_P(HttpProbe, AcceptsButNeverAnswersVerdictBeforeTheDeadline) {
  ScriptedServer server(bind_tcp("127.0.0.1"),
                        [](Connection& c) { c.pause(std::chrono::seconds(10)); });
  const ProbeRun run = probe_http(server, {"--timeout", "1s"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, MatchesRegex("unhealthy: http://127\\.0\\.0\\.1:[0-9]+/health: connected, "
                                    "but no response within 9[0-9][0-9] ms\n"));
#ifndef LUCID_SLOW_PROCESS  // sanitizers and qemu add their own start-up and exit to the wall time
  // Docker would kill the check at its timeout and throw the verdict away.
  EXPECT_LT(run.wall.count(), 1000);
#endif
}

TEST_P(HttpProbe, MalformedStatusLine) {
  ScriptedServer server(bind_tcp("127.0.0.1"), respond("HTTP/1.1 OK\r\n\r\n"));
  const ProbeRun run = probe_http(server);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, MatchesRegex("unhealthy: http://127\\.0\\.0\\.1:[0-9]+/health: malformed "
                                    "status line 'HTTP/1\\.1 OK'\n"));
}

TEST_P(HttpProbe, NotHttpAtAll) {
  ScriptedServer server(bind_tcp("127.0.0.1"), respond("SSH-2.0-OpenSSH_9.2\r\n"));
  const ProbeRun run = probe_http(server);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr(": malformed status line 'SSH-2.0-OpenSSH_9.2'\n"));
}

TEST_P(HttpProbe, DripOneBytePerSecondEndsAtTheDeadline) {
  ScriptedServer server(bind_tcp("127.0.0.1"), [](Connection& c) {
    for (const char byte : std::string("HTTP/1.1 200 OK\r\n\r\n")) {
      if (!c.send(std::string(1, byte)) || !c.pause(std::chrono::seconds(1))) return;
    }
  });
  const ProbeRun run = probe_http(server, {"--timeout", "1s"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, MatchesRegex("unhealthy: http://127\\.0\\.0\\.1:[0-9]+/health: response "
                                    "incomplete after [0-9]+ ms \\(1 byte received\\)\n"));
}

TEST_P(HttpProbe, HugeHeaderIsCutOffWithAClearVerdict) {
  ScriptedServer server(bind_tcp("127.0.0.1"), [](Connection& c) {
    c.send("HTTP/1.1 200 OK\r\nX-Big: " + std::string(1024 * 1024, 'a') + "\r\n\r\n");
  });
  const ProbeRun run = probe_http(server);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("/health: response head larger than 64 KiB (status 200)\n"));
}

TEST_P(HttpProbe, PeerResetMidResponse) {
  ScriptedServer server(bind_tcp("127.0.0.1"), [](Connection& c) {
    c.send("HTTP/1.1 200 OK\r\nContent-");
    c.reset();
  });
  const ProbeRun run = probe_http(server);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("/health: connection reset by peer"));
}

TEST_P(HttpProbe, PeerClosesMidResponse) {
  ScriptedServer server(bind_tcp("127.0.0.1"), respond("HTTP/1.1 200 OK\r\nContent-"));
  const ProbeRun run = probe_http(server);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out,
              HasSubstr("/health: connection closed after 25 bytes of the response head\n"));
}

TEST_P(HttpProbe, PeerClosesWithoutAnswering) {
  ScriptedServer server(bind_tcp("127.0.0.1"), [](Connection&) {});
  const ProbeRun run = probe_http(server);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("/health: connection closed without a response\n"));
}

TEST_P(HttpProbe, JsonCarriesTheSameFacts) {
  ScriptedServer server(bind_tcp("127.0.0.1"), http_status(503));
  const ProbeRun run = probe_http(server, {"--json"});
  EXPECT_EQ(run.exit_code, 1);
  const std::string port = std::to_string(server.port());
  EXPECT_THAT(run.out,
              MatchesRegex("\\{\"healthy\":false,\"target\":\"http://127\\.0\\.0\\.1:" + port +
                           "/health\",\"address\":\"127\\.0\\.0\\.1:" + port +
                           "\",\"status\":503,\"elapsed_ms\":[0-9]+\\.[0-9]{3},\"tries\":1,"
                           "\"message\":\"status 503 in [0-9.]+ ms\"\\}\n"));
}

TEST_P(HttpProbe, QuietPrintsNothingButKeepsTheStatus) {
  ScriptedServer healthy(bind_tcp("127.0.0.1"), http_status(200));
  ScriptedServer failing(bind_tcp("127.0.0.1"), http_status(500));
  const ProbeRun good = probe_http(healthy, {"-q"});
  const ProbeRun bad = probe_http(failing, {"--quiet", "--json"});
  EXPECT_EQ(good.exit_code, 0);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(good.out + bad.out, "");
}

struct StatusCase {
  int status;
  bool healthy;
};

class HttpStatus : public ::testing::TestWithParam<std::tuple<RunAs, StatusCase>> {};

TEST_P(HttpStatus, HealthyOnlyFor200To399) {
  const auto [run_as, status_case] = GetParam();
  const auto [status, healthy] = status_case;
  if (run_as == RunAs::kServiceUser && !service_user_unavailable().empty()) {
    GTEST_SKIP() << service_user_unavailable();
  }
  ScriptedServer server(bind_tcp("127.0.0.1"), http_status(status));
  const ProbeRun run =
      run_probe({"--port", std::to_string(server.port()), "--http", "/health"}, run_as);
  EXPECT_EQ(run.exit_code, healthy ? 0 : 1);
  EXPECT_THAT(run.out, MatchesRegex(std::string(healthy ? "healthy" : "unhealthy") +
                                    ": http://127\\.0\\.0\\.1:[0-9]+/health: status " +
                                    std::to_string(status) + " in [0-9.]+ ms\n"));
}

INSTANTIATE_TEST_SUITE_P(, HttpProbe, kEachUser, user_name);
INSTANTIATE_TEST_SUITE_P(
    , HttpStatus,
    ::testing::Combine(kEachUser,
                       ::testing::Values(StatusCase{200, true}, StatusCase{204, true},
                                         StatusCase{302, true}, StatusCase{404, false},
                                         StatusCase{500, false}, StatusCase{503, false})),
    [](const auto& param_info) {
      return (std::get<0>(param_info.param) == RunAs::kRoot ? "AsRoot_" : "AsUid65532_") +
             std::to_string(std::get<1>(param_info.param).status);
    });

}  // namespace
}  // namespace lucid::probe::test
