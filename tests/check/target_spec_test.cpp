#include "check/target_spec.hpp"

#include <gtest/gtest.h>

#include "common/config_error.hpp"

namespace lucid::check {
namespace {

std::string rejection(std::string_view text) {
  try {
    parse_target_spec("--wait-for", text);
  } catch (const ConfigError& error) {
    return error.what();
  }
  ADD_FAILURE() << "accepted: " << text;
  return {};
}

TEST(TargetSpec, HostAndPortIsAConnect) {
  const TargetSpec target = parse_target_spec("--wait-for", "mongo:27017");
  EXPECT_EQ(target.text, "mongo:27017");
  EXPECT_EQ(target.target.host.name, "mongo");
  EXPECT_EQ(target.target.port, 27017);
  EXPECT_FALSE(target.target.http);
  EXPECT_TRUE(target.target.unix_path.empty());
}

TEST(TargetSpec, AddressesNeedNoLookup) {
  const TargetSpec v4 = parse_target_spec("--wait-for", "10.0.0.5:5432");
  ASSERT_EQ(v4.target.host.addresses.size(), 1u);
  EXPECT_EQ(v4.target.host.addresses[0].to_string(), "10.0.0.5");
  const TargetSpec v6 = parse_target_spec("--wait-for", "[fd00::5]:5432");
  ASSERT_EQ(v6.target.host.addresses.size(), 1u);
  EXPECT_EQ(v6.target.host.addresses[0].to_string(), "fd00::5");
  EXPECT_EQ(v6.target.port, 5432);
  // A listen address is reached on loopback, as by the probe.
  const TargetSpec any = parse_target_spec("--wait-for", "0.0.0.0:80");
  EXPECT_EQ(any.target.host.addresses[0].to_string(), "127.0.0.1");
}

TEST(TargetSpec, HttpTakesPathAndDefaultPort) {
  const TargetSpec target = parse_target_spec("--wait-for", "http://auth:8080/health?full=1");
  EXPECT_EQ(target.target.host.name, "auth");
  EXPECT_EQ(target.target.port, 8080);
  ASSERT_TRUE(target.target.http);
  EXPECT_EQ(target.target.http->path, "/health?full=1");
  EXPECT_TRUE(target.target.http->expect.accepts(200));
  EXPECT_TRUE(target.target.http->expect.accepts(399));
  EXPECT_FALSE(target.target.http->expect.accepts(503));

  const TargetSpec bare = parse_target_spec("--wait-for", "http://auth");
  EXPECT_EQ(bare.target.port, 80);
  EXPECT_EQ(bare.target.http->path, "/");
  const TargetSpec v6 = parse_target_spec("--wait-for", "http://[::1]/x");
  EXPECT_EQ(v6.target.port, 80);
  EXPECT_EQ(v6.target.host.addresses[0].to_string(), "::1");
}

TEST(TargetSpec, UnixTakesThePath) {
  const TargetSpec target = parse_target_spec("--wait-for", "unix:/run/db.sock");
  EXPECT_EQ(target.target.unix_path, "/run/db.sock");
  EXPECT_FALSE(target.target.http);
}

TEST(TargetSpec, BadTargetsNameTheSourceValueAndRule) {
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

TEST(TargetSpec, EnvironmentListIsCommaSeparated) {
  const auto targets =
      parse_target_specs("LUCID_INIT_WAIT_FOR", "mongo:27017,http://auth:8080/health,unix:/s");
  ASSERT_EQ(targets.size(), 3u);
  EXPECT_EQ(targets[0].text, "mongo:27017");
  EXPECT_EQ(targets[1].text, "http://auth:8080/health");
  EXPECT_EQ(targets[2].text, "unix:/s");
  EXPECT_TRUE(parse_target_specs("LUCID_INIT_WAIT_FOR", "").empty());
  try {
    parse_target_specs("LUCID_INIT_WAIT_FOR", "mongo:27017,");
    ADD_FAILURE() << "an empty entry was accepted";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("LUCID_INIT_WAIT_FOR=''"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace lucid::check
