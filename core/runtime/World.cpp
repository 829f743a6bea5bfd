#include "runtime/World.hpp"

#include <memory>

namespace coroscope::runtime {

constinit thread_local World* t_active = nullptr;

namespace {
thread_local std::unique_ptr<World> t_implicit;
}  // namespace

World& World::implicit() {
  if (!t_implicit) t_implicit = std::make_unique<World>(false);
  t_active = t_implicit.get();
  return *t_active;
}

World::World(bool hosted) : hosted_(hosted) {
  main_ =
      GreenletRef(new Greenlet(*this, {}, {}, GreenletOptions{kDefaultStackSize, "main"}, true));
  if (!hosted_) {
    main_->started_ = true;  // the thread itself: running since before we looked
    current_ = main_.get();
  }
}

World::~World() {
  hub_.reset();
  if (dying_) intrusive_ptr_release(std::exchange(dying_, nullptr));
  for (Greenlet* g : orphans_) intrusive_ptr_release(g);  // left suspended: leaked, counted
  main_.reset();
}

// ---- transfers ---------------------------------------------------------------

void World::exit_as_value(Message& m) {
  try {
    std::rethrow_exception(m.error);
  } catch (const GreenletExit& e) {
    m.value = e;
    m.error = nullptr;
  } catch (...) {
  }
}

Value World::deliver(Message m) {
  if (m.error) std::rethrow_exception(m.error);
  return std::move(m.value);
}

Value World::transfer(Greenlet* target, Message m, Greenlet* cur) {
  Greenlet* to = target;
  const Transfer kind = m.error ? Transfer::Throw : Transfer::Switch;
  if (!to->active()) [[unlikely]] {
    to = route(cur, target, m);
  } else if (observer_) [[unlikely]] {
    observe(kind, *cur, *to, m.error ? nullptr : &m.value);
  }
  if (to == cur) return deliver(std::move(m));
  const Transfer final_kind = m.error ? Transfer::Throw : Transfer::Switch;
  transfer_ = std::move(m);
  park_slow(cur, to, final_kind);
  return receive();
}

// route() finds who really receives m sent from cur to target: a dead target
// passes it to its first live ancestor; a never-started one is started, or, if
// m is an exception, dies without running and passes it on to its parent. It
// reports every hop to the observer. nullptr means the host (only when main has
// finished or a Host tears the world down).
Greenlet* World::route(Greenlet* cur, Greenlet* target, Message& m) {
  Greenlet* origin = cur;
  for (;;) {
    Greenlet* to = target;
    while (to && to->dead_) to = to->parent_.get();
    if (to && to != origin && observer_) {
      observe(m.error ? Transfer::Throw : Transfer::Switch, *origin, *to,
              m.error ? nullptr : &m.value);
    }
    if (!to || to->started_) return to;
    if (!m.error) {
      start(to);
      return to;
    }
    to->started_ = to->dead_ = true;  // thrown into before it ran: run never executes
    to->run_ = nullptr;
    exit_as_value(m);
    origin = to;
    target = to->parent_.get();
  }
}

void World::observe(Transfer kind, Greenlet& origin, Greenlet& target, const Value* value) {
  static const Value none;
  observed_value_ = value ? value : &none;
  observer_->on_transfer(kind, origin, target);
  observed_value_ = nullptr;
}

Greenlet* World::next_started(Greenlet* g) {
  return g->fiber_.header()->next_active;
}

void World::link_active(Greenlet* g) {
  StackHeader* h = g->fiber_.header();
  h->next_active = active_;
  if (active_) active_->fiber_.header()->prev_active = g;
  active_ = g;
}

void World::unlink_active(Greenlet* g) {
  StackHeader* h = g->fiber_.header();
  if (h->prev_active) h->prev_active->fiber_.header()->next_active = h->next_active;
  if (h->next_active) h->next_active->fiber_.header()->prev_active = h->prev_active;
  if (active_ == g) active_ = h->next_active;
  h->prev_active = h->next_active = nullptr;
}

void World::start(Greenlet* g) {
  g->fiber_.create(g->stack_size_, [g](Fiber::Context&& from) -> Fiber::Context {
    return g->world_->enter(g, std::move(from));
  });
  g->started_ = true;
  link_active(g);
  intrusive_ptr_add_ref(g);  // its own reference, dropped when it has finished
}

void World::park_slow(Greenlet* from, Greenlet* to, Transfer kind) {
  if (from->refs_ == 1 && !from->is_main_ && !from->doomed_) {
    orphaned(from);  // its last reference went while it ran: kill it once it is parked
  }
  park_slow_ = stop_at_switch_;
  current_ = to;
  Fiber::Context* target = to ? &to->fiber_.context() : &host_ctx_;
  if (stop_at_switch_ || !to) {
    stop_ = to ? Stop{StopReason::Switched, from, to, kind} : Stop{StopReason::Finished, from};
    target = &host_ctx_;
  }
  save_slot_ = &from->fiber_.context();
  Fiber::Context back = std::move(*target).resume();
  *save_slot_ = std::move(back);
}

Value World::receive_slow() {
  // Take the message first: deferred work may switch, and reuse transfer_.
  Value v = std::move(transfer_.value);
  transfer_.value.reset();
  std::exception_ptr e = std::move(transfer_.error);
  transfer_.error = nullptr;
  if (deferred_) run_deferred();
  if (e) std::rethrow_exception(std::move(e));
  return v;
}

// enter() is the bottom frame of every greenlet's fiber.
Fiber::Context World::enter(Greenlet* g, Fiber::Context&& from) {
  *save_slot_ = std::move(from);
  Message result;
  try {
    Value first = receive();  // throws if the greenlet was thrown into before it ran
    result.value = g->run(std::move(first));
  } catch (const boost::context::detail::forced_unwind&) {
    throw;
  } catch (const GreenletExit& e) {
    result.value = e;
  } catch (...) {
    result.error = std::current_exception();
  }
  return finish(g, std::move(result));
}

// finish() ends g: m goes to its parent chain, and the returned context is
// where its fiber continues (Boost frees the stack on the way there).
Fiber::Context World::finish(Greenlet* g, Message m) {
  if (dying_) intrusive_ptr_release(std::exchange(dying_, nullptr));
  unlink_active(g);
  g->fiber_.release_stack();  // Boost frees it once we have switched away
  g->dead_ = true;
  g->run_ = nullptr;
  Greenlet* to = route(g, g->parent_.get(), m);
  dying_ = g;  // its own reference: released by whoever runs next
  deferred_ = true;
  current_ = to;
  const Transfer kind = m.error ? Transfer::Throw : Transfer::Switch;
  transfer_ = std::move(m);
  save_slot_ = &g->fiber_.context();
  if (!to) {
    stop_ = Stop{StopReason::Finished, g, nullptr, kind};
    return std::move(host_ctx_);
  }
  if (stop_at_switch_) {
    stop_ = Stop{StopReason::Switched, g, to, kind};
    return std::move(host_ctx_);
  }
  return std::move(to->fiber_.context());
}

// ---- release of suspended greenlets ----------------------------------------------

void World::run_deferred() {
  deferred_ = false;
  if (Greenlet* d = std::exchange(dying_, nullptr)) intrusive_ptr_release(d);
  while (!orphans_.empty()) {
    Greenlet* g = orphans_.back();
    orphans_.pop_back();
    if (g->refs_ == 2 && g->suspended()) kill_suspended(g);  // the list's and its own
    intrusive_ptr_release(g);
  }
}

void World::orphaned(Greenlet* g) {
  if (t_active == this && g != current_) {
    kill_suspended(g);
  } else {  // parked later, or released from outside the world: kill at the next switch
    intrusive_ptr_add_ref(g);
    orphans_.push_back(g);
    deferred_ = true;
  }
}

// kill_suspended() is what greenlet does when the last reference to a suspended
// greenlet goes: GreenletExit is thrown into it from the current greenlet,
// which becomes its parent so that its end comes straight back here.
void World::kill_suspended(Greenlet* g) {
  GreenletRef keep(g);
  g->doomed_ = true;
  g->parent_ = GreenletRef(current_);
  try {
    g->throw_into();
  } catch (const boost::context::detail::forced_unwind&) {
    throw;
  } catch (...) {
    ++unraisable_;
    last_unraisable_ = std::current_exception();
  }
}

// ---- host side -------------------------------------------------------------------

Stop World::run_from_host(std::int64_t budget) {
  World* previous = std::exchange(t_active, this);
  budget_ = budget;
  save_slot_ = &host_ctx_;
  Fiber::Context back = std::move(current_->fiber_.context()).resume();
  *save_slot_ = std::move(back);
  t_active = previous;
  // A greenlet that just finished (stop_.origin, maybe) stays alive until the
  // next resume: whoever runs next releases it (run_deferred).
  return stop_;
}

// settle() drops the reference a finished greenlet kept until the next resume.
void World::settle() {
  if (dying_) intrusive_ptr_release(std::exchange(dying_, nullptr));
}

void World::yield_to_host() {
  budget_ = INT64_MAX;
  if (!hosted_) return;
  stop_ = Stop{StopReason::Yielded, current_, current_};
  stop_.idle = std::exchange(idle_yield_, false);
  save_slot_ = &current_->fiber_.context();
  Fiber::Context back = std::move(host_ctx_).resume();
  *save_slot_ = std::move(back);
  if (deferred_ || transfer_.error) [[unlikely]]
    receive();  // the host may have thrown into us while we were parked
}

// kill_from_host() throws GreenletExit into g from outside the world (a Host
// tearing down). g's end comes back to the host; so does anything it switches
// to on the way, once main is gone.
void World::kill_from_host(Greenlet* g) {
  GreenletRef keep(g);
  g->parent_.reset();
  g->doomed_ = true;
  stop_at_switch_ = park_slow_ = false;
  transfer_ = Message{{}, std::make_exception_ptr(GreenletExit{})};
  current_ = g;
  run_from_host(INT64_MAX);
  transfer_ = Message{};
}

}  // namespace coroscope::runtime
