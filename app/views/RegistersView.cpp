#include "views/RegistersView.hpp"

#include <cstdint>
#include <string>

#include "views/Format.hpp"

namespace coroscope::app::views {

namespace {

struct Row {
  const char* name;
  const char* help;
  std::uint64_t (*read)(const runtime::FiberInfo&);
};

const Row kRows[] = {
    {"rsp", "the saved stack pointer: the fiber's context lies here, on its own stack",
     [](const runtime::FiberInfo& i) -> std::uint64_t { return i.saved_sp; }},
    {"rip", "where the fiber continues when resumed (the return address of the switch)",
     [](const runtime::FiberInfo& i) -> std::uint64_t { return i.registers->resume_address; }},
    {"rbx", "callee-saved",
     [](const runtime::FiberInfo& i) -> std::uint64_t { return i.registers->rbx; }},
    {"rbp", "callee-saved; the frame pointer when frames keep one",
     [](const runtime::FiberInfo& i) -> std::uint64_t { return i.registers->rbp; }},
    {"r12", "callee-saved",
     [](const runtime::FiberInfo& i) -> std::uint64_t { return i.registers->r12; }},
    {"r13", "callee-saved",
     [](const runtime::FiberInfo& i) -> std::uint64_t { return i.registers->r13; }},
    {"r14", "callee-saved",
     [](const runtime::FiberInfo& i) -> std::uint64_t { return i.registers->r14; }},
    {"r15", "callee-saved",
     [](const runtime::FiberInfo& i) -> std::uint64_t { return i.registers->r15; }},
    {"mxcsr", "SSE control and status",
     [](const runtime::FiberInfo& i) -> std::uint64_t { return i.registers->mxcsr; }},
    {"x87 cw", "x87 FPU control word",
     [](const runtime::FiberInfo& i) -> std::uint64_t { return i.registers->x87_control; }},
};

}  // namespace

void draw_registers_view(const ViewContext& ctx, const Rect& area) {
  if (begin_panel("Saved registers", area)) {
    const Snapshot& s = ctx.shown();
    const int columns = static_cast<int>(s.greenlets.size()) + 1;
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                      ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY;
    std::string unavailable;
    ImGui::PushFont(ctx.fonts.mono);
    if (ImGui::BeginTable("registers", columns, flags)) {
      ImGui::TableSetupScrollFreeze(1, 1);
      ImGui::TableSetupColumn("");
      for (const GreenletSnapshot& g : s.greenlets) ImGui::TableSetupColumn(g.name.c_str());
      ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
      ImGui::TableNextColumn();
      for (std::size_t i = 0; i < s.greenlets.size(); ++i) {
        ImGui::TableNextColumn();
        ImGui::TextColored(greenlet_colour(i), "%s", s.greenlets[i].name.c_str());
      }
      for (const Row& row : kRows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(dim_text(), "%s", row.name);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.help);
        for (const GreenletSnapshot& g : s.greenlets) {
          ImGui::TableNextColumn();
          if (g.inspected && g.info.registers) {
            ImGui::TextUnformatted(hex(row.read(g.info)).c_str());
          } else if (&row == &kRows[0]) {
            ImGui::TextColored(state_colour(g.state), "%s",
                               g.inspected ? "unavailable" : to_string(g.state));
            if (g.inspected) unavailable = g.info.unavailable_reason;
          }
        }
      }
      ImGui::EndTable();
    }
    ImGui::PopFont();
    if (!unavailable.empty()) ImGui::TextWrapped("%s", unavailable.c_str());
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
