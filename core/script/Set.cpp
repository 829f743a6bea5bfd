// Set: SetObject (CPython's setobject.c table, for its iteration order),
// and the text of the iterator and dict view objects.
#include <cstdio>

#include "script/Object.hpp"
#include "script/Repr.hpp"

namespace coroscope::script {

namespace {
constexpr std::size_t kLinearProbes = 9;
constexpr int kPerturbShift = 5;

std::int64_t hash_of(const Value& key) {
  bool hashable = true;
  return hash(key, hashable);
}
}  // namespace

std::size_t SetObject::lookup(const Value& key, std::int64_t hash) const {
  std::size_t i = static_cast<std::size_t>(hash) & mask_;
  std::size_t perturb = static_cast<std::size_t>(hash);
  for (;;) {
    std::size_t probes = i + kLinearProbes <= mask_ ? kLinearProbes : 0;
    std::size_t j = i;
    for (;;) {
      const Entry& e = table_[j];
      if (e.state == 0) return SIZE_MAX;
      if (e.state == 1 && e.hash == hash && equals(e.key, key)) return j;
      if (probes-- == 0) break;
      ++j;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask_;
  }
}

void SetObject::insert_clean(std::vector<Entry>& table, std::size_t mask, const Value& key,
                             std::int64_t hash) {
  std::size_t i = static_cast<std::size_t>(hash) & mask;
  std::size_t perturb = static_cast<std::size_t>(hash);
  for (;;) {
    std::size_t j = i;
    if (table[j].state == 0) {
      table[j] = Entry{key, hash, 1};
      return;
    }
    if (i + kLinearProbes <= mask) {
      for (std::size_t k = 0; k < kLinearProbes; ++k) {
        ++j;
        if (table[j].state == 0) {
          table[j] = Entry{key, hash, 1};
          return;
        }
      }
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

void SetObject::resize(std::size_t minused) {
  std::size_t size = 8;
  while (size <= minused) size <<= 1;
  std::vector<Entry> old(size);
  old.swap(table_);
  mask_ = size - 1;
  for (const Entry& e : old) {
    if (e.state == 1) insert_clean(table_, mask_, e.key, e.hash);
  }
  fill_ = used_;
}

void SetObject::add_entry(const Value& key, std::int64_t hash) {
  std::size_t i = static_cast<std::size_t>(hash) & mask_;
  std::size_t perturb = static_cast<std::size_t>(hash);
  for (;;) {
    std::size_t probes = i + kLinearProbes <= mask_ ? kLinearProbes : 0;
    std::size_t j = i;
    for (;;) {
      Entry& e = table_[j];
      if (e.state == 0) {
        e = Entry{key, hash, 1};
        ++fill_;
        ++used_;
        if (fill_ * 5 >= mask_ * 3) resize(used_ > 50000 ? used_ * 2 : used_ * 4);
        return;
      }
      if (e.state == 1 && e.hash == hash && equals(e.key, key)) return;
      if (probes-- == 0) break;
      ++j;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask_;
  }
}

bool SetObject::contains(const Value& key) const {
  return lookup(key, hash_of(key)) != SIZE_MAX;
}

void SetObject::add(const Value& key) {
  add_entry(key, hash_of(key));
}

bool SetObject::discard(const Value& key) {
  const std::size_t i = lookup(key, hash_of(key));
  if (i == SIZE_MAX) return false;
  table_[i] = Entry{Value(), -1, 2};
  --used_;
  return true;
}

Value SetObject::pop() {
  std::size_t i = finger_ & mask_;
  while (table_[i].state != 1) i = (i + 1) & mask_;
  Value key = std::move(table_[i].key);
  table_[i] = Entry{Value(), -1, 2};
  --used_;
  finger_ = i + 1;
  return key;
}

void SetObject::clear() {
  std::vector<Entry> gone(8);
  gone.swap(table_);
  mask_ = 7;
  fill_ = used_ = 0;
}

void SetObject::update(const SetObject& other) {
  if (&other == this || other.used_ == 0) return;
  if ((fill_ + other.used_) * 5 >= mask_ * 3) resize((used_ + other.used_) * 2);
  if (fill_ == 0 && mask_ == other.mask_ && other.fill_ == other.used_) {
    table_ = other.table_;
    fill_ = other.fill_;
    used_ = other.used_;
    return;
  }
  if (fill_ == 0) {
    fill_ = used_ = other.used_;
    for (const Entry& e : other.table_) {
      if (e.state == 1) insert_clean(table_, mask_, e.key, e.hash);
    }
    return;
  }
  const std::vector<Entry> copy = other.table_;  // add_entry may not change other (it is not this)
  for (const Entry& e : copy) {
    if (e.state == 1) add_entry(e.key, e.hash);
  }
}

std::string IteratorObject::repr() const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "<%s object at %p>", type.c_str(), static_cast<const void*>(this));
  return buf;
}

std::vector<Value> DictViewObject::items() const {
  std::vector<Value> out;
  dict.as<DictObject>()->for_each([&](const Value& k, const Value& v) {
    out.push_back(which == 'k' ? k : which == 'v' ? v : Value(make_tuple({k, v})));
  });
  return out;
}

std::string DictViewObject::repr() const {
  return type_name() + "(" + script::repr(Value(make_list(items()))) + ")";
}

}  // namespace coroscope::script
