// One item is one switch, so the figures read as time per switch. The three
// run in one binary so that their ratio is measured side by side:
//   greenlet <= 1.5x raw, observed <= 3x raw.
#include <benchmark/benchmark.h>

#include <boost/context/fiber.hpp>

#include "runtime/Greenlet.hpp"
#include "runtime/StackAllocator.hpp"

namespace cr = coroscope::runtime;
namespace ctx = boost::context;

// Two raw Boost.Context fibers ping-ponging: main resumes f, f resumes main.
static void BM_RawFiberSwitch(benchmark::State& state) {
  bool stop = false;
  ctx::fiber f(std::allocator_arg, cr::StackAllocator(), [&stop](ctx::fiber&& back) {
    while (!stop) back = std::move(back).resume();
    return std::move(back);
  });
  for (auto _ : state) f = std::move(f).resume();
  state.SetItemsProcessed(state.iterations() * 2);
  stop = true;
  f = std::move(f).resume();
}

// ping_pong(state) switches main <-> g once per iteration, both with values.
static void ping_pong(benchmark::State& state) {
  cr::GreenletRef main = cr::getcurrent();
  bool stop = false;
  cr::GreenletRef g = cr::Greenlet::create([&](cr::Value) -> cr::Value {
    while (!stop) main->switch_to();
    return {};
  });
  for (auto _ : state) g->switch_to();
  state.SetItemsProcessed(state.iterations() * 2);
  stop = true;
  g->switch_to();
}

static void BM_GreenletSwitch(benchmark::State& state) {
  ping_pong(state);
}

struct NoOp : cr::Observer {
  void on_transfer(cr::Transfer, cr::Greenlet&, cr::Greenlet&) override {
    benchmark::ClobberMemory();
  }
};

static void BM_GreenletSwitchObserved(benchmark::State& state) {
  NoOp observer;
  cr::Observer* previous = cr::settrace(&observer);
  ping_pong(state);
  cr::settrace(previous);
}

BENCHMARK(BM_RawFiberSwitch);
BENCHMARK(BM_GreenletSwitch);
BENCHMARK(BM_GreenletSwitchObserved);
