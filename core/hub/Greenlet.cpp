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

Greenlet::Greenlet(runtime::Run run, std::string name)
    : runtime::Greenlet(std::move(run), GreenletRef(&Hub::get()),
                        runtime::GreenletOptions{runtime::kDefaultStackSize, std::move(name)}) {}

Greenlet::~Greenlet() {
  if (links_ && !(links_ & 1)) delete reinterpret_cast<LinkList*>(links_);
}

GreenletPtr Greenlet::make(runtime::Run run, std::string name) {
  return GreenletPtr(new Greenlet(std::move(run), std::move(name)));
}

Hub& Greenlet::hub() const {
  return static_cast<Hub&>(*world().hub_slot());
}

const Value& Greenlet::value() const {
  static const Value none;
  return failed_ ? none : result_;
}

std::exception_ptr Greenlet::exception() const {
  return failed_ ? std::any_cast<std::exception_ptr>(result_) : nullptr;
}

void Greenlet::start() {
  if (scheduled_ || ready_) return;
  scheduled_ = true;
  start_is_timer_ = false;
  start_id_ = hub().run_switch(GreenletRef(this), nullptr);
  hub().emit(Sched::Spawn, this, "spawn");
}

void Greenlet::start_later(double seconds) {
  if (scheduled_ || ready_) return;
  scheduled_ = true;
  start_is_timer_ = true;
  Hub& h = hub();
  start_id_ = h.start_timer(
      h.now() + seconds, [self = GreenletPtr(this)] { self->switch_to(); }, this);
  h.emit(Sched::Spawn, this, "spawn_later");
}

// run() is the greenlet's body: gevent's Greenlet.run, result kept, error
// reported, links notified, then back to the hub (its parent).
Value Greenlet::run(Value) {
  start_id_ = 0;
  const char* how = "returned";
  Value v;
  std::exception_ptr e;
  try {
    v = runtime::Greenlet::run({});  // the Fn given at creation
  } catch (const boost::context::detail::forced_unwind&) {
    throw;
  } catch (const runtime::GreenletExit& x) {
    v = x;
    how = "killed";
  } catch (...) {
    e = std::current_exception();
    how = "raised";
  }
  finish(std::move(v), e);
  hub().emit(Sched::Exit, this, how);
  if (e) report_failure(hub(), *this, e);
  became_ready();
  return {};
}

void Greenlet::finish(Value v, std::exception_ptr e) {
  ready_ = true;
  failed_ = static_cast<bool>(e);
  result_ = e ? Value(std::move(e)) : std::move(v);
}

void Greenlet::finish_before_start(std::exception_ptr e) {
  killed_before_start_ = true;
  scheduled_ = true;
  set_run({});  // what it would have run, and what that holds, goes now
  if (is_greenlet_exit(e)) {
    finish(runtime::GreenletExit{}, nullptr);
    hub().emit(Sched::Exit, this, "killed before it started");
  } else {
    finish({}, e);
    hub().emit(Sched::Exit, this, "killed before it started");
    report_failure(hub(), *this, e);
  }
  became_ready();
}

// ---- links -----------------------------------------------------------------------

// ReadyWaiter: a greenlet waiting until enough of some greenlets are ready
// (join, joinall); linked to each of them without an allocation per greenlet.
struct ReadyWaiter {
  Hub& hub;
  GreenletRef me;
  std::size_t want;
  const char* why;       // the wake that completes the wait
  const char* why_more;  // a wake with one more ready, not yet enough
  std::vector<GreenletPtr> done;
  bool waiting = false;  // parked, to be woken
  bool timed_out = false;
  // ready(g): as gevent's iwait, each greenlet that becomes ready is handed to
  // the waiter on its own: the hub switches to it, and it parks again for the
  // next one until it has enough.
  void ready(Greenlet& g) {
    done.emplace_back(&g);
    if (std::exchange(waiting, false)) hub.wake(*me, {}, done.size() >= want ? why : why_more);
  }
  void attach(Greenlet& g) { g.add_waiter(this); }
  void detach(Greenlet& g) { g.remove_waiter(this); }
};

Greenlet::LinkList& Greenlet::link_list() {
  if (links_ & 1) {  // one waiter: becomes the first entry of a list
    auto* w = reinterpret_cast<ReadyWaiter*>(links_ & ~std::uintptr_t{1});
    auto* list = new LinkList;
    list->links.push_back({0, LinkKind::Waiter, {}, w});
    links_ = reinterpret_cast<std::uintptr_t>(list);
  } else if (!links_) {
    links_ = reinterpret_cast<std::uintptr_t>(new LinkList);
  }
  return *reinterpret_cast<LinkList*>(links_);
}

bool Greenlet::has_links() const {
  return links_ && ((links_ & 1) || !reinterpret_cast<LinkList*>(links_)->links.empty());
}

void Greenlet::became_ready() {
  if (!has_links() || notify_scheduled_ || !ready_) return;
  notify_scheduled_ = true;
  hub().run_callback([self = GreenletPtr(this)] { self->notify_links(); });
}

void Greenlet::notify_links() {
  notify_scheduled_ = false;
  Hub& h = hub();
  while (has_links()) {
    if (links_ & 1) {
      auto* w = reinterpret_cast<ReadyWaiter*>(links_ & ~std::uintptr_t{1});
      links_ = 0;
      run_guarded(h, [&] { w->ready(*this); });
      continue;
    }
    std::vector<Link>& links = reinterpret_cast<LinkList*>(links_)->links;
    Link link = std::move(links.front());
    links.erase(links.begin());
    if ((link.kind == LinkKind::OnValue && !successful()) ||
        (link.kind == LinkKind::OnException && successful())) {
      continue;
    }
    if (link.kind == LinkKind::Waiter) {
      run_guarded(h, [&] { link.waiter->ready(*this); });
    } else if (link.kind == LinkKind::Raw) {
      run_guarded(h, [&] { link.fn(*this); });
    } else {  // in a greenlet of its own, whose parent is the hub
      GreenletPtr self(this);
      GreenletRef runner = runtime::Greenlet::create(
          [fn = std::move(link.fn), self](Value) -> Value {
            fn(*self);
            return {};
          },
          GreenletRef(&h), runtime::GreenletOptions{runtime::kDefaultStackSize, "link"});
      run_guarded(h, [&] { runner->switch_to(); });
    }
  }
}

