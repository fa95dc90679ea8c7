#pragma once
// How many of something a stress test does. Natively the full count the issue asks for; where
// every process start and signal goes through qemu-user (the aarch64 tests) or a sanitizer's
// runtime, fewer, so each test stays within tens of seconds there too. The behaviour checked is
// the same at every count.
namespace lucid_test {

constexpr int scaled(int native, int emulated, int sanitized) {
#if defined(LUCID_TEST_EMULATED)
  (void)native;
  (void)sanitized;
  return emulated;
#elif defined(LUCID_TEST_SANITIZED)
  (void)native;
  (void)emulated;
  return sanitized;
#else
  (void)emulated;
  (void)sanitized;
  return native;
#endif
}

}  // namespace lucid_test
