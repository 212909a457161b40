#pragma once
// An in-memory exchange::Backend for the exchange tests: a few talents, needs and proposals,
// plus switches to make a call throw or block. Thread-safe (one mutex).
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/id_number.h"
#include "core/status.h"
#include "core/types.h"
#include "core/validate.h"
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

  // The numbers a talent's person is looked up by (lookupTalent); the talent card is the
  // talent's card_number.
  void SetNumbers(PersonId person, PersonIdentifiers numbers) {
    std::lock_guard<std::mutex> lock(mutex_);
    numbers_[person] = std::move(numbers);
  }

  // Talents whose specialties hold the text, inside query.allowed_regions as the hub's search
  // keeps them, holding query.lookup's number (normalised and refused as the hub does);
  // facets count counties and tiers of all matches.
  Result<TalentSearchPage> SearchTalents(const TalentSearch& query) override {
    if (query.text == "(") return Status::InvalidArgument("query text: unbalanced '(' at 1");
    std::optional<std::string> wanted;
    if (query.lookup) {
      auto normalised = Normalised(*query.lookup);
      if (!normalised.ok()) return normalised.status();
      wanted = *normalised;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    last_talent_search_ = query;
    TalentSearchPage page;
    search::TalentFacets facets;
    std::vector<TalentSearchHit>& hits = page.hits;
    for (const auto& [id, talent] : talents_) {
      if (talent.region_code.rfind(query.region_prefix, 0) != 0) continue;
      if (!query.allowed_regions.empty() &&
          std::none_of(query.allowed_regions.begin(), query.allowed_regions.end(),
                       [&](const std::string& p) { return talent.region_code.rfind(p, 0) == 0; })) {
        continue;
      }
      if (query.tier && talent.tier != *query.tier) continue;
      if (wanted && !Holds(talent, query.lookup->kind, *wanted)) continue;
      if (!query.text.empty() && talent.specialties.find(query.text) == std::string::npos) continue;
      if (!query.discipline_prefix.empty()) {
        bool any = false;
        for (const std::string& d : talent.disciplines) {
          if (d.rfind(query.discipline_prefix, 0) == 0) any = true;
        }
        if (!any) continue;
      }
      ++page.estimated_total;
      ++facets.county[talent.region_code];
      ++facets.tier[std::string(TalentTierName(talent.tier))];
      if (page.estimated_total <= query.offset || hits.size() >= query.limit) continue;
      hits.push_back({talent, 1.0 / static_cast<double>(id), "【" + talent.specialties + "】", {}});
    }
    if (query.facets) page.facets = std::move(facets);
    return page;
  }
  // The last talent search as the server passed it on (allowed_regions included).
  TalentSearch LastTalentSearch() {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_talent_search_;
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

  // --- API 1.2 ---
  void AddPerson(const Person& person) {
    std::lock_guard<std::mutex> lock(mutex_);
    persons_[person.id] = person;
  }
  void AddNeed(const Need& need) {
    std::lock_guard<std::mutex> lock(mutex_);
    needs_[need.id] = need;
  }
  void AddChange(const ChangeEntry& change) {
    std::lock_guard<std::mutex> lock(mutex_);
    changes_.push_back(change);
  }
  void SetMatchSummary(const MatchSummary& summary) {
    std::lock_guard<std::mutex> lock(mutex_);
    summary_ = summary;
  }
  // What SubmitRecords received, in order, with the agency it was filed under.
  std::vector<Record> submitted() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return submitted_;
  }
  std::vector<Need> updated() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return updated_;
  }

  Result<PersonRecord> GetPerson(PersonId id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = persons_.find(id);
    if (it == persons_.end()) return Status::NotFound("no person with id " + std::to_string(id));
    PersonRecord record{it->second, std::nullopt, {}};
    if (auto t = talents_.find(id); t != talents_.end()) record.talent = t->second;
    return record;
  }

  // Accepts a record with an 18-character id_number (person id = 500 + its position among the
  // accepted), quarantines the others as "missing_field".
  Result<std::vector<RecordReceipt>> SubmitRecords(std::string_view,
                                                   std::vector<Record> records) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<RecordReceipt> receipts;
    for (Record& record : records) {
      RecordReceipt receipt;
      receipt.source_key = record.source_key;
      const auto id = record.fields.find("id_number");
      if (id != record.fields.end() && id->second.size() == 18) {
        receipt.accepted = true;
        receipt.person_id = static_cast<PersonId>(500 + submitted_.size());
      } else {
        receipt.reason_code = "missing_field";
        receipt.message = "id_number is missing";
      }
      receipts.push_back(std::move(receipt));
      submitted_.push_back(std::move(record));
    }
    return receipts;
  }

  Result<ChangeBatch> ChangesSince(std::int64_t after, size_t limit) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ChangeBatch batch;
    batch.last_seq = after;
    for (const ChangeEntry& change : changes_) {
      if (change.seq <= after) continue;
      if (batch.changes.size() >= limit) {
        batch.more = true;
        break;
      }
      batch.changes.push_back(change);
      batch.last_seq = change.seq;
    }
    return batch;
  }

  Result<Need> GetNeed(NeedId id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = needs_.find(id);
    if (it == needs_.end()) return Status::NotFound("no need with id " + std::to_string(id));
    return it->second;
  }

  Status UpdateNeed(const Need& need) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = needs_.find(need.id);
    if (it == needs_.end()) return Status::NotFound("no need with id " + std::to_string(need.id));
    if (it->second.status != NeedStatus::kOpen) {
      return Status::InvalidArgument("need " + std::to_string(need.id) + " is no longer open");
    }
    it->second = need;
    updated_.push_back(need);
    return Status::Ok();
  }

  Result<ProposalAnswerResult> AnswerProposal(NeedId need, PersonId expert, ProposalAnswerKind kind,
                                              int days_served, std::string_view note) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = proposals_.find(need);
    if (it == proposals_.end()) return Status::NotFound("no need with id " + std::to_string(need));
    for (Proposal& p : it->second) {
      if (p.person_id != expert) continue;
      if (kind == ProposalAnswerKind::kAccept) {
        if (p.status != ProposalStatus::kProposed) {
          return Status::InvalidArgument("proposal is " +
                                         std::string(ProposalStatusName(p.status)));
        }
        p.status = ProposalStatus::kAccepted;
      } else if (kind == ProposalAnswerKind::kDecline) {
        p.status = ProposalStatus::kDeclined;
        p.note = std::string(note);
      } else {
        p.status = ProposalStatus::kCompleted;
        p.days_served = days_served;
      }
      return ProposalAnswerResult{p, {}, NeedStatus::kOpen};
    }
    return Status::NotFound("no proposal of expert " + std::to_string(expert));
  }

  Result<MatchSummary> GetMatchReport(std::string_view round) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!summary_ || (!round.empty() && round != summary_->round)) {
      return Status::NotFound("no round \"" + std::string(round) + "\"");
    }
    return *summary_;
  }

  // One item per matter, department = the matter's name, deadline 2026-12-01.
  Result<ServiceRequest> SubmitServiceRequest(PersonId person,
                                              const std::vector<std::string>& matters,
                                              std::string_view window,
                                              std::string_view note) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ServiceRequest request;
    request.id = static_cast<ServiceRequestId>(requests_.size() + 1);
    request.person_id = person;
    request.window = std::string(window);
    request.note = std::string(note);
    request.submitted_on = Date{2026, 11, 25};
    for (const std::string& matter : matters) {
      ServiceItem item;
      item.id = request.id * 100 + static_cast<ServiceItemId>(request.items.size() + 1);
      item.request_id = request.id;
      item.matter = matter;
      item.department = matter;
      item.deadline = Date{2026, 12, 1};
      request.items.push_back(std::move(item));
    }
    requests_[request.id] = request;
    events_.push_back({static_cast<std::int64_t>(events_.size() + 1), request.id, 0, "",
                       std::string(window), "submitted", ""});
    return request;
  }

  Result<ServiceItem> UpdateServiceItem(ServiceItemId item, std::string_view department,
                                        ServiceItemStatus status, std::string_view reason,
                                        std::optional<Date> new_date) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = requests_.find(item / 100);
    if (it != requests_.end()) {
      for (ServiceItem& i : it->second.items) {
        if (i.id != item) continue;
        if (!department.empty() && department != i.department) {
          return Status::PermissionDenied("item " + std::to_string(item) + " is " + i.department +
                                          "'s");
        }
        i.status = status;
        i.reason = std::string(reason);
        i.promised = new_date;
        return i;
      }
    }
    return Status::NotFound("no service item " + std::to_string(item));
  }

  Result<ServiceRequest> GetServiceRequest(ServiceRequestId id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = requests_.find(id);
    if (it == requests_.end()) return Status::NotFound("no request " + std::to_string(id));
    return it->second;
  }

  Result<std::vector<ServiceEvent>> ServiceArchive(PersonId) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return events_;
  }

  // Policy articles: those whose snippet holds the query text (all for an empty text).
  void AddPolicyHit(const search::PolicyHit& hit) {
    std::lock_guard<std::mutex> lock(mutex_);
    policies_.push_back(hit);
  }
  // Needs whose title holds the text, inside query.region_any; facets count counties.
  Result<search::NeedResults> SearchNeeds(const search::NeedQuery& query) override {
    std::lock_guard<std::mutex> lock(mutex_);
    search::NeedResults out;
    search::NeedFacets facets;
    for (const auto& [id, need] : needs_) {
      if (!query.text.empty() && need.title.find(query.text) == std::string::npos) continue;
      if (!query.region_any.empty() &&
          std::none_of(query.region_any.begin(), query.region_any.end(),
                       [&](const std::string& p) { return need.region_code.rfind(p, 0) == 0; })) {
        continue;
      }
      ++out.estimated_total;
      ++facets.county[need.region_code];
      if (out.hits.size() >= query.limit) continue;
      search::NeedHit hit;
      hit.need_id = id;
      hit.title = need.title;
      hit.unit = need.unit;
      hit.region_code = need.region_code;
      hit.status = need.status;
      hit.kind = need.kind;
      out.hits.push_back(std::move(hit));
    }
    if (query.facets) out.facets = std::move(facets);
    return out;
  }

  // --- API 1.5 ---
  void AddStation(const Station& station) {
    std::lock_guard<std::mutex> lock(mutex_);
    stations_[station.id] = station;
  }
  search::StationQuery LastStationQuery() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_station_query_;
  }
  // Stations whose name or description holds the text, of the kind and type asked, inside
  // query.region_any; the snippet is the whole description; facets count counties, kinds and
  // types.
  Result<search::StationResults> SearchStations(const search::StationQuery& query) override {
    if (query.text == "(") return Status::InvalidArgument("query text: unbalanced '(' at 1");
    std::lock_guard<std::mutex> lock(mutex_);
    last_station_query_ = query;
    search::StationResults out;
    search::StationFacets facets;
    for (const auto& [id, station] : stations_) {
      if (!query.text.empty() && station.name.find(query.text) == std::string::npos &&
          station.description.find(query.text) == std::string::npos) {
        continue;
      }
      if (query.kind && station.kind != *query.kind) continue;
      if (query.type && station.type != *query.type) continue;
      if (station.region_code.rfind(query.region_prefix, 0) != 0) continue;
      if (!query.region_any.empty() &&
          std::none_of(query.region_any.begin(), query.region_any.end(), [&](const std::string& p) {
            return station.region_code.rfind(p, 0) == 0;
          })) {
        continue;
      }
      ++out.estimated_total;
      ++facets.county[station.region_code];
      ++facets.kind[std::string(StationKindName(station.kind))];
      ++facets.type[std::string(StationTypeName(station.type))];
      if (out.hits.size() >= query.limit) continue;
      search::StationHit hit;
      hit.station_id = id;
      hit.relevance = 1.0;
      hit.rank = static_cast<int>(out.hits.size()) + 1;
      hit.name = station.name;
      hit.host_unit = station.host_unit;
      hit.region_code = station.region_code;
      hit.kind = station.kind;
      hit.type = station.type;
      hit.snippet = station.description;
      hit.matched_terms = {query.text};
      out.hits.push_back(std::move(hit));
    }
    if (query.facets) out.facets = std::move(facets);
    return out;
  }

  Result<search::PolicyResults> SearchPolicies(const search::PolicyQuery& query) override {
    std::lock_guard<std::mutex> lock(mutex_);
    search::PolicyResults out;
    for (const search::PolicyHit& h : policies_) {
      if (query.text.empty() || h.snippet.find(query.text) != std::string::npos) {
        out.hits.push_back(h);
      }
    }
    out.estimated_total = out.hits.size();
    if (out.hits.size() > query.limit) out.hits.resize(query.limit);
    return out;
  }

 private:
  // A number as hub::Hub::Search normalises it; InvalidArgument names the failed check, never
  // the number.
  static Result<std::string> Normalised(const search::TalentQuery::Lookup& lookup) {
    switch (lookup.kind) {
      case IdentifierKind::kIdNumber: {
        auto id = ParseIdNumber(lookup.value);
        if (!id.ok()) return Status::InvalidArgument("ID number: " + id.status().message());
        return id->number;
      }
      case IdentifierKind::kMobile: {
        auto mobile = NormaliseMobile(lookup.value);
        if (!mobile.ok()) return Status::InvalidArgument("mobile: " + mobile.status().message());
        return *mobile;
      }
      case IdentifierKind::kBankCard: {
        auto card = NormaliseBankCard(lookup.value);
        if (!card.ok()) return Status::InvalidArgument("bank card: " + card.status().message());
        return *card;
      }
      case IdentifierKind::kTalentCard:
        break;
    }
    if (lookup.value.empty()) return Status::InvalidArgument("the talent card number is empty");
    return lookup.value;
  }
  // Whether the talent (its person) holds `number` of `kind`; called under mutex_.
  bool Holds(const Talent& talent, IdentifierKind kind, const std::string& number) const {
    if (kind == IdentifierKind::kTalentCard) return talent.card_number == number;
    const auto it = numbers_.find(talent.person_id);
    if (it == numbers_.end()) return false;
    const PersonIdentifiers& held = it->second;
    if (kind == IdentifierKind::kIdNumber) return held.id_number == number;
    if (kind == IdentifierKind::kMobile) return held.mobile == number;
    return std::find(held.bank_cards.begin(), held.bank_cards.end(), number) !=
           held.bank_cards.end();
  }

  TalentSearch last_talent_search_;
  std::map<PersonId, PersonIdentifiers> numbers_;
  std::map<PersonId, Person> persons_;
  std::map<NeedId, Need> needs_;
  std::vector<ChangeEntry> changes_;
  std::optional<MatchSummary> summary_;
  std::vector<Record> submitted_;
  std::vector<Need> updated_;
  std::map<ServiceRequestId, ServiceRequest> requests_;
  std::vector<ServiceEvent> events_;
  std::vector<search::PolicyHit> policies_;
  std::map<StationId, Station> stations_;
  search::StationQuery last_station_query_;
  std::map<PersonId, std::string> holder_ids_;
  mutable std::mutex mutex_;
  std::map<PersonId, Talent> talents_;
  std::map<NeedId, std::vector<Proposal>> proposals_;
  std::vector<Need> posted_;
  std::atomic<bool> throw_on_get_{false};
};

}  // namespace huicai::exchange::testing
