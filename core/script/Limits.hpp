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

// max_length() is the limit in force: kMaxLength, or less where a harness
// wants runaway growth stopped sooner (the fuzzer: a doubling list reaches
// 10,000,000 items in seconds under ASan, 1,000,000 in a tenth of that).
inline std::size_t& max_length() {
  static std::size_t limit = kMaxLength;
  return limit;
}

struct LimitError : std::runtime_error {
  LimitError(const char* exception_type, const std::string& message)
      : std::runtime_error(message), type(exception_type) {}
  const char* type;  // the Python exception: "MemoryError", "RecursionError"
};

// check_length(n, what, unit) throws MemoryError when a `what` of n units (a
// double: a product of lengths does not overflow) would pass kMaxLength.
inline void check_length(double n, const char* what, const char* unit = "items") {
  if (n <= static_cast<double>(max_length())) return;
  char count[64], limit[64];
  std::snprintf(count, sizeof count, "%.0f", n);
  // The limit with thousands separators, as the learner reads it: 10,000,000.
  std::string digits = std::to_string(max_length()), grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  std::snprintf(limit, sizeof limit, "%s", grouped.c_str());
  throw LimitError("MemoryError", std::string("cannot make a ") + what + " of " + count + " " +
                                      unit + ": Coroscope's limit is " + limit);
}

}  // namespace coroscope::script
