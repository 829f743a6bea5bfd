#include "render/StackStripRenderer.hpp"

#include <algorithm>

#include <glad/gl.h>

namespace coroscope::app::render {

StripFigures strip_figures(const runtime::FiberInfo& info) {
  StripFigures f;
  const double usable = static_cast<double>(info.stack.size());
  const double total = usable + static_cast<double>(info.stack.guard_size);
  if (usable <= 0) return f;
  // A non-empty region is drawn at least two texels wide, so a few hundred
  // bytes in a 256 KiB stack still show.
  const auto fraction = [&](std::size_t bytes) {
    if (bytes == 0) return 0.0f;
    return std::max(static_cast<float>(bytes / total), 2.0f / StackStripRenderer::kWidth);
  };
  f.used = fraction(info.bytes_in_use);
  f.high_water = std::max(f.used, fraction(info.high_water));
  f.guard = fraction(info.stack.guard_size);
  const double page = info.stack.guard_size ? static_cast<double>(info.stack.guard_size) : 4096.0;
  f.pages = static_cast<float>(total / page);
  return f;
}

StackStripRenderer::~StackStripRenderer() {
  for (Strip& s : strips_) {
    glDeleteFramebuffers(1, &s.framebuffer);
    glDeleteTextures(1, &s.texture);
  }
  if (vertex_array_) glDeleteVertexArrays(1, &vertex_array_);
}

bool StackStripRenderer::init(const StripPalette& palette, std::string& error) {
  palette_ = palette;
  if (!shader_.build("stack_strip.vert", "stack_strip.frag", error)) return false;
  glGenVertexArrays(1, &vertex_array_);  // core profile: a draw needs one, even with no attributes
  ready_ = true;
  return true;
}

void StackStripRenderer::update(const std::vector<StripFigures>& strips) {
  if (!ready_) return;
  while (strips_.size() < strips.size()) {
    Strip s;
    glGenTextures(1, &s.texture);
    glBindTexture(GL_TEXTURE_2D, s.texture);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kWidth, kHeight, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glGenFramebuffers(1, &s.framebuffer);
    glBindFramebuffer(GL_FRAMEBUFFER, s.framebuffer);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, s.texture, 0);
    strips_.push_back(s);
  }
  bool drew = false;
  for (std::size_t i = 0; i < strips.size(); ++i) {
    Strip& s = strips_[i];
    if (s.valid && s.drawn == strips[i]) continue;
    if (!drew) {
      glDisable(GL_BLEND);
      glDisable(GL_SCISSOR_TEST);
      glDisable(GL_DEPTH_TEST);
      glUseProgram(shader_.id());
      glUniform4fv(shader_.uniform("u_used_colour"), 1, palette_.used);
      glUniform4fv(shader_.uniform("u_high_water_colour"), 1, palette_.high_water);
      glUniform4fv(shader_.uniform("u_free_colour"), 1, palette_.free);
      glUniform4fv(shader_.uniform("u_guard_colour"), 1, palette_.guard);
      glUniform2f(shader_.uniform("u_size"), kWidth, kHeight);
      glBindVertexArray(vertex_array_);
      glViewport(0, 0, kWidth, kHeight);
      drew = true;
    }
    draw(s, strips[i]);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void StackStripRenderer::draw(Strip& strip, const StripFigures& f) {
  glBindFramebuffer(GL_FRAMEBUFFER, strip.framebuffer);
  glUniform1f(shader_.uniform("u_used"), f.used);
  glUniform1f(shader_.uniform("u_high_water"), f.high_water);
  glUniform1f(shader_.uniform("u_guard"), f.guard);
  glUniform1f(shader_.uniform("u_pages"), f.pages);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  strip.drawn = f;
  strip.valid = true;
}

unsigned StackStripRenderer::texture(std::size_t i) const {
  return ready_ && i < strips_.size() ? strips_[i].texture : 0;
}

}  // namespace coroscope::app::render
