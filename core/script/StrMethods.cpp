#include "script/StrMethods.hpp"

#include <algorithm>

#include "script/Format.hpp"

namespace coroscope::script {

namespace {

std::size_t cp_size(unsigned char b) {
  return b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 1;
}

// byte_offset(s, cp) is where code point cp starts (s.size() past the end).
std::size_t byte_offset(std::string_view s, std::size_t cp) {
  std::size_t i = 0;
  while (cp-- && i < s.size()) i += cp_size(static_cast<unsigned char>(s[i]));
  return std::min(i, s.size());
}

// range(s, b): the byte range [first, last) that Python's s[start:end] covers.
std::pair<std::size_t, std::size_t> range(std::string_view s, Bounds b, std::int64_t& start_cp) {
  const auto len = static_cast<std::int64_t>(utf8_length(s));
  auto norm = [&](std::optional<std::int64_t> v, std::int64_t dflt) {
    std::int64_t x = v.value_or(dflt);
    if (x < 0) x += len;
    return std::clamp<std::int64_t>(x, 0, len);
  };
  start_cp = norm(b.start, 0);
  const std::int64_t end_cp = norm(b.end, len);
  const std::size_t first = byte_offset(s, static_cast<std::size_t>(start_cp));
  const std::size_t last =
      end_cp < start_cp ? first : byte_offset(s, static_cast<std::size_t>(end_cp));
  return {first, last};
}

bool is_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

// whitespace_at(s, i): the length of the whitespace character at i, or 0
// (ASCII whitespace, U+0085, U+00A0 and the Unicode spaces U+2000..U+200A,
// U+2028, U+2029, U+202F, U+205F, U+3000, as str.split() knows them).
std::size_t whitespace_at(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return is_space(c) ? 1 : 0;
  if (c == 0xc2 && i + 1 < s.size()) {
    const auto d = static_cast<unsigned char>(s[i + 1]);
    return d == 0x85 || d == 0xa0 ? 2 : 0;
  }
  if (c == 0xe1 && s.substr(i, 3) == "\xe1\x9a\x80") return 3;  // U+1680
  if (c == 0xe2 && i + 2 < s.size()) {
    const auto d = static_cast<unsigned char>(s[i + 1]), e = static_cast<unsigned char>(s[i + 2]);
    if (d == 0x80 && (e <= 0x8a || e == 0xa8 || e == 0xa9 || e == 0xaf)) return 3;
    if (d == 0x81 && e == 0x9f) return 3;
  }
  if (c == 0xe3 && s.substr(i, 3) == "\xe3\x80\x80") return 3;  // U+3000
  return 0;
}

std::string pad_to(std::string_view s, std::int64_t width, std::string_view fill, std::size_t left,
                   std::size_t right) {
  (void)width;
  std::string out;
  for (std::size_t k = 0; k < left; ++k) out += fill;
  out += s;
  for (std::size_t k = 0; k < right; ++k) out += fill;
  return out;
}

char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
}
char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}
bool ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

Strings split(std::string_view s, std::optional<std::string_view> sep, long maxsplit) {
  Strings out;
  if (sep) {
    std::size_t pos = 0;
    while (maxsplit < 0 || static_cast<long>(out.size()) < maxsplit) {
      const std::size_t at = s.find(*sep, pos);
      if (at == std::string_view::npos) break;
      out.emplace_back(s.substr(pos, at - pos));
      pos = at + sep->size();
    }
    out.emplace_back(s.substr(pos));
    return out;
  }
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && whitespace_at(s, i)) i += whitespace_at(s, i);
    if (i >= s.size()) break;
    if (maxsplit >= 0 && static_cast<long>(out.size()) >= maxsplit) {
      out.emplace_back(s.substr(i));  // the rest keeps its trailing whitespace
      break;
    }
    const std::size_t start = i;
    while (i < s.size() && !whitespace_at(s, i)) i += cp_size(static_cast<unsigned char>(s[i]));
    out.emplace_back(s.substr(start, i - start));
  }
  return out;
}

