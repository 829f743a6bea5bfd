#include "io/SitePage.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace coroscope::io {
namespace {

// fnv1a(text) is a 64-bit FNV-1a hash: the same on every machine and every run,
// unlike std::hash, so an unlisted path's made-up page never changes.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// without_last_slash("/www.python.org/") is "/www.python.org"; "/" stays "/".
std::string_view without_last_slash(std::string_view path) {
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

std::string html_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// page_name("/www.python.org/") is "www.python.org": the page's name in its title.
std::string page_name(std::string_view path) {
  path = without_last_slash(path);
  if (path.size() > 1 && path.front() == '/') path.remove_prefix(1);
  return html_escaped(path.empty() ? "/" : path);
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 410:
      return "Gone";
    case 418:
      return "I'm a teapot";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      break;
  }
  if (status < 300) return "Success";
  if (status < 400) return "Redirection";
  if (status < 500) return "Client Error";
  return "Server Error";
}

// has_body(status): 204 and 304 responses carry no body and no Content-Length.
bool has_body(int status) {
  return status != 204 && status != 304;
}

// status_code(path) is NNN for "/status/NNN" (a last slash allowed), else -1.
int status_code(std::string_view path) {
  path = without_last_slash(path);
  constexpr std::string_view kPrefix = "/status/";
  if (!path.starts_with(kPrefix) || path.size() != kPrefix.size() + 3) return -1;
  int code = 0;
  for (const char c : path.substr(kPrefix.size())) {
    if (c < '0' || c > '9') return -1;
    code = code * 10 + (c - '0');
  }
  return code;
}

// number(text, out): text is a whole decimal number (a sign, a fraction or an
// exponent allowed), not NaN.
bool number(std::string_view text, double& out) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (end != text.data() + text.size()) return false;
  if (ec == std::errc::result_out_of_range) {
    v = text.starts_with('-') ? -HUGE_VAL : HUGE_VAL;
  } else if (ec != std::errc() || std::isnan(v)) {
    return false;
  }
  out = v;
  return true;
}

// apply_query(query, page) applies "delay=1.5&size=2000", clamped; other keys are ignored.
void apply_query(std::string_view query, SitePage& page) {
  while (!query.empty()) {
    const std::size_t amp = std::min(query.find('&'), query.size());
    const std::string_view pair = query.substr(0, amp);
    query.remove_prefix(std::min(amp + 1, query.size()));
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = pair.substr(0, eq);
    double v = 0;
    if (!number(pair.substr(eq + 1), v)) continue;
    if (key == "delay") page.delay = std::clamp(v, 0.0, kMaxPageDelay);
    if (key == "size" && page.status == 200) {
      page.bytes = static_cast<std::size_t>(
          std::floor(std::clamp(v, 0.0, static_cast<double>(kMaxPageBytes))));
    }
  }
}

// sized_html(page) is the body of a 200 page: exactly page.bytes bytes.
std::string sized_html(const SitePage& page) {
  const std::string name = page_name(page.path);
  std::string out = "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>" +
                    name + " \xE2\x80\x94 a slow stand-in served by Coroscope</title></head>\n" +
                    "<body>\n<h1>" + name + "</h1>\n<p>Coroscope's slow site sent this page " +
                    seconds_text(page.delay) +
                    " s after the request came in: " + std::to_string(page.bytes) +
                    " bytes, the same every time.</p>\n";
  const std::string tail = "</body>\n</html>\n";
  if (out.size() + tail.size() >= page.bytes) {
    // A tiny page: the text cut short, never in the middle of a UTF-8 character.
    out += tail;
    out.resize(page.bytes);
    std::size_t lead = out.size();
    while (lead > 0 && (static_cast<unsigned char>(out[lead - 1]) & 0xC0) == 0x80) --lead;
    if (lead > 0 && static_cast<unsigned char>(out[lead - 1]) >= 0xC0) {
      const unsigned char first = static_cast<unsigned char>(out[lead - 1]);
      const std::size_t length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2;
      if (out.size() - (lead - 1) < length) std::fill(out.begin() + (lead - 1), out.end(), ' ');
    }
    return out;
  }
  // Filler lines up to the tail; the last one padded with dots to the exact size.
  constexpr std::string_view kShortest = "<p></p>\n";
  const std::size_t end = page.bytes - tail.size();
  out.reserve(page.bytes);
  constexpr std::string_view kLineStart = "<p>Filler line ";
  constexpr std::string_view kLineEnd = ": the slow site pads this page to its exact size.</p>\n";
  for (std::size_t line = 1; out.size() < end; ++line) {
    char digits[24];
    const auto count =
        static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, line).ptr - digits);
    const std::size_t filler = kLineStart.size() + count + kLineEnd.size();
    const std::size_t room = end - out.size();
    if (filler == room || filler + kShortest.size() <= room) {
      out.append(kLineStart).append(digits, count).append(kLineEnd);
    } else if (room >= kShortest.size()) {
      out.append("<p>").append(room - kShortest.size(), '.').append("</p>\n");
    } else {
      out.append(room - 1, ' ').append("\n");
    }
  }
  out += tail;
  return out;
}

