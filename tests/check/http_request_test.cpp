#include "check/http_request.hpp"

#include <gtest/gtest.h>

#include "common/config_error.hpp"
#include "common/version.hpp"

namespace lucid::check {
namespace {

TEST(HttpRequest, DefaultHeaders) {
  EXPECT_EQ(build_request("/health", "127.0.0.1:8000", {}),
            "GET /health HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: lucid-init/" +
                std::string(kVersion) + "\r\nAccept: */*\r\nConnection: close\r\n\r\n");
}

TEST(HttpRequest, UserHeadersReplaceDefaultsByNameAndAddOthers) {
  const std::string request = build_request(
      "/", "[::1]:80", {{"HOST", "api.internal"}, {"X-Token", "t"}, {"user-agent", "me"}});
  EXPECT_EQ(request,
            "GET / HTTP/1.1\r\nAccept: */*\r\nConnection: close\r\nHOST: api.internal\r\n"
            "X-Token: t\r\nuser-agent: me\r\n\r\n");
}

TEST(HttpRequest, ParsesHeaders) {
  const HttpHeader header = parse_header_or_throw("X-Check:  a b\t ");
  EXPECT_EQ(header.name, "X-Check");
  EXPECT_EQ(header.value, "a b");
  EXPECT_EQ(parse_header_or_throw("X-Empty:").value, "");
  EXPECT_EQ(parse_header_or_throw("Authorization: Bearer a:b").value, "Bearer a:b");
}

TEST(HttpRequest, RejectsHeadersThatCouldSplitTheRequest) {
  for (const char* bad : {"X: a\r\nY: b", "X: a\nb", "X: a\rb", "NoColon", ": v", "Bad Name: v",
                          "X\r\n: v", "Bad(name): v"}) {
    EXPECT_THROW(parse_header_or_throw(bad), ConfigError) << bad;
  }
  EXPECT_THROW(parse_header_or_throw(std::string("X: a\0b", 6)), ConfigError);
}

TEST(HttpRequest, Paths) {
  EXPECT_NO_THROW(check_path_or_throw("/"));
  EXPECT_NO_THROW(check_path_or_throw("/health?verbose=1&x=%20"));
  for (const char* bad : {"", "health", "/a b", "/a\r\nHost: evil", "/\x7f", "/caf\xc3\xa9"}) {
    EXPECT_THROW(check_path_or_throw(bad), ConfigError) << bad;
  }
}

}  // namespace
}  // namespace lucid::check
