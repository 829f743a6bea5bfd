#include "trace/Caption.hpp"

#include <cassert>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "trace/IoDetail.hpp"

namespace coroscope::trace {

namespace {

// The longest value or printed text a caption quotes, in bytes, before "...".
constexpr std::size_t kMaxQuoted = 40;

// seconds(t) writes t with one to three decimals: "1.0", "0.25", "0.001".
std::string seconds(double t) {
  if (!std::isfinite(t)) return "?";
  if (std::fabs(t) < 0.0005) t = 0;  // no "-0.000"
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f", t);
  std::string s = buf;
  while (s.size() > 1 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
  return s;
}

// cut(s, n) is s shortened to at most n bytes, never inside a UTF-8 sequence.
std::string_view cut(std::string_view s, std::size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// escape_into(out, c, quote) appends c as a Python str repr writes it.
void escape_into(std::string& out, char c, char quote) {
  switch (c) {
    case '\n':
      out += "\\n";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\\':
      out += "\\\\";
      return;
    default:
      break;
  }
  if (c == quote) {
    out += '\\';
    out += c;
  } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
    out += buf;
  } else {
    out += c;
  }
}

// quoted(text) is text as Python's repr of a str writes it (single quotes
// unless it holds one and no double quote), cut to kMaxQuoted bytes with "...".
std::string quoted(std::string_view text) {
  const bool long_text = text.size() > kMaxQuoted;
  if (long_text) text = cut(text, kMaxQuoted - 3);
  const char quote =
      text.find('\'') != std::string_view::npos && text.find('"') == std::string_view::npos ? '"'
                                                                                            : '\'';
  std::string out(1, quote);
  for (char c : text) escape_into(out, c, quote);
  if (long_text) out += "...";
  out += quote;
  return out;
}

// value_text(v) is a switch's value (already a Python repr) cut to kMaxQuoted
// bytes with "...", control characters escaped so the caption stays one line.
std::string value_text(std::string_view v) {
  const bool long_text = v.size() > kMaxQuoted;
  if (long_text) v = cut(v, kMaxQuoted - 3);
  std::string out;
  for (char c : v) {
    if (static_cast<unsigned char>(c) < 0x20) {
      escape_into(out, c, 0);
    } else {
      out += c;
    }
  }
  if (long_text) out += "...";
  return out;
}

std::string at_line(int line) {
  return line >= 0 ? " at line " + std::to_string(line) : std::string();
}

// Reader: one caption's inputs and the small look-ups every sentence shares.
struct Reader {
  const EventLog& log;
  const Snapshot& s;
  std::uint32_t hub;

  bool is_hub(std::uint32_t id) const { return id != kNoGreenlet && id == hub; }
  // who(id) is the greenlet's name, or "the hub".
  std::string who(std::uint32_t id) const { return is_hub(id) ? "the hub" : log.name(id); }
  // whose(id) is "foo's", or "the hub's".
  std::string whose(std::uint32_t id) const { return who(id) + "'s"; }
  int line(std::uint32_t id) const {
    const GreenletSnapshot* g = s.find(id);
    return g ? g->line : -1;
  }
  std::uint32_t runs(std::uint32_t id) const {
    const GreenletSnapshot* g = s.find(id);
    return g ? g->runs : 0;
  }
  // left_off(id) is "where it left off (line 14)".
  std::string left_off(std::uint32_t id) const {
    const int l = line(id);
    return "where it left off" + (l >= 0 ? " (line " + std::to_string(l) + ")" : std::string());
  }

  // near(i, kind, id) is the latest event of that kind naming id among the
  // kNearEvents before i, not looking past a transfer; null if none.
  const Event* near(std::size_t i, Kind kind, std::uint32_t id) const {
    for (std::size_t k = i, n = 0; k > 0 && n < kNearEvents; --k, ++n) {
      const Event& e = log.event(k - 1);
      if (e.kind == kind && e.greenlet == id) return &e;
      if (is_transfer(e.kind)) break;
    }
    return nullptr;
  }
  // armed(i, timer) is the TimerArmed of timer id (as events keep it) before i.
  const Event* armed(std::size_t i, std::int32_t timer) const {
    for (std::size_t k = i, n = 0; k > 0 && n < kTimerEvents; --k, ++n) {
      const Event& e = log.event(k - 1);
      if (e.kind == Kind::TimerArmed && e.number == timer) return &e;
    }
    return nullptr;
  }
  // timer_fired(i, fired) says "after 1.0 s" when the arming is in reach,
  // else "at t = 3.0 s".
  std::string timer_fired(std::size_t i, const Event& fired) const {
    if (const Event* a = armed(i, fired.number))
      return "after " + seconds(fired.deadline - a->time) + " s";
    return "at t = " + seconds(fired.deadline) + " s";
  }
};

// ---- why a greenlet blocks and why it wakes ------------------------------------------

// Block: what a greenlet does when it parks, in pieces a sentence puts its
// line between: "main" + verb + " at line 23" + rest, e.g. "main waits at line
// 23 for greenlets to finish (joinall)"; until: when a timer ends it.
struct Block {
  std::string verb, rest, until;
};

// blocks(r, i, g, park) is what g does when it parks with text park (the Park
// at or before i; the TimerArmed or IoWait just before it).
Block blocks(const Reader& r, std::size_t i, std::uint32_t g, std::string_view park) {
  if (park == "sleep") {
    if (const Event* t = r.near(i, Kind::TimerArmed, g)) {
      return {"sleeps for " + seconds(t->deadline - t->time) + " s", "",
              " until its timer fires at t = " + seconds(t->deadline) + " s"};
    }
    return {"sleeps", "", " until its timer fires"};
  }
  if (park == "sleep(0)") return {"calls sleep(0)", " to let the others run", ""};
  if (park == "join") return {"waits", " for a greenlet to finish (join)", ""};
  if (park == "joinall") return {"waits", " for greenlets to finish (joinall)", ""};
  if (park == "event") return {"waits", " for an event to be set", ""};
  if (park == "async result") return {"waits", " for an async result", ""};
  if (park == "queue get") return {"waits", " for an item in a queue (get)", ""};
  if (park == "queue put") return {"waits", " for room in a queue (put)", ""};
  if (park == "kill") return {"waits", " until its kill is delivered", ""};
  if (park == "wait: until nothing is left to do") {
    return {"waits", " until nothing is left to do (wait)", ""};
  }
  if (park.starts_with("socket:") || park.empty()) {
    if (const Event* w = r.near(i, Kind::IoWait, g)) {
      const IoDetail d = io_detail(r.log, *w);  // "waits in accept()" + " for a client to ..."
      return {"waits" + d.in_call(), " " + d.wait(), ""};
    }
  }
  if (park.empty()) return {"blocks", "", ""};
  return {"blocks", " on " + std::string(park), ""};
}

// io_ready(r, e) opens a sentence about IoReady e: "A client connected to
// 127.0.0.1:8001 (fd 8 is readable)"; for an fd that is not a named socket
// "I/O is ready on fd 8 (readable)".
std::string io_ready(const Reader& r, const Event& e) {
  const IoDetail d = io_detail(r.log, e);
  const std::string fd = "fd " + std::to_string(e.number);
  if (!d.named()) return "I/O is ready on " + fd + " (" + std::string(r.log.text(e.text)) + ")";
  std::string s = d.ready();
  s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s + " (" + fd + " is " + std::string(r.log.text(e.text)) + ")";
}

// woken(r, i, g, why) is the sentence-opening clause for why g is woken
// (why: the Wake's text; the Wake, TimerFired or IoReady at or before i).
std::string woken(const Reader& r, std::size_t i, std::uint32_t g, std::string_view why) {
  const std::string name = r.who(g);
  if (why == "its sleep is over") {
    if (const Event* f = r.near(i, Kind::TimerFired, g)) {
      return name + "'s timer fired " + r.timer_fired(i, *f);
    }
    return name + "'s sleep is over";
  }
  if (why == "sleep(0): its turn again") return name + "'s turn has come again after sleep(0)";
  if (why == "its socket is readable" || why == "its socket is writable") {
    const std::string_view how = why.substr(why.rfind(' ') + 1);
    if (const Event* io = r.near(i, Kind::IoReady, g)) return io_ready(r, *io);
    return name + "'s socket is " + std::string(how);
  }
  if (why == "its socket wait timed out") return name + "'s wait on its socket timed out";
  if (why == "its socket was closed") return name + "'s socket was closed while it waited";
  if (why == "join: the greenlet is ready") return "The greenlet " + name + " joins has finished";
  if (why == "joinall: enough greenlets are ready") {
    return "Enough of the greenlets " + name + " waits for have finished (joinall)";
  }
  if (why == "joinall: one more greenlet is ready") {
    return "One more of the greenlets " + name + " waits for has finished (joinall)";
  }
  if (why == "event: it is set") return "The event " + name + " waits for is set";
  if (why == "async result: it is ready") return "The async result " + name + " waits for is ready";
  if (why == "queue get: an item is there") return "An item is in the queue " + name + " waits on";
  if (why == "queue put: its item is in") return name + "'s item went into the queue";
  if (why == "kill delivered") return "The kill " + name + " waited for is delivered";
  if (why == "timeout: raised in its owner") return name + "'s Timeout expired";
  if (why.ends_with(": timeout")) {
    return name + "'s " + std::string(why.substr(0, why.size() - 9)) + " timed out";
  }
  if (why.empty()) return name + " is woken";
  return name + " is woken (" + std::string(why) + ")";
}

// ---- transfers ----------------------------------------------------------------------

// how_it_ended(r, i, e) is the hub's Exit text for e's origin, or what the
// transfer itself shows: "returned", "raised", "killed".
std::string how_it_ended(const Reader& r, std::size_t i, const Event& e) {
  if (const Event* x = r.near(i, Kind::Exit, e.greenlet)) return std::string(r.log.text(x->text));
  if (e.kind == Kind::Throw) return "raised";
  return r.log.text(e.text) == "GreenletExit()" ? "killed" : "returned";
}

// died(r, i, e): e is the last transfer of its origin, which finished.
std::string died(const Reader& r, std::size_t i, const Event& e) {
  const std::uint32_t o = e.greenlet, t = e.target;
  const std::string how = how_it_ended(r, i, e);
  const std::string at = at_line(r.line(o));
  const GreenletInfo* info = r.log.greenlet_info(o);
  const bool parent = info && info->parent == t;
  const std::string to = parent ? (r.is_hub(t) ? "its parent, the hub" : "its parent " + r.who(t))
                                : r.who(t) + " (the nearest of its ancestors still alive)";
  // Thrown into before it started: the exception goes straight back, no fiber ran.
  if (i > 0) {
    const Event& before = r.log.event(i - 1);
    if (before.kind == Kind::Throw && before.target == o && before.greenlet == t && r.line(o) < 0 &&
        e.kind == Kind::Throw) {
      return r.who(o) +
             " never started: the exception thrown into it ends it at once, and goes back to " +
             to + ", where it is raised.";
    }
  }
  std::string s;
  if (how == "returned") {
    const std::string_view v = r.log.text(e.text);
    s = r.who(o) + " finished" + at + " (its function returned" +
        (v.empty() || v == "None" ? std::string() : " " + value_text(v)) + ")";
  } else if (how == "killed") {
    s = r.who(o) + " was killed" + at + " (GreenletExit ended its function)";
  } else if (e.kind == Kind::Throw) {
    s = r.who(o) + " died" + at + " of an exception it did not catch";
  } else {
    s = r.who(o) + " died" + at +
        " of an exception it did not catch (gevent prints it and keeps it for join and get)";
  }
  s += ": it is dead, so nothing of it is saved and control goes back to " + to;
  if (r.is_hub(t)) return s + ", whose registers are restored: the hub's loop goes on.";
  s += ", whose registers are restored: ";
  if (e.kind == Kind::Throw) {
    return s + "the exception is raised in " + r.who(t) + " " + r.left_off(t) + ".";
  }
  return s + r.who(t) + " resumes " + r.left_off(t) + ".";
}

// into(r, e, first) is what happens to the CPU: the origin's registers are
// saved, and the target's are restored (or it starts on a fresh stack).
std::string into(const Reader& r, const Event& e, bool first) {
  const std::uint32_t o = e.greenlet, t = e.target;
  if (e.kind == Kind::Throw) {
    if (first) {
      return r.who(t) + " never started, so the exception ends it before it runs a line";
    }
    return r.whose(o) + " registers are saved and " + r.whose(t) +
           " restored, so the exception is raised in " + r.who(t) + " " + r.left_off(t);
  }
  if (r.is_hub(t)) {
    return first ? r.whose(o) + " registers are saved, and the hub starts its loop on a fresh stack"
                 : r.whose(o) +
                       " registers are saved and the hub's restored, so the hub's loop "
                       "takes the CPU";
  }
  if (first) {
    return r.whose(o) + " registers are saved, and " + r.who(t) +
           " starts running its function on a fresh stack";
  }
  return r.whose(o) + " registers are saved and " + r.whose(t) + " restored, so " + r.who(t) +
         " resumes " + r.left_off(t);
}

// capitalized(s): a sentence that opens with the hub opens with "The hub"
// (greenlet names are written as the program spells them).
std::string capitalized(std::string s) {
  if (s.starts_with("the hub")) s[0] = 'T';
  return s;
}

std::string transfer(const Reader& r, std::size_t i, const Event& e) {
  if (e.flags & kOriginDied) return died(r, i, e);
  const std::uint32_t o = e.greenlet, t = e.target;
  // First run: switched into for the first time and nothing saved to restore.
  // Main (id 0) ran before any switch, so it is never started by one: in
  // builds that save no registers (ucontext) nothing else tells it apart.
  const bool first = t != 0 && r.runs(t) <= 1 && e.number < 0;
  // why: the wake's own text (reason() words an I/O wake its own way).
  const std::string why =
      i > 0 && r.log.event(i - 1).kind == Kind::Wake && r.log.event(i - 1).greenlet == t
          ? std::string(r.log.text(r.log.event(i - 1).text))
          : r.log.reason(i);
  const std::string_view value = r.log.text(e.text);

  if (r.is_hub(o)) {  // the hub hands the CPU to a greenlet: say why
    if (e.kind == Kind::Throw) {
      if (why == "timeout: raised in its owner") {
        return woken(r, i, t, why) + ": the hub raises it in " + r.who(t) + "; " +
               into(r, e, first) + ".";
      }
      const GreenletInfo* hub = r.log.greenlet_info(o);
      if (hub && hub->parent == t) {
        const std::string loop_exit =
            "The hub has nothing left to run or wait for, so it "
            "throws LoopExit into its parent ";
        return loop_exit + r.who(t) + ": " + into(r, e, first) + ".";
      }
      return "The hub throws an exception into " + r.who(t) +
             " (a kill raises GreenletExit this way): " + into(r, e, first) + ".";
    }
    if (why == "the hub starts it") {
      if (const Event* f = r.near(i, Kind::TimerFired, t)) {  // spawn_later's timer
        return r.whose(t) + " start timer fired " + r.timer_fired(i, *f) + ": the hub starts " +
               r.who(t) + "; " + into(r, e, first) + ".";
      }
      if (first) {
        return "The hub starts " + r.who(t) +
               ", whose turn has come in the ready queue: " + into(r, e, first) + ".";
      }
      return "The hub switches to " + r.who(t) + ": " + into(r, e, first) + ".";
    }
    return woken(r, i, t, why) + ": the hub switches back to " + r.who(t) + "; " +
           into(r, e, first) + ".";
  }

  if (r.is_hub(t)) {  // a greenlet blocks (or yields) and the hub runs
    const std::string at = at_line(r.line(o));
    const Event* p = r.near(i, Kind::Park, o);
    if (p || r.near(i, Kind::IoWait, o)) {
      const Block b = blocks(r, i, o, p ? r.log.text(p->text) : std::string_view());
      return r.who(o) + " " + b.verb + at + b.rest + ": " + into(r, e, first) + ".";
    }
    return r.who(o) + " switches to the hub" + at + ": " + into(r, e, first) + ".";
  }

  // Two plain greenlets: greenlet's own switch() and throw().
  const std::string at = at_line(r.line(o));
  if (e.kind == Kind::Throw) {
    return r.who(o) + " throws an exception into " + r.who(t) + at +
           " (GreenletExit unless it names another): " + into(r, e, first) + ".";
  }
  // "()" is what a bare switch() sends: no arguments, nothing to mention.
  const std::string passing =
      value.empty() || value == "()" ? std::string() : ", passing " + value_text(value);
  return r.who(o) + " switches to " + r.who(t) + at + passing + ": " + into(r, e, first) + ".";
}

// ---- everything else ----------------------------------------------------------------

std::string exit_sentence(const Reader& r, const Event& e) {
  const std::uint32_t g = e.greenlet;
  const std::string what(r.log.text(e.text));
  const std::string at = at_line(r.line(g));
  if (e.flags & kFinal) {
    if (what == "returned") {
      return r.who(g) + " finished" +
             (r.line(g) >= 0 ? " after line " + std::to_string(r.line(g)) : "") +
             ": the program is over, and control goes back to the host that ran it.";
    }
    return r.who(g) + " raised an exception it did not catch" + at +
           ": the program ends with a traceback.";
  }
  if (what == "returned") {
    return r.whose(g) + " function returned" + at + ": gevent marks " + r.who(g) +
           " finished and will tell whoever joins it; next it goes back to the hub.";
  }
  if (what == "raised") {
    return r.whose(g) + " function raised an exception it did not catch" + at + ": gevent marks " +
           r.who(g) + " failed and reports the error; next it goes back to the hub.";
  }
  if (what == "killed") {
    return r.who(g) + " was killed" + at +
           ": GreenletExit ended its function; next it goes back to the hub.";
  }
  if (what == "killed before it started") {
    return r.who(g) + " was killed before it ever started: it will never run.";
  }
  return r.who(g) + " exits: " + what + ".";
}

std::string other(const Reader& r, std::size_t i, const Event& e) {
  const std::uint32_t g = e.greenlet;
  const std::string text(r.log.text(e.text));
  switch (e.kind) {
    case Kind::Switch:
    case Kind::Throw:
      break;  // transfer()
    case Kind::Spawn: {
      const std::uint32_t by = r.s.running;
      const std::string who = by == kNoGreenlet ? std::string("The program") : r.who(by);
      const std::string at = by == kNoGreenlet ? std::string() : at_line(r.line(by));
      if (text == "spawn_later") {
        if (const Event* t = r.near(i, Kind::TimerArmed, g)) {
          return capitalized(
              who + " spawns " + r.who(g) + at + " to start in " + seconds(t->deadline - t->time) +
              " s (spawn_later): a timer will start it at t = " + seconds(t->deadline) + " s.");
        }
        return capitalized(who + " spawns " + r.who(g) + at +
                           " to start later (spawn_later): a timer will start it.");
      }
      return capitalized(who + " spawns " + r.who(g) + at + ": " + r.who(g) +
                         " goes into the hub's ready queue and starts when the hub next runs.");
    }
    case Kind::Park: {
      const Block b = blocks(r, i + 1, g, text);
      return r.who(g) + " " + b.verb + at_line(r.line(g)) + b.rest + ": it parks" + b.until +
             ", and hands the CPU to the hub next.";
    }
    case Kind::Wake:
      return woken(r, i + 1, g, text) + ": the hub makes " + r.who(g) +
             " runnable and switches to it next.";
    case Kind::TimerArmed:
      return "The hub arms a timer" + (g == kNoGreenlet ? std::string() : " for " + r.who(g)) +
             ", due in " + seconds(e.deadline - e.time) + " s (at t = " + seconds(e.deadline) +
             " s).";
    case Kind::TimerCancelled:
      return (g == kNoGreenlet ? std::string("A timer") : r.whose(g) + " timer") +
             " due at t = " + seconds(e.deadline) + " s is cancelled: it will not fire.";
    case Kind::TimerFired:
      return (g == kNoGreenlet ? std::string("A timer") : r.whose(g) + " timer") + " fired " +
             r.timer_fired(i, e) + ": the hub runs its callback.";
    case Kind::IoWait: {
      const IoDetail d = io_detail(r.log, e);
      if (!d.named()) {
        return r.who(g) + " waits" + at_line(r.line(g)) + " until fd " + std::to_string(e.number) +
               " is " + text + ": the hub asks epoll to watch it.";
      }
      return r.who(g) + " waits" + d.in_call() + at_line(r.line(g)) + " " + d.wait() +
             ": the hub asks epoll to watch its socket, fd " + std::to_string(e.number) + ".";
    }
    case Kind::IoReady: {
      const IoDetail d = io_detail(r.log, e);
      return io_ready(r, e) + ": the hub will wake " + r.who(g) + ", which waits" +
             (d.named() ? d.in_call() : std::string(" for it")) + ".";
    }
    case Kind::Exit:
      return exit_sentence(r, e);
    case Kind::Line:
      return r.who(g) + " moves to line " + std::to_string(e.number) + ".";
    case Kind::Print: {
      std::string_view printed = r.log.text(e.text);
      if (printed.ends_with('\n')) printed.remove_suffix(1);
      if (printed.empty()) return r.who(g) + " prints an empty line.";
      return r.who(g) + " prints " + quoted(printed) + ".";
    }
  }
  return r.log.describe(i) + ".";
}

}  // namespace

std::string caption(const EventLog& log, const Snapshot& s) {
  assert(s.index <= log.size() && "a snapshot of this log");
  if (s.index == 0 || s.index > log.size()) {
    const GreenletInfo* main = log.greenlet_info(0);
    return "Nothing has run yet: " + (main ? main->name : std::string("main")) +
           " is about to start.";
  }
  const Reader r{log, s, log.hub()};
  const std::size_t i = s.index - 1;
  const Event& e = log.event(i);
  return is_transfer(e.kind) ? transfer(r, i, e) : other(r, i, e);
}

}  // namespace coroscope::trace
