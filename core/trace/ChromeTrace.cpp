#include "trace/ChromeTrace.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

namespace coroscope::trace {

namespace {

using nlohmann::json;

constexpr double kStep = 0.002;        // µs between two events at least (2 ns)
constexpr double kFlowOffset = 0.001;  // a flow leaves just before, lands just after
constexpr int kPid = 1;

// Records writes the traceEvents array one record at a time, so a long log
// never becomes one big json value.
class Records {
 public:
  explicit Records(std::ostream& out) : out_(out) {}
  void add(const json& record) {
    // Printed text need not be UTF-8: invalid bytes become U+FFFD instead of throwing.
    out_ << (first_ ? "\n" : ",\n") << record.dump(-1, ' ', false, json::error_handler_t::replace);
    first_ = false;
  }

 private:
  std::ostream& out_;
  bool first_ = true;
};

// timestamps(log) applies the header's time rule; the extra last entry is where
// the last slice ends.
std::vector<double> timestamps(const EventLog& log) {
  const std::size_t n = log.size();
  bool use_virtual = false;
  for (std::size_t i = 1; i < n && !use_virtual; ++i) {
    use_virtual = log.event(i).time != log.event(0).time;
  }
  std::vector<double> ts(n + 1);
  double prev = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Event& e = log.event(i);
    const double base = use_virtual ? e.time * 1e6 : static_cast<double>(log.wall_ns(e)) / 1e3;
    prev = ts[i] = std::max(base, prev + kStep);
  }
  ts[n] = prev + kStep;
  return ts;
}

json instant_args(const EventLog& log, const Event& e) {
  json args = json::object();
  args["event"] = log.describe(e);
  const std::string_view text = log.text(e.text);
  if (!text.empty()) args[e.kind == Kind::Print ? "text" : "what"] = text;
  if (!std::isnan(e.deadline)) args["deadline"] = e.deadline;
  if (e.kind == Kind::Line) args["line"] = e.number;
  if ((e.kind == Kind::IoWait || e.kind == Kind::IoReady) && e.number >= 0) args["fd"] = e.number;
  if (const std::string_view detail = log.text(e.detail); !detail.empty()) args["io"] = detail;
  args["virtual_time"] = e.time;
  return args;
}

}  // namespace

void write_chrome_trace(const EventLog& log, std::ostream& out) {
  const std::size_t n = log.size();
  const std::vector<double> ts = timestamps(log);
  auto tid = [&](std::uint32_t id) -> std::uint32_t {
    const GreenletInfo* info = log.greenlet_info(id);
    return info ? info->order + 1 : 0;
  };

  out << R"({"displayTimeUnit":"ns","otherData":{"producer":"coroscope"},"traceEvents":[)";
  Records records(out);
  records.add(
      {{"ph", "M"}, {"pid", kPid}, {"name", "process_name"}, {"args", {{"name", "coroscope"}}}});
  for (const GreenletInfo& g : log.greenlets()) {
    records.add({{"ph", "M"},
                 {"pid", kPid},
                 {"tid", g.order + 1},
                 {"name", "thread_name"},
                 {"args", {{"name", g.name}}}});
    records.add({{"ph", "M"},
                 {"pid", kPid},
                 {"tid", g.order + 1},
                 {"name", "thread_sort_index"},
                 {"args", {{"sort_index", g.order}}}});
  }

  // slice_end[i]: for a transfer i, when its target's slice ends (the next transfer).
  std::vector<double> slice_end(n);
  double next = ts[n];
  std::size_t first_transfer = n;
  for (std::size_t i = n; i-- > 0;) {
    if (!is_transfer(log.event(i).kind)) continue;
    slice_end[i] = next;
    next = ts[i];
    first_transfer = i;
  }
  auto slice = [&](std::uint32_t id, double start, double end, std::size_t seq) {
    records.add({{"ph", "X"},
                 {"pid", kPid},
                 {"tid", tid(id)},
                 {"name", log.name(id)},
                 {"cat", "greenlet"},
                 {"ts", start},
                 {"dur", end - start},
                 {"args", {{"greenlet", id}, {"from_seq", seq}}}});
  };

  // Whoever makes the first transfer has held the CPU since the start.
  std::uint32_t running = kNoGreenlet;
  if (first_transfer < n) {
    running = log.event(first_transfer).greenlet;
    slice(running, 0.0, ts[first_transfer], 0);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const Event& e = log.event(i);
    if (is_transfer(e.kind)) {
      const char* word = to_string(e.kind);
      records.add({{"ph", "s"},
                   {"pid", kPid},
                   {"tid", tid(e.greenlet)},
                   {"name", word},
                   {"cat", "switch"},
                   {"id", i},
                   {"ts", ts[i] - kFlowOffset}});
      slice(e.target, ts[i], slice_end[i], i);
      records.add({{"ph", "f"},
                   {"bp", "e"},
                   {"pid", kPid},
                   {"tid", tid(e.target)},
                   {"name", word},
                   {"cat", "switch"},
                   {"id", i},
                   {"ts", ts[i] + kFlowOffset}});
      running = e.target;
      continue;
    }
    const std::uint32_t on = e.greenlet != kNoGreenlet ? e.greenlet : running;
    json args = instant_args(log, e);
    args["seq"] = i;
    records.add({{"ph", "i"},
                 {"s", "t"},
                 {"pid", kPid},
                 {"tid", tid(on)},
                 {"name", to_string(e.kind)},
                 {"cat", "sched"},
                 {"ts", ts[i]},
                 {"args", std::move(args)}});
  }
  out << "\n]}\n";
}

}  // namespace coroscope::trace
