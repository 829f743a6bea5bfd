#include "script/Value.hpp"

#include <cmath>
#include <functional>
#include <unordered_set>
#include <vector>

#include "runtime/Greenlet.hpp"
#include "script/Limits.hpp"
#include "script/Object.hpp"
#include "script/Repr.hpp"

namespace coroscope::script {

// ---- lifetime ------------------------------------------------------------------------

namespace {
thread_local int t_destroy_depth = 0;
thread_local std::vector<Object*> t_pending;
constexpr int kMaxDestroyDepth = 64;
}  // namespace

void destroy(Object* o) {
  if (t_destroy_depth >= kMaxDestroyDepth) {
    t_pending.push_back(o);
    return;
  }
  ++t_destroy_depth;
  delete o;
  --t_destroy_depth;
  if (t_destroy_depth == 0) {
    while (!t_pending.empty()) {
      Object* next = t_pending.back();
      t_pending.pop_back();
      ++t_destroy_depth;
      delete next;
      --t_destroy_depth;
    }
  }
}

StrObject* make_str(std::string s) {
  return new StrObject(std::move(s));
}
BytesObject* make_bytes(std::string b) {
  return new BytesObject(std::move(b));
}
TupleObject* make_tuple(std::vector<Value> items) {
  return new TupleObject(std::move(items));
}
ListObject* make_list(std::vector<Value> items) {
  return new ListObject(std::move(items));
}
DictObject* make_dict() {
  return new DictObject();
}

// ---- hashing and equality --------------------------------------------------------------

namespace {

// CPython's numeric hash: x mod (2^61 - 1), so equal numbers of any type hash alike.
constexpr std::int64_t kModulus = (std::int64_t{1} << 61) - 1;

std::int64_t hash_int(std::int64_t x) {
  const bool negative = x < 0;
  std::uint64_t m = negative ? ~static_cast<std::uint64_t>(x) + 1 : static_cast<std::uint64_t>(x);
  auto h = static_cast<std::int64_t>(m % static_cast<std::uint64_t>(kModulus));
  if (negative) h = -h;
  return h == -1 ? -2 : h;
}

std::int64_t hash_float(double x) {
  if (std::isinf(x)) return x > 0 ? 314159 : -314159;
  if (std::isnan(x)) return 0;
  int e = 0;
  double m = std::frexp(x, &e);
  int sign = 1;
  if (m < 0) {
    sign = -1;
    m = -m;
  }
  std::uint64_t h = 0;
  while (m) {  // 28 bits at a time, as CPython's _Py_HashDouble
    h = ((h << 28) & static_cast<std::uint64_t>(kModulus)) | h >> (61 - 28);
    m *= 268435456.0;
    e -= 28;
    const auto y = static_cast<std::uint64_t>(m);
    m -= static_cast<double>(y);
    h += y;
    if (h >= static_cast<std::uint64_t>(kModulus)) h -= static_cast<std::uint64_t>(kModulus);
  }
  e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
  h = ((h << e) & static_cast<std::uint64_t>(kModulus)) | h >> (61 - e);
  auto r = static_cast<std::int64_t>(h) * sign;
  return r == -1 ? -2 : r;
}

bool is_number(const Value& v) {
  return v.is_bool() || v.is_int() || v.is_float();
}

bool numbers_equal(const Value& a, const Value& b) {
  if (!a.is_float() && !b.is_float()) return a.as_int() == b.as_int();
  if (a.is_float() && b.is_float()) return a.as_float() == b.as_float();
  const std::int64_t i = a.is_float() ? b.as_int() : a.as_int();
  const double f = a.is_float() ? a.as_float() : b.as_float();
  // Exact, as CPython: a float equals an int only if it is that whole number.
  if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0)) return false;
  return std::trunc(f) == f && static_cast<std::int64_t>(f) == i;
}

bool sequences_equal(const std::vector<Value>& a, const std::vector<Value>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!equals(a[i], b[i])) return false;
  }
  return true;
}

}  // namespace

