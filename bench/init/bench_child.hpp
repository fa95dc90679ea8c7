#pragma once
// init_bench_child: the programs every init under test supervises in bench/init/run.py. The same
// binary for all inits, static so it starts the same everywhere. See bench_child.cpp for the
// modes.
#include <ctime>

namespace init_bench {

// CLOCK_MONOTONIC in nanoseconds: the same clock in every PID namespace, so a reading taken in
// the child and one taken by the driver outside can be subtracted.
long long monotonic_ns();

// Writes the whole line with one write(2); async-signal-safe.
void write_line(int fd, const char* text);

// "prefix<number>\n" without stdio, for signal handlers; async-signal-safe.
void write_number_line(int fd, const char* prefix, long long number);

// Sleeps the whole duration even when signals interrupt it.
void sleep_ms(long milliseconds);

// Creates an empty file (the marker files the driver checks afterwards).
void touch(const char* path);

int mode_idle();
int mode_stamp();
int mode_orphans(int count);
int mode_slow_stop(const char* dir);
int mode_adopt(const char* dir);

}  // namespace init_bench
