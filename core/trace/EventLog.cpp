#include "trace/EventLog.hpp"

#include <any>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <new>
#include <thread>

#include <sys/mman.h>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

#include "hub/Hub.hpp"
#include "trace/IoDetail.hpp"

namespace coroscope::trace {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ticks() is the wall clock, raw. On x86-64 it is the TSC (invariant on the
// CPUs we run on): a steady_clock read costs ~50 ns under KVM, more than the
// whole budget of an event; wall_ns() converts ticks with a rate measured
// against steady_clock. Elsewhere it is steady_clock's nanoseconds.
inline std::int64_t ticks() {
#if defined(__x86_64__)
  return static_cast<std::int64_t>(__rdtsc());
#else
  return std::chrono::steady_clock::now().time_since_epoch().count();
#endif
}

// hub_now(w) is the cached now() of w's hub (what Hub::existing() returns for
// the current world), 0 without one. It takes the world from the greenlet, so
// it is right even while a Host tears its world down from outside.
inline double hub_now(runtime::World& w) {
  runtime::Greenlet* h = w.hub_slot().get();
  return h ? static_cast<const hub::Hub*>(h)->now() : 0.0;
}

Kind kind_of(runtime::Sched s) {
  switch (s) {
    case runtime::Sched::Spawn:
      return Kind::Spawn;
    case runtime::Sched::Park:
      return Kind::Park;
    case runtime::Sched::Wake:
      return Kind::Wake;
    case runtime::Sched::TimerArmed:
      return Kind::TimerArmed;
    case runtime::Sched::TimerCancelled:
      return Kind::TimerCancelled;
    case runtime::Sched::TimerFired:
      return Kind::TimerFired;
    case runtime::Sched::IoWait:
      return Kind::IoWait;
    case runtime::Sched::IoReady:
      return Kind::IoReady;
    case runtime::Sched::Exit:
      return Kind::Exit;
  }
  return Kind::Exit;
}

// escaped(s) keeps describe() to one line: newlines, tabs, backslashes and
// other control characters are written as escapes.
std::string escaped(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string seconds(double t) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "@%.3f", t);
  return buf;
}

}  // namespace

const char* to_string(Kind k) {
  switch (k) {
    case Kind::Switch:
      return "switch";
    case Kind::Throw:
      return "throw";
    case Kind::Spawn:
      return "spawn";
    case Kind::Park:
      return "park";
    case Kind::Wake:
      return "wake";
    case Kind::TimerArmed:
      return "timer armed";
    case Kind::TimerCancelled:
      return "timer cancelled";
    case Kind::TimerFired:
      return "timer fired";
    case Kind::IoWait:
      return "io wait";
    case Kind::IoReady:
      return "io ready";
    case Kind::Exit:
      return "exit";
    case Kind::Line:
      return "line";
    case Kind::Print:
      return "print";
  }
  return "?";
}

EventLog::EventLog() {
  reset_tables();
}

EventLog::~EventLog() = default;

void EventLog::reset_tables() {
  for (auto& s : seen_) s = 0;  // id + 1 is never 0
  for (auto& s : text_cache_) s = TextSlot{};
  info_.clear();
  info_index_.clear();
  world_ = nullptr;
  interned_.clear();
  texts_.assign(1, TextSpan{0, 0});
  arena_.clear();
  details_.clear();
  io_details_.clear();
  start_ = std::chrono::steady_clock::now();
  start_ticks_ = ticks();
}

void EventLog::clear() {
  used_blocks_ = 0;
  tail_ = block_end_ = nullptr;
  size_ = 0;
  line_run_ = 0;
  used_context_blocks_ = 0;
  context_tail_ = context_end_ = nullptr;
  contexts_ = 0;
  reset_tables();
}

// ---- recording -------------------------------------------------------------------------

void EventLog::on_transfer(runtime::Transfer kind, runtime::Greenlet& origin,
                           runtime::Greenlet& target) {
  Event& e = append();
  e.time = hub_now(origin.world());
  e.deadline = kNaN;
  e.ticks = ticks();
  e.greenlet = see(origin);
  e.target = see(target);
  e.text = kNoText;
  e.number = record_context(target);
  e.detail = kNoText;
  e.kind = kind == runtime::Transfer::Switch ? Kind::Switch : Kind::Throw;
  if (const runtime::Value* v = origin.world().transfer_value(); v && v->has_value()) [[unlikely]]
    e.text = add_text(format_value_ ? format_value_(*v) : default_value_text(*v));
  // World::finish and route() mark a finished greenlet dead before they report its last transfer.
  e.flags = origin.dead() ? kOriginDied : 0;
}

