// Every input the script fuzzer (tests/fuzz/ScriptFuzz.cpp) found a crash,
// hang or leak with, kept in tests/fuzz/regressions/, runs here the way the
// fuzzer runs it: on a Host, at most kSlices * kSliceOps statements, then
// torn down. It must end (finished, or stopped by the budget) without a crash
// and leave no greenlet or fiber stack behind. The sanitizer builds in CI run
// these too, so a fix stays fixed without the fuzz build.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/runtime/LeakCheck.hpp"
#include "hub/Hub.hpp"
#include "player/ScriptProgram.hpp"
#include "runtime/Host.hpp"

namespace coroscope::script {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kSliceOps = 2'000;  // as ScriptFuzz.cpp
constexpr int kSlices = 10;

struct Collect final : player::Output {
  void print(std::string_view text) override { printed += text; }
  void line(int) override {}
  void set_value_text(std::function<std::string(const std::any&)>) override {}
  bool wants_lines() const override { return false; }
  std::string printed;
};

std::vector<fs::path> regressions() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(COROSCOPE_FUZZ_REGRESSIONS_DIR)) {
    if (e.path().extension() == ".py") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class FuzzRegressionTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(FuzzRegressionTest, EndsWithinItsBudget) {
  std::ifstream in(GetParam(), std::ios::binary);
  std::stringstream source;
  source << in.rdbuf();
  const player::Program program = player::script_program("fuzz.py", source.str());
  const auto baseline = runtime::testing::LiveCounts::now();
  Collect out;
  std::ostringstream hub_errors;
  std::string script_error;
  {
    runtime::Host host(
        [&] {
          hub::Hub::get().set_exception_stream(hub_errors);
          try {
            program.main(out);
          } catch (const player::ScriptError& e) {
            script_error = e.what();
          }
          return runtime::Value();
        },
        runtime::GreenletOptions{program.stack_size, "main"});
    int slices = 0;
    for (; slices < kSlices && !host.finished(); ++slices) host.resume(kSliceOps);
    if (host.finished()) {
      EXPECT_EQ(host.error(), nullptr) << "main raised a C++ exception";
    }
  }
  runtime::testing::expect_clean(baseline, {});
  // What the script said, for whoever reads a failure.
  RecordProperty("script_error", script_error);
}

INSTANTIATE_TEST_SUITE_P(Fuzz, FuzzRegressionTest, ::testing::ValuesIn(regressions()),
                         [](const auto& param_info) {
                           std::string name = param_info.param.stem().string();
                           std::replace_if(
                               name.begin(), name.end(),
                               [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                               '_');
                           return name;
                         });

}  // namespace
}  // namespace coroscope::script
