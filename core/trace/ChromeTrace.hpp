#pragma once
// ChromeTrace: an EventLog as Chrome trace-event JSON (opens in Perfetto and chrome://tracing).
//
//   std::ofstream out("run.json");
//   trace::write_chrome_trace(log, out);
//
// Layout: one process; one track (tid = spawn order + 1) per greenlet, named by
// "M" thread_name / thread_sort_index records in spawn order. A complete slice
// ("X", named after the greenlet) covers each stretch a greenlet holds the CPU:
// from the transfer into it to the next transfer (the greenlet running before
// the first transfer holds it from 0). Every transfer is a flow arrow: "s" on
// the origin's track just before the transfer, "f" (bound to the enclosing
// slice) on the target's just after; the flow id is the event's sequence number.
// Every other event is an instant ("i", scope "t") on its greenlet's track (on
// the running greenlet's when it has none), with its text, fd, line or deadline
// in args; a socket wait also has "io", what the wait is (trace/IoDetail.hpp).
//
// Time rule: ts (microseconds) is the hub's virtual time if it ever changed
// during the log, else the wall time since the log started. Virtual time stands
// still while greenlets run, so every event is placed at least 2 ns after the
// one before: ts[i] = max(base[i], ts[i-1] + 0.002), ts[-1] = 0. Timestamps thus
// follow the log's order, strictly increasing on every track and across them,
// and the records are written in ts order.

#include <iosfwd>

#include "trace/EventLog.hpp"

namespace coroscope::trace {

void write_chrome_trace(const EventLog& log, std::ostream& out);

}  // namespace coroscope::trace
