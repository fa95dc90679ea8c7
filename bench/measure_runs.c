/* Whole-process comparison of health-check commands on one listener: runs them interleaved
 * (A B C A B C ...) so machine drift hits all alike, and prints the median wall time, CPU time
 * and peak RSS of each, and for every pair the later command's cost over the earlier one's: put
 * the cheapest first.
 *
 *   measure_runs [-n RUNS] [--json FILE] -- NAME PROGRAM ARGS... [-- NAME PROGRAM ARGS...]...
 *
 * "{port}" in any argument becomes the port of the listener this program opens on 127.0.0.1.
 * --json FILE also writes the runs as Google Benchmark's JSON, so that its compare.py reads them
 * (bench/track.sh): benchmark "spawn/NAME", each run one repetition of one iteration, real_time
 * the wall and cpu_time the child's user + system time in ms, counter peak_rss_kib; then the
 * mean, median, stddev and cv aggregates Google Benchmark adds to repetitions. Family indexes
 * start at 1000, after any Google Benchmark family the file is merged with (bench/kit/run).
 * It never accepts a connection by itself: the kernel completes the handshake, and the queue is
 * drained after each run.
 *
 * Written in C and linked static on purpose: a child's peak RSS as wait4 reports it includes what
 * it inherited through fork before exec, so the measuring process has to be tiny itself. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { kMaxCommands = 8, kMaxRuns = 5000 };

struct Command {
  const char* name;
  char** argv;
  double wall_ms[kMaxRuns];
  double cpu_ms[kMaxRuns];
  double rss_kib[kMaxRuns];
  int failures;
};

static struct Command commands[kMaxCommands];
static int command_count;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double timeval_ms(struct timeval tv) {
  return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

static int compare_doubles(const void* a, const void* b) {
  const double x = *(const double*)a;
  const double y = *(const double*)b;
  return (x > y) - (x < y);
}

static double median(double* values, int count) {
  qsort(values, (size_t)count, sizeof *values, compare_doubles);
  return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

/* The statistics Google Benchmark computes over repetitions (mean, median, sample stddev, and cv
 * = stddev / mean), of a copy: the runs keep their order. */
struct Statistics {
  double mean, median, stddev, cv;
};

static struct Statistics statistics(const double* values, int count) {
  static double sorted[kMaxRuns];
  struct Statistics s = {0, 0, 0, 0};
  for (int i = 0; i < count; ++i) s.mean += values[i] / count;
  for (int i = 0; i < count; ++i) {
    s.stddev += (values[i] - s.mean) * (values[i] - s.mean);
  }
  s.stddev = count > 1 ? sqrt(s.stddev / (count - 1)) : 0;
  s.cv = s.mean > 0 ? s.stddev / s.mean : 0;
  memcpy(sorted, values, (size_t)count * sizeof *values);
  s.median = median(sorted, count);
  return s;
}

static int valid_name(const char* name) {
  if (*name == '\0') return 0;
  for (; *name != '\0'; ++name) {
    if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *name) ==
        NULL) {
      return 0;
    }
  }
  return 1;
}

static void json_entry(FILE* out, const struct Command* command, int family, int runs,
                       const char* suffix, const char* run_type, int index, double wall, double cpu,
                       double rss) {
  fprintf(out, "    {\n      \"name\": \"spawn/%s%s\",\n", command->name, suffix);
  fprintf(out, "      \"family_index\": %d,\n      \"per_family_instance_index\": 0,\n",
          1000 + family);
  fprintf(out, "      \"run_name\": \"spawn/%s\",\n      \"run_type\": \"%s\",\n", command->name,
          run_type);
  fprintf(out, "      \"repetitions\": %d,\n", runs);
  if (index >= 0) {
    fprintf(out, "      \"repetition_index\": %d,\n", index);
  } else {
    fprintf(out, "      \"aggregate_name\": \"%s\",\n", suffix + 1);
    fprintf(out, "      \"aggregate_unit\": \"%s\",\n",
            strcmp(suffix, "_cv") == 0 ? "percentage" : "time");
  }
  fprintf(out, "      \"threads\": 1,\n      \"iterations\": %d,\n", index >= 0 ? 1 : runs);
  fprintf(out, "      \"real_time\": %.17g,\n      \"cpu_time\": %.17g,\n", wall, cpu);
  fprintf(out, "      \"time_unit\": \"ms\",\n      \"failed_runs\": %d,\n", command->failures);
  fprintf(out, "      \"peak_rss_kib\": %.17g\n    }", rss);
}

