#pragma once
// NoStrips: the Stacks view's strips for headless tests: no GL here, so no
// textures and no stack figures; the view says so in their place.
#include <cstdint>
#include <string>

#include "views/ViewContext.hpp"

namespace coroscope::app::testing {

struct NoStrips final : views::StripSource {
  std::uintptr_t texture(std::uint32_t) const override { return 0; }
  const runtime::FiberInfo* info(std::uint32_t) const override { return nullptr; }
  const std::string& error() const override { return error_; }
  std::string error_ = "no GL in tests";
};

}  // namespace coroscope::app::testing
