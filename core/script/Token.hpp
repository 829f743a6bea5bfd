#pragma once
// Token: one lexical unit of a Coroscope script, with its exact place in the source.
//
//   Lexer lexer(source);
//   for (const Token& t : lexer.tokenize()) {
//     if (t.kind == TokenKind::Error) report(t.message, t.line, t.col);
//   }
//
// Lines are 1-based; columns are 1-based and count code points, like the
// `offset` of Python's SyntaxError. end_line/end_col is one past the last
// character (end_col is exclusive, like `end_offset`).

#include <cstdint>
#include <string>
#include <string_view>

namespace coroscope::script {

// ErrorType: the Python exception class a syntax error is reported as.
enum class ErrorType { SyntaxError, IndentationError, TabError };

enum class TokenKind {
  Name,       // identifiers and keywords (the parser tells them apart)
  Number,     // int or float literal
  String,     // one string literal, any prefix; adjacent literals stay separate tokens
  Op,         // operators and delimiters: text holds "+", "**=", "(", "->", ...
  Newline,    // end of a logical line
  Indent,     // the logical line is indented deeper than the previous one
  Dedent,     // one level of indentation closed
  EndMarker,  // end of input (after the last Newline and Dedents)
  Error,      // a lexical error: message says what; always the last token
};

struct Token {
  TokenKind kind = TokenKind::EndMarker;
  std::string text;  // the source text of the token (operator, name, raw literal)
  int line = 0, col = 0, end_line = 0, end_col = 0;
  int level = 0;  // how many brackets are open where the token starts

  // Number
  bool is_float = false;
  bool int_overflow = false;  // the int does not fit int64; text keeps the digits
  std::int64_t int_value = 0;
  double float_value = 0;

  // String: value is the decoded text (UTF-8, or raw bytes for b'..'); for an
  // f-string value is empty and the parser splits body itself.
  bool is_bytes = false, is_raw = false, is_fstring = false;
  std::string value;
  std::string body;  // the characters between the quotes, undecoded
  int body_line = 0, body_col = 0;

  // Error
  std::string message;
  ErrorType error_type = ErrorType::SyntaxError;

  bool is_op(std::string_view op) const { return kind == TokenKind::Op && text == op; }
  bool is_name(std::string_view n) const { return kind == TokenKind::Name && text == n; }
};

}  // namespace coroscope::script
