#pragma once
// Queue: gevent.queue.Queue, a FIFO of Values between greenlets. put() never
// hands an item straight to a waiting getter: it enqueues it and queues one
// "unlock" callback, so the putter keeps running; the hub later wakes blocked
// putters and getters, each in the order they blocked.
//
//   Queue q(2);                       // at most 2 items; Queue() is unbounded
//   spawn([&] { for (;;) use(q.get()); return Value(); });
//   q.put(Value(1));                  // blocks only while the queue is full
//   q.put(Value(2), true, 0.5);       // Full if still full after 0.5 s
//   Value v = q.get(true, 1.0);       // Empty if nothing came within 1 s
//
// Items and waiters live in a block shared by the queue, its pending unlock
// callback and each blocked greenlet, so the queue may go while they wait.

#include <cstddef>
#include <exception>
#include <memory>
#include <optional>

#include "hub/Hub.hpp"

namespace coroscope::hub {

// Empty: get() found no item (without block, or within its timeout). what() is
// Python's str(queue.Empty()): empty, as gevent raises the bare class.
class Empty : public std::exception {
 public:
  const char* what() const noexcept override { return ""; }
};

// Full: put() found no room (without block, or within its timeout). what() is
// empty, as for Empty.
class Full : public std::exception {
 public:
  const char* what() const noexcept override { return ""; }
};

namespace detail {
struct QueueState;
}

class Queue {
 public:
  // Queue(maxsize) holds at most maxsize items; none or 0 is unbounded (gevent
  // treats Queue(0) as Queue(None)).
  explicit Queue(std::optional<std::size_t> maxsize = {});
  ~Queue();
  Queue(const Queue&) = delete;
  Queue& operator=(const Queue&) = delete;

  std::size_t qsize() const;
  bool empty() const { return qsize() == 0; }
  // full() is false for an unbounded queue.
  bool full() const;
  std::optional<std::size_t> maxsize() const;

  // put(item, block, timeout) appends item if there is room, queueing the
  // unlock callback when getters wait, and returns without blocking. Full:
  // without block throws Full; else parks until the unlock callback moves item
  // in (putters in the order they blocked), or throws Full after timeout
  // seconds. In the hub it cannot park: it lets waiting getters take items
  // first and throws Full if that made no room.
  void put(Value item, bool block = true, std::optional<double> timeout = {});
  void put_nowait(Value item) { put(std::move(item), false); }

  // get(block, timeout) removes and returns the oldest item, queueing the
  // unlock callback when putters wait. Empty: without block throws Empty; else
  // parks until the unlock callback wakes it with an item there (getters in
  // the order they blocked), or throws Empty after timeout seconds. In the hub
  // it lets blocked putters put their items instead, and throws Empty if none.
  Value get(bool block = true, std::optional<double> timeout = {});
  Value get_nowait() { return get(false); }

  // getters() / putters() count the greenlets blocked in get() / put()
  // (gevent's len(q.getters) / len(q.putters)).
  std::size_t getters() const;
  std::size_t putters() const;

 private:
  std::shared_ptr<detail::QueueState> state_;
};

}  // namespace coroscope::hub