Strings rsplit(std::string_view s, std::optional<std::string_view> sep, long maxsplit) {
  if (maxsplit < 0) return split(s, sep, maxsplit);
  Strings out;
  if (sep) {
    std::size_t end = s.size();
    while (static_cast<long>(out.size()) < maxsplit) {
      if (end < sep->size()) break;
      const std::size_t at = s.rfind(*sep, end - sep->size());
      if (at == std::string_view::npos) break;
      out.emplace_back(s.substr(at + sep->size(), end - at - sep->size()));
      end = at;
    }
    out.emplace_back(s.substr(0, end));
    std::reverse(out.begin(), out.end());
    return out;
  }
  // Whitespace, from the right: the part left over keeps its leading whitespace.
  auto prev = [&](std::size_t end) {
    std::size_t k = end - 1;
    while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xc0) == 0x80) --k;
    return k;
  };
  std::size_t end = s.size();
  while (true) {
    while (end > 0 && whitespace_at(s, prev(end))) end = prev(end);
    if (end == 0) break;
    if (static_cast<long>(out.size()) >= maxsplit) {
      out.emplace_back(s.substr(0, end));
      break;
    }
    std::size_t start = end;
    while (start > 0 && !whitespace_at(s, prev(start))) start = prev(start);
    out.emplace_back(s.substr(start, end - start));
    end = start;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

Strings splitlines(std::string_view s, bool keepends) {
  Strings out;
  std::size_t start = 0, i = 0;
  while (i < s.size()) {
    std::size_t eol = 0;
    const char c = s[i];
    if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      eol = 2;
    } else if (c == '\n' || c == '\r' || c == '\x0b' || c == '\x0c' || (c >= 0x1c && c <= 0x1e)) {
      eol = 1;
    }
    if (eol) {
      out.emplace_back(s.substr(start, (keepends ? i + eol : i) - start));
      i += eol;
      start = i;
    } else {
      i += cp_size(static_cast<unsigned char>(c));
    }
  }
  if (start < s.size()) out.emplace_back(s.substr(start));
  return out;
}

std::string lstrip(std::string_view s, std::optional<std::string_view> chars) {
  std::size_t i = 0;
  if (!chars) {
    while (i < s.size() && whitespace_at(s, i)) i += whitespace_at(s, i);
  } else {
    while (i < s.size()) {
      const std::size_t n = cp_size(static_cast<unsigned char>(s[i]));
      if (chars->find(s.substr(i, n)) == std::string_view::npos) break;
      i += n;
    }
  }
  return std::string(s.substr(i));
}

std::string rstrip(std::string_view s, std::optional<std::string_view> chars) {
  std::size_t end = s.size();
  while (end > 0) {
    std::size_t k = end - 1;
    while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xc0) == 0x80) --k;
    const std::string_view ch = s.substr(k, end - k);
    const bool strip_it =
        chars ? chars->find(ch) != std::string_view::npos : whitespace_at(s, k) == ch.size();
    if (!strip_it) break;
    end = k;
  }
  return std::string(s.substr(0, end));
}

std::string strip(std::string_view s, std::optional<std::string_view> chars) {
  return lstrip(rstrip(s, chars), chars);
}

std::string replace(std::string_view s, std::string_view old, std::string_view with, long n) {
  std::string out;
  if (old.empty()) {  // between every character, and at both ends
    long done = 0;
    std::size_t i = 0;
    while (i <= s.size()) {
      if (n < 0 || done < n) {
        out += with;
        ++done;
      }
      if (i == s.size()) break;
      const std::size_t step = cp_size(static_cast<unsigned char>(s[i]));
      out += s.substr(i, step);
      i += step;
    }
    return out;
  }
  std::size_t pos = 0;
  long done = 0;
  while (n < 0 || done < n) {
    const std::size_t at = s.find(old, pos);
    if (at == std::string_view::npos) break;
    out += s.substr(pos, at - pos);
    out += with;
    pos = at + old.size();
    ++done;
  }
  out += s.substr(pos);
  return out;
}

std::int64_t find(std::string_view s, std::string_view sub, Bounds b) {
  std::int64_t start_cp = 0;
  auto [first, last] = range(s, b, start_cp);
  if (b.start && b.end && first > last) return -1;
  const std::string_view window = s.substr(first, last - first);
  const std::size_t at = window.find(sub);
  if (at == std::string_view::npos) return -1;
  return start_cp + static_cast<std::int64_t>(utf8_length(window.substr(0, at)));
}

std::int64_t rfind(std::string_view s, std::string_view sub, Bounds b) {
  std::int64_t start_cp = 0;
  auto [first, last] = range(s, b, start_cp);
  const std::string_view window = s.substr(first, last - first);
  const std::size_t at = window.rfind(sub);
  if (at == std::string_view::npos) return -1;
  return start_cp + static_cast<std::int64_t>(utf8_length(window.substr(0, at)));
}

