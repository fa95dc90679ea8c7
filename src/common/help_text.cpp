#include "common/help_text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace lucid {
namespace {

constexpr std::size_t kWidth = 79;       // within an 80-column terminal
constexpr std::size_t kTextColumn = 24;  // where an option's text starts
constexpr std::size_t kHalf = 39;        // option_columns' second column

// Appends `text` to `out` word by word, lines starting at column `indent` and never past kWidth;
// `column` is where the first word would go.
void wrap(std::string& out, std::string_view text, std::size_t column, std::size_t indent) {
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (column > indent && column + 1 + word.size() > kWidth) {
      out += '\n';
      out.append(indent, ' ');
      column = indent;
    } else if (column > indent) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  out += '\n';
}

std::string synopsis(const OptionHelp& option) {
  return *option.arg == '\0' ? std::string(option.flags)
                             : fmt::format("{} {}", option.flags, option.arg);
}

// A flag without a short form lines up with the long forms of those that have one.
std::string indented(const OptionHelp& option) {
  return fmt::format("{}{}", option.flags[1] == '-' ? "      " : "  ", synopsis(option));
}

}  // namespace

std::string option_columns(HelpRows<OptionHelp> options) {
  std::string out;
  for (std::size_t i = 0; i < options.size; i += 2) {
    std::string line = indented(options.rows[i]);
    if (i + 1 < options.size) {
      line.resize(std::max(line.size() + 1, kHalf), ' ');
      line += indented(options.rows[i + 1]);
    }
    out += line;
    out += '\n';
  }
  return out;
}

std::string option_details(HelpRows<OptionHelp> options) {
  std::string out;
  for (const OptionHelp& option : options) {
    std::string note(option.variable);
    if (*option.fallback != '\0') {
      note += fmt::format("{}default {}", note.empty() ? "" : ", ", option.fallback);
    }
    std::string text(option.text);
    if (!note.empty()) text += fmt::format(" ({})", note);
    const std::string head = indented(option);
    out += head;
    if (head.size() + 1 < kTextColumn) {
      out.append(kTextColumn - head.size(), ' ');
    } else {
      out += '\n';
      out.append(kTextColumn, ' ');
    }
    wrap(out, text, kTextColumn, kTextColumn);
  }
  return out;
}

std::string status_details(HelpRows<StatusHelp> statuses) {
  constexpr std::size_t kStatusColumn = 10;
  std::string out;
  for (const StatusHelp& status : statuses) {
    out += fmt::format("  {:<{}}", status.status, kStatusColumn - 2);
    wrap(out, status.text, kStatusColumn, kStatusColumn);
  }
  return out;
}

}  // namespace lucid
