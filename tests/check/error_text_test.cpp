#include "check/error_text.hpp"

#include <gtest/gtest.h>

#include <boost/asio/error.hpp>

namespace lucid::check {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(ErrorText, Elapsed) {
  EXPECT_EQ(format_elapsed(microseconds(213)), "0.21 ms");
  EXPECT_EQ(format_elapsed(microseconds(3412)), "3.4 ms");
  EXPECT_EQ(format_elapsed(milliseconds(270)), "270 ms");
  EXPECT_EQ(format_elapsed(milliseconds(1900)), "1.9 s");
}

TEST(ErrorText, SystemMessagesReadMidLine) {
  EXPECT_EQ(describe_error(boost::asio::error::connection_refused), "connection refused");
  EXPECT_EQ(describe_error(boost::asio::error::connection_reset), "connection reset by peer");
  EXPECT_EQ(lowercase_first("Name or service not known"), "name or service not known");
  EXPECT_EQ(lowercase_first("RPC failure"), "RPC failure");
}

}  // namespace
}  // namespace lucid::check