// status_text(page): what a short status page says.
std::string status_text(const SitePage& page) {
  const std::string path = html_escaped(page.path);
  switch (page.status) {
    case 400:
      if (page.path.starts_with("/status/")) {
        return "A status page takes a code from 200 to 599, e.g. /status/404, not " + path + ".";
      }
      return "The site did not understand the request. It wants GET or HEAD, a path and "
             "HTTP/1.0 or HTTP/1.1, e.g. GET /www.python.org/ HTTP/1.1, then headers and a "
             "blank line.";
    case 405:
      return "The site answers GET and HEAD only.";
    case 431:
      return "The request is longer than the site reads (" + std::to_string(kMaxRequestBytes) +
             " bytes up to the blank line).";
    case 505:
      return "The site speaks HTTP/1.0 and HTTP/1.1 only.";
    default:
      return "Coroscope's slow site answers " + path + " with status " +
             std::to_string(page.status) + ".";
  }
}

}  // namespace

std::vector<SitePage> default_site_pages() {
  return {{"/www.python.org/", 0.3, 12'000, 200},
          {"/www.yahoo.com/", 0.5, 30'000, 200},
          {"/github.com/", 0.4, 20'000, 200}};
}

SitePage page_for(std::string_view target, const std::vector<SitePage>& pages) {
  const std::size_t q = target.find('?');
  const std::string_view path = target.substr(0, q);
  const std::string_view query = q == std::string_view::npos ? "" : target.substr(q + 1);
  for (const SitePage& listed : pages) {
    if (without_last_slash(listed.path) == without_last_slash(path)) {
      SitePage page = listed;
      apply_query(query, page);
      return page;
    }
  }
  const int code = status_code(path);
  if (code != -1 && (code < 200 || code > 599)) {
    SitePage bad = error_page(400);
    bad.path = std::string(path);
    return bad;
  }
  const std::uint64_t h = fnv1a(path);
  SitePage page;
  page.path = std::string(path);
  page.delay = static_cast<double>(1 + h % 9) / 10;
  page.bytes = 1'000 + 100 * static_cast<std::size_t>((h >> 16) % 491);
  if (code != -1 && code != 200) {
    page.status = code;
    page.bytes = page_body(page).size();
  }
  apply_query(query, page);
  return page;
}

SitePage error_page(int status) {
  SitePage page;
  page.status = status;
  page.bytes = page_body(page).size();
  return page;
}

std::string page_body(const SitePage& page) {
  if (page.status == 200) return sized_html(page);
  if (!has_body(page.status)) return "";
  const std::string title = std::to_string(page.status) + " " + reason_phrase(page.status);
  return "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>" + title +
         "</title></head>\n<body>\n<h1>" + title + "</h1>\n<p>" + status_text(page) +
         "</p>\n</body>\n</html>\n";
}

std::string page_response(const SitePage& page, bool head) {
  const std::string body = page_body(page);
  std::string out = "HTTP/1.1 " + std::to_string(page.status) + " " + reason_phrase(page.status) +
                    "\r\nContent-Type: text/html; charset=utf-8\r\n";
  if (has_body(page.status)) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "Connection: close\r\nServer: coroscope-slow-site\r\n";
  if (page.status == 405) out += "Allow: GET, HEAD\r\n";
  out += "\r\n";
  if (!head) out += body;
  return out;
}

std::string describe(const SitePage& page) {
  const std::string what = page.status == 200 ? std::to_string(page.bytes) + " bytes"
                                              : "status " + std::to_string(page.status);
  return page.path + " " + seconds_text(page.delay) + " s " + what;
}

}  // namespace coroscope::io
