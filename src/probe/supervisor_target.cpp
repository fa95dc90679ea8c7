#include "probe/supervisor_target.hpp"

#include <fmt/format.h>

#include "common/config_error.hpp"
#include "init/options.hpp"
#include "probe/proc_words.hpp"

namespace lucid::probe {
namespace {

// parse_options on a copy of the words: getopt_long takes a writable argv.
init::Options parse_words(std::vector<std::string> words, const EnvLookup& env) {
  std::vector<char*> pointers;
  pointers.reserve(words.size() + 1);
  for (std::string& word : words) pointers.push_back(word.data());
  pointers.push_back(nullptr);
  return init::parse_options(static_cast<int>(words.size()), pointers.data(), env);
}

SupervisorAnswer no_answer(std::string why_not) { return {std::nullopt, std::move(why_not)}; }

}  // namespace

SupervisorAnswer ask_supervisor(const SupervisorSearch& search, const EnvLookup& own_env,
                                const std::optional<std::string>& own_prefix) {
  if (!search.found) return no_answer(search.why_not);
  const SupervisorView& view = *search.found;
  const std::string who = fmt::format("lucid-init pid {}", view.pid);
  const EnvLookup env = view.environ ? environ_lookup(*view.environ) : own_env;
  const std::string unread =
      view.environ ? ""
                   : fmt::format("; its environment is not readable ({}): the probe's own stood in",
                                 view.environ_problem);
  const std::string by_name =
      view.identity_problem.empty()
          ? ""
          : fmt::format("; taken for lucid-init by its name: {}", view.identity_problem);

  // The same parser and rules the supervisor started with, so what it accepted is accepted
  // here; a failure means another lucid-init's options (a different build) or another process.
  init::Options options;
  init::Options flags_only;  // without its environment: tells a flag from a variable
  try {
    options = parse_words(view.argv, env);
    flags_only = parse_words(view.argv, [](const std::string&) { return std::nullopt; });
  } catch (const ConfigError& error) {
    return no_answer(
        fmt::format("cannot read the options of {}: {}{}{}", who, error.what(), unread, by_name));
  }
  if (!options.service_prefix) {
    return no_answer(fmt::format("{} has no --service or LUCID_SERVICE{}{}", who, unread, by_name));
  }
  const std::string& prefix = *options.service_prefix;
  if (own_prefix && *own_prefix != prefix) {
    return no_answer(fmt::format("{} supervises service {}, not {}", who, prefix, *own_prefix));
  }

  const std::string port_var = prefix + "_PORT";
  std::optional<std::uint16_t> port;
  try {
    port = service_port(port_var, env, options.default_port);
  } catch (const ConfigError& error) {
    return no_answer(fmt::format("{}: {}{}{}", who, error.what(), unread, by_name));
  }
  if (!port) {
    return no_answer(
        fmt::format("{} has neither {} nor a default port{}{}", who, port_var, unread, by_name));
  }
  const char* port_source = env(port_var)             ? port_var.c_str()
                            : flags_only.default_port ? "--default-port"
                                                      : kDefaultPortVariable;
  ServiceTarget target;
  target.prefix = prefix;
  target.port = *port;
  target.origin = fmt::format("{}: service {} by {}, port by {}{}{}", who, prefix,
                              flags_only.service_prefix ? "--service" : "LUCID_SERVICE",
                              port_source, unread, by_name);
  return {std::move(target), {}};
}

}  // namespace lucid::probe
