#pragma once
// Starts the command line a Launch describes (unshare/setpriv/lucid-init) with exactly the
// descriptors, signal mask, ignored signals and environment the test chose.
#include <sys/types.h>

#include "init_process.hpp"

namespace lucid_test {

struct Stdio {
  int in;
  int out;
  int err;        // -1: descriptor 2 stays closed
  bool terminal;  // `in` is a terminal to make the controlling one, in a new session
};

// Forks and execs; returns the pid of the direct child (unshare, or lucid-init itself).
pid_t spawn_launcher(const Launch& launch, const Stdio& stdio);

}  // namespace lucid_test
