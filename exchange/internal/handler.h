#pragma once
// exchange internal: the HubService handler. One HubHandler per connection (so it knows its
// peer), all sharing one Backend. Converts requests with convert.h, calls the Backend, maps a
// failing Status to HubError, and turns any exception the Backend throws into INTERNAL so no
// exception from a Backend reaches the Thrift framework.
// Thread-safety: a HubHandler serves one connection on one thread; the Backend and the hook are
// shared and must be thread-safe.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "exchange/backend.h"
#include "exchange/internal/rate_limit.h"
#include "exchange/internal/tls.h"
#include "exchange/server.h"
#include "huicai_thrift_gen/HubService.h"

namespace huicai::exchange::internal {

namespace wire = ::huicai::exchange::thrift;

using CallHook = std::function<void(const CallRecord&)>;

class HubHandler : public wire::HubServiceIf {
 public:
  // `backend` and `hook` must outlive the HubHandler; `hook` may be empty.
  // `tls` is the connection's TLS socket (its agency is known once the handshake is done),
  // null on a plain connection.
  // `rights` (null: a plain server) must outlive the handler.
  // `limiter` (null: no rate limits) must outlive the handler.
  HubHandler(Backend& backend, const CallHook& hook, std::string peer,
             std::shared_ptr<AgencySocket> tls, const std::map<std::string, AgencyRights>* rights,
             RateLimiter* limiter);

  void getApiVersion(std::string& out) override;
  void getTalent(wire::Talent& out, std::int64_t person_id) override;
  void searchTalents(std::vector<wire::TalentHit>& out, const wire::TalentQuery& query) override;
  std::int64_t postNeed(const wire::Need& need) override;
  void listProposals(std::vector<wire::Proposal>& out, std::int64_t need_id) override;
  void verifyCard(wire::CardCheck& out, const std::string& card_number,
                  const std::string& id_number) override;
  void getPerson(wire::Person& out, std::int64_t person_id) override;
  void submitRecords(std::vector<wire::RecordReceipt>& out,
                     const std::vector<wire::PartnerRecord>& records) override;
  void changesSince(wire::ChangePage& out, std::int64_t cursor, std::int32_t limit) override;
  void updateNeed(const wire::Need& need) override;
  void acceptProposal(wire::ProposalAnswer& out, std::int64_t need_id,
                      std::int64_t person_id) override;
  void declineProposal(wire::ProposalAnswer& out, std::int64_t need_id, std::int64_t person_id,
                       const std::string& reason) override;
  void completeProposal(wire::ProposalAnswer& out, std::int64_t need_id, std::int64_t person_id,
                        std::int32_t days_served) override;
  void getMatchReport(wire::MatchReport& out, const std::string& round) override;
  void submitServiceRequest(wire::ServiceRequest& out, std::int64_t person_id,
                            const std::vector<std::string>& matters,
                            const std::string& note) override;
  void updateItem(wire::ServiceItem& out, std::int64_t item_id,
                  wire::ServiceItemStatus::type status, const std::string& reason,
                  const std::string& new_date) override;
  void getServiceRequest(wire::ServiceRequest& out, std::int64_t request_id) override;
  void getServiceArchive(std::vector<wire::ServiceEvent>& out, std::int64_t person_id) override;
  void searchPolicies(wire::PolicyPage& out, const wire::PolicyQuery& query) override;
  // --- 1.4 ---
  void searchTalentPage(wire::TalentPage& out, const wire::TalentQuery& query) override;
  void searchNeeds(wire::NeedPage& out, const wire::NeedQuery& query) override;
  // --- 1.5 ---
  void searchStations(wire::StationPage& out, const wire::StationQuery& query) override;
  // --- 1.6 ---
  void lookupTalent(wire::TalentPage& out, wire::IdentifierKind::type kind,
                    const std::string& number) override;

 private:
  // Runs `body` catching every exception, reports the call to the hook, and throws HubError
  // when the resulting Status is not OK.
  void Run(std::string_view method, const std::function<Status()>& body);

  // The answer to accept / decline / complete, after the need's region check.
  Status Answer(wire::ProposalAnswer& out, std::int64_t need_id, std::int64_t person_id,
                ProposalAnswerKind kind, int days_served, std::string_view note);
  // PermissionDenied when the agency's regions exclude `region` (what names the thing).
  Status CheckRegion(const std::string& region, const std::string& what) const;
  // PermissionDenied unless the agency may see the need (its region); NotFound passes through.
  Status CheckNeed(NeedId id);
  // PermissionDenied unless the agency may see the person (talent's or household region).
  Status CheckPerson(PersonId id);
  // The calling agency's name; empty on a plain connection.
  std::string Agency() const;

  Backend& backend_;
  const CallHook& hook_;
  RateLimiter* limiter_;
  // The calling agency's rights; null when the connection is not restricted (plain TCP).
  // Sets `denied` when the agency has no rights at all.
  const AgencyRights* Rights(bool& denied) const;
  // searchTalents, searchTalentPage and lookupTalent: the page inside the agency's regions, with
  // its fields.
  Status SearchTalentsFor(TalentSearch search, wire::TalentPage& page);

  // What the current call was about and returned, for its CallRecord (one call at a time).
  std::vector<std::string> subjects_, fields_;
  std::string peer_;
  std::shared_ptr<AgencySocket> tls_;
  const std::map<std::string, AgencyRights>* rights_;
};

// Makes one HubHandler per accepted connection.
class HandlerFactory : public wire::HubServiceIfFactory {
 public:
  // `rights`: per-agency rights of a TLS server (null: plain, unrestricted); must outlive it.
  HandlerFactory(Backend& backend, CallHook hook,
                 const std::map<std::string, AgencyRights>* rights = nullptr);
  wire::HubServiceIf* getHandler(const apache::thrift::TConnectionInfo& info) override;
  void releaseHandler(wire::HubServiceIf* handler) override;

 private:
  Backend& backend_;
  CallHook hook_;
  const std::map<std::string, AgencyRights>* rights_;
  RateLimiter limiter_;
};

}  // namespace huicai::exchange::internal
