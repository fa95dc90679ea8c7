#include "init/exit_status.hpp"

#include <fmt/format.h>
#include <sys/wait.h>

#include <optional>

#include "common/config_error.hpp"
#include "init/signal_table.hpp"

namespace lucid::init {
namespace {

constexpr std::string_view kRemapRule = "must be FROM:TO with exit codes 0-255, e.g. 143:0";

std::optional<int> parse_code(std::string_view text) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > 255) return std::nullopt;
  return value;
}

}  // namespace

int exit_code_of(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return 1;  // waitpid without WUNTRACED/WCONTINUED reports nothing else
}

std::optional<int> exited_status(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  return std::nullopt;
}

std::optional<std::string> killing_signal(int wait_status) {
  if (WIFSIGNALED(wait_status)) return signal_name(WTERMSIG(wait_status));
  return std::nullopt;
}

std::string describe_wait_status(int wait_status) {
  if (WIFEXITED(wait_status)) return fmt::format("exited with status {}", WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    return fmt::format("killed by {}{}", signal_name(WTERMSIG(wait_status)),
                       WCOREDUMP(wait_status) ? " (core dumped)" : "");
  }
  return fmt::format("ended with wait status {:#x}", wait_status);
}

void parse_exit_remap(std::string_view source, std::string_view spec, ExitRemap& remap) {
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = spec.find(',', start);
    const std::string_view item = spec.substr(start, comma - start);
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) throw_bad_value(source, spec, kRemapRule);
    const auto from = parse_code(item.substr(0, colon));
    const auto to = parse_code(item.substr(colon + 1));
    if (!from || !to) throw_bad_value(source, spec, kRemapRule);
    remap[*from] = *to;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
}

int remap_exit_code(const ExitRemap& remap, int code) {
  const auto it = remap.find(code);
  return it == remap.end() ? code : it->second;
}

}  // namespace lucid::init
