#pragma once
// Format: Python's format-spec mini-language for ints, floats and strings
// (format(), str.format, f-strings, and the pieces %-formatting is made of),
// byte for byte as CPython 3.11 writes them.
//
//   FormatSpec spec;
//   if (std::string err = parse_format_spec(">10,.2f", "float", spec); !err.empty()) ...;
//   Formatted f = format_float(1234.5678, spec);   // f.text == "  1,234.57"
//   format_int(255, parse("#x"))                   // "0xff"
//   format_str("ab", parse("^5"))                  // " ab  "
//
// Errors are Python's ValueError messages, e.g. "Unknown format code 'd' for
// object of type 'str'"; the caller raises them.

#include <cstdint>
#include <string>
#include <string_view>

namespace coroscope::script {

struct FormatSpec {
  std::string fill = " ";         // one code point, UTF-8
  char align = 0;                 // '<', '>', '=', '^'; 0: the type's default
  char sign = '-';                // '-', '+', ' '
  bool no_negative_zero = false;  // 'z'
  bool alternate = false;         // '#'
  bool zero = false;              // '0' before the width
  int width = -1;
  char grouping = 0;  // ',' or '_'
  int precision = -1;
  char type = 0;  // 0 for none
};

struct Formatted {
  std::string text;
  std::string error;  // a ValueError message; text is empty then
  bool ok() const { return error.empty(); }
};

// parse_format_spec(text, type_name, out): type_name ("int", "float", "str")
// goes into the error message. Returns "" or a ValueError message.
std::string parse_format_spec(std::string_view text, std::string_view type_name, FormatSpec& out);

Formatted format_int(std::int64_t value, const FormatSpec& spec);
Formatted format_float(double value, const FormatSpec& spec);
Formatted format_str(std::string_view utf8, const FormatSpec& spec);

// utf8_length(s) counts code points (a width is in characters, not bytes).
std::size_t utf8_length(std::string_view s);

}  // namespace coroscope::script
