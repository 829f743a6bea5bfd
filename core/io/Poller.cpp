#include "io/Poller.hpp"

namespace coroscope::io {

Poller::~Poller() = default;

std::string interest_name(unsigned interest) {
  const bool read = (interest & static_cast<unsigned>(Interest::Read)) != 0;
  const bool write = (interest & static_cast<unsigned>(Interest::Write)) != 0;
  if (read && write) return "read+write";
  if (read) return "read";
  if (write) return "write";
  return "nothing";
}

std::string describe(const Ready& ready) {
  std::string text;
  const auto add = [&text](const char* what) {
    if (!text.empty()) text += ", ";
    text += what;
  };
  if (ready.readable) add("readable");
  if (ready.writable) add("writable");
  if (ready.hangup_or_error) add("hangup or error");
  if (text.empty()) text = "nothing";
  return "token " + std::to_string(ready.token) + ": " + text;
}

}  // namespace coroscope::io
