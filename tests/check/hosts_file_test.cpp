#include "check/hosts_file.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lucid::check {
namespace {

constexpr std::string_view kHosts =
    "# comment line\n"
    "127.0.0.1\tlocalhost\n"
    "10.0.0.5   api api.internal  # the API\n"
    "fd00::5    api\n"
    "not-an-ip  api\n"
    "10.0.0.6   API-2\r\n"
    "10.0.0.5   api\n";

std::vector<std::string> lookup(std::string_view name) {
  std::vector<std::string> out;
  for (const auto& address : hosts_file_addresses(kHosts, name)) {
    out.push_back(address.to_string());
  }
  return out;
}

TEST(HostsFile, EveryAddressOfTheNameOnce) {
  EXPECT_EQ(lookup("api"), (std::vector<std::string>{"10.0.0.5", "fd00::5"}));
  EXPECT_EQ(lookup("api.internal"), std::vector<std::string>{"10.0.0.5"});
}

TEST(HostsFile, CaseAndTrailingDotDoNotMatter) {
  EXPECT_EQ(lookup("api-2"), std::vector<std::string>{"10.0.0.6"});
  EXPECT_EQ(lookup("API.internal."), std::vector<std::string>{"10.0.0.5"});
}

TEST(HostsFile, CommentsAndPartsOfNamesDoNotMatch) {
  EXPECT_TRUE(lookup("the").empty());
  EXPECT_TRUE(lookup("ap").empty());
  EXPECT_TRUE(lookup("comment").empty());
  EXPECT_TRUE(hosts_file_addresses("", "api").empty());
}

}  // namespace
}  // namespace lucid::check
