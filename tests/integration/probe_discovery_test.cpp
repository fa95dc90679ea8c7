// A bare `lucid-init probe` finds the service's port from the running supervisor (issue 12): the
// real binary as PID 1 of a fresh PID namespace, the probe entered into that namespace the way
// `docker exec` and Docker's HEALTHCHECK enter a container (nsenter: its parent is outside, so it
// is no descendant of PID 1), with only the image's environment, as uid 65532 or as root.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <regex>

#include "init_process.hpp"

namespace lucid_test {
namespace {

const std::vector<std::string> kAsServiceUser = {"/usr/bin/setpriv", "--reuid", "65532",
                                                 "--regid",          "65532",   "--clear-groups"};

// A wrapper that enters the PID and mount namespace of `target` (a host pid), where /proc is the
// namespace's own, and runs `binary` (empty: lucid-init) there.
std::vector<std::string> inside(pid_t target, bool as_service_user, const std::string& binary) {
  std::vector<std::string> wrapper = {
      "/usr/bin/nsenter", "-t", std::to_string(target), "-p", "-m", "--"};
  if (as_service_user) wrapper.insert(wrapper.end(), kAsServiceUser.begin(), kAsServiceUser.end());
  // The launcher appends lucid-init's path and its arguments: the path is dropped for `binary`.
  if (!binary.empty())
    wrapper.insert(wrapper.end(), {"/bin/sh", "-c", "shift; exec \"$0\" \"$@\"", binary});
  return wrapper;
}

// `lucid-init probe ARGS` inside the namespaces of `target`, run from `binary`.
Exit probe_inside(pid_t target, bool as_service_user, std::vector<std::string> args, Env env = {},
                  const std::string& binary = "") {
  args.insert(args.begin(), "probe");
  Launch launch(Mode::kSubreaper, std::move(args), std::move(env));
  launch.wrapper = inside(target, as_service_user, binary);
  return run_init(launch);
}

// A supervisor of service "api" whose child listens on API_PORT, as exported by lucid-init.
class Supervised {
 public:
  Supervised(Mode mode, std::vector<std::string> options, Env env = {},
             std::vector<std::string> wrapper = {})
      : wrapped_(!wrapper.empty()),
        init_(launch(mode, std::move(options), std::move(env), std::move(wrapper))) {
    ready_ = init_.wait_for([&] { return file_exists(dir_ / "ready"); });
  }
  ~Supervised() {
    // Under a stand-in PID 1 (which has no handler, so the kernel drops a SIGTERM sent to it),
    // lucid-init, its child, gets the signal; the stand-in exits with it.
    const std::vector<pid_t> under = children_of(init_.init_pid());
    if (wrapped_ && !under.empty()) {
      kill(under.front(), SIGTERM);
    } else {
      init_.send(SIGTERM);
    }
    init_.wait();
  }
  Supervised(const Supervised&) = delete;
  Supervised& operator=(const Supervised&) = delete;

  bool ready() const { return ready_; }
  std::string why_not() { return init_.err(); }
  pid_t pid() { return init_.init_pid(); }

 private:
  Launch launch(Mode mode, std::vector<std::string> options, Env env,
                std::vector<std::string> wrapper) {
    Launch l(mode, with_child(std::move(options), {"listen", "API_PORT", dir_.path()}),
             std::move(env));
    l.wrapper = std::move(wrapper);
    return l;
  }

