#include "exchange/client.h"

#include <thrift/TApplicationException.h>
#include <thrift/protocol/TProtocolException.h>
#include <thrift/transport/TTransportException.h>

#include <functional>
#include <set>
#include <utility>

#include "exchange/internal/convert.h"
#include "exchange/internal/tls.h"
#include "exchange/internal/transport.h"
#include "huicai_thrift_gen/HubService.h"

namespace huicai::exchange {

namespace tt = apache::thrift::transport;
namespace wire = internal::wire;

class Client::Impl {
 public:
  Impl(std::string host, int port, int timeout_ms)
      : host_(std::move(host)),
        port_(port),
        timeout_ms_(timeout_ms),
        endpoint_(host_ + ":" + std::to_string(port_)) {}

  ~Impl() { Close(); }

  std::shared_ptr<internal::HardenedSslFactory> tls_;  // null: plain TCP

  Status Open() {
    if (stack_.socket && stack_.socket->isOpen()) return Status::Ok();
    try {
      stack_ = internal::MakeClientStack(host_, port_, timeout_ms_, internal::WireLimits{}, tls_);
      stack_.framed->open();
      stub_ = std::make_unique<wire::HubServiceClient>(stack_.protocol);
    } catch (const std::exception& e) {
      stack_ = {};
      stub_.reset();
      return Status::Unavailable("cannot reach the huicai hub at " + endpoint_ + ": " + e.what() +
                                 "; is `huicai serve` running there and the port open?");
    }
    return Status::Ok();
  }

  void Close() {
    if (stack_.framed) {
      try {
        stack_.framed->close();
      } catch (...) {  // closing a broken socket has nothing left to report
      }
    }
    stub_.reset();
    stack_ = {};
  }

  // Reconnects if needed, runs `call` and maps every Thrift exception to a Status.
  Status Call(const char* method, const std::function<void(wire::HubServiceClient&)>& call) {
    HUICAI_RETURN_IF_ERROR(Open());
    try {
      call(*stub_);
      return Status::Ok();
    } catch (const wire::HubError& e) {
      return internal::FromHubError(e);
    } catch (const tt::TTransportException& e) {
      Close();  // the stream may be mid-message; start clean next time
      return Status::Unavailable(std::string(method) + " to the huicai hub at " + endpoint_ +
                                 " failed: " + e.what() +
                                 "; is `huicai serve` running? retry, or raise the timeout (" +
                                 std::to_string(timeout_ms_) + " ms) if the hub is busy");
    } catch (const apache::thrift::protocol::TProtocolException& e) {
      Close();
      return Status::DataError(std::string(method) + ": the reply from " + endpoint_ +
                               " does not decode: " + e.what() +
                               "; check that client and server speak the same API version");
    } catch (const apache::thrift::TApplicationException& e) {
      return Status::Internal(std::string(method) + ": the hub at " + endpoint_ +
                              " could not run the call: " + e.what());
    } catch (const std::exception& e) {
      Close();
      return Status::Internal(std::string(method) + " to " + endpoint_ + " failed: " + e.what());
    }
  }

  const std::string& endpoint() const { return endpoint_; }

