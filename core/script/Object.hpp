#pragma once
// Object: the heap side of Value, and the built-in containers: str, bytes,
// tuple, list and dict (insertion-ordered, keys compared as Python does).
//
//   Value d(make_dict());
//   d.as<DictObject>()->set(Value(make_str("k")), Value::integer(1));
//   repr(d);                              // "{'k': 1}"
//
// Later parts (functions, classes, instances, generators, greenlets) derive
// from Object the same way.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "script/Value.hpp"

namespace coroscope::script {

class Interp;

struct Object {
  enum class Kind : std::uint8_t {
    Str,
    Bytes,
    Tuple,
    List,
    Dict,
    Function,
    Builtin,
    Class,
    Instance,
    BoundMethod,
    Module,
    Scope,
    Greenlet,
    Generator,
    Other,
    Set,       // SetObject
    Iterator,  // IteratorObject (map, filter, zip, list_iterator...)
    View,      // DictViewObject (dict_keys, dict_values, dict_items)
    Range      // RangeObject
  };
  explicit Object(Kind k) : kind(k) {}
  virtual ~Object() = default;
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  // For kinds Value.cpp does not know (functions, classes, greenlets...):
  // Python's repr(), str() and type(x).__name__.
  virtual std::string repr() const;
  virtual std::string str() const { return repr(); }
  virtual std::string type_name() const { return "object"; }
  virtual bool truthy() const { return true; }
  // clear_refs() drops the values this object holds, to break a reference
  // cycle when its interpreter ends (reference counting has no collector).
  virtual void clear_refs() {}

  std::uint32_t refs = 0;
  Kind kind;
};

// Objects that can take part in a reference cycle (scopes, functions,
// classes, instances, lists, dicts) are tracked while an interpreter runs, so
// that ending it can break the cycles (Interp::end_greenlets): track(o) and
// untrack(o), from their constructor and destructor.
void track(Object* o);
void untrack(Object* o);
// tracking(set) makes set the registry of this thread; returns the previous one.
std::unordered_set<Object*>* tracking(std::unordered_set<Object*>* set);

struct StrObject final : Object {
  static constexpr Kind kKind = Kind::Str;
  explicit StrObject(std::string s) : Object(Kind::Str), text(std::move(s)) {}
  std::string text;  // UTF-8
};

struct BytesObject final : Object {
  static constexpr Kind kKind = Kind::Bytes;
  explicit BytesObject(std::string b) : Object(Kind::Bytes), bytes(std::move(b)) {}
  std::string bytes;
};

struct TupleObject final : Object {
  static constexpr Kind kKind = Kind::Tuple;
  explicit TupleObject(std::vector<Value> v) : Object(Kind::Tuple), items(std::move(v)) {}
  std::vector<Value> items;
};

struct ListObject final : Object {
  static constexpr Kind kKind = Kind::List;
  explicit ListObject(std::vector<Value> v) : Object(Kind::List), items(std::move(v)) {
    track(this);
  }
  ~ListObject() override { untrack(this); }
  std::vector<Value> items;
  void clear_refs() override { std::vector<Value>().swap(items); }
};

// DictObject keeps insertion order (entries, with holes where keys were
// deleted) and an index by hash. Keys must be hashable (callers check).
struct DictObject final : Object {
  static constexpr Kind kKind = Kind::Dict;
  DictObject() : Object(Kind::Dict) { track(this); }
  ~DictObject() override { untrack(this); }
  void clear_refs() override {
    std::vector<Entry>().swap(entries_);
    index_.clear();
    live_ = 0;
  }
  struct Entry {
    Value key, value;
    bool live = true;
  };

  std::optional<Value> get(const Value& key) const;
  void set(const Value& key, Value value);
  bool erase(const Value& key);
  std::size_t size() const { return live_; }
  // for_each(fn) visits the live entries in insertion order.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const Entry& e : entries_) {
      if (e.live) fn(e.key, e.value);
    }
  }

 private:
  std::size_t find(const Value& key, std::int64_t h) const;  // entries_ index or npos
  std::vector<Entry> entries_;
  std::unordered_multimap<std::int64_t, std::size_t> index_;  // hash -> entries_ index
  std::size_t live_ = 0;
};

// SetObject: a Python set, laid out as CPython's setobject.c (open
// addressing, the same probing, resizing and dummies), so that printing or
// iterating a set of ints gives CPython's order. Keys must be hashable
// (callers check).
struct SetObject final : Object {
  static constexpr Kind kKind = Kind::Set;
  SetObject() : Object(Kind::Set), table_(8) { track(this); }
  ~SetObject() override { untrack(this); }
  void clear_refs() override { clear(); }

  bool contains(const Value& key) const;
  void add(const Value& key);
  bool discard(const Value& key);
  // pop(): an item, removed (CPython's "finger" order); the set must not be empty.
  Value pop();
  void clear();
  // update(other): add every item of other (a set: CPython's set_merge order).
  void update(const SetObject& other);
  // presize(n): make room for n more items at once, as CPython does before
  // adding a dict's keys.
  void presize(std::size_t n) {
    if ((fill_ + n) * 5 >= mask_ * 3) resize((used_ + n) * 2);
  }
  std::size_t size() const { return used_; }
  // for_each(fn) visits the items in table order (CPython's iteration order).
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const Entry& e : table_) {
      if (e.state == 1) fn(e.key);
    }
  }
  std::vector<Value> items() const {
    std::vector<Value> out;
    for_each([&](const Value& v) { out.push_back(v); });
    return out;
  }

 private:
  struct Entry {
    Value key;
    std::int64_t hash = 0;
    std::uint8_t state = 0;  // 0 unused, 1 active, 2 dummy (removed)
  };
  void add_entry(const Value& key, std::int64_t hash);
  std::size_t lookup(const Value& key, std::int64_t hash) const;  // index or npos
  void resize(std::size_t minused);
  static void insert_clean(std::vector<Entry>& table, std::size_t mask, const Value& key,
                           std::int64_t hash);
  std::vector<Entry> table_;
  std::size_t mask_ = 7, fill_ = 0, used_ = 0, finger_ = 0;
};

