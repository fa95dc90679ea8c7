#include "init/memory_cgroup.hpp"

#include <gtest/gtest.h>

namespace lucid::init {
namespace {

std::vector<std::string> events_files(std::string_view proc_self_cgroup) {
  std::vector<std::string> files;
  for (const auto& c : memory_cgroup_candidates(proc_self_cgroup)) files.push_back(c.events);
  return files;
}

TEST(MemoryCgroup, V2PathThenItsSuffixesDownToTheMountRoot) {
  const auto c = memory_cgroup_candidates("0::/system.slice/app.service\n");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].events, "/sys/fs/cgroup/system.slice/app.service/memory.events");
  EXPECT_EQ(c[0].limit, "/sys/fs/cgroup/system.slice/app.service/memory.max");
  EXPECT_EQ(c[1].events, "/sys/fs/cgroup/app.service/memory.events");
  EXPECT_EQ(c[2].events, "/sys/fs/cgroup/memory.events");
}

TEST(MemoryCgroup, V1MemoryLineAfterV2) {
  // This machine's shape: v1 controllers plus an empty unified line.
  EXPECT_EQ(events_files("9:name=systemd:/\n4:cpu,memory:/process_api/3fb9\n0::/\n"),
            (std::vector<std::string>{"/sys/fs/cgroup/memory.events",
                                      "/sys/fs/cgroup/memory/process_api/3fb9/memory.oom_control",
                                      "/sys/fs/cgroup/memory/3fb9/memory.oom_control",
                                      "/sys/fs/cgroup/memory/memory.oom_control"}));
  const auto c = memory_cgroup_candidates("4:memory:/\n");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].limit, "/sys/fs/cgroup/memory/memory.limit_in_bytes");
}

TEST(MemoryCgroup, IgnoresOtherControllersAndOddLines) {
  EXPECT_EQ(events_files("5:memoryless:/a\n3:cpuset:/b\nnonsense\n1:name=x:relative\n"),
            std::vector<std::string>{});
  EXPECT_EQ(events_files(""), std::vector<std::string>{});
  // A colon inside the path stays in it.
  EXPECT_EQ(events_files("0::/a:b")[0], "/sys/fs/cgroup/a:b/memory.events");
}

TEST(MemoryCgroup, OomKillCountFromEitherFile) {
  EXPECT_EQ(oom_kill_count("low 0\nhigh 0\nmax 12\noom 2\noom_kill 1\noom_group_kill 0\n"), 1u);
  EXPECT_EQ(oom_kill_count("oom_kill_disable 0\nunder_oom 0\noom_kill 7\n"), 7u);
  EXPECT_EQ(oom_kill_count("oom_kill_disable 0\nunder_oom 0\n"), std::nullopt);
  EXPECT_EQ(oom_kill_count("oom_kill x\n"), std::nullopt);
  EXPECT_EQ(oom_kill_count(""), std::nullopt);
}

TEST(MemoryCgroup, LimitDescriptions) {
  EXPECT_EQ(describe_memory_limit("67108864\n"), "memory limit 64 MiB");
  EXPECT_EQ(describe_memory_limit("2147483648\n"), "memory limit 2 GiB");
  EXPECT_EQ(describe_memory_limit("1536000\n"), "memory limit 1500 KiB");
  EXPECT_EQ(describe_memory_limit("1000"), "memory limit 1000 bytes");
  EXPECT_EQ(describe_memory_limit("max\n"), "no memory limit");
  EXPECT_EQ(describe_memory_limit("9223372036854771712\n"), "no memory limit");
  EXPECT_EQ(describe_memory_limit("lots\n"), "");
  EXPECT_EQ(describe_memory_limit(""), "");
}

TEST(MemoryCgroup, Note) {
  EXPECT_EQ(oom_note("memory limit 64 MiB"),
            "out of memory (the kernel's OOM killer; memory limit 64 MiB)");
  EXPECT_EQ(oom_note(""), "out of memory (the kernel's OOM killer)");
}

}  // namespace
}  // namespace lucid::init
