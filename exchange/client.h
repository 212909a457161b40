#pragma once
// exchange: the C++ client of HubService, used by tests and tools (and as the reference for
// partners writing their own). Framed binary Thrift over TCP; no Thrift type crosses this file.
// Errors: a HubError from the server comes back as the matching Status code (NOT_FOUND ->
// kNotFound, PERMISSION_DENIED -> kPermissionDenied, ...);
// a network failure or timeout is kUnavailable naming host:port; a reply that does not decode
// is kDataError. After kUnavailable or kDataError the next call reconnects.
// Thread-safety: a Client is used by one thread at a time; open one per thread.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/types.h"
#include "exchange/backend.h"

namespace huicai::exchange {

// Mutual TLS for the client: this agency's certificate and key, and the CA the hub's certificate
// must be signed by (the hub's name is checked against the host connected to).
struct ClientTls {
  std::filesystem::path cert;
  std::filesystem::path key;
  std::filesystem::path ca;
};

class Client {
 public:
  // Connects to a `huicai serve` at host:port. timeout_ms bounds the connect and each call's
  // send and receive. Unavailable: nothing answers there (the message says what to check).
  // InvalidArgument: port out of 1..65535 or timeout_ms not positive.
  // With `tls`, over mutual TLS; InvalidArgument when a TLS file cannot be loaded. A server
  // that refuses the certificate shows as Unavailable on the first call.
  [[nodiscard]] static Result<Client> Connect(const std::string& host, int port,
                                              int timeout_ms = 10000,
                                              std::optional<ClientTls> tls = std::nullopt);
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();

  // The API_VERSION the server speaks, e.g. "1.0".
  [[nodiscard]] Result<std::string> ApiVersion();

  // NotFound: no talent with this id. InvalidArgument: id not positive.
  [[nodiscard]] Result<Talent> GetTalent(PersonId id);

  // InvalidArgument: limit over 1000 or a query the hub cannot parse; query.lookup set (a
  // number is looked up with LookupTalent, nothing is sent).
  [[nodiscard]] Result<std::vector<TalentSearchHit>> SearchTalents(const TalentSearch& query);

  // Posts a need and returns its new id. InvalidArgument: the message names the bad field.
  [[nodiscard]] Result<NeedId> PostNeed(const Need& need);

  // Proposals for a need, best first. NotFound: no such need.
  [[nodiscard]] Result<std::vector<Proposal>> ListProposals(NeedId need);

  // Checks a talent card against the holder's ID number. InvalidArgument: empty card number
  // or an ID number failing its checks. An unknown card is valid = false.
  [[nodiscard]] Result<CardCheck> VerifyCard(const std::string& card_number,
                                             const std::string& id_number);

  // --- API 1.2 (a 1.1 server answers these with Internal "unknown method") ---

  // The person with the fields this agency may see: others empty, masked ones listed in
  // `masked`. NotFound; PermissionDenied (outside the agency's regions).
  [[nodiscard]] Result<PersonRecord> GetPerson(PersonId id);
  // Sends records (record.partner is ignored: the hub files them under this agency); one
  // receipt each, in order.
  [[nodiscard]] Result<std::vector<RecordReceipt>> SubmitRecords(
      const std::vector<Record>& records);
  // The visible changes after `cursor` (0 = from the start); the next cursor in last_seq.
  [[nodiscard]] Result<ChangeBatch> ChangesSince(std::int64_t cursor, int limit);
  [[nodiscard]] Status UpdateNeed(const Need& need);
  [[nodiscard]] Result<ProposalAnswerResult> AcceptProposal(NeedId need, PersonId expert);
  [[nodiscard]] Result<ProposalAnswerResult> DeclineProposal(NeedId need, PersonId expert,
                                                             const std::string& reason);
  [[nodiscard]] Result<ProposalAnswerResult> CompleteProposal(NeedId need, PersonId expert,
                                                              int days_served);
  [[nodiscard]] Result<MatchSummary> GetMatchReport(const std::string& round = {});
  [[nodiscard]] Result<ServiceRequest> SubmitServiceRequest(PersonId person,
                                                            const std::vector<std::string>& matters,
                                                            const std::string& note = {});
  // status: kReceived, kDone or kDelayed (with reason and new_date).
  [[nodiscard]] Result<ServiceItem> UpdateItem(ServiceItemId item, ServiceItemStatus status,
                                               const std::string& reason = {},
                                               std::optional<Date> new_date = std::nullopt);
  [[nodiscard]] Result<ServiceRequest> GetServiceRequest(ServiceRequestId id);
  [[nodiscard]] Result<std::vector<ServiceEvent>> GetServiceArchive(PersonId person);

  // --- API 1.3 ---
  // Policy articles for a question in plain words. InvalidArgument; NotFound (no index yet).
  [[nodiscard]] Result<search::PolicyResults> SearchPolicies(const search::PolicyQuery& query);
  // 1.4: talents with total, paging, order, snippets and facets (inside the caller's regions).
  // InvalidArgument as SearchTalents.
  [[nodiscard]] Result<TalentSearchPage> SearchTalentPage(const TalentSearch& query);
  // 1.4: needs, projects and activities (inside the caller's regions).
  [[nodiscard]] Result<search::NeedResults> SearchNeeds(const search::NeedQuery& query);
  // 1.5: talent stations and expert service bases (inside the caller's regions).
  [[nodiscard]] Result<search::StationResults> SearchStations(const search::StationQuery& query);
  // 1.6: the talents holding `number` exactly (at most 10, inside the caller's regions, with the
  // fields it sees). PermissionDenied: the call is not granted, or the agency does not see
  // numbers of this kind whole. InvalidArgument: the number fails a check of its kind (named;
  // the number is not echoed). An unknown number is an empty page.
  [[nodiscard]] Result<TalentSearchPage> LookupTalent(IdentifierKind kind,
                                                      const std::string& number);

  // Closes the connection; later calls reconnect. Safe to call twice.
  void Close();

  // "host:port", for messages.
  const std::string& endpoint() const;

 private:
  class Impl;  // holds the socket, framed transport, protocol and generated client
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace huicai::exchange
