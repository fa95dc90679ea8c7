#include "check/http_response_parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lucid::check {
namespace {

using State = HttpResponseParser::State;

State feed_bytewise(HttpResponseParser& parser, std::string_view text) {
  for (const char c : text) parser.feed(std::string_view(&c, 1));
  return parser.state();
}

TEST(HttpResponseParser, CompleteHead) {
  HttpResponseParser parser;
  EXPECT_EQ(parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), State::kComplete);
  EXPECT_EQ(parser.status(), 200);
}

TEST(HttpResponseParser, SameResultWhateverTheChunking) {
  const std::string response = "HTTP/1.0 503 Service Unavailable\r\nA: b\r\n\r\n";
  for (std::size_t split = 1; split < response.size(); ++split) {
    HttpResponseParser parser;
    EXPECT_EQ(parser.feed(std::string_view(response).substr(0, split)), State::kNeedMore);
    EXPECT_EQ(parser.feed(std::string_view(response).substr(split)), State::kComplete) << split;
    EXPECT_EQ(parser.status(), 503);
  }
  HttpResponseParser bytewise;
  EXPECT_EQ(feed_bytewise(bytewise, response), State::kComplete);
}

TEST(HttpResponseParser, NeedsTheEndOfTheHead) {
  HttpResponseParser parser;
  EXPECT_EQ(parser.feed("HTTP/1.1 200 OK\r\nServer: x\r\n"), State::kNeedMore);
  EXPECT_EQ(parser.status(), 200);
  EXPECT_EQ(parser.feed("\r\n"), State::kComplete);
}

TEST(HttpResponseParser, NoReasonPhraseAndBareLineFeeds) {
  HttpResponseParser parser;
  EXPECT_EQ(parser.feed("HTTP/1.1 204\n\n"), State::kComplete);
  EXPECT_EQ(parser.status(), 204);
}

TEST(HttpResponseParser, InterimResponsesAreSkipped) {
  HttpResponseParser parser;
  EXPECT_EQ(parser.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\n"),
            State::kNeedMore);
  EXPECT_EQ(parser.feed("HTTP/1.1 404 Not Found\r\n\r\n"), State::kComplete);
  EXPECT_EQ(parser.status(), 404);
}

TEST(HttpResponseParser, MalformedStatusLines) {
  for (const char* line :
       {"HTTP/1.1 OK\r\n", "HTTP/1.1 20 OK\r\n", "HTTP/1.1 2000 OK\r\n", "HTTP/1.1  200 OK\r\n",
        "HTTP/11 200 OK\r\n", "HTTP/1.1 099 x\r\n", "HTTP/1.1 abc\r\n", "HTTP/1.1\r\n", "\r\n"}) {
    HttpResponseParser parser;
    EXPECT_EQ(parser.feed(line), State::kMalformed) << line;
    EXPECT_EQ(parser.error().rfind("malformed status line '", 0), 0U) << parser.error();
  }
}

TEST(HttpResponseParser, SomethingElseFailsBeforeAnyLineEnd) {
  HttpResponseParser parser;
  EXPECT_EQ(parser.feed("SSH-2.0-OpenSSH_9.2"), State::kMalformed);
  EXPECT_EQ(parser.error(), "malformed status line 'SSH-2.0-OpenSSH_9.2'");
}

TEST(HttpResponseParser, PeerBytesAreShownPrintableAndShort) {
  HttpResponseParser parser;
  EXPECT_EQ(parser.feed("HTTP/1.1 2\x01\xff" + std::string(100, 'x') + "\r\n"), State::kMalformed);
  EXPECT_EQ(parser.error(),
            "malformed status line 'HTTP/1.1 2\\x01\\xff" + std::string(28, 'x') + "...'");
}

TEST(HttpResponseParser, EndlessStatusLineIsMalformed) {
  HttpResponseParser parser;
  EXPECT_EQ(parser.feed("HTTP/1.1 200 " + std::string(1000, 'a')), State::kMalformed);
}

TEST(HttpResponseParser, HugeHeadStopsAtTheCapWithoutKeepingIt) {
  HttpResponseParser parser;
  parser.feed("HTTP/1.1 200 OK\r\nX-Big: ");
  const std::string chunk(4096, 'a');
  State state = State::kNeedMore;
  std::size_t fed = 0;
  while (state == State::kNeedMore && fed < 1024 * 1024) {
    state = parser.feed(chunk);
    fed += chunk.size();
  }
  EXPECT_EQ(state, State::kTooLarge);
  EXPECT_EQ(parser.status(), 200);
  EXPECT_LE(fed, HttpResponseParser::kMaxHeadBytes + chunk.size());
}

TEST(HttpResponseParser, BodyAfterTheHeadIsIgnored) {
  HttpResponseParser parser;
  parser.feed("HTTP/1.1 200 OK\r\n\r\n");
  EXPECT_EQ(parser.feed(std::string(1024 * 1024, 'b')), State::kComplete);
  EXPECT_EQ(parser.bytes_seen(), 19U);
}

}  // namespace
}  // namespace lucid::check
