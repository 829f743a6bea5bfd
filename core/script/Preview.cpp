#include "script/Preview.hpp"

#include <vector>

#include "script/Interp.hpp"
#include "script/Object.hpp"
#include "script/Repr.hpp"

namespace coroscope::script {

namespace {

// Budget: what is left of max_chars; a container stops adding items when it is spent.
void add(std::string& out, const Value& v, std::size_t budget, int depth);

void items(std::string& out, const std::vector<Value>& xs, std::size_t budget, int depth,
           const char* open, const char* close) {
  out += open;
  std::size_t shown = 0;
  for (const Value& x : xs) {
    if (out.size() >= budget || depth > 2) break;
    if (shown) out += ", ";
    add(out, x, budget, depth + 1);
    ++shown;
  }
  if (shown < xs.size())
    out += (shown ? ", … " : "… ") + std::to_string(xs.size() - shown) + " more";
  if (xs.size() == 1 && std::string(open) == "(") out += ",";
  out += close;
}

void add(std::string& out, const Value& v, std::size_t budget, int depth) {
  const Object* o = v.object();
  if (!o) {
    out += repr(v);  // None, bools, ints, floats: short, and no Python runs
    return;
  }
  switch (o->kind) {
    case Object::Kind::Str: {
      const std::string& text = static_cast<const StrObject*>(o)->text;
      const std::size_t room = budget > out.size() + 2 ? budget - out.size() - 2 : 1;
      out += text.size() <= room ? repr_str(text) : repr_str(text.substr(0, room)) + "…";
      return;
    }
    case Object::Kind::Bytes:
      out += repr_bytes(static_cast<const BytesObject*>(o)->bytes.substr(0, 40));
      return;
    case Object::Kind::Tuple:
      items(out, static_cast<const TupleObject*>(o)->items, budget, depth, "(", ")");
      return;
    case Object::Kind::List:
      items(out, static_cast<const ListObject*>(o)->items, budget, depth, "[", "]");
      return;
    case Object::Kind::Dict: {
      const auto* d = static_cast<const DictObject*>(o);
      out += "{";
      std::size_t shown = 0;
      d->for_each([&](const Value& k, const Value& x) {
        if (out.size() >= budget || depth > 2) return;
        if (shown) out += ", ";
        add(out, k, budget, depth + 1);
        out += ": ";
        add(out, x, budget, depth + 1);
        ++shown;
      });
      if (shown < d->size())
        out += (shown ? ", … " : "… ") + std::to_string(d->size() - shown) + " more";
      out += "}";
      return;
    }
    case Object::Kind::Instance:
      out += "<" + static_cast<const InstanceObject*>(o)->type_name() + " object>";
      return;
    case Object::Kind::Function:
    case Object::Kind::Builtin:
    case Object::Kind::Class:
    case Object::Kind::Module:
    case Object::Kind::Greenlet:
    case Object::Kind::Generator:
    case Object::Kind::Range:
      out += o->repr();  // C++ reprs: names and addresses, never a script's code
      return;
    default:
      out += "<" + o->type_name() + ">";
      return;
  }
}

}  // namespace

std::string preview(const Value& v, std::size_t max_chars) {
  std::string out;
  add(out, v, max_chars, 0);
  return out;
}

}  // namespace coroscope::script
