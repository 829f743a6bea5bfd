// Greenlet semantics, one rule per test (../shared/SEMANTICS.md sections 1-5;
// the expected outputs are those of the conformance cases run on real greenlet).
#include <gtest/gtest.h>

#include <any>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/runtime/LeakCheck.hpp"
#include "runtime/Greenlet.hpp"

namespace coroscope::runtime {
namespace {

using testing::RuntimeTest;
using GreenletSemantics = RuntimeTest;

std::string str(const Value& v) {
  return std::any_cast<std::string>(v);
}
int num(const Value& v) {
  return std::any_cast<int>(v);
}

// The seed article's ping-pong (conformance 01): 12 56 34, never 78.
TEST_F(GreenletSemantics, SeedPingPongNeverPrints78) {
  std::ostringstream out;
  GreenletRef gr1, gr2;
  gr1 = Greenlet::create([&](Value) -> Value {
    out << 12 << '\n';
    gr2->switch_to();
    out << 34 << '\n';
    return {};
  });
  gr2 = Greenlet::create([&](Value) -> Value {
    out << 56 << '\n';
    gr1->switch_to();
    out << 78 << '\n';
    return {};
  });
  Value ret = gr1->switch_to();
  EXPECT_EQ(out.str(), "12\n56\n34\n");
  EXPECT_FALSE(ret.has_value());  // main got None
  EXPECT_TRUE(gr1->dead());
  EXPECT_FALSE(gr2->dead());
  EXPECT_TRUE(gr2->active());  // suspended inside gr1->switch_to(), forever
  // Resuming gr2 lets it finish; 78 is printed only now, and gr2 dies into main.
  gr2->switch_to();
  EXPECT_EQ(out.str(), "12\n56\n34\n78\n");
  EXPECT_TRUE(gr2->dead());
}

TEST_F(GreenletSemantics, MainGreenletPerThread) {
  GreenletRef main = getcurrent();
  EXPECT_TRUE(main->is_main());
  EXPECT_EQ(main->parent(), nullptr);
  EXPECT_TRUE(main->active());
  EXPECT_FALSE(main->dead());
  EXPECT_EQ(getcurrent(), main);  // the identical object

  GreenletRef other_main;
  std::thread t([&] { other_main = getcurrent(); });
  t.join();
  ASSERT_TRUE(other_main);
  EXPECT_TRUE(other_main->is_main());
  EXPECT_NE(other_main, main);
  // A greenlet of this thread cannot be switched to from another thread.
  GreenletRef g = Greenlet::create([](Value v) { return v; });
  std::string error;
  bool parent_refused = false;
  std::thread t2([&] {
    try {
      g->switch_to();
    } catch (const GreenletError& e) {
      error = e.what();
    }
    try {
      Greenlet::create([](Value v) { return v; }, g);
    } catch (const GreenletError&) {
      parent_refused = true;
    }
  });
  t2.join();
  EXPECT_EQ(error, "cannot switch to a different thread");
  EXPECT_TRUE(parent_refused);
  other_main.reset();
}

TEST_F(GreenletSemantics, GetcurrentInsideIsTheGreenletItself) {
  GreenletRef g;
  GreenletRef seen;
  g = Greenlet::create([&](Value) -> Value {
    seen = getcurrent();
    return {};
  });
  g->switch_to();
  EXPECT_EQ(seen, g);
  EXPECT_EQ(g->parent(), getcurrent());  // default parent: current at creation
}

// Conformance 03: the first switch calls run with the values passed.
TEST_F(GreenletSemantics, FirstSwitchStartsRunWithTheValue) {
  GreenletRef g = Greenlet::create([](Value v) -> Value { return str(v) + " seen by run"; });
  EXPECT_EQ(str(g->switch_to(std::string("hello"))), "hello seen by run");
}

// Conformance 04: later switches return the value to the switched-to side, both ways.
TEST_F(GreenletSemantics, LaterSwitchesReturnThePassedValues) {
  GreenletRef main = getcurrent();
  std::vector<int> got_inside;
  GreenletRef g = Greenlet::create([&](Value v) -> Value {
    got_inside.push_back(num(v));
    got_inside.push_back(num(main->switch_to(10)));
    got_inside.push_back(num(main->switch_to(20)));
    return 30;
  });
  EXPECT_EQ(num(g->switch_to(1)), 10);
  EXPECT_EQ(num(g->switch_to(2)), 20);
  EXPECT_EQ(num(g->switch_to(3)), 30);
  EXPECT_EQ(got_inside, (std::vector<int>{1, 2, 3}));
}

// Conformance 06: a finished run's value goes to the parent, not to the switcher.
TEST_F(GreenletSemantics, ReturnGoesToParentNotToLastSwitcher) {
  GreenletRef main = getcurrent();
  std::string in_b;
  GreenletRef a = Greenlet::create([&](Value) -> Value { return std::string("a's result"); });
  GreenletRef b = Greenlet::create([&](Value) -> Value {
    Value v = a->switch_to();  // a finishes: its result goes to main, not back here
    in_b = "b resumed with " + str(v);
    return {};
  });
  Value to_main = b->switch_to();
  EXPECT_EQ(str(to_main), "a's result");
  EXPECT_TRUE(a->dead());
  EXPECT_TRUE(b->active());
  EXPECT_EQ(in_b, "");
  b->switch_to(std::string("later"));
  EXPECT_EQ(in_b, "b resumed with later");
}

// Conformance 07: switching to a dead greenlet delivers the value to its parent.
TEST_F(GreenletSemantics, SwitchToDeadGoesToParent) {
  GreenletRef g = Greenlet::create([](Value) -> Value { return {}; });
  g->switch_to();
  ASSERT_TRUE(g->dead());
  // Its parent is main, the current greenlet: the value comes straight back.
  EXPECT_EQ(num(g->switch_to(42)), 42);

  // A dead child of a suspended greenlet passes the value to that greenlet.
  GreenletRef main = getcurrent();
  GreenletRef dead_child;
  GreenletRef parent = Greenlet::create([&](Value) -> Value {
    dead_child = Greenlet::create([](Value) -> Value { return {}; });
    dead_child->switch_to();
    Value v = main->switch_to(std::string("parked"));
    return std::string("parent got ") + str(v);
  });
  EXPECT_EQ(str(parent->switch_to()), "parked");
  EXPECT_EQ(str(dead_child->switch_to(std::string("via dead child"))), "parent got via dead child");
}

// SEMANTICS 3: dying into a never-started parent starts it with the value.
TEST_F(GreenletSemantics, DyingIntoUnstartedParentStartsIt) {
  GreenletRef p = Greenlet::create([](Value v) -> Value { return str(v) + ", then p returned"; });
  GreenletRef c = Greenlet::create([](Value) -> Value { return std::string("c's result"); }, p);
  EXPECT_EQ(str(c->switch_to()), "c's result, then p returned");
  EXPECT_TRUE(p->dead());
}

// Conformance 12: an exception escaping run propagates to the parent.
TEST_F(GreenletSemantics, ExceptionPropagatesToParent) {
  GreenletRef main = getcurrent();
  GreenletRef child;
  GreenletRef parent = Greenlet::create([&](Value) -> Value {
    child = Greenlet::create([](Value) -> Value { throw std::runtime_error("boom"); });
    try {
      child->switch_to();
    } catch (const std::runtime_error& e) {
      return std::string("parent caught ") + e.what();
    }
    return {};
  });
  EXPECT_EQ(str(parent->switch_to()), "parent caught boom");
  EXPECT_TRUE(child->dead());
  // Uncaught all the way: main gets it at its pending switch_to().
  GreenletRef bad = Greenlet::create([](Value) -> Value { throw std::out_of_range("1 / 0"); });
  EXPECT_THROW(bad->switch_to(), std::out_of_range);
  EXPECT_TRUE(bad->dead());
}

// Conformance 10: throw_into() raises GreenletExit; escaping, it is a value to the parent.
TEST_F(GreenletSemantics, ThrowGreenletExitIntoStarted) {
  GreenletRef main = getcurrent();
  bool finally_ran = false;
  bool after = false;
  GreenletRef f = Greenlet::create([&](Value) -> Value {
    struct Finally {
      bool& flag;
      ~Finally() { flag = true; }
    } fin{finally_ran};
    main->switch_to(std::string("parked"));
    after = true;
    return {};
  });
  EXPECT_EQ(str(f->switch_to()), "parked");
  Value r = f->throw_into();
  EXPECT_TRUE(finally_ran);
  EXPECT_FALSE(after);
  EXPECT_NO_THROW((void)std::any_cast<GreenletExit>(r));
  EXPECT_TRUE(f->dead());
  EXPECT_FALSE(f->active());
  // Throwing into a dead greenlet returns a GreenletExit too.
  Value r2 = f->throw_into();
  EXPECT_NO_THROW((void)std::any_cast<GreenletExit>(r2));

  // Catching GreenletExit and returning a value instead.
  GreenletRef catcher = Greenlet::create([&](Value) -> Value {
    try {
      main->switch_to(std::string("parked"));
    } catch (const GreenletExit&) {
      return std::string("cleaned up");
    }
    return {};
  });
  catcher->switch_to();
  EXPECT_EQ(str(catcher->throw_into()), "cleaned up");
}

TEST_F(GreenletSemantics, ThrowOtherExceptionIntoStarted) {
  GreenletRef main = getcurrent();
  GreenletRef g = Greenlet::create([&](Value) -> Value {
    try {
      main->switch_to();
    } catch (const std::invalid_argument& e) {
      return std::string("handled ") + e.what();
    }
    return {};
  });
  g->switch_to();
  EXPECT_EQ(str(g->throw_into(std::invalid_argument("bad"))), "handled bad");

  GreenletRef h = Greenlet::create([&](Value) -> Value {
    main->switch_to();
    return {};
  });
  h->switch_to();
  EXPECT_THROW(h->throw_into(std::logic_error("not caught")), std::logic_error);
  EXPECT_TRUE(h->dead());
  // Into a dead greenlet, a non-GreenletExit exception is raised in its live ancestor.
  EXPECT_THROW(h->throw_into(std::logic_error("again")), std::logic_error);
}

// SEMANTICS 4: throwing into a never-started greenlet: run never executes.
TEST_F(GreenletSemantics, ThrowIntoUnstarted) {
  bool ran = false;
  GreenletRef u = Greenlet::create([&](Value) -> Value {
    ran = true;
    return {};
  });
  Value r = u->throw_into();
  EXPECT_NO_THROW((void)std::any_cast<GreenletExit>(r));
  EXPECT_FALSE(ran);
  EXPECT_TRUE(u->dead());
  EXPECT_TRUE(u->started());

  GreenletRef v = Greenlet::create([&](Value) -> Value {
    ran = true;
    return {};
  });
  EXPECT_THROW(v->throw_into(std::domain_error("into unstarted")), std::domain_error);
  EXPECT_FALSE(ran);
  EXPECT_TRUE(v->dead());
}

// Conformance 15: new -> running -> suspended -> dead.
TEST_F(GreenletSemantics, States) {
  GreenletRef main = getcurrent();
  bool running_active = false, running_suspended = true;
  GreenletRef g = Greenlet::create([&](Value) -> Value {
    running_active = getcurrent()->active();
    running_suspended = getcurrent()->suspended();
    main->switch_to();
    return {};
  });
  EXPECT_FALSE(g->started());
  EXPECT_FALSE(g->active());
  EXPECT_FALSE(g->dead());
  EXPECT_TRUE(g->has_run());
  g->switch_to();
  EXPECT_TRUE(running_active);
  EXPECT_FALSE(running_suspended);
  EXPECT_TRUE(g->started());
  EXPECT_TRUE(g->active());
  EXPECT_TRUE(g->suspended());
  EXPECT_FALSE(g->has_run());  // run is gone once started
  g->switch_to();
  EXPECT_TRUE(g->dead());
  EXPECT_FALSE(g->active());
  EXPECT_FALSE(g->suspended());
  EXPECT_FALSE(main->dead());
  EXPECT_TRUE(main->active());
}

// Conformance 19: switching to self returns the value without a switch.
TEST_F(GreenletSemantics, SwitchToSelf) {
  EXPECT_EQ(num(getcurrent()->switch_to(7)), 7);
  GreenletRef g =
      Greenlet::create([](Value) -> Value { return num(getcurrent()->switch_to(8)) + 1; });
  EXPECT_EQ(num(g->switch_to()), 9);
}

TEST_F(GreenletSemantics, RunAttribute) {
  GreenletRef main = getcurrent();
  std::string set_error;
  GreenletRef g = Greenlet::create([&](Value) -> Value {
    try {
      getcurrent()->set_run([](Value v) { return v; });
    } catch (const AttributeError& e) {
      set_error = e.what();
    }
    return {};
  });
  g->switch_to();
  EXPECT_EQ(set_error, "run cannot be set after the start of the greenlet");

  GreenletRef no_run = Greenlet::create();
  try {
    no_run->switch_to();
    ADD_FAILURE() << "switching to a greenlet without run must fail";
  } catch (const AttributeError& e) {
    EXPECT_STREQ(e.what(), "run");
  }
  GreenletRef later = Greenlet::create();
  later->set_run([](Value) -> Value { return std::string("set later"); });
  EXPECT_EQ(str(later->switch_to()), "set later");
}

class Sub : public Greenlet {
 public:
  Value run(Value v) override { return std::string("Sub.run got ") + std::to_string(num(v)); }
};

TEST_F(GreenletSemantics, SubclassOverridesRun) {
  GreenletRef s(new Sub);
  EXPECT_EQ(str(s->switch_to(2)), "Sub.run got 2");
}

TEST_F(GreenletSemantics, ParentIsSettableAndCyclesAreRefused) {
  GreenletRef main = getcurrent();
  GreenletRef a = Greenlet::create([](Value v) { return v; });
  GreenletRef b = Greenlet::create([](Value v) { return v; }, a);
  EXPECT_EQ(b->parent(), a);
  EXPECT_THROW(a->set_parent(b), CyclicParentError);
  EXPECT_THROW(a->set_parent(a), CyclicParentError);
  try {
    a->set_parent(a);
  } catch (const CyclicParentError& e) {
    EXPECT_STREQ(e.what(), "cyclic parent chain");
  }
  EXPECT_THROW(main->set_parent(a), AttributeError);
  EXPECT_THROW(b->set_parent(nullptr), std::invalid_argument);
  EXPECT_EQ(b->parent(), a);  // unchanged by the refused attempts
}

// Setting the parent of a suspended greenlet redirects where its result goes.
TEST_F(GreenletSemantics, ReparentingRedirectsTheResult) {
  GreenletRef main = getcurrent();
  std::string catcher_got;
  GreenletRef worker = Greenlet::create([&](Value) -> Value {
    main->switch_to();
    return std::string("worker's result");
  });
  GreenletRef catcher = Greenlet::create([&](Value) -> Value {
    Value v = main->switch_to();  // parked; the worker's result arrives here
    catcher_got = str(v);
    return std::string("catcher done");
  });
  worker->switch_to();
  catcher->switch_to();
  worker->set_parent(catcher);
  EXPECT_EQ(str(worker->switch_to()), "catcher done");
  EXPECT_EQ(catcher_got, "worker's result");
}

// SEMANTICS 5: dropping the last reference to a suspended greenlet throws
// GreenletExit into it at once; its cleanup runs before the release returns.
TEST_F(GreenletSemantics, ReleasingSuspendedGreenletKillsIt) {
  GreenletRef main = getcurrent();
  std::string log;
  GreenletRef g = Greenlet::create([&](Value) -> Value {
    try {
      main->switch_to();
    } catch (const GreenletExit&) {
      log += "GreenletExit inside; ";
      throw;
    }
    return {};
  });
  g->switch_to();
  g.reset();
  log += "after release";
  EXPECT_EQ(log, "GreenletExit inside; after release");
}

TEST_F(GreenletSemantics, ReleasingNewOrDeadGreenletRunsNothing) {
  bool ran = false;
  GreenletRef g = Greenlet::create([&](Value) -> Value {
    ran = true;
    return {};
  });
  g.reset();
  EXPECT_FALSE(ran);
}

// A greenlet that drops the last reference to itself dies once it has switched away.
TEST_F(GreenletSemantics, GreenletReleasingItselfIsKilledAfterSwitchingAway) {
  GreenletRef main = getcurrent();
  auto holder = std::make_unique<GreenletRef>();
  bool cleaned = false;
  *holder = Greenlet::create([&](Value) -> Value {
    holder.reset();  // the last outside reference
    try {
      main->switch_to();
    } catch (const GreenletExit&) {
      cleaned = true;
      throw;
    }
    return {};
  });
  GreenletRef start = *holder;
  Greenlet* raw = start.get();
  start.reset();
  raw->switch_to();
  EXPECT_TRUE(cleaned);
}

// Switches inside nested calls are real context switches on a deeper stack.
int depth_then_switch(GreenletRef& main, int depth) {
  if (depth == 0) return num(main->switch_to(1));
  volatile char pad[512];
  pad[0] = static_cast<char>(depth);
  return depth_then_switch(main, depth - 1) + pad[0] * 0 + 1;
}

TEST_F(GreenletSemantics, SwitchFromNestedCalls) {
  GreenletRef main = getcurrent();
  GreenletRef g = Greenlet::create([&](Value) -> Value { return depth_then_switch(main, 50); });
  EXPECT_EQ(num(g->switch_to()), 1);
  FiberInfo info = g->inspect();
  EXPECT_GT(info.stack.size(), 0u);
  EXPECT_EQ(num(g->switch_to(100)), 150);
}

}  // namespace
}  // namespace coroscope::runtime

namespace coroscope::runtime {
namespace {

// "Tens of thousands of coroutines on one CPU": 10,000 greenlets, each on its
// own guarded stack, all suspended at once, then all killed by release.
TEST_F(GreenletSemantics, TenThousandSuspendedGreenlets) {
  constexpr int kCount = 10000;
  GreenletRef main = getcurrent();
  long sum = 0;
  int cleaned = 0;
  std::vector<GreenletRef> all;
  all.reserve(kCount);
  for (int i = 0; i < kCount; ++i) {
    all.push_back(Greenlet::create(
        [&, i](Value) -> Value {
          try {
            main->switch_to(i);
          } catch (const GreenletExit&) {
            ++cleaned;
            throw;
          }
          return {};
        },
        {}, {.stack_size = 64 * 1024, .name = {}}));
  }
  for (auto& g : all) sum += num(g->switch_to());
  EXPECT_EQ(sum, long(kCount) * (kCount - 1) / 2);
  EXPECT_EQ(StackAllocator::live(), baseline_.stacks + kCount);
  all.clear();
  EXPECT_EQ(cleaned, kCount);
}

}  // namespace
}  // namespace coroscope::runtime
