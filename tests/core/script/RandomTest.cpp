// CPython's random, number for number. Expected values printed by
// /usr/bin/python3 (CPython 3.11).
#include <gtest/gtest.h>

#include "script/Random.hpp"

namespace coroscope::script {
namespace {

TEST(RandomTest, RandintAfterSeed7) {
  Random r;
  r.seed(7);
  std::vector<std::int64_t> got;
  for (int k = 0; k < 10; ++k) got.push_back(r.randint(1, 30));
  EXPECT_EQ(got, (std::vector<std::int64_t>{11, 5, 13, 21, 2, 3, 27, 18, 4, 12}));
}

TEST(RandomTest, RandomDoubles) {
  Random r;
  r.seed(7);
  EXPECT_EQ(r.random(), 0.32383276483316237);
  EXPECT_EQ(r.random(), 0.15084917392450192);
}

TEST(RandomTest, Getrandbits) {
  Random r;
  r.seed(0);
  EXPECT_EQ(r.getrandbits(32), 3626764237u);
  EXPECT_EQ(r.getrandbits(64), 13981790821421117374u);
  EXPECT_EQ(r.getrandbits(1), 1u);
}

TEST(RandomTest, SeedsBeyond32BitsAndNegative) {
  Random r;
  r.seed(12345678901);
  EXPECT_EQ(r.randbelow(1000000), 991965u);
  r.seed(-5);
  EXPECT_EQ(r.randint(0, 1000000000000), 281848216645);
}

TEST(RandomTest, ManyGreenletsDemoDurations) {
  Random r;
  r.seed(7);
  double sum = 0;
  for (int k = 0; k < 10000; ++k) sum += static_cast<double>(r.randint(1, 30)) / 10;
  EXPECT_EQ(sum, 15374.400000000009);  // sum([random.randint(1, 30) / 10 ...])
}

TEST(RandomTest, ShuffleAndUniform) {
  Random r;
  r.seed(3);
  EXPECT_EQ(r.shuffle_order(10), (std::vector<std::size_t>{1, 5, 6, 0, 9, 4, 7, 2, 8, 3}));
  r.seed(3);
  EXPECT_EQ(r.randbelow(6), 1u);  // random.choice('abcdef') == 'b'
  EXPECT_EQ(r.uniform(1, 2), 1.5926409106271655);
}

}  // namespace
}  // namespace coroscope::script