// IteratorObject: an iterator built in C++ (map, filter, zip, enumerate,
// reversed, iter() of a list...): next(in, done) gives the next item, or sets
// done. Interp::iter returns it as it is; Interp::next calls next().
struct IteratorObject : Object {
  static constexpr Kind kKind = Kind::Iterator;
  explicit IteratorObject(std::string type_text)
      : Object(Kind::Iterator), type(std::move(type_text)) {
    track(this);
  }
  ~IteratorObject() override { untrack(this); }
  virtual Value next(Interp& in, bool& done) = 0;
  std::string repr() const override;
  std::string type_name() const override { return type; }
  std::string type;
};

// ItemsIterator: the items it was made with, one at a time (iter() of a
// tuple, str or dict; reversed()).
struct ItemsIterator final : IteratorObject {
  ItemsIterator(std::string type_text, std::vector<Value> v)
      : IteratorObject(std::move(type_text)), items(std::move(v)) {}
  std::vector<Value> items;
  std::size_t at = 0;
  Value next(Interp&, bool& done) override {
    if (at >= items.size()) {
      done = true;
      std::vector<Value>().swap(items);
      at = 0;
      return Value();
    }
    return items[at++];
  }
  void clear_refs() override { std::vector<Value>().swap(items); }
};

// RangeObject: range(start, stop, step): lazy, as in Python 3: for i in
// range(10**9) makes no list.
struct RangeObject final : Object {
  static constexpr Kind kKind = Kind::Range;
  RangeObject(std::int64_t b, std::int64_t e, std::int64_t s)
      : Object(Kind::Range), start(b), stop(e), step(s) {}
  std::int64_t start, stop, step;
  std::int64_t size() const {
    if (step > 0) return start < stop ? (stop - start - 1) / step + 1 : 0;
    return start > stop ? (start - stop - 1) / -step + 1 : 0;
  }
  std::int64_t at(std::int64_t i) const { return start + i * step; }
  bool contains(std::int64_t v) const {
    if (step > 0 ? (v < start || v >= stop) : (v > start || v <= stop)) return false;
    return (v - start) % step == 0;
  }
  std::string repr() const override {
    return "range(" + std::to_string(start) + ", " + std::to_string(stop) +
           (step == 1 ? "" : ", " + std::to_string(step)) + ")";
  }
  std::string type_name() const override { return "range"; }
  bool truthy() const override { return size() > 0; }
};

// DictViewObject: d.keys(), d.values(), d.items(): a live view of the dict.
struct DictViewObject final : Object {
  static constexpr Kind kKind = Kind::View;
  DictViewObject(Value d, char w) : Object(Kind::View), dict(std::move(d)), which(w) {}
  Value dict;  // a DictObject
  char which;  // 'k', 'v' or 'i'
  std::vector<Value> items() const;
  std::size_t size() const { return dict.as<DictObject>()->size(); }
  std::string repr() const override;
  std::string type_name() const override {
    return which == 'k' ? "dict_keys" : which == 'v' ? "dict_values" : "dict_items";
  }
  // (not tracked: it holds a dict, which is, and the dict never holds its views)
  bool truthy() const override { return size() != 0; }
};

StrObject* make_str(std::string s);
BytesObject* make_bytes(std::string b);
TupleObject* make_tuple(std::vector<Value> items);
ListObject* make_list(std::vector<Value> items);
DictObject* make_dict();

// str_value(s) is a new Python str holding s.
inline Value str_value(std::string s) {
  return Value(make_str(std::move(s)));
}

template <class T>
T* Value::as() const {
  Object* o = object();
  return o && o->kind == T::kKind ? static_cast<T*>(o) : nullptr;
}

// destroy(o) deletes an object whose last reference went. Deleting it releases
// what it holds, which may be deleted in turn: past a depth the rest waits in
// a list emptied by the outermost call, so a million nested lists cannot
// overflow a fiber's stack (CPython's "trashcan").
void destroy(Object* o);

inline void Value::retain() const {
  if (kind_ == Kind::Ref) ++o_->refs;
}

inline void Value::release() {
  if (kind_ == Kind::Ref && --o_->refs == 0) destroy(o_);
}

inline Value::Value(Object* o) {
  if (o) {
    kind_ = Kind::Ref;
    o_ = o;
    ++o->refs;
  }
}

// Carried: an object (or None) as a switch carries it in a runtime::Value
// (std::any): one word, so it fits std::any's own buffer and a switch
// allocates nothing (a 16-byte Value would be put on the heap).
class Carried {
 public:
  explicit Carried(const Value& v) : o_(v.object()) {
    if (o_) ++o_->refs;
  }
  Carried(const Carried& c) : o_(c.o_) {
    if (o_) ++o_->refs;
  }
  Carried(Carried&& c) noexcept : o_(std::exchange(c.o_, nullptr)) {}
  Carried& operator=(Carried c) noexcept {
    std::swap(o_, c.o_);
    return *this;
  }
  ~Carried() {
    if (o_ && --o_->refs == 0) destroy(o_);
  }
  Value value() const { return Value(o_); }

 private:
  Object* o_;
};

// carry(v): v as a runtime::Value would hold it (see Carried).
template <class Any>
Any carry(const Value& v) {
  if (v.is_none() || v.is_ref()) return Any(Carried(v));
  return Any(v);
}

}  // namespace coroscope::script
