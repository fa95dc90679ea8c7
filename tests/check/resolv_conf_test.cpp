#include "check/resolv_conf.hpp"

#include <gtest/gtest.h>

namespace lucid::check {
namespace {

std::vector<std::string> servers_of(const ResolvConf& conf) {
  std::vector<std::string> out;
  for (const auto& server : conf.nameservers) {
    out.push_back(server.address().to_string() + ":" + std::to_string(server.port()));
  }
  return out;
}

TEST(ResolvConf, KubernetesStyle) {
  const ResolvConf conf = parse_resolv_conf(
      "search shop.svc.cluster.local svc.cluster.local cluster.local\n"
      "nameserver 10.96.0.10\n"
      "options ndots:5 timeout:2\n");
  EXPECT_EQ(servers_of(conf), std::vector<std::string>{"10.96.0.10:53"});
  EXPECT_EQ(conf.search, (std::vector<std::string>{"shop.svc.cluster.local", "svc.cluster.local",
                                                   "cluster.local"}));
  EXPECT_EQ(conf.ndots, 5);
}

TEST(ResolvConf, DefaultsAndLimits) {
  const ResolvConf empty = parse_resolv_conf("");
  EXPECT_EQ(servers_of(empty), std::vector<std::string>{"127.0.0.1:53"});
  EXPECT_EQ(empty.ndots, 1);

  const ResolvConf conf = parse_resolv_conf(
      "nameserver 127.0.0.11\nnameserver ::1\n# nameserver 9.9.9.9\nnameserver bogus\n"
      "nameserver 10.0.0.3\nnameserver 10.0.0.4\ndomain a.example\nsearch b.example ; c\n"
      "options ndots:99\n");
  EXPECT_EQ(servers_of(conf), (std::vector<std::string>{"127.0.0.11:53", "::1:53", "10.0.0.3:53"}));
  EXPECT_EQ(conf.search, std::vector<std::string>{"b.example"});
  EXPECT_EQ(conf.ndots, 15);
}

TEST(ResolvConf, CandidateNames) {
  ResolvConf conf;
  conf.search = {"ns.svc.cluster.local", "cluster.local"};
  conf.ndots = 5;
  EXPECT_EQ(candidate_names("api", conf),
            (std::vector<std::string>{"api.ns.svc.cluster.local", "api.cluster.local", "api"}));
  EXPECT_EQ(candidate_names("api.", conf), std::vector<std::string>{"api."});
  conf.ndots = 1;
  EXPECT_EQ(candidate_names("api.example", conf),
            (std::vector<std::string>{"api.example", "api.example.ns.svc.cluster.local",
                                      "api.example.cluster.local"}));
  EXPECT_EQ(candidate_names("db", ResolvConf{}), std::vector<std::string>{"db"});
}

}  // namespace
}  // namespace lucid::check