  TempDir dir_;
  bool wrapped_;
  InitProcess init_;
  bool ready_ = false;
};

std::string healthy_line(const std::string& port, const std::string& origin) {
  return "healthy: tcp 127.0.0.1:" + port + " connected in [0-9.]+ m?s; target from " + origin +
         "\n";
}

#define EXPECT_LINE(out, pattern)                         \
  EXPECT_TRUE(std::regex_match(out, std::regex(pattern))) \
      << "line: " << (out) << "pattern: " << (pattern)

// The seed's image written once: --service and --default-port on the ENTRYPOINT only.
TEST(ProbeDiscovery, BareProbeFindsThePortOfPid1) {
  const std::string port = std::to_string(free_tcp_port());
  Supervised api(Mode::kPid1Unprivileged, {"--service", "api", "--default-port", port});
  ASSERT_TRUE(api.ready()) << api.why_not();
  const Exit probe = probe_inside(api.pid(), true, {});
  EXPECT_EQ(probe.code, 0) << probe.out << probe.err;
  EXPECT_LINE(probe.out, healthy_line(port,
                                      "lucid-init pid 1: service API by --service, port by "
                                      "--default-port"));
  EXPECT_EQ(probe.err, "");
}

// `docker run -e API_PORT=...`: the variable is in the supervisor's environment; here the probe
// is not given it, so only the supervisor's environment can tell.
TEST(ProbeDiscovery, PortVariableOfTheSupervisorsEnvironment) {
  const std::string port = std::to_string(free_tcp_port());
  Supervised api(Mode::kPid1Unprivileged, {}, {{"LUCID_SERVICE", "api"}, {"API_PORT", port}});
  ASSERT_TRUE(api.ready()) << api.why_not();
  const Exit probe = probe_inside(api.pid(), true, {"--service", "api"});
  EXPECT_EQ(probe.code, 0) << probe.out << probe.err;
  EXPECT_LINE(
      probe.out,
      healthy_line(port, "lucid-init pid 1: service API by LUCID_SERVICE, port by API_PORT"));
}

// A root supervisor and the probe as 65532: /proc/1/environ and /proc/1/exe need ptrace access,
// /proc/1/cmdline does not. The command line still gives --service and --default-port, and the
// line says what could not be read.
TEST(ProbeDiscovery, RootSupervisorSeenFromUid65532) {
  const std::string port = std::to_string(free_tcp_port());
  Supervised api(Mode::kPid1, {"--service", "api", "--default-port", port});
  ASSERT_TRUE(api.ready()) << api.why_not();
  const Exit probe = probe_inside(api.pid(), true, {});
  EXPECT_EQ(probe.code, 0) << probe.out << probe.err;
  EXPECT_LINE(probe.out,
              healthy_line(port,
                           "lucid-init pid 1: service API by --service, port by --default-port; "
                           "its environment is not readable \\(Permission denied\\): the probe's "
                           "own stood in; taken for lucid-init by its name: its executable is not "
                           "readable \\(Permission denied\\)"));
  // As root the probe reads everything.
  const Exit as_root = probe_inside(api.pid(), false, {});
  EXPECT_LINE(as_root.out, healthy_line(port,
                                        "lucid-init pid 1: service API by --service, port "
                                        "by --default-port"));
}

TEST(ProbeDiscovery, RootSupervisorsEnvironmentOnlyIsOneClearLine) {
  const std::string port = std::to_string(free_tcp_port());
  Supervised api(Mode::kPid1, {"--service", "api"}, {{"API_PORT", port}});
  ASSERT_TRUE(api.ready()) << api.why_not();
  const Exit probe = probe_inside(api.pid(), true, {});
  EXPECT_EQ(probe.code, 1);
  EXPECT_EQ(probe.out,
            "unhealthy: no port: pass --port N, --port-env VAR or --service NAME, or set "
            "LUCID_SERVICE; lucid-init pid 1 has neither API_PORT nor a default port; its "
            "environment is not readable (Permission denied): the probe's own stood in; taken for "
            "lucid-init by its name: its executable is not readable (Permission denied)\n");
  // The image's environment, which Docker gives the probe too, fills the gap.
  const Exit with_env = probe_inside(api.pid(), true, {}, {{"API_PORT", port}});
  EXPECT_EQ(with_env.code, 0) << with_env.out;
}

// docker run --init: PID 1 is docker-init (tini), lucid-init its child, a subreaper. The stand-in
// PID 1 is the test child's spawn-and-wait (tini is not everywhere).
TEST(ProbeDiscovery, UnderAnotherInit) {
  const std::string port = std::to_string(free_tcp_port());
  Supervised api(Mode::kPid1Unprivileged, {"--service", "api", "--default-port", port}, {},
                 {child_binary(), "spawn-and-wait"});
  ASSERT_TRUE(api.ready()) << api.why_not();
  const Exit probe = probe_inside(api.pid(), true, {});
  EXPECT_EQ(probe.code, 0) << probe.out << probe.err;
  // Natively lucid-init is pid 2; under qemu-user the emulator's start-up may take a pid first.
  EXPECT_LINE(probe.out, healthy_line(port,
                                      "lucid-init pid [0-9]+: service API by --service, "
                                      "port by --default-port"));
  EXPECT_EQ(probe.out.find("lucid-init pid 1:"), std::string::npos) << probe.out;
}

// A shared PID namespace (docker run --pid=container:app, a pod's shareProcessNamespace): the app's
// lucid-init is PID 1 as root, its service up; the sidecar's runs as 65532 from its own copy of
// the binary (another container's file) and its service is down. The sidecar's bare probe must
// report the sidecar (issue 18), not take PID 1 by its name.
TEST(ProbeDiscovery, SidecarInASharedPidNamespaceReportsItsOwnSupervisor) {
  const std::string port = std::to_string(free_tcp_port());
  Supervised api(Mode::kPid1, {"--service", "api", "--default-port", port});
  ASSERT_TRUE(api.ready()) << api.why_not();
  TempDir image;
  const std::string own = image / "lucid-init";
  ASSERT_EQ(std::system(("cp " + init_binary() + " " + own).c_str()), 0);
  const std::string down = std::to_string(free_tcp_port());
  Launch sidecar_launch(Mode::kSubreaper,
                        with_child({"--service", "side", "--default-port", down}, {"sleep"}));
  sidecar_launch.wrapper = inside(api.pid(), true, own);
  InitProcess sidecar(sidecar_launch);
  pid_t side = -1;  // host pid (nsenter forks it)
  ASSERT_TRUE(sidecar.wait_for([&] {
    const std::vector<pid_t> under = children_of(sidecar.init_pid());
    side = under.empty() ? -1 : under.front();
    return side > 0 && !children_of(side).empty();
  }));
  const Exit probe = probe_inside(api.pid(), true, {}, {}, own);
  kill(side, SIGTERM);
  sidecar.wait();
  EXPECT_EQ(probe.code, 1) << probe.out;
  EXPECT_LINE(probe.out, "unhealthy: tcp 127.0.0.1:" + down +
                             ": connection refused; target from lucid-init pid [0-9]+: service "
                             "SIDE by --service, port by --default-port\n");
}

// docker run --init, and a process of the service's uid calling itself lucid-init, non-dumpable
// (its executable cannot be seen): it is no second supervisor next to the probe's own (issue 18).
TEST(ProbeDiscovery, ANamesakeDoesNotCountAgainstTheRealSupervisor) {
  const std::string port = std::to_string(free_tcp_port());
  Supervised api(Mode::kPid1Unprivileged, {"--service", "api", "--default-port", port}, {},
                 {child_binary(), "spawn-and-wait"});
  ASSERT_TRUE(api.ready()) << api.why_not();
  Launch fake_launch(Mode::kSubreaper, {"impersonate"});
  fake_launch.wrapper = inside(api.pid(), true, child_binary());
  InitProcess fake(fake_launch);
  pid_t namesake = -1;
  ASSERT_TRUE(fake.wait_for([&] {
    const std::vector<pid_t> under = children_of(fake.init_pid());
    namesake = under.empty() ? -1 : under.front();
    return namesake > 0 &&
           read_file("/proc/" + std::to_string(namesake) + "/comm") == "lucid-init\n";
  }));
  const Exit probe = probe_inside(api.pid(), true, {});
  kill(namesake, SIGKILL);
  fake.wait();
  EXPECT_EQ(probe.code, 0) << probe.out;
  EXPECT_LINE(probe.out, healthy_line(port,
                                      "lucid-init pid [0-9]+: service API by --service, "
                                      "port by --default-port"));
}

// The supervisor's environment is its data: one larger than the probe reads (1 MiB) is not read
// half, which could miss a variable past the cut; the probe's own stands in, and the line says so.
TEST(ProbeDiscovery, HugeEnvironmentIsNotReadHalf) {
  const std::string port = std::to_string(free_tcp_port());
  Env env;
  for (int i = 0; i < 12; ++i)
    env.emplace_back("FILL" + std::to_string(i), std::string(100000, 'x'));
  env.emplace_back("API_PORT", port);  // past the first MiB
  Supervised api(Mode::kPid1Unprivileged, {"--service", "api"}, env);
  ASSERT_TRUE(api.ready()) << api.why_not();
  const std::string too_big =
      "its environment is not readable \\(larger than 1 MiB\\): the probe's own stood in";
  const Exit image_env = probe_inside(api.pid(), true, {}, {{"API_PORT", port}});
  EXPECT_EQ(image_env.code, 0) << image_env.out;
  EXPECT_LINE(image_env.out,
              healthy_line(port, "lucid-init pid 1: service API by --service, port by API_PORT; " +
                                     too_big));
  const Exit bare = probe_inside(api.pid(), true, {});
  EXPECT_EQ(bare.code, 1);
  EXPECT_LINE(bare.out,
              "unhealthy: no port: .*; lucid-init pid 1 has neither API_PORT nor a "
              "default port; " +
                  too_big + "\n");
}

// Not under any supervisor: the probe alone as PID 1 of a namespace of its own.
class NothingToFind : public ::testing::TestWithParam<Mode> {};

TEST_P(NothingToFind, OneLineExitOne) {
  const Exit bare = run_init({GetParam(), {"probe"}});
  EXPECT_EQ(bare.code, 1);
  EXPECT_EQ(bare.out,
            "unhealthy: no port: pass --port N, --port-env VAR or --service NAME, or set "
            "LUCID_SERVICE; no lucid-init supervisor found (PID 1 is not one, nor is an ancestor "
            "of the probe or any other process in /proc)\n");
  EXPECT_EQ(bare.err, "");
  const Exit service = run_init({GetParam(), {"probe", "--service", "api-gw"}});
  EXPECT_EQ(service.code, 1);
  EXPECT_EQ(service.out,
            "unhealthy: API_GW_PORT is not set: it must be ASCII digits only, 1-65535; set it, set "
            "LUCID_INIT_DEFAULT_PORT or pass --port; no lucid-init supervisor found (PID 1 is not "
            "one, nor is an ancestor of the probe or any other process in /proc)\n");
}

INSTANTIATE_TEST_SUITE_P(Modes, NothingToFind,
                         ::testing::Values(Mode::kPid1, Mode::kPid1Unprivileged), ModeName());

// A probe started under the supervisor (a script of the service, or on a host where other
// lucid-inits run): its nearest lucid-init ancestor is the one.
TEST(ProbeDiscovery, NearestAncestorOffPid1) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_TRUE(fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), len) == 0 &&
              listen(fd, 4) == 0 && getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const std::string port = std::to_string(ntohs(addr.sin_port));
  InitProcess init({Mode::kSubreaper,
                    {"--service", "api", "--default-port", port, "--", init_binary(), "probe"}});
  const pid_t pid = init.init_pid();
  const Exit exit = init.wait();
  close(fd);
  EXPECT_EQ(exit.code, 0) << exit.out << exit.err;
  EXPECT_LINE(exit.out, healthy_line(port, "lucid-init pid " + std::to_string(pid) +
                                               ": service API by --service, port by "
                                               "--default-port"));
}

}  // namespace
}  // namespace lucid_test
