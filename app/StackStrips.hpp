#pragma once
// StackStrips: the Stacks view's strips, for the greenlets it showed last
// frame: their stacks' figures (the live greenlet's size, guard and high
// water, with the bytes in use at the position on screen) and a texture each,
// drawn by the strip shader. Only shown greenlets cost anything.
//
//   StackStrips strips;  strips.init();          // GL context current
//   strips.update(session, ui.strips_shown);     // before the frame's views
//   ctx.strips = strips;                         // views read texture(id), info(id)

#include <cstdint>
#include <string>
#include <vector>

#include "Session.hpp"
#include "render/StackStripRenderer.hpp"
#include "views/ViewContext.hpp"

namespace coroscope::app {

class StackStrips final : public views::StripSource {
 public:
  // init(): false when the shader cannot be built (error() says why); the
  // figures still work, the strips are then missing.
  bool init();
  void update(const Session& session, const std::vector<std::uint32_t>& shown);

  std::uintptr_t texture(std::uint32_t greenlet) const override;
  const runtime::FiberInfo* info(std::uint32_t greenlet) const override;
  const std::string& error() const override { return error_; }

 private:
  std::size_t slot(std::uint32_t greenlet) const;

  render::StackStripRenderer renderer_;
  bool ready_ = false;
  std::vector<std::uint32_t> ids_;
  std::vector<runtime::FiberInfo> infos_;
  std::vector<bool> has_info_;
  std::string error_;
};

}  // namespace coroscope::app
