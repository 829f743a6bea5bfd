// The Chrome trace-event export (d): it parses back, names one track per
// greenlet in spawn order, draws one flow arrow per transfer and keeps every
// track's timestamps in order.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/trace/Scenarios.hpp"
#include "trace/ChromeTrace.hpp"

namespace coroscope::trace {
namespace {

using nlohmann::json;
using testing::Lines;
using testing::TraceTest;

json exported(const EventLog& log) {
  std::ostringstream out;
  write_chrome_trace(log, out);
  return json::parse(out.str());  // throws on malformed JSON
}

std::size_t transfers(const EventLog& log) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < log.size(); ++i) n += is_transfer(log[i].kind);
  return n;
}

// check_well_formed(trace, log) checks what every export must satisfy.
void check_well_formed(const json& trace, const EventLog& log) {
  ASSERT_TRUE(trace.contains("traceEvents"));
  const json& events = trace["traceEvents"];
  ASSERT_TRUE(events.is_array());

  // One thread_name per greenlet, in spawn order, on tid = order + 1.
  Lines names;
  std::vector<int> tids;
  for (const json& r : events) {
    if (r["ph"] == "M" && r["name"] == "thread_name") {
      names.push_back(r["args"]["name"]);
      tids.push_back(r["tid"]);
    }
  }
  Lines expected_names;
  std::vector<int> expected_tids;
  for (const GreenletInfo& g : log.greenlets()) {
    expected_names.push_back(g.name);
    expected_tids.push_back(static_cast<int>(g.order) + 1);
  }
  EXPECT_EQ(names, expected_names);
  EXPECT_EQ(tids, expected_tids);

  // Per track, in file order: non-decreasing ts; slices with a duration >= 0.
  std::map<int, double> last_ts;
  std::map<int, std::vector<std::pair<double, double>>> slices;  // tid -> [start, end]
  std::multiset<std::uint64_t> starts, ends;
  std::size_t slice_count = 0;
  for (const json& r : events) {
    if (r["ph"] == "M") continue;
    const int tid = r["tid"];
    const double ts = r["ts"];
    auto [it, added] = last_ts.emplace(tid, ts);
    if (!added) {
      EXPECT_GE(ts, it->second) << r.dump();
      it->second = ts;
    }
    if (r["ph"] == "X") {
      EXPECT_GE(r["dur"].get<double>(), 0.0) << r.dump();
      slices[tid].emplace_back(ts, ts + r["dur"].get<double>());
      ++slice_count;
    }
    if (r["ph"] == "s") starts.insert(r["id"].get<std::uint64_t>());
    if (r["ph"] == "f") {
      EXPECT_EQ(r["bp"], "e");
      ends.insert(r["id"].get<std::uint64_t>());
    }
  }
  EXPECT_EQ(starts.size(), transfers(log));
  EXPECT_EQ(ends.size(), transfers(log));
  EXPECT_EQ(starts, ends) << "every flow that starts ends, with the same id";
  if (transfers(log) > 0) {
    EXPECT_EQ(slice_count, transfers(log) + 1)
        << "one slice before the first transfer, one after each";
  }

  // Every flow end point lies strictly inside a slice of its track.
  for (const json& r : events) {
    if (r["ph"] != "s" && r["ph"] != "f") continue;
    const double ts = r["ts"];
    bool inside = false;
    for (auto [a, b] : slices[r["tid"].get<int>()]) inside |= a < ts && ts < b;
    EXPECT_TRUE(inside) << r.dump();
  }
}

TEST_F(TraceTest, ChromeExportOfGeventSleep) {
  EventLog log;
  record_gevent_sleep(log);
  const json trace = exported(log);
  check_well_formed(trace, log);
  EXPECT_EQ(transfers(log), 12u);

  // Virtual time: the hub clock advanced, so foo's timer fires at 1 s = 1e6 µs.
  const json* fired = nullptr;
  std::size_t instants = 0;
  for (const json& r : trace["traceEvents"]) {
    if (r["ph"] != "i") continue;
    ++instants;
    EXPECT_EQ(r["s"], "t");
    if (r["name"] == "timer fired" && !fired) fired = &r;
  }
  EXPECT_EQ(instants, log.size() - transfers(log));
  ASSERT_NE(fired, nullptr);
  EXPECT_EQ((*fired)["ts"].get<double>(), 1e6);
  EXPECT_EQ((*fired)["tid"], 3) << "on foo's track (main 1, hub 2, foo 3)";
  EXPECT_EQ((*fired)["args"]["deadline"].get<double>(), 1.0);

  // The first slice is main's, from 0 to the switch into the hub.
  for (const json& r : trace["traceEvents"]) {
    if (r["ph"] != "X") continue;
    EXPECT_EQ(r["name"], "main");
    EXPECT_EQ(r["ts"].get<double>(), 0.0);
    break;
  }
}

TEST_F(TraceTest, ChromeExportOnWallTime) {
  EventLog log;
  record_ping_pong(log);
  log.record_print(*runtime::getcurrent(), "quote \" and\nnewline");
  log.record_print(*runtime::getcurrent(), "not UTF-8: \xff");
  const json trace = exported(log);
  check_well_formed(trace, log);
  Lines printed;
  for (const json& r : trace["traceEvents"]) {
    if (r["ph"] == "i" && r["name"] == "print") printed.push_back(r["args"]["text"]);
  }
  EXPECT_EQ(printed, (Lines{"quote \" and\nnewline", "not UTF-8: \uFFFD"}));
}

TEST_F(TraceTest, ChromeExportOfEmptyLog) {
  EventLog log;
  const json trace = exported(log);
  ASSERT_TRUE(trace["traceEvents"].is_array());
  EXPECT_EQ(trace["traceEvents"].size(), 1u) << "the process name only";
}

}  // namespace
}  // namespace coroscope::trace
