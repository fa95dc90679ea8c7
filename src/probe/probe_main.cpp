// PLACEHOLDER until the probe lands (issue 3).
#include "probe/probe_main.hpp"
namespace lucid::probe {
int probe_main(int, char**) { return 1; }
}  // namespace lucid::probe
