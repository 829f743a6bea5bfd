#include "views/Highlight.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace coroscope::app::views {

namespace {

constexpr std::array<std::string_view, 35> kKeywords = {
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};

constexpr std::array<std::string_view, 24> kBuiltins = {
    "print", "range", "len",   "str",   "int",        "float",     "list", "dict",
    "set",   "tuple", "input", "super", "isinstance", "enumerate", "zip",  "sorted",
    "min",   "max",   "sum",   "abs",   "repr",       "type",      "self", "Exception"};

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

}  // namespace

std::vector<Span> highlight(std::string_view line) {
  std::vector<Span> out;
  auto add = [&](std::size_t b, std::size_t e, SpanKind k) {
    if (!out.empty() && out.back().kind == k && out.back().end == b) {
      out.back().end = e;
    } else {
      out.push_back({b, e, k});
    }
  };
  std::size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == '#') {
      add(i, line.size(), SpanKind::Comment);
      break;
    }
    if (c == '\'' || c == '"') {
      // A prefix (f, b, r) was coloured as a word just before: fine.
      const bool triple = i + 2 < line.size() && line[i + 1] == c && line[i + 2] == c;
      const std::size_t quote = triple ? 3 : 1;
      std::size_t j = i + quote;
      while (j < line.size()) {
        if (line[j] == '\\') {
          j += 2;
          continue;
        }
        if (line[j] == c && (!triple || line.substr(j, 3) == std::string(3, c))) {
          j += quote;
          break;
        }
        ++j;
      }
      j = std::min(j, line.size());
      add(i, j, SpanKind::String);
      i = j;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && i + 1 < line.size() &&
         std::isdigit(static_cast<unsigned char>(line[i + 1])))) {
      std::size_t j = i;
      while (j < line.size() && (word_char(line[j]) || line[j] == '.')) ++j;
      add(i, j, SpanKind::Number);
      i = j;
      continue;
    }
    if (word_char(c)) {
      std::size_t j = i;
      while (j < line.size() && word_char(line[j])) ++j;
      const std::string_view w = line.substr(i, j - i);
      const bool string_prefix = j < line.size() && (line[j] == '\'' || line[j] == '"') &&
                                 w.size() <= 2 && w.find_first_not_of("fbrFBRuU") == w.npos;
      add(i, j,
          string_prefix            ? SpanKind::String
          : contains(kKeywords, w) ? SpanKind::Keyword
          : contains(kBuiltins, w) ? SpanKind::Builtin
                                   : SpanKind::Plain);
      i = j;
      continue;
    }
    add(i, i + 1, SpanKind::Plain);
    ++i;
  }
  return out;
}

}  // namespace coroscope::app::views
