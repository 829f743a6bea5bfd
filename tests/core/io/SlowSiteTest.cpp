#include "io/SlowSite.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "io/SocketOps.hpp"

namespace coroscope::io {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// These tests assert lower bounds on time only (a page never comes before its
// delay); the one upper bound, for concurrency, is very generous. Every socket
// read gives up after kNoHang so a broken site fails a test instead of hanging it.
constexpr auto kNoHang = 10s;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Client is one blocking test socket connected to the site; closed with it.
class Client {
 public:
  explicit Client(int port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    EXPECT_GE(fd_, 0);
    const timeval tv{std::chrono::duration_cast<std::chrono::seconds>(kNoHang).count(), 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa), 0)
        << "cannot connect to the site on port " << port;
  }
  ~Client() { close(); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  int fd() const { return fd_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  // reset() closes with SO_LINGER 0: the site sees a reset, not an orderly close.
  void reset() {
    const linger hard{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    close();
  }

  // send(bytes) sends them all; the time of the send is taken before the first
  // byte leaves, so the site cannot have the request earlier.
  void send(const std::string& bytes) {
    sent_at_ = Clock::now();
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      ASSERT_GT(n, 0) << "send failed";
      done += static_cast<std::size_t>(n);
    }
  }

  // read_all() reads until the site closes; first_byte is seconds from the start
  // of the last send() to the first byte received.
  std::string read_all() {
    std::string out;
    char buf[65536];
    for (;;) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        EXPECT_TRUE(n == 0 || errno == ECONNRESET) << "recv failed: " << std::strerror(errno);
        break;
      }
      if (out.empty()) first_byte = since(sent_at_);
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }

  double first_byte = -1;

 private:
  int fd_ = -1;
  Clock::time_point sent_at_ = Clock::now();
};

std::string get(const std::string& target, const std::string& method = "GET") {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\n\r\n";
}

// fetch(site, request) sends one request on a fresh connection and reads the answer.
std::string fetch(const SlowSite& site, const std::string& request, double* first_byte = nullptr) {
  Client c(site.port());
  c.send(request);
  std::string answer = c.read_all();
  if (first_byte) *first_byte = c.first_byte;
  return answer;
}

std::string expected(const std::string& target, bool head = false) {
  return page_response(page_for(target, default_site_pages()), head);
}

// wait_until(cond): polls cond for up to kNoHang.
template <class Cond>
bool wait_until(Cond cond) {
  const auto deadline = Clock::now() + kNoHang;
  while (!cond()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

// SlowSiteTest checks at teardown that no descriptor is left open (STYLE.md 16):
// each test's site and clients are gone by then.
class SlowSiteTest : public ::testing::Test {
 protected:
  void SetUp() override { fds_at_start_ = open_fd_count(); }
  void TearDown() override { EXPECT_EQ(open_fd_count(), fds_at_start_) << "a descriptor leaked"; }

 private:
  long fds_at_start_ = 0;
};

TEST_F(SlowSiteTest, ServesAListedPageExactlyAfterItsDelay) {
  SlowSite site;
  EXPECT_EQ(site.url(), "http://127.0.0.1:" + std::to_string(site.port()));
  double first_byte = 0;
  const std::string answer = fetch(site, get("/www.python.org/"), &first_byte);
  const std::string head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 12000\r\n"
      "Connection: close\r\nServer: coroscope-slow-site\r\n\r\n";
  ASSERT_EQ(answer.size(), head.size() + 12000);
  EXPECT_EQ(answer.substr(0, head.size()), head);
  EXPECT_EQ(answer, expected("/www.python.org/"));
  EXPECT_TRUE(contains(answer, "<title>www.python.org \xE2\x80\x94 a slow stand-in"));
  EXPECT_GE(first_byte, 0.3);
  EXPECT_EQ(site.requests_served(), 1u);
}

TEST_F(SlowSiteTest, TheSameRequestGetsTheSameBytes) {
  SlowSite site;
  const std::string request = get("/a/page/of/my/own?delay=0");
  const std::string first = fetch(site, request);
  EXPECT_EQ(fetch(site, request), first);
  EXPECT_EQ(first, expected("/a/page/of/my/own?delay=0"));
  EXPECT_EQ(site.requests_served(), 2u);
}

TEST_F(SlowSiteTest, HeadGetsTheHeadersOnly) {
  SlowSite site;
  double first_byte = 0;
  const std::string answer = fetch(site, "HEAD /github.com HTTP/1.0\r\n\r\n", &first_byte);
  EXPECT_EQ(answer, expected("/github.com/", true));
  EXPECT_TRUE(contains(answer, "Content-Length: 20000\r\n"));
  EXPECT_GE(first_byte, 0.4);
}

TEST_F(SlowSiteTest, StatusPages) {
  SlowSite site;
  const std::string answer = fetch(site, get("/status/404?delay=0"));
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 404 Not Found\r\n")) << answer;
  EXPECT_EQ(answer, expected("/status/404?delay=0"));
}

TEST_F(SlowSiteTest, RequestsTheSiteCannotServe) {
  SlowSite site;
  const std::string post = fetch(site, get("/www.python.org/", "POST"));
  EXPECT_TRUE(post.starts_with("HTTP/1.1 405 Method Not Allowed\r\n")) << post;
  EXPECT_TRUE(contains(post, "Allow: GET, HEAD\r\n"));
  for (const char* garbage :
       {"hello\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/x\r\n\r\n", "GET nopath HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nno colon\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n"}) {
    const std::string answer = fetch(site, garbage);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 Bad Request\r\n")) << garbage << answer;
  }
  EXPECT_TRUE(fetch(site, "GET / HTTP/2.0\r\n\r\n").starts_with("HTTP/1.1 505 "));
  // Bare LF line ends and blank lines before the request line are fine.
  EXPECT_EQ(fetch(site, "\r\n\nGET /x?delay=0 HTTP/1.0\nHost: a\n\n"), expected("/x?delay=0"));
  // Longer than 16 KiB without a blank line: 431, at once.
  double first_byte = 0;
  const std::string big =
      "GET / HTTP/1.1\r\nX-Big: " + std::string(kMaxRequestBytes + 10, 'a') + "\r\n\r\n";
  const std::string answer = fetch(site, big, &first_byte);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n")) << answer;
}

TEST_F(SlowSiteTest, ARequestArrivingOneByteAtATime) {
  SlowSite site;
  Client c(site.port());
  const std::string request = get("/www.yahoo.com/");
  for (const char ch : request) {
    c.send(std::string(1, ch));
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(c.read_all(), expected("/www.yahoo.com/"));
  EXPECT_GE(c.first_byte, 0.5);  // measured from the last byte of the request
}

TEST_F(SlowSiteTest, AClientThatHalfClosesStillGetsItsPage) {
  SlowSite site;
  Client c(site.port());
  c.send(get("/half?delay=0.1"));
  ::shutdown(c.fd(), SHUT_WR);
  EXPECT_EQ(c.read_all(), expected("/half?delay=0.1"));
}

TEST_F(SlowSiteTest, ClientsThatLeaveEarlyDoNotStopTheOthers) {
  SlowSite site;
  {
    Client closes(site.port());
    Client resets(site.port());
    closes.send(get("/www.python.org/"));
    resets.send(get("/www.yahoo.com/"));
    ASSERT_TRUE(wait_until([&] { return site.connections_open() == 2; }));
    closes.close();
    resets.reset();
  }
  double first_byte = 0;
  EXPECT_EQ(fetch(site, get("/github.com/"), &first_byte), expected("/github.com/"));
  EXPECT_GE(first_byte, 0.4);
  EXPECT_TRUE(wait_until([&] { return site.connections_open() == 0; }))
      << site.connections_open() << " connections still open";
}

TEST_F(SlowSiteTest, TwoHundredClientsAtOnceAreAllAnswered) {
  SlowSite site;
  constexpr int kClients = 200;
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<Client>(site.port()));
    clients.back()->send(get("/client" + std::to_string(i) + "?delay=0.2&size=3000"));
  }
  for (int i = 0; i < kClients; ++i) {
    const std::string target = "/client" + std::to_string(i) + "?delay=0.2&size=3000";
    ASSERT_EQ(clients[static_cast<std::size_t>(i)]->read_all(), expected(target)) << i;
    EXPECT_GE(clients[static_cast<std::size_t>(i)]->first_byte, 0.2) << i;
  }
  EXPECT_EQ(site.requests_served(), static_cast<std::size_t>(kClients));
}

TEST_F(SlowSiteTest, ThreePagesAtOnceTakeAboutTheLongestDelayNotTheSum) {
  SlowSite site;
  const auto start = Clock::now();
  std::vector<std::unique_ptr<Client>> clients;
  double sum = 0;
  for (const SitePage& page : site.pages()) {
    clients.push_back(std::make_unique<Client>(site.port()));
    clients.back()->send(get(page.path));
    sum += page.delay;
  }
  for (std::size_t i = 0; i < clients.size(); ++i) {
    EXPECT_EQ(clients[i]->read_all(), expected(site.pages()[i].path));
    EXPECT_GE(clients[i]->first_byte, site.pages()[i].delay);  // never early
  }
  EXPECT_LT(since(start), sum * 0.9) << "the pages were served one after another";
}

TEST_F(SlowSiteTest, ALargeBodyToASlowReader) {
  SlowSite site;
  Client c(site.port());
  const std::string target = "/big?delay=0&size=10000000";
  c.send(get(target));
  std::this_thread::sleep_for(200ms);  // 10 MB fill the buffers: the site waits for EPOLLOUT
  const std::string answer = c.read_all();
  EXPECT_EQ(answer.size(), expected(target).size());
  EXPECT_TRUE(answer == expected(target));
}

TEST_F(SlowSiteTest, DestroyingTheSiteWithClientsConnectedLeavesNoDescriptor) {
  const long before = open_fd_count();
  std::vector<std::unique_ptr<Client>> clients;
  {
    SlowSite site;
    for (int i = 0; i < 3; ++i) {  // waiting out a long delay
      clients.push_back(std::make_unique<Client>(site.port()));
      clients.back()->send(get("/slow?delay=30"));
    }
    clients.push_back(std::make_unique<Client>(site.port()));  // half a request
    clients.back()->send("GET /www.python.org/ HT");
    clients.push_back(std::make_unique<Client>(site.port()));  // nothing sent yet
    ASSERT_TRUE(wait_until([&] { return site.connections_open() == 5; }));
  }
  for (auto& c : clients) EXPECT_EQ(c->read_all(), "");  // the site closed, sending nothing
  clients.clear();
  EXPECT_EQ(open_fd_count(), before);
}

TEST_F(SlowSiteTest, APortInUseIsALearnersError) {
  SlowSite first;
  try {
    SlowSite second(default_site_pages(), first.port());
    ADD_FAILURE() << "a second site listened on the same port";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "Coroscope's slow site cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                  ": the address is already in use (another socket "
                  "listens on that port)");
  }
  try {
    SlowSite nowhere(default_site_pages(), 0, "nowhere");
    ADD_FAILURE() << "listened on 'nowhere'";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with(
        "Coroscope's slow site cannot listen on nowhere:0: 'nowhere' is not an address"))
        << e.what();
  }
}

}  // namespace
}  // namespace coroscope::io
