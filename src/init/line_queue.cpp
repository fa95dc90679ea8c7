#include "init/line_queue.hpp"

#include <algorithm>

namespace lucid::init {

unsigned long count_lines(std::string_view text) {
  const auto ends = static_cast<unsigned long>(std::count(text.begin(), text.end(), '\n'));
  return ends + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

bool LineQueue::push(std::string_view lines) {
  if (text_.size() + lines.size() > capacity_) return false;
  text_.append(lines);
  return true;
}

std::string_view LineQueue::next_chunk(std::size_t limit) const {
  const std::string_view front = std::string_view(text_).substr(0, limit);
  const std::size_t end = front.rfind('\n');
  return end == std::string_view::npos ? front : front.substr(0, end + 1);
}

void LineQueue::consume(std::size_t bytes) { text_.erase(0, bytes); }

unsigned long LineQueue::clear() {
  const unsigned long lines = count_lines(text_);
  text_.clear();
  return lines;
}

}  // namespace lucid::init
