#pragma once
// What machine a benchmark ran on, for the JSON's "context": results are compared only with a
// baseline of the same machine (bench/track.sh), and a Raspberry Pi names neither its CPU model
// nor its board where x86 does.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lucid::bench {

// The CPU model /proc/cpuinfo names: its first "model name" (x86, some ARM kernels), else the
// ARM cores from "CPU implementer"/"CPU part" ("Cortex-A72"; several kinds joined with " + "),
// else "Hardware", else "unknown".
std::string cpu_model_from_cpuinfo(std::string_view cpuinfo);

// /proc/device-tree/model ("Raspberry Pi 4 Model B Rev 1.4" and a NUL) as one clean line.
std::string board_from_device_tree(std::string_view model);

// cpu_model, kernel ("Linux RELEASE MACHINE") and board (only when the device tree names one),
// read from this machine.
std::vector<std::pair<std::string, std::string>> read_machine_context();

}  // namespace lucid::bench
