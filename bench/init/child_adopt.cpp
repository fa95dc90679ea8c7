// `adopt DIR`: who adopts an orphan while the init and its child are still running. The child
// forks a middle process that forks the orphan-to-be and exits at once; the orphan waits until
// its parent has changed and writes the new parent's pid to DIR/adopter (the init when it is PID
// 1 or a child subreaper, the system's init otherwise), then exits. The child sleeps until it is
// killed, so nobody exits and re-parents the orphan a second time before it has looked.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "bench_child.hpp"

namespace init_bench {

int mode_adopt(const char* dir) {
  const pid_t middle = fork();
  if (middle < 0) return 1;
  if (middle == 0) {
    const pid_t orphan = fork();
    if (orphan == 0) {
      const pid_t first_parent = getppid();
      for (int i = 0; i < 10000 && getppid() == first_parent; ++i) sleep_ms(1);
      const std::string path = std::string(dir) + "/adopter";
      FILE* out = std::fopen(path.c_str(), "w");
      if (out != nullptr) {
        std::fprintf(out, "%d\n", static_cast<int>(getppid()));
        std::fclose(out);
      }
      _exit(0);
    }
    _exit(orphan < 0 ? 1 : 0);
  }
  waitpid(middle, nullptr, 0);
  for (;;) pause();
}

}  // namespace init_bench
