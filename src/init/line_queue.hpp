#pragma once
// The log lines lucid-init could not write yet: whole lines, oldest first, within a fixed
// capacity, so a slow log reader costs a bounded amount of memory and a line that does not fit is
// dropped (and counted by the caller) rather than waited for.
#include <cstddef>
#include <string>
#include <string_view>

namespace lucid::init {

// Lines in `text`, a part of one at its end included.
unsigned long count_lines(std::string_view text);

class LineQueue {
 public:
  explicit LineQueue(std::size_t capacity) : capacity_(capacity) {}

  // False, and nothing queued, when the lines (each ending in '\n') do not fit.
  bool push(std::string_view lines);
  // The front's whole lines up to `limit` bytes (at least the first line, which the caller keeps
  // within it): one write of them to a pipe is atomic. Starts with what is left of a line that
  // was written in part.
  std::string_view next_chunk(std::size_t limit) const;
  // `bytes` of the front were written.
  void consume(std::size_t bytes);
  // Forgets everything queued; returns how many lines (or parts of one) that was.
  unsigned long clear();
  bool empty() const { return text_.empty(); }
  std::size_t size() const { return text_.size(); }

 private:
  std::size_t capacity_;
  std::string text_;
};

}  // namespace lucid::init
