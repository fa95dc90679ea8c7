// The probe's own name lookup against hostile resolvers and oversized system files: the real
// `lucid-init probe --host NAME` in a network namespace of its own, its /etc/hosts and
// /etc/resolv.conf laid over the real ones, a DNS server on 127.0.0.1:53 played by the test and a
// healthy HTTP service on 127.0.0.1. Whatever the resolver does wrong, a healthy service must not
// be reported unhealthy, and a lookup that does fail must say why.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "hostile_dns_server.hpp"
#include "init_process.hpp"
#include "resolver_sandbox.hpp"
#include "test_listeners.hpp"

namespace lucid_test {
namespace {

using lucid::probe::test::bind_tcp;
using lucid::probe::test::http_status;
using lucid::probe::test::ScriptedServer;

constexpr const char* kResolvConf = "nameserver 127.0.0.1\n";
// Far beyond what a healthy answer takes, even under qemu: only a broken lookup uses it up.
constexpr const char* kTimeout = "3s";

// `lucid-init probe --host NAME --port P --http /health` against a healthy service.
Exit probe_http(const std::string& name, std::uint16_t port) {
  return run_init(Launch(Mode::kSubreaper, {"probe", "--host", name, "--port", std::to_string(port),
                                            "--http", "/health", "--timeout", kTimeout}));
}

// Comment lines, `bytes` in all: what pushes the lines after them past a read limit.
std::string filler(std::size_t bytes) {
  std::string text;
  while (text.size() + 100 <= bytes) text += "#" + std::string(98, 'x') + "\n";
  if (text.size() < bytes) text += "#" + std::string(bytes - text.size() - 2, 'y') + "\n";
  return text;
}

// A server that knows one name.
DnsBehaviour knowing(const std::string& name, std::vector<std::string> addresses) {
  DnsBehaviour behaviour;
  behaviour.a_records[name] = std::move(addresses);
  return behaviour;
}

class Resolver : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!inside_resolver_sandbox()) return;
    bring_loopback_up();
    service_.emplace(bind_tcp("127.0.0.1"), http_status(200));
  }
  std::uint16_t port() const { return service_->port(); }

 private:
  std::optional<ScriptedServer> service_;
};

TEST_F(Resolver, HttpProbeIsHealthyWhenTheResolverDropsAaaa) {
  LUCID_RUN_IN_RESOLVER_SANDBOX();
  use_resolver_files("", kResolvConf);
  DnsBehaviour behaviour = knowing("db", {"127.0.0.1"});
  behaviour.drop_aaaa = true;
  const HostileDnsServer dns(behaviour);
  const Exit exit = probe_http("db", port());
  EXPECT_EQ(exit.code, 0) << exit.out << exit.err;
}

// Kubernetes: ndots:5 puts the search list first, and every name before the right one is
// NXDOMAIN, whose AAAA half the same resolver drops too.
TEST_F(Resolver, SearchListWorksWhenTheResolverDropsAaaa) {
  LUCID_RUN_IN_RESOLVER_SANDBOX();
  use_resolver_files("",
                     "nameserver 127.0.0.1\nsearch other.svc.example svc.example\n"
                     "options ndots:5\n");
  DnsBehaviour behaviour = knowing("db.svc.example", {"127.0.0.1"});
  behaviour.drop_aaaa = true;
  const HostileDnsServer dns(behaviour);
  const Exit exit = probe_http("db", port());
  EXPECT_EQ(exit.code, 0) << exit.out << exit.err;
}

TEST_F(Resolver, LostQueriesAreSentAgain) {
  LUCID_RUN_IN_RESOLVER_SANDBOX();
  use_resolver_files("", kResolvConf);
  DnsBehaviour behaviour = knowing("db", {"127.0.0.1"});
  behaviour.drop_first = true;
  const HostileDnsServer dns(behaviour);
  const Exit exit = probe_http("db", port());
  EXPECT_EQ(exit.code, 0) << exit.out << exit.err;
  const auto queries = dns.queries();
  EXPECT_GE(std::count(queries.begin(), queries.end(), "db/A"), 2) << "the A query was not resent";
}

TEST_F(Resolver, TruncatedAnswerWithRecordsIsUsed) {
  LUCID_RUN_IN_RESOLVER_SANDBOX();
  use_resolver_files("", kResolvConf);
  DnsBehaviour behaviour = knowing("db", {"127.0.0.1"});
  behaviour.truncated = true;
  const HostileDnsServer dns(behaviour);
  const Exit exit = probe_http("db", port());
  EXPECT_EQ(exit.code, 0) << exit.out << exit.err;
}

