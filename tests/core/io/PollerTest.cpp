#include "io/Poller.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <vector>

#include "io/EpollPoller.hpp"
#include "io/SocketOps.hpp"

namespace coroscope::io {
namespace {

// kNoHang bounds a wait that must succeed at once; it only keeps a broken test
// from hanging. No test measures time.
constexpr int kNoHang = 5000;

// PollerTest fails a test that leaves a descriptor open (STYLE.md 16).
class PollerTest : public ::testing::Test {
 protected:
  void SetUp() override { fds_at_start_ = open_fd_count(); }
  void TearDown() override { EXPECT_EQ(open_fd_count(), fds_at_start_) << "a descriptor leaked"; }

  // Pipe is a non-blocking pipe, closed when the test ends.
  struct Pipe {
    int fds[2] = {-1, -1};
    Pipe() { EXPECT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0); }
    ~Pipe() {
      for (int fd : fds) {
        if (fd >= 0) ::close(fd);
      }
    }
    int reader() const { return fds[0]; }
    int writer() const { return fds[1]; }
  };

  // Pair is a connected non-blocking Unix socketpair.
  struct Pair {
    int fds[2] = {-1, -1};
    Pair() {
      EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
    }
    ~Pair() {
      for (int fd : fds) {
        if (fd >= 0) ::close(fd);
      }
    }
  };

  static void put_byte(int fd) {
    const char byte = 'x';
    ASSERT_EQ(::write(fd, &byte, 1), 1);
  }

  long fds_at_start_ = 0;
  std::vector<Ready> ready_;
};

TEST_F(PollerTest, InterestsCombineAsBits) {
  EXPECT_EQ(Interest::Read | Interest::Write, 3u);
  EXPECT_EQ(kAllInterests, 3u);
  EXPECT_EQ(interest_name(Interest::Read | Interest::Write), "read+write");
  EXPECT_EQ(interest_name(static_cast<unsigned>(Interest::Write)), "write");
}

TEST_F(PollerTest, OwnsOneCloseOnExecEpollDescriptor) {
  const long before = open_fd_count();
  {
    EpollPoller poller;
    EXPECT_EQ(open_fd_count(), before + 1);
    int epoll_fds = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
      std::error_code ec;
      const auto target = std::filesystem::read_symlink(entry.path(), ec);
      if (ec || target.string() != "anon_inode:[eventpoll]") continue;
      ++epoll_fds;
      const int fd = std::stoi(entry.path().filename().string());
      EXPECT_NE(::fcntl(fd, F_GETFD) & FD_CLOEXEC, 0) << "epoll fd must be close-on-exec";
    }
    EXPECT_EQ(epoll_fds, 1);
  }
  EXPECT_EQ(open_fd_count(), before) << "the destructor closes the epoll fd";
}

TEST_F(PollerTest, WaitZeroReturnsAtOnceWithNothing) {
  EpollPoller poller;
  Pipe pipe;
  poller.watch(pipe.reader(), Interest::Read, 1);
  ready_.push_back(Ready{99, true, true, true});  // wait() must replace, not append
  EXPECT_EQ(poller.wait(0, ready_), 0);
  EXPECT_TRUE(ready_.empty());
  EXPECT_EQ(EpollPoller().wait(0, ready_), 0) << "nothing watched: wait(0) just looks";
  poller.unwatch(pipe.reader());
}

TEST_F(PollerTest, PipeBecomesReadableAfterAWrite) {
  EpollPoller poller;
  Pipe pipe;
  poller.watch(pipe.reader(), Interest::Read, 42);
  EXPECT_EQ(poller.wait(0, ready_), 0);
  put_byte(pipe.writer());
  ASSERT_EQ(poller.wait(kNoHang, ready_), 1);
  EXPECT_EQ(ready_[0].token, 42u);
  EXPECT_TRUE(ready_[0].readable);
  EXPECT_FALSE(ready_[0].writable);
  EXPECT_FALSE(ready_[0].hangup_or_error);
  EXPECT_EQ(describe(ready_[0]), "token 42: readable");
  poller.unwatch(pipe.reader());
}

// Level-triggered: data left unread is reported again (see EpollPoller.hpp).
TEST_F(PollerTest, UnreadDataIsReportedAgain) {
  EpollPoller poller;
  Pipe pipe;
  put_byte(pipe.writer());
  poller.watch(pipe.reader(), Interest::Read, 5);
  EXPECT_EQ(poller.wait(kNoHang, ready_), 1);
  EXPECT_EQ(poller.wait(kNoHang, ready_), 1);
  char byte = 0;
  ASSERT_EQ(::read(pipe.reader(), &byte, 1), 1);
  EXPECT_EQ(poller.wait(0, ready_), 0) << "drained: no longer readable";
  poller.unwatch(pipe.reader());
}

TEST_F(PollerTest, SocketpairIsWritable) {
  EpollPoller poller;
  Pair pair;
  poller.watch(pair.fds[0], Interest::Write, 7);
  ASSERT_EQ(poller.wait(kNoHang, ready_), 1);
  EXPECT_EQ(ready_[0].token, 7u);
  EXPECT_TRUE(ready_[0].writable);
  EXPECT_FALSE(ready_[0].readable);
  poller.unwatch(pair.fds[0]);
}

