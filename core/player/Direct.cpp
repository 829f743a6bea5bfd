#include "player/Direct.hpp"

#include "runtime/Host.hpp"

namespace coroscope::player {

std::exception_ptr run_direct(const Program& program, Output& out) {
  runtime::Host host(
      [&] {
        program.main(out);
        return runtime::Value();
      },
      runtime::GreenletOptions{program.stack_size ? program.stack_size : runtime::kDefaultStackSize,
                               "main"});
  while (!host.finished()) host.resume();
  return host.error();
}

}  // namespace coroscope::player
