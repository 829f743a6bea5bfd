#pragma once
// Limits: what Coroscope will not make, whatever a script asks: a str, bytes,
// list or tuple longer than kMaxLength, or a repr nested deeper than the stack
// allows. Code without an Interp at hand throws LimitError; the evaluator
// raises it as the Python exception it names (Interp::exec_body), so a
// learner's 'a' * 10**12 gets a MemoryError instead of the machine's memory.
//
//   check_length(double(text.size()) * n, "str", "characters");  // MemoryError past it
//   throw LimitError("RecursionError", "maximum recursion depth exceeded");

#include <cstddef>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace coroscope::script {

// kMaxLength is the most characters (bytes), items or entries one object may hold.
inline constexpr std::size_t kMaxLength = 10'000'000;

struct LimitError : std::runtime_error {
  LimitError(const char* exception_type, const std::string& message)
      : std::runtime_error(message), type(exception_type) {}
  const char* type;  // the Python exception: "MemoryError", "RecursionError"
};

// check_length(n, what, unit) throws MemoryError when a `what` of n units (a
// double: a product of lengths does not overflow) would pass kMaxLength.
inline void check_length(double n, const char* what, const char* unit = "items") {
  if (n <= static_cast<double>(kMaxLength)) return;
  char count[64];
  std::snprintf(count, sizeof count, "%.0f", n);
  throw LimitError("MemoryError", std::string("cannot make a ") + what + " of " + count + " " +
                                      unit + ": Coroscope's limit is 10,000,000");
}

}  // namespace coroscope::script
