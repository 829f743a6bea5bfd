// libFuzzer target for the script parser: any bytes must give a module or a
// SyntaxError value, never a crash, a hang or a leak.
//
//   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCOROSCOPE_FUZZ=ON ...
//   cmake --build build-fuzz --target coroscope_parse_fuzz
//   ./build-fuzz/tests/fuzz/coroscope_parse_fuzz -max_total_time=60 tests/script/cases
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "script/Parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  coroscope::script::ParseResult r = coroscope::script::parse(source, "fuzz.py");
  if (r.ok()) {
    (void)coroscope::script::dump(*r.module);
  } else {
    (void)r.error->format();
  }
  return 0;
}
