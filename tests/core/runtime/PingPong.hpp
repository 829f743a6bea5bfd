#pragma once
// PingPong is the seed article's program, shared by the tests:
//
//   PingPong p;          // gr1 and gr2, made in the current world
//   p.gr1->switch_to();  // p.out == "12 56 34 ": 78 is never printed
//   PingPong q(text);    // prints into text instead, as it runs
//
// test1 (gr1): print 12, gr2.switch(), print 34
// test2 (gr2): print 56, gr1.switch(), print 78

#include <string>

#include "runtime/Greenlet.hpp"

namespace coroscope::runtime::testing {

struct PingPong {
  PingPong() : out(own) {}
  explicit PingPong(std::string& sink) : out(sink) {}
  PingPong(const PingPong&) = delete;
  PingPong& operator=(const PingPong&) = delete;

  std::string own;
  std::string& out;
  GreenletRef gr1 = Greenlet::create(
      [this](Value) -> Value {
        out += "12 ";
        gr2->switch_to();
        out += "34 ";
        return {};
      },
      {}, {.name = "gr1"});
  GreenletRef gr2 = Greenlet::create(
      [this](Value) -> Value {
        out += "56 ";
        gr1->switch_to();
        out += "78 ";
        return {};
      },
      {}, {.name = "gr2"});
};

}  // namespace coroscope::runtime::testing