bool equals(const Value& a, const Value& b) {
  if (is_number(a) || is_number(b)) return is_number(a) && is_number(b) && numbers_equal(a, b);
  if (a.is_none() || b.is_none()) return a.is_none() && b.is_none();
  Object* x = a.object();
  Object* y = b.object();
  if (x == y) return true;
  if (x->kind != y->kind) return false;
  switch (x->kind) {
    case Object::Kind::Str:
      return static_cast<StrObject*>(x)->text == static_cast<StrObject*>(y)->text;
    case Object::Kind::Bytes:
      return static_cast<BytesObject*>(x)->bytes == static_cast<BytesObject*>(y)->bytes;
    case Object::Kind::Tuple:
      return sequences_equal(static_cast<TupleObject*>(x)->items,
                             static_cast<TupleObject*>(y)->items);
    case Object::Kind::List:
      return sequences_equal(static_cast<ListObject*>(x)->items,
                             static_cast<ListObject*>(y)->items);
    case Object::Kind::Dict: {
      auto* d = static_cast<DictObject*>(x);
      auto* e = static_cast<DictObject*>(y);
      if (d->size() != e->size()) return false;
      bool same = true;
      d->for_each([&](const Value& k, const Value& v) {
        if (!same) return;
        std::optional<Value> w = e->get(k);
        same = w && equals(v, *w);
      });
      return same;
    }
    case Object::Kind::Set: {
      auto* d = static_cast<SetObject*>(x);
      auto* e = static_cast<SetObject*>(y);
      if (d->size() != e->size()) return false;
      bool same = true;
      d->for_each([&](const Value& k) { same = same && e->contains(k); });
      return same;
    }
    default:
      return false;
  }
}

std::int64_t hash(const Value& v, bool& hashable) {
  hashable = true;
  switch (v.kind()) {
    case Value::Kind::None:
      return 0x5f3759df;
    case Value::Kind::Bool:
    case Value::Kind::Int:
      return hash_int(v.as_int());
    case Value::Kind::Float: {
      const double f = v.as_float();
      if (std::trunc(f) == f && f >= -9223372036854775808.0 && f < 9223372036854775808.0) {
        return hash_int(static_cast<std::int64_t>(f));
      }
      return hash_float(f);
    }
    case Value::Kind::Ref:
      break;
  }
  Object* o = v.object();
  switch (o->kind) {
    case Object::Kind::Str:
      return static_cast<std::int64_t>(
          std::hash<std::string_view>{}(static_cast<StrObject*>(o)->text));
    case Object::Kind::Bytes:
      return static_cast<std::int64_t>(
          std::hash<std::string_view>{}(static_cast<BytesObject*>(o)->bytes) * 31 + 7);
    case Object::Kind::Tuple: {
      // CPython's tuple hash (xxHash's primes), so sets of tuples keep its order.
      constexpr std::uint64_t p1 = 11400714785074694791ULL, p2 = 14029467366897019727ULL,
                              p5 = 2870177450012600261ULL;
      const auto& items = static_cast<TupleObject*>(o)->items;
      std::uint64_t acc = p5;
      for (const Value& item : items) {
        const std::int64_t ih = hash(item, hashable);
        if (!hashable) return 0;
        acc += static_cast<std::uint64_t>(ih) * p2;
        acc = (acc << 31) | (acc >> 33);
        acc *= p1;
      }
      acc += items.size() ^ (p5 ^ 3527539ULL);
      if (acc == static_cast<std::uint64_t>(-1)) return 1546275796;
      return static_cast<std::int64_t>(acc);
    }
    case Object::Kind::List:
    case Object::Kind::Dict:
    case Object::Kind::Set:
    case Object::Kind::View:
      hashable = false;
      return 0;
    default:
      return static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(o) >> 4);
  }
}

// ---- text --------------------------------------------------------------------------------

namespace {

// t_in_repr: containers being written, so that one holding itself prints [...].
thread_local std::unordered_set<const Object*> t_in_repr;

// check_repr_depth(): a repr nested deeper than the running fiber's stack
// allows (1000 deep off a fiber) raises RecursionError, as CPython does.
void check_repr_depth() {
  const std::uintptr_t bottom = runtime::getcurrent()->stack_bottom();
  const auto sp = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  if (bottom ? sp < bottom + 64 * 1024 : t_in_repr.size() > 1000) {
    throw LimitError("RecursionError",
                     "maximum recursion depth exceeded while getting the repr of an object");
  }
}

template <class Fn>
std::string guarded(const Object* o, const char* recursive, Fn&& fn) {
  check_repr_depth();
  if (!t_in_repr.insert(o).second) return recursive;
  struct Leave {
    const Object* o;
    ~Leave() { t_in_repr.erase(o); }
  } leave{o};
  return fn();
}

std::string join(const std::vector<Value>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += repr(items[i]);
    check_length(double(out.size()), "repr", "characters");
  }
  return out;
}

}  // namespace

