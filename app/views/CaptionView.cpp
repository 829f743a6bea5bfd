#include "views/CaptionView.hpp"

#include <string>

#include "trace/Caption.hpp"

namespace coroscope::app::views {

namespace {

// sentence(ctx): the caption of the position on screen, made once per position
// (it may look back through many events).
const std::string& sentence(const ViewContext& ctx) {
  UiState& ui = ctx.ui;
  const std::size_t position = ctx.player().position();
  if (ui.caption_run != ctx.session.run() || ui.caption_position != position) {
    ui.caption_run = ctx.session.run();
    ui.caption_position = position;
    ui.caption = trace::caption(ctx.log(), ctx.shown);
  }
  return ui.caption;
}

}  // namespace

void draw_caption_view(const ViewContext& ctx, const Rect& area) {
  if (begin_bar("##caption", area)) {
    ImGui::PushFont(ctx.fonts.title);
    ImGui::TextWrapped("%s", sentence(ctx).c_str());
    ImGui::PopFont();
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
