#pragma once
// exchange internal: per-agency request rates (token buckets), shared by all connections of an
// agency. An agency with rate_per_second 0 (or not configured) is not limited.
// Thread-safety: Take may be called from every serving thread at once.
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "exchange/server.h"

namespace huicai::exchange::internal {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // `rights` (may be null: no limits) must outlive the limiter.
  explicit RateLimiter(const std::map<std::string, AgencyRights>* rights) : rights_(rights) {}

  // Takes one request of `agency` at `now`: zero when it may go on, else how long until the
  // next request would be allowed (the call is refused and takes nothing).
  std::chrono::milliseconds Take(std::string_view agency, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
    bool started = false;
  };
  const std::map<std::string, AgencyRights>* rights_;
  std::mutex mutex_;
  std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace huicai::exchange::internal
