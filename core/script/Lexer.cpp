#include "script/Lexer.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace coroscope::script {
namespace {

constexpr int kMaxBrackets = 200;  // CPython's MAXLEVEL
constexpr int kMaxIndents = 100;   // CPython's MAXINDENT

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  return (c | 0x20) - 'a' + 10;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Operators, longest first so that the first match is the longest one.
constexpr std::array<std::string_view, 48> kOps = {
    "**=", "//=", ">>=", "<<=", "...", "**", "//", "<<", ">>", "<=", ">=", "==",
    "!=",  "->",  "+=",  "-=",  "*=",  "/=", "%=", "&=", "|=", "^=", "@=", ":=",
    "+",   "-",   "*",   "/",   "%",   "@",  "&",  "|",  "^",  "~",  "<",  ">",
    "(",   ")",   "[",   "]",   "{",   "}",  ",",  ":",  ";",  ".",  "=",  "!"};

}  // namespace

Lexer::Lexer(std::string_view source, Mode mode, int line, int col)
    : mode_(mode), line_(line), col_(col) {
  // Newlines are "\n" from here on, like Python's universal newlines.
  src_.reserve(source.size());
  for (std::size_t i = 0; i < source.size(); ++i) {
    if (source[i] == '\r') {
      src_ += '\n';
      if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
    } else {
      src_ += source[i];
    }
  }
  if (mode_ == Mode::Expression) line_start_ = false;
}

bool Lexer::is_identifier_start(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  if (c == 0xD7 || c == 0xF7) return false;
  return (c >= 0xC0 && c <= 0x24F) || (c >= 0x370 && c <= 0x3FF && c != 0x37E && c != 0x387) ||
         (c >= 0x400 && c <= 0x52F) || (c >= 0x5D0 && c <= 0x5EA) || (c >= 0x620 && c <= 0x64A) ||
         (c >= 0x904 && c <= 0x939) || (c >= 0x3041 && c <= 0x30FF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3);
}

bool Lexer::is_identifier_char(char32_t c) {
  return is_identifier_start(c) || (c >= '0' && c <= '9') || (c >= 0x300 && c <= 0x36F);
}

char Lexer::peek(std::size_t ahead) const {
  return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
}

// peek_code_point() decodes the UTF-8 sequence at pos_ (a bad byte reads as itself).
char32_t Lexer::peek_code_point(std::size_t* length) const {
  const auto b = static_cast<unsigned char>(peek());
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
  if (pos_ + n > src_.size()) n = 1;
  char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    const auto cont = static_cast<unsigned char>(src_[pos_ + k]);
    if ((cont & 0xC0) != 0x80) {
      *length = 1;
      return b;
    }
    c = (c << 6) | (cont & 0x3F);
  }
  *length = n;
  return c;
}

void Lexer::advance() {
  if (pos_ >= src_.size()) return;
  const char c = src_[pos_++];
  if (c == '\n') {
    ++line_;
    col_ = 1;
  } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
    ++col_;
  }
}

Token Lexer::start_token(TokenKind kind) const {
  Token t;
  t.kind = kind;
  t.line = line_;
  t.col = col_;
  t.level = static_cast<int>(brackets_.size());
  return t;
}

void Lexer::finish(Token& t) {
  t.end_line = line_;
  t.end_col = col_;
  out_.push_back(std::move(t));
}

void Lexer::error(std::string message, int line, int col, int end_line, int end_col,
                  ErrorType type) {
  Token t;
  t.kind = TokenKind::Error;
  t.message = std::move(message);
  t.error_type = type;
  t.line = line;
  t.col = col;
  t.end_line = end_line < 0 ? line : end_line;
  t.end_col = end_col < 0 ? col + 1 : end_col;
  out_.push_back(std::move(t));
  failed_ = true;
}

