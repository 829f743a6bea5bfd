#include "script/Parser.hpp"

#include <set>

#include "script/Lexer.hpp"
#include "script/ParserImpl.hpp"

namespace coroscope::script {

ParserImpl::ParserImpl(std::vector<Token> tokens) : toks_(std::move(tokens)) {}

ParserImpl::DepthGuard::DepthGuard(ParserImpl& parser) : p(parser) {
  if (++p.depth_ > kMaxDepth) p.fail_at(p.cur(), "too many nested expressions");
}

const Token& ParserImpl::ahead(std::size_t n) const {
  return toks_[std::min(pos_ + n, toks_.size() - 1)];
}

bool ParserImpl::accept_op(std::string_view op) {
  if (!at_op(op)) return false;
  pos_++;
  return true;
}

bool ParserImpl::accept_kw(std::string_view kw) {
  if (!at_kw(kw)) return false;
  pos_++;
  return true;
}

void ParserImpl::expect_op(std::string_view op) {
  if (!accept_op(op)) invalid_syntax();
}

void ParserImpl::expect_kw(std::string_view kw) {
  if (!accept_kw(kw)) invalid_syntax();
}

std::string ParserImpl::name() {
  if (cur().kind != TokenKind::Name || is_keyword(cur().text)) invalid_syntax();
  return toks_[pos_++].text;
}

bool ParserImpl::is_keyword(std::string_view s) {
  static const std::set<std::string, std::less<>> keywords = {
      "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
      "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
      "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
      "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
  return keywords.count(s) > 0;
}

bool ParserImpl::starts_expression(const Token& t) const {
  switch (t.kind) {
    case TokenKind::Name:
      return !is_keyword(t.text) || t.text == "None" || t.text == "True" || t.text == "False" ||
             t.text == "not" || t.text == "lambda" || t.text == "await" || t.text == "yield";
    case TokenKind::Number:
    case TokenKind::String:
      return true;
    case TokenKind::Op:
      return t.text == "(" || t.text == "[" || t.text == "{" || t.text == "-" || t.text == "+" ||
             t.text == "~" || t.text == "..." || t.text == "*";
    default:
      return false;
  }
}

void ParserImpl::fail(std::string message, int line, int col, int end_line, int end_col,
                      ErrorType type) {
  failure_ = {type, std::move(message), line, col, end_line, end_col, false};
  throw Abort{};
}

void ParserImpl::fail_at(const Token& t, std::string message) {
  if (t.kind == TokenKind::Error) invalid_syntax();
  fail(std::move(message), t.line, t.col, t.end_line, t.end_col);
}

void ParserImpl::fail_range(const Loc& l, std::string message) {
  fail(std::move(message), l.line, l.col, l.end_line, l.end_col);
}

void ParserImpl::invalid_syntax() {
  const Token& t = cur();
  if (t.kind == TokenKind::Error) {
    failure_ = {t.error_type, t.message, t.line, t.col, t.end_line, t.end_col, true};
    throw Abort{};
  }
  // "Perhaps you forgot a comma?": inside brackets, two expressions in a row.
  if (!probing_comma_ && last_expression_end_ == pos_ && pos_ > 0 && t.level > 0 &&
      starts_expression(t) && t.line == last_expression_.end_line && t.text != "yield" &&
      !(prev().kind == TokenKind::Name && t.kind == TokenKind::String) &&
      !(t.kind == TokenKind::Op && t.text != "{")) {
    const Loc first = last_expression_;
    const std::size_t saved = pos_;
    bool parsed = false;
    Loc second;
    // The probe may fail inside and land here again: probe once, never recursively.
    probing_comma_ = true;
    try {
      second = expression()->loc;
      parsed = true;
    } catch (const Abort&) {
    }
    probing_comma_ = false;
    pos_ = saved;
    if (parsed) fail_range(span(first, second), "invalid syntax. Perhaps you forgot a comma?");
  }
  fail(t.kind == TokenKind::Indent ? "unexpected indent" : "invalid syntax", t.line, t.col,
       t.end_line, t.end_col);
}

void ParserImpl::unsupported(const Token& t, const std::string& what) {
  fail(what + " not supported by Coroscope scripts", t.line, t.col, t.end_line, t.end_col);
}

void ParserImpl::defer(const Loc& l, std::string message) {
  if (!deferred_.message.empty()) return;
  deferred_ = {
      ErrorType::SyntaxError, std::move(message), l.line, l.col, l.end_line, l.end_col, false};
}

namespace {

std::string line_text(std::string_view source, int line) {
  std::size_t start = 0;
  for (int l = 1; l < line; ++l) {
    const std::size_t nl = source.find_first_of("\r\n", start);
    if (nl == std::string_view::npos) return "";
    start = nl + (source[nl] == '\r' && nl + 1 < source.size() && source[nl + 1] == '\n' ? 2 : 1);
  }
  const std::size_t end = source.find_first_of("\r\n", start);
  return std::string(source.substr(start, end == std::string_view::npos ? end : end - start));
}

}  // namespace

ParseResult parse(std::string_view source, std::string_view filename) {
  ParseResult result;
  std::vector<Token> tokens = Lexer(source).tokenize();
  const Token lexer_end = tokens.back();
  ParserImpl p(std::move(tokens));
  ParseFailure failure;
  try {
    result.module = p.module();
    failure = p.deferred();
  } catch (const ParserImpl::Abort&) {
    failure = p.failure();
    // Like CPython, a tokenizer error later in the file wins over a parser
    // error; an unclosed bracket wins only over errors on later lines.
    if (!failure.from_lexer && lexer_end.kind == TokenKind::Error) {
      const bool unclosed = lexer_end.message.ends_with("was never closed");
      if (!unclosed || failure.line > lexer_end.line) {
        failure = {lexer_end.error_type,
                   lexer_end.message,
                   lexer_end.line,
                   lexer_end.col,
                   lexer_end.end_line,
                   lexer_end.end_col,
                   true};
      }
    }
  }
  if (failure.message.empty()) return result;
  result.module.reset();
  SyntaxError e;
  e.type = failure.type;
  e.message = failure.message;
  e.filename = std::string(filename);
  e.line = failure.line;
  e.col = failure.col;
  e.end_line = failure.end_line;
  e.end_col = failure.end_col;
  e.text = line_text(source, failure.line);
  result.error = std::move(e);
  return result;
}

const char* SyntaxError::type_name() const {
  switch (type) {
    case ErrorType::IndentationError:
      return "IndentationError";
    case ErrorType::TabError:
      return "TabError";
    default:
      return "SyntaxError";
  }
}

std::string SyntaxError::format() const {
  std::string out = "  File \"" + filename + "\", line " + std::to_string(line) + "\n";
  if (line > 0 && !text.empty()) {
    std::size_t strip = 0;
    while (strip < text.size() &&
           (text[strip] == ' ' || text[strip] == '\t' || text[strip] == '\f')) {
      ++strip;
    }
    const std::string shown = text.substr(strip);
    out += "    " + shown + "\n";
    // Columns count code points; the stripped prefix is ASCII.
    std::vector<std::size_t> starts;  // byte offset of each code point in `shown`
    for (std::size_t i = 0; i < shown.size(); ++i) {
      if ((static_cast<unsigned char>(shown[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    const long length = static_cast<long>(starts.size());
    const bool range = type == ErrorType::SyntaxError && end_line == line && end_col > col;
    long from = col - 1 - static_cast<long>(strip);
    long to = (range ? end_col : col + 1) - 1 - static_cast<long>(strip);
    if (from > length) from = length;
    if (to > length + 1) to = length + 1;
    if (to <= from) to = from + 1;
    // CPython draws no caret for a SyntaxError whose end is unknown (-1).
    const bool no_end = type == ErrorType::SyntaxError && end_line == line && end_col == -1;
    if (col > 0 && from >= 0 && !no_end) {
      std::string caret = "    ";
      for (long k = 0; k < from; ++k)
        caret += shown[starts[static_cast<std::size_t>(k)]] == '\t' ? '\t' : ' ';
      caret += std::string(static_cast<std::size_t>(to - from), '^');
      out += caret + "\n";
    }
  }
  out += std::string(type_name()) + ": " + message + "\n";
  return out;
}

}  // namespace coroscope::script
