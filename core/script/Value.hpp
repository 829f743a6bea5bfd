#pragma once
// Value: one Python value, 16 bytes. None, bools, ints (64-bit) and floats are
// held inline; everything else is a reference-counted Object, released the
// moment its last Value goes, as in CPython (which is what makes dropping the
// last reference to a suspended greenlet kill it at once).
//
//   Value n = Value::integer(42), s = Value(make_str("hi"));
//   Value t = Value(make_tuple({n, s}));
//   repr(t);                      // "(42, 'hi')"
//   equals(Value::integer(1), Value::real(1.0));   // true, and hash() agrees
//
// Objects are used by one thread (their world's); reference counts are plain.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace coroscope::script {

struct Object;

class Value {
 public:
  enum class Kind : std::uint8_t { None, Bool, Int, Float, Ref };

  Value() = default;          // None
  explicit Value(Object* o);  // takes a new reference to o (null: None)
  static Value boolean(bool b) {
    Value v;
    v.kind_ = Kind::Bool;
    v.i_ = b;
    return v;
  }
  static Value integer(std::int64_t i) {
    Value v;
    v.kind_ = Kind::Int;
    v.i_ = i;
    return v;
  }
  static Value real(double f) {
    Value v;
    v.kind_ = Kind::Float;
    v.f_ = f;
    return v;
  }

  Value(const Value& o) : kind_(o.kind_), i_(o.i_) { retain(); }
  Value(Value&& o) noexcept : kind_(o.kind_), i_(o.i_) { o.kind_ = Kind::None; }
  Value& operator=(Value o) noexcept {
    std::swap(kind_, o.kind_);
    std::swap(i_, o.i_);
    return *this;
  }
  ~Value() { release(); }

  Kind kind() const { return kind_; }
  bool is_none() const { return kind_ == Kind::None; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_int() const { return kind_ == Kind::Int; }
  bool is_float() const { return kind_ == Kind::Float; }
  bool is_ref() const { return kind_ == Kind::Ref; }
  bool as_bool() const { return i_ != 0; }
  std::int64_t as_int() const { return i_; }  // also a bool's 0 / 1
  double as_float() const { return f_; }
  Object* object() const { return kind_ == Kind::Ref ? o_ : nullptr; }
  // as<T>() is the object as T when it is one, else null.
  template <class T>
  T* as() const;

 private:
  void retain() const;
  void release();

  Kind kind_ = Kind::None;
  union {
    std::int64_t i_ = 0;
    double f_;
    Object* o_;
  };
};

// Python's operations on any value.
std::string repr(const Value& v);
std::string str(const Value& v);
bool truthy(const Value& v);
// equals(a, b) is ==, numbers compared across int, float and bool.
bool equals(const Value& a, const Value& b);
// hash(v) agrees with equals (1, 1.0 and True hash alike, as in CPython);
// false in hashable when v cannot be hashed (a list, a dict).
std::int64_t hash(const Value& v, bool& hashable);
// type_name(v) is Python's type(v).__name__ for the built-in kinds.
std::string type_name(const Value& v);

}  // namespace coroscope::script
