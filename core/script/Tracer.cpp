// Tracer: greenlet.settrace(fn) for scripts. The runtime reports each transfer
// on the origin's fiber, in the middle of the switch, where no Python may run;
// the tracer queues it and the evaluator calls fn before the next statement
// runs, whichever greenlet that is (the target, or the first script greenlet
// after the hub). So fn sees every switch, in order, before the code after it.
#include "runtime/World.hpp"
#include "script/Interp.hpp"

namespace coroscope::script {

void Interp::Tracer::on_transfer(runtime::Transfer kind, runtime::Greenlet& origin,
                                 runtime::Greenlet& target) {
  if (next) next->on_transfer(kind, origin, target);
  queue.push_back({kind, runtime::GreenletRef(&origin), runtime::GreenletRef(&target)});
}

void Interp::Tracer::on_sched(const runtime::SchedEvent& e) {
  if (next) next->on_sched(e);
}

Value Interp::settrace(Value fn) {
  Value previous = std::move(trace_fn_);
  trace_fn_ = fn.is_none() ? Value() : std::move(fn);
  runtime::World& world = runtime::current_world();
  const bool installed = world.gettrace() == &tracer_;
  if (!trace_fn_.is_none() && !installed) {
    tracer_.next = world.settrace(&tracer_);
  } else if (trace_fn_.is_none() && installed) {
    world.settrace(tracer_.next);
    tracer_.next = nullptr;
  }
  if (trace_fn_.is_none()) tracer_.queue.clear();
  return previous;
}

void Interp::uninstall_tracer() {
  runtime::World& world = runtime::current_world();
  if (world.gettrace() == &tracer_) world.settrace(tracer_.next);
  tracer_.next = nullptr;
  tracer_.queue.clear();
  trace_fn_ = Value();
}

void Interp::flush_trace() {
  if (in_tracer_ || trace_fn_.is_none()) {
    if (trace_fn_.is_none()) tracer_.queue.clear();
    return;
  }
  in_tracer_ = true;
  struct Done {
    bool& flag;
    ~Done() { flag = false; }
  } done{in_tracer_};
  while (!tracer_.queue.empty() && !trace_fn_.is_none()) {
    Tracer::Entry e = std::move(tracer_.queue.front());
    tracer_.queue.pop_front();
    Value pair(make_tuple({greenlet_object(e.origin.get()), greenlet_object(e.target.get())}));
    call(trace_fn_, {str_value(runtime::to_string(e.kind)), pair});
  }
}

}  // namespace coroscope::script
