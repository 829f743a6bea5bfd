// F-strings, as CPython 3.11 reads them: the literal parts are decoded like
// any string ({{ and }} are braces), each {expression!conversion:spec} is lexed
// and parsed on its own with its real line and column, and the format spec may
// hold nested fields.
#include "script/Lexer.hpp"
#include "script/ParserImpl.hpp"

namespace coroscope::script {
namespace {

// position() is the line and column of body[index] in the source.
std::pair<int, int> position(const Token& t, std::string_view body, std::size_t index) {
  int line = t.body_line, col = t.body_col;
  for (std::size_t k = 0; k < index && k < body.size(); ++k) {
    if (body[k] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(body[k]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  return {line, col};
}

}  // namespace

void ParserImpl::fstring(const Token& t, const Loc& whole, ExprList& parts, std::string& pending) {
  const std::string_view body = t.body;
  std::string chunk;  // raw literal text not yet decoded
  auto flush = [&]() {
    std::string decoded, error;
    if (!Lexer::decode_escapes(chunk, t.is_raw, false, &decoded, &error)) {
      fail(error, t.end_line, t.end_col, t.end_line, t.end_col);
    }
    pending += decoded;
    chunk.clear();
  };
  std::size_t i = 0;
  while (i < body.size()) {
    const char c = body[i];
    if ((c == '{' || c == '}') && i + 1 < body.size() && body[i + 1] == c) {
      chunk += c;
      i += 2;
    } else if (c == '{') {
      flush();
      ++i;
      fstring_field(t, whole, body, i, parts, pending, 0);
    } else if (c == '}') {
      fail("f-string: single '}' is not allowed", t.end_line, t.end_col, t.end_line, t.end_col);
    } else if (c == '\\' && !t.is_raw && i + 1 < body.size()) {
      chunk += body.substr(i, 2);
      i += 2;
    } else {
      chunk += c;
      ++i;
    }
  }
  flush();
}

// fstring_field() reads one replacement field; i is just past its '{' and
// ends just past its '}'.
void ParserImpl::fstring_field(const Token& t, const Loc& whole, std::string_view body,
                               std::size_t& i, ExprList& parts, std::string& pending, int nesting) {
  auto fail_here = [&](const char* message) {
    fail(message, t.end_line, t.end_col, t.end_line, t.end_col);
  };
  if (nesting > 1) fail_here("f-string: expressions nested too deeply");
  const std::size_t start = i;
  int depth = 0;
  char quote = 0;
  bool debug = false;
  for (; i < body.size(); ++i) {
    const char c = body[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\\') fail_here("f-string expression part cannot include a backslash");
    if (c == '#') fail_here("f-string expression part cannot include '#'");
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      if (depth == 0 && c == '}') break;
      if (depth == 0) fail_here("f-string: unmatched ')'");
      --depth;
    } else if (depth == 0 && c == '!' && (i + 1 >= body.size() || body[i + 1] != '=')) {
      break;
    } else if (depth == 0 && c == ':') {
      break;
    } else if (depth == 0 && c == '=' && i + 1 < body.size() && body[i + 1] != '=' && i > start &&
               std::string_view("=!<>").find(body[i - 1]) == std::string_view::npos) {
      debug = true;
      break;
    }
  }
  if (i >= body.size()) fail_here("f-string: expecting '}'");
  const std::string_view text = body.substr(start, i - start);
  if (text.find_first_not_of(" \t\n\f") == std::string_view::npos) {
    fail_here("f-string: empty expression not allowed");
  }
  const auto [line, col] = position(t, body, start);
  ParserImpl sub(Lexer(text, Lexer::Mode::Expression, line, col).tokenize());
  sub.generator_flags_ = generator_flags_;
  sub.scopes_ = scopes_;
  sub.depth_ = depth_;
  ExprPtr value;
  try {
    value = sub.star_expressions(true);
    if (sub.cur().kind != TokenKind::EndMarker) sub.invalid_syntax();
  } catch (const Abort&) {
    failure_ = sub.failure_;
    if (!failure_.message.starts_with("f-string"))
      failure_.message = "f-string: " + failure_.message;
    throw;
  }
  if (deferred_.message.empty()) deferred_ = sub.deferred_;
  FormattedValue f;
  f.value = std::move(value);
  if (debug) {
    ++i;
    pending += std::string(text) + "=";
  }
  bool explicit_conversion = false;
  if (i < body.size() && body[i] == '!') {
    explicit_conversion = true;
    ++i;
    const char conv = i < body.size() ? body[i] : '\0';
    if (conv != 's' && conv != 'r' && conv != 'a') {
      fail_here("f-string: invalid conversion character: expected 's', 'r', or 'a'");
    }
    f.conversion = conv;
    ++i;
  } else if (debug) {
    f.conversion = 'r';
  }
  if (i < body.size() && body[i] == ':') {
    ++i;
    if (debug && !explicit_conversion) f.conversion = -1;  // like CPython: format, not repr
    ExprList spec_parts;
    std::string spec_text;
    while (i < body.size() && body[i] != '}') {
      if (body[i] == '{') {
        ++i;
        fstring_field(t, whole, body, i, spec_parts, spec_text, nesting + 1);
      } else {
        spec_text += body[i++];
      }
    }
    if (!spec_text.empty()) {
      Constant c;
      c.kind = Constant::Kind::Str;
      c.text = std::move(spec_text);
      spec_parts.push_back(make(whole, std::move(c)));
    }
    f.format_spec = make(whole, JoinedStr{std::move(spec_parts)});
  }
  if (i >= body.size() || body[i] != '}') fail_here("f-string: expecting '}'");
  ++i;
  if (!pending.empty()) {
    Constant c;
    c.kind = Constant::Kind::Str;
    c.text = std::move(pending);
    pending.clear();
    parts.push_back(make(whole, std::move(c)));
  }
  parts.push_back(make(whole, std::move(f)));
}

}  // namespace coroscope::script
