#include "hub/Event.hpp"

#include <cstdint>

#include "hub/Report.hpp"

namespace coroscope::hub {

namespace detail {

// WaitList: gevent's AbstractLinkable, for parked greenlets only. Lives on the
// heap, shared by its Event or AsyncResult, the queued notifier and every
// greenlet parked on it. A link lives in park()'s frame, on the parked
// greenlet's own stack (a page that is resident anyway), and is in a list
// exactly while its greenlet is parked there: waiting costs no allocation.
struct WaitList : std::enable_shared_from_this<WaitList> {
  struct Link {
    std::uint64_t id;
    runtime::Greenlet* greenlet;  // kept alive by park()'s own reference
    bool arrived;                 // in `arrived`, else in `links`
    bool linked = false;
    Link* prev = nullptr;
    Link* next = nullptr;
  };
  // Links: an intrusive FIFO of links, O(1) to append, unlink and splice.
  struct Links {
    Link* head = nullptr;
    Link* tail = nullptr;
    std::size_t size = 0;
    bool empty() const { return head == nullptr; }
    void push_back(Link& l) {
      l.prev = tail;
      l.next = nullptr;
      (tail ? tail->next : head) = &l;
      tail = &l;
      l.linked = true;
      ++size;
    }
    void erase(Link& l) {
      (l.prev ? l.prev->next : head) = l.next;
      (l.next ? l.next->prev : tail) = l.prev;
      l.prev = l.next = nullptr;
      l.linked = false;
      --size;
    }
    void splice_back(Links& o) {
      if (o.empty()) return;
      o.head->prev = tail;
      (tail ? tail->next : head) = o.head;
      tail = o.tail;
      size += o.size;
      o = Links{};
    }
  };

  WaitList(const char* park, const char* wake, const char* timeout)
      : park_what(park), wake_why(wake), timeout_why(timeout) {}

  // park(to_arrived, timeout) links the current greenlet (to the notifier's
  // arrived list, or to links) and parks it until the notifier wakes it (true)
  // or timeout seconds pass (false). On every way out it is unlinked.
  bool park(bool to_arrived, std::optional<double> timeout);
  // check_and_notify() queues the notifier if ready, linked and not notifying.
  void check_and_notify();
  void notify_links();
  void notify_list(Links& list);
  void unlink(Link& l) {
    if (l.linked) (l.arrived ? arrived : links).erase(l);
  }

  // wait(timeout) is gevent's _wait(): unset -> park, false on timeout; set
  // and being notified -> park behind those being woken (no timeout); set ->
  // true at once.
  bool wait(std::optional<double> timeout) {
    if (!ready) return park(false, timeout);
    if (notifying) park(true, {});
    return true;
  }
  std::size_t linkcount() const { return links.size + arrived.size; }

