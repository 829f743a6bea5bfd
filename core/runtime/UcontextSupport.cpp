// Boost.Context's ucontext backend (used by sanitizer builds, see
// cmake/CoroscopeOptions.cmake) declares one function that lives in Boost's
// compiled library: fiber_activation_record::current(), the record of the
// context running on this thread. Debian builds libboost_context for the
// fcontext backend only, so a ucontext build must provide it; this is it.
#if defined(BOOST_USE_UCONTEXT)

#include <boost/context/fiber.hpp>

namespace boost::context::detail {

namespace {
// ThreadRecords is per thread: the record of the thread's own stack (the
// main context), and which record runs now.
struct ThreadRecords {
  fiber_activation_record main_context;  // main_ctx is true for a default-made record
  fiber_activation_record* running = &main_context;
};
}  // namespace

fiber_activation_record*& fiber_activation_record::current() noexcept {
  thread_local ThreadRecords records;
  return records.running;
}

}  // namespace boost::context::detail

#endif
