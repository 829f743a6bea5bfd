#pragma once
// Built-in scenarios: the seed article's lessons as C++ programs on the real
// runtime, for the player, the trace's golden tests and the app until the
// script layer runs the Python itself. Each prints what the Python prints
// (../shared/conformance has the real libraries' output).
//
//   Player p(scenarios::pingpong());
//   for (const Program& s : scenarios::all()) { ... }

#include <string_view>
#include <vector>

#include "player/Player.hpp"

namespace coroscope::player::scenarios {

// pingpong: greenlet ping-pong; prints 12, 56, 34 and never 78 (gr1 dies into
// its parent, main, not back into the suspended gr2).
Program pingpong();
// gevent_sleep: foo sleeps 1 s, bar 2 s, joinall: the hub and its timers.
Program gevent_sleep();
// producer_consumer: two consumer coroutines (greenlets standing for the
// Python generators), primed with next() and sent 1..5 by the producer.
Program producer_consumer();

std::vector<Program> all();
// find(programs, name) is the program called name, or null.
const Program* find(const std::vector<Program>& programs, std::string_view name);

}  // namespace coroscope::player::scenarios
