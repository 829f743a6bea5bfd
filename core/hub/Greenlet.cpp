#include "hub/Greenlet.hpp"

#include <algorithm>
#include <memory>

#include "hub/Report.hpp"

namespace coroscope::hub {

using runtime::Sched;

namespace {
std::exception_ptr or_greenlet_exit(std::exception_ptr e) {
  return e ? e : std::make_exception_ptr(runtime::GreenletExit{});
}
bool is_greenlet_exit(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const runtime::GreenletExit&) {
    return true;
  } catch (...) {
    return false;
  }
}
}  // namespace

Greenlet::Greenlet(Fn fn, std::string name)
    : runtime::Greenlet({}, GreenletRef(&Hub::get()),
                        runtime::GreenletOptions{runtime::kDefaultStackSize, std::move(name)}),
      hub_(Hub::get()),
      fn_(std::move(fn)) {}

GreenletPtr Greenlet::create(Fn fn, std::string name) {
  return GreenletPtr(new Greenlet(std::move(fn), std::move(name)));
}

void Greenlet::start() {
  if (scheduled_ || ready_) return;
  scheduled_ = true;
  start_is_timer_ = false;
  start_id_ = hub_.run_callback([self = GreenletPtr(this)] { self->switch_to(); });
  hub_.emit(Sched::Spawn, this, "spawn");
}

void Greenlet::start_later(double seconds) {
  if (scheduled_ || ready_) return;
  scheduled_ = true;
  start_is_timer_ = true;
  start_id_ = hub_.start_timer(
      hub_.now() + seconds, [self = GreenletPtr(this)] { self->switch_to(); }, this);
  hub_.emit(Sched::Spawn, this, "spawn_later");
}

// run() is the greenlet's body: gevent's Greenlet.run, result kept, error
// reported, links notified, then back to the hub (its parent).
Value Greenlet::run(Value) {
  start_id_ = 0;
  Fn fn = std::move(fn_);
  fn_ = nullptr;
  const char* how = "returned";
  try {
    value_ = fn();
  } catch (const boost::context::detail::forced_unwind&) {
    throw;
  } catch (const runtime::GreenletExit& e) {
    value_ = e;
    how = "killed";
  } catch (...) {
    exception_ = std::current_exception();
    how = "raised";
  }
  ready_ = true;
  hub_.emit(Sched::Exit, this, how);
  if (exception_) report_failure(hub_, *this, exception_);
  became_ready();
  return {};
}

void Greenlet::finish_before_start(std::exception_ptr e) {
  killed_before_start_ = true;
  scheduled_ = true;
  ready_ = true;
  if (is_greenlet_exit(e)) {
    value_ = runtime::GreenletExit{};
    hub_.emit(Sched::Exit, this, "killed before it started");
  } else {
    exception_ = e;
    hub_.emit(Sched::Exit, this, "killed before it started");
    report_failure(hub_, *this, e);
  }
  became_ready();
}

// ---- links -----------------------------------------------------------------------

void Greenlet::became_ready() {
  if (links_.empty() || notify_scheduled_ || !ready_) return;
  notify_scheduled_ = true;
  hub_.run_callback([self = GreenletPtr(this)] { self->notify_links(); });
}

void Greenlet::notify_links() {
  notify_scheduled_ = false;
  while (!links_.empty()) {
    Link link = std::move(links_.front());
    links_.erase(links_.begin());
    if ((link.kind == LinkKind::OnValue && !successful()) ||
        (link.kind == LinkKind::OnException && successful())) {
      continue;
    }
    if (link.kind == LinkKind::Raw) {
      run_guarded(hub_, [&] { link.fn(*this); });
    } else {  // in a greenlet of its own, whose parent is the hub
      GreenletPtr self(this);
      GreenletRef runner = runtime::Greenlet::create(
          [fn = std::move(link.fn), self](Value) -> Value {
            fn(*self);
            return {};
          },
          GreenletRef(&hub_), runtime::GreenletOptions{runtime::kDefaultStackSize, "link"});
      run_guarded(hub_, [&] { runner->switch_to(); });
    }
  }
}

std::uint64_t Greenlet::add_link(LinkKind kind, LinkFn cb) {
  const std::uint64_t id = next_link_++;
  links_.push_back({id, kind, std::move(cb)});
  became_ready();  // a link added after completion still fires, on the next pass
  return id;
}

std::uint64_t Greenlet::link(LinkFn cb) {
  return add_link(LinkKind::Spawned, std::move(cb));
}
std::uint64_t Greenlet::link_value(LinkFn cb) {
  return add_link(LinkKind::OnValue, std::move(cb));
}
std::uint64_t Greenlet::link_exception(LinkFn cb) {
  return add_link(LinkKind::OnException, std::move(cb));
}
std::uint64_t Greenlet::rawlink(LinkFn cb) {
  return add_link(LinkKind::Raw, std::move(cb));
}

void Greenlet::unlink(std::uint64_t id) {
  std::erase_if(links_, [id](const Link& l) { return l.id == id; });
}

// ---- waiting and killing ---------------------------------------------------------------

