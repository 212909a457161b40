#pragma once
// An in-memory exchange::Backend for the exchange tests: a few talents, needs and proposals,
// plus switches to make a call throw or block. Thread-safe (one mutex).
#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/types.h"
#include "exchange/backend.h"

namespace huicai::exchange::testing {

class FakeBackend : public Backend {
 public:
  void AddTalent(const Talent& talent) {
    std::lock_guard<std::mutex> lock(mutex_);
    talents_[talent.person_id] = talent;
  }
  void AddProposals(NeedId need, std::vector<Proposal> proposals) {
    std::lock_guard<std::mutex> lock(mutex_);
    proposals_[need] = std::move(proposals);
  }
  // When set, GetTalent throws std::runtime_error: a backend bug the server must survive.
  void ThrowOnGetTalent(bool on) { throw_on_get_ = on; }

  std::vector<Need> posted() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return posted_;
  }

  Result<Talent> GetTalent(PersonId id) override {
    if (throw_on_get_) throw std::runtime_error("fake backend exploded");
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = talents_.find(id);
    if (it == talents_.end())
      return Status::NotFound("no talent with person id " + std::to_string(id));
    return it->second;
  }

  Result<std::vector<TalentSearchHit>> SearchTalents(const TalentSearch& query) override {
    if (query.text == "(") return Status::InvalidArgument("query text: unbalanced '(' at 1");
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<TalentSearchHit> hits;
    for (const auto& [id, talent] : talents_) {
      if (hits.size() >= query.limit) break;
      if (talent.region_code.rfind(query.region_prefix, 0) != 0) continue;
      if (query.tier && talent.tier != *query.tier) continue;
      if (!query.text.empty() && talent.specialties.find(query.text) == std::string::npos) continue;
      if (!query.discipline_prefix.empty()) {
        bool any = false;
        for (const std::string& d : talent.disciplines) {
          if (d.rfind(query.discipline_prefix, 0) == 0) any = true;
        }
        if (!any) continue;
      }
      hits.push_back({talent, 1.0 / static_cast<double>(id)});
    }
    return hits;
  }

  Result<NeedId> PostNeed(const Need& need) override {
    if (need.title.empty())
      return Status::InvalidArgument("need.title: empty; give the need a title");
    if (need.headcount < 1) {
      return Status::InvalidArgument("need.headcount: " + std::to_string(need.headcount) +
                                     " is not at least 1");
    }
    std::lock_guard<std::mutex> lock(mutex_);
    posted_.push_back(need);
    return static_cast<NeedId>(1000 + posted_.size());
  }

  Result<std::vector<Proposal>> ListProposals(NeedId need) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = proposals_.find(need);
    if (it == proposals_.end()) return Status::NotFound("no need with id " + std::to_string(need));
    return it->second;
  }
  // Cards are the talents' card numbers; a holder's ID number is set with SetHolderId.
  void SetHolderId(PersonId person, std::string id_number) {
    std::lock_guard<std::mutex> lock(mutex_);
    holder_ids_[person] = std::move(id_number);
  }
  Result<CardCheck> VerifyCard(std::string_view card_number, std::string_view id_number) override {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [id, talent] : talents_) {
      if (talent.card_number != card_number) continue;
      const auto holder = holder_ids_.find(id);
      return CardCheck{true, talent.tier,
                       holder != holder_ids_.end() && holder->second == id_number, id};
    }
    return CardCheck{};
  }

 private:
  std::map<PersonId, std::string> holder_ids_;
  mutable std::mutex mutex_;
  std::map<PersonId, Talent> talents_;
  std::map<NeedId, std::vector<Proposal>> proposals_;
  std::vector<Need> posted_;
  std::atomic<bool> throw_on_get_{false};
};

}  // namespace huicai::exchange::testing