std::int64_t count(std::string_view s, std::string_view sub, Bounds b) {
  std::int64_t start_cp = 0;
  auto [first, last] = range(s, b, start_cp);
  const std::string_view window = s.substr(first, last - first);
  if (sub.empty()) return static_cast<std::int64_t>(utf8_length(window)) + 1;
  std::int64_t n = 0;
  for (std::size_t at = window.find(sub); at != std::string_view::npos;
       at = window.find(sub, at + sub.size())) {
    ++n;
  }
  return n;
}

bool startswith(std::string_view s, std::string_view prefix, Bounds b) {
  std::int64_t start_cp = 0;
  auto [first, last] = range(s, b, start_cp);
  return s.substr(first, last - first).starts_with(prefix);
}

bool endswith(std::string_view s, std::string_view suffix, Bounds b) {
  std::int64_t start_cp = 0;
  auto [first, last] = range(s, b, start_cp);
  return s.substr(first, last - first).ends_with(suffix);
}

std::string center(std::string_view s, std::int64_t width, std::string_view fill) {
  const auto len = static_cast<std::int64_t>(utf8_length(s));
  if (width <= len) return std::string(s);
  const std::int64_t marg = width - len;
  const std::int64_t left = marg / 2 + (marg & width & 1);  // CPython's rounding
  return pad_to(s, width, fill, static_cast<std::size_t>(left),
                static_cast<std::size_t>(marg - left));
}

std::string ljust(std::string_view s, std::int64_t width, std::string_view fill) {
  const auto len = static_cast<std::int64_t>(utf8_length(s));
  return width <= len ? std::string(s)
                      : pad_to(s, width, fill, 0, static_cast<std::size_t>(width - len));
}

std::string rjust(std::string_view s, std::int64_t width, std::string_view fill) {
  const auto len = static_cast<std::int64_t>(utf8_length(s));
  return width <= len ? std::string(s)
                      : pad_to(s, width, fill, static_cast<std::size_t>(width - len), 0);
}

std::string zfill(std::string_view s, std::int64_t width) {
  const auto len = static_cast<std::int64_t>(utf8_length(s));
  if (width <= len) return std::string(s);
  const std::string zeros(static_cast<std::size_t>(width - len), '0');
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    return std::string(1, s[0]) + zeros + std::string(s.substr(1));
  }
  return zeros + std::string(s);
}

Strings partition(std::string_view s, std::string_view sep) {
  const std::size_t at = s.find(sep);
  if (at == std::string_view::npos) return {std::string(s), "", ""};
  return {std::string(s.substr(0, at)), std::string(sep), std::string(s.substr(at + sep.size()))};
}

Strings rpartition(std::string_view s, std::string_view sep) {
  const std::size_t at = s.rfind(sep);
  if (at == std::string_view::npos) return {"", "", std::string(s)};
  return {std::string(s.substr(0, at)), std::string(sep), std::string(s.substr(at + sep.size()))};
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_upper(c);
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

std::string capitalize(std::string_view s) {
  std::string out = lower(s);
  if (!out.empty()) out[0] = ascii_upper(out[0]);
  return out;
}

std::string title(std::string_view s) {
  std::string out(s);
  bool previous_cased = false;
  for (char& c : out) {
    if (ascii_alpha(c)) {
      c = previous_cased ? ascii_lower(c) : ascii_upper(c);
      previous_cased = true;
    } else {
      previous_cased = false;
    }
  }
  return out;
}

std::string swapcase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = c >= 'a' && c <= 'z' ? ascii_upper(c) : ascii_lower(c);
  return out;
}

bool isdigit(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isalpha(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), ascii_alpha);
}

bool isalnum(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return ascii_alpha(c) || (c >= '0' && c <= '9'); });
}

bool isspace(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = whitespace_at(s, i);
    if (!n) return false;
    i += n;
  }
  return true;
}

bool isupper(std::string_view s) {
  bool cased = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') cased = true;
  }
  return cased;
}

bool islower(std::string_view s) {
  bool cased = false;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') return false;
    if (c >= 'a' && c <= 'z') cased = true;
  }
  return cased;
}

std::string reversed(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t end = s.size();
  while (end > 0) {
    std::size_t k = end - 1;
    while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xc0) == 0x80) --k;
    out += s.substr(k, end - k);
    end = k;
  }
  return out;
}

}  // namespace coroscope::script
