#include "json_object.hpp"

#include <cstdlib>
#include <stdexcept>

namespace lucid_test {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  JsonObject object() {
    JsonObject result;
    skip_space();
    expect('{');
    skip_space();
    if (peek() == '}') {
      ++at_;
    } else {
      for (;;) {
        skip_space();
        std::string key = string();
        skip_space();
        expect(':');
        skip_space();
        JsonValue value = scalar();
        if (!result.emplace(std::move(key), std::move(value)).second) fail("duplicate key");
        skip_space();
        if (peek() == ',') {
          ++at_;
        } else {
          expect('}');
          break;
        }
      }
    }
    skip_space();
    if (at_ != text_.size()) fail("bytes after the object");
    return result;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error(why + " at byte " + std::to_string(at_));
  }
  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++at_;
  }
  void skip_space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r')) {
      ++at_;
    }
  }
  bool take(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  JsonValue scalar() {
    JsonValue value;
    const char c = peek();
    if (c == '"') {
      value.kind = JsonValue::Kind::kString;
      value.text = string();
    } else if (take("null")) {
    } else if (take("true")) {
      value.kind = JsonValue::Kind::kBool;
      value.boolean = true;
    } else if (take("false")) {
      value.kind = JsonValue::Kind::kBool;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      value.kind = JsonValue::Kind::kNumber;
      value.text = number();
      value.number = std::strtod(value.text.c_str(), nullptr);
    } else {
      fail("expected a scalar value");
    }
    return value;
  }

  std::size_t digits() {
    const std::size_t start = at_;
    while (peek() >= '0' && peek() <= '9') ++at_;
    return at_ - start;
  }

  std::string number() {
    const std::size_t start = at_;
    if (peek() == '-') ++at_;
    if (peek() == '0') {
      ++at_;
    } else if (digits() == 0) {
      fail("a number needs digits");
    }
    if (peek() == '.') {
      ++at_;
      if (digits() == 0) fail("digits must follow '.'");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++at_;
      if (peek() == '+' || peek() == '-') ++at_;
      if (digits() == 0) fail("an exponent needs digits");
    }
    return std::string(text_.substr(start, at_ - start));
  }

  unsigned hex4() {
    unsigned value = 0;
    for (int i = 0; i < 4; ++i, ++at_) {
      const char c = peek();
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        value |= static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        value |= static_cast<unsigned>(c - 'A' + 10);
      } else {
        fail("bad \\u escape");
      }
    }
    return value;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  // One UTF-8 sequence, checked: no overlong forms, surrogates or code points past U+10FFFF.
  void raw_utf8(std::string& out) {
    const auto byte = [&](std::size_t i) {
      return at_ + i < text_.size() ? static_cast<unsigned char>(text_[at_ + i]) : 0U;
    };
    const unsigned first = byte(0);
    std::size_t length = 0;
    unsigned cp = 0;
    if (first >= 0xc2 && first <= 0xdf) {
      length = 2;
      cp = first & 0x1f;
    } else if (first >= 0xe0 && first <= 0xef) {
      length = 3;
      cp = first & 0x0f;
    } else if (first >= 0xf0 && first <= 0xf4) {
      length = 4;
      cp = first & 0x07;
    } else {
      fail("invalid UTF-8 lead byte");
    }
    for (std::size_t i = 1; i < length; ++i) {
      if ((byte(i) & 0xc0) != 0x80) fail("invalid UTF-8 continuation");
      cp = (cp << 6) | (byte(i) & 0x3f);
    }
    if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff)) {
      fail("invalid UTF-8 sequence");
    }
    out.append(text_.substr(at_, length));
    at_ += length;
  }

  std::string string() {
    expect('"');
    std::string out;
    for (;;) {
      if (at_ >= text_.size()) fail("unterminated string");
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        ++at_;
        return out;
      }
      if (c < 0x20) fail("raw control character in a string");
      if (c >= 0x80) {
        raw_utf8(out);
        continue;
      }
      ++at_;
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      const char e = peek();
      ++at_;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xd800 && cp <= 0xdbff) {
            if (!take("\\u")) fail("lone high surrogate");
            const unsigned low = hex4();
            if (low < 0xdc00 || low > 0xdfff) fail("bad low surrogate");
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          } else if (cp >= 0xdc00 && cp <= 0xdfff) {
            fail("lone low surrogate");
          }
          append_utf8(out, cp);
          break;
        }
        default:
          fail("bad escape");
      }
    }
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

std::optional<JsonObject> parse_json_object(std::string_view text, std::string* error) {
  try {
    return Reader(text).object();
  } catch (const std::runtime_error& e) {
    if (error != nullptr) *error = e.what();
    return std::nullopt;
  }
}

}  // namespace lucid_test
