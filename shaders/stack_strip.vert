#version 330 core
// stack_strip.vert: a quad covering the viewport, made from gl_VertexID alone
// (draw 4 vertices as a triangle strip, no vertex buffer). v_uv runs from
// (0, 0) at the bottom left to (1, 1) at the top right.

out vec2 v_uv;

void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
  v_uv = corner;
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
