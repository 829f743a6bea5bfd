#include "trace/Snapshot.hpp"

#include "trace/EventLog.hpp"

namespace coroscope::trace {

const char* to_string(GreenletState s) {
  switch (s) {
    case GreenletState::Unstarted:
      return "unstarted";
    case GreenletState::Running:
      return "running";
    case GreenletState::Ready:
      return "ready";
    case GreenletState::Sleeping:
      return "sleeping";
    case GreenletState::WaitingIo:
      return "waiting on I/O";
    case GreenletState::Waiting:
      return "waiting";
    case GreenletState::Suspended:
      return "suspended";
    case GreenletState::Dead:
      return "dead";
  }
  return "?";
}

const GreenletSnapshot* Snapshot::find(std::uint32_t id) const {
  for (const GreenletSnapshot& g : greenlets) {
    if (g.id == id) return &g;
  }
  return nullptr;
}

std::string output_text(const EventLog& log, const Snapshot& s) {
  std::string out;
  for (std::size_t i = 0; i < s.index && i < log.size(); ++i) {
    const Event& e = log.event(i);
    if (e.kind == Kind::Print) out += log.text(e.text);
  }
  return out;
}

}  // namespace coroscope::trace