std::vector<Token> Lexer::tokenize() {
  out_.clear();
  while (!failed_) {
    if (line_start_ && brackets_.empty()) {
      if (!indentation()) {
        if (pos_ >= src_.size()) break;
        continue;
      }
      if (failed_) break;
    }
    while (peek() == ' ' || peek() == '\t' || peek() == '\f') advance();
    if (pos_ >= src_.size()) break;
    const char c = peek();
    if (c == '#') {
      while (pos_ < src_.size() && peek() != '\n') advance();
    } else if (c == '\n') {
      if (brackets_.empty() && mode_ == Mode::File) {
        Token t = start_token(TokenKind::Newline);
        t.text = "\n";
        advance();
        t.end_line = t.line;
        t.end_col = t.col + 1;
        out_.push_back(std::move(t));
        line_start_ = true;
      } else {
        advance();
      }
    } else if (c == '\\') {
      advance();
      if (pos_ >= src_.size()) {
        error("unexpected EOF while parsing", line_, col_);
      } else if (peek() != '\n') {
        error("unexpected character after line continuation character", line_, col_);
      } else {
        const int line = line_, col = col_;
        advance();
        if (pos_ >= src_.size()) error("unexpected EOF while parsing", line, col, line, -1);
      }
    } else if (is_digit(c) || (c == '.' && is_digit(peek(1)))) {
      number();
    } else if (c == '"' || c == '\'') {
      string(start_token(TokenKind::String), "");
    } else {
      std::size_t n = 0;
      const char32_t cp = peek_code_point(&n);
      if (is_identifier_start(cp)) {
        name_or_string();
      } else if (cp == 0) {
        error("source code cannot contain null bytes", line_, col_);
      } else if (cp >= 0x80) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "' (U+%04X)", static_cast<unsigned>(cp));
        error("invalid character '" + src_.substr(pos_, n) + buf, line_, col_);
      } else if (cp < 0x20 || cp == 0x7F) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "invalid non-printable character U+%04X",
                      static_cast<unsigned>(cp));
        error(buf, line_, col_);
      } else {
        op();
      }
    }
  }
  if (!failed_) at_end();
  return std::move(out_);
}

// indentation() measures the indentation of a new line and emits INDENT or
// DEDENTs; a blank or comment-only line is skipped whole (returns false).
bool Lexer::indentation() {
  int width = 0, alt = 0;
  const int line = line_;
  for (;;) {
    const char c = peek();
    if (c == ' ') {
      ++width, ++alt;
    } else if (c == '\t') {
      width = (width / 8 + 1) * 8;
      ++alt;
    } else if (c == '\f') {
      width = alt = 0;
    } else {
      break;
    }
    advance();
  }
  const char c = peek();
  if (pos_ >= src_.size() || c == '\n' || c == '#' || (c == '\\' && peek(1) == '\n')) {
    while (pos_ < src_.size() && peek() != '\n') advance();
    advance();
    return false;
  }
  line_start_ = false;
  if (width == indents_.back()) {
    if (alt != alt_indents_.back()) {
      error("inconsistent use of tabs and spaces in indentation", line, 1, -1, -1,
            ErrorType::TabError);
    }
  } else if (width > indents_.back()) {
    if (static_cast<int>(indents_.size()) > kMaxIndents) {
      error("too many levels of indentation", line, 1, -1, -1, ErrorType::IndentationError);
      return true;
    }
    if (alt <= alt_indents_.back()) {
      error("inconsistent use of tabs and spaces in indentation", line, 1, -1, -1,
            ErrorType::TabError);
      return true;
    }
    indents_.push_back(width);
    alt_indents_.push_back(alt);
    Token t = start_token(TokenKind::Indent);
    t.col = 1;
    t.end_line = line;
    t.end_col = col_;
    out_.push_back(std::move(t));
  } else {
    while (width < indents_.back()) {
      indents_.pop_back();
      alt_indents_.pop_back();
      Token t = start_token(TokenKind::Dedent);
      t.end_line = line;
      t.end_col = col_;
      out_.push_back(std::move(t));
    }
    if (width != indents_.back()) {
      // CPython points just past the end of the line.
      std::size_t eol = src_.find('\n', pos_);
      if (eol == std::string::npos) eol = src_.size();
      int end = col_;
      for (std::size_t k = pos_; k < eol; ++k) {
        if ((static_cast<unsigned char>(src_[k]) & 0xC0) != 0x80) ++end;
      }
      error("unindent does not match any outer indentation level", line, end, -1, -1,
            ErrorType::IndentationError);
    } else if (alt != alt_indents_.back()) {
      error("inconsistent use of tabs and spaces in indentation", line, 1, -1, -1,
            ErrorType::TabError);
    }
  }
  return true;
}

