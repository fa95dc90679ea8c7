#pragma once
// --rewrite FROM:TO: the signal the child gets when lucid-init forwards FROM, for servers whose
// graceful stop is another signal (nginx, gunicorn: SIGQUIT). Applied where a signal is sent to
// the child; lucid-init's own decisions (shutdown, grace deadline, escalation) stay keyed to the
// signal that came in.
#include <map>
#include <string_view>

namespace lucid::init {

// FROM -> TO; TO 0 drops FROM. FROM is never SIGKILL, SIGSTOP or SIGCHLD.
using SignalRewrite = std::map<int, int>;

// Adds "FROM:TO" (one flag) or "FROM:TO,FROM:TO" (the environment variable) to `rewrite`, each a
// signal name or number (TO also 0); throws ConfigError naming `source` on anything else, also on
// a FROM that `rewrite` has already.
void parse_signal_rewrite(std::string_view source, std::string_view spec, SignalRewrite& rewrite);

// What the child gets for `signo`: its rewrite, or `signo` itself; 0 for nothing.
int rewritten_signal(const SignalRewrite& rewrite, int signo);

}  // namespace lucid::init
