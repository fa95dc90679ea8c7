#include "probe/proc_words.hpp"

#include <gtest/gtest.h>

namespace lucid::probe {
namespace {

using Words = std::vector<std::string>;
using namespace std::string_literals;

TEST(ProcWords, NulTerminatedWords) {
  EXPECT_EQ(nul_words("a\0bc\0"s, false), (Words{"a", "bc"}));
  EXPECT_EQ(nul_words("a\0\0b\0"s, false), (Words{"a", "", "b"}));
  EXPECT_EQ(nul_words("", false), Words{});
  // A process that rewrote its argv may leave the last word unterminated.
  EXPECT_EQ(nul_words("a\0tail"s, false), (Words{"a", "tail"}));
}

// Cut at the reader's bound: a half word is never taken for a whole one (--service a of api).
TEST(ProcWords, TruncatedLastWordIsDropped) {
  EXPECT_EQ(nul_words("--service\0ap"s, true), Words{"--service"});
  EXPECT_EQ(nul_words("--service\0api\0"s, true), (Words{"--service", "api"}));
  EXPECT_EQ(nul_words("long", true), Words{});
}

TEST(ProcWords, EnvironLookupAsGetenv) {
  const EnvLookup env = environ_lookup({"API_PORTX=1", "API=2", "API_PORT=80", "API_PORT=81",
                                        "EMPTY=", "NOEQUALS", "=x", "NL=a\nb", "BYTES=\xff\xfe"});
  EXPECT_EQ(env("API_PORT"), "80");  // the first one wins, as for getenv
  EXPECT_EQ(env("API"), "2");
  EXPECT_EQ(env("EMPTY"), "");
  EXPECT_EQ(env("NOEQUALS"), std::nullopt);
  EXPECT_EQ(env("API_POR"), std::nullopt);
  EXPECT_EQ(env(""), std::nullopt);
  EXPECT_EQ(env("NL"), "a\nb");
  EXPECT_EQ(env("BYTES"), "\xff\xfe");
  EXPECT_EQ(env("MISSING"), std::nullopt);
}

// qemu-user through binfmt_misc: the host's view of an emulated lucid-init's command line.
TEST(ProcWords, InterpreterPrefixIsDropped) {
  const Words p_flag = {"/usr/libexec/qemu-binfmt/aarch64-binfmt-P", "/usr/local/bin/lucid-init",
                        "/usr/local/bin/lucid-init", "--service", "api"};
  EXPECT_EQ(without_interpreter(p_flag, "lucid-init"),
            (Words{"/usr/local/bin/lucid-init", "--service", "api"}));
  const Words no_p = {"/usr/bin/qemu-aarch64-static", "/usr/local/bin/lucid-init", "-s", "api"};
  EXPECT_EQ(without_interpreter(no_p, "lucid-init"),
            (Words{"/usr/local/bin/lucid-init", "-s", "api"}));
  // Natively nothing is dropped, even when PROGRAM is named like the supervisor.
  const Words native = {"/usr/local/bin/lucid-init", "--", "lucid-init", "probe"};
  EXPECT_EQ(without_interpreter(native, "lucid-init"), native);
  EXPECT_EQ(without_interpreter({"lucid-init"}, "lucid-init"), Words{"lucid-init"});
  // comm keeps 15 bytes of a longer name.
  const Words long_name = {"qemu", "/bin/lucid-init-v2-arm64", "-s", "api"};
  EXPECT_EQ(without_interpreter(long_name, "lucid-init-v2-a"),
            (Words{"/bin/lucid-init-v2-arm64", "-s", "api"}));
}

TEST(ProcWords, StatFields) {
  const auto plain = parse_proc_stat("42 (lucid-init) S 1 42 42 0 -1 4194560 ...");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->comm, "lucid-init");
  EXPECT_EQ(plain->ppid, 1);
  // A name may hold blanks and parentheses: it ends at the last ')'.
  const auto odd = parse_proc_stat("7 (a) (S 9) R 0 7 7 0");
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->comm, "a) (S 9");
  EXPECT_EQ(odd->ppid, 0);
  EXPECT_FALSE(parse_proc_stat(""));
  EXPECT_FALSE(parse_proc_stat("1 (x)"));
  EXPECT_FALSE(parse_proc_stat("1 (x) S"));
  EXPECT_FALSE(parse_proc_stat("1 (x) S -1"));
  EXPECT_FALSE(parse_proc_stat("1 )x( S 2"));
  EXPECT_FALSE(parse_proc_stat("1 (x) S 9999999999"));
}

}  // namespace
}  // namespace lucid::probe
