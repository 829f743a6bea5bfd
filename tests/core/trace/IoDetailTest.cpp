// IoDetail: an I/O wait's detail text read back, and the words captions and
// views say about it, for each kind of socket call and for a plain fd.
#include "trace/IoDetail.hpp"

#include <gtest/gtest.h>

namespace coroscope::trace {
namespace {

TEST(IoDetailTest, AcceptOnAListeningSocket) {
  const IoDetail d = io_detail(8, true, "accept: listening 127.0.0.1:8001");
  EXPECT_TRUE(d.named());
  EXPECT_EQ(d.call, "accept");
  EXPECT_EQ(d.socket, "listening 127.0.0.1:8001");
  EXPECT_EQ(d.address, "127.0.0.1:8001");
  EXPECT_TRUE(d.accepting());
  EXPECT_EQ(d.waits_for(), "a client to connect");
  EXPECT_EQ(d.wait(), "for a client to connect on 127.0.0.1:8001");
  EXPECT_EQ(d.in_call(), " in accept()");
  EXPECT_EQ(d.ready(), "a client connected to 127.0.0.1:8001");
  EXPECT_EQ(d.where(), "in accept() on 127.0.0.1:8001");
}

TEST(IoDetailTest, RecvAndSendOnConnections) {
  const IoDetail in = io_detail(9, true, "recv: connection from 127.0.0.1:54312");
  EXPECT_EQ(in.socket, "connection from 127.0.0.1:54312");
  EXPECT_EQ(in.waits_for(), "data");
  EXPECT_EQ(in.wait(), "for data from 127.0.0.1:54312");
  EXPECT_EQ(in.ready(), "data arrived from 127.0.0.1:54312");
  EXPECT_EQ(in.where(), "in recv() from 127.0.0.1:54312");
  const IoDetail out = io_detail(10, false, "send: to 127.0.0.1:8002");
  EXPECT_EQ(out.waits_for(), "room to send");
  EXPECT_EQ(out.wait(), "for room to send to 127.0.0.1:8002");
  EXPECT_EQ(out.in_call(), " in send()");
  EXPECT_EQ(out.ready(), "room to send to 127.0.0.1:8002");
  EXPECT_EQ(out.where(), "in send() to 127.0.0.1:8002");
}

TEST(IoDetailTest, ConnectWaitsForTheConnectionToFinish) {
  const IoDetail d = io_detail(11, false, "connect: to 127.0.0.1:8002");
  EXPECT_TRUE(d.connecting());
  EXPECT_EQ(d.waits_for(), "the connection to finish");
  EXPECT_EQ(d.wait(), "for the connection to 127.0.0.1:8002 to finish");
  EXPECT_EQ(d.ready(), "the connection to 127.0.0.1:8002 is made");
  EXPECT_EQ(d.where(), "in connect() to 127.0.0.1:8002");
}

TEST(IoDetailTest, WithoutACallAListeningSocketStillWaitsForAClient) {
  const IoDetail d = io_detail(8, true, "listening 0.0.0.0:8001");
  EXPECT_TRUE(d.call.empty());
  EXPECT_EQ(d.in_call(), "");
  EXPECT_EQ(d.waits_for(), "a client to connect");
  EXPECT_EQ(d.where(), "on 0.0.0.0:8001");
}

TEST(IoDetailTest, APlainFdIsNamedByItsNumber) {
  const IoDetail d = io_detail(5, true, "");
  EXPECT_FALSE(d.named());
  EXPECT_EQ(d.waits_for(), "fd 5 to become readable");
  EXPECT_EQ(d.wait(), "for fd 5 to become readable");
  EXPECT_EQ(d.in_call(), "");
  EXPECT_EQ(d.ready(), "fd 5 is readable");
  EXPECT_EQ(d.where(), "on fd 5 (readable)");
  EXPECT_EQ(io_detail(5, false, "").ready(), "fd 5 is writable");
}

}  // namespace
}  // namespace coroscope::trace
