#include "script/Repr.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace coroscope::script {

std::string repr_int(std::int64_t x) {
  return std::to_string(x);
}

// Python's float repr: the shortest digits that round-trip, in fixed notation
// when the decimal exponent is in [-4, 16), else as d.ddde±XX.
std::string repr_float(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  if (ec != std::errc()) return "nan";  // cannot happen: 64 bytes hold any double
  const std::string_view text(buf, static_cast<std::size_t>(end - buf));
  const std::size_t e = text.find('e');
  std::string_view mantissa = text.substr(0, e);
  const int exp = std::atoi(std::string(text.substr(e + 1)).c_str());
  std::string sign;
  if (mantissa.front() == '-') {
    sign = "-";
    mantissa.remove_prefix(1);
  }
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  if (exp < -4 || exp >= 16) {
    char tail[16];
    std::snprintf(tail, sizeof tail, "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
    return sign + std::string(mantissa) + tail;
  }
  std::string out = sign;
  if (exp < 0) {
    out += "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
    return out;
  }
  const auto int_digits = static_cast<std::size_t>(exp) + 1;
  if (digits.size() <= int_digits) {
    out += digits + std::string(int_digits - digits.size(), '0') + ".0";
  } else {
    out += digits.substr(0, int_digits) + "." + digits.substr(int_digits);
  }
  return out;
}

bool printable(char32_t cp) {
  if (cp < 0x20 || cp == 0x7f) return false;  // C0 controls, DEL
  if (cp < 0x7f) return true;
  if (cp < 0xa0) return false;                                       // C1 controls
  if (cp == 0xa0 || cp == 0xad) return false;                        // no-break space, soft hyphen
  if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200f)) return false;  // spaces, ZW*, marks
  if (cp >= 0x2028 && cp <= 0x202f) return false;    // separators, embeddings, NNBSP
  if (cp >= 0x205f && cp <= 0x206f) return false;    // MMSP, invisible operators
  if (cp == 0x3000 || cp == 0xfeff) return false;    // ideographic space, BOM
  if (cp >= 0xfff9 && cp <= 0xfffb) return false;    // interlinear annotations
  if (cp >= 0xd800 && cp <= 0xdfff) return false;    // surrogates
  if (cp >= 0xe000 && cp <= 0xf8ff) return false;    // private use
  if ((cp & 0xfffe) == 0xfffe) return false;         // noncharacters U+xxFFFE/F
  if (cp >= 0xfdd0 && cp <= 0xfdef) return false;    // noncharacters
  if (cp >= 0xf0000) return false;                   // supplementary private use
  if (cp >= 0xe0000 && cp <= 0xe007f) return false;  // tags
  return cp <= 0x10ffff;
}

namespace {

// next_code_point(s, i) decodes the UTF-8 sequence at s[i] and advances i; an
// invalid byte decodes as itself (a lone byte in 0x80..0xff) and advances by one.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xe ? 3 : (b0 >> 3) == 0x1e ? 4 : 0;
  if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return b0;
  }
  char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1f) : len == 3 ? (b0 & 0x0f) : (b0 & 0x07);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xc0) != 0x80) {
      ++i;
      return b0;
    }
    cp = (cp << 6) | (b & 0x3f);
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

char quote_for(std::string_view s) {
  const bool single = s.find('\'') != std::string_view::npos;
  const bool dbl = s.find('"') != std::string_view::npos;
  return single && !dbl ? '"' : '\'';
}

constexpr char kHexDigits[] = "0123456789abcdef";

// append_hex(out, kind, c, digits): "\\" kind and c in digits lowercase hex digits.
void append_hex(std::string& out, char kind, char32_t c, int digits) {
  out += '\\';
  out += kind;
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += kHexDigits[(c >> shift) & 0xf];
}

// escape(out, c, quote) appends the escapes str and bytes share; false if c
// needs none of them.
bool common_escape(std::string& out, char32_t c, char quote) {
  switch (c) {
    case '\\':
      out += "\\\\";
      return true;
    case '\t':
      out += "\\t";
      return true;
    case '\n':
      out += "\\n";
      return true;
    case '\r':
      out += "\\r";
      return true;
    default:
      if (c == static_cast<char32_t>(quote)) {
        out += '\\';
        out += quote;
        return true;
      }
      return false;
  }
}

}  // namespace

std::string repr_str(std::string_view s) {
  const char quote = quote_for(s);
  std::string out(1, quote);
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const char32_t c = next_code_point(s, i);
    if (common_escape(out, c, quote)) continue;
    if (printable(c)) {
      out.append(s.substr(start, i - start));
      continue;
    }
    if (c < 0x100) {
      append_hex(out, 'x', c, 2);
    } else if (c < 0x10000) {
      append_hex(out, 'u', c, 4);
    } else {
      append_hex(out, 'U', c, 8);
    }
  }
  out += quote;
  return out;
}

// repr_bytes is on the hot path of a server that prints what it receives
// (the echo demo under load): one pass writing into a buffer sized for the
// worst case (every byte as \\xNN), no formatting calls.
std::string repr_bytes(std::string_view s) {
  const char quote = quote_for(s);
  std::string out(4 * s.size() + 3, '\0');
  char* p = out.data();
  *p++ = 'b';
  *p++ = quote;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\' || c == static_cast<unsigned char>(quote)) {
      *p++ = '\\';
      *p++ = static_cast<char>(c);
    } else if (c == '\t' || c == '\n' || c == '\r') {
      *p++ = '\\';
      *p++ = c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
    } else if (c < 0x20 || c >= 0x7f) {
      *p++ = '\\';
      *p++ = 'x';
      *p++ = kHexDigits[c >> 4];
      *p++ = kHexDigits[c & 0xf];
    } else {
      *p++ = static_cast<char>(c);
    }
  }
  *p++ = quote;
  out.resize(static_cast<std::size_t>(p - out.data()));
  return out;
}

}  // namespace coroscope::script
