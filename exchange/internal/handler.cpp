#include "exchange/internal/handler.h"

#include <thrift/transport/TSocket.h>

#include <algorithm>
#include <exception>
#include <utility>

#include "core/id_number.h"
#include "exchange/internal/convert.h"
#include "huicai_thrift_gen/huicai_constants.h"

namespace huicai::exchange::internal {

HubHandler::HubHandler(Backend& backend, const CallHook& hook, std::string peer,
                       std::shared_ptr<AgencySocket> tls,
                       const std::map<std::string, AgencyRights>* rights)
    : backend_(backend),
      hook_(hook),
      peer_(std::move(peer)),
      tls_(std::move(tls)),
      rights_(rights) {}

namespace {

bool Has(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool InRegions(const AgencyRights& rights, const std::string& region) {
  if (rights.regions.empty()) return true;
  return std::any_of(rights.regions.begin(), rights.regions.end(),
                     [&](const std::string& prefix) { return region.starts_with(prefix); });
}

// Empties every talent field the agency may not see; personId stays.
void KeepFields(wire::Talent& t, const AgencyRights& rights) {
  if (Has(rights.fields, "*")) return;
  const wire::Talent blank;
  auto keep = [&](const char* field) { return Has(rights.fields, field); };
  if (!keep("name")) t.name = blank.name;
  if (!keep("tier")) t.tier = blank.tier;
  if (!keep("cardNumber")) t.cardNumber = blank.cardNumber;
  if (!keep("employer")) t.employer = blank.employer;
  if (!keep("employerCreditCode")) t.employerCreditCode = blank.employerCreditCode;
  if (!keep("disciplines")) t.disciplines = blank.disciplines;
  if (!keep("industries")) t.industries = blank.industries;
  if (!keep("title")) t.title = blank.title;
  if (!keep("specialties")) t.specialties = blank.specialties;
  if (!keep("regionCode")) t.regionCode = blank.regionCode;
  if (!keep("daysAvailable")) t.daysAvailable = blank.daysAvailable;
  if (!keep("grassrootsDaysServed")) t.grassrootsDaysServed = blank.grassrootsDaysServed;
  if (!keep("inProgramme")) t.inProgramme = blank.inProgramme;
}

}  // namespace

const AgencyRights* HubHandler::Rights(bool& denied) const {
  denied = false;
  if (!tls_ || rights_ == nullptr) return nullptr;
  const auto it = rights_->find(tls_->agency());
  if (it == rights_->end()) {
    denied = true;
    return nullptr;
  }
  return &it->second;
}

void HubHandler::Run(std::string_view method, const std::function<Status()>& body) {
  const auto start = std::chrono::steady_clock::now();
  subjects_.clear();
  fields_.clear();
  Status status;
  bool denied = false;
  const AgencyRights* rights = Rights(denied);
  const std::string agency = tls_ ? tls_->agency() : std::string();
  try {
    // Every agency let in may ask the API version; everything else needs a grant.
    const bool always = method == "getApiVersion";
    if (!always && (denied || (rights != nullptr && !Has(rights->methods, method)))) {
      status = Status::PermissionDenied(
          "agency \"" + agency + "\" may not call " + std::string(method) +
          "; the hub operators grant calls in [access." + agency + "] of huicai.toml");
    } else {
      status = body();
    }
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
    record.agency = agency;
    record.subjects = subjects_;
    record.fields = fields_;
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
    subjects_.push_back("person:" + std::to_string(person_id));
    HUICAI_ASSIGN_OR_RETURN(Talent talent, backend_.GetTalent(person_id));
    out = ToThrift(talent);
    bool denied = false;
    if (const AgencyRights* rights = Rights(denied)) {
      if (!InRegions(*rights, talent.region_code)) {
        out = wire::Talent();
        return Status::PermissionDenied("talent " + std::to_string(person_id) +
                                        " works outside the regions granted to agency \"" +
                                        tls_->agency() + "\"");
      }
      KeepFields(out, *rights);
      fields_ = rights->fields;
    } else {
      fields_ = {"*"};
    }
    return Status::Ok();
  });
}

void HubHandler::searchTalents(std::vector<wire::TalentHit>& out, const wire::TalentQuery& query) {
  Run("searchTalents", [&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(TalentSearch search, FromThrift(query));
    HUICAI_ASSIGN_OR_RETURN(std::vector<TalentSearchHit> hits, backend_.SearchTalents(search));
    out.clear();
    out.reserve(hits.size());
    bool denied = false;
    const AgencyRights* rights = Rights(denied);
    for (const TalentSearchHit& hit : hits) {
      if (rights != nullptr && !InRegions(*rights, hit.talent.region_code)) continue;
      out.push_back(ToThrift(hit));
      if (rights != nullptr) KeepFields(out.back().talent, *rights);
      subjects_.push_back("person:" + std::to_string(hit.talent.person_id));
    }
    if (!out.empty()) fields_ = rights != nullptr ? rights->fields : std::vector<std::string>{"*"};
    return Status::Ok();
  });
}

std::int64_t HubHandler::postNeed(const wire::Need& need) {
  NeedId id = 0;
  Run("postNeed", [&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(Need core_need, FromThrift(need));
    HUICAI_ASSIGN_OR_RETURN(id, backend_.PostNeed(core_need));
    subjects_.push_back("need:" + std::to_string(id));
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
    subjects_.push_back("need:" + std::to_string(need_id));
    HUICAI_ASSIGN_OR_RETURN(std::vector<Proposal> proposals, backend_.ListProposals(need_id));
    out.clear();
    out.reserve(proposals.size());
    for (const Proposal& proposal : proposals) out.push_back(ToThrift(proposal));
    return Status::Ok();
  });
}

void HubHandler::verifyCard(wire::CardCheck& out, const std::string& card_number,
                            const std::string& id_number) {
  Run("verifyCard", [&]() -> Status {
    if (card_number.empty()) {
      return Status::InvalidArgument("cardNumber is empty: give the number printed on the card");
    }
    // The message names the failed check, never the number.
    auto id = ParseIdNumber(id_number);
    if (!id.ok()) return Status::InvalidArgument("idNumber: " + id.status().message());
    HUICAI_ASSIGN_OR_RETURN(CardCheck check, backend_.VerifyCard(card_number, id->number));
    if (check.valid) subjects_.push_back("person:" + std::to_string(check.person_id));
    out = ToThrift(check);
    return Status::Ok();
  });
}

HandlerFactory::HandlerFactory(Backend& backend, CallHook hook,
                               const std::map<std::string, AgencyRights>* rights)
    : backend_(backend), hook_(std::move(hook)), rights_(rights) {}

wire::HubServiceIf* HandlerFactory::getHandler(const apache::thrift::TConnectionInfo& info) {
  std::string peer = "unknown";
  if (auto socket = std::dynamic_pointer_cast<apache::thrift::transport::TSocket>(info.transport)) {
    try {
      peer = socket->getPeerAddress() + ":" + std::to_string(socket->getPeerPort());
    } catch (...) {  // the peer may already be gone; the call will fail on its own
    }
  }
  return new HubHandler(backend_, hook_, std::move(peer),
                        std::dynamic_pointer_cast<AgencySocket>(info.transport), rights_);
}

void HandlerFactory::releaseHandler(wire::HubServiceIf* handler) { delete handler; }

}  // namespace huicai::exchange::internal
