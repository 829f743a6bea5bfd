#include "runtime/Host.hpp"

namespace coroscope::runtime {

Host::Host(std::function<Value()> main_run, GreenletOptions main_options)
    : world_(std::make_unique<World>(true)) {
  Greenlet& main = world_->main();
  main.run_ = [run = std::move(main_run)](Value) { return run(); };
  if (main_options.stack_size)
    main.stack_size_ = Greenlet::checked_stack_size(main_options.stack_size);
  if (!main_options.name.empty()) main.set_name(std::move(main_options.name));
}

// ~Host ends what is left: main, the greenlet the world was stopped before,
// every other greenlet still parked (while the hub that parks them exists),
// then the hub. Each gets GreenletExit, so its cleanup runs.
Host::~Host() {
  World& w = *world_;
  w.ending_ = true;
  GreenletRef next(w.current_);
  Greenlet& main = w.main();
  if (main.active()) w.kill_from_host(&main);
  if (next && next->active()) w.kill_from_host(next.get());
  next.reset();
  GreenletRef hub = w.hub_;  // stays in its slot: dying hub greenlets still reach it
  for (;;) {
    Greenlet* g = w.active_;  // one that refused to die once is left alone (doomed_)
    while (g && (g == hub.get() || g->doomed_)) g = g->fiber_.header()->next_active;
    if (!g) break;
    w.kill_from_host(g);
    w.settle();
  }
  if (hub && hub->active()) w.kill_from_host(hub.get());
  if (hub) hub->world_ending();
  w.hub_.reset();
  hub.reset();
  w.settle();
  while (!w.orphans_.empty()) {
    Greenlet* g = w.orphans_.back();
    w.orphans_.pop_back();
    if (g->active()) w.kill_from_host(g);
    intrusive_ptr_release(g);
    w.settle();
  }
}

Stop Host::resume(std::int64_t budget) {
  if (finished_) return Stop{StopReason::Finished, &world_->main()};
  World& w = *world_;
  Greenlet& main = w.main();
  if (!main.started()) {
    w.start(&main);
    w.current_ = &main;
  }
  w.stop_at_switch_ = stop_at_switch_;
  w.park_slow_ = w.park_slow_ || stop_at_switch_;
  Stop s = w.run_from_host(budget);
  if (s.reason == StopReason::Finished && s.origin == &main) {
    finished_ = true;
    value_ = std::move(w.transfer_.value);
    error_ = std::move(w.transfer_.error);
    w.transfer_ = World::Message{};
  }
  return s;
}

Value Host::result() const {
  if (error_) std::rethrow_exception(error_);
  return value_;
}

}  // namespace coroscope::runtime
