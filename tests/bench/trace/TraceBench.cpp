// What recording costs. BM_TraceRecord/0 is the plain greenlet ping-pong,
// BM_TraceRecord/1 the same with an EventLog attached: one item is one switch
// (one event), so the difference per item is the recording cost. BM_TraceMemory
// records 1,000,000 switches into a fresh log per iteration and reports the
// log's size (first-touch page faults included in its time).
#include <benchmark/benchmark.h>

#include "runtime/Greenlet.hpp"
#include "trace/EventLog.hpp"

namespace cr = coroscope::runtime;
namespace tr = coroscope::trace;

namespace {

// PingPong switches main <-> g: two switches per round().
struct PingPong {
  cr::GreenletRef main = cr::getcurrent();
  bool stop = false;
  cr::GreenletRef g = cr::Greenlet::create([this](cr::Value) -> cr::Value {
    while (!stop) main->switch_to();
    return {};
  });
  void round() { g->switch_to(); }
  ~PingPong() {
    stop = true;
    g->switch_to();
  }
};

}  // namespace

static void BM_TraceRecord(benchmark::State& state) {
  const bool traced = state.range(0) != 0;
  tr::EventLog log;
  cr::Observer* previous = cr::settrace(traced ? &log : nullptr);
  {
    PingPong p;
    std::int64_t rounds = 0;
    for (auto _ : state) {
      p.round();
      // Keep the log bounded: reuse its blocks every 2M events (off the clock).
      if (traced && ++rounds % (1 << 20) == 0) {
        state.PauseTiming();
        log.clear();
        state.ResumeTiming();
      }
    }
    cr::settrace(previous);
  }
  state.SetItemsProcessed(state.iterations() * 2);
  state.counters["bytes_per_event"] = static_cast<double>(sizeof(tr::Event));
  state.SetLabel(traced ? "EventLog attached" : "no observer");
}

static void BM_TraceMemory(benchmark::State& state) {
  constexpr std::int64_t kEvents = 1'000'000;
  double mib = 0;
  for (auto _ : state) {
    tr::EventLog log;
    cr::Observer* previous = cr::settrace(&log);
    {
      PingPong p;
      for (std::int64_t i = 0; i < kEvents / 2; ++i) p.round();
      cr::settrace(previous);
    }
    if (log.size() < static_cast<std::size_t>(kEvents)) state.SkipWithError("events missing");
    mib = static_cast<double>(log.memory_bytes()) / (1024.0 * 1024.0);
    state.counters["bytes_per_event"] =
        static_cast<double>(log.memory_bytes()) / static_cast<double>(log.size());
  }
  state.SetItemsProcessed(state.iterations() * kEvents);
  state.counters["MiB_per_1M_events"] = mib;
}

BENCHMARK(BM_TraceRecord)->Arg(0)->Arg(1);
BENCHMARK(BM_TraceMemory)->Unit(benchmark::kMillisecond);
