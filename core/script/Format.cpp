#include "script/Format.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "script/Repr.hpp"

namespace coroscope::script {

namespace {

bool is_align(char c) {
  return c == '<' || c == '>' || c == '=' || c == '^';
}

std::size_t code_point_size(unsigned char b) {
  return b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 1;
}

// pad(body, spec, default_align, sign_len): fills to spec.width. With '='
// the fill goes after the first sign_len bytes (sign and prefix).
std::string pad(std::string body, const FormatSpec& spec, char default_align,
                std::size_t sign_len) {
  const std::size_t len = utf8_length(body);
  if (spec.width < 0 || len >= static_cast<std::size_t>(spec.width)) return body;
  const std::size_t missing = static_cast<std::size_t>(spec.width) - len;
  auto fill = [&](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += spec.fill;
    return out;
  };
  switch (spec.align ? spec.align : default_align) {
    case '<':
      return body + fill(missing);
    case '^':
      return fill(missing / 2) + body + fill(missing - missing / 2);
    case '=':
      return body.substr(0, sign_len) + fill(missing) + body.substr(sign_len);
    default:
      return fill(missing) + body;
  }
}

// group(digits, sep, every) inserts sep between groups of `every` digits from the right.
std::string group(std::string_view digits, char sep, std::size_t every) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % every == 0) out += sep;
    out += digits[i];
  }
  return out;
}

// number(sign, prefix, digits, rest, spec, every): the common tail of ints and
// floats: grouping of the integer digits (also through zero padding) and padding.
std::string number(const std::string& sign, const std::string& prefix, std::string digits,
                   const std::string& rest, const FormatSpec& spec, std::size_t every) {
  const bool zero_pad = spec.zero && !spec.align;
  std::string grouped = spec.grouping ? group(digits, spec.grouping, every) : digits;
  if (zero_pad && spec.width > 0) {
    const auto want = static_cast<std::size_t>(spec.width);
    const std::size_t fixed = sign.size() + prefix.size() + utf8_length(rest);
    while (fixed + grouped.size() < want) {
      digits.insert(digits.begin(), '0');
      grouped = spec.grouping ? group(digits, spec.grouping, every) : digits;
    }
    return sign + prefix + grouped + rest;
  }
  return pad(sign + prefix + grouped + rest, spec, '>', sign.size() + prefix.size());
}

std::string sign_of(bool negative, char sign) {
  if (negative) return "-";
  return sign == '+' ? "+" : sign == ' ' ? " " : "";
}

std::string unknown_code(char type, std::string_view type_name) {
  return std::string("Unknown format code '") + type + "' for object of type '" +
         std::string(type_name) + "'";
}

}  // namespace

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i += code_point_size(static_cast<unsigned char>(s[i]))) {
    ++n;
  }
  return n;
}

std::string parse_format_spec(std::string_view text, std::string_view type_name, FormatSpec& out) {
  out = FormatSpec{};
  std::size_t i = 0;
  const std::size_t first = text.empty() ? 0 : code_point_size(static_cast<unsigned char>(text[0]));
  if (text.size() > first && is_align(text[first])) {
    out.fill = std::string(text.substr(0, first));
    out.align = text[first];
    i = first + 1;
  } else if (!text.empty() && is_align(text[0])) {
    out.align = text[0];
    i = 1;
  }
  if (i < text.size() && (text[i] == '+' || text[i] == '-' || text[i] == ' ')) out.sign = text[i++];
  if (i < text.size() && text[i] == 'z') {
    out.no_negative_zero = true;
    ++i;
  }
  if (i < text.size() && text[i] == '#') {
    out.alternate = true;
    ++i;
  }
  if (i < text.size() && text[i] == '0') {
    out.zero = true;
    if (!out.align) out.fill = "0";
    ++i;
  }
  auto digits = [&](int& value) {
    const std::size_t start = i;
    long v = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      v = v * 10 + (text[i++] - '0');
      if (v > 1'000'000) return false;
    }
    if (i > start) value = static_cast<int>(v);
    return true;
  };
  if (!digits(out.width)) return "Too many decimal digits in format string";
  if (i < text.size() && (text[i] == ',' || text[i] == '_')) out.grouping = text[i++];
  if (i < text.size() && text[i] == '.') {
    ++i;
    out.precision = 0;
    const std::size_t start = i;
    if (!digits(out.precision)) return "Too many decimal digits in format string";
    if (i == start) return "Format specifier missing precision";
  }
  if (i < text.size()) out.type = text[i++];
  if (i < text.size()) {
    return "Invalid format specifier '" + std::string(text) + "' for object of type '" +
           std::string(type_name) + "'";
  }
  return {};
}

