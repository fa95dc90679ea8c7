// What the probe reads from another process's /proc files (issue 12): stat, cmdline and environ
// bytes, any of them hostile, through to the supervisor's answer. Input: one flag byte (bit 0:
// cmdline cut at the bound, bit 1: environ cut, bit 2: environ unreadable, bit 3: the probe was
// given --service api), then stat \x01 environ \x01 cmdline. Never a crash; an answer is a whole
// one, and a refusal says why.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "probe/proc_words.hpp"
#include "probe/supervisor_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  const auto parts = lucid_fuzz::split(lucid_fuzz::as_text(data + 1, size - 1), '\x01');
  const auto stat = lucid::probe::parse_proc_stat(parts[0]);
  if (stat && stat->ppid < 0) __builtin_trap();
  lucid::probe::SupervisorView view;
  view.pid = 1;
  if (parts.size() > 2) {
    const auto words = lucid::probe::nul_words(parts[2], (flags & 1) != 0);
    view.argv = lucid::probe::without_interpreter(words, stat ? stat->comm : "lucid-init");
    if (view.argv.size() > words.size()) __builtin_trap();
  }
  if ((flags & 4) != 0) {
    view.environ_problem = "Permission denied";
  } else if (parts.size() > 1) {
    view.environ = lucid::probe::nul_words(parts[1], (flags & 2) != 0);
  }
  const lucid::EnvLookup own = [](const std::string& name) -> std::optional<std::string> {
    if (name == "API_PORT") return "8000";
    return std::nullopt;
  };
  const std::optional<std::string> own_prefix =
      (flags & 8) != 0 ? std::optional<std::string>("API") : std::nullopt;
  const auto answer = lucid::probe::ask_supervisor({view, {}}, own, own_prefix);
  if (answer.target) {
    if (answer.target->port == 0 || answer.target->prefix.empty()) __builtin_trap();
    if (answer.target->origin.rfind("lucid-init pid 1: service ", 0) != 0) __builtin_trap();
    if (own_prefix && answer.target->prefix != *own_prefix) __builtin_trap();
  } else if (answer.why_not.empty()) {
    __builtin_trap();
  }
  return 0;
}