void Lexer::at_end() {
  if (mode_ == Mode::File) {
    if (!brackets_.empty()) {
      const Open& o = brackets_.back();
      error(std::string("'") + o.bracket + "' was never closed", o.line, o.col);
      return;
    }
    if (!line_start_) {
      Token t = start_token(TokenKind::Newline);
      t.end_line = line_;
      t.end_col = col_ + 1;
      out_.push_back(std::move(t));
    }
    for (std::size_t k = 1; k < indents_.size(); ++k) {
      Token t = start_token(TokenKind::Dedent);
      finish(t);
    }
  }
  Token t = start_token(TokenKind::EndMarker);
  finish(t);
}

void Lexer::name_or_string() {
  Token t = start_token(TokenKind::Name);
  const std::size_t start = pos_;
  for (;;) {
    std::size_t n = 0;
    const char32_t cp = peek_code_point(&n);
    if (pos_ >= src_.size() || !is_identifier_char(cp)) break;
    for (std::size_t k = 0; k < n; ++k) advance();
  }
  t.text = src_.substr(start, pos_ - start);
  if ((peek() == '\'' || peek() == '"') && t.text.size() <= 2) {
    std::string lower;
    for (char ch : t.text) lower += static_cast<char>(ch | 0x20);
    if (lower == "r" || lower == "b" || lower == "f" || lower == "u" || lower == "rb" ||
        lower == "br" || lower == "fr" || lower == "rf") {
      t.kind = TokenKind::String;
      string(std::move(t), lower);
      return;
    }
  }
  finish(t);
}

void Lexer::number() {
  Token t = start_token(TokenKind::Number);
  const std::size_t start = pos_;
  std::string digits;  // without underscores
  // digits_of() reads digits of one base with single underscores between them.
  auto digits_of = [&](auto valid, const char* kind) -> bool {
    bool any = false;
    for (;;) {
      if (peek() == '_' && any) {
        advance();
        if (!valid(peek())) {
          error(std::string("invalid ") + kind + " literal", line_, col_ - 1);
          return false;
        }
      }
      if (!valid(peek())) return true;
      digits += peek();
      advance();
      any = true;
    }
  };
  const char p1 = static_cast<char>(peek(1) | 0x20);
  if (peek() == '0' && (p1 == 'x' || p1 == 'o' || p1 == 'b')) {
    const int base = p1 == 'x' ? 16 : p1 == 'o' ? 8 : 2;
    const char* kind = base == 16 ? "hexadecimal" : base == 8 ? "octal" : "binary";
    advance();
    advance();
    if (peek() == '_') advance();
    auto valid = [base](char c) {
      return base == 16 ? is_hex(c) : base == 8 ? (c >= '0' && c <= '7') : (c == '0' || c == '1');
    };
    if (!digits_of(valid, kind)) return;
    if (digits.empty()) {
      error(std::string("invalid ") + kind + " literal", line_, col_ - 1);
      return;
    }
    if (base != 16 && is_digit(peek())) {
      error(std::string("invalid digit '") + peek() + "' in " + kind + " literal", line_, col_);
      return;
    }
    std::size_t n = 0;
    if (is_identifier_char(peek_code_point(&n)) && pos_ < src_.size()) {
      error(std::string("invalid ") + kind + " literal", line_, col_ - 1);
      return;
    }
    for (char c : digits) {
      if (__builtin_mul_overflow(t.int_value, base, &t.int_value) ||
          __builtin_add_overflow(t.int_value, hex_value(c), &t.int_value)) {
        t.int_overflow = true;
      }
    }
  } else {
    if (!digits_of(is_digit, "decimal")) return;
    const std::size_t int_digits = digits.size();
    if (peek() == '.') {
      t.is_float = true;
      digits += '.';
      advance();
      if (is_digit(peek()) && !digits_of(is_digit, "decimal")) return;
    }
    const char e = peek();
    if (e == 'e' || e == 'E') {
      const char s = peek(1);
      if (is_digit(s) || ((s == '+' || s == '-') && is_digit(peek(2)))) {
        t.is_float = true;
        digits += 'e';
        advance();
        if (s == '+' || s == '-') {
          digits += s;
          advance();
        }
        if (!digits_of(is_digit, "decimal")) return;
      } else {
        error("invalid decimal literal", line_, col_ - 1);
        return;
      }
    }
    if (peek() == 'j' || peek() == 'J') {
      error("complex numbers are not supported by Coroscope scripts", t.line, t.col);
      return;
    }
    std::size_t n = 0;
    if (pos_ < src_.size() && is_identifier_start(peek_code_point(&n))) {
      error("invalid decimal literal", line_, col_ - 1);
      return;
    }
    if (t.is_float) {
      const auto [ptr, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), t.float_value);
      (void)ptr;
      if (ec == std::errc::result_out_of_range) t.float_value = HUGE_VAL;
    } else {
      if (int_digits > 1 && digits[0] == '0' &&
          digits.find_first_not_of('0') != std::string::npos) {
        error(
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for "
            "octal integers",
            t.line, t.col);
        return;
      }
      for (char c : digits) {
        if (__builtin_mul_overflow(t.int_value, 10, &t.int_value) ||
            __builtin_add_overflow(t.int_value, c - '0', &t.int_value)) {
          t.int_overflow = true;
        }
      }
    }
  }
  t.text = src_.substr(start, pos_ - start);
  finish(t);
}

