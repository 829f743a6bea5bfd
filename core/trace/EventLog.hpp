#pragma once
// EventLog: records every transfer and scheduling event of one world, in order.
//
//   trace::EventLog log;
//   runtime::Observer* previous = runtime::settrace(&log);  // inside the world (e.g. a Host's
//   main)
//   ...                                                     // greenlets switch, sleep, print
//   runtime::settrace(previous);
//   for (std::size_t i = 0; i < log.size(); ++i) std::cout << log.describe(i) << "\n";
//   log.record_print(g, "12\n"); log.record_line(g, 7);     // for the script layer
//   if (const SavedContext* c = log.saved_context(i)) ...   // registers a transfer restored
//
// Recording does not allocate in the common case (a new 128K-event block or
// 128K-context block, a greenlet, a `what` text or an I/O wait's detail seen
// for the first time, and printed text do), takes no lock, makes no syscall (but for a new block)
// and builds no string; blocks come from the kernel as huge pages faulted in at once, so filling
// them costs no page fault per 4 KiB. Each transfer also keeps its target's saved registers
// (SavedContext) in a side table. The log lives on the world's thread, is used by that thread only,
// must outlive its attachment, and records one world (greenlet ids are per world). Events and
// contexts are stored in blocks that never move.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/Greenlet.hpp"
#include "trace/Event.hpp"

namespace coroscope::trace {

// SavedContext is what a transfer's target had saved when it last switched
// away: the registers the transfer is about to restore onto the CPU, its stack
// pointer, and the top of its stack (0 when it has no stack of ours, e.g. a
// thread's main greenlet). Kept in a side table, one per transfer whose target
// had saved registers (none for a target that has not started yet, and none in
// builds without the fcontext layout: runtime::registers_available()).
struct SavedContext {
  runtime::SavedRegisters registers;
  std::uintptr_t sp;
  std::uintptr_t stack_top;
};

// EventView is an event read back: its fields, with the text and the wall time resolved.
struct EventView {
  std::size_t seq;
  Kind kind;
  double time;              // virtual seconds
  double deadline;          // timers armed / fired; NaN otherwise
  std::int64_t wall_ns;     // since the log started
  std::uint32_t greenlet;   // origin of a transfer, or whom the event concerns
  std::uint32_t target;     // transfers only; kNoGreenlet otherwise
  std::int32_t number;      // fd or line; -1 otherwise
  std::string_view text;    // `what`, or printed text; empty for none
  std::string_view detail;  // IoWait / IoReady: what the wait is (trace/IoDetail.hpp); else empty
  std::uint8_t flags;       // kOriginDied
  const Event* raw;
};

class EventLog final : public runtime::Observer {
 public:
  // kBlockEvents: a block is 6 MiB, three transparent huge pages (see next_block).
  static constexpr std::size_t kBlockEvents = std::size_t{1} << 17;
  // kBlockContexts: a block of saved contexts is 10 MiB, five huge pages.
  static constexpr std::size_t kBlockContexts = std::size_t{1} << 17;

  EventLog();
  ~EventLog() override;
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // runtime::Observer: called by the world; they record one event each.
  void on_transfer(runtime::Transfer kind, runtime::Greenlet& origin,
                   runtime::Greenlet& target) override;
  void on_sched(const runtime::SchedEvent& e) override;

  // record_line(g, line) notes that g's current source line is now line.
  // After kLineRun Line events in a row with nothing else between (a loop
  // that neither prints nor switches, e.g. while True: n += 1), the last one
  // is updated in place instead: such a loop would otherwise log ten million
  // events a second; a learner still steps through its first kLineRun lines.
  void record_line(const runtime::Greenlet& g, int line);
  static constexpr std::size_t kLineRun = std::size_t{1} << 14;
  // record_exit(g, what) notes that g finished for good with no transfer after
  // it (a hosted main returning to its host): what is "returned" or "raised ...".
  void record_exit(const runtime::Greenlet& g, std::string_view what);
  // record_print(g, text, flags) notes that g printed text (copied into the
  // log); flags kStderr when it went to stderr.
  void record_print(const runtime::Greenlet& g, std::string_view text, std::uint8_t flags = 0);

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Event& event(std::size_t i) const { return blocks_[i / kBlockEvents][i % kBlockEvents]; }
  EventView operator[](std::size_t i) const;

  // saved_context(i) is what transfer i's target had saved (see SavedContext);
  // null when event i is not a transfer or its target had nothing saved.
  const SavedContext* saved_context(std::size_t i) const {
    const Event& e = event(i);
    if (!is_transfer(e.kind) || e.number < 0) return nullptr;
    return &context(static_cast<std::size_t>(e.number));
  }
  // context(k) is the k-th saved context; k < saved_contexts() (a transfer's number).
  const SavedContext& context(std::size_t k) const {
    return context_blocks_[k / kBlockContexts][k % kBlockContexts];
  }
  // saved_contexts() counts the saved contexts recorded (at most one per transfer).
  std::size_t saved_contexts() const { return contexts_; }

  std::string_view text(std::uint32_t index) const;
  // wall_ns(e) is e's wall time in nanoseconds since the log started (steady clock).
  std::int64_t wall_ns(const Event& e) const;

  // greenlet_info(id) is what the log keeps about greenlet id; null if never seen.
  const GreenletInfo* greenlet_info(std::uint32_t id) const;
  // greenlets() lists every greenlet seen, in spawn order (a parent before its children).
  const std::vector<GreenletInfo>& greenlets() const { return info_; }
  // name(id) is the greenlet's name, or "#<id>" / "-" (kNoGreenlet) when unknown.
  std::string name(std::uint32_t id) const;

