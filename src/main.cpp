// lucid-init: PID 1 for one service (init/), or the image's health check (`lucid-init probe`).
#include <cstring>

#include "init/init_main.hpp"
#include "probe/probe_main.hpp"

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "probe") == 0) {
    return lucid::probe::probe_main(argc - 1, argv + 1);
  }
  return lucid::init::init_main(argc, argv);
}
