#include "StackStrips.hpp"

#include <algorithm>

#include "Theme.hpp"

namespace coroscope::app {

bool StackStrips::init() {
  ready_ = renderer_.init(strip_palette(), error_);
  return ready_;
}

void StackStrips::update(const Session& session, const std::vector<std::uint32_t>& shown) {
  ids_ = shown;
  infos_.assign(ids_.size(), {});
  has_info_.assign(ids_.size(), false);
  std::vector<render::StripFigures> figures(ids_.size());
  const trace::Snapshot& s = session.shown();
  for (std::size_t i = 0; i < ids_.size(); ++i) {
    const runtime::Greenlet* g = session.player().live_greenlet(ids_[i]);
    const trace::GreenletSnapshot* at = s.find(ids_[i]);
    if (!g || !at || at->state == trace::GreenletState::Dead ||
        at->state == trace::GreenletState::Unstarted) {
      continue;
    }
    runtime::FiberInfo info = g->inspect();
    if (!info.stack.size()) continue;
    // In use at the position on screen, not now: the log saved the stack pointer.
    info.bytes_in_use = at->bytes_in_use;
    info.saved_sp = at->saved_sp;
    figures[i] = render::strip_figures(info);
    infos_[i] = std::move(info);
    has_info_[i] = true;
  }
  if (ready_) renderer_.update(figures);
}

std::size_t StackStrips::slot(std::uint32_t greenlet) const {
  return static_cast<std::size_t>(std::find(ids_.begin(), ids_.end(), greenlet) - ids_.begin());
}

std::uintptr_t StackStrips::texture(std::uint32_t greenlet) const {
  const std::size_t i = slot(greenlet);
  return i < ids_.size() && has_info_[i] && ready_ ? renderer_.texture(i) : 0;
}

const runtime::FiberInfo* StackStrips::info(std::uint32_t greenlet) const {
  const std::size_t i = slot(greenlet);
  return i < ids_.size() && has_info_[i] ? &infos_[i] : nullptr;
}

}  // namespace coroscope::app