namespace {
struct WaitTexts {
  const char* park;       // what the waiter parks on
  const char* ready;      // why it wakes when enough are ready
  const char* timed_out;  // why it wakes on timeout
};

// wait_ready(gs, want, timeout, texts) parks the current greenlet until want of
// gs are ready or timeout seconds pass; returns those that became ready, in
// the order they did. Its links and timer are gone on every way out.
std::vector<GreenletPtr> wait_ready(const std::vector<GreenletPtr>& gs, std::size_t want,
                                    std::optional<double> timeout, const WaitTexts& texts) {
  std::vector<GreenletPtr> done;
  Hub& hub = Hub::get();
  GreenletRef me = runtime::getcurrent();
  bool waiting = true;
  std::vector<std::pair<Greenlet*, std::uint64_t>> links;
  links.reserve(gs.size());
  for (const GreenletPtr& g : gs) {
    links.emplace_back(g.get(), g->rawlink([&](Greenlet& ready) {
      done.emplace_back(&ready);
      if (done.size() >= want && std::exchange(waiting, false)) hub.wake(*me, {}, texts.ready);
    }));
  }
  std::uint64_t timer = 0;
  if (timeout) {
    timer = hub.start_timer(
        hub.refresh_now() + *timeout,
        [&] {
          if (std::exchange(waiting, false)) hub.wake(*me, {}, texts.timed_out);
        },
        me.get());
  }
  struct Cleanup {
    Hub& hub;
    std::vector<std::pair<Greenlet*, std::uint64_t>>& links;
    std::uint64_t timer;
    ~Cleanup() {
      for (auto& [g, id] : links) g->unlink(id);
      if (timer) hub.cancel_timer(timer);
    }
  } cleanup{hub, links, timer};
  hub.park(texts.park);
  return done;
}
}  // namespace

void Greenlet::join(std::optional<double> timeout) {
  if (ready_) return;
  wait_ready({GreenletPtr(this)}, 1, timeout,
             {"join", "join: the greenlet is ready", "join: timeout"});
}

Value Greenlet::get(bool block, std::optional<double> timeout) {
  if (!ready_ && !block) throw Timeout();
  if (!ready_) join(timeout);
  if (!ready_) throw Timeout(timeout.value_or(-1));
  if (exception_) std::rethrow_exception(exception_);
  return value_;
}

void Greenlet::kill(std::exception_ptr e, bool block, std::optional<double> timeout) {
  e = or_greenlet_exit(std::move(e));
  if (ready_) return;
  if (!runtime::Greenlet::started()) {  // never ran: it never will
    if (scheduled_) {
      if (start_is_timer_) {
        hub_.cancel_timer(start_id_);
      } else {
        hub_.cancel_callback(start_id_);
      }
    }
    finish_before_start(e);
    return;
  }
  GreenletRef waiter = block ? runtime::getcurrent() : GreenletRef();
  auto waiting = std::make_shared<bool>(block);  // false once the waiter left the park
  hub_.run_callback([self = GreenletPtr(this), e, waiter, waiting] {
    if (!self->ready_) self->throw_into(e);  // gevent's _kill: from the hub
    if (waiter && std::exchange(*waiting, false)) {
      self->hub_.wake(*waiter, {}, "kill delivered");
    }
  });
  if (block) {
    try {
      hub_.park("kill");
    } catch (...) {
      *waiting = false;  // the kill itself is still delivered, but wakes nobody
      throw;
    }
    join(timeout);
  }
}

// ---- module functions ---------------------------------------------------------------------

GreenletPtr spawn(Greenlet::Fn fn, std::string name) {
  GreenletPtr g = Greenlet::create(std::move(fn), std::move(name));
  g->start();
  return g;
}

GreenletPtr spawn_later(double seconds, Greenlet::Fn fn, std::string name) {
  GreenletPtr g = Greenlet::create(std::move(fn), std::move(name));
  g->start_later(seconds);
  return g;
}

void sleep(double seconds) {
  Hub& hub = Hub::get();
  GreenletRef me = runtime::getcurrent();
  if (seconds <= 0) {
    const std::uint64_t turn =
        hub.run_callback([&hub, me] { hub.wake(*me, {}, "sleep(0): its turn again"); });
    try {
      hub.park("sleep(0)");
    } catch (...) {
      hub.cancel_callback(turn);  // thrown into before its turn: no stray wake later
      throw;
    }
    return;
  }
  const std::uint64_t timer = hub.start_timer(
      hub.refresh_now() + seconds, [&hub, me] { hub.wake(*me, {}, "its sleep is over"); },
      me.get());
  try {
    hub.park("sleep");
  } catch (...) {
    hub.cancel_timer(timer);
    throw;
  }
}

std::vector<GreenletPtr> joinall(const std::vector<GreenletPtr>& greenlets,
                                 std::optional<double> timeout, bool raise_error,
                                 std::optional<std::size_t> count) {
  const std::size_t want = std::min(count.value_or(greenlets.size()), greenlets.size());
  if (want == 0) return {};
  std::vector<GreenletPtr> done =
      wait_ready(greenlets, want, timeout,
                 {"joinall", "joinall: enough greenlets are ready", "joinall: timeout"});
  if (raise_error) {
    for (const GreenletPtr& g : done) {
      if (g->exception()) std::rethrow_exception(g->exception());
    }
  }
  return done;
}

void killall(const std::vector<GreenletPtr>& greenlets, std::exception_ptr e, bool block,
             std::optional<double> timeout) {
  e = or_greenlet_exit(std::move(e));
  std::vector<GreenletPtr> alive;
  for (const GreenletPtr& g : greenlets) {
    if (g->ready()) continue;
    g->kill(e, false);
    alive.push_back(g);
  }
  if (block && !alive.empty()) joinall(alive, timeout);
}

void wait() {
  try {
    Hub::get().park("wait: until nothing is left to do");
  } catch (const LoopExit&) {
  }
}

}  // namespace coroscope::hub
