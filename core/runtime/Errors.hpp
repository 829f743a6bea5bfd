#pragma once
// The exceptions of greenlet semantics. They are thrown only inside greenlet
// operations (switch_to, throw_into, parent) and cross a fiber boundary only as
// std::exception_ptr. Each maps to the Python exception the script layer raises.

#include <stdexcept>

namespace coroscope::runtime {

// GreenletExit is thrown into a greenlet to end it (throw_into() with no
// argument, or dropping the last reference to a suspended greenlet). If it
// escapes run(), the parent receives the GreenletExit object as a switch value,
// not as an exception. Python's GreenletExit is a BaseException, not an Exception.
class GreenletExit : public std::exception {
 public:
  const char* what() const noexcept override { return "GreenletExit"; }
};

// GreenletError is greenlet.error: a switch across worlds (threads).
class GreenletError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// AttributeError mirrors Python's: "run" read or set at the wrong time, or the
// parent of a main greenlet set.
class AttributeError : public std::logic_error {
  using std::logic_error::logic_error;
};

// CyclicParentError is Python's "ValueError: cyclic parent chain".
class CyclicParentError : public std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// StackError: a fiber stack could not be mapped or guarded.
class StackError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace coroscope::runtime
