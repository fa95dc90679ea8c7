// Boost.Asio's scheduler.ipp, with GCC's -Wnull-dereference off for its text only.
// compensating_work_started() dereferences the thread call stack's top unchecked (by design:
// chriskohlhoff/asio#588); at -O2 and above GCC 12 reports it even though the header is a system
// header (asio#847), because the warning comes from the path isolation pass, which ignores the
// system-header status. The pragma is location based, so warnings in our code stay on.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include_next <boost/asio/detail/impl/scheduler.ipp>
#pragma GCC diagnostic pop