std::string repr(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::None:
      return "None";
    case Value::Kind::Bool:
      return v.as_bool() ? "True" : "False";
    case Value::Kind::Int:
      return repr_int(v.as_int());
    case Value::Kind::Float:
      return repr_float(v.as_float());
    case Value::Kind::Ref:
      break;
  }
  Object* o = v.object();
  switch (o->kind) {
    case Object::Kind::Str:
      return repr_str(static_cast<StrObject*>(o)->text);
    case Object::Kind::Bytes:
      return repr_bytes(static_cast<BytesObject*>(o)->bytes);
    case Object::Kind::Tuple: {
      const auto& items = static_cast<TupleObject*>(o)->items;
      return guarded(o, "(...)",
                     [&] { return "(" + join(items) + (items.size() == 1 ? ",)" : ")"); });
    }
    case Object::Kind::List:
      return guarded(o, "[...]",
                     [&] { return "[" + join(static_cast<ListObject*>(o)->items) + "]"; });
    case Object::Kind::Dict:
      return guarded(o, "{...}", [&] {
        std::string out = "{";
        bool first = true;
        static_cast<DictObject*>(o)->for_each([&](const Value& k, const Value& val) {
          if (!first) out += ", ";
          first = false;
          out += repr(k) + ": " + repr(val);
          check_length(double(out.size()), "repr", "characters");
        });
        return out + "}";
      });
    case Object::Kind::Set: {
      auto* set = static_cast<SetObject*>(o);
      if (set->size() == 0) return "set()";
      return guarded(o, "{...}", [&] { return "{" + join(set->items()) + "}"; });
    }
    default:
      break;
  }
  return o->repr();
}

std::string Object::repr() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "<object object at %p>", static_cast<const void*>(this));
  return buf;
}

std::string str(const Value& v) {
  if (StrObject* s = v.as<StrObject>()) return s->text;
  if (Object* o = v.object(); o && o->kind > Object::Kind::Dict && o->kind != Object::Kind::Set)
    return o->str();
  return repr(v);
}

bool truthy(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::None:
      return false;
    case Value::Kind::Bool:
    case Value::Kind::Int:
      return v.as_int() != 0;
    case Value::Kind::Float:
      return v.as_float() != 0.0;
    case Value::Kind::Ref:
      break;
  }
  Object* o = v.object();
  switch (o->kind) {
    case Object::Kind::Str:
      return !static_cast<StrObject*>(o)->text.empty();
    case Object::Kind::Bytes:
      return !static_cast<BytesObject*>(o)->bytes.empty();
    case Object::Kind::Tuple:
      return !static_cast<TupleObject*>(o)->items.empty();
    case Object::Kind::List:
      return !static_cast<ListObject*>(o)->items.empty();
    case Object::Kind::Dict:
      return static_cast<DictObject*>(o)->size() != 0;
    case Object::Kind::Set:
      return static_cast<SetObject*>(o)->size() != 0;
    default:
      return o->truthy();
  }
}

std::string type_name(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::None:
      return "NoneType";
    case Value::Kind::Bool:
      return "bool";
    case Value::Kind::Int:
      return "int";
    case Value::Kind::Float:
      return "float";
    case Value::Kind::Ref:
      break;
  }
  switch (v.object()->kind) {
    case Object::Kind::Str:
      return "str";
    case Object::Kind::Bytes:
      return "bytes";
    case Object::Kind::Tuple:
      return "tuple";
    case Object::Kind::List:
      return "list";
    case Object::Kind::Dict:
      return "dict";
    case Object::Kind::Set:
      return "set";
    default:
      break;
  }
  return v.object()->type_name();
}

// ---- dict --------------------------------------------------------------------------------

std::size_t DictObject::find(const Value& key, std::int64_t h) const {
  auto [begin, end] = index_.equal_range(h);
  for (auto it = begin; it != end; ++it) {
    if (equals(entries_[it->second].key, key)) return it->second;
  }
  return SIZE_MAX;
}

std::optional<Value> DictObject::get(const Value& key) const {
  bool hashable = true;
  const std::int64_t h = hash(key, hashable);
  const std::size_t i = find(key, h);
  if (i == SIZE_MAX) return std::nullopt;
  return entries_[i].value;
}

void DictObject::set(const Value& key, Value value) {
  bool hashable = true;
  const std::int64_t h = hash(key, hashable);
  const std::size_t i = find(key, h);
  if (i != SIZE_MAX) {
    entries_[i].value = std::move(value);  // the first key stays, as in CPython
    return;
  }
  index_.emplace(h, entries_.size());
  entries_.push_back({key, std::move(value), true});
  ++live_;
}

bool DictObject::erase(const Value& key) {
  bool hashable = true;
  const std::int64_t h = hash(key, hashable);
  auto [begin, end] = index_.equal_range(h);
  for (auto it = begin; it != end; ++it) {
    Entry& e = entries_[it->second];
    if (equals(e.key, key)) {
      e = Entry{Value(), Value(), false};
      index_.erase(it);
      --live_;
      return true;
    }
  }
  return false;
}

}  // namespace coroscope::script
