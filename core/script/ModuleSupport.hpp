#pragma once
// ModuleSupport: small helpers shared by the files that build the builtins
// and the modules (BuiltinFunctions.cpp, Modules.cpp, ModuleText.cpp).
#include <string>
#include <vector>

#include "script/Interp.hpp"

namespace coroscope::script {

// number(in, v, what): v as a double (int, bool or float), else a TypeError.
inline double number(Interp& in, const Value& v, const char* what) {
  if (v.is_float()) return v.as_float();
  if (v.is_int() || v.is_bool()) return static_cast<double>(v.as_int());
  in.raise("TypeError", std::string(what) + ": must be real number, not " + type_name(v));
}

// SuperRef: what super() returns: the class to look past, and self.
struct SuperRef {
  Value cls, self;
};

// new_class(name, bases, module): a class the interpreter defines.
inline ClassObject* new_class(std::string name, std::vector<Value> bases,
                              std::string module = "builtins") {
  auto* c = new ClassObject();
  c->name = std::move(name);
  c->module = std::move(module);
  c->bases = std::move(bases);
  return c;
}

}  // namespace coroscope::script
