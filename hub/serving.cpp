// hub: the serving path's concurrency: a group-committing audit log and a pool of read
// connections (see serving.h for the contracts).
#include "hub/serving.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace huicai::hub {
namespace {

store::AuditEntry ToEntry(const AuditRecord& r) {
  store::AuditEntry e;
  e.at = r.at;
  e.agency = r.agency;
  e.method = r.method;
  e.subjects = r.subjects;
  e.fields = r.fields;
  e.outcome = r.outcome;
  return e;
}

}  // namespace

// ---- AuditLog

class AuditLog::Impl {
 public:
  explicit Impl(store::Store store) : store_(std::move(store)) {}

  Status Append(const AuditRecord& record) {
    Waiter me;
    me.entry = ToEntry(record);
    std::unique_lock lock(mu_);
    queue_.push_back(&me);
    if (committing_ && queue_.size() >= last_batch_) arrivals_.notify_one();
    for (;;) {
      if (me.done) return std::move(me.result);
      if (!committing_) {
        Lead(lock);
        continue;  // our record was in that batch, or is first in line for the next one
      }
      cv_.wait(lock);
    }
  }

  Stats stats() const {
    std::lock_guard lock(mu_);
    return stats_;
  }

 private:
  // One caller's record and its outcome; lives on the caller's stack until done is set.
  struct Waiter {
    store::AuditEntry entry;
    Status result;
    bool done = false;
  };

  // Takes up to kMaxBatch queued records, commits them with the lock released, and hands
  // every one its outcome. Called with `lock` held and committing_ false.
  void Lead(std::unique_lock<std::mutex>& lock) {
    committing_ = true;
    // Under concurrent load (the last batch held several records), wait a moment for the callers
    // of the last batch to queue their next record, so that one commit serves them all (as
    // PostgreSQL's commit_delay does). A lone caller never waits.
    if (last_batch_ > 1 && queue_.size() < last_batch_) {
      const auto until = std::chrono::steady_clock::now() + kLinger;
      arrivals_.wait_until(lock, until, [&] { return queue_.size() >= last_batch_; });
    }
    const size_t n = std::min(queue_.size(), kMaxBatch);
    std::vector<Waiter*> batch(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    lock.unlock();

    std::vector<store::AuditEntry> entries;
    entries.reserve(batch.size());
    for (Waiter* w : batch) entries.push_back(std::move(w->entry));
    Status result = store_.AppendAudit(entries);
    if (!result.ok() && batch.size() > 1) {
      result = std::move(result).WithContext("audit: a batch of " + std::to_string(batch.size()) +
                                             " concurrent records failed together");
    }

    lock.lock();
    last_batch_ = batch.size();
    for (Waiter* w : batch) {
      w->result = result;
      w->done = true;
    }
    ++stats_.batches;
    stats_.records += static_cast<std::int64_t>(batch.size());
    committing_ = false;
    cv_.notify_all();
  }

  store::Store store_;  // used by the leader only, outside mu_
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Waiter*> queue_;         // guarded by mu_
  bool committing_ = false;           // guarded by mu_: a leader is committing a batch
  size_t last_batch_ = 0;             // guarded by mu_: records in the last transaction
  std::condition_variable arrivals_;  // a leader waiting for the next batch to fill
  static constexpr std::chrono::microseconds kLinger{200};
  Stats stats_;  // guarded by mu_
};

Result<std::unique_ptr<AuditLog>> AuditLog::Open(const HubConfig& config) {
  auto store = store::Store::Open({.connection_string = config.store_connection});
  if (!store.has_value()) return store.error().WithContext("audit log");
  return std::unique_ptr<AuditLog>(new AuditLog(std::make_unique<Impl>(std::move(store).value())));
}

AuditLog::AuditLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AuditLog::~AuditLog() = default;

Status AuditLog::Append(const AuditRecord& record) { return impl_->Append(record); }

AuditLog::Stats AuditLog::stats() const { return impl_->stats(); }

// ---- ReadPool

class ReadPool::Impl {
 public:
  explicit Impl(std::vector<store::Store> stores) : stores_(std::move(stores)) {
    free_.reserve(stores_.size());
    for (size_t i = stores_.size(); i > 0; --i) free_.push_back(i - 1);
  }

  // Runs `fn(store)` on a borrowed connection; on Unavailable reconnects it and runs it again.
  template <typename Fn>
  auto With(Fn&& fn) -> decltype(fn(std::declval<store::Store&>())) {
    const size_t i = Borrow();
    store::Store& store = stores_[i];
    auto result = fn(store);
    if (!result.has_value() && result.error().code() == StatusCode::kUnavailable) {
      if (Status reconnected = store.Reconnect(); reconnected.ok()) {
        result = fn(store);
      } else {
        result = std::move(reconnected).WithContext("read pool");
      }
    }
    GiveBack(i);
    return result;
  }

  int size() const { return static_cast<int>(stores_.size()); }

 private:
  size_t Borrow() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    const size_t i = free_.back();
    free_.pop_back();
    return i;
  }
  void GiveBack(size_t i) {
    {
      std::lock_guard lock(mu_);
      free_.push_back(i);
    }
    cv_.notify_one();
  }

  std::vector<store::Store> stores_;  // fixed after construction; each used by one borrower
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<size_t> free_;  // guarded by mu_: indexes of connections not borrowed (a stack,
                              // so the warmest connection goes out first)
};

Result<std::unique_ptr<ReadPool>> ReadPool::Open(const HubConfig& config, int connections) {
  const int n = connections == 0 ? config.serve_read_connections : connections;
  if (n < 1 || n > 256) {
    return Status::InvalidArgument("read pool: " + std::to_string(n) +
                                   " connections asked for; use 1..256 ([serve] "
                                   "read_connections)");
  }
  std::vector<store::Store> stores;
  stores.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto store = store::Store::Open({.connection_string = config.store_connection});
    if (!store.has_value()) {
      return store.error().WithContext("read pool: connection " + std::to_string(i + 1) + " of " +
                                       std::to_string(n));
    }
    stores.push_back(std::move(store).value());
  }
  return std::unique_ptr<ReadPool>(new ReadPool(std::make_unique<Impl>(std::move(stores))));
}

ReadPool::ReadPool(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReadPool::~ReadPool() = default;

Result<Talent> ReadPool::GetTalent(PersonId id) {
  return impl_->With([id](store::Store& s) { return s.GetTalent(id); });
}

Result<Person> ReadPool::GetPerson(PersonId id) {
  return impl_->With([id](store::Store& s) { return s.GetPerson(id); });
}

Result<std::optional<Talent>> ReadPool::FindTalentByCard(std::string_view card_number) {
  return impl_->With([card_number](store::Store& s) { return s.FindTalentByCard(card_number); });
}

Result<std::pair<Person, std::optional<Talent>>> ReadPool::GetPersonWithTalent(PersonId id) {
  return impl_->With([id](store::Store& s) { return s.GetPersonWithTalent(id); });
}

int ReadPool::size() const { return impl_->size(); }

}  // namespace huicai::hub