Formatted format_int(std::int64_t value, const FormatSpec& spec) {
  char type = spec.type ? spec.type : 'd';
  if (type == 'e' || type == 'E' || type == 'f' || type == 'F' || type == 'g' || type == 'G' ||
      type == '%') {
    return format_float(static_cast<double>(value), spec);
  }
  if (type == 'n') type = 'd';
  int base = 10;
  std::string prefix;
  switch (type) {
    case 'd':
      break;
    case 'b':
      base = 2;
      prefix = "0b";
      break;
    case 'o':
      base = 8;
      prefix = "0o";
      break;
    case 'x':
      base = 16;
      prefix = "0x";
      break;
    case 'X':
      base = 16;
      prefix = "0X";
      break;
    case 'c':
      break;
    default:
      return {{}, unknown_code(type, "int")};
  }
  if (spec.precision >= 0) return {{}, "Precision not allowed in integer format specifier"};
  if (spec.grouping == ',' && type != 'd') {
    return {{}, std::string("Cannot specify ',' with '") + type + "'."};
  }
  if (type == 'c') {
    if (spec.sign != '-') return {{}, "Sign not allowed with integer format specifier 'c'"};
    if (value < 0 || value > 0x10ffff) return {{}, "%c arg not in range(0x110000)"};
    std::string ch;
    const auto cp = static_cast<char32_t>(value);
    if (cp < 0x80) {
      ch += static_cast<char>(cp);
    } else if (cp < 0x800) {
      ch += static_cast<char>(0xc0 | (cp >> 6));
      ch += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      ch += static_cast<char>(0xe0 | (cp >> 12));
      ch += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      ch += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      ch += static_cast<char>(0xf0 | (cp >> 18));
      ch += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      ch += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      ch += static_cast<char>(0x80 | (cp & 0x3f));
    }
    return {pad(ch, spec, '<', 0), {}};
  }
  const bool negative = value < 0;
  std::uint64_t magnitude =
      negative ? ~static_cast<std::uint64_t>(value) + 1 : static_cast<std::uint64_t>(value);
  std::string digits;
  do {
    const auto d = static_cast<unsigned>(magnitude % static_cast<unsigned>(base));
    digits.insert(digits.begin(),
                  static_cast<char>(d < 10 ? '0' + d : (type == 'X' ? 'A' : 'a') + d - 10));
    magnitude /= static_cast<unsigned>(base);
  } while (magnitude);
  return {number(sign_of(negative, spec.sign), spec.alternate ? prefix : "", digits, "", spec,
                 base == 10 ? 3 : 4),
          {}};
}

