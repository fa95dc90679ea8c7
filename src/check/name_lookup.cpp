#include "check/name_lookup.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <functional>
#include <memory>

#include "check/dns_ask.hpp"
#include "check/error_text.hpp"
#include "check/hosts_file.hpp"

namespace lucid::check {
namespace {

using boost::asio::ip::udp;
using Found = Asked::Found;

// The whole file (a missing one reads as empty, as glibc treats it; glibc has no size limit
// either). After a read error only the complete lines read so far count: a line cut short must
// not be taken for a whole one.
std::string read_file(const char* path) {
  std::string contents;
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return contents;
  char buffer[16384];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      contents.append(buffer, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      if (n < 0) contents.resize(contents.rfind('\n') + 1);  // npos + 1: nothing
      break;
    }
  }
  ::close(fd);
  return contents;
}

// The candidate names of the search list, one Ask after the other, until one has addresses.
class Lookup : public std::enable_shared_from_this<Lookup> {
 public:
  Lookup(boost::asio::io_context& io, std::string name, std::vector<std::string> candidates,
         std::vector<udp::endpoint> nameservers, TimePoint start, TimePoint deadline,
         LookupDone done)
      : io_(io),
        name_(std::move(name)),
        candidates_(std::move(candidates)),
        nameservers_(std::move(nameservers)),
        start_(start),
        deadline_(deadline),
        done_(std::move(done)) {}

  void next() {
    while (next_ < candidates_.size()) {
      // A search domain can make a name too long to ask for: glibc skips that candidate too.
      if (!async_ask(
              io_, candidates_[next_++], nameservers_, deadline_,
              [self = shared_from_this()](Asked asked) { self->on_asked(std::move(asked)); })) {
        continue;
      }
      asked_any_ = true;
      return;
    }
    if (!asked_any_) {
      report({{}, fmt::format("cannot resolve '{}': not a valid DNS name", name_)});
    } else {
      report({{}, fmt::format("cannot resolve '{}': no such name", name_)});
    }
  }

  // Posted, so the caller never sees its callback run inside its own call.
  void report(LookupResult result) {
    boost::asio::post(io_, [done = std::move(done_), result = std::move(result)]() mutable {
      done(std::move(result));
    });
  }

 private:
  void on_asked(Asked asked) {
    switch (asked.found) {
      case Found::kAddresses:
        report({std::move(asked.addresses), {}});
        return;
      case Found::kNoName:
        next();
        return;
      case Found::kTimedOut:
        report({{},
                fmt::format("resolving '{}' timed out after {}", name_,
                            format_elapsed(Clock::now() - start_))});
        return;
      case Found::kFailed:
        report({{}, fmt::format("cannot resolve '{}': {}", name_, asked.failure)});
        return;
    }
  }

  boost::asio::io_context& io_;
  const std::string name_;
  const std::vector<std::string> candidates_;
  const std::vector<udp::endpoint> nameservers_;
  const TimePoint start_;
  const TimePoint deadline_;
  LookupDone done_;
  std::size_t next_ = 0;
  bool asked_any_ = false;
};

}  // namespace

Clock::duration resend_interval(unsigned resends) {
  constexpr unsigned kMaxDoublings = 8;
  return kFirstResend * (1U << std::min(resends, kMaxDoublings));
}

void async_lookup_name(boost::asio::io_context& io, const std::string& name, std::string_view hosts,
                       const ResolvConf& conf, TimePoint start, TimePoint deadline,
                       LookupDone done) {
  auto lookup = std::make_shared<Lookup>(io, name, candidate_names(name, conf), conf.nameservers,
                                         start, deadline, std::move(done));
  if (auto addresses = hosts_file_addresses(hosts, name); !addresses.empty()) {
    lookup->report({std::move(addresses), {}});
  } else {
    lookup->next();
  }
}

void async_lookup_name(boost::asio::io_context& io, const std::string& name, TimePoint start,
                       TimePoint deadline, LookupDone done) {
  async_lookup_name(io, name, read_file("/etc/hosts"),
                    parse_resolv_conf(read_file("/etc/resolv.conf")), start, deadline,
                    std::move(done));
}

LookupResult lookup_name(const std::string& name, std::string_view hosts, const ResolvConf& conf,
                         TimePoint start, TimePoint deadline) {
  boost::asio::io_context io(1);
  LookupResult result;
  async_lookup_name(io, name, hosts, conf, start, deadline,
                    [&result](LookupResult found) { result = std::move(found); });
  io.run();
  return result;
}

}  // namespace lucid::check
