// Compiles only against glibc 2.36, the C library the glibc stubs were written for
// (cmake/LibcStubs.cmake).
#include <features.h>

#if !defined(__GLIBC__) || __GLIBC__ != 2 || __GLIBC_MINOR__ != 36
#error "not glibc 2.36"
#endif

int main() { return 0; }