std::uint64_t Greenlet::add_link(LinkKind kind, LinkFn cb) {
  LinkList& list = link_list();
  const std::uint64_t id = list.next_id++;
  list.links.push_back({id, kind, std::move(cb), nullptr});
  became_ready();  // a link added after completion still fires, on the next pass
  return id;
}

void Greenlet::add_waiter(ReadyWaiter* w) {
  if (!links_) {
    links_ = reinterpret_cast<std::uintptr_t>(w) | 1;
  } else {
    link_list().links.push_back({0, LinkKind::Waiter, {}, w});
  }
  became_ready();
}

void Greenlet::remove_waiter(ReadyWaiter* w) {
  if (links_ == (reinterpret_cast<std::uintptr_t>(w) | 1)) {
    links_ = 0;
  } else if (links_ && !(links_ & 1)) {
    std::erase_if(reinterpret_cast<LinkList*>(links_)->links,
                  [w](const Link& l) { return l.waiter == w; });
  }
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
  if (id == 0 || !links_ || (links_ & 1)) return;
  std::erase_if(reinterpret_cast<LinkList*>(links_)->links,
                [id](const Link& l) { return l.id == id; });
}

// ---- waiting and killing ---------------------------------------------------------------

namespace {
struct WaitTexts {
  const char* park;       // what the waiter parks on
  const char* ready;      // why it wakes when enough are ready
  const char* one_more;   // why it wakes with one more ready, not yet enough
  const char* timed_out;  // why it wakes on timeout
};
}  // namespace

// wait_ready(gs, want, timeout, texts) parks the current greenlet until want of
// gs are ready or timeout seconds pass; returns those that became ready, in
// the order they did. Its links and timer are gone on every way out.
static std::vector<GreenletPtr> wait_ready(const std::vector<GreenletPtr>& gs, std::size_t want,
                                           std::optional<double> timeout, const WaitTexts& texts) {
  Hub& hub = Hub::get();
  ReadyWaiter w{hub, runtime::getcurrent(), want, texts.ready, texts.one_more, {}};
  std::size_t linked = 0;
  struct Cleanup {
    Hub& hub;
    ReadyWaiter& w;
    const std::vector<GreenletPtr>& gs;
    std::size_t& linked;
    std::uint64_t timer = 0;
    ~Cleanup() {
      for (std::size_t i = 0; i < linked; ++i) w.detach(*gs[i]);
      if (timer) hub.cancel_timer(timer);
    }
  } cleanup{hub, w, gs, linked};
  for (const GreenletPtr& g : gs) {
    w.attach(*g);
    ++linked;
  }
  if (timeout) {
    cleanup.timer = hub.start_timer(
        hub.refresh_now() + *timeout,
        [&w, why = texts.timed_out] {
          w.timed_out = true;
          if (std::exchange(w.waiting, false)) w.hub.wake(*w.me, {}, why);
        },
        w.me.get());
  }
  while (w.done.size() < want && !w.timed_out) {
    w.waiting = true;
    hub.park(texts.park);
  }
  return std::move(w.done);
}

void Greenlet::join(std::optional<double> timeout) {
  if (ready_) return;
  wait_ready({GreenletPtr(this)}, 1, timeout,
             {"join", "join: the greenlet is ready", "", "join: timeout"});
}

Value Greenlet::get(bool block, std::optional<double> timeout) {
  if (!ready_ && !block) throw Timeout();
  if (!ready_) join(timeout);
  if (!ready_) throw Timeout(timeout.value_or(-1));
  if (failed_) std::rethrow_exception(exception());
  return result_;
}

void Greenlet::kill(std::exception_ptr e, bool block, std::optional<double> timeout) {
  e = or_greenlet_exit(std::move(e));
  if (ready_) return;
  if (!runtime::Greenlet::started()) {  // never ran: it never will
    if (scheduled_) {
      if (start_is_timer_) {
        hub().cancel_timer(start_id_);
      } else {
        hub().cancel_callback(start_id_);
      }
    }
    finish_before_start(e);
    return;
  }
  GreenletRef waiter = block ? runtime::getcurrent() : GreenletRef();
  auto waiting = std::make_shared<bool>(block);  // false once the waiter left the park
  hub().run_callback([self = GreenletPtr(this), e, waiter, waiting] {
    if (!self->ready_) self->throw_into(e);  // gevent's _kill: from the hub
    if (waiter && std::exchange(*waiting, false)) {
      self->hub().wake(*waiter, {}, "kill delivered");
    }
  });
  if (block) {
    try {
      hub().park("kill");
    } catch (...) {
      *waiting = false;  // the kill itself is still delivered, but wakes nobody
      throw;
    }
    join(timeout);
  }
}

// ---- module functions ---------------------------------------------------------------------

void sleep(double seconds) {
  Hub& hub = Hub::get();
  GreenletRef me = runtime::getcurrent();
  if (seconds <= 0) {
    const std::uint64_t turn = hub.run_switch(me, "sleep(0): its turn again");
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
                 {"joinall", "joinall: enough greenlets are ready",
                  "joinall: one more greenlet is ready", "joinall: timeout"});
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
