#pragma once
// Random: CPython's `random` module generator, number for number: the same
// Mersenne Twister, seeded the same way (init_by_array over the seed's 32-bit
// words), and the same derivations (random(), getrandbits(), randbelow by
// rejection), so a seeded script prints what CPython prints.
//
//   Random r;
//   r.seed(7);
//   r.randint(1, 30);         // 11, as random.seed(7); random.randint(1, 30)
//   r.random();               // a double in [0, 1) with 53 random bits

#include <array>
#include <cstdint>
#include <vector>

namespace coroscope::script {

class Random {
 public:
  Random() { seed(0); }
  // seed(n) seeds from |n|, as random.seed(n) for an int.
  void seed(std::int64_t n);
  std::uint32_t next32();
  double random();
  // getrandbits(k) for 0 <= k <= 64.
  std::uint64_t getrandbits(int k);
  // randbelow(n) is uniform in [0, n), n > 0.
  std::uint64_t randbelow(std::uint64_t n);
  // randint(a, b) is uniform in [a, b] (a <= b; b - a < 2^63).
  std::int64_t randint(std::int64_t a, std::int64_t b) {
    return a + static_cast<std::int64_t>(randbelow(static_cast<std::uint64_t>(b - a) + 1));
  }
  double uniform(double a, double b) { return a + (b - a) * random(); }
  // shuffle_order(n): the swaps random.shuffle makes on a list of n, applied to 0..n-1.
  std::vector<std::size_t> shuffle_order(std::size_t n);

 private:
  void init_genrand(std::uint32_t s);
  void init_by_array(const std::vector<std::uint32_t>& key);

  static constexpr int kN = 624;
  std::array<std::uint32_t, kN> mt_{};
  int mti_ = kN + 1;
};

}  // namespace coroscope::script