void EventLog::on_sched(const runtime::SchedEvent& s) {
  Event& e = append();
  const bool timer = s.kind == runtime::Sched::TimerArmed || s.kind == runtime::Sched::TimerFired ||
                     s.kind == runtime::Sched::TimerCancelled;
  if (timer) {  // s.time is the deadline: take now from the hub
    e.deadline = s.time;
    hub::Hub* h = s.greenlet ? nullptr : hub::Hub::existing();
    e.time = s.greenlet ? hub_now(s.greenlet->world()) : (h ? h->now() : 0.0);
  } else {
    e.deadline = kNaN;
    e.time = s.time;
  }
  e.ticks = ticks();
  e.greenlet = s.greenlet ? see(*s.greenlet) : kNoGreenlet;
  e.target = kNoGreenlet;
  e.text = intern(s.what);
  e.number = timer ? static_cast<std::int32_t>(s.id & 0x7fffffff) : s.fd;
  e.detail = kNoText;
  if (s.kind == runtime::Sched::IoWait || s.kind == runtime::Sched::IoReady) [[unlikely]]
    e.detail = note_io_detail(s);
  e.kind = kind_of(s.kind);
  e.flags = 0;
}

std::uint32_t EventLog::note_io_detail(const runtime::SchedEvent& s) {
  if (s.fd < 0) return kNoText;
  const std::size_t slot =
      2 * static_cast<std::size_t>(s.fd) + (s.what && std::string_view(s.what) == "writable");
  if (s.kind == runtime::Sched::IoReady)
    return slot < io_details_.size() ? io_details_[slot] : kNoText;
  std::uint32_t index = kNoText;
  if (!s.detail.empty()) {
    auto it = details_.find(s.detail);
    if (it == details_.end())
      it = details_.emplace(std::string(s.detail), add_text(s.detail)).first;
    index = it->second;
  }
  if (slot >= io_details_.size()) io_details_.resize(slot + 2, kNoText);
  io_details_[slot] = index;
  return index;
}

void EventLog::record_line(const runtime::Greenlet& g, int line) {
  const std::size_t run = line_run_;
  if (run >= kLineRun) [[unlikely]] {
    Event& last = blocks_[(size_ - 1) / kBlockEvents][(size_ - 1) % kBlockEvents];
    if (last.kind == Kind::Line && last.greenlet == see(g)) {
      last.time = hub_now(g.world());
      last.ticks = ticks();
      last.number = line;
      return;
    }
  }
  Event& e = append();
  line_run_ = run + 1;
  e.time = hub_now(g.world());
  e.deadline = kNaN;
  e.ticks = ticks();
  e.greenlet = see(g);
  e.target = kNoGreenlet;
  e.text = kNoText;
  e.number = line;
  e.detail = kNoText;
  e.kind = Kind::Line;
  e.flags = 0;
}

void EventLog::record_exit(const runtime::Greenlet& g, std::string_view what) {
  const std::uint32_t index = add_text(what);
  Event& e = append();
  e.time = hub_now(g.world());
  e.deadline = kNaN;
  e.ticks = ticks();
  e.greenlet = see(g);
  e.target = kNoGreenlet;
  e.text = index;
  e.number = -1;
  e.detail = kNoText;
  e.kind = Kind::Exit;
  e.flags = kFinal;
}

void EventLog::record_print(const runtime::Greenlet& g, std::string_view text, std::uint8_t flags) {
  const std::uint32_t index = add_text(text);
  Event& e = append();
  e.time = hub_now(g.world());
  e.deadline = kNaN;
  e.ticks = ticks();
  e.greenlet = see(g);
  e.target = kNoGreenlet;
  e.text = index;
  e.number = -1;
  e.detail = kNoText;
  e.kind = Kind::Print;
  e.flags = flags;
}

namespace {
constexpr std::size_t kBlockBytes = EventLog::kBlockEvents * sizeof(Event);
constexpr std::size_t kContextBlockBytes = EventLog::kBlockContexts * sizeof(SavedContext);
constexpr std::size_t kHugePage = std::size_t{2} << 20;
static_assert(kBlockBytes % kHugePage == 0, "a block is whole huge pages");
static_assert(kContextBlockBytes % kHugePage == 0, "a block is whole huge pages");

// map_block(bytes) maps a block aligned to a huge page, asks for transparent huge
// pages and faults it in now: a page fault per 4 KiB costs more than an event
// (microseconds under a hypervisor), three huge pages per block do not.
void* map_block(std::size_t bytes) {
  const std::size_t len = bytes + kHugePage;
  void* p = ::mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  const auto base = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t aligned = (base + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > base) ::munmap(p, aligned - base);
  const std::uintptr_t end = aligned + bytes;
  if (base + len > end) ::munmap(reinterpret_cast<void*>(end), base + len - end);
  void* block = reinterpret_cast<void*>(aligned);
  ::madvise(block, bytes, MADV_HUGEPAGE);  // best effort: THP may be off
#if defined(MADV_POPULATE_WRITE)
  ::madvise(block, bytes, MADV_POPULATE_WRITE);  // Linux 5.14+; otherwise on first touch
#endif
  return block;
}
}  // namespace