Formatted format_float(double value, const FormatSpec& spec) {
  char type = spec.type;
  if (type == 'n') type = 'g';
  if (type && type != 'e' && type != 'E' && type != 'f' && type != 'F' && type != 'g' &&
      type != 'G' && type != '%') {
    return {{}, unknown_code(type, "float")};
  }
  bool negative = std::signbit(value);
  double x = std::fabs(value);
  if (type == '%') x *= 100;
  const bool upper = type == 'E' || type == 'F' || type == 'G';
  std::string body;
  if (std::isnan(x) || std::isinf(x)) {
    body = std::isnan(x) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    if (type == '%') body += '%';
    FormatSpec s = spec;
    s.zero = false;  // no zero padding into inf
    if (!s.align && spec.zero) s.fill = " ";
    return {pad(sign_of(negative, spec.sign) + body, s, '>', negative || spec.sign != '-'), {}};
  }
  const int p = spec.precision;
  char buf[2048];
  auto print = [&](const char* conv, int precision) {
    char fmt[16];
    std::snprintf(fmt, sizeof fmt, "%%%s.%d%s", spec.alternate ? "#" : "", precision, conv);
    std::snprintf(buf, sizeof buf, fmt, x);
    return std::string(buf);
  };
  if (!type) {
    if (p < 0) {
      body = repr_float(x);
    } else {
      // CPython: 'g' with a ".0" added to whole numbers, and so the exponent
      // form starts one digit earlier (exp >= precision - 1).
      const int digits = p == 0 ? 1 : p;
      const std::string e = print("e", digits - 1);
      const int exp = std::atoi(e.c_str() + e.find('e') + 1);
      if (exp >= -4 && exp < digits - 1) {
        body = print("f", digits - 1 - exp);
        if (!spec.alternate && body.find('.') != std::string::npos) {
          while (body.back() == '0') body.pop_back();
        }
        if (body.back() == '.') body += '0';
        if (body.find('.') == std::string::npos) body += ".0";
      } else {
        body = e;
        if (!spec.alternate) {
          const std::size_t epos = body.find('e');
          std::string mant = body.substr(0, epos);
          if (mant.find('.') != std::string::npos) {
            while (mant.back() == '0') mant.pop_back();
            if (mant.back() == '.') mant.pop_back();
          }
          body = mant + body.substr(epos);
        }
      }
    }
  } else if (type == 'f' || type == 'F' || type == '%') {
    body = print("f", p < 0 ? 6 : p);
  } else if (type == 'e' || type == 'E') {
    body = print(type == 'e' ? "e" : "E", p < 0 ? 6 : p);
  } else {
    body = print(type == 'g' ? "g" : "G", p < 0 ? 6 : (p == 0 ? 1 : p));
  }
  if (type == '%') body += '%';
  if (negative && spec.no_negative_zero) {
    bool all_zero = true;
    for (char c : body) {
      if (c >= '1' && c <= '9') all_zero = false;
      if (c == 'e' || c == 'E') break;
    }
    if (all_zero) negative = false;
  }
  // Split the integer digits (grouped) from the rest (point, fraction, exponent).
  std::size_t int_end = 0;
  while (int_end < body.size() && body[int_end] >= '0' && body[int_end] <= '9') ++int_end;
  return {number(sign_of(negative, spec.sign), "", body.substr(0, int_end), body.substr(int_end),
                 spec, 3),
          {}};
}

Formatted format_str(std::string_view s, const FormatSpec& spec) {
  if (spec.type && spec.type != 's') return {{}, unknown_code(spec.type, "str")};
  if (spec.sign != '-') return {{}, "Sign not allowed in string format specifier"};
  if (spec.alternate) return {{}, "Alternate form (#) not allowed in string format specifier"};
  if (spec.grouping) {
    return {{}, std::string("Cannot specify '") + spec.grouping + "' with 's'."};
  }
  if (spec.align == '=') return {{}, "'=' alignment not allowed in string format specifier"};
  std::string body(s);
  if (spec.precision >= 0) {
    std::size_t i = 0, n = 0;
    while (i < s.size() && n < static_cast<std::size_t>(spec.precision)) {
      i += code_point_size(static_cast<unsigned char>(s[i]));
      ++n;
    }
    body = std::string(s.substr(0, i));
  }
  return {pad(body, spec, '<', 0), {}};
}

}  // namespace coroscope::script
