#include "common/config_error.hpp"

#include <gtest/gtest.h>

namespace lucid {
namespace {

TEST(ConfigErrorMessage, EscapesControlCharactersToStayOneLine) {
  EXPECT_EQ(describe_bad_value("X", "a\nb'c", "rule"), "X='a\\x0ab\\x27c': rule");
  EXPECT_EQ(describe_bad_value("X", "٨٠", "rule"), "X='٨٠': rule");
}

// C1 controls (U+009B is CSI: a terminal takes it for ESC [) and bytes that are not UTF-8 are
// shown as \xNN like C0 controls; printable UTF-8 is kept.
TEST(EscapeValue, C1ControlsAndInvalidUtf8BecomeHexBytes) {
  EXPECT_EQ(escape_value("\xc2\x9b[2J"), "\\xc2\\x9b[2J");
  EXPECT_EQ(escape_value("\xc2\x80 \xc2\x9f \xc2\xa0"), "\\xc2\\x80 \\xc2\\x9f \xc2\xa0");
  EXPECT_EQ(escape_value("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(escape_value("caf\xc3"), "caf\\xc3");              // cut sequence
  EXPECT_EQ(escape_value("\xc0\xaf"), "\\xc0\\xaf");           // overlong '/'
  EXPECT_EQ(escape_value("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // surrogate
  EXPECT_EQ(escape_value("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

// For a whole line already made of escaped parts: the same, but quotes and backslashes stay.
TEST(EscapeControls, LeavesQuotesAndBackslashes) {
  EXPECT_EQ(escape_controls("'a'\\x0a\n\xc2\x9b\xff\xc3\xa9"),
            "'a'\\x0a\\x0a\\xc2\\x9b\\xff\xc3\xa9");
}

}  // namespace
}  // namespace lucid
