#include "probe/verdict_printer.hpp"

#include <fmt/format.h>

#include <chrono>

#include "check/verdict_text.hpp"
#include "common/fixed_point.hpp"
#include "common/json_string.hpp"

namespace lucid::probe {
namespace {

// Budgets per JSON string keep the whole object under kMaxLineBytes whatever the user passed.
constexpr std::size_t kMaxJsonTarget = 1024;
constexpr std::size_t kMaxJsonAddress = 256;
constexpr std::size_t kMaxJsonMessage = 2048;
constexpr std::size_t kMaxJsonOrigin = 512;

// Cuts before the last byte that fits without splitting a UTF-8 sequence, and marks the cut.
void cap(std::string& line, std::size_t max_bytes) {
  if (line.size() <= max_bytes) return;
  constexpr std::string_view kCut = "...";
  std::size_t end = max_bytes - kCut.size();
  while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xc0) == 0x80) --end;
  line.resize(end);
  line += kCut;
}

}  // namespace

std::string format_line(const check::Verdict& verdict) {
  std::string line = (verdict.healthy ? "healthy: " : "unhealthy: ") + check::verdict_text(verdict);
  cap(line, kMaxLineBytes - 1);
  line += '\n';
  return line;
}

std::string format_json(const check::Verdict& verdict) {
  std::string json = fmt::format("{{\"healthy\":{}", verdict.healthy);
  if (!verdict.target.empty()) {
    json += ",\"target\":";
    append_json_string(json, verdict.target, kMaxJsonTarget);
  }
  if (!verdict.address.empty()) {
    json += ",\"address\":";
    append_json_string(json, verdict.address, kMaxJsonAddress);
  }
  if (verdict.status != 0) json += fmt::format(",\"status\":{}", verdict.status);
  if (verdict.elapsed) {
    const double ms = std::chrono::duration<double, std::milli>(*verdict.elapsed).count();
    json += ",\"elapsed_ms\":" + format_fixed(ms, 3);
  }
  if (!verdict.origin.empty()) {
    json += ",\"origin\":";
    append_json_string(json, verdict.origin, kMaxJsonOrigin);
  }
  json += fmt::format(",\"tries\":{},\"message\":", verdict.tries);
  append_json_string(json, verdict.message, kMaxJsonMessage);
  json += "}\n";
  return json;
}

}  // namespace lucid::probe
