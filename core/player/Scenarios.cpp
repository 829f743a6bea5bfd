#include "player/Scenarios.hpp"

#include <any>
#include <string>

#include "hub/Greenlet.hpp"
#include "runtime/Greenlet.hpp"

namespace coroscope::player::scenarios {

using runtime::Greenlet;
using runtime::GreenletOptions;
using runtime::GreenletRef;
using runtime::Value;

namespace {
GreenletRef make(std::string name, runtime::Run run, GreenletRef parent = {}) {
  return Greenlet::create(std::move(run), std::move(parent),
                          GreenletOptions{runtime::kDefaultStackSize, std::move(name)});
}

std::string fmt_time(double t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", t);
  return buf;
}
}  // namespace

Program pingpong() {
  return {"pingpong",
          [](Output& out) {
            GreenletRef gr1, gr2;
            gr1 = make("gr1", [&](Value) -> Value {
              out.print("12\n");
              gr2->switch_to();
              out.print("34\n");
              return {};
            });
            gr2 = make("gr2", [&](Value) -> Value {
              out.print("56\n");
              gr1->switch_to();
              out.print("78\n");
              return {};
            });
            gr1->switch_to();
            out.print(std::string("gr1.dead ") + (gr1->dead() ? "True" : "False") + " gr2.dead " +
                      (gr2->dead() ? "True" : "False") + "\n");
          },
          "greenlet ping-pong: switch() moves the CPU; a finished greenlet returns to its "
          "parent, so 78 is never printed"};
}

Program gevent_sleep() {
  return {"gevent_sleep",
          [](Output& out) {
            auto now = [] { return hub::Hub::get().refresh_now(); };
            auto foo = hub::spawn(
                [&] {
                  out.print("foo: start  t=" + fmt_time(now()) + "\n");
                  hub::sleep(1);
                  out.print("foo: done   t=" + fmt_time(now()) + "\n");
                  return Value(std::string("foo"));
                },
                "foo");
            auto bar = hub::spawn(
                [&] {
                  out.print("bar: start  t=" + fmt_time(now()) + "\n");
                  hub::sleep(2);
                  out.print("bar: done   t=" + fmt_time(now()) + "\n");
                  return Value(std::string("bar"));
                },
                "bar");
            out.print("main: spawned, nothing has run yet\n");
            auto done = hub::joinall({foo, bar});
            out.print("main: joinall returned " + std::to_string(done.size()) + " greenlets\n");
            out.print("main: total t=" + fmt_time(now()) + "\n");
          },
          "gevent: spawn, sleep(1) and sleep(2), joinall: the hub's timers overlap, 2 s not 3"};
}

Program producer_consumer() {
  return {"producer_consumer",
          [](Output& out) {
            // consumer(name): a coroutine; `new = yield` is a switch to the
            // parent (whoever resumed it), which returns what send() passes.
            auto consumer = [&out](std::string name) {
              return make(name, [&out, name](Value) -> Value {
                out.print(name + ": started\n");
                for (;;) {
                  // Holding no reference to itself while suspended, so that
                  // dropping the last one kills it, as it closes a generator.
                  GreenletRef parent = runtime::getcurrent()->parent();
                  Value v = parent->switch_to();  // new = yield
                  out.print(name + ": got " + std::to_string(std::any_cast<int>(v)) + "\n");
                }
              });
            };
            GreenletRef c1 = consumer("consumer-1"), c2 = consumer("consumer-2");
            c1->switch_to();  // next(c1)
            c2->switch_to();  // next(c2)
            for (int n = 1; n <= 5; ++n) {
              out.print("producer: sending " + std::to_string(n) + "\n");
              c1->switch_to(n);  // c1.send(n)
              c2->switch_to(n);
            }
          },
          "coroutines as generators: next() primes two consumers, send(n) feeds them"};
}

std::vector<Program> all() {
  return {pingpong(), gevent_sleep(), producer_consumer()};
}

const Program* find(const std::vector<Program>& programs, std::string_view name) {
  for (const Program& p : programs) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace coroscope::player::scenarios
