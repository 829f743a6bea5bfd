#pragma once
// StrFormat: format(value, spec) for any value, and str.format's replacement
// fields ("{0}", "{name!r:>10}", "{0[1]}", "{:{width}}", "{{" and "}}"), with
// CPython 3.11's errors. f-strings format their values with format_value().
//
//   FormatResult r = format_value(Value::real(3.14159), ">6.2f");   // "  3.14"
//   FormatResult s = brace_format("{} {x!r}", {Value::integer(1)}, kwargs, nullptr);
//   if (!s.ok()) raise(s.error_type, s.message);

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "script/Value.hpp"

namespace coroscope::script {

struct DictObject;

struct FormatResult {
  std::string text;
  std::string error_type;  // "ValueError", "TypeError", "IndexError", "KeyError", ...
  std::string message;
  bool ok() const { return error_type.empty(); }
};

// format_value(v, spec) is format(v, spec): numbers and strings by the
// mini-language; a bool with a spec formats as an int; anything else is
// str(v) with an empty spec, and a TypeError with another.
FormatResult format_value(const Value& v, std::string_view spec);

// GetAttr(base, name, out) reads base.name for "{0.name}" fields; it returns
// the error (type, message) or an empty FormatResult.
using GetAttr = std::function<FormatResult(const Value& base, std::string_view name, Value& out)>;

// brace_format(fmt, args, kwargs, getattr): str.format(*args, **kwargs).
// kwargs and getattr may be null.
FormatResult brace_format(std::string_view fmt, const std::vector<Value>& args,
                          const DictObject* kwargs, const GetAttr& getattr);

}  // namespace coroscope::script
