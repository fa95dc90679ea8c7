#pragma once
// From a wait(2) status to lucid-init's own exit code, the way shells report it, then through the
// user's --remap-exit table.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lucid::init {

// Exit code N as N; death by signal N as 128+N.
int exit_code_of(int wait_status);

// "exited with status 3", "killed by SIGTERM", "killed by SIGSEGV (core dumped)".
std::string describe_wait_status(int wait_status);

// The same status as a log event's fields: the exit status, or the signal's name; nullopt when
// the status is the other kind.
std::optional<int> exited_status(int wait_status);
std::optional<std::string> killing_signal(int wait_status);

// FROM -> TO, both 0-255; later entries for the same FROM win.
using ExitRemap = std::map<int, int>;

// Adds "FROM:TO" (one flag) or "FROM:TO,FROM:TO" (the environment variable) to `remap`; throws
// ConfigError naming `source` on anything else.
void parse_exit_remap(std::string_view source, std::string_view spec, ExitRemap& remap);

int remap_exit_code(const ExitRemap& remap, int code);

}  // namespace lucid::init
