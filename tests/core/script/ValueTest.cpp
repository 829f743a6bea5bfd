// Values and the built-in containers: repr, equality across numeric types,
// hashing that agrees with it (CPython's numeric hash), dict order, and
// releasing deep structures without deep recursion. Expected text and hashes
// were printed by /usr/bin/python3.
#include <gtest/gtest.h>

#include <cmath>

#include "runtime/Greenlet.hpp"
#include "script/Object.hpp"

namespace coroscope::script {
namespace {

Value s(const char* text) {
  return Value(make_str(text));
}
Value i(std::int64_t v) {
  return Value::integer(v);
}
Value list(std::vector<Value> items) {
  return Value(make_list(std::move(items)));
}
Value tuple(std::vector<Value> items) {
  return Value(make_tuple(std::move(items)));
}

TEST(ValueTest, ReprOfNestedContainers) {
  Value d(make_dict());
  d.as<DictObject>()->set(s("k"), list({Value(), Value::boolean(true)}));
  const Value v =
      list({i(1), s("a"), tuple({i(2)}), tuple({}), d, Value::real(1.0), Value::real(-0.0)});
  EXPECT_EQ(repr(v), "[1, 'a', (2,), (), {'k': [None, True]}, 1.0, -0.0]");
  EXPECT_EQ(repr(Value(make_dict())), "{}");
  EXPECT_EQ(repr(list({list({})})), "[[]]");
  EXPECT_EQ(repr(Value(make_bytes("it's"))), "b\"it's\"");
  EXPECT_EQ(str(s("plain")), "plain");
}

TEST(ValueTest, AListHoldingItselfPrintsDots) {
  Value l = list({i(1)});
  l.as<ListObject>()->items.push_back(l);
  EXPECT_EQ(repr(l), "[1, [...]]");
  l.as<ListObject>()->items.clear();  // break the cycle: refcounting has no collector
}

TEST(ValueTest, NumbersCompareAndHashAcrossTypes) {
  EXPECT_TRUE(equals(i(1), Value::real(1.0)));
  EXPECT_TRUE(equals(Value::boolean(true), i(1)));
  EXPECT_FALSE(equals(i(1), s("1")));
  EXPECT_FALSE(equals(list({i(1)}), tuple({i(1)})));
  EXPECT_TRUE(equals(tuple({i(1), s("a")}), tuple({Value::real(1.0), s("a")})));
  EXPECT_FALSE(equals(i(9007199254740993), Value::real(9007199254740992.0)))
      << "exact, not through a double";
  bool ok = true;
  // hash(1), hash(-1), hash(1.0), hash(1.5), hash(True), hash(-2), hash(2**61), hash(inf)
  EXPECT_EQ(hash(i(1), ok), 1);
  EXPECT_EQ(hash(i(-1), ok), -2);
  EXPECT_EQ(hash(Value::real(1.0), ok), 1);
  EXPECT_EQ(hash(Value::real(1.5), ok), 1152921504606846977);
  EXPECT_EQ(hash(Value::boolean(true), ok), 1);
  EXPECT_EQ(hash(i(-2), ok), -2);
  EXPECT_EQ(hash(i(std::int64_t{1} << 61), ok), 1);
  EXPECT_EQ(hash(Value::real(INFINITY), ok), 314159);
  hash(list({}), ok);
  EXPECT_FALSE(ok) << "a list is unhashable";
}

TEST(ValueTest, DictKeepsOrderAndItsFirstKey) {
  Value d(make_dict());
  auto* dict = d.as<DictObject>();
  dict->set(i(1), s("a"));
  dict->set(Value::real(1.0), s("b"));  // {1: 'a', 1.0: 'b'} == {1: 'b'}
  dict->set(s("z"), i(26));
  dict->set(s("y"), i(25));
  EXPECT_EQ(repr(d), "{1: 'b', 'z': 26, 'y': 25}");
  EXPECT_TRUE(dict->erase(s("z")));
  EXPECT_FALSE(dict->erase(s("z")));
  dict->set(s("z"), i(0));
  EXPECT_EQ(repr(d), "{1: 'b', 'y': 25, 'z': 0}");
  EXPECT_EQ(dict->size(), 3u);
  ASSERT_TRUE(dict->get(Value::boolean(true)).has_value());
  EXPECT_EQ(repr(*dict->get(Value::boolean(true))), "'b'");
}

TEST(ValueTest, Truthiness) {
  EXPECT_FALSE(truthy(Value()));
  EXPECT_FALSE(truthy(i(0)));
  EXPECT_FALSE(truthy(Value::real(0.0)));
  EXPECT_FALSE(truthy(s("")));
  EXPECT_FALSE(truthy(list({})));
  EXPECT_TRUE(truthy(tuple({Value()})));
  EXPECT_TRUE(truthy(s("0")));
}

// A million nested lists released on a 64 KiB fiber stack: no recursion per level.
TEST(ValueTest, ReleasingDeepNestingDoesNotRecurse) {
  auto g = runtime::Greenlet::create(
      [](runtime::Value) -> runtime::Value {
        Value v = list({});
        for (int k = 0; k < 1'000'000; ++k) v = list({v});
        v = Value();
        return runtime::Value(true);
      },
      {}, runtime::GreenletOptions{64 * 1024, "deep"});
  EXPECT_TRUE(std::any_cast<bool>(g->switch_to()));
}

TEST(ValueTest, TypeNames) {
  EXPECT_EQ(type_name(Value()), "NoneType");
  EXPECT_EQ(type_name(Value::boolean(false)), "bool");
  EXPECT_EQ(type_name(i(1)), "int");
  EXPECT_EQ(type_name(Value::real(1)), "float");
  EXPECT_EQ(type_name(s("")), "str");
  EXPECT_EQ(type_name(list({})), "list");
  EXPECT_EQ(type_name(tuple({})), "tuple");
  EXPECT_EQ(type_name(Value(make_dict())), "dict");
}

}  // namespace
}  // namespace coroscope::script
