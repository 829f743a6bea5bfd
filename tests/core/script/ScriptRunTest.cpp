// Scripts run end to end through the Player, as `coroscope --headless` runs
// them: every demo, conformance case and language case (tests/script/lang)
// prints byte for byte what CPython + greenlet + gevent print (their .out
// files). A case listed in tests/script/known_gaps.txt is reported as skipped,
// with its reason. This is also what runs the evaluator under the sanitizer
// builds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "player/Player.hpp"
#include "player/ScriptProgram.hpp"

namespace coroscope::script {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::map<std::string, std::string> known_gaps() {
  std::map<std::string, std::string> gaps;
  std::ifstream in(COROSCOPE_KNOWN_GAPS);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t space = line.find(' ');
    gaps[line.substr(0, space)] = space == std::string::npos ? "" : line.substr(space + 2);
  }
  return gaps;
}

std::vector<fs::path> scripts() {
  std::vector<fs::path> out;
  for (const char* dir :
       {COROSCOPE_DEMOS_DIR, COROSCOPE_SCRIPT_CASES_DIR, COROSCOPE_SCRIPT_LANG_DIR}) {
    for (const auto& e : fs::directory_iterator(dir)) {
      // A program that runs until stopped (a server) has no .out; its own tests check it.
      if (e.path().extension() == ".py" &&
          fs::exists(fs::path(e.path()).replace_extension(".out"))) {
        out.push_back(e.path());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

class ScriptRunTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(ScriptRunTest, PrintsWhatCPythonPrints) {
  const fs::path& py = GetParam();
  const std::string name = py.stem().string();
  if (auto gaps = known_gaps(); gaps.contains(name)) GTEST_SKIP() << "known gap: " << gaps[name];
  player::Player p(player::script_program(py.filename().string(), read(py)));
  for (int steps = 0; !(p.finished() && p.at_end()); ++steps) {
    ASSERT_LT(steps, 1'000'000) << "no end in sight";
    p.step_switch();
  }
  EXPECT_EQ(p.output(), read(fs::path(py).replace_extension(".out"))) << py;
  if (p.error()) {
    try {
      std::rethrow_exception(p.error());
    } catch (const std::exception& e) {
      ADD_FAILURE() << py << " raised:\n" << e.what();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Scripts, ScriptRunTest, ::testing::ValuesIn(scripts()),
                         [](const auto& param_info) { return param_info.param.stem().string(); });

}  // namespace
}  // namespace coroscope::script
