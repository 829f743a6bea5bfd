#pragma once
// Reporting what goes wrong inside the hub the way gevent does: a
// traceback-like text, then "<timestamp> <Greenlet at 0x..: name> failed with E".
//
//   describe(e)                      // {"std::runtime_error", "boom"}
//   report_failure(hub, g, e);       // to hub.exception_stream()
//   run_guarded(hub, fn);            // fn() in the hub; its error is reported, not thrown

#include <exception>
#include <functional>
#include <string>

namespace coroscope::runtime {
class Greenlet;
}

namespace coroscope::hub {

class Hub;

struct ErrorText {
  std::string type;     // the exception's type name, demangled
  std::string message;  // what()
};
ErrorText describe(const std::exception_ptr& e);

// utc_timestamp(): now, as gevent stamps a report: 2026-11-30T09:22:07Z.
std::string utc_timestamp();

// report_failure() writes gevent's report of g's uncaught exception, or has
// the hub's failure reporter write it.
void report_failure(Hub& hub, const runtime::Greenlet& g, const std::exception_ptr& e);

// run_guarded() runs fn in the hub. An exception fn raises is reported and
// swallowed, so a bad callback cannot stop the loop, except GreenletExit and
// Boost's forced_unwind, which end the hub itself.
void run_guarded(Hub& hub, const std::function<void()>& fn);

}  // namespace coroscope::hub
