#pragma once
// SitePage: what Coroscope's slow site (SlowSite) answers to one request path,
// and the exact bytes of that answer. Pure functions: no sockets, no clock.
//
//   SitePage p = page_for("/www.python.org/", default_site_pages());  // 0.3 s, 12000 bytes
//   SitePage q = page_for("/any/path?delay=1.5&size=2000", {});       // overrides both
//   std::string body = page_body(p);             // exactly p.bytes of HTML, the same every time
//   std::string wire = page_response(p, false);  // status line, headers, body (true: HEAD)
//
// The seed article crawls python.org, yahoo.com and github.com; the lessons run
// offline, so the site serves stand-ins for them at "/www.python.org/" and so on.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace coroscope::io {

// SitePage is one page of the site: a plain value.
struct SitePage {
  std::string path;       // "/www.python.org/": no query string
  double delay = 0;       // seconds between the complete request and the response
  std::size_t bytes = 0;  // body size, exactly (for status 200 pages)
  int status = 200;       // "/status/404" pages: 404 and a short body of their own
};

// The limits of a query's overrides, and of an unlisted path's made-up page.
inline constexpr double kMaxPageDelay = 30;                 // ?delay= is clamped to 0..30 s
inline constexpr std::size_t kMaxPageBytes = 10'000'000;    // ?size= is clamped to 0..10 MB
inline constexpr std::size_t kMaxRequestBytes = 16 * 1024;  // a longer request gets 431

// default_site_pages() is the article's three sites, each with its own delay and size:
// "/www.python.org/" 0.3 s 12,000 bytes; "/www.yahoo.com/" 0.5 s 30,000 bytes;
// "/github.com/" 0.4 s 20,000 bytes.
std::vector<SitePage> default_site_pages();

// page_for(target, pages) is the page a request target (path and query) gets.
// - A listed path as listed; the query is ignored for matching, and the last
//   slash is optional ("/www.python.org" is "/www.python.org/").
// - "/status/NNN" (NNN from 200 to 599): status NNN with a short body; other
//   codes get 400. Its delay is the one any unlisted path gets.
// - Any other path: a delay of 0.1..0.9 s (steps of 0.1) and a size of
//   1,000..50,000 bytes (steps of 100), both from a stable hash of the path
//   (FNV-1a), so a learner may add URLs and get the same page every time.
// - "?delay=1.5&size=2000" overrides either: delay clamped to 0..kMaxPageDelay,
//   size to 0..kMaxPageBytes (not for status pages). Values that are not
//   numbers are ignored.
SitePage page_for(std::string_view target, const std::vector<SitePage>& pages);

// error_page(status) is the immediate answer (no delay) to a request the site
// cannot serve: 400 (garbage), 405 (not GET or HEAD), 431 (longer than
// kMaxRequestBytes), 505 (not HTTP/1.0 or 1.1).
SitePage error_page(int status);

// page_body(page) is the body: for status 200, deterministic HTML of exactly
// page.bytes bytes (a doctype, a <title> naming the page, a line giving its delay
// and size, filler lines; below ~200 bytes that text cut short). For other
// statuses a short page saying what the status means.
std::string page_body(const SitePage& page);

// page_response(page, head) is everything the site sends: "HTTP/1.1 200 OK",
// Content-Type, Content-Length, Connection: close, Server: coroscope-slow-site
// (and Allow for 405), a blank line, then the body unless head (a HEAD request).
std::string page_response(const SitePage& page, bool head);

// describe(page) is "/www.python.org/ 0.3 s 12000 bytes", for a console line.
std::string describe(const SitePage& page);

}  // namespace coroscope::io
