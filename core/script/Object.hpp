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
#include <vector>

#include "script/Value.hpp"

namespace coroscope::script {

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
    Other
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

}  // namespace coroscope::script
