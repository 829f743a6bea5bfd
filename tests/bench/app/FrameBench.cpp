// What a Lanes frame costs on the CPU (issue 6, "Speed": <= 4 ms at 1,000
// greenlets and 100,000 recorded events). ImGui runs headless: no window, no
// renderer; one iteration is NewFrame + draw_lanes + Render over a canned run
// recorded for real (1,000 hub greenlets sleeping seeded random times until the
// log holds 100,000 events). The arguments pick the view:
//   fit          the whole run, the first lanes
//   zoom_middle  2,000 events around the middle (thin arrows)
//   zoom_labels  60 events around the middle (labelled arrows)
//   last_lanes   the whole run, scrolled to the last lanes
//   time_fit     the whole run on the virtual-time axis
// BM_LaneIndexUpdate indexes a 1,000,000-event run of 10,000 greenlets from
// scratch and reports the index's memory.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "../../ui/HeadlessImGui.hpp"
#include "hub/Greenlet.hpp"
#include "runtime/Host.hpp"
#include "trace/EventLog.hpp"
#include "views/LaneIndex.hpp"
#include "views/LanesView.hpp"

namespace cr = coroscope::runtime;
namespace hub = coroscope::hub;
namespace tr = coroscope::trace;
namespace views = coroscope::app::views;

namespace {

struct Rng {  // xorshift64*: 8 bytes of a greenlet's stack
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1DULL;
  }
};

// record(log, greenlets, events): hub greenlets sleep 1-50 ms of virtual time,
// round after round, until the log holds `events`.
void record(tr::EventLog& log, int greenlets, std::size_t events) {
  cr::Host host([&]() -> cr::Value {
    cr::Observer* previous = cr::settrace(&log);
    std::vector<hub::GreenletPtr> gs;
    gs.reserve(static_cast<std::size_t>(greenlets));
    for (int i = 0; i < greenlets; ++i) {
      gs.push_back(hub::spawn([&log, i, events] {
        Rng rng{0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(i + 1)};
        while (log.size() < events) hub::sleep(static_cast<double>(1 + rng.next() % 50) / 1000.0);
        return cr::Value();
      }));
    }
    hub::joinall(gs);
    cr::settrace(previous);
    return {};
  });
  while (!host.finished()) host.resume();
  host.result();
}

const tr::EventLog& canned_run() {
  static tr::EventLog* log = [] {
    auto* l = new tr::EventLog;  // kept for the process: benchmarks share it
    record(*l, 1000, 100'000);
    return l;
  }();
  return *log;
}

ImU32 colour(std::size_t order) {
  static const ImU32 palette[] = {IM_COL32(230, 159, 0, 255), IM_COL32(86, 180, 233, 255),
                                  IM_COL32(0, 158, 115, 255), IM_COL32(204, 121, 167, 255)};
  return palette[order % 4];
}

enum View { kFit, kZoomMiddle, kZoomLabels, kLastLanes, kTimeFit };

}  // namespace

static void BM_LanesFrame(benchmark::State& state) {
  const tr::EventLog& log = canned_run();
  coroscope::app::testing::HeadlessImGui gui(1920, 1080);
  views::LaneIndex index;
  index.update(log);
  const std::size_t n = log.size(), middle = n / 2;
  views::LanesState lanes;
  lanes.follow = false;
  switch (state.range(0)) {
    case kZoomMiddle:
      lanes.from = static_cast<double>(middle) - 1000,
      lanes.to = static_cast<double>(middle) + 1000;
      break;
    case kZoomLabels:
      lanes.from = static_cast<double>(middle) - 30, lanes.to = static_cast<double>(middle) + 30;
      break;
    case kLastLanes:
      lanes.scroll_y = 1e9f;
      break;
    case kTimeFit:
      lanes.axis = views::LaneAxis::Time;
      break;
    default:
      break;
  }
  gui.mouse(ImVec2(900, 600));  // hovering a lane: its tooltip is part of the frame
  double vertices = 0;
  for (auto _ : state) {
    index.update(log);  // as every app frame does: nothing new, O(1)
    gui.frame([&] {
      views::LanesInput in{log, index, middle, gui.font(), &colour};
      benchmark::DoNotOptimize(views::draw_lanes(in, lanes));
    });
    vertices = gui.draw_data()->TotalVtxCount;
  }
  state.counters["vertices"] = vertices;
  state.counters["events"] = static_cast<double>(n);
  state.counters["greenlets"] = static_cast<double>(index.lanes());
  static const char* const names[] = {"fit", "zoom_middle", "zoom_labels", "last_lanes",
                                      "time_fit"};
  state.SetLabel(names[state.range(0)]);
}
BENCHMARK(BM_LanesFrame)
    ->DenseRange(kFit, kTimeFit)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();

static void BM_LaneIndexUpdate(benchmark::State& state) {
  tr::EventLog log;
  record(log, 10'000, 1'000'000);
  double mib = 0;
  for (auto _ : state) {
    views::LaneIndex index;
    index.update(log);
    mib = static_cast<double>(index.memory_bytes()) / (1024.0 * 1024.0);
    benchmark::DoNotOptimize(index.size());
  }
  state.counters["index_MiB"] = mib;
  state.counters["s_per_event"] = benchmark::Counter(
      static_cast<double>(log.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["log_MiB"] = static_cast<double>(log.memory_bytes()) / (1024.0 * 1024.0);
}
BENCHMARK(BM_LaneIndexUpdate)->Unit(benchmark::kMillisecond)->Iterations(3);
