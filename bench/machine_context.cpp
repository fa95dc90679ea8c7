#include "machine_context.hpp"

#include <sys/utsname.h>

#include <fstream>
#include <iterator>
#include <optional>

namespace lucid::bench {
namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// The value of a "key<TAB>: value" line of /proc/cpuinfo when its key is `key`.
std::optional<std::string_view> field(std::string_view line, std::string_view key) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || trim(line.substr(0, colon)) != key) return std::nullopt;
  return trim(line.substr(colon + 1));
}

// Arm Ltd's own cores (implementer 0x41) of the boards the kit is for; others by number.
std::string arm_core(std::string_view implementer, std::string_view part) {
  if (implementer == "0x41") {
    if (part == "0xd03") return "Cortex-A53";  // Pi 3, Pi Zero 2
    if (part == "0xd08") return "Cortex-A72";  // Pi 4, Pi 400, CM4
    if (part == "0xd0b") return "Cortex-A76";  // Pi 5
  }
  return "implementer " + std::string(implementer) + " part " + std::string(part);
}

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

std::string cpu_model_from_cpuinfo(std::string_view cpuinfo) {
  std::string cores;
  std::string hardware;
  std::string_view implementer;
  while (!cpuinfo.empty()) {
    const auto end = cpuinfo.find('\n');
    const auto line = cpuinfo.substr(0, end);
    cpuinfo = end == std::string_view::npos ? std::string_view{} : cpuinfo.substr(end + 1);
    if (const auto value = field(line, "model name"); value && !value->empty()) {
      return std::string(*value);
    }
    if (const auto value = field(line, "CPU implementer")) implementer = *value;
    if (const auto value = field(line, "CPU part")) {
      const auto core = arm_core(implementer, *value);
      if (cores.find(core) == std::string::npos) cores += (cores.empty() ? "" : " + ") + core;
    }
    if (const auto value = field(line, "Hardware")) hardware = *value;
  }
  if (!cores.empty()) return cores;
  return hardware.empty() ? "unknown" : hardware;
}

std::string board_from_device_tree(std::string_view model) {
  std::string board;
  for (const char c : model.substr(0, model.find('\0'))) {
    board += (c < ' ' || c == '\x7f') ? ' ' : c;
  }
  return std::string(trim(board));
}

std::vector<std::pair<std::string, std::string>> read_machine_context() {
  std::vector<std::pair<std::string, std::string>> context;
  context.emplace_back("cpu_model", cpu_model_from_cpuinfo(read_file("/proc/cpuinfo")));
  utsname name{};
  if (uname(&name) == 0) {
    context.emplace_back("kernel",
                         std::string(name.sysname) + " " + name.release + " " + name.machine);
  }
  if (auto board = board_from_device_tree(read_file("/proc/device-tree/model")); !board.empty()) {
    context.emplace_back("board", std::move(board));
  }
  return context;
}

}  // namespace lucid::bench