TEST_F(Resolver, TruncatedAnswerWithoutRecordsSaysTruncated) {
  LUCID_RUN_IN_RESOLVER_SANDBOX();
  use_resolver_files("", kResolvConf);
  DnsBehaviour behaviour = knowing("db", {});
  behaviour.truncated = true;
  const HostileDnsServer dns(behaviour);
  const Exit exit = probe_http("db", port());
  EXPECT_EQ(exit.code, 1) << exit.out << exit.err;
  EXPECT_NE(exit.out.find("truncated"), std::string::npos) << exit.out;
  EXPECT_EQ(exit.out.find("server failure"), std::string::npos) << exit.out;
}

TEST_F(Resolver, AnswerCountLargerThanTheRecordsSentUsesThoseSent) {
  LUCID_RUN_IN_RESOLVER_SANDBOX();
  use_resolver_files("", kResolvConf);
  DnsBehaviour behaviour = knowing("db", {"127.0.0.1", "127.0.0.1", "127.0.0.1"});
  behaviour.extra_answers = 40000;
  const HostileDnsServer dns(behaviour);
  const Exit exit = probe_http("db", port());
  EXPECT_EQ(exit.code, 0) << exit.out << exit.err;
}

// No EDNS is sent, yet servers answer a name with many records in one datagram anyway (the
// service's own address last, where a cut datagram loses it).
TEST_F(Resolver, AnswerLargerThanAnEthernetFrameIsReadWhole) {
  LUCID_RUN_IN_RESOLVER_SANDBOX();
  use_resolver_files("", kResolvConf);
  std::vector<std::string> addresses;
  for (int i = 1; i < 100; ++i) addresses.push_back("127.0.1." + std::to_string(i));
  addresses.push_back("127.0.0.1");  // 100 records: 12 + 7 + 1600 bytes
  const HostileDnsServer dns(knowing("db", addresses));
  const Exit exit = probe_http("db", port());
  EXPECT_EQ(exit.code, 0) << exit.out << exit.err;
}

// glibc skips a search candidate that is too long to ask for, and goes on with the next.
TEST_F(Resolver, SearchCandidateOver253BytesIsSkipped) {
  LUCID_RUN_IN_RESOLVER_SANDBOX();
  use_resolver_files("", "nameserver 127.0.0.1\nsearch svc.cluster.local\noptions ndots:5\n");
  const std::string label(60, 'l');
  const std::string name = label + "." + label + "." + label + "." + label;  // 243 bytes
  const HostileDnsServer dns(knowing(name, {"127.0.0.1"}));
  const Exit exit = probe_http(name, port());
  EXPECT_EQ(exit.code, 0) << exit.out << exit.err;
}

TEST_F(Resolver, HostsFileIsReadPast64KiB) {
  LUCID_RUN_IN_RESOLVER_SANDBOX();
  use_resolver_files(filler(70 * 1024) + "127.0.0.1 far-down\n", kResolvConf);
  const HostileDnsServer dns(DnsBehaviour{});  // NXDOMAIN for every name
  const Exit exit = probe_http("far-down", port());
  EXPECT_EQ(exit.code, 0) << exit.out << exit.err;
}

// The line "127.0.0.1 database" straddles byte 65536: cut there it would read as "data".
TEST_F(Resolver, HostsFileLineAcross64KiBIsNotReadAsCutShort) {
  LUCID_RUN_IN_RESOLVER_SANDBOX();
  const std::string line_start = "127.0.0.1 data";
  use_resolver_files(filler(65536 - line_start.size()) + line_start + "base\n", kResolvConf);
  const HostileDnsServer dns(DnsBehaviour{});
  const Exit exit = probe_http("data", port());
  EXPECT_EQ(exit.code, 1) << exit.out << exit.err;
  EXPECT_NE(exit.out.find("cannot resolve 'data': no such name"), std::string::npos) << exit.out;
  EXPECT_EQ(probe_http("database", port()).code, 0);
}

TEST_F(Resolver, ResolvConfIsReadPast64KiB) {
  LUCID_RUN_IN_RESOLVER_SANDBOX();
  use_resolver_files("", filler(70 * 1024) + "nameserver 127.0.0.1\nsearch svc.example\n");
  const HostileDnsServer dns(knowing("db.svc.example", {"127.0.0.1"}));
  const Exit exit = probe_http("db", port());
  EXPECT_EQ(exit.code, 0) << exit.out << exit.err;
}

}  // namespace
}  // namespace lucid_test
