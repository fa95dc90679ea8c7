// `lucid-init probe`: the image's HEALTHCHECK. One line on stdout, exit 0 healthy, 1 otherwise,
// including bad usage: Docker reserves exit status 2 for health checks.
#include "probe/probe_main.hpp"

#include <unistd.h>

#include <csignal>
#include <exception>
#include <string_view>

#include "common/config_error.hpp"
#include "common/service_env.hpp"
#include "probe/command_line.hpp"
#include "probe/probe_options.hpp"
#include "probe/probe_runner.hpp"
#include "probe/supervisor_finder.hpp"
#include "probe/verdict_printer.hpp"

namespace lucid::probe {
namespace {

// stdio is not needed for one line and its buffering would only add work.
void write_all(std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(STDOUT_FILENO, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return;
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

check::Verdict unhealthy(std::string message) {
  check::Verdict verdict;
  verdict.message = std::move(message);
  return verdict;
}

check::Verdict probe(const CommandLine& line, check::TimePoint start) {
  if (line.usage_error) return unhealthy(*line.usage_error);
  try {
    const ProbeOptions options = resolve_options(line, process_env(), find_supervisor);
    check::Verdict verdict = run_probe(options, start);
    verdict.origin = options.origin;
    return verdict;
  } catch (const ConfigError& error) {
    return unhealthy(error.what());
  } catch (const std::exception& error) {
    // Out of memory or file descriptors, say: still one line and status 1, never an abort.
    return unhealthy(std::string("probe failed: ") + error.what());
  }
}

}  // namespace

int probe_main(int argc, char** argv) {
  const check::TimePoint start = check::Clock::now();
  // A closed stdout must not turn the verdict into death by SIGPIPE: the exit status is the
  // contract, the line only explains it.
  static_cast<void>(std::signal(SIGPIPE, SIG_IGN));  // cannot fail for SIGPIPE
  const CommandLine line = parse_command_line(argc, argv);
  if (line.help != Help::kNone && !line.usage_error) {
    write_all(line.help == Help::kAll ? usage_all_text() : usage_text());
    return 0;
  }
  const check::Verdict verdict = probe(line, start);
  switch (line.output) {
    case OutputFormat::kLine:
      write_all(format_line(verdict));
      break;
    case OutputFormat::kJson:
      write_all(format_json(verdict));
      break;
    case OutputFormat::kQuiet:
      break;
  }
  return verdict.healthy ? 0 : 1;
}

}  // namespace lucid::probe