TEST_F(PollerTest, WatchAgainChangesInterestAndToken) {
  EpollPoller poller;
  Pair pair;
  poller.watch(pair.fds[0], Interest::Read, 1);
  EXPECT_EQ(poller.wait(0, ready_), 0) << "nothing to read yet";
  poller.watch(pair.fds[0], Interest::Read | Interest::Write, 2);
  EXPECT_EQ(poller.watching(), 1u);
  ASSERT_EQ(poller.wait(kNoHang, ready_), 1);
  EXPECT_EQ(ready_[0].token, 2u);
  EXPECT_TRUE(ready_[0].writable);
  poller.unwatch(pair.fds[0]);
}

TEST_F(PollerTest, UnwatchStopsEvents) {
  EpollPoller poller;
  Pipe pipe;
  put_byte(pipe.writer());
  poller.watch(pipe.reader(), Interest::Read, 3);
  ASSERT_EQ(poller.wait(kNoHang, ready_), 1);
  poller.unwatch(pipe.reader());
  EXPECT_EQ(poller.wait(0, ready_), 0) << "still readable, but no longer watched";
  EXPECT_TRUE(ready_.empty());
}

TEST_F(PollerTest, WatchingCountsDescriptors) {
  EpollPoller poller;
  Pipe pipe;
  Pair pair;
  EXPECT_EQ(poller.watching(), 0u);
  poller.watch(pipe.reader(), Interest::Read, 1);
  poller.watch(pair.fds[0], Interest::Write, 2);
  EXPECT_EQ(poller.watching(), 2u);
  poller.watch(pair.fds[0], Interest::Read, 3);
  EXPECT_EQ(poller.watching(), 2u) << "watching the same fd again changes it, adds nothing";
  poller.unwatch(pipe.reader());
  EXPECT_EQ(poller.watching(), 1u);
  poller.unwatch(pair.fds[0]);
  EXPECT_EQ(poller.watching(), 0u);
}

TEST_F(PollerTest, HangupWhenThePipeWriterCloses) {
  EpollPoller poller;
  Pipe pipe;
  poller.watch(pipe.reader(), Interest::Read, 8);
  ::close(pipe.fds[1]);
  pipe.fds[1] = -1;
  ASSERT_EQ(poller.wait(kNoHang, ready_), 1);
  EXPECT_EQ(ready_[0].token, 8u);
  EXPECT_TRUE(ready_[0].hangup_or_error);
  poller.unwatch(pipe.reader());
}

TEST_F(PollerTest, HangupWhenTheSocketPeerCloses) {
  EpollPoller poller;
  Pair pair;
  poller.watch(pair.fds[0], Interest::Read, 9);
  ::close(pair.fds[1]);
  pair.fds[1] = -1;
  ASSERT_EQ(poller.wait(kNoHang, ready_), 1);
  EXPECT_TRUE(ready_[0].hangup_or_error);
  EXPECT_TRUE(ready_[0].readable) << "a read would return 0 bytes: end of stream";
  poller.unwatch(pair.fds[0]);
}

TEST_F(PollerTest, HangupIsReportedEvenToAWriter) {
  EpollPoller poller;
  Pair pair;
  poller.watch(pair.fds[0], Interest::Write, 10);
  ::close(pair.fds[1]);
  pair.fds[1] = -1;
  ASSERT_EQ(poller.wait(kNoHang, ready_), 1);
  EXPECT_TRUE(ready_[0].hangup_or_error);
  poller.unwatch(pair.fds[0]);
}

TEST_F(PollerTest, TokensRoundTrip) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  const std::array<std::uint64_t, 4> tokens = {0, 1, std::uint64_t{1} << 63, kMax};
  EpollPoller poller;
  std::array<Pipe, 4> pipes;
  std::map<std::uint64_t, int> fd_of;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    put_byte(pipes[i].writer());
    poller.watch(pipes[i].reader(), Interest::Read, tokens[i]);
    fd_of[tokens[i]] = pipes[i].reader();
  }
  ASSERT_EQ(poller.wait(kNoHang, ready_), 4) << "one wait reports every ready fd";
  std::map<std::uint64_t, int> seen;
  for (const Ready& r : ready_) {
    EXPECT_TRUE(r.readable);
    ASSERT_TRUE(fd_of.count(r.token)) << "unknown token " << r.token;
    ++seen[r.token];
  }
  for (std::uint64_t token : tokens) EXPECT_EQ(seen[token], 1) << "token " << token;
  for (const Pipe& pipe : pipes) poller.unwatch(pipe.reader());
}

#ifndef NDEBUG
TEST_F(PollerTest, UnwatchingAnUnwatchedFdIsAMistake) {
  EXPECT_DEATH(
      {
        EpollPoller poller;
        poller.unwatch(0);
      },
      "not watched");
}
#endif

}  // namespace
}  // namespace coroscope::io
