#include "init/signal_rewrite.hpp"

#include <fmt/format.h>

#include <csignal>

#include "common/config_error.hpp"
#include "init/signal_table.hpp"

namespace lucid::init {
namespace {

constexpr std::string_view kRewriteRule =
    "must be FROM:TO with signal names or numbers, TO 0 to drop FROM, e.g. TERM:QUIT";

}  // namespace

void parse_signal_rewrite(std::string_view source, std::string_view spec, SignalRewrite& rewrite) {
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = spec.find(',', start);
    const std::string_view item = spec.substr(start, comma - start);
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) throw_bad_value(source, spec, kRewriteRule);
    const auto from = parse_signal(item.substr(0, colon));
    const std::string_view to_text = item.substr(colon + 1);
    const auto to = to_text == "0" ? std::optional<int>(0) : parse_signal(to_text);
    if (!from || !to) throw_bad_value(source, spec, kRewriteRule);
    // The kernel never lets anyone catch KILL or STOP; CHLD is lucid-init's own (reaping).
    if (*from == SIGKILL || *from == SIGSTOP || *from == SIGCHLD) {
      throw_bad_value(source, spec,
                      fmt::format("{} is never forwarded (SIGKILL and SIGSTOP cannot be caught, "
                                  "SIGCHLD is lucid-init's own), so it cannot be rewritten",
                                  signal_name(*from)));
    }
    if (!rewrite.emplace(*from, *to).second) {
      throw_bad_value(
          source, spec,
          fmt::format("{} is rewritten twice: give each signal one TO", signal_name(*from)));
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
}

int rewritten_signal(const SignalRewrite& rewrite, int signo) {
  const auto found = rewrite.find(signo);
  return found == rewrite.end() ? signo : found->second;
}

}  // namespace lucid::init
