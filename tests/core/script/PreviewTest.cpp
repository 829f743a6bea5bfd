// preview(): short reprs for the Stacks view, made without running Python.

#include <gtest/gtest.h>

#include <vector>

#include "script/Object.hpp"
#include "script/Preview.hpp"

namespace coroscope::script {
namespace {

TEST(PreviewTest, ScalarsAndShortContainersAreTheirRepr) {
  EXPECT_EQ(preview(Value()), "None");
  EXPECT_EQ(preview(Value::integer(-7)), "-7");
  EXPECT_EQ(preview(Value::real(0.5)), "0.5");
  EXPECT_EQ(preview(Value(make_str("it's"))), "\"it's\"");
  EXPECT_EQ(preview(Value(make_tuple({Value::integer(1)}))), "(1,)");
  EXPECT_EQ(preview(Value(make_list({Value::integer(1), Value(make_str("a"))}))), "[1, 'a']");
  Value d(make_dict());
  d.as<DictObject>()->set(Value(make_str("k")), Value::boolean(true));
  EXPECT_EQ(preview(d), "{'k': True}");
}

TEST(PreviewTest, LongValuesAreCutWithHowManyMore) {
  std::vector<Value> items;
  for (int i = 0; i < 10000; ++i) items.push_back(Value::integer(i));
  const std::string list = preview(Value(make_list(items)), 20);
  EXPECT_EQ(list.rfind("[0, 1, 2", 0), 0u) << list;
  EXPECT_NE(list.find(" more]"), std::string::npos) << list;
  EXPECT_LT(list.size(), 60u) << list;
  const std::string text = preview(Value(make_str(std::string(500, 'x'))), 30);
  EXPECT_LE(text.size(), 40u) << text;
  EXPECT_NE(text.find("…"), std::string::npos) << text;
  // Nested deeply: stops going down, never recurses without end.
  Value nested(make_list({}));
  for (int i = 0; i < 100; ++i) nested = Value(make_list({nested}));
  EXPECT_LT(preview(nested, 40).size(), 80u);
}

}  // namespace
}  // namespace coroscope::script