  // ValueFormatter renders the value a switch carries (the script layer sets
  // Python's repr); the default knows numbers, strings, bools and GreenletExit,
  // and names the type of anything else. Only values that are present cost.
  using ValueFormatter = std::function<std::string(const runtime::Value&)>;
  void set_value_formatter(ValueFormatter f) { format_value_ = std::move(f); }
  static std::string default_value_text(const runtime::Value& v);

  // reason(i) says why transfer i happened, for captions and switch arrows:
  // the wake that caused it ("its sleep is over", "event: it is set", ...; for
  // a wake by I/O readiness what happened on the socket: "a client connected
  // to 127.0.0.1:8001", "data arrived from 127.0.0.1:54312", "fd 8 is readable"),
  // "explicit switch", "it finished: back to its parent", "it blocks: the hub
  // runs", "the hub starts it", "throw". Empty for other events.
  std::string reason(std::size_t i) const;
  // hub() is the id of the world's hub once the log has seen it, else kNoGreenlet.
  std::uint32_t hub() const { return hub_; }

  // describe(e) is one stable line per event, for golden tests and logs, e.g.
  // "switch main -> hub", "park foo on sleep", "timer fired foo @1.000".
  std::string describe(const Event& e) const;
  std::string describe(std::size_t i) const { return describe(event(i)); }

  // memory_bytes() is what the log holds: event blocks, texts, greenlet table.
  std::size_t memory_bytes() const;
  // clear() forgets every event, text and greenlet but keeps the event blocks
  // for reuse; the wall clock restarts.
  void clear();

 private:
  Event& append() {
    if (tail_ == block_end_) [[unlikely]]
      next_block();
    ++size_;
    line_run_ = 0;
    return *tail_++;
  }
  void next_block();
  // record_context(g) copies g's saved context into the side table: its index, or -1.
  std::int32_t record_context(const runtime::Greenlet& g) {
    const std::uintptr_t sp = g.saved_sp();
    if (!sp) return -1;
    if (context_tail_ == context_end_) [[unlikely]]
      next_context_block();
    SavedContext& c = *context_tail_++;
    c.registers = *g.saved_registers();
    c.sp = sp;
    c.stack_top = g.stack_top();
    return static_cast<std::int32_t>(contexts_++);
  }
  void next_context_block();
  std::uint32_t see(const runtime::Greenlet& g) {
    const std::uint64_t id = g.id();
    if (seen_[id % kSeenSlots] != id + 1) [[unlikely]]
      see_slow(g);
    return static_cast<std::uint32_t>(id);
  }
  void see_slow(const runtime::Greenlet& g);
  std::uint32_t intern(const char* what) {
    if (!what || !*what) return kNoText;
    const TextSlot& slot = text_cache_[(reinterpret_cast<std::uintptr_t>(what) >> 3) % kTextSlots];
    if (slot.ptr == what) return slot.index;
    return intern_slow(what);
  }
  std::uint32_t intern_slow(const char* what);
  std::uint32_t add_text(std::string_view s);
  // note_io_detail(s) is the detail index of an IoWait (its text, interned: a
  // socket waits again and again with the same one) or of an IoReady (its
  // IoWait's, kept per fd and direction).
  std::uint32_t note_io_detail(const runtime::SchedEvent& s);
  void reset_tables();

  static constexpr std::size_t kSeenSlots = 256;
  static constexpr std::size_t kTextSlots = 64;
  struct TextSlot {
    const char* ptr = nullptr;
    std::uint32_t index = kNoText;
  };
  struct TextSpan {
    std::uint32_t offset, length;
  };

  struct BlockUnmap {
    void operator()(Event* block) const;
  };
  struct ContextBlockUnmap {
    void operator()(SavedContext* block) const;
  };
  std::vector<std::unique_ptr<Event[], BlockUnmap>> blocks_;
  std::size_t used_blocks_ = 0;  // blocks_ past this are kept for reuse after clear()
  Event* tail_ = nullptr;
  Event* block_end_ = nullptr;
  std::size_t size_ = 0;
  std::size_t line_run_ = 0;  // Line events appended in a row, nothing else between

  std::vector<std::unique_ptr<SavedContext[], ContextBlockUnmap>> context_blocks_;
  std::size_t used_context_blocks_ = 0;
  SavedContext* context_tail_ = nullptr;
  SavedContext* context_end_ = nullptr;
  std::size_t contexts_ = 0;

  std::uint64_t seen_[kSeenSlots];  // id + 1 of a greenlet already in info_, by id
  std::vector<GreenletInfo> info_;
  std::unordered_map<std::uint64_t, std::uint32_t> info_index_;  // id -> position in info_
  const runtime::World* world_ = nullptr;
  std::uint32_t hub_ = kNoGreenlet;
  ValueFormatter format_value_;  // the world of the first greenlet

  TextSlot text_cache_[kTextSlots];
  std::unordered_map<const char*, std::uint32_t> interned_;  // static `what` texts, by pointer
  std::vector<TextSpan> texts_;                              // [0] is the empty text
  std::string arena_;
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, TextHash, std::equal_to<>> details_;
  std::vector<std::uint32_t> io_details_;  // [2 * fd + writable]: the detail of its latest IoWait

  std::int64_t start_ticks_ = 0;
  std::chrono::steady_clock::time_point start_;
  mutable double ns_per_tick_ = 0;  // measured on the first wall_ns() call
};

}  // namespace coroscope::trace
