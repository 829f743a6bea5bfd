#include "views/CpuView.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "trace/EventLog.hpp"
#include "views/Format.hpp"

namespace coroscope::app::views {

namespace {

constexpr double kAnimation = 0.7;  // seconds for registers to travel

struct Regs {
  std::optional<runtime::SavedRegisters> r;
  std::uintptr_t sp = 0;
};

struct Row {
  const char* name;
  const char* help;
  std::uint64_t (*read)(const Regs&);
};

const Row kRows[] = {
    {"rsp", "the stack pointer: the saved context lies here, on the greenlet's own stack",
     [](const Regs& g) -> std::uint64_t { return g.sp; }},
    {"rip", "where it continues when resumed (the return address of the switch)",
     [](const Regs& g) -> std::uint64_t { return g.r->resume_address; }},
    {"rbx", "callee-saved", [](const Regs& g) -> std::uint64_t { return g.r->rbx; }},
    {"rbp", "callee-saved; the frame pointer when frames keep one",
     [](const Regs& g) -> std::uint64_t { return g.r->rbp; }},
    {"r12", "callee-saved", [](const Regs& g) -> std::uint64_t { return g.r->r12; }},
    {"r13", "callee-saved", [](const Regs& g) -> std::uint64_t { return g.r->r13; }},
    {"r14", "callee-saved", [](const Regs& g) -> std::uint64_t { return g.r->r14; }},
    {"r15", "callee-saved", [](const Regs& g) -> std::uint64_t { return g.r->r15; }},
    {"mxcsr", "SSE control and status", [](const Regs& g) -> std::uint64_t { return g.r->mxcsr; }},
    {"x87cw", "x87 FPU control word",
     [](const Regs& g) -> std::uint64_t { return g.r->x87_control; }},
};
constexpr int kRowCount = static_cast<int>(sizeof kRows / sizeof kRows[0]);

// The transfer that led to the position on screen, if the last event is one.
std::optional<trace::EventView> last_transfer(const ViewContext& ctx) {
  const std::size_t p = ctx.player().position();
  if (p == 0) return std::nullopt;
  trace::EventView e = ctx.log()[p - 1];
  if (!trace::is_transfer(e.kind)) return std::nullopt;
  return e;
}

Regs regs_of(const trace::GreenletSnapshot* g) {
  if (!g || !g->registers) return {};
  return {g->registers, g->saved_sp};
}

// card(): a column of registers at pos; returns the row positions for the animation.
void card(const char* title, ImVec4 colour, const Regs& regs, const char* missing, ImVec2 pos,
          float w, float row_h, float alpha, ImVec2* rows) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRect(pos, ImVec2(pos.x + w, pos.y + row_h * (kRowCount + 1.4f)),
              ImGui::GetColorU32(ImVec4(colour.x, colour.y, colour.z, 0.8f)), 4.0f, 0, 1.5f);
  dl->AddText(ImVec2(pos.x + 6, pos.y + 3), ImGui::GetColorU32(colour), title);
  for (int i = 0; i < kRowCount; ++i) {
    const ImVec2 at(pos.x + 6, pos.y + row_h * (i + 1.2f));
    rows[i] = ImVec2(at.x + ImGui::CalcTextSize("x87cw  ").x, at.y);
    dl->AddText(at, ImGui::GetColorU32(dim_text()), kRows[i].name);
    if (regs.r && alpha > 0) {
      const std::string v = hex(kRows[i].read(regs));
      dl->AddText(rows[i], ImGui::GetColorU32(ImVec4(1, 1, 1, alpha)), v.c_str());
    } else if (i == 0) {
      dl->AddText(rows[i], ImGui::GetColorU32(dim_text()), missing);
    }
  }
}

}  // namespace

