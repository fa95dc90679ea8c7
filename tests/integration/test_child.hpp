#pragma once
// lucid_test_child: the program the integration tests run under lucid-init. Each mode is one
// behaviour a scenario needs; every mode that waits has a bounded lifetime so a broken init
// never leaves it running for long.
#include <string>

namespace lucid_test_child {

// Longest time any waiting mode stays alive before it gives up with kGaveUpCode.
inline constexpr int kMaxLifetimeSeconds = 120;
inline constexpr int kGaveUpCode = 99;

// Writes content to path atomically (temporary file + rename): the tests poll for the file and
// must never read it half written.
void write_file(const std::string& path, const std::string& content);

// Appends one line with a single write(2) on an O_APPEND descriptor.
void append_line(const std::string& path, const std::string& line);

bool file_exists(const std::string& path);

// Waits for signo (kept blocked by the caller, so it queues) for at most the bounded lifetime.
bool wait_for_signal(int signo);

// Sleeps, returning early never: nanosleep is restarted after interruptions.
void sleep_ms(long milliseconds);

// "pid=.. pgid=.. fg=0|1": fg is 1 when stdin is a terminal whose foreground group is ours.
std::string describe_self();

// Records signals into dir/signals until stop_signal (0: none) arrives; see test_child_record.cpp.
int record_signals(const std::string& dir, int stop_signal, bool die);

int mode_record(int argc, char** argv);
int mode_family(int argc, char** argv);
int mode_orphans(int argc, char** argv);
int mode_burst(int argc, char** argv);
int mode_setuid_root(const std::string& dir);
int mode_spawn_and_wait(char** argv);
int mode_no_proc(char** argv);
int mode_reuse_pid(const std::string& dir);
int mode_stoppable(int argc, char** argv);
int mode_leftover(int argc, char** argv);

}  // namespace lucid_test_child
