// init_bench_child MODE: one behaviour per benchmark.
//   idle              sleeps in pause() until a signal ends it (idle cost of the init);
//   stamp             stamps CLOCK_MONOTONIC in its SIGTERM handler (signal-forward latency);
//   orphans COUNT     releases COUNT orphaned grandchildren at once and times their reaping;
//   slow-stop DIR     exits 0.5 s after SIGTERM, leaving a grandchild with 2 s of cleanup;
//   adopt DIR         reports who adopts an orphan (compare.py).
#include "bench_child.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace init_bench {

long long monotonic_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

void write_line(int fd, const char* text) {
  const std::size_t size = std::strlen(text);
  while (write(fd, text, size) < 0 && errno == EINTR) {
  }
}

void write_number_line(int fd, const char* prefix, long long number) {
  char digits[24];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + number % 10);
    number /= 10;
  } while (number > 0 && count < 23);
  char line[96];
  std::size_t at = 0;
  for (const char* p = prefix; *p != '\0' && at < 64; ++p) line[at++] = *p;
  while (count > 0) line[at++] = digits[--count];
  line[at++] = '\n';
  line[at] = '\0';
  write_line(fd, line);
}

void sleep_ms(long milliseconds) {
  timespec left{milliseconds / 1000, (milliseconds % 1000) * 1000000L};
  while (nanosleep(&left, &left) != 0 && errno == EINTR) {
  }
}

void touch(const char* path) {
  const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd >= 0) close(fd);
}

int mode_idle() {
  // Default dispositions: the init's SIGTERM ends it.
  for (;;) pause();
}

}  // namespace init_bench

int main(int argc, char** argv) {
  using namespace init_bench;
  const char* mode = argc > 1 ? argv[1] : "";
  if (std::strcmp(mode, "idle") == 0) return mode_idle();
  if (std::strcmp(mode, "stamp") == 0) return mode_stamp();
  if (std::strcmp(mode, "orphans") == 0 && argc == 3) return mode_orphans(std::atoi(argv[2]));
  if (std::strcmp(mode, "slow-stop") == 0 && argc == 3) return mode_slow_stop(argv[2]);
  if (std::strcmp(mode, "adopt") == 0 && argc == 3) return mode_adopt(argv[2]);
  std::fprintf(
      stderr, "usage: init_bench_child idle | stamp | orphans COUNT | slow-stop DIR | adopt DIR\n");
  return 2;
}
