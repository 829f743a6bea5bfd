#pragma once
// Shader: one linked GLSL program, compiled from the sources embedded in the
// binary at build time (shaders/*.vert, *.frag; see app/cmake/EmbedShaders.cmake).
//
//   Shader s;
//   if (!s.build("stack_strip.vert", "stack_strip.frag", error)) report(error);
//   glUseProgram(s.id());  glUniform1f(s.uniform("u_used"), 0.1f);

#include <string>

namespace coroscope::app::render {

class Shader {
 public:
  Shader() = default;
  ~Shader();
  Shader(const Shader&) = delete;
  Shader& operator=(const Shader&) = delete;

  // build(vert, frag, error) compiles and links the embedded files of those
  // names; false with the compiler's log in error. Needs a current GL context.
  bool build(const std::string& vert, const std::string& frag, std::string& error);
  unsigned id() const { return program_; }
  // uniform(name) is its location, -1 if the program has no such active uniform.
  int uniform(const char* name) const;

 private:
  unsigned program_ = 0;
};

}  // namespace coroscope::app::render
