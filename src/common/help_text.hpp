#pragma once
// --help and --help-all from one table per command (init/help_table.def, probe/help_table.def):
// --help names every option in columns on one screen, --help-all explains each, and the man page
// (help2man) and docs/'s tables (scripts/docs-tables.py) are made from the same rows.
#include <cstddef>
#include <iterator>  // std::size, for common/help_rows.inc
#include <string>

namespace lucid {

// Pointers rather than string_views: half the table's size in the binary.
struct OptionHelp {
  const char* flags;     // "-g, --grace" or "--stop-delay"
  const char* arg;       // "DURATION", or empty for a switch
  const char* variable;  // "LUCID_INIT_GRACE", or empty
  const char* fallback;  // the default as written, or empty
  const char* text;      // one sentence, unwrapped
};

struct StatusHelp {
  const char* status;  // "124", "128+N"
  const char* text;
};

template <typename Row>
struct HelpRows {
  const Row* rows;
  std::size_t size;
  const Row* begin() const { return rows; }
  const Row* end() const { return rows + size; }
};

// "  -g, --grace DURATION          --stop-delay DURATION": two columns, for --help.
std::string option_columns(HelpRows<OptionHelp> options);

// Each option with its text wrapped under it, then "(VARIABLE, default DEFAULT)", for --help-all.
std::string option_details(HelpRows<OptionHelp> options);

// "  124     TEXT" per row, wrapped.
std::string status_details(HelpRows<StatusHelp> statuses);

}  // namespace lucid