static int write_json(const char* path, int runs) {
  FILE* out = fopen(path, "w");
  if (out == NULL) {
    fprintf(stderr, "--json '%s': %s\n", path, strerror(errno));
    return 1;
  }
  fprintf(out, "{\n  \"context\": {\n    \"executable\": \"measure_runs\",\n");
  fprintf(out, "    \"runs\": %d\n  },\n  \"benchmarks\": [\n", runs);
  static const char* const kAggregates[] = {"_mean", "_median", "_stddev", "_cv"};
  for (int c = 0; c < command_count; ++c) {
    const struct Command* command = &commands[c];
    for (int run = 0; run < runs; ++run) {
      json_entry(out, command, c, runs, "", "iteration", run, command->wall_ms[run],
                 command->cpu_ms[run], command->rss_kib[run]);
      fputs(",\n", out);
    }
    const struct Statistics wall = statistics(command->wall_ms, runs);
    const struct Statistics cpu = statistics(command->cpu_ms, runs);
    const struct Statistics rss = statistics(command->rss_kib, runs);
    const double values[4][3] = {{wall.mean, cpu.mean, rss.mean},
                                 {wall.median, cpu.median, rss.median},
                                 {wall.stddev, cpu.stddev, rss.stddev},
                                 {wall.cv, cpu.cv, rss.cv}};
    for (int a = 0; a < 4; ++a) {
      json_entry(out, command, c, runs, kAggregates[a], "aggregate", -1, values[a][0], values[a][1],
                 values[a][2]);
      fputs(c + 1 < command_count || a < 3 ? ",\n" : "\n", out);
    }
  }
  fprintf(out, "  ]\n}\n");
  if (fclose(out) != 0) {
    fprintf(stderr, "--json '%s': %s\n", path, strerror(errno));
    return 1;
  }
  return 0;
}

/* Replaces "{port}" in place of each argument that has it (the strings are leaked: the program
 * is short-lived). */
static void substitute_port(char** argv, int port) {
  for (; *argv != NULL; ++argv) {
    const char* mark = strstr(*argv, "{port}");
    if (mark == NULL) continue;
    const size_t size = strlen(*argv) + 16;
    char* replaced = malloc(size);
    snprintf(replaced, size, "%.*s%d%s", (int)(mark - *argv), *argv, port, mark + 6);
    *argv = replaced;
    --argv; /* several marks in one argument */
  }
}

static int open_listener(void) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  struct sockaddr_in address = {0};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, (struct sockaddr*)&address, length) != 0 || listen(fd, 4096) != 0 ||
      getsockname(fd, (struct sockaddr*)&address, &length) != 0) {
    perror("listener");
    exit(1);
  }
  return fd;
}

static void drain(int listener) {
  int fd;
  while ((fd = accept(listener, NULL, NULL)) >= 0) close(fd);
}

static void run_once(struct Command* command, int run, int listener) {
  const double start = now_ms();
  const pid_t pid = fork();
  if (pid == 0) {
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    execv(command->argv[0], command->argv);
    _exit(127);
  }
  int status = 0;
  struct rusage usage;
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  command->wall_ms[run] = now_ms() - start;
  command->cpu_ms[run] = timeval_ms(usage.ru_utime) + timeval_ms(usage.ru_stime);
  command->rss_kib[run] = (double)usage.ru_maxrss;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++command->failures;
  drain(listener);
}

