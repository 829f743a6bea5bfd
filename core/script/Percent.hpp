#pragma once
// Percent: Python's printf-style string formatting, "fmt % args", as CPython
// 3.11 does it: tuple, single value or mapping (%(name)s) arguments, flags,
// * widths, and its error messages.
//
//   PercentResult r = percent_format("%5.1f|%-5s|%d", args_tuple);
//   if (!r.ok()) raise(r.error_type, r.message);   // "TypeError", "not enough arguments ..."

#include <string>
#include <string_view>

#include "script/Value.hpp"

namespace coroscope::script {

struct PercentResult {
  std::string text;
  std::string error_type;  // "TypeError", "ValueError", "OverflowError", "KeyError"; empty: ok
  std::string message;
  bool ok() const { return error_type.empty(); }
};

PercentResult percent_format(std::string_view format, const Value& args);

}  // namespace coroscope::script
