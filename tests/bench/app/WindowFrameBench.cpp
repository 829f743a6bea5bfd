// What a whole window's frame costs on the CPU (issue 6, "Speed": <= 4 ms at
// 1,000 greenlets and 100,000 recorded events): every view of the app, as
// draw_views lays them out at 1280x800, ImGui headless (no window, no
// renderer). The run is a real script through the Session and its Player:
// 1,000 gevent greenlets sleeping seeded random times, recorded to the end.
// The argument is where in history the frame shows:
//   0  the middle of the run (timers pending, most greenlets sleeping)
//   1  the end (every greenlet dead)
// Each iteration moves the position by one stop, so the caption, the console
// and the snapshot are rebuilt as when a learner steps.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "../../ui/HeadlessImGui.hpp"
#include "Session.hpp"
#include "Theme.hpp"
#include "views/Views.hpp"

namespace app = coroscope::app;
namespace views = coroscope::app::views;

namespace {

constexpr const char* kScript = R"(import random
import gevent

random.seed(1)


def worker(i):
    for k in range(15):
        gevent.sleep(random.randint(1, 50) / 1000)


gevent.joinall([gevent.spawn(worker, i) for i in range(1000)])
print("done")
)";

struct NoStrips final : views::StripSource {
  std::uintptr_t texture(std::uint32_t) const override { return 0; }
  const coroscope::runtime::FiberInfo* info(std::uint32_t) const override { return nullptr; }
  const std::string& error() const override { return error_; }
  std::string error_;
};

app::Session& recorded() {
  static app::Session* s = [] {
    auto* session = new app::Session("workers.py", "workers.py", kScript);  // kept: shared
    while (!(session->player().finished() && session->player().at_end())) {
      app::Commands step;
      step.step_switch = true;
      session->apply(step);
      while (session->player().goal() != coroscope::player::Goal::None) session->tick();
    }
    return session;
  }();
  return *s;
}

void BM_WindowFrame(benchmark::State& state) {
  app::Session& s = recorded();
  coroscope::app::testing::HeadlessImGui gui(1280, 800);
  const app::Fonts fonts = app::load_theme(1.0f, false);
  gui.build_fonts();
  NoStrips strips;
  views::UiState ui;
  ui.animate = false;
  const auto& stops = s.player().stops();
  const std::size_t first = state.range(0) == 0 ? stops.size() / 2 : stops.size() - 1;
  std::size_t k = first;
  for (auto _ : state) {
    app::Commands seek;
    seek.seek = stops[k];
    s.apply(seek);
    ui.names.update(s.player().log(), s.run());
    app::Commands commands;
    gui.bare_frame([&] {
      views::draw_views({s, s.shown(), fonts, strips, ui, commands}, gui.display());
    });
    benchmark::DoNotOptimize(gui.draw_data()->TotalVtxCount);
    k = k + 1 < stops.size() ? k + 1 : first;
  }
  state.counters["greenlets"] = static_cast<double>(s.player().log().greenlets().size());
  state.counters["events"] = static_cast<double>(s.player().frontier());
  state.counters["vertices"] = static_cast<double>(gui.draw_data()->TotalVtxCount);
}
BENCHMARK(BM_WindowFrame)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
