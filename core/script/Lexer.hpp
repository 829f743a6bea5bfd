#pragma once
// Lexer: turns a script's source into Tokens with Python 3.11's rules:
// INDENT/DEDENT/NEWLINE from indentation (tabs to multiples of 8), blank and
// comment-only lines ignored, implicit line joining inside (), [], {},
// backslash continuation, numbers, strings with prefixes r b rb f, escapes.
//
//   std::vector<Token> tokens = Lexer(source).tokenize();
//   // tokens ends with EndMarker, or with one Error token at the first problem
//
// An f-string expression is lexed with Lexer(text, Lexer::Mode::Expression,
// line, col): no indentation, newlines are whitespace, positions start at
// (line, col). decode_escapes() turns a literal's body into its value.

#include <string>
#include <string_view>
#include <vector>

#include "script/Token.hpp"

namespace coroscope::script {

class Lexer {
 public:
  enum class Mode { File, Expression };

  explicit Lexer(std::string_view source, Mode mode = Mode::File, int line = 1, int col = 1);

  // tokenize() lexes the whole source once; the last token is EndMarker or Error.
  std::vector<Token> tokenize();

  // decode_escapes() decodes a literal body (`raw`: keep backslashes; `bytes`:
  // \u is not an escape). Unknown escapes are kept, like Python. Returns false
  // and sets *error to Python's message for a truncated \x, \u or \U escape.
  static bool decode_escapes(std::string_view body, bool raw, bool bytes, std::string* out,
                             std::string* error);

  // Python's rules about where a name may start and continue (ASCII and the
  // common letter blocks of Unicode).
  static bool is_identifier_start(char32_t c);
  static bool is_identifier_char(char32_t c);

 private:
  char peek(std::size_t ahead = 0) const;
  char32_t peek_code_point(std::size_t* length) const;
  void advance();
  Token start_token(TokenKind kind) const;
  void finish(Token& t);
  void error(std::string message, int line, int col, int end_line = -1, int end_col = -1,
             ErrorType type = ErrorType::SyntaxError);
  bool indentation();  // at the start of a line; false when the line is blank
  void at_end();
  void name_or_string();
  void number();
  void string(Token t, std::string_view prefix);
  void op();

  std::string src_;
  Mode mode_;
  std::size_t pos_ = 0;
  int line_, col_;
  bool line_start_ = true;
  bool failed_ = false;
  std::vector<int> indents_{0}, alt_indents_{0};
  struct Open {
    char bracket;
    int line, col;
  };
  std::vector<Open> brackets_;
  std::vector<Token> out_;
};

}  // namespace coroscope::script