int main(int argc, char** argv) {
  int runs = 200;
  const char* json = NULL;
  int i = 1;
  for (; i + 1 < argc && strcmp(argv[i], "--") != 0; i += 2) {
    if (strcmp(argv[i], "-n") == 0) {
      runs = atoi(argv[i + 1]);
    } else if (strcmp(argv[i], "--json") == 0) {
      json = argv[i + 1];
    } else {
      break;
    }
  }
  if (runs < 1 || runs > kMaxRuns) {
    fprintf(stderr, "runs must be 1-%d\n", kMaxRuns);
    return 1;
  }
  if (i < argc && strcmp(argv[i], "--") != 0) {
    const int known = strcmp(argv[i], "-n") == 0 || strcmp(argv[i], "--json") == 0;
    fprintf(stderr,
            known ? "measure_runs: %s needs a value\n"
                  : "measure_runs: '%s' is not an option (-n RUNS, --json FILE) nor '--'\n",
            argv[i]);
    return 1;
  }
  /* Split "-- NAME PROGRAM ARGS..." groups in place. */
  for (; i < argc; ++i) {
    if (strcmp(argv[i], "--") != 0) continue;
    argv[i] = NULL;
    if (i + 2 >= argc || command_count == kMaxCommands) {
      fprintf(stderr,
              "usage: measure_runs [-n RUNS] [--json FILE] -- NAME PROGRAM ARGS... [-- ...]\n");
      return 1;
    }
    if (!valid_name(argv[i + 1])) {
      fprintf(stderr, "command name '%s': letters, digits, '.', '_' and '-' only\n", argv[i + 1]);
      return 1;
    }
    commands[command_count].name = argv[i + 1];
    commands[command_count].argv = &argv[i + 2];
    ++command_count;
  }
  if (command_count == 0) {
    fprintf(stderr,
            "usage: measure_runs [-n RUNS] [--json FILE] -- NAME PROGRAM ARGS... [-- ...]\n");
    return 1;
  }
  const int listener = open_listener();
  struct sockaddr_in address;
  socklen_t length = sizeof address;
  getsockname(listener, (struct sockaddr*)&address, &length);
  const int port = ntohs(address.sin_port);
  for (int c = 0; c < command_count; ++c) substitute_port(commands[c].argv, port);

  /* One untimed round warms the page cache for every binary. */
  for (int c = 0; c < command_count; ++c) {
    run_once(&commands[c], 0, listener);
    commands[c].failures = 0;
  }
  for (int run = 0; run < runs; ++run) {
    for (int c = 0; c < command_count; ++c) run_once(&commands[c], run, listener);
  }

  if (json != NULL && write_json(json, runs) != 0) return 1;

  printf("%d runs of each, interleaved, against a listener on 127.0.0.1:%d\n\n", runs, port);
  printf("| command | median wall | median CPU | median peak RSS | failed runs |\n");
  printf("|---|---:|---:|---:|---:|\n");
  double wall[kMaxCommands];
  double cpu[kMaxCommands];
  double rss[kMaxCommands];
  for (int c = 0; c < command_count; ++c) {
    wall[c] = median(commands[c].wall_ms, runs);
    cpu[c] = median(commands[c].cpu_ms, runs);
    rss[c] = median(commands[c].rss_kib, runs);
    printf("| %s | %.3f ms | %.3f ms | %.2f MiB (%.0f KiB) | %d |\n", commands[c].name, wall[c],
           cpu[c], rss[c] / 1024, rss[c], commands[c].failures);
  }
  printf("\n| ratio | wall | CPU | peak RSS |\n|---|---:|---:|---:|\n");
  for (int a = 0; a < command_count; ++a) {
    for (int b = a + 1; b < command_count; ++b) {
      printf("| %s / %s | %.2fx | %.2fx | %.2fx |\n", commands[b].name, commands[a].name,
             wall[b] / wall[a], cpu[a] > 0 ? cpu[b] / cpu[a] : 0, rss[b] / rss[a]);
    }
  }
  return 0;
}