void EventLog::BlockUnmap::operator()(Event* block) const {
  ::munmap(block, kBlockBytes);
}

void EventLog::ContextBlockUnmap::operator()(SavedContext* block) const {
  ::munmap(block, kContextBlockBytes);
}

void EventLog::next_block() {
  if (used_blocks_ == blocks_.size()) {
    blocks_.emplace_back(static_cast<Event*>(map_block(kBlockBytes)));
  }
  tail_ = blocks_[used_blocks_++].get();
  block_end_ = tail_ + kBlockEvents;
}

void EventLog::next_context_block() {
  assert(contexts_ < std::size_t{INT32_MAX} && "a transfer keeps its context's index in 31 bits");
  if (used_context_blocks_ == context_blocks_.size()) {
    context_blocks_.emplace_back(static_cast<SavedContext*>(map_block(kContextBlockBytes)));
  }
  context_tail_ = context_blocks_[used_context_blocks_++].get();
  context_end_ = context_tail_ + kBlockContexts;
}

// see_slow(g) enters g, and before it its unseen ancestors, in the greenlet
// table, so that spawn order lists a parent before its children.
void EventLog::see_slow(const runtime::Greenlet& g) {
  const std::uint64_t id = g.id();
  assert(id < kNoGreenlet && "greenlet ids past 2^32 do not fit an event");
  if (!world_) world_ = &g.world();
  assert(world_ == &g.world() && "an EventLog records one world");
  if (!info_index_.contains(id)) {
    std::vector<const runtime::Greenlet*> chain;
    for (const runtime::Greenlet* p = &g; p && !info_index_.contains(p->id());
         p = p->parent().get()) {
      chain.push_back(p);  // a parent outlives the read: its child holds it
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const runtime::Greenlet* p = *it;
      const runtime::Greenlet* parent = p->parent().get();
      const auto order = static_cast<std::uint32_t>(info_.size());
      info_.push_back(GreenletInfo{static_cast<std::uint32_t>(p->id()),
                                   parent ? static_cast<std::uint32_t>(parent->id()) : kNoGreenlet,
                                   order, p->name()});
      info_index_.emplace(p->id(), order);
      if (p == world_->hub_slot().get()) hub_ = static_cast<std::uint32_t>(p->id());
    }
  }
  seen_[id % kSeenSlots] = id + 1;
}

std::uint32_t EventLog::intern_slow(const char* what) {
  auto [it, added] = interned_.try_emplace(what, kNoText);
  if (added) it->second = add_text(what);
  text_cache_[(reinterpret_cast<std::uintptr_t>(what) >> 3) % kTextSlots] = {what, it->second};
  return it->second;
}

std::uint32_t EventLog::add_text(std::string_view s) {
  assert(arena_.size() + s.size() < std::numeric_limits<std::uint32_t>::max());
  const auto offset = static_cast<std::uint32_t>(arena_.size());
  arena_.append(s);
  texts_.push_back(TextSpan{offset, static_cast<std::uint32_t>(s.size())});
  return static_cast<std::uint32_t>(texts_.size() - 1);
}

// ---- reading ---------------------------------------------------------------------------

std::string_view EventLog::text(std::uint32_t index) const {
  if (index >= texts_.size()) return {};
  const TextSpan& t = texts_[index];
  return std::string_view(arena_).substr(t.offset, t.length);
}

std::int64_t EventLog::wall_ns(const Event& e) const {
#if defined(__x86_64__)
  if (ns_per_tick_ == 0) {
    // The rate is measured once, over at least a millisecond since the start.
    using namespace std::chrono;
    auto elapsed = steady_clock::now() - start_;
    if (elapsed < milliseconds(1)) std::this_thread::sleep_for(milliseconds(1) - elapsed);
    const std::int64_t t = ticks();
    elapsed = steady_clock::now() - start_;
    ns_per_tick_ = static_cast<double>(duration_cast<nanoseconds>(elapsed).count()) /
                   static_cast<double>(t - start_ticks_);
  }
  return std::llround(static_cast<double>(e.ticks - start_ticks_) * ns_per_tick_);
#else
  return e.ticks - start_ticks_;
#endif
}

EventView EventLog::operator[](std::size_t i) const {
  const Event& e = event(i);
  return EventView{i,        e.kind,   e.time,       e.deadline,     wall_ns(e), e.greenlet,
                   e.target, e.number, text(e.text), text(e.detail), e.flags,    &e};
}

