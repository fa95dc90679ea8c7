#pragma once
// The probe reads /etc/hosts and /etc/resolv.conf at their fixed paths, and resolv.conf can only
// name port 53. So each resolver test runs twice: the outer run starts the test binary again
// (the same test only) under `unshare --net --mount`, and that inner run, alone with its own
// loopback and its own mount table, lays its files over the real ones, serves DNS on
// 127.0.0.1:53 and runs the probe. Namespaces by a new process rather than unshare(2) in this one:
// unshare(CLONE_NEWNS) refuses a process with threads, and qemu-user always has one.
#include <string>

namespace lucid_test {

bool inside_resolver_sandbox();

// Runs the current test inside the sandbox; its output goes to this test's output. Returns its
// exit status (0: the test passed there).
int run_in_resolver_sandbox();

// Inside the sandbox, before anything binds to 127.0.0.1: a new namespace's loopback is down.
void bring_loopback_up();

// Inside the sandbox: these texts bind-mounted over /etc/hosts and
// /etc/resolv.conf (kept in a scratch directory that lives as long as the process).
void use_resolver_files(const std::string& hosts, const std::string& resolv_conf);

}  // namespace lucid_test

// The first statement of a resolver test: everything after it runs inside the sandbox.
#define LUCID_RUN_IN_RESOLVER_SANDBOX()                                                     \
  if (!::lucid_test::inside_resolver_sandbox()) {                                           \
    EXPECT_EQ(::lucid_test::run_in_resolver_sandbox(), 0)                                   \
        << "the test failed inside its network and mount namespaces (its output is above)"; \
    return;                                                                                 \
  }
