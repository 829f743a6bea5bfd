#include "render/Shader.hpp"

#include <string_view>

#include <glad/gl.h>

#include "EmbeddedShaders.hpp"

namespace coroscope::app::render {

namespace {

const char* embedded(std::string_view name) {
  for (const auto& s : shaders::kEmbedded) {
    if (name == s.name) return s.source;
  }
  return nullptr;
}

// compile(type, name, error) returns the shader object, or 0 with the log.
GLuint compile(GLenum type, const std::string& name, std::string& error) {
  const char* source = embedded(name);
  if (!source) {
    error = "no embedded shader named " + name;
    return 0;
  }
  GLuint shader = glCreateShader(type);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok) return shader;
  char log[2048] = {};
  glGetShaderInfoLog(shader, sizeof log, nullptr, log);
  error = name + ": " + log;
  glDeleteShader(shader);
  return 0;
}

}  // namespace

Shader::~Shader() {
  if (program_) glDeleteProgram(program_);
}

bool Shader::build(const std::string& vert, const std::string& frag, std::string& error) {
  GLuint vs = compile(GL_VERTEX_SHADER, vert, error);
  if (!vs) return false;
  GLuint fs = compile(GL_FRAGMENT_SHADER, frag, error);
  if (!fs) {
    glDeleteShader(vs);
    return false;
  }
  GLuint program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetProgramInfoLog(program, sizeof log, nullptr, log);
    error = vert + " + " + frag + ": " + log;
    glDeleteProgram(program);
    return false;
  }
  if (program_) glDeleteProgram(program_);
  program_ = program;
  return true;
}

int Shader::uniform(const char* name) const {
  return glGetUniformLocation(program_, name);
}

}  // namespace coroscope::app::render
