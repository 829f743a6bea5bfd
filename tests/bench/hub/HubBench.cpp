// Hub benchmarks, in the same binary as the switch benchmarks. One item is one
// sleep(0) call, or one greenlet spawned and joined. gevent 22.10.2 here:
// about 1.5-1.8 us per sleep(0); about 3.3 s to spawn and join 100,000.
#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <fstream>
#include <vector>

#include "hub/Event.hpp"
#include "hub/Greenlet.hpp"
#include "runtime/Host.hpp"
#include "runtime/StackAllocator.hpp"

namespace cr = coroscope::runtime;
namespace hub = coroscope::hub;

namespace {

// in_host(fn) runs fn as the main greenlet of a fresh world, to the end.
template <class Fn>
void in_host(Fn fn) {
  cr::Host host([&]() -> cr::Value {
    fn();
    return {};
  });
  while (!host.finished()) host.resume();
  host.result();
}

// report_peak_rss() adds the process's peak resident memory as a counter.
void report_peak_rss(benchmark::State& state) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_mib"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// rss_mib() is the process's resident memory now.
double rss_mib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * 4096.0 / (1024.0 * 1024.0);
}

}  // namespace

// BM_HubSleep0/N: N greenlets and main each call sleep(0) in a loop; every
// main iteration lets each of them run once, round robin.
static void BM_HubSleep0(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  long calls = 0;
  in_host([&] {
    bool stop = false;
    std::vector<hub::GreenletPtr> gs;
    for (int i = 0; i < n; ++i) {
      gs.push_back(hub::spawn([&] {
        while (!stop) {
          hub::sleep(0);
          ++calls;
        }
        return cr::Value();
      }));
    }
    hub::sleep(0);  // all started
    calls = 0;
    for (auto _ : state) {
      hub::sleep(0);
      ++calls;
    }
    stop = true;  // after the timed loop
    hub::joinall(gs);
  });
  state.SetItemsProcessed(calls);
  report_peak_rss(state);
}
BENCHMARK(BM_HubSleep0)->Arg(2)->Arg(1000);

// BM_SpawnJoin: spawn 100,000 greenlets, then joinall them.
static void BM_SpawnJoin(benchmark::State& state) {
  constexpr int kCount = 100000;
  in_host([&] {
    std::vector<hub::GreenletPtr> gs;
    gs.reserve(kCount);
    for (auto _ : state) {
      for (int i = 0; i < kCount; ++i) gs.push_back(hub::spawn([] { return cr::Value(); }));
      hub::joinall(gs);
      gs.clear();
    }
  });
  state.SetItemsProcessed(state.iterations() * kCount);
  report_peak_rss(state);
}
BENCHMARK(BM_SpawnJoin)->Unit(benchmark::kMillisecond)->Iterations(3);

// BM_Parked/N: N greenlets alive at once, each parked in Event::wait, then all
// released and joined. parked_rss_mib is the resident memory with all of them
// parked, less what the process used before; per_greenlet_bytes the same per
// greenlet. Past 20,000 guarded stacks the rest come from unguarded slabs
// (vm.max_map_count allows about 32k guarded ones).
static void BM_Parked(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  cr::StackAllocator::allow_unguarded_after(20000);
  double parked = 0;
  for (auto _ : state) {
    in_host([&] {
      const double before = rss_mib();
      hub::Event event;
      std::vector<hub::GreenletPtr> gs;
      gs.reserve(n);
      for (int i = 0; i < n; ++i) gs.push_back(hub::spawn([&] { return cr::Value(event.wait()); }));
      hub::sleep(0);  // every one has run up to its wait
      parked = rss_mib() - before;
      event.set();
      hub::joinall(gs);
    });
  }
  cr::StackAllocator::allow_unguarded_after(-1);
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["parked_rss_mib"] = parked;
  state.counters["per_greenlet_bytes"] = parked * 1024 * 1024 / n;
  report_peak_rss(state);
}
BENCHMARK(BM_Parked)->Arg(30000)->Arg(1000000)->Iterations(1)->Unit(benchmark::kMillisecond);
