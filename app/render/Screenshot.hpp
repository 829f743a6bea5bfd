#pragma once
// Screenshot: the back buffer of the current GL context, saved as a PNG.
//
//   renderer.render(w, h);                           // the frame is drawn...
//   if (!save_screenshot("out.png", w, h, error))    // ...read it before swapping
//     report(error);

#include <string>

namespace coroscope::app::render {

// save_screenshot(path, w, h, error) reads w x h RGB pixels of the back buffer
// (bottom row first, as GL stores them), flips them top row first and writes
// the PNG. False, with a learner-readable error, if the file cannot be written.
bool save_screenshot(const std::string& path, int width, int height, std::string& error);

}  // namespace coroscope::app::render
