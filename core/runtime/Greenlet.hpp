#pragma once
// Greenlet: Python's greenlet, word for word, on real fibers.
//
//   GreenletRef gr1, gr2;
//   gr1 = Greenlet::create([&](Value) -> Value { out << 12; gr2->switch_to(); out << 34; return {};
//   }); gr2 = Greenlet::create([&](Value) -> Value { out << 56; gr1->switch_to(); out << 78; return
//   {}; }); gr1->switch_to();          // prints 12 56 34: gr1 dies into its parent (main); 78
//   never runs
//
// A Greenlet lives on the heap and is reference counted like a Python object
// (GreenletRef). Dropping the last reference to a suspended greenlet throws
// GreenletExit into it at once, so its cleanup runs before the release returns.
// All greenlets of one World run on one thread; switch_to / throw_into may be
// called only from a greenlet of the same world (or, for the implicit world of
// a thread, from plain code on that thread, which is its main greenlet).

#include <any>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>

#include <boost/smart_ptr/intrusive_ptr.hpp>

#include "runtime/Errors.hpp"
#include "runtime/Fiber.hpp"
#include "runtime/Observer.hpp"

namespace coroscope::runtime {

class World;
class Greenlet;

// Value is what a switch carries: any C++ value (the script layer passes its own objects).
using Value = std::any;
using GreenletRef = boost::intrusive_ptr<Greenlet>;
// Run is a greenlet's body: it receives the value of the first switch into it;
// what it returns goes to its parent.
using Run = std::function<Value(Value)>;

struct GreenletOptions {
  std::size_t stack_size = kDefaultStackSize;
  std::string name;  // empty: "greenlet-<id>"
};

class Greenlet {
 public:
  // create(run, parent) makes a new greenlet in the current world. parent
  // defaults to the current greenlet. An empty run can be set later with
  // set_run() or supplied by a subclass overriding run().
  static GreenletRef create(Run run = {}, GreenletRef parent = {}, GreenletOptions options = {});

  virtual ~Greenlet();
  Greenlet(const Greenlet&) = delete;
  Greenlet& operator=(const Greenlet&) = delete;

  // switch_to(v) transfers control here. On the first switch, run(v) starts;
  // later, the pending switch_to() inside this greenlet returns v. A dead target
  // passes v to its first live ancestor. Returns what is later sent back, or the
  // value of a child that finished; rethrows an exception sent back with throw_into
  // or escaping a child's run. Switching to the current greenlet returns v.
  Value switch_to(Value v = {});  // inline fast path at the end of World.hpp

  // throw_into(e) raises e at this greenlet's pending switch_to(). Never started:
  // it dies without running and e goes to its parent. Dead: e goes to its first
  // live ancestor. GreenletExit that is not caught becomes a value to the parent.
  Value throw_into(std::exception_ptr e);
  Value throw_into() { return throw_into(std::make_exception_ptr(GreenletExit{})); }
  template <class E>
  Value throw_into(E e) {
    return throw_into(std::make_exception_ptr(std::move(e)));
  }

  GreenletRef parent() const { return parent_; }
  // set_parent(p) redirects where this greenlet's result or exception goes.
  // Throws CyclicParentError on a cycle (also p == this), AttributeError for a
  // main greenlet, GreenletError for a greenlet of another world, and
  // std::invalid_argument for a null parent.
  void set_parent(GreenletRef p);

  bool dead() const { return dead_; }
  bool started() const { return started_; }
  // active() is Python's bool(g): started and not dead.
  bool active() const { return started_ && !dead_; }
  bool is_main() const { return is_main_; }
  // suspended() is active and not the running greenlet.
  bool suspended() const;

  // has_run() / set_run(): Python's run attribute, gone once the greenlet starts.
  bool has_run() const { return !started_ && (bool)run_; }
  void set_run(Run run);  // AttributeError after start

  std::uint64_t id() const { return id_; }  // 0 for main, then creation order in the world
  // name() is the name given at creation or by set_name(), else "greenlet-<id>".
  const std::string& name() const;
  void set_name(std::string name);
  World& world() const { return *world_; }

  // inspect() reports this greenlet's stack and, when suspended, its saved registers.
  FiberInfo inspect() const { return fiber_.inspect(); }
  // saved_registers(), saved_sp(), stack_top(): Fiber's cheap reads (no
  // syscall); empty / 0 unless suspended (stack_top: unless started, not dead).
  std::optional<SavedRegisters> saved_registers() const { return fiber_.saved_registers(); }
  std::uintptr_t saved_sp() const { return fiber_.saved_sp(); }
  std::uintptr_t stack_top() const { return fiber_.stack_top(); }

  // stack_bottom() is the lowest usable address of its own stack, 0 when it
  // has none (a thread's main, or not started): the script layer sizes its
  // recursion limit from it.
  std::uintptr_t stack_bottom() const {
    return fiber_.header() ? fiber_.header()->region.bottom : 0;
  }

  // live() counts Greenlet objects in existence on all threads (for leak checks).
  static long live();

  // world_ending() is called by a Host on its world's hub once every other
  // greenlet has ended: drop what could hold references in a cycle.
  virtual void world_ending() {}

 protected:
  // Greenlet(...) is for subclasses that override run(); allocate them with new
  // and hold them in a GreenletRef at once. The world is the current one.
  explicit Greenlet(Run run = {}, GreenletRef parent = {}, GreenletOptions options = {});
  // run(v) is the body; the default calls the Run given at creation, and throws
  // AttributeError("run") if there is none.
  virtual Value run(Value v);

 private:
  friend class World;
  friend class Host;
  Value switch_slow(Value v);
  static std::uint32_t checked_stack_size(std::size_t size);
  friend void intrusive_ptr_add_ref(Greenlet* g) { ++g->refs_; }
  friend void intrusive_ptr_release(Greenlet* g);

  Greenlet(World& world, Run run, GreenletRef parent, GreenletOptions options, bool is_main);

  // Fields are ordered and sized for a million greenlets: the flags come last,
  // so that a subclass's own small fields fill the padding after them.
  World* world_;
  std::uint64_t id_;
  GreenletRef parent_;
  mutable std::unique_ptr<std::string> name_;  // made on first use when not given
  Run run_;
  Fiber fiber_;
  std::uint32_t refs_ = 0;  // while started and not dead, one of these is the greenlet's own
  std::uint32_t stack_size_;
  bool started_ : 1 = false;
  bool dead_ : 1 = false;
  bool is_main_ : 1 = false;
  bool doomed_ : 1 = false;  // a kill on release was tried; never try again
};

// getcurrent() is the running greenlet of the world running on this thread (the
// thread's implicit world, whose main greenlet is the thread itself, if no Host
// is running one).
GreenletRef getcurrent();

// settrace(o) sets the current world's observer and returns the previous one.
Observer* settrace(Observer* o);
Observer* gettrace();

}  // namespace coroscope::runtime

// switch_to()'s common case is inline, so that the context switch happens in
// the caller's own code: a switch behind one more call/ret pair costs a
// return-stack misprediction on every switch (several ns; see the benchmark).
#include "runtime/World.hpp"