  const char* park_what;
  const char* wake_why;
  const char* timeout_why;
  bool ready = false;
  bool notifying = false;  // gevent's bool(_notifier): queued or running
  Links links;             // parked before the notifier began
  Links arrived;           // arrived while it was pending: woken after links
  std::uint64_t next_link = 1;
  // AsyncResult's result.
  Value value;
  bool has_value = false;
  std::exception_ptr exception;
};

bool WaitList::park(bool to_arrived, std::optional<double> timeout) {
  Hub& hub = Hub::get();
  GreenletRef me = runtime::getcurrent();
  std::shared_ptr<WaitList> keep = shared_from_this();  // the owner may go while we wait
  Link link{next_link++, me.get(), to_arrived};
  (to_arrived ? arrived : links).push_back(link);
  bool timed_out = false;
  struct Cleanup {
    WaitList& list;
    Link& link;
    Hub& hub;
    std::uint64_t timer = 0;
    ~Cleanup() {
      list.unlink(link);
      if (timer) hub.cancel_timer(timer);
    }
  } cleanup{*this, link, hub};
  if (timeout) {
    cleanup.timer = hub.start_timer(
        hub.refresh_now() + *timeout,
        [&hub, &timed_out, me, why = timeout_why] {
          timed_out = true;
          hub.wake(*me, {}, why);
        },
        me.get());
  }
  // Only the notifier (which unlinks first) or the timer ends the wait; a
  // stray wake (say, a sleep(0) callback left over from an earlier wait) parks again.
  do {
    hub.park(park_what);
  } while (!timed_out && link.linked);
  return !timed_out;
}

void WaitList::check_and_notify() {
  if (!ready || links.empty() || notifying) return;
  notifying = true;
  Hub::get().run_callback([self = shared_from_this()] { self->notify_links(); });
}

// notify_links() is the notifier: it wakes the links there were when it began,
// then those that arrived meanwhile; anyone added later waits for the next one.
void WaitList::notify_links() {
  struct Done {
    WaitList& list;
    ~Done() {
      for (Link* l = list.arrived.head; l; l = l->next) l->arrived = false;
      list.links.splice_back(list.arrived);
      list.notifying = false;
    }
  };
  {
    Done done{*this};
    notify_list(links);
    notify_list(arrived);
  }
  check_and_notify();
}

// notify_list(list) wakes list's greenlets in order, up to the last one there
// now. Each runs until it blocks again, which may change the list.
void WaitList::notify_list(Links& list) {
  if (list.empty()) return;
  Hub& hub = Hub::get();
  const std::uint64_t last = list.tail->id;
  while (!list.empty()) {
    Link& link = *list.head;
    const std::uint64_t id = link.id;
    GreenletRef g = link.greenlet;
    list.erase(link);  // the link lives in g's frame: not touched once g runs
    run_guarded(hub, [&] { hub.wake(*g, {}, wake_why); });  // errors: reported
    if (id == last) break;
  }
}

}  // namespace detail

// ---- Event ---------------------------------------------------------------------------

Event::Event()
    : list_(
          std::make_shared<detail::WaitList>("event", "event: it is set", "event wait: timeout")) {}
Event::~Event() = default;

void Event::set() {
  list_->ready = true;
  list_->check_and_notify();
}

void Event::clear() {
  list_->ready = false;
}

bool Event::is_set() const {
  return list_->ready;
}

bool Event::wait(std::optional<double> timeout) {
  std::shared_ptr<detail::WaitList> list = list_;  // *this may be gone once we wake
  return list->wait(timeout);
}

std::size_t Event::linkcount() const {
  return list_->linkcount();
}

// ---- AsyncResult ---------------------------------------------------------------------

AsyncResult::AsyncResult()
    : list_(std::make_shared<detail::WaitList>("async result", "async result: it is ready",
                                               "async result wait: timeout")) {}
AsyncResult::~AsyncResult() = default;

void AsyncResult::set(Value v) {
  list_->value = std::move(v);
  list_->has_value = true;
  list_->exception = nullptr;
  list_->ready = true;
  list_->check_and_notify();
}

void AsyncResult::set_exception(std::exception_ptr e) {
  list_->exception = std::move(e);
  list_->value.reset();
  list_->has_value = false;
  list_->ready = true;
  list_->check_and_notify();
}

bool AsyncResult::ready() const {
  return list_->ready;
}
bool AsyncResult::successful() const {
  return list_->has_value;
}
const Value& AsyncResult::value() const {
  return list_->value;
}
std::exception_ptr AsyncResult::exception() const {
  return list_->exception;
}

Value AsyncResult::get(bool block, std::optional<double> timeout) {
  std::shared_ptr<detail::WaitList> list = list_;  // *this may be gone once we wake
  if (!list->ready) {
    if (!block) throw Timeout();
    if (!list->park(false, timeout)) throw Timeout(timeout.value_or(-1));
  }
  if (list->exception) std::rethrow_exception(list->exception);
  return list->value;
}

Value AsyncResult::wait(std::optional<double> timeout) {
  std::shared_ptr<detail::WaitList> list = list_;
  list->wait(timeout);
  return list->value;
}

std::size_t AsyncResult::linkcount() const {
  return list_->linkcount();
}

}  // namespace coroscope::hub
