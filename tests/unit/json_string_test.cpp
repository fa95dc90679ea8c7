#include "common/json_string.hpp"

#include <gtest/gtest.h>

namespace lucid {
namespace {

std::string json(std::string_view text, std::size_t max_bytes = 1000) {
  std::string out;
  append_json_string(out, text, max_bytes);
  return out;
}

TEST(JsonString, Escapes) {
  EXPECT_EQ(json("plain"), "\"plain\"");
  EXPECT_EQ(json("q\"b\\"), "\"q\\\"b\\\\\"");
  EXPECT_EQ(json("a\nb\tc\rd"), "\"a\\nb\\tc\\rd\"");
  EXPECT_EQ(json(std::string("\x01\x1f\0", 3)), "\"\\u0001\\u001f\\u0000\"");
  EXPECT_EQ(json("/ and \x7f stay"), "\"/ and \x7f stay\"");
}

TEST(JsonString, ValidUtf8PassesInvalidBecomesReplacement) {
  EXPECT_EQ(json("\u0668\u0660 \xe2\x82\xac \xf0\x9f\x98\x80"),
            "\"\u0668\u0660 \xe2\x82\xac \xf0\x9f\x98\x80\"");
  EXPECT_EQ(json("\xff"), "\"\\ufffd\"");
  EXPECT_EQ(json("\xc3"), "\"\\ufffd\"");                        // truncated sequence
  EXPECT_EQ(json("\xc0\xaf"), "\"\\ufffd\\ufffd\"");             // overlong
  EXPECT_EQ(json("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");  // surrogate
}

// U+0080..U+009F are controls (U+009B is CSI): escaped like the C0 ones, never passed raw.
TEST(JsonString, C1ControlsAreEscaped) {
  EXPECT_EQ(json("\xc2\x9b[2J"), "\"\\u009b[2J\"");
  EXPECT_EQ(json("\xc2\x80\xc2\x9f\xc2\xa0"), "\"\\u0080\\u009f\xc2\xa0\"");
  EXPECT_EQ(json("\xff\xfe\xc2\x9b"), "\"\\ufffd\\ufffd\\u009b\"");
}

TEST(JsonString, CutsWithinTheBudgetWithoutSplittingEscapes) {
  const std::string cut = json(std::string(100, '\x01'), 40);
  EXPECT_LE(cut.size(), 40U);
  EXPECT_EQ(cut, "\"\\u0001\\u0001\\u0001\\u0001\\u0001...\"");
  EXPECT_EQ(json("abcdefghij", 8), "\"abc...\"");
}

}  // namespace
}  // namespace lucid
