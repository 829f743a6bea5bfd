#include "script/Random.hpp"

#include <bit>
#include <numeric>
#include <utility>

namespace coroscope::script {

namespace {
constexpr int kM = 397;
constexpr std::uint32_t kMatrixA = 0x9908b0dfU;
constexpr std::uint32_t kUpperMask = 0x80000000U;
constexpr std::uint32_t kLowerMask = 0x7fffffffU;
}  // namespace

void Random::init_genrand(std::uint32_t s) {
  mt_[0] = s;
  for (mti_ = 1; mti_ < kN; ++mti_) {
    mt_[mti_] =
        1812433253U * (mt_[mti_ - 1] ^ (mt_[mti_ - 1] >> 30)) + static_cast<std::uint32_t>(mti_);
  }
}

void Random::init_by_array(const std::vector<std::uint32_t>& key) {
  init_genrand(19650218U);
  int i = 1;
  std::size_t j = 0;
  const std::size_t key_length = key.size();
  for (std::size_t k = kN > key_length ? kN : key_length; k; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525U)) + key[j] +
             static_cast<std::uint32_t>(j);
    ++i;
    ++j;
    if (i >= kN) {
      mt_[0] = mt_[kN - 1];
      i = 1;
    }
    if (j >= key_length) j = 0;
  }
  for (int k = kN - 1; k; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941U)) -
             static_cast<std::uint32_t>(i);
    ++i;
    if (i >= kN) {
      mt_[0] = mt_[kN - 1];
      i = 1;
    }
  }
  mt_[0] = 0x80000000U;
}

void Random::seed(std::int64_t n) {
  std::uint64_t a = n < 0 ? ~static_cast<std::uint64_t>(n) + 1 : static_cast<std::uint64_t>(n);
  std::vector<std::uint32_t> key;
  do {
    key.push_back(static_cast<std::uint32_t>(a & 0xffffffffU));
    a >>= 32;
  } while (a);
  init_by_array(key);
}

std::uint32_t Random::next32() {
  if (mti_ >= kN) {
    static constexpr std::uint32_t mag01[2] = {0, kMatrixA};
    int kk = 0;
    for (; kk < kN - kM; ++kk) {
      const std::uint32_t y = (mt_[kk] & kUpperMask) | (mt_[kk + 1] & kLowerMask);
      mt_[kk] = mt_[kk + kM] ^ (y >> 1) ^ mag01[y & 1];
    }
    for (; kk < kN - 1; ++kk) {
      const std::uint32_t y = (mt_[kk] & kUpperMask) | (mt_[kk + 1] & kLowerMask);
      mt_[kk] = mt_[kk + (kM - kN)] ^ (y >> 1) ^ mag01[y & 1];
    }
    const std::uint32_t y = (mt_[kN - 1] & kUpperMask) | (mt_[0] & kLowerMask);
    mt_[kN - 1] = mt_[kM - 1] ^ (y >> 1) ^ mag01[y & 1];
    mti_ = 0;
  }
  std::uint32_t y = mt_[mti_++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= (y >> 18);
  return y;
}

double Random::random() {
  const std::uint32_t a = next32() >> 5, b = next32() >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

std::uint64_t Random::getrandbits(int k) {
  if (k <= 0) return 0;
  if (k <= 32) return next32() >> (32 - k);
  // Least significant word first, the last one cut to what is left.
  const std::uint64_t low = next32();
  std::uint64_t high = next32();
  if (k < 64) high >>= (64 - k);
  return low | (high << 32);
}

std::uint64_t Random::randbelow(std::uint64_t n) {
  const int k = std::bit_width(n);
  std::uint64_t r = getrandbits(k);
  while (r >= n) r = getrandbits(k);
  return r;
}

std::vector<std::size_t> Random::shuffle_order(std::size_t n) {
  std::vector<std::size_t> v(n);
  std::iota(v.begin(), v.end(), std::size_t{0});
  for (std::size_t i = n; i-- > 1;) std::swap(v[i], v[randbelow(i + 1)]);
  return v;
}

}  // namespace coroscope::script
