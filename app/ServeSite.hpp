#pragma once
// ServeSite: `coroscope --serve-site [PORT]` runs Coroscope's slow site
// (io::SlowSite, the pages the crawler lesson fetches) in the foreground on
// 127.0.0.1, so a teacher can crawl the same pages with CPython and gevent:
//
//   coroscope --serve-site 8002 &
//   COROSCOPE_SITE=http://127.0.0.1:8002 /usr/bin/python3 crawl.py
//
//   return serve_site(port);  // 0 after Ctrl+C or SIGTERM; 2 if it cannot listen

namespace coroscope::app {

// serve_site(port) prints one line (the site's URL and pages) and serves until
// SIGINT or SIGTERM. Call it from main before any other thread starts: it blocks
// those signals for the whole process and waits for them with sigwait.
int serve_site(int port);

}  // namespace coroscope::app
