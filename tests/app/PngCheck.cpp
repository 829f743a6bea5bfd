// coroscope_png_check FILE WIDTH HEIGHT [OTHER]: exits 0 if FILE is a PNG of exactly
// WIDTH x HEIGHT pixels that shows something: many distinct colours (text is
// anti-aliased, so a drawn window has hundreds) and a good share of pixels
// that differ from the most common colour (the background). Otherwise it
// prints why, in one line, and exits 1. With OTHER (a PNG of the same size),
// FILE must also differ from it in a good number of pixels: two screenshots
// of different steps must not be the same picture.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include <stb_image.h>

namespace {

constexpr std::size_t kMinColours = 200;
constexpr double kMinForeground = 0.05;
constexpr std::size_t kMinDifferent = 500;  // pixels: more than a blinking cursor

int fail(const std::string& why) {
  std::fprintf(stderr, "png check: %s\n", why.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) return fail("usage: coroscope_png_check FILE WIDTH HEIGHT [OTHER]");
  const char* path = argv[1];
  const int want_w = std::atoi(argv[2]), want_h = std::atoi(argv[3]);
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load(path, &w, &h, &channels, 3);
  if (!pixels) return fail(std::string(path) + ": " + stbi_failure_reason());
  std::size_t different = 0;
  if (argc == 5) {
    int ow = 0, oh = 0, oc = 0;
    unsigned char* other = stbi_load(argv[4], &ow, &oh, &oc, 3);
    if (!other) {
      stbi_image_free(pixels);
      return fail(std::string(argv[4]) + ": " + stbi_failure_reason());
    }
    if (ow == w && oh == h) {
      const std::size_t count = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
      for (std::size_t i = 0; i < count * 3; i += 3) {
        if (pixels[i] != other[i] || pixels[i + 1] != other[i + 1] || pixels[i + 2] != other[i + 2])
          ++different;
      }
    }
    stbi_image_free(other);
  }
  std::unordered_map<unsigned, std::size_t> counts;
  const std::size_t n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char* p = pixels + i * 3;
    ++counts[(unsigned{p[0]} << 16) | (unsigned{p[1]} << 8) | p[2]];
  }
  stbi_image_free(pixels);

  std::size_t background = 0;
  for (const auto& [colour, count] : counts) {
    if (count > background) background = count;
  }
  const double foreground = n ? 1.0 - static_cast<double>(background) / static_cast<double>(n) : 0;
  std::printf("%s: %dx%d, %zu colours, %.1f%% not background\n", path, w, h, counts.size(),
              foreground * 100.0);
  if (w != want_w || h != want_h) {
    return fail("size is " + std::to_string(w) + "x" + std::to_string(h) + ", wanted " +
                std::to_string(want_w) + "x" + std::to_string(want_h));
  }
  if (counts.size() < kMinColours) {
    return fail("only " + std::to_string(counts.size()) + " colours: looks blank");
  }
  if (foreground < kMinForeground) return fail("almost every pixel is the background");
  if (argc == 5) {
    std::printf("%zu pixels differ from %s\n", different, argv[4]);
    if (different < kMinDifferent) {
      return fail("only " + std::to_string(different) + " pixels differ from " + argv[4] +
                  ": the two screenshots show the same thing");
    }
  }
  return 0;
}
