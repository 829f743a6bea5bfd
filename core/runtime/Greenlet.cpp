#include "runtime/Greenlet.hpp"

#include <atomic>
#include <stdexcept>
#include <string>

#include "runtime/World.hpp"

namespace coroscope::runtime {

namespace {
std::atomic<long> g_live{0};
}  // namespace

std::uint32_t Greenlet::checked_stack_size(std::size_t size) {
  if (size > UINT32_MAX) {
    throw std::invalid_argument("a greenlet's stack is limited to 4 GiB; " + std::to_string(size) +
                                " bytes were asked for");
  }
  return static_cast<std::uint32_t>(size);
}

long Greenlet::live() {
  return g_live.load(std::memory_order_relaxed);
}

Greenlet::Greenlet(World& world, Run run, GreenletRef parent, GreenletOptions options, bool is_main)
    : world_(&world),
      id_(is_main ? 0 : world.next_id_++),
      parent_(std::move(parent)),
      run_(std::move(run)),
      stack_size_(checked_stack_size(options.stack_size)),
      is_main_(is_main) {
  if (!options.name.empty()) name_ = std::make_unique<std::string>(std::move(options.name));
  g_live.fetch_add(1, std::memory_order_relaxed);
}

Greenlet::Greenlet(Run run, GreenletRef parent, GreenletOptions options)
    : Greenlet(current_world(), std::move(run), std::move(parent), std::move(options), false) {
  if (!parent_) {
    parent_ = GreenletRef(world_->current());
  } else if (parent_->world_ != world_) {
    throw GreenletError("cannot create a greenlet whose parent belongs to another thread");
  }
}

Greenlet::~Greenlet() {
  g_live.fetch_sub(1, std::memory_order_relaxed);
}

GreenletRef Greenlet::create(Run run, GreenletRef parent, GreenletOptions options) {
  return GreenletRef(new Greenlet(std::move(run), std::move(parent), std::move(options)));
}

void intrusive_ptr_release(Greenlet* g) {
  const std::uint32_t refs = --g->refs_;
  if (refs == 0) {
    delete g;  // never started, or finished: nothing of it runs any more
  } else if (refs == 1 && g->active() && !g->is_main_ && !g->doomed_) [[unlikely]] {
    // Only its own reference is left: kill it now if it is suspended, or once
    // it has switched away if it is the one running.
    if (g != g->world_->current_) {
      g->world_->orphaned(g);
    } else {
      g->world_->park_slow_ = true;
    }
  }
}

Value Greenlet::run(Value v) {
  Run body = std::move(run_);
  run_ = nullptr;
  if (!body) throw AttributeError("run");
  return body(std::move(v));
}

const std::string& Greenlet::name() const {
  if (!name_) name_ = std::make_unique<std::string>("greenlet-" + std::to_string(id_));
  return *name_;
}

void Greenlet::set_name(std::string name) {
  name_ = std::make_unique<std::string>(std::move(name));
}

bool Greenlet::suspended() const {
  return active() && world_->current_ != this;
}

void Greenlet::set_run(Run run) {
  if (started_) throw AttributeError("run cannot be set after the start of the greenlet");
  run_ = std::move(run);
}

void Greenlet::set_parent(GreenletRef p) {
  if (!p)
    throw std::invalid_argument("can't delete attribute: a greenlet's parent must be a greenlet");
  if (is_main_) throw AttributeError("cannot set the parent of a main greenlet");
  if (p->world_ != world_) throw GreenletError("parent cannot be on a different thread");
  for (Greenlet* q = p.get(); q; q = q->parent_.get()) {
    if (q == this) throw CyclicParentError("cyclic parent chain");
  }
  parent_ = std::move(p);
}

Value Greenlet::switch_slow(Value v) {
  World& w = *world_;
  if (&w != &current_world()) throw GreenletError("cannot switch to a different thread");
  Greenlet* cur = w.current_;
  if (this == cur) return v;
  return w.transfer(this, World::Message{std::move(v), nullptr}, cur);
}

Value Greenlet::throw_into(std::exception_ptr e) {
  World& w = *world_;
  if (&w != &current_world()) throw GreenletError("cannot switch to a different thread");
  World::Message m{{}, std::move(e)};
  if (dead_) World::exit_as_value(m);  // greenlet: a dead target turns GreenletExit into a value
  Greenlet* cur = w.current_;
  if (this == cur) return World::deliver(std::move(m));
  return w.transfer(this, std::move(m), cur);
}

const char* to_string(Sched s) {
  switch (s) {
    case Sched::Spawn:
      return "spawn";
    case Sched::Park:
      return "park";
    case Sched::Wake:
      return "wake";
    case Sched::TimerArmed:
      return "timer armed";
    case Sched::TimerCancelled:
      return "timer cancelled";
    case Sched::TimerFired:
      return "timer fired";
    case Sched::IoWait:
      return "io wait";
    case Sched::IoReady:
      return "io ready";
    case Sched::Exit:
      return "exit";
  }
  return "?";
}

GreenletRef getcurrent() {
  return GreenletRef(current_world().current());
}
Observer* settrace(Observer* o) {
  return current_world().settrace(o);
}
Observer* gettrace() {
  return current_world().gettrace();
}

}  // namespace coroscope::runtime