void Lexer::string(Token t, std::string_view prefix) {
  t.kind = TokenKind::String;
  t.is_raw = prefix.find('r') != std::string_view::npos;
  t.is_bytes = prefix.find('b') != std::string_view::npos;
  t.is_fstring = prefix.find('f') != std::string_view::npos;
  const std::size_t token_start = pos_ - prefix.size();
  const char quote = peek();
  const bool triple = peek(1) == quote && peek(2) == quote;
  for (int k = 0; k < (triple ? 3 : 1); ++k) advance();
  t.body_line = line_;
  t.body_col = col_;
  const std::size_t body_start = pos_;
  std::size_t body_end = 0;
  for (;;) {
    if (pos_ >= src_.size()) {
      const int detected =
          !src_.empty() && src_.back() == '\n' && mode_ == Mode::File ? line_ - 1 : line_;
      error(std::string(triple ? "unterminated triple-quoted string literal"
                               : "unterminated string literal") +
                " (detected at line " + std::to_string(detected) + ")",
            t.line, t.col);
      return;
    }
    const char c = peek();
    if (c == '\n' && !triple) {
      error("unterminated string literal (detected at line " + std::to_string(line_) + ")", t.line,
            t.col);
      return;
    }
    if (c == '\\') {
      advance();
      advance();
      continue;
    }
    if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
      body_end = pos_;
      for (int k = 0; k < (triple ? 3 : 1); ++k) advance();
      break;
    }
    advance();
  }
  t.text = src_.substr(token_start, pos_ - token_start);
  t.body = src_.substr(body_start, body_end - body_start);
  t.end_line = line_;
  t.end_col = col_;
  if (t.is_bytes) {
    for (char c : t.body) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        error("bytes can only contain ASCII literal characters", t.line, t.col, t.end_line,
              t.end_col);
        return;
      }
    }
  }
  if (!t.is_fstring) {
    std::string message;
    if (!decode_escapes(t.body, t.is_raw, t.is_bytes, &t.value, &message)) {
      error(message, t.end_line, t.end_col);
      return;
    }
  }
  out_.push_back(std::move(t));
}

