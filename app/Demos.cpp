#include "Demos.hpp"

#include "EmbeddedDemos.hpp"

namespace coroscope::app {

namespace {
// summary_of(source): the opening comment's lines ("# ..."), joined into one.
std::string summary_of(std::string_view source) {
  std::string out;
  while (source.starts_with("#")) {
    const std::size_t end = source.find('\n');
    std::string_view line =
        source.substr(1, end == std::string_view::npos ? source.size() - 1 : end - 1);
    while (line.starts_with(' ')) line.remove_prefix(1);
    out += (out.empty() ? "" : " ") + std::string(line);
    if (end == std::string_view::npos) break;
    source.remove_prefix(end + 1);
  }
  return out;
}
// level_of(name): where a lesson sits in the article's order; new demos
// without a level say so rather than guess.
std::string level_of(std::string_view name) {
  static const std::pair<std::string_view, const char*> levels[] = {
      {"pingpong", "1 · first steps"},    {"producer_consumer", "1 · first steps"},
      {"gevent_sleep", "2 · the hub"},    {"blocking_sleep", "2 · the hub"},
      {"many_greenlets", "3 · at scale"}, {"crawl", "4 · real I/O"},
      {"echo_server", "4 · real I/O"},
  };
  for (const auto& [n, level] : levels) {
    if (n == name) return level;
  }
  return "–";
}

// port_of(name): a server demo's default port, as its script has it.
int port_of(std::string_view name) {
  return name == "echo_server" ? 8001 : 0;
}

}  // namespace

const std::vector<Demo>& demos() {
  static const std::vector<Demo> all = [] {
    std::vector<Demo> v;
    for (const embedded_demos::EmbeddedDemo& d : embedded_demos::kEmbedded) {
      v.push_back({d.name, d.source, summary_of(d.source), level_of(d.name), port_of(d.name)});
    }
    return v;
  }();
  return all;
}

const Demo* find_demo(std::string_view name) {
  for (const Demo& d : demos()) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

}  // namespace coroscope::app
