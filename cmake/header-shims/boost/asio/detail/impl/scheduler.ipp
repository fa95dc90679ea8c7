// Boost.Asio's scheduler.ipp, with GCC's -Wnull-dereference off for its text only.
// compensating_work_started() dereferences the thread call stack's top unchecked (by design:
// chriskohlhoff/asio#588); at -O2 and above GCC 12 reports it although /usr/include is a system
// directory (asio#847), so only a pragma silences it. The pragma is location based: warnings in
// our own code, even where this code is inlined into it, stay on.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include_next <boost/asio/detail/impl/scheduler.ipp>
#pragma GCC diagnostic pop
