#include "io/SitePage.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

namespace coroscope::io {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// valid_utf8(text): no character cut in half (a tiny page is cut short).
bool valid_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

TEST(SitePageTest, DefaultPagesAreTheArticlesSites) {
  const auto pages = default_site_pages();
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(describe(pages[0]), "/www.python.org/ 0.3 s 12000 bytes");
  EXPECT_EQ(describe(pages[1]), "/www.yahoo.com/ 0.5 s 30000 bytes");
  EXPECT_EQ(describe(pages[2]), "/github.com/ 0.4 s 20000 bytes");
}

TEST(SitePageTest, ListedPathsMatchWithOrWithoutTheLastSlashAndIgnoreTheQuery) {
  const auto pages = default_site_pages();
  for (const char* target : {"/www.python.org/", "/www.python.org", "/www.python.org/?q=1"}) {
    const SitePage p = page_for(target, pages);
    EXPECT_EQ(p.path, "/www.python.org/") << target;
    EXPECT_EQ(p.delay, 0.3) << target;
    EXPECT_EQ(p.bytes, 12000u) << target;
    EXPECT_EQ(p.status, 200) << target;
  }
  EXPECT_EQ(page_for("/github.com", pages).bytes, 20000u);
  EXPECT_NE(page_for("/www.python.org/x", pages).path, "/www.python.org/");
}

TEST(SitePageTest, ListedPageBodyIsExactHtml) {
  const SitePage p = page_for("/www.python.org/", default_site_pages());
  const std::string body = page_body(p);
  ASSERT_EQ(body.size(), 12000u);
  EXPECT_TRUE(body.starts_with("<!doctype html>\n"));
  EXPECT_TRUE(contains(body,
                       "<title>www.python.org \xE2\x80\x94 a slow stand-in served by "
                       "Coroscope</title>"));
  EXPECT_TRUE(contains(body, "0.3 s after the request came in: 12000 bytes"));
  EXPECT_TRUE(body.ends_with("</body>\n</html>\n"));
  EXPECT_TRUE(valid_utf8(body));
  EXPECT_EQ(body, page_body(page_for("/www.python.org", default_site_pages())));
}

TEST(SitePageTest, ResponseHeadersAreExact) {
  const SitePage p = page_for("/github.com/", default_site_pages());
  const std::string head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 20000\r\n"
      "Connection: close\r\nServer: coroscope-slow-site\r\n\r\n";
  EXPECT_EQ(page_response(p, true), head);
  EXPECT_EQ(page_response(p, false), head + page_body(p));
}

TEST(SitePageTest, EverySizeIsExactAndNeverCutsACharacter) {
  SitePage p{"/www.python.org/", 0.3, 0, 200};
  for (std::size_t n = 0; n <= 1200; ++n) {
    p.bytes = n;
    const std::string body = page_body(p);
    ASSERT_EQ(body.size(), n);
    ASSERT_TRUE(valid_utf8(body)) << n;
  }
  for (std::size_t n : {4096u, 65537u, 1'000'003u}) {
    p.bytes = n;
    EXPECT_EQ(page_body(p).size(), n);
  }
}

TEST(SitePageTest, UnlistedPathsGetAStableMadeUpPage) {
  std::set<double> delays;
  std::set<std::size_t> sizes;
  for (int i = 0; i < 200; ++i) {
    const std::string path = "/site" + std::to_string(i) + ".example/";
    const SitePage p = page_for(path, default_site_pages());
    EXPECT_EQ(p.path, path);
    EXPECT_EQ(p.status, 200);
    const double tenths = p.delay * 10;
    EXPECT_NEAR(tenths, std::round(tenths), 1e-9) << path;
    EXPECT_GE(p.delay, 0.1 - 1e-9) << path;
    EXPECT_LE(p.delay, 0.9 + 1e-9) << path;
    EXPECT_GE(p.bytes, 1000u) << path;
    EXPECT_LE(p.bytes, 50000u) << path;
    EXPECT_EQ(p.bytes % 100, 0u) << path;
    const SitePage again = page_for(path + "?x=y", default_site_pages());
    EXPECT_EQ(again.delay, p.delay);
    EXPECT_EQ(again.bytes, p.bytes);
    EXPECT_EQ(page_body(again), page_body(p));
    delays.insert(p.delay);
    sizes.insert(p.bytes);
  }
  EXPECT_EQ(delays.size(), 9u);  // every tenth from 0.1 to 0.9 shows up
  EXPECT_GT(sizes.size(), 100u);
  // FNV-1a: the same figures on every machine and in every build.
  EXPECT_EQ(describe(page_for("/example.com/", {})), "/example.com/ 0.1 s 38200 bytes");
}

TEST(SitePageTest, AQueryOverridesTheDelayAndTheSize) {
  const auto pages = default_site_pages();
  SitePage p = page_for("/www.python.org/?delay=1.5&size=2000", pages);
  EXPECT_EQ(p.delay, 1.5);
  EXPECT_EQ(p.bytes, 2000u);
  EXPECT_EQ(page_body(p).size(), 2000u);
  p = page_for("/anything?size=7", pages);
  EXPECT_EQ(p.bytes, 7u);
  EXPECT_EQ(p.delay, page_for("/anything", pages).delay);
  p = page_for("/x?delay=99&size=99999999999", pages);
  EXPECT_EQ(p.delay, kMaxPageDelay);
  EXPECT_EQ(p.bytes, kMaxPageBytes);
  p = page_for("/x?delay=-1&size=-5", pages);
  EXPECT_EQ(p.delay, 0);
  EXPECT_EQ(p.bytes, 0u);
  p = page_for("/www.yahoo.com/?delay=abc&size=&delay=nan&size=1e999x", pages);
  EXPECT_EQ(p.delay, 0.5);
  EXPECT_EQ(p.bytes, 30000u);
  EXPECT_EQ(page_for("/x?delay=1e999", pages).delay, kMaxPageDelay);
}

TEST(SitePageTest, StatusPagesAnswerWithTheirCode) {
  const auto pages = default_site_pages();
  const SitePage p = page_for("/status/404", pages);
  EXPECT_EQ(p.status, 404);
  EXPECT_GE(p.delay, 0.1 - 1e-9);  // the delay any unlisted path gets
  EXPECT_LE(p.delay, 0.9 + 1e-9);
  const std::string wire = page_response(p, false);
  EXPECT_TRUE(wire.starts_with("HTTP/1.1 404 Not Found\r\n")) << wire;
  EXPECT_TRUE(contains(wire, "Content-Length: " + std::to_string(page_body(p).size()) + "\r\n"));
  EXPECT_TRUE(contains(wire, "answers /status/404 with status 404."));
  EXPECT_EQ(p.bytes, page_body(p).size());
  EXPECT_EQ(page_for("/status/503?delay=0", pages).delay, 0);
  EXPECT_TRUE(page_response(page_for("/status/418", pages), true)
                  .starts_with("HTTP/1.1 418 I'm a teapot\r\n"));
  EXPECT_TRUE(
      page_response(page_for("/status/299", pages), true).starts_with("HTTP/1.1 299 Success\r\n"));
  // 204 and 304 have no body, so no Content-Length.
  const std::string none = page_response(page_for("/status/204", pages), false);
  EXPECT_TRUE(none.starts_with("HTTP/1.1 204 No Content\r\n"));
  EXPECT_FALSE(contains(none, "Content-Length"));
  EXPECT_TRUE(none.ends_with("\r\n\r\n"));
  // A code outside 200..599 is a bad request, answered at once.
  const SitePage bad = page_for("/status/999", pages);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.delay, 0);
  EXPECT_TRUE(contains(page_body(bad), "from 200 to 599"));
  // /status/200 is a page like any other, sized.
  EXPECT_EQ(page_for("/status/200?size=300", pages).bytes, 300u);
}

TEST(SitePageTest, ErrorPages) {
  EXPECT_TRUE(page_response(error_page(405), true).ends_with("Allow: GET, HEAD\r\n\r\n"));
  EXPECT_TRUE(page_response(error_page(431), false)
                  .starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
  EXPECT_TRUE(page_response(error_page(505), false)
                  .starts_with("HTTP/1.1 505 HTTP Version Not Supported\r\n"));
  EXPECT_TRUE(contains(page_body(error_page(400)), "GET /www.python.org/ HTTP/1.1"));
  EXPECT_EQ(error_page(400).delay, 0);
}

TEST(SitePageTest, PathsAreEscapedInTheHtml) {
  const std::string body = page_body(page_for("/<b>&\"?size=400", {}));
  EXPECT_TRUE(contains(body, "&lt;b&gt;&amp;&quot;")) << body;
  EXPECT_FALSE(contains(body, "<b>"));
}

}  // namespace
}  // namespace coroscope::io
