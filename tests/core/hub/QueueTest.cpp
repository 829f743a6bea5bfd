// gevent's Queue (../shared/SEMANTICS.md 11); the conformance twin's expected
// lines are the real gevent 22.10.2 output.
#include "hub/Queue.hpp"

#include <gtest/gtest.h>

#include <any>
#include <string>

#include "core/hub/HubFixture.hpp"

namespace coroscope::hub {
namespace {

using testing::Lines;

class QueueTest : public testing::HubTest {};

std::string repr(const Value& v) {
  if (!v.has_value()) return "None";
  if (v.type() == typeid(int)) return std::to_string(std::any_cast<int>(v));
  return "'" + std::any_cast<std::string>(v) + "'";
}

// Conformance 42: with maxsize=2 the producer blocks on put() when the queue
// is full; put() never hands an item straight to the waiting consumer.
TEST_F(QueueTest, Conformance42ProducerConsumer) {
  run([&] {
    Queue q(2);
    auto producer = [&] {
      for (int i = 0; i < 5; ++i) {
        log("producer: put %d (qsize before=%zu)", i, q.qsize());
        q.put(i);
      }
      log("producer: put None (sentinel)");
      q.put(Value());
      log("producer: done");
      return Value();
    };
    auto consumer = [&] {
      for (;;) {
        Value item = q.get();
        log("consumer: got %s", repr(item).c_str());
        if (!item.has_value()) break;
      }
      return Value();
    };
    joinall({spawn(producer), spawn(consumer)});
  });
  EXPECT_EQ(log_, (Lines{"producer: put 0 (qsize before=0)", "producer: put 1 (qsize before=1)",
                         "producer: put 2 (qsize before=2)", "consumer: got 0", "consumer: got 1",
                         "producer: put 3 (qsize before=1)", "producer: put 4 (qsize before=2)",
                         "consumer: got 2", "consumer: got 3", "producer: put None (sentinel)",
                         "producer: done", "consumer: got 4", "consumer: got None"}));
}

TEST_F(QueueTest, ItemsComeOutFirstInFirstOut) {
  run([&] {
    Queue q;
    for (int i = 0; i < 4; ++i) q.put(i);
    std::string out;
    while (!q.empty()) out += repr(q.get()) + " ";
    log("%s", out.c_str());
  });
  EXPECT_EQ(log_, (Lines{"0 1 2 3 "}));
}

TEST_F(QueueTest, BlockedGettersAreServedInTheOrderTheyBlocked) {
  run([&] {
    Queue q;
    auto getter = [&](const char* name, bool sleep_first) {
      return [&, name, sleep_first] {
        if (sleep_first) sleep(0);
        log("%s: got %s", name, repr(q.get()).c_str());
        return Value();
      };
    };
    auto g1 = spawn(getter("g1", true));  // spawned first, blocks last
    auto g2 = spawn(getter("g2", false));
    auto g3 = spawn(getter("g3", false));
    sleep(0);
    sleep(0);
    log("main: %zu getters", q.getters());
    q.put(std::string("a"));
    q.put(std::string("b"));
    q.put(std::string("c"));
    joinall({g1, g2, g3});
  });
  EXPECT_EQ(log_, (Lines{"main: 3 getters", "g2: got 'a'", "g3: got 'b'", "g1: got 'c'"}));
}

// put() enqueues and schedules the unlock callback: the putter keeps running
// and qsize grows; the getter gets the item only once the putter blocks.
TEST_F(QueueTest, PutDoesNotHandTheItemToAWaitingGetter) {
  run([&] {
    Queue q;
    auto getter = spawn([&] {
      log("getter: got %s", repr(q.get()).c_str());
      return Value();
    });
    sleep(0);
    q.put(1);
    log("main: put 1, qsize=%zu getters=%zu", q.qsize(), q.getters());
    q.put(2);
    log("main: put 2, qsize=%zu", q.qsize());
    sleep(0);
    log("main: after sleep(0), qsize=%zu getters=%zu", q.qsize(), q.getters());
    getter->join();
  });
  EXPECT_EQ(log_, (Lines{"main: put 1, qsize=1 getters=1", "main: put 2, qsize=2", "getter: got 1",
                         "main: after sleep(0), qsize=1 getters=0"}));
}

TEST_F(QueueTest, FullAndEmpty) {
  run([&] {
    Queue q(1);
    try {
      q.get_nowait();
    } catch (const Empty& e) {
      log("get_nowait(): Empty '%s'", e.what());
    }
    try {
      q.get(true, 0.3);
    } catch (const Empty&) {
      log("get(timeout=0.3): Empty at t=%.1f", now());
    }
    q.put_nowait(1);
    log("qsize=%zu full=%d empty=%d maxsize=%zu", q.qsize(), q.full(), q.empty(), *q.maxsize());
    try {
      q.put_nowait(2);
    } catch (const Full& e) {
      log("put_nowait(2): Full '%s'", e.what());
    }
    try {
      q.put(2, true, 0.5);
    } catch (const Full&) {
      log("put(2, timeout=0.5): Full at t=%.1f", now());
    }
    log("qsize=%zu getters=%zu putters=%zu", q.qsize(), q.getters(), q.putters());
    log("get() -> %s", repr(q.get()).c_str());
  });
  EXPECT_EQ(log_, (Lines{"get_nowait(): Empty ''", "get(timeout=0.3): Empty at t=0.3",
                         "qsize=1 full=1 empty=0 maxsize=1", "put_nowait(2): Full ''",
                         "put(2, timeout=0.5): Full at t=0.8", "qsize=1 getters=0 putters=0",
                         "get() -> 1"}));
}

TEST_F(QueueTest, PutBlocksWhileTheQueueIsFull) {
  run([&] {
    Queue q(1);
    auto producer = spawn([&] {
      q.put(1);
      log("producer: put 1 at t=%.1f", now());
      q.put(2);
      log("producer: put 2 at t=%.1f", now());
      return Value();
    });
    auto consumer = spawn([&] {
      sleep(1);
      for (int i = 0; i < 2; ++i) {
        const Value item = q.get();
        log("consumer: got %s at t=%.1f", repr(item).c_str(), now());
      }
      return Value();
    });
    joinall({producer, consumer});
  });
  EXPECT_EQ(log_, (Lines{"producer: put 1 at t=0.0", "consumer: got 1 at t=1.0",
                         "producer: put 2 at t=1.0", "consumer: got 2 at t=1.0"}));
}

TEST_F(QueueTest, UnboundedQueueIsNeverFull) {
  run([&] {
    Queue none;
    Queue zero(0);  // gevent: Queue(0) is Queue(None)
    for (int i = 0; i < 1000; ++i) {
      none.put_nowait(i);
      zero.put_nowait(i);
    }
    log("qsize=%zu,%zu full=%d,%d maxsize=%d,%d", none.qsize(), zero.qsize(), none.full(),
        zero.full(), none.maxsize().has_value(), zero.maxsize().has_value());
  });
  EXPECT_EQ(log_, (Lines{"qsize=1000,1000 full=0,0 maxsize=0,0"}));
}

// A killed getter or putter leaves no waiter behind: a later put() schedules
// nothing for it, and a killed putter's item never enters the queue.
TEST_F(QueueTest, KilledWaitersLeaveNothingBehind) {
  run([&] {
    Queue q(1);
    auto getter = spawn([&] {
      q.get(true, 5);
      log("never printed");
      return Value();
    });
    sleep(0);
    log("getters=%zu timers=%zu", q.getters(), Hub::get().active_timers());
    getter->kill();
    log("after kill: getters=%zu timers=%zu", q.getters(), Hub::get().active_timers());
    q.put(1);
    auto putter = spawn([&] {
      q.put(2);
      log("never printed either");
      return Value();
    });
    sleep(0);
    log("putters=%zu", q.putters());
    putter->kill();
    log("after kill: putters=%zu qsize=%zu", q.putters(), q.qsize());
    log("get() -> %s", repr(q.get()).c_str());
    log("empty=%d", q.empty());
    sleep(0);
  });
  EXPECT_EQ(log_, (Lines{"getters=1 timers=1", "after kill: getters=0 timers=0", "putters=1",
                         "after kill: putters=0 qsize=1", "get() -> 1", "empty=1"}));
}

// In the hub (a rawlink callback) put/get cannot park: put on a full queue
// first lets waiting getters take items; get on an empty one lets blocked
// putters put theirs.
TEST_F(QueueTest, InTheHubWaitersAreLetThroughInstead) {
  run([&] {
    Queue q(1);
    auto getter = spawn([&] {
      log("getter: got %s", repr(q.get()).c_str());
      return Value();
    });
    auto done = spawn([] { return Value(); });
    sleep(0);
    done->rawlink([&](Greenlet&) {
      log("hub: put_nowait(2) on a full queue");
      q.put_nowait(2);
      log("hub: qsize=%zu", q.qsize());
    });
    q.put(1);  // the unlock callback comes after the rawlink's
    done->join();
    getter->join();

    auto putter = spawn([&] {
      q.put(3);
      log("putter: put 3 returned");
      return Value();
    });
    sleep(0);
    auto done2 = spawn([] { return Value(); });
    done2->join();
    done2->rawlink([&](Greenlet&) {
      log("hub: get_nowait() on an empty queue -> %s", repr(q.get_nowait()).c_str());
      try {
        q.get_nowait();
      } catch (const Empty&) {
        log("hub: get_nowait() again: Empty");
      }
    });
    log("main: get() -> %s", repr(q.get()).c_str());  // queues the unlock after the rawlink's
    putter->join();
  });
  EXPECT_EQ(log_,
            (Lines{"hub: put_nowait(2) on a full queue", "getter: got 1", "hub: qsize=1",
                   "main: get() -> 2", "putter: put 3 returned",
                   "hub: get_nowait() on an empty queue -> 3", "hub: get_nowait() again: Empty"}));
}

// The greenlet woken by the unlock callback may destroy the queue.
TEST_F(QueueTest, WokenGreenletMayDestroyTheQueue) {
  run([&] {
    auto q = std::make_unique<Queue>();
    Queue* raw = q.get();
    auto a = spawn([&] {
      log("a: got %s", repr(raw->get()).c_str());
      q.reset();
      return Value();
    });
    sleep(0);
    raw->put(7);
    a->join();
    log("main: queue gone=%d", q == nullptr);
  });
  EXPECT_EQ(log_, (Lines{"a: got 7", "main: queue gone=1"}));
}

}  // namespace
}  // namespace coroscope::hub