void Lexer::op() {
  Token t = start_token(TokenKind::Op);
  std::string_view rest(src_.data() + pos_, src_.size() - pos_);
  std::string_view found = rest.substr(0, 1);  // unknown characters ('$', '?') stay one-char ops
  for (std::string_view candidate : kOps) {
    if (rest.substr(0, candidate.size()) == candidate) {
      found = candidate;
      break;
    }
  }
  t.text = std::string(found);
  const char c = found[0];
  if (found.size() == 1 && (c == '(' || c == '[' || c == '{')) {
    if (static_cast<int>(brackets_.size()) >= kMaxBrackets) {
      error("too many nested parentheses", line_, col_);
      return;
    }
    brackets_.push_back({c, line_, col_});
  } else if (found.size() == 1 && (c == ')' || c == ']' || c == '}')) {
    if (brackets_.empty()) {
      error(std::string("unmatched '") + c + "'", line_, col_);
      return;
    }
    const Open o = brackets_.back();
    const char want = o.bracket == '(' ? ')' : o.bracket == '[' ? ']' : '}';
    if (c != want) {
      std::string message = std::string("closing parenthesis '") + c +
                            "' does not match opening parenthesis '" + o.bracket + "'";
      if (o.line != line_) message += " on line " + std::to_string(o.line);
      error(message, line_, col_);
      return;
    }
    brackets_.pop_back();
  }
  for (std::size_t k = 0; k < found.size(); ++k) advance();
  finish(t);
}

bool Lexer::decode_escapes(std::string_view body, bool raw, bool bytes, std::string* out,
                           std::string* error) {
  out->clear();
  if (raw) {
    out->assign(body);
    return true;
  }
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      *out += c;
      continue;
    }
    const char e = body[++i];
    switch (e) {
      case '\n':
        break;
      case '\\':
        *out += '\\';
        break;
      case '\'':
        *out += '\'';
        break;
      case '"':
        *out += '"';
        break;
      case 'a':
        *out += '\a';
        break;
      case 'b':
        *out += '\b';
        break;
      case 'f':
        *out += '\f';
        break;
      case 'n':
        *out += '\n';
        break;
      case 'r':
        *out += '\r';
        break;
      case 't':
        *out += '\t';
        break;
      case 'v':
        *out += '\v';
        break;
      case 'x':
      case 'u':
      case 'U': {
        if (bytes && e != 'x') {
          *out += '\\';
          *out += e;
          break;
        }
        const std::size_t want = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        std::size_t got = 0;
        char32_t value = 0;
        while (got < want && i + 1 + got < body.size() && is_hex(body[i + 1 + got])) {
          value = value * 16 + static_cast<char32_t>(hex_value(body[i + 1 + got]));
          ++got;
        }
        const std::size_t start = i - 1;
        if (got < want) {
          if (bytes) {
            *error = "(value error) invalid \\x escape at position " + std::to_string(start);
          } else {
            *error = "(unicode error) 'unicodeescape' codec can't decode bytes in position " +
                     std::to_string(start) + "-" + std::to_string(i + got) + ": truncated \\" + e +
                     std::string(want, 'X') + " escape";
          }
          return false;
        }
        if (value > 0x10FFFF) {
          *error = "(unicode error) 'unicodeescape' codec can't decode bytes in position " +
                   std::to_string(start) + "-" + std::to_string(i + got) +
                   ": illegal Unicode character";
          return false;
        }
        i += got;
        if (bytes) {
          *out += static_cast<char>(value);
        } else {
          append_utf8(*out, value);
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          char32_t value = 0;
          std::size_t k = 0;
          while (k < 3 && i + k < body.size() && body[i + k] >= '0' && body[i + k] <= '7') {
            value = value * 8 + static_cast<char32_t>(body[i + k] - '0');
            ++k;
          }
          i += k - 1;
          if (bytes) {
            *out += static_cast<char>(value & 0xFF);
          } else {
            append_utf8(*out, value);
          }
        } else {
          *out += '\\';  // unknown escapes stay as written
          *out += e;
        }
    }
  }
  return true;
}

}  // namespace coroscope::script
