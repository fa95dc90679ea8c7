// The queue of lines waiting for room on stderr: bounded, whole lines out, the rest of a line
// written in part always first.
#include "init/line_queue.hpp"

#include <gtest/gtest.h>

namespace lucid::init {
namespace {

TEST(LineQueue, ChunkIsTheWholeLinesWithinTheLimit) {
  LineQueue queue(100);
  ASSERT_TRUE(queue.push("one\n"));
  ASSERT_TRUE(queue.push("two\n"));
  ASSERT_TRUE(queue.push("three\n"));
  EXPECT_EQ(queue.next_chunk(100), "one\ntwo\nthree\n");
  EXPECT_EQ(queue.next_chunk(10), "one\ntwo\n") << "a line that does not fit whole waits";
}

TEST(LineQueue, RestOfAPartlyWrittenLineComesFirstAndAlone) {
  LineQueue queue(100);
  ASSERT_TRUE(queue.push("first line\n"));
  ASSERT_TRUE(queue.push("second\n"));
  queue.consume(3);
  EXPECT_EQ(queue.next_chunk(8), "st line\n");
  queue.consume(8);
  EXPECT_EQ(queue.next_chunk(100), "second\n");
}

TEST(LineQueue, LineThatDoesNotFitIsRefusedWhole) {
  LineQueue queue(10);
  ASSERT_TRUE(queue.push("12345678\n"));
  EXPECT_FALSE(queue.push("ab\n"));
  EXPECT_EQ(queue.size(), 9U);
  queue.consume(9);
  EXPECT_TRUE(queue.empty());
  EXPECT_TRUE(queue.push("ab\n"));
}

TEST(LineQueue, ClearCountsTheLinesAPartialOneIncluded) {
  LineQueue queue(100);
  ASSERT_TRUE(queue.push("a\nb\nc\n"));
  queue.consume(1);  // "\nb\nc\n": the end of a, then b and c
  EXPECT_EQ(queue.clear(), 3U);
  EXPECT_TRUE(queue.empty());
}

TEST(CountLines, EndlessTailCountsAsALine) {
  EXPECT_EQ(count_lines(""), 0U);
  EXPECT_EQ(count_lines("a\n"), 1U);
  EXPECT_EQ(count_lines("a\nb"), 2U);
}

}  // namespace
}  // namespace lucid::init
