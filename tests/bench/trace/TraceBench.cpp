// What recording costs. BM_TraceRecord/0 is the plain greenlet ping-pong,
// BM_TraceRecord/1 the same with an EventLog attached: one item is one switch
// (one event), so the difference per item is the recording cost. BM_TraceMemory
// records 1,000,000 switches into a fresh log per iteration and reports the
// log's size (first-touch page faults included in its time). BM_SnapshotAt
// rebuilds snapshots of a 1,000,000-event run of 10,000 greenlets (History).
// BM_TraceIoWait is what a traced socket wait adds to the log (an IoWait and
// its IoReady per item): /1 with the socket's detail built from an IoName as
// Hub::wait_io does and interned, /0 a plain fd with none.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "hub/Greenlet.hpp"
#include "hub/IoName.hpp"
#include "runtime/Greenlet.hpp"
#include "runtime/Host.hpp"
#include "trace/EventLog.hpp"
#include "trace/History.hpp"

namespace cr = coroscope::runtime;
namespace tr = coroscope::trace;
namespace hub = coroscope::hub;

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

static void BM_TraceIoWait(benchmark::State& state) {
  tr::EventLog log;
  const cr::GreenletRef me = cr::getcurrent();
  const hub::IoName name{"recv", hub::SocketRole::Accepted, "127.0.0.1:54312"};
  for (auto _ : state) {
    const std::string detail = state.range(0) ? name.detail() : std::string();
    log.on_sched({cr::Sched::IoWait, me.get(), "readable", 0, 7, 0, detail});
    log.on_sched({cr::Sched::IoReady, me.get(), "readable", 0, 7});
    if (log.size() >= 1'000'000) {
      state.PauseTiming();
      log.clear();
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TraceIoWait)->Arg(0)->Arg(1);
BENCHMARK(BM_TraceMemory)->Unit(benchmark::kMillisecond);

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

// Rng is a small seeded generator (xorshift64*): a greenlet's stack holds 8
// bytes of it, where std::mt19937 would commit another 5 KB page per greenlet.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1DULL;
  }
};

}  // namespace

// BM_SnapshotAt: 10,000 hub greenlets sleep seeded random short durations
// (1-50 ms of virtual time) round after round until the log holds 1,000,000
// events; then each iteration rebuilds the snapshot at a random index (every
// fourth one just before a keyframe: the most replay). The counters: the log's
// and the History's memory, the update() cost per event, and the mean and max
// rebuild time into a reused Snapshot (at_*) and into a fresh one (fresh_at_*,
// its destruction included).
static void BM_SnapshotAt(benchmark::State& state) {
  constexpr int kGreenlets = 10'000;
  constexpr std::size_t kEvents = 1'000'000;
  tr::EventLog log;
  in_host([&] {
    cr::Observer* previous = cr::settrace(&log);
    std::vector<hub::GreenletPtr> gs;
    gs.reserve(kGreenlets);
    for (int i = 0; i < kGreenlets; ++i) {
      gs.push_back(hub::spawn([&log, i] {
        Rng rng{0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(i + 1)};
        while (log.size() < kEvents) hub::sleep(static_cast<double>(1 + rng.next() % 50) / 1000.0);
        return cr::Value();
      }));
    }
    hub::joinall(gs);
    cr::settrace(previous);
  });
  if (log.size() < kEvents) state.SkipWithError("events missing");

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  tr::History history(log);
  history.update();
  const double update_ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count();

  // Each iteration rebuilds at n twice: into a Snapshot kept across calls (as a
  // view redrawing every frame does: at(n, out)), and into a fresh one (at(n)).
  Rng rng{42};
  double total_us = 0, max_us = 0, fresh_total_us = 0, fresh_max_us = 0;
  std::int64_t count = 0;
  const std::size_t k = history.keyframe_every();
  tr::Snapshot kept;
  for (auto _ : state) {
    std::size_t n = rng.next() % (log.size() + 1);
    if (count % 4 == 0) n = std::min(log.size(), (n / k) * k + k - 1);
    auto start = Clock::now();
    history.at(n, kept);
    benchmark::DoNotOptimize(kept.greenlets.data());
    double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
    total_us += us;
    max_us = std::max(max_us, us);
    n = rng.next() % (log.size() + 1);  // another index: its data is not in the cache yet
    if (count % 4 == 1) n = std::min(log.size(), (n / k) * k + k - 1);
    start = Clock::now();
    {
      tr::Snapshot s = history.at(n);
      benchmark::DoNotOptimize(s.greenlets.data());
    }
    us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
    fresh_total_us += us;
    fresh_max_us = std::max(fresh_max_us, us);
    ++count;
  }
  const double log_mib = static_cast<double>(log.memory_bytes()) / (1024.0 * 1024.0);
  const double history_mib = static_cast<double>(history.memory_bytes()) / (1024.0 * 1024.0);
  state.counters["events"] = static_cast<double>(log.size());
  state.counters["greenlets"] = static_cast<double>(history.at(log.size()).greenlets.size());
  state.counters["log_MiB"] = log_mib;
  state.counters["history_MiB"] = history_mib;
  state.counters["total_MiB"] = log_mib + history_mib;
  state.counters["keyframe_every"] = static_cast<double>(k);
  state.counters["update_ns_per_event"] = update_ns / static_cast<double>(log.size());
  state.counters["at_mean_us"] = count ? total_us / static_cast<double>(count) : 0;
  state.counters["at_max_us"] = max_us;
  state.counters["fresh_at_mean_us"] = count ? fresh_total_us / static_cast<double>(count) : 0;
  state.counters["fresh_at_max_us"] = fresh_max_us;
}
BENCHMARK(BM_SnapshotAt)->Iterations(2000)->Unit(benchmark::kMicrosecond);
