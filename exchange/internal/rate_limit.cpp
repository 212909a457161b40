#include "exchange/internal/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace huicai::exchange::internal {

std::chrono::milliseconds RateLimiter::Take(std::string_view agency, Clock::time_point now) {
  if (rights_ == nullptr) return std::chrono::milliseconds(0);
  const auto it = rights_->find(std::string(agency));
  if (it == rights_->end() || it->second.rate_per_second <= 0) return std::chrono::milliseconds(0);
  const double rate = it->second.rate_per_second;
  const double burst = it->second.burst > 0 ? it->second.burst : std::max(1.0, rate);
  std::lock_guard lock(mutex_);
  auto bucket = buckets_.find(agency);
  if (bucket == buckets_.end()) bucket = buckets_.emplace(std::string(agency), Bucket{}).first;
  Bucket& b = bucket->second;
  if (!b.started) {
    b.tokens = burst;
    b.updated = now;
    b.started = true;
  } else if (now > b.updated) {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(burst, b.tokens + elapsed * rate);
    b.updated = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return std::chrono::milliseconds(0);
  }
  const double wait_s = (1 - b.tokens) / rate;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(wait_s * 1000)));
}

}  // namespace huicai::exchange::internal
