#include "common/long_option_match.hpp"

namespace lucid {
namespace {

// getopt_long takes abbreviations of options that differ in nothing but the name as one option.
bool same_option(const option& a, const option& b) {
  return a.has_arg == b.has_arg && a.flag == b.flag && a.val == b.val;
}

}  // namespace

std::string_view long_option_name(std::string_view word) {
  if (word.rfind("--", 0) == 0) word.remove_prefix(2);
  return word.substr(0, word.find('='));
}

std::vector<const option*> matching_long_options(std::string_view name, const option* table) {
  std::vector<const option*> matches;
  for (const option* o = table; o->name != nullptr; ++o) {
    const std::string_view candidate = o->name;
    if (candidate == name) return {o};
    if (name.empty() || candidate.rfind(name, 0) != 0) continue;
    bool counted = false;
    for (const option* m : matches) counted = counted || same_option(*m, *o);
    if (!counted) matches.push_back(o);
  }
  return matches;
}

std::string long_option_list(const std::vector<const option*>& options) {
  std::string list;
  for (const option* o : options) {
    if (!list.empty()) list += ", ";
    list += "--";
    list += o->name;
  }
  return list;
}

}  // namespace lucid
