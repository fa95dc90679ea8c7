#pragma once
// Collects a child's stdout and stderr from two pipes until both are closed, with a deadline, so a
// hung program cannot hang the test. Shared by the probe's end-to-end tests and the stress tests.
#include <chrono>
#include <string>

namespace lucid_test {

// Reads out_fd into `out` and err_fd into `err` until both reach end of file (true) or `deadline`
// passes (false). Closes both descriptors either way.
bool capture_output(int out_fd, int err_fd, std::string& out, std::string& err,
                    std::chrono::steady_clock::time_point deadline);

}  // namespace lucid_test
