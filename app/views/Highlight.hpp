#pragma once
// Highlight: Python syntax colours for one source line, for the Source view.
//
//   for (const Span& s : highlight("def f(x):  # hi")) draw(s.begin, s.end, s.kind);
//
// A line-at-a-time scanner: keywords, builtins, strings, numbers, comments.
// A string spanning lines (triple quotes) is coloured on its first line only;
// good enough for the lessons, and it never fails on any input.

#include <string_view>
#include <vector>

namespace coroscope::app::views {

enum class SpanKind { Plain, Keyword, Builtin, String, Number, Comment };

struct Span {
  std::size_t begin = 0, end = 0;  // byte offsets into the line
  SpanKind kind = SpanKind::Plain;
};

std::vector<Span> highlight(std::string_view line);

}  // namespace coroscope::app::views
