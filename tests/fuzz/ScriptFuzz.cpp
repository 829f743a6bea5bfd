// libFuzzer target for the whole script path: lexer, parser and evaluator on
// the real runtime (fibers, greenlets, the gevent hub). Any bytes must give a
// SyntaxError, a finished run, a Python traceback, or a run the step budget
// stops, which the Host then tears down; never a crash, a hang or a leak.
// Each input runs at most kSlices * kSliceOps statements (World::charge), and
// nothing is written to stdout or stderr.
//
//   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
//     -DCOROSCOPE_FUZZ=ON -DCOROSCOPE_BUILD_APP=OFF -DCOROSCOPE_BUILD_BENCHMARKS=OFF
//   cmake --build build-fuzz --target coroscope_script_fuzz
//   mkdir corpus && cp assets/demos/*.py tests/script/*/*.py tests/fuzz/regressions/*.py corpus
//   ./build-fuzz/tests/fuzz/coroscope_script_fuzz -max_total_time=60 -timeout=10 corpus
//
// A crash it finds is minimized (-minimize_crash=1), kept as
// tests/fuzz/regressions/NAME.py (ctest runs them all: FuzzRegressionTest) and fixed.
#include <any>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

#include "hub/Hub.hpp"
#include "player/ScriptProgram.hpp"
#include "runtime/Host.hpp"
#include "script/Limits.hpp"
#include "script/Parser.hpp"

namespace {

using namespace coroscope;

constexpr std::int64_t kSliceOps = 2'000;  // statements per resume()
constexpr int kSlices = 10;                // resumes per input

// Discard: where the script's prints go.
struct Discard final : player::Output {
  void print(std::string_view) override {}
  void print_error(std::string_view) override {}
  void line(int) override {}
  void set_value_text(std::function<std::string(const std::any&)>) override {}
  bool wants_lines() const override { return false; }
};

// NullBuffer: the hub's exception stream (std::cerr by default).
struct NullBuffer final : std::streambuf {
  int overflow(int c) override { return c; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Runaway growth ('x.extend(x)' forever, a doubling repr) stops at a tenth of
  // the usual limit: the same MemoryError path, without seconds of copying
  // under ASan, so such inputs stay far from -timeout.
  script::max_length() = 1'000'000;
  const std::string source(reinterpret_cast<const char*>(data), size);
  script::ParseResult parsed = script::parse(source, "fuzz.py");
  if (!parsed.ok()) {
    (void)parsed.error->format();
    return 0;
  }
  // Real sockets (socket, gevent.socket, urllib) are left to the language
  // cases: a mutated blocking recv would wait for a peer that never comes, a
  // hang that is the program's, not the evaluator's.
  if (source.find("socket") != std::string::npos || source.find("urllib") != std::string::npos ||
      source.find("server") != std::string::npos) {
    return 0;
  }
  const player::Program program = player::script_program("fuzz.py", source);
  Discard out;
  NullBuffer null_buffer;
  std::ostream null_stream(&null_buffer);
  {
    runtime::Host host(
        [&] {
          hub::Hub::get().set_exception_stream(null_stream);
          try {
            program.main(out);
          } catch (const player::ScriptError&) {  // a traceback: an expected outcome
          }
          return runtime::Value();
        },
        runtime::GreenletOptions{program.stack_size, "main"});
    for (int i = 0; i < kSlices && !host.finished(); ++i) host.resume(kSliceOps);
  }  // ~Host: GreenletExit into main and every greenlet left, then the hub
  return 0;
}
