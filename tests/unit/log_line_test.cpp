// The two line formats: text byte for byte as before --log-format existed; JSON lines that a
// strict reader accepts whatever the message and fields hold, typed and within kMaxJsonLine.
#include "init/log_line.hpp"

#include <gtest/gtest.h>
#include <limits.h>
#include <time.h>

#include <cmath>
#include <limits>
#include <string>

#include "json_object.hpp"

namespace lucid::init {
namespace {

using lucid_test::JsonObject;
using lucid_test::JsonValue;

constexpr timespec kNoon{1764633600 + 12 * 3600 + 34 * 60 + 56, 789'000'000};  // 2025-12-02

JsonObject parsed(const std::string& line) {
  EXPECT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line";
  EXPECT_LE(line.size(), kMaxJsonLine);
  std::string error;
  const auto object = lucid_test::parse_json_object(line, &error);
  EXPECT_TRUE(object) << error << " in " << line;
  return object.value_or(JsonObject{});
}

TEST(TextLogLine, AsBefore) {
  EXPECT_EQ(text_log_line(LogLevel::kInfo, "started x as pid 7"),
            "lucid-init: started x as pid 7\n");
  EXPECT_EQ(text_log_line(LogLevel::kDebug, "d"), "lucid-init: d\n");
  EXPECT_EQ(text_log_line(LogLevel::kWarning, "w"), "lucid-init: warning: w\n");
  EXPECT_EQ(text_log_line(LogLevel::kError, "e"), "lucid-init: error: e\n");
  EXPECT_EQ(text_dropped_note(1),
            "lucid-init: warning: 1 log line dropped: stderr was not writable\n");
  EXPECT_EQ(text_dropped_note(5),
            "lucid-init: warning: 5 log lines dropped: stderr was not writable\n");
}

TEST(Rfc3339, Utc) {
  EXPECT_EQ(rfc3339_utc({0, 0}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(rfc3339_utc(kNoon), "2025-12-02T12:34:56.789Z");
  EXPECT_EQ(rfc3339_utc({951782400, 999'999'999}), "2000-02-29T00:00:00.999Z");
  EXPECT_EQ(rfc3339_utc({4102444799, 1'000'000}), "2099-12-31T23:59:59.001Z");
}

TEST(Rfc3339, AgreesWithGmtime) {
  // Every day from 1970 to 2106, at an odd second of it: leap years, centuries, month ends.
  for (long long t = 0; t < 4'300'000'000LL; t += 86'400 + 3'607) {
    const time_t seconds = static_cast<time_t>(t);
    struct tm utc {};
    ASSERT_NE(gmtime_r(&seconds, &utc), nullptr);
    char expected[32];
    strftime(expected, sizeof expected, "%Y-%m-%dT%H:%M:%S.000Z", &utc);
    ASSERT_EQ(rfc3339_utc({seconds, 0}), expected) << t;
  }
}

TEST(JsonLogLine, FixedKeysThenTypedFields) {
  const JsonObject o =
      parsed(json_log_line(kNoon, LogLevel::kWarning, LogEvent("child_exited"),
                           {{"pid", 42},
                            {"negative", -7},
                            {"big", std::numeric_limits<unsigned long long>::max()},
                            {"seconds", 0.12345},
                            {"grace_seconds", 9.0},
                            {"flag", true},
                            {"off", false},
                            {"nothing", std::nullopt},
                            {"maybe", std::optional<int>(3)},
                            {"signal", "SIGTERM"},
                            {"name", std::string("svc")}},
                           "child pid 42 killed by SIGTERM"));
  EXPECT_EQ(o.at("time").text, "2025-12-02T12:34:56.789Z");
  EXPECT_EQ(o.at("level").text, "warning");
  EXPECT_EQ(o.at("event").text, "child_exited");
  EXPECT_EQ(o.at("msg").text, "child pid 42 killed by SIGTERM");
  EXPECT_EQ(o.at("pid").kind, JsonValue::Kind::kNumber);
  EXPECT_EQ(o.at("pid").text, "42");
  EXPECT_EQ(o.at("negative").text, "-7");
  EXPECT_EQ(o.at("big").text, "18446744073709551615");
  EXPECT_EQ(o.at("seconds").text, "0.123");
  EXPECT_EQ(o.at("grace_seconds").number, 9.0);
  EXPECT_EQ(o.at("flag").kind, JsonValue::Kind::kBool);
  EXPECT_TRUE(o.at("flag").boolean);
  EXPECT_FALSE(o.at("off").boolean);
  EXPECT_EQ(o.at("nothing").kind, JsonValue::Kind::kNull);
  EXPECT_EQ(o.at("maybe").text, "3");
  EXPECT_EQ(o.at("signal").kind, JsonValue::Kind::kString);
  EXPECT_EQ(o.at("signal").text, "SIGTERM");
  EXPECT_EQ(o.at("name").text, "svc");
  EXPECT_EQ(o.size(), 15U);
}

TEST(JsonLogLine, LevelNames) {
  EXPECT_EQ(parsed(json_log_line(kNoon, LogLevel::kError, LogEvent("e"), {}, "")).at("level").text,
            "error");
  EXPECT_EQ(parsed(json_log_line(kNoon, LogLevel::kInfo, LogEvent("e"), {}, "")).at("level").text,
            "info");
  EXPECT_EQ(parsed(json_log_line(kNoon, LogLevel::kDebug, LogEvent("e"), {}, "")).at("level").text,
            "debug");
}

TEST(JsonLogLine, HostileTextStaysOneValidObject) {
  // A program name with a newline, a forged object, ESC, CSI as C1, invalid UTF-8 and a NUL.
  const std::string hostile =
      std::string("a\n{\"level\":\"error\"}\x1b[31m\xc2\x9b\xff\xc3\"\\") + '\0' + "z";
  const JsonObject o = parsed(json_log_line(kNoon, LogLevel::kError, LogEvent("exec_failed"),
                                            {{"program", hostile}, {"error", "No such file"}},
                                            "cannot execute '" + hostile + "'"));
  EXPECT_EQ(o.at("level").text, "error");
  EXPECT_EQ(o.at("program").text,
            std::string("a\n{\"level\":\"error\"}\x1b[31m\xc2\x9b\xef\xbf\xbd\xef\xbf\xbd\"\\") +
                '\0' + "z");
  EXPECT_EQ(o.at("msg").text.find("cannot execute 'a\n{"), 0U);
}

TEST(JsonLogLine, LongMessageIsCutNotTheObject) {
  std::string message;
  while (message.size() < 3 * kMaxJsonLine) message += "\xc3\xa9\n";  // é and a newline
  const std::string line = json_log_line(kNoon, LogLevel::kInfo, LogEvent("e"),
                                         {{"pid", 1}, {"program", "/bin/x"}}, message);
  const JsonObject o = parsed(line);
  EXPECT_GT(line.size(), kMaxJsonLine - 16);  // the budget is used, not wasted
  const std::string& msg = o.at("msg").text;
  EXPECT_EQ(msg.substr(msg.size() - 3), "...");
  EXPECT_EQ(msg.substr(0, 6), "\xc3\xa9\n\xc3\xa9\n");
  EXPECT_EQ(o.at("pid").text, "1");
  EXPECT_EQ(o.at("program").text, "/bin/x");
}

TEST(JsonLogLine, LongFieldsAreCutAndBounded) {
  const std::string path(PATH_MAX, '/');
  const std::string control(1000, '\x01');  // 6 bytes each escaped
  const JsonObject o = parsed(json_log_line(
      kNoon, LogLevel::kError, LogEvent("e"),
      {{"a", path}, {"b", control}, {"c", path}, {"d", path}, {"e", path}, {"pid", 5}},
      std::string(5000, 'm')));
  EXPECT_EQ(o.at("a").text.size(), kMaxJsonField - 2);  // quotes
  EXPECT_EQ(o.at("a").text.substr(o.at("a").text.size() - 3), "...");
  EXPECT_EQ(o.at("pid").text, "5");  // small fields still fit after big ones were left out
  EXPECT_FALSE(o.count("e"));
  EXPECT_GE(o.at("msg").text.size(), 1000U);
}

TEST(JsonLogLine, NonFiniteIsNull) {
  const JsonObject o = parsed(json_log_line(
      kNoon, LogLevel::kInfo, LogEvent("e"),
      {{"inf", std::numeric_limits<double>::infinity()}, {"nan", std::nan("")}}, "m"));
  EXPECT_EQ(o.at("inf").kind, JsonValue::Kind::kNull);
  EXPECT_EQ(o.at("nan").kind, JsonValue::Kind::kNull);
}

TEST(JsonLogLine, DroppedNote) {
  const JsonObject o = parsed(json_dropped_note(kNoon, 3));
  EXPECT_EQ(o.at("level").text, "warning");
  EXPECT_EQ(o.at("event").text, "log_lines_dropped");
  EXPECT_EQ(o.at("count").text, "3");
  EXPECT_EQ(o.at("msg").text, "3 log lines dropped: stderr was not writable");
  // Room for it before the longest line, within one atomic write.
  EXPECT_LE(json_dropped_note(kNoon, ~0UL).size() + kMaxJsonLine, 4096U);
}

TEST(JsonObjectReader, RejectsWhatCollectorsReject) {
  for (const std::string bad :
       {"", "{", "{}x", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":\"\n\"}",
        "{\"a\":\"\xff\"}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\ud800\"}", "{\"a\":1,\"a\":2}",
        "{\"a\":NaN}", "{\"a\":[1]}", "{\"a\":\"\xed\xa0\x80\"}", "{\"a\":\"\xc0\xaf\"}"}) {
    EXPECT_FALSE(lucid_test::parse_json_object(bad, nullptr)) << bad;
  }
  const auto ok = lucid_test::parse_json_object(
      "{\"s\":\"\\u00e9\\ud83d\\ude00\\/\",\"n\":-1.5e+3,\"t\":true,\"z\":null}\n", nullptr);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->at("s").text, "\xc3\xa9\xf0\x9f\x98\x80/");
  EXPECT_EQ(ok->at("n").number, -1500.0);
}

}  // namespace
}  // namespace lucid::init
