#pragma once
namespace lucid::probe {
// argv[0] is "probe". Returns the process exit status: 0 healthy, 1 unhealthy or bad usage.
int probe_main(int argc, char** argv);
}  // namespace lucid::probe
