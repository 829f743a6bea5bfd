#pragma once
// Preview: a short repr of a value for views (the Stacks view's locals),
// made without running any Python: it may be called while the world is
// frozen between two switches, where no script code may run. A script
// class's own __repr__ is never called: its instances show as
// <ClassName object>; containers show their first items and how many more.
//
//   preview(Value(make_str("hello")), 60)          // "'hello'"
//   preview(big_list, 20)                           // "[0, 1, 2, 3, … 9997 more]"

#include <cstddef>
#include <string>

#include "script/Value.hpp"

namespace coroscope::script {

std::string preview(const Value& v, std::size_t max_chars = 60);

}  // namespace coroscope::script
