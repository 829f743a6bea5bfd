#include "player/Direct.hpp"

#include "runtime/Host.hpp"

namespace coroscope::player {

std::exception_ptr run_direct(const Program& program, Output& out, const DirectWatch& watch) {
  runtime::Host host(
      [&] {
        program.main(out);
        return runtime::Value();
      },
      runtime::GreenletOptions{program.stack_size ? program.stack_size : runtime::kDefaultStackSize,
                               "main"});
  if (watch.observer) host.world().settrace(watch.observer);
  const std::int64_t slice = watch.stop ? kStopSliceOps : INT64_MAX;
  while (!host.finished()) {
    host.resume(slice);
    if (watch.stop && !host.finished() && watch.stop()) break;
  }
  if (watch.at_end) watch.at_end(host.world());
  // The teardown's kills are not part of the run.
  if (watch.observer) host.world().settrace(nullptr);
  return host.error();
}

}  // namespace coroscope::player
