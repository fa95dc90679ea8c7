#!/usr/bin/python3.11
"""deny_subreaper.py allow|deny PROGRAM [ARG...]: execs PROGRAM, with `deny` under a seccomp
filter that makes prctl(PR_SET_CHILD_SUBREAPER, ...) fail with EPERM, as a restrictive seccomp
profile of a container runtime would. That is the one real way for the call to fail: the kernel
itself grants it to any process. `allow` runs PROGRAM the same way without the filter.

Python because it runs natively even when PROGRAM is an aarch64 binary run by qemu-user: qemu
will not install a seccomp filter for its guest, but it passes the guest's prctl() on to the host
kernel, where a filter for the host's architecture sees it.
"""
import ctypes
import os
import platform
import signal
import struct
import sys

PR_SET_SECCOMP = 22
PR_SET_NO_NEW_PRIVS = 38
PR_SET_CHILD_SUBREAPER = 36
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
EPERM = 1
# AUDIT_ARCH_* and the number of prctl on the architectures lucid-init runs on.
ARCHES = {"x86_64": (0xC000003E, 157), "aarch64": (0xC00000B7, 167)}
LD_W_ABS, JEQ_K, RET_K = 0x20, 0x15, 0x06  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K


def insn(code, jt, jf, k):
    return struct.pack("HBBI", code, jt, jf, k)


def install_filter():
    arch, prctl_nr = ARCHES[platform.machine()]
    program = b"".join([
        insn(LD_W_ABS, 0, 0, 4),                    # 0: seccomp_data.arch
        insn(JEQ_K, 0, 4, arch),                    # 1: another ABI -> 6
        insn(LD_W_ABS, 0, 0, 0),                    # 2: seccomp_data.nr
        insn(JEQ_K, 0, 2, prctl_nr),                # 3: not prctl -> 6
        insn(LD_W_ABS, 0, 0, 16),                   # 4: args[0], low 32 bits (little endian)
        insn(JEQ_K, 1, 0, PR_SET_CHILD_SUBREAPER),  # 5: -> 7
        insn(RET_K, 0, 0, SECCOMP_RET_ALLOW),       # 6
        insn(RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM),  # 7
    ])

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]

    fprog = SockFprog(len(program) // 8, program)
    libc = ctypes.CDLL(None, use_errno=True)
    if (libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0):
        sys.exit(f"deny_subreaper.py: seccomp: {os.strerror(ctypes.get_errno())}")


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("allow", "deny"):
        sys.exit("usage: deny_subreaper.py allow|deny PROGRAM [ARG...]")
    if sys.argv[1] == "deny":
        install_filter()
    # Python ignores these itself; PROGRAM must start with the defaults like from any shell.
    for signo in (signal.SIGPIPE, signal.SIGXFSZ):
        signal.signal(signo, signal.SIG_DFL)
    os.execv(sys.argv[2], sys.argv[2:])


if __name__ == "__main__":
    main()
