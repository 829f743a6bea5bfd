#include "hub/Report.hpp"

#include <cxxabi.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <ostream>

#include "hub/Hub.hpp"

namespace coroscope::hub {

namespace {
std::string demangle(const char* name) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> out(abi::__cxa_demangle(name, nullptr, nullptr, &status),
                                             std::free);
  return status == 0 && out ? out.get() : name;
}
}  // namespace

std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

ErrorText describe(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return {demangle(typeid(x).name()), x.what()};
  } catch (...) {
    const std::type_info* t = abi::__cxa_current_exception_type();
    return {t ? demangle(t->name()) : "unknown", ""};
  }
}

void report_failure(Hub& hub, const runtime::Greenlet& g, const std::exception_ptr& e) {
  if (hub.failure_reporter() && hub.failure_reporter()(g, e)) return;
  const ErrorText err = describe(e);
  std::ostream& out = hub.exception_stream();
  out << "Traceback (most recent call last):\n"
      << "  File \"<greenlet " << g.name() << ">\", in run\n"
      << err.type << (err.message.empty() ? "" : ": ") << err.message << '\n'
      << utc_timestamp() << " <Greenlet at " << static_cast<const void*>(&g) << ": " << g.name()
      << "> failed with " << err.type << "\n\n";
  out.flush();
}

void run_guarded(Hub& hub, const std::function<void()>& fn) {
  try {
    fn();
  } catch (const boost::context::detail::forced_unwind&) {
    throw;
  } catch (const runtime::GreenletExit&) {
    throw;  // the hub itself is being killed
  } catch (...) {
    report_failure(hub, hub, std::current_exception());
  }
}

}  // namespace coroscope::hub
