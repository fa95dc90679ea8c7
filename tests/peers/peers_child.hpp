#pragma once
// lucid_peers_child: the programs the peers' scenarios run under lucid-init, where the
// integration suite's lucid_test_child has no mode for them. Every waiting mode gives up after a
// bounded time so a broken init never leaves it running.
#include <string>

namespace lucid_peers_child {

inline constexpr int kMaxLifetimeSeconds = 120;
inline constexpr int kGaveUpCode = 99;

// Atomic (temporary file + rename): the tests poll for these files.
void write_file(const std::string& path, const std::string& content);
// One line, one write(2), O_APPEND: several processes may log to the same file.
void append_line(const std::string& path, const std::string& line);
void sleep_ms(long milliseconds);
// Sleeps out the bounded lifetime, then gives up.
[[noreturn]] void linger();
// "pid=.. pgid=.. sid=..": what the tests compare against lucid-init's view.
std::string ids();

int mode_default_sleep(const std::string& dir);
int mode_watch_group(const std::string& dir);
int mode_setsid(const std::string& dir, bool escape);
int mode_terminal(const std::string& dir);
int mode_terminal_start(const std::string& dir);

}  // namespace lucid_peers_child
