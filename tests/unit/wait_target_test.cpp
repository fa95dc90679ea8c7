#include "init/wait_target.hpp"

#include <gtest/gtest.h>

#include "common/config_error.hpp"

namespace lucid::init {
namespace {

std::string rejection(std::string_view text) {
  try {
    parse_wait_target("--wait-for", text);
  } catch (const ConfigError& error) {
    return error.what();
  }
  ADD_FAILURE() << "accepted: " << text;
  return {};
}

TEST(WaitTarget, HostAndPortIsAConnect) {
  const WaitTarget target = parse_wait_target("--wait-for", "mongo:27017");
  EXPECT_EQ(target.text, "mongo:27017");
  EXPECT_EQ(target.probe.host.name, "mongo");
  EXPECT_EQ(target.probe.port, 27017);
  EXPECT_FALSE(target.probe.http);
  EXPECT_TRUE(target.probe.unix_path.empty());
}

TEST(WaitTarget, AddressesNeedNoLookup) {
  const WaitTarget v4 = parse_wait_target("--wait-for", "10.0.0.5:5432");
  ASSERT_EQ(v4.probe.host.addresses.size(), 1u);
  EXPECT_EQ(v4.probe.host.addresses[0].to_string(), "10.0.0.5");
  const WaitTarget v6 = parse_wait_target("--wait-for", "[fd00::5]:5432");
  ASSERT_EQ(v6.probe.host.addresses.size(), 1u);
  EXPECT_EQ(v6.probe.host.addresses[0].to_string(), "fd00::5");
  EXPECT_EQ(v6.probe.port, 5432);
  // A listen address is reached on loopback, as by the probe.
  const WaitTarget any = parse_wait_target("--wait-for", "0.0.0.0:80");
  EXPECT_EQ(any.probe.host.addresses[0].to_string(), "127.0.0.1");
}

TEST(WaitTarget, HttpTakesPathAndDefaultPort) {
  const WaitTarget target = parse_wait_target("--wait-for", "http://auth:8080/health?full=1");
  EXPECT_EQ(target.probe.host.name, "auth");
  EXPECT_EQ(target.probe.port, 8080);
  ASSERT_TRUE(target.probe.http);
  EXPECT_EQ(target.probe.http->path, "/health?full=1");
  EXPECT_TRUE(target.probe.http->expect.accepts(200));
  EXPECT_TRUE(target.probe.http->expect.accepts(399));
  EXPECT_FALSE(target.probe.http->expect.accepts(503));

  const WaitTarget bare = parse_wait_target("--wait-for", "http://auth");
  EXPECT_EQ(bare.probe.port, 80);
  EXPECT_EQ(bare.probe.http->path, "/");
  const WaitTarget v6 = parse_wait_target("--wait-for", "http://[::1]/x");
  EXPECT_EQ(v6.probe.port, 80);
  EXPECT_EQ(v6.probe.host.addresses[0].to_string(), "::1");
}

TEST(WaitTarget, UnixTakesThePath) {
  const WaitTarget target = parse_wait_target("--wait-for", "unix:/run/db.sock");
  EXPECT_EQ(target.probe.unix_path, "/run/db.sock");
  EXPECT_FALSE(target.probe.http);
}

TEST(WaitTarget, BadTargetsNameTheSourceValueAndRule) {
  EXPECT_NE(rejection("mongo").find("--wait-for='mongo': needs a port"), std::string::npos);
  EXPECT_NE(rejection("mongo:").find("the port must be ASCII digits"), std::string::npos);
  EXPECT_NE(rejection("mongo:99999").find("the port"), std::string::npos);
  EXPECT_NE(rejection("mon go:1").find("the host must be"), std::string::npos);
  EXPECT_NE(rejection(":80").find("the host"), std::string::npos);
  EXPECT_NE(rejection("::1:5432").find("IPv6 address in brackets"), std::string::npos);
  EXPECT_NE(rejection("[::1:5432").find("must be host:port"), std::string::npos);
  EXPECT_NE(rejection("[::1]5432").find("must be host:port"), std::string::npos);
  EXPECT_NE(rejection("[10.0.0.1]:80").find("the host"), std::string::npos);
  EXPECT_NE(rejection("https://auth/health").find("no TLS"), std::string::npos);
  EXPECT_NE(rejection("tcp://db:5432").find("must be host:port"), std::string::npos);
  EXPECT_NE(rejection("http://auth:8080/he alth").find("the path must start with '/'"),
            std::string::npos);
  EXPECT_NE(rejection("http://:8080/").find("the host"), std::string::npos);
  EXPECT_NE(rejection("unix:").find("unix: needs a socket path of 1 to 107 bytes"),
            std::string::npos);
  EXPECT_NE(rejection("unix:/" + std::string(107, 'a')).find("1 to 107"), std::string::npos);
  EXPECT_NE(rejection("").find("needs a port"), std::string::npos);
  // A newline cannot forge a second log line.
  const std::string forged = rejection("db:1\nlucid-init: fake");
  EXPECT_EQ(forged.find('\n'), std::string::npos) << forged;
}

TEST(WaitTarget, EnvironmentListIsCommaSeparated) {
  const auto targets =
      parse_wait_targets("LUCID_INIT_WAIT_FOR", "mongo:27017,http://auth:8080/health,unix:/s");
  ASSERT_EQ(targets.size(), 3u);
  EXPECT_EQ(targets[0].text, "mongo:27017");
  EXPECT_EQ(targets[1].text, "http://auth:8080/health");
  EXPECT_EQ(targets[2].text, "unix:/s");
  EXPECT_TRUE(parse_wait_targets("LUCID_INIT_WAIT_FOR", "").empty());
  try {
    parse_wait_targets("LUCID_INIT_WAIT_FOR", "mongo:27017,");
    ADD_FAILURE() << "an empty entry was accepted";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("LUCID_INIT_WAIT_FOR=''"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace lucid::init
