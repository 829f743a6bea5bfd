#pragma once
// Format: the few ways views spell numbers.
//
//   bytes(1536) == "1.5 KiB";  hex(0x7f00) == "0x7f00";  one_line("12\n56\n") == "12 56"

#include <cstdint>
#include <string>

namespace coroscope::app::views {

std::string bytes(std::uint64_t n);
std::string hex(std::uint64_t n);
// one_line(text) puts printed lines side by side, separated by spaces.
std::string one_line(const std::string& text);
// trimmed(text) drops leading and trailing spaces.
std::string trimmed(const std::string& text);

}  // namespace coroscope::app::views
