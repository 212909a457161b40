#include "exchange/internal/handler.h"

#include <thrift/transport/TSocket.h>

#include <exception>
#include <utility>

#include "exchange/internal/convert.h"
#include "huicai_thrift_gen/huicai_constants.h"

namespace huicai::exchange::internal {

HubHandler::HubHandler(Backend& backend, const CallHook& hook, std::string peer,
                       std::shared_ptr<AgencySocket> tls)
    : backend_(backend), hook_(hook), peer_(std::move(peer)), tls_(std::move(tls)) {}

void HubHandler::Run(std::string_view method, const std::function<Status()>& body) {
  const auto start = std::chrono::steady_clock::now();
  Status status;
  try {
    status = body();
  } catch (const std::exception& e) {
    status = Status::Internal(std::string(method) + ": the hub failed unexpectedly (" + e.what() +
                              "); report this to the hub operators");
  } catch (...) {
    status = Status::Internal(std::string(method) +
                              ": the hub failed unexpectedly (non-standard exception); report "
                              "this to the hub operators");
  }
  if (hook_) {
    CallRecord record;
    record.method = std::string(method);
    record.peer = peer_;
    if (tls_) record.agency = tls_->agency();
    record.code = status.code();
    record.message = status.message();
    record.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - start);
    try {
      hook_(record);
    } catch (...) {  // a failing call log must not fail the call
    }
  }
  if (!status.ok()) throw ToHubError(status);
}

void HubHandler::getApiVersion(std::string& out) {
  Run("getApiVersion", [&]() -> Status {
    out = wire::g_huicai_constants.API_VERSION;
    return Status::Ok();
  });
}

void HubHandler::getTalent(wire::Talent& out, std::int64_t person_id) {
  Run("getTalent", [&]() -> Status {
    if (person_id <= 0) {
      return Status::InvalidArgument("personId: " + std::to_string(person_id) +
                                     " is not a person id; ids are positive");
    }
    HUICAI_ASSIGN_OR_RETURN(Talent talent, backend_.GetTalent(person_id));
    out = ToThrift(talent);
    return Status::Ok();
  });
}

void HubHandler::searchTalents(std::vector<wire::TalentHit>& out, const wire::TalentQuery& query) {
  Run("searchTalents", [&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(TalentSearch search, FromThrift(query));
    HUICAI_ASSIGN_OR_RETURN(std::vector<TalentSearchHit> hits, backend_.SearchTalents(search));
    out.clear();
    out.reserve(hits.size());
    for (const TalentSearchHit& hit : hits) out.push_back(ToThrift(hit));
    return Status::Ok();
  });
}

std::int64_t HubHandler::postNeed(const wire::Need& need) {
  NeedId id = 0;
  Run("postNeed", [&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(Need core_need, FromThrift(need));
    HUICAI_ASSIGN_OR_RETURN(id, backend_.PostNeed(core_need));
    return Status::Ok();
  });
  return id;
}

void HubHandler::listProposals(std::vector<wire::Proposal>& out, std::int64_t need_id) {
  Run("listProposals", [&]() -> Status {
    if (need_id <= 0) {
      return Status::InvalidArgument("needId: " + std::to_string(need_id) +
                                     " is not a need id; ids are positive");
    }
    HUICAI_ASSIGN_OR_RETURN(std::vector<Proposal> proposals, backend_.ListProposals(need_id));
    out.clear();
    out.reserve(proposals.size());
    for (const Proposal& proposal : proposals) out.push_back(ToThrift(proposal));
    return Status::Ok();
  });
}

HandlerFactory::HandlerFactory(Backend& backend, CallHook hook)
    : backend_(backend), hook_(std::move(hook)) {}

wire::HubServiceIf* HandlerFactory::getHandler(const apache::thrift::TConnectionInfo& info) {
  std::string peer = "unknown";
  if (auto socket = std::dynamic_pointer_cast<apache::thrift::transport::TSocket>(info.transport)) {
    try {
      peer = socket->getPeerAddress() + ":" + std::to_string(socket->getPeerPort());
    } catch (...) {  // the peer may already be gone; the call will fail on its own
    }
  }
  return new HubHandler(backend_, hook_, std::move(peer),
                        std::dynamic_pointer_cast<AgencySocket>(info.transport));
}

void HandlerFactory::releaseHandler(wire::HubServiceIf* handler) { delete handler; }

}  // namespace huicai::exchange::internal