const GreenletInfo* EventLog::greenlet_info(std::uint32_t id) const {
  auto it = info_index_.find(id);
  return it == info_index_.end() ? nullptr : &info_[it->second];
}

std::string EventLog::name(std::uint32_t id) const {
  if (id == kNoGreenlet) return "-";
  if (const GreenletInfo* info = greenlet_info(id)) return info->name;
  return "#" + std::to_string(id);
}

std::string EventLog::describe(const Event& e) const {
  std::string s = to_string(e.kind);
  if (e.greenlet != kNoGreenlet) s += " " + name(e.greenlet);
  const std::string_view what = text(e.text);
  switch (e.kind) {
    case Kind::Switch:
    case Kind::Throw:
      s += " -> " + name(e.target);
      if (!what.empty()) s += " with " + escaped(what);
      break;
    case Kind::Spawn:
      if (what != "spawn") s += " (" + std::string(what) + ")";
      break;
    case Kind::Park:
      s += " on " + std::string(what);
      break;
    case Kind::Wake:
    case Kind::Exit:
      s += ": " + std::string(what);
      break;
    case Kind::TimerArmed:
    case Kind::TimerFired:
    case Kind::TimerCancelled:
      s += " " + seconds(e.deadline);
      break;
    case Kind::IoWait:
    case Kind::IoReady:
      if (e.number >= 0) s += " fd " + std::to_string(e.number);
      s += " " + std::string(what);
      if (e.detail != kNoText) s += " (" + std::string(text(e.detail)) + ")";
      break;
    case Kind::Line:
      s += " " + std::to_string(e.number);
      break;
    case Kind::Print:
      s += ": " + escaped(what);
      break;
  }
  return s;
}

std::string EventLog::default_value_text(const runtime::Value& v) {
  if (!v.has_value()) return "None";
  if (const int* x = std::any_cast<int>(&v)) return std::to_string(*x);
  if (const long* x = std::any_cast<long>(&v)) return std::to_string(*x);
  if (const long long* x = std::any_cast<long long>(&v)) return std::to_string(*x);
  if (const double* x = std::any_cast<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *x);
    return buf;
  }
  if (const bool* x = std::any_cast<bool>(&v)) return *x ? "True" : "False";
  if (const std::string* x = std::any_cast<std::string>(&v)) return "'" + *x + "'";
  if (const char* const* x = std::any_cast<const char*>(&v)) return "'" + std::string(*x) + "'";
  if (std::any_cast<runtime::GreenletExit>(&v)) return "GreenletExit()";
  return std::string("<") + v.type().name() + ">";
}

std::string EventLog::reason(std::size_t i) const {
  const Event& e = event(i);
  if (!is_transfer(e.kind)) return {};
  if (e.flags & kOriginDied) {
    return e.kind == Kind::Throw ? "it died of an exception: it goes to its parent"
                                 : "it finished: back to its parent";
  }
  if (i > 0) {
    const Event& before = event(i - 1);
    if (before.kind == Kind::Wake && before.greenlet == e.target) {
      if (const std::size_t ready = io_ready_before(*this, i); ready != kNoEvent)
        return io_detail(*this, event(ready)).ready();
      return std::string(text(before.text));
    }
  }
  if (e.kind == Kind::Throw) return "throw";
  if (e.target == hub_) return "it blocks: the hub runs";
  if (e.greenlet == hub_) return "the hub starts it";
  return "explicit switch";
}

std::size_t EventLog::memory_bytes() const {
  std::size_t bytes = sizeof(*this);
  bytes += blocks_.size() * kBlockEvents * sizeof(Event) + blocks_.capacity() * sizeof(void*);
  bytes += context_blocks_.size() * kContextBlockBytes + context_blocks_.capacity() * sizeof(void*);
  bytes += arena_.capacity() + texts_.capacity() * sizeof(TextSpan);
  bytes += info_.capacity() * sizeof(GreenletInfo);
  for (const GreenletInfo& g : info_) bytes += g.name.capacity();
  // unordered_map: a bucket pointer each, a node (next pointer + pair) per entry.
  bytes += info_index_.bucket_count() * sizeof(void*) +
           info_index_.size() * (sizeof(void*) + 2 * sizeof(std::uint64_t));
  bytes += interned_.bucket_count() * sizeof(void*) +
           interned_.size() * (sizeof(void*) + sizeof(const char*) + sizeof(std::uint64_t));
  bytes += details_.bucket_count() * sizeof(void*) + io_details_.capacity() * sizeof(std::uint32_t);
  for (const auto& d : details_)
    bytes += sizeof(void*) + sizeof(std::string) + sizeof(std::uint64_t) + d.first.capacity();
  return bytes;
}

}  // namespace coroscope::trace
