#include "ServeSite.hpp"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "io/SlowSite.hpp"

namespace coroscope::app {

int serve_site(int port) {
  // Blocked before the site's thread starts, so no thread takes them: sigwait does.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  std::unique_ptr<io::SlowSite> site;
  try {
    site = std::make_unique<io::SlowSite>(io::default_site_pages(), port);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "coroscope: %s\n", e.what());
    return 2;
  }
  std::string pages;
  for (const io::SitePage& p : site->pages()) pages += (pages.empty() ? "" : ", ") + describe(p);
  std::printf("Coroscope's slow site: %s (the pages: %s); Ctrl+C stops it\n", site->url().c_str(),
              pages.c_str());
  std::fflush(stdout);
  int signal = 0;
  sigwait(&stop, &signal);
  site.reset();  // the thread stops, every socket is closed
  return 0;
}

}  // namespace coroscope::app
