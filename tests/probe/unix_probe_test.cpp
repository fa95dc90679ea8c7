// `lucid-init probe --unix PATH`: a service that listens on a Unix socket, connect or HTTP.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "each_user.hpp"
#include "test_listeners.hpp"

namespace lucid::probe::test {
namespace {

using ::testing::MatchesRegex;

class UnixProbe : public EachUser {
 protected:
  TempDir dir_;
  std::string socket_path_ = dir_.path() + "/app.sock";
};

TEST_P(UnixProbe, ConnectHealthy) {
  const Listener listener = bind_unix(socket_path_);
  const ProbeRun run = probe({"--unix", socket_path_});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out,
              MatchesRegex("healthy: unix " + socket_path_ + " connected in [0-9.]+ ms\n"));
}

TEST_P(UnixProbe, ConnectWithoutSocket) {
  const ProbeRun run = probe({"--unix", socket_path_});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "unhealthy: unix " + socket_path_ + ": no such file or directory\n");
}

TEST_P(UnixProbe, HttpHealthy) {
  ScriptedServer server(bind_unix(socket_path_), http_status(200));
  const ProbeRun run = probe({"--unix", socket_path_, "--http", "/health"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, MatchesRegex("healthy: http://unix:" + socket_path_ +
                                    ":/health: status 200 in [0-9.]+ ms\n"));
  ASSERT_EQ(server.requests().size(), 1U);
  EXPECT_THAT(server.requests()[0], ::testing::HasSubstr("\r\nHost: localhost\r\n"));
}

TEST_P(UnixProbe, HttpUnhealthy) {
  ScriptedServer server(bind_unix(socket_path_), http_status(503));
  const ProbeRun run = probe({"--unix", socket_path_, "--http", "/health"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, MatchesRegex("unhealthy: http://unix:" + socket_path_ +
                                    ":/health: status 503 in [0-9.]+ ms\n"));
}

INSTANTIATE_TEST_SUITE_P(, UnixProbe, kEachUser, user_name);

}  // namespace
}  // namespace lucid::probe::test
