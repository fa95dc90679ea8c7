#include "common/help_text.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace lucid {
namespace {

constexpr OptionHelp kRows[] = {
    {"-g, --grace", "DURATION", "LUCID_INIT_GRACE", "9s",
     "time between SIGTERM and SIGKILL, for the child and then for leftover processes, and a few "
     "more words so that the text takes three lines"},
    {"--health-start-period", "DURATION", "", "", "short"},
    {"--json", "", "", "0s", "no variable"},
};
constexpr HelpRows<OptionHelp> kTable{kRows, std::size(kRows)};

std::size_t widest(const std::string& text) {
  std::istringstream lines(text);
  std::size_t most = 0;
  for (std::string line; std::getline(lines, line);) most = std::max(most, line.size());
  return most;
}

TEST(HelpText, ColumnsPairTheFlagsLongFormsAligned) {
  EXPECT_EQ(option_columns(kTable),
            "  -g, --grace DURATION                       --health-start-period DURATION\n"
            "      --json\n");
}

TEST(HelpText, DetailsWrapWithin79ColumnsUnderTheTextColumn) {
  const std::string details = option_details(kTable);
  EXPECT_LE(widest(details), 79U) << details;
  EXPECT_EQ(details.substr(0, details.find('\n')),
            "  -g, --grace DURATION  time between SIGTERM and SIGKILL, for the child and");
  EXPECT_NE(details.find("\n                        then for leftover processes"),
            std::string::npos)
      << details;
  EXPECT_NE(details.find("lines (LUCID_INIT_GRACE,\n                        default 9s)\n"),
            std::string::npos)
      << details;
  // Too long for the text column: the text starts on the next line.
  EXPECT_NE(details.find("--health-start-period DURATION\n                        short\n"),
            std::string::npos)
      << details;
  EXPECT_NE(details.find("no variable (default 0s)\n"), std::string::npos) << details;
}

TEST(HelpText, StatusesWrapUnderTheirText) {
  constexpr StatusHelp kStatuses[] = {
      {"124",
       "a --wait-for TARGET still missing at --wait-timeout, said at length so that it "
       "needs a second line"}};
  EXPECT_EQ(status_details({kStatuses, 1}),
            "  124     a --wait-for TARGET still missing at --wait-timeout, said at length\n"
            "          so that it needs a second line\n");
}

}  // namespace
}  // namespace lucid
