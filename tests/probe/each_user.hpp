#pragma once
// End-to-end suites run twice: as root and as the images' user 65532 (no capabilities, no
// writable root), which is how Docker runs the HEALTHCHECK.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "probe_process.hpp"

namespace lucid::probe::test {

class EachUser : public ::testing::TestWithParam<RunAs> {
 protected:
  void SetUp() override {
    if (GetParam() == RunAs::kServiceUser) {
      const std::string why = service_user_unavailable();
      if (!why.empty()) GTEST_SKIP() << why;
    }
  }

  ProbeRun probe(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    return run_probe(args, GetParam(), env);
  }
};

inline std::string user_name(const ::testing::TestParamInfo<RunAs>& info) {
  return info.param == RunAs::kRoot ? "AsRoot" : "AsUid65532";
}

inline const auto kEachUser = ::testing::Values(RunAs::kRoot, RunAs::kServiceUser);

}  // namespace lucid::probe::test