 private:
  std::string host_;
  int port_;
  int timeout_ms_;
  std::string endpoint_;
  internal::ClientStack stack_;
  std::unique_ptr<wire::HubServiceClient> stub_;
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

Result<Client> Client::Connect(const std::string& host, int port, int timeout_ms,
                               std::optional<ClientTls> tls) {
  if (port < 1 || port > 65535) {
    return Status::InvalidArgument("port " + std::to_string(port) + " is not in 1..65535");
  }
  if (timeout_ms <= 0) {
    return Status::InvalidArgument("timeout_ms must be positive, got " +
                                   std::to_string(timeout_ms));
  }
  internal::IgnoreSigpipe();
  auto impl = std::make_unique<Impl>(host, port, timeout_ms);
  if (tls) {
    try {
      impl->tls_ = std::make_shared<internal::HardenedSslFactory>(
          internal::TlsFiles{tls->cert.string(), tls->key.string(), tls->ca.string(), ""},
          /*server=*/false, std::set<std::string>{},
          internal::MakeConfiguration(internal::WireLimits{}));
    } catch (const apache::thrift::TException& e) {
      return Status::InvalidArgument(std::string("TLS: ") + e.what() +
                                     "; check the agency certificate, key and CA files");
    }
  }
  HUICAI_RETURN_IF_ERROR(impl->Open());
  return Client(std::move(impl));
}

Result<CardCheck> Client::VerifyCard(const std::string& card_number, const std::string& id_number) {
  wire::CardCheck check;
  HUICAI_RETURN_IF_ERROR(impl_->Call("verifyCard", [&](wire::HubServiceClient& c) {
    c.verifyCard(check, card_number, id_number);
  }));
  return internal::FromThrift(check);
}

void Client::Close() { impl_->Close(); }

const std::string& Client::endpoint() const { return impl_->endpoint(); }

Result<std::string> Client::ApiVersion() {
  std::string version;
  HUICAI_RETURN_IF_ERROR(
      impl_->Call("getApiVersion", [&](wire::HubServiceClient& c) { c.getApiVersion(version); }));
  return version;
}

Result<Talent> Client::GetTalent(PersonId id) {
  wire::Talent talent;
  HUICAI_RETURN_IF_ERROR(
      impl_->Call("getTalent", [&](wire::HubServiceClient& c) { c.getTalent(talent, id); }));
  Result<Talent> out = internal::FromThrift(talent);
  if (!out) {
    return Status::DataError(out.error().message())
        .WithContext("getTalent reply from " + impl_->endpoint());
  }
  return out;
}

namespace {

// A search over the wire has no place for a number: refuse it rather than search without it.
Status NoLookup(const TalentSearch& query) {
  if (!query.lookup) return Status::Ok();
  return Status::InvalidArgument(
      "a talent search does not carry a number to look up; call LookupTalent (lookupTalent)");
}

}  // namespace

Result<std::vector<TalentSearchHit>> Client::SearchTalents(const TalentSearch& query) {
  HUICAI_RETURN_IF_ERROR(NoLookup(query));
  const wire::TalentQuery request = internal::ToThrift(query);
  std::vector<wire::TalentHit> hits;
  HUICAI_RETURN_IF_ERROR(impl_->Call(
      "searchTalents", [&](wire::HubServiceClient& c) { c.searchTalents(hits, request); }));
  std::vector<TalentSearchHit> out;
  out.reserve(hits.size());
  for (const wire::TalentHit& hit : hits) {
    Result<TalentSearchHit> converted = internal::FromThrift(hit);
    if (!converted) {
      return Status::DataError(converted.error().message())
          .WithContext("searchTalents reply from " + impl_->endpoint());
    }
    out.push_back(std::move(converted).value());
  }
  return out;
}

Result<NeedId> Client::PostNeed(const Need& need) {
  const wire::Need request = internal::ToThrift(need);
  NeedId id = 0;
  HUICAI_RETURN_IF_ERROR(
      impl_->Call("postNeed", [&](wire::HubServiceClient& c) { id = c.postNeed(request); }));
  return id;
}

Result<std::vector<Proposal>> Client::ListProposals(NeedId need) {
  std::vector<wire::Proposal> proposals;
  HUICAI_RETURN_IF_ERROR(impl_->Call(
      "listProposals", [&](wire::HubServiceClient& c) { c.listProposals(proposals, need); }));
  std::vector<Proposal> out;
  out.reserve(proposals.size());
  for (const wire::Proposal& proposal : proposals) {
    Result<Proposal> converted = internal::FromThrift(proposal);
    if (!converted) {
      return Status::DataError(converted.error().message())
          .WithContext("listProposals reply from " + impl_->endpoint());
    }
    out.push_back(std::move(converted).value());
  }
  return out;
}

namespace {

// Converts a reply with FromThrift; a reply that does not convert is the server's data error.
template <typename Wire>
auto Reply(const Wire& wire, const std::string& method, const std::string& endpoint)
    -> decltype(internal::FromThrift(wire)) {
  auto out = internal::FromThrift(wire);
  if (!out)
    return Status::DataError(out.error().message()).WithContext(method + " reply from " + endpoint);
  return out;
}

}  // namespace

Result<PersonRecord> Client::GetPerson(PersonId id) {
  wire::Person person;
  HUICAI_RETURN_IF_ERROR(
      impl_->Call("getPerson", [&](wire::HubServiceClient& c) { c.getPerson(person, id); }));
  return Reply(person, "getPerson", impl_->endpoint());
}

Result<std::vector<RecordReceipt>> Client::SubmitRecords(const std::vector<Record>& records) {
  std::vector<wire::PartnerRecord> request;
  request.reserve(records.size());
  for (const Record& record : records) request.push_back(internal::ToThrift(record));
  std::vector<wire::RecordReceipt> receipts;
  HUICAI_RETURN_IF_ERROR(impl_->Call(
      "submitRecords", [&](wire::HubServiceClient& c) { c.submitRecords(receipts, request); }));
  std::vector<RecordReceipt> out;
  out.reserve(receipts.size());
  for (const wire::RecordReceipt& receipt : receipts) out.push_back(internal::FromThrift(receipt));
  return out;
}

Result<ChangeBatch> Client::ChangesSince(std::int64_t cursor, int limit) {
  wire::ChangePage page;
  HUICAI_RETURN_IF_ERROR(impl_->Call(
      "changesSince", [&](wire::HubServiceClient& c) { c.changesSince(page, cursor, limit); }));
  ChangeBatch out;
  for (const wire::Change& change : page.changes)
    out.changes.push_back(internal::FromThrift(change));
  out.last_seq = page.cursor;
  out.more = page.more;
  return out;
}

Status Client::UpdateNeed(const Need& need) {
  const wire::Need request = internal::ToThrift(need);
  return impl_->Call("updateNeed", [&](wire::HubServiceClient& c) { c.updateNeed(request); });
}

Result<ProposalAnswerResult> Client::AcceptProposal(NeedId need, PersonId expert) {
  wire::ProposalAnswer answer;
  HUICAI_RETURN_IF_ERROR(impl_->Call("acceptProposal", [&](wire::HubServiceClient& c) {
    c.acceptProposal(answer, need, expert);
  }));
  return Reply(answer, "acceptProposal", impl_->endpoint());
}

Result<ProposalAnswerResult> Client::DeclineProposal(NeedId need, PersonId expert,
                                                     const std::string& reason) {
  wire::ProposalAnswer answer;
  HUICAI_RETURN_IF_ERROR(impl_->Call("declineProposal", [&](wire::HubServiceClient& c) {
    c.declineProposal(answer, need, expert, reason);
  }));
  return Reply(answer, "declineProposal", impl_->endpoint());
}

Result<ProposalAnswerResult> Client::CompleteProposal(NeedId need, PersonId expert,
                                                      int days_served) {
  wire::ProposalAnswer answer;
  HUICAI_RETURN_IF_ERROR(impl_->Call("completeProposal", [&](wire::HubServiceClient& c) {
    c.completeProposal(answer, need, expert, days_served);
  }));
  return Reply(answer, "completeProposal", impl_->endpoint());
}

Result<MatchSummary> Client::GetMatchReport(const std::string& round) {
  wire::MatchReport report;
  HUICAI_RETURN_IF_ERROR(impl_->Call(
      "getMatchReport", [&](wire::HubServiceClient& c) { c.getMatchReport(report, round); }));
  return internal::FromThrift(report);
}

Result<ServiceRequest> Client::SubmitServiceRequest(PersonId person,
                                                    const std::vector<std::string>& matters,
                                                    const std::string& note) {
  wire::ServiceRequest request;
  HUICAI_RETURN_IF_ERROR(impl_->Call("submitServiceRequest", [&](wire::HubServiceClient& c) {
    c.submitServiceRequest(request, person, matters, note);
  }));
  return Reply(request, "submitServiceRequest", impl_->endpoint());
}

Result<ServiceItem> Client::UpdateItem(ServiceItemId item, ServiceItemStatus status,
                                       const std::string& reason, std::optional<Date> new_date) {
  wire::ServiceItem out;
  const auto wire_status = static_cast<wire::ServiceItemStatus::type>(static_cast<int>(status));
  const std::string date = new_date ? FormatDate(*new_date) : std::string();
  HUICAI_RETURN_IF_ERROR(impl_->Call("updateItem", [&](wire::HubServiceClient& c) {
    c.updateItem(out, item, wire_status, reason, date);
  }));
  return Reply(out, "updateItem", impl_->endpoint());
}

Result<ServiceRequest> Client::GetServiceRequest(ServiceRequestId id) {
  wire::ServiceRequest request;
  HUICAI_RETURN_IF_ERROR(impl_->Call(
      "getServiceRequest", [&](wire::HubServiceClient& c) { c.getServiceRequest(request, id); }));
  return Reply(request, "getServiceRequest", impl_->endpoint());
}

Result<search::PolicyResults> Client::SearchPolicies(const search::PolicyQuery& query) {
  wire::PolicyPage page;
  const wire::PolicyQuery w = internal::ToThrift(query);
  HUICAI_RETURN_IF_ERROR(
      impl_->Call("searchPolicies", [&](wire::HubServiceClient& c) { c.searchPolicies(page, w); }));
  return internal::FromThrift(page);
}

Result<TalentSearchPage> Client::SearchTalentPage(const TalentSearch& query) {
  HUICAI_RETURN_IF_ERROR(NoLookup(query));
  wire::TalentPage page;
  const wire::TalentQuery w = internal::ToThrift(query);
  HUICAI_RETURN_IF_ERROR(impl_->Call(
      "searchTalentPage", [&](wire::HubServiceClient& c) { c.searchTalentPage(page, w); }));
  Result<TalentSearchPage> converted = internal::FromThrift(page);
  if (!converted) {
    return Status::DataError(converted.error().message())
        .WithContext("searchTalentPage reply from " + impl_->endpoint());
  }
  return converted;
}

Result<TalentSearchPage> Client::LookupTalent(IdentifierKind kind, const std::string& number) {
  wire::TalentPage page;
  const wire::IdentifierKind::type w = internal::IdentifierKindToWire(kind);
  HUICAI_RETURN_IF_ERROR(impl_->Call(
      "lookupTalent", [&](wire::HubServiceClient& c) { c.lookupTalent(page, w, number); }));
  return Reply(page, "lookupTalent", impl_->endpoint());
}

Result<search::NeedResults> Client::SearchNeeds(const search::NeedQuery& query) {
  wire::NeedPage page;
  const wire::NeedQuery w = internal::ToThrift(query);
  HUICAI_RETURN_IF_ERROR(
      impl_->Call("searchNeeds", [&](wire::HubServiceClient& c) { c.searchNeeds(page, w); }));
  Result<search::NeedResults> converted = internal::FromThrift(page);
  if (!converted) {
    return Status::DataError(converted.error().message())
        .WithContext("searchNeeds reply from " + impl_->endpoint());
  }
  return converted;
}

Result<search::StationResults> Client::SearchStations(const search::StationQuery& query) {
  wire::StationPage page;
  const wire::StationQuery w = internal::ToThrift(query);
  HUICAI_RETURN_IF_ERROR(
      impl_->Call("searchStations", [&](wire::HubServiceClient& c) { c.searchStations(page, w); }));
  Result<search::StationResults> converted = internal::FromThrift(page);
  if (!converted) {
    return Status::DataError(converted.error().message())
        .WithContext("searchStations reply from " + impl_->endpoint());
  }
  return converted;
}

Result<std::vector<ServiceEvent>> Client::GetServiceArchive(PersonId person) {
  std::vector<wire::ServiceEvent> events;
  HUICAI_RETURN_IF_ERROR(impl_->Call("getServiceArchive", [&](wire::HubServiceClient& c) {
    c.getServiceArchive(events, person);
  }));
  std::vector<ServiceEvent> out;
  out.reserve(events.size());
  for (const wire::ServiceEvent& event : events) out.push_back(internal::FromThrift(event));
  return out;
}

}  // namespace huicai::exchange
