// tini's exit-code scenario with lucid-init's --remap-exit: for every code 0-255, a remap of
// that code alone changes the status, and a table remapping all 255 other codes leaves it alone.
// (Every code passing through without remapping is the integration suite's ExitStatus test.)
#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "init_process.hpp"

namespace lucid_test {
namespace {

// A code's image under the remaps below: never the code itself.
int shifted(int code) { return (code + 128) % 256; }

// Every code in the release build. Under qemu or the sanitizers each start costs a tenth of a
// second or more, and the remapping logic does not depend on the build: the edges, the special
// statuses and every 16th code there.
std::vector<int> codes_to_test() {
  std::vector<int> codes;
  for (int code = 0; code <= 255; ++code) codes.push_back(code);
#ifdef LUCID_PEERS_SAMPLE_EXIT_CODES
  codes = {0, 1, 2, 126, 127, 128, 130, 137, 143, 254, 255};
  for (int code = 3; code < 255; code += 16) codes.push_back(code);
#endif
  return codes;
}

// Runs one lucid-init per code, a few at a time (each start costs tens of milliseconds under
// qemu), and checks each exit status as it comes.
void for_every_code(const std::function<Launch(int)>& launch_for,
                    const std::function<int(int)>& expected_for) {
  std::deque<std::pair<int, std::unique_ptr<InitProcess>>> running;
  auto finish_oldest = [&] {
    const auto& [code, init] = running.front();
    const Exit exit = init->wait();
    EXPECT_EQ(exit.code, expected_for(code)) << "child exit code " << code << "\n" << exit.err;
    running.pop_front();
  };
  for (const int code : codes_to_test()) {
    running.emplace_back(code, std::make_unique<InitProcess>(launch_for(code)));
    if (running.size() >= 8) finish_oldest();
  }
  while (!running.empty()) finish_oldest();
}

TEST(ExitRemap, EachCodeRemappedOnItsOwn) {
  for_every_code(
      [](int code) {
        const std::string remap = std::to_string(code) + ":" + std::to_string(shifted(code));
        return Launch{Mode::kPid1,
                      with_child({"--remap-exit", remap}, {"exit", std::to_string(code)})};
      },
      shifted);
}

TEST(ExitRemap, RemapsOfEveryOtherCodeLeaveItAlone) {
  for_every_code(
      [](int code) {
        std::string table;
        for (int other = 0; other <= 255; ++other) {
          if (other == code) continue;
          if (!table.empty()) table += ',';
          table += std::to_string(other) + ":" + std::to_string(shifted(other));
        }
        return Launch{Mode::kPid1,
                      with_child({}, {"exit", std::to_string(code)}),
                      {{"LUCID_INIT_REMAP_EXIT", table}}};
      },
      [](int code) { return code; });
}

TEST(ExitRemap, RemapIsAppliedOnceNotChained) {
  // 3 -> 4 and 4 -> 5: a child exiting 3 gives 4, not 5.
  const Exit exit = run_init({Mode::kPid1, with_child({"-r", "3:4", "-r", "4:5"}, {"exit", "3"})});
  EXPECT_EQ(exit.code, 4) << exit.err;
}

TEST(ExitRemap, DeathBySignalIsRemappedThrough128PlusN) {
  // The status is computed first (128+N), then remapped: 138 is SIGUSR1's.
  const Exit exit = run_init({Mode::kPid1, with_child({"-r", "138:0"}, {"raise", "10"})});
  EXPECT_EQ(exit.code, 0) << exit.err;
}

}  // namespace
}  // namespace lucid_test
