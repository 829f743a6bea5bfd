#pragma once
// Repr: Python's text for numbers, strings and bytes, byte for byte, so that a
// script's output matches CPython's.
//
//   repr_float(0.1)          // "0.1"     (shortest digits that read back the same)
//   repr_float(1e16)         // "1e+16"   (exponent from 1e16 up, and below 1e-4)
//   repr_str("it's")         // "\"it's\"" (single quotes unless only double ones avoid escapes)
//   repr_bytes("a\xff")      // "b'a\\xff'"
//
// Strings are UTF-8. Whether a character is printable (else it is escaped as
// \xNN, \uNNNN or \UNNNNNNNN) follows Python for ASCII and Latin-1, and for the
// spaces, format characters, separators, surrogates and private-use areas
// beyond; code points Unicode has not assigned yet are shown as they are,
// where Python would escape them.

#include <cstdint>
#include <string>
#include <string_view>

namespace coroscope::script {

std::string repr_float(double x);
std::string repr_int(std::int64_t x);
std::string repr_str(std::string_view utf8);
std::string repr_bytes(std::string_view bytes);

// printable(cp) is Python's str.isprintable() for one code point (see above).
bool printable(char32_t cp);

}  // namespace coroscope::script
