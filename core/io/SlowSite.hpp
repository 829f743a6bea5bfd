#pragma once
// SlowSite: Coroscope's slow local web server, so the crawler lesson runs offline.
// Each page answers after its own delay (SitePage), so concurrent fetches show.
//
//   SlowSite site;                      // serving on 127.0.0.1, a free port, before it returns
//   urlopen(site.url() + "/www.python.org/")   // 12,000 bytes, 0.3 s after the request
//   site.requests_served();             // from any thread
//   // ~SlowSite() stops it: the thread joined, every socket closed
//
// The site runs on a thread of its own with its own epoll loop (EpollPoller) and
// wall-clock timers: never on a hub, never as a greenlet, never in virtual time.
// One loop serves every connection; nothing sleeps, nothing blocks.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "io/SitePage.hpp"

namespace coroscope::io {

class SlowSite {
 public:
  // SlowSite(pages, port, host) listens on host:port (port 0: any free port) and
  // starts the site's thread. It throws std::runtime_error with a learner's text if
  // it cannot, e.g. "Coroscope's slow site cannot listen on 127.0.0.1:8002: the
  // address is already in use (another socket listens on that port)".
  explicit SlowSite(std::vector<SitePage> pages = default_site_pages(), int port = 0,
                    std::string host = "127.0.0.1");
  // ~SlowSite() stops the thread, closes every socket (no fd is left behind) and
  // joins; a client still waiting for its page sees the connection close.
  ~SlowSite();
  SlowSite(const SlowSite&) = delete;
  SlowSite& operator=(const SlowSite&) = delete;

  int port() const;
  std::string url() const;  // "http://127.0.0.1:PORT", no slash at the end
  const std::vector<SitePage>& pages() const;

  // requests_served() is the number of responses sent in full (handed to the
  // kernel; a client that left early may not have read it). Any thread may ask.
  std::size_t requests_served() const;
  // connections_open() is the number of client connections the site holds now
  // (reading a request, waiting out a delay or sending). Any thread may ask.
  std::size_t connections_open() const;

 private:
  struct Loop;
  std::unique_ptr<Loop> loop_;
};

}  // namespace coroscope::io
