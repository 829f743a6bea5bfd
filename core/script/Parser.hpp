#pragma once
// parse(): a Coroscope script's source to its syntax tree (Ast.hpp), or the
// SyntaxError Python 3.11 would report, as a value; parse() never throws.
//
//   ParseResult r = parse(source, "lesson.py");
//   if (!r.ok()) { std::cerr << r.error->format(); return; }
//   run(*r.module);
//
// format() prints like CPython's traceback for a syntax error:
//     File "lesson.py", line 3
//       print(1 +)
//                ^
//   SyntaxError: invalid syntax
// Python outside the subset is reported by name, e.g. "`async def` is not
// supported by Coroscope scripts", at the feature's line and column.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "script/Ast.hpp"
#include "script/Token.hpp"

namespace coroscope::script {

struct SyntaxError {
  ErrorType type = ErrorType::SyntaxError;
  std::string message;
  std::string filename;
  int line = 0, col = 0;          // col: 1-based, like Python's `offset`
  int end_line = 0, end_col = 0;  // exclusive; end_col <= col means "one character"
  std::string text;               // the source line, without its newline

  // type_name() is "SyntaxError", "IndentationError" or "TabError".
  const char* type_name() const;
  // format() is what CPython 3.11 prints for this error (ends with a newline).
  std::string format() const;
};

struct ParseResult {
  std::unique_ptr<Module> module;  // null when error is set
  std::optional<SyntaxError> error;
  bool ok() const { return module != nullptr; }
};

ParseResult parse(std::string_view source, std::string_view filename);

}  // namespace coroscope::script
