#version 330 core
// stack_strip.frag colours one greenlet's stack mapping. x = 0 is the top of
// the stack (its highest address, where the fiber started); the stack grows
// towards x = 1, where the guard page sits below its lowest usable address.
// All u_ fractions are of the whole mapping (usable stack + guard page).

uniform float u_used;        // top .. saved stack pointer: frames live now
uniform float u_high_water;  // top .. deepest page ever touched
uniform float u_guard;       // the guard page (PROT_NONE), at the far end
uniform float u_pages;       // pages in the mapping: one tick each
uniform vec2 u_size;         // the target in pixels

uniform vec4 u_used_colour;
uniform vec4 u_high_water_colour;
uniform vec4 u_free_colour;
uniform vec4 u_guard_colour;

in vec2 v_uv;
out vec4 frag_colour;

void main() {
  float x = v_uv.x;
  float px = x * u_size.x;
  vec4 c;
  if (x >= 1.0 - u_guard) {
    // hatched: nothing may ever touch it
    float stripe = step(4.0, mod(gl_FragCoord.x + gl_FragCoord.y, 8.0));
    c = mix(u_guard_colour, u_guard_colour * vec4(0.55, 0.55, 0.55, 1.0), stripe);
  } else if (x < u_used) {
    c = u_used_colour;
  } else if (x < u_high_water) {
    c = u_high_water_colour;
  } else {
    c = u_free_colour;
  }
  // a tick at every page boundary, two pixels wide so it survives scaling
  float page_px = u_size.x / max(u_pages, 1.0);
  if (page_px >= 4.0 && mod(px, page_px) < 2.0) c.rgb *= 0.62;
  // the saved stack pointer: a bright edge where the used region ends
  if (u_used > 0.0 && abs(px - u_used * u_size.x) < 2.0) c.rgb = vec3(1.0);
  // a little shading top to bottom so the strip reads as a bar
  c.rgb *= 0.82 + 0.18 * v_uv.y;
  frag_colour = vec4(c.rgb, 1.0);
}
