#include "machine_context.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using lucid::bench::board_from_device_tree;
using lucid::bench::cpu_model_from_cpuinfo;

TEST(CpuModel, X86NamesItsModel) {
  EXPECT_EQ(cpu_model_from_cpuinfo("processor\t: 0\nvendor_id\t: GenuineIntel\n"
                                   "model name\t: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz\n"
                                   "processor\t: 1\nmodel name\t: something else\n"),
            "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz");
}

// A Raspberry Pi 4's 64-bit kernel: no model name, four cores by number, the board at the end.
TEST(CpuModel, RaspberryPi4IsCortexA72) {
  std::string cpuinfo;
  for (int cpu = 0; cpu < 4; ++cpu) {
    cpuinfo += "processor\t: " + std::to_string(cpu) +
               "\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\n"
               "CPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x0\n"
               "CPU part\t: 0xd08\nCPU revision\t: 3\n\n";
  }
  cpuinfo +=
      "Revision\t: c03114\nSerial\t\t: 10000000abcdef01\nModel\t\t: Raspberry Pi 4 Model B Rev "
      "1.4\n";
  EXPECT_EQ(cpu_model_from_cpuinfo(cpuinfo), "Cortex-A72");
}

TEST(CpuModel, BigLittleNamesEachKindOnce) {
  EXPECT_EQ(cpu_model_from_cpuinfo("CPU implementer\t: 0x41\nCPU part\t: 0xd03\n"
                                   "CPU implementer\t: 0x41\nCPU part\t: 0xd03\n"
                                   "CPU implementer\t: 0x41\nCPU part\t: 0xd0b\n"),
            "Cortex-A53 + Cortex-A76");
}

TEST(CpuModel, UnknownCoreByNumber) {
  EXPECT_EQ(cpu_model_from_cpuinfo("CPU implementer\t: 0x61\nCPU part\t: 0x022\n"),
            "implementer 0x61 part 0x022");
}

TEST(CpuModel, HardwareLineOrUnknown) {
  EXPECT_EQ(cpu_model_from_cpuinfo("Hardware\t: BCM2835\n"), "BCM2835");
  EXPECT_EQ(cpu_model_from_cpuinfo(""), "unknown");
  EXPECT_EQ(cpu_model_from_cpuinfo("model name\t:\n"), "unknown");
}

TEST(Board, DeviceTreeModelWithoutItsNul) {
  EXPECT_EQ(board_from_device_tree(std::string("Raspberry Pi 4 Model B Rev 1.4\0", 31)),
            "Raspberry Pi 4 Model B Rev 1.4");
}

TEST(Board, ControlCharactersBecomeSpaces) {
  EXPECT_EQ(board_from_device_tree("Board\nX\x7f\n"), "Board X");
  EXPECT_EQ(board_from_device_tree(""), "");
}

}  // namespace