void draw_cpu_view(const ViewContext& ctx, const Rect& area) {
  if (begin_panel("CPU and registers", area)) {
    const trace::Snapshot& s = ctx.shown;
    const std::optional<trace::EventView> t = last_transfer(ctx);
    ImGui::PushFont(ctx.fonts.mono);
    const float row_h = ImGui::GetTextLineHeight() + 2.0f;
    const float card_w = ImGui::CalcTextSize("x87cw  0x0000000000000000 ").x + 12.0f;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float gap = std::max(24.0f, (ImGui::GetContentRegionAvail().x - 2 * card_w) * 0.5f);
    const ImVec2 cpu_pos(origin.x, origin.y + row_h * 1.3f);
    const ImVec2 saved_pos(origin.x + card_w + gap, cpu_pos.y);

    const std::string running = s.running == trace::kNoGreenlet ? "nobody" : ctx.name(s.running);
    ImGui::TextColored(dim_text(), "the CPU runs %s", running.c_str());

    // The CPU holds the running greenlet's registers: at a stop right after a
    // transfer, exactly the set restored from its saved context.
    Regs on_cpu;
    if (t) {
      if (const trace::SavedContext* c = ctx.log().saved_context(t->seq))
        on_cpu = {c->registers, c->sp};
    }
    const trace::GreenletSnapshot* out = t ? s.find(t->greenlet) : nullptr;
    const Regs saved = regs_of(out);

    // Animate once per new transfer on screen.
    const double now = ImGui::GetTime();
    if (t && ctx.ui.animated_for != t->seq) {
      ctx.ui.animated_for = t->seq;
      ctx.ui.animation_start = now;
    }
    const double age = (now - ctx.ui.animation_start) / kAnimation;
    const float k = t && ctx.ui.animate ? static_cast<float>(std::clamp(age, 0.0, 1.0)) : 1.0f;

    ImVec2 cpu_rows[kRowCount], saved_rows[kRowCount];
    const std::string cpu_title = "CPU: " + running;
    card(cpu_title.c_str(),
         s.running == trace::kNoGreenlet ? dim_text() : colour_of(ctx.log(), s.running), on_cpu,
         t ? (runtime::registers_available() ? "first run" : "unavailable") : "—", cpu_pos, card_w,
         row_h, k, cpu_rows);
    const std::string saved_title =
        out ? "saved in " + ctx.name(out->id) + "'s card" : "saved context";
    card(saved_title.c_str(), out ? colour_of(ctx.log(), out->id) : dim_text(), saved,
         out ? (out->state == trace::GreenletState::Dead ? "dead" : "unavailable") : "—", saved_pos,
         card_w, row_h, k, saved_rows);

    // In flight: the outgoing set travels CPU -> card, the incoming set arrives on the CPU.
    if (k < 1.0f && saved.r) {
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const float e = 1.0f - (1.0f - k) * (1.0f - k);
      for (int i = 0; i < kRowCount; ++i) {
        const ImVec2 a = cpu_rows[i], b = saved_rows[i];
        const ImVec2 p(a.x + (b.x - a.x) * e, a.y + (b.y - a.y) * e);
        const std::string v = hex(kRows[i].read(saved));
        dl->AddText(p, ImGui::GetColorU32(colour_of(ctx.log(), out->id)), v.c_str());
      }
    }
    ImGui::Dummy(ImVec2(2 * card_w + gap, row_h * (kRowCount + 2.8f)));
    ImGui::PopFont();
    if (t) {
      const std::string from = ctx.name(t->greenlet), to = ctx.name(t->target);
      if (t->flags & trace::kOriginDied) {
        ImGui::TextWrapped(
            "%s finished: nothing of it is saved, its stack goes back to the "
            "allocator; %s's saved set is restored onto the CPU, and %s continues "
            "at its rip.",
            from.c_str(), to.c_str(), to.c_str());
      } else {
        ImGui::TextWrapped(
            "%s's registers and stack pointer are saved into its card; %s's saved "
            "set is restored onto the CPU, and %s continues at its rip.",
            from.c_str(), to.c_str(), to.c_str());
      }
    } else {
      ImGui::TextWrapped("Step to a switch to see registers saved and restored.");
    }
    if (!runtime::registers_available()) {
      ImGui::TextColored(dim_text(),
                         "This build cannot read saved registers: they show as unavailable.");
    }
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
