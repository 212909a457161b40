#include "exchange/internal/handler.h"

#include <thrift/transport/TSocket.h>

#include <algorithm>
#include <cassert>
#include <exception>
#include <iterator>
#include <optional>
#include <utility>

#include "core/id_number.h"
#include "core/mask.h"
#include "exchange/internal/convert.h"
#include "huicai_thrift_gen/huicai_constants.h"

namespace huicai::exchange::internal {

HubHandler::HubHandler(Backend& backend, const CallHook& hook, std::string peer,
                       std::shared_ptr<AgencySocket> tls,
                       const std::map<std::string, AgencyRights>* rights, RateLimiter* limiter)
    : backend_(backend),
      hook_(hook),
      limiter_(limiter),
      peer_(std::move(peer)),
      tls_(std::move(tls)),
      rights_(rights) {}

namespace {

bool Has(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool InRegions(const AgencyRights& rights, const std::string& region) {
  if (rights.regions.empty()) return true;
  if (region.empty()) return false;
  return std::any_of(rights.regions.begin(), rights.regions.end(),
                     [&](const std::string& prefix) { return region.starts_with(prefix); });
}

enum class Disclose { kWhole, kMasked, kAbsent };

// How `field` is shown to an agency with `rights` (null: an unrestricted plain connection).
Disclose DisclosureOf(const AgencyRights* rights, std::string_view field) {
  if (rights == nullptr || Has(rights->fields, "*") || Has(rights->fields, field)) {
    return Disclose::kWhole;
  }
  return Has(rights->masked, field) ? Disclose::kMasked : Disclose::kAbsent;
}

// The masked form of a field's value; fields without a masked form are not shown at all.
std::optional<std::string> Masked(std::string_view field, const std::string& value) {
  if (value.empty()) return value;
  if (field == "name") return MaskName(value);
  if (field == "idNumber") return MaskIdNumber(value);
  if (field == "mobile") return MaskMobile(value);
  if (field == "cardNumber") return MaskBankCard(value);
  if (field == "passport") return ApplyMask(value, MaskPattern{2, 2});
  if (field == "birthDate" && value.size() == 10) return value.substr(0, 4) + "-**-**";
  return std::nullopt;
}

// Applies `rights` to one text field: kept, masked (and noted), or emptied/unset.
// Returns whether the field stays in the answer.
bool DiscloseText(const AgencyRights* rights, std::string_view field, std::string& value,
                  std::vector<std::string>& shown) {
  switch (DisclosureOf(rights, field)) {
    case Disclose::kWhole:
      shown.emplace_back(field);
      return true;
    case Disclose::kMasked:
      if (auto masked = Masked(field, value)) {
        value = *masked;
        shown.push_back(std::string(field) + "(masked)");
        return true;
      }
      break;
    case Disclose::kAbsent:
      break;
  }
  value.clear();
  return false;
}

// Empties every talent field the agency may not see and masks those it sees masked; personId
// stays. Adds the fields shown to `shown` (for the audit log).
void KeepFields(wire::Talent& t, const AgencyRights* rights, std::vector<std::string>& shown) {
  if (rights == nullptr || Has(rights->fields, "*")) {
    shown.emplace_back("*");
    return;
  }
  const wire::Talent blank;
  DiscloseText(rights, "name", t.name, shown);
  DiscloseText(rights, "cardNumber", t.cardNumber, shown);
  auto keep = [&](const char* field) {
    const bool whole = DisclosureOf(rights, field) == Disclose::kWhole;
    if (whole) shown.emplace_back(field);
    return whole;
  };
  if (!keep("tier")) t.tier = blank.tier;
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

// Talent fields other than the name: whether an agency sees anything of the talent record.
constexpr std::string_view kTalentOnlyFields[] = {"tier",
                                                  "cardNumber",
                                                  "employer",
                                                  "employerCreditCode",
                                                  "disciplines",
                                                  "industries",
                                                  "title",
                                                  "specialties",
                                                  "regionCode",
                                                  "daysAvailable",
                                                  "grassrootsDaysServed",
                                                  "inProgramme"};

bool SeesTalent(const AgencyRights* rights) {
  return std::any_of(
      std::begin(kTalentOnlyFields), std::end(kTalentOnlyFields),
      [&](std::string_view f) { return DisclosureOf(rights, f) != Disclose::kAbsent; });
}

// The field an agency must see whole to look talents up by a number of `kind` (lookupTalent).
// The bank card travels in no IDL struct; "bankCard" names it in the same style.
std::string_view LookupField(IdentifierKind kind) {
  switch (kind) {
    case IdentifierKind::kIdNumber:
      return "idNumber";
    case IdentifierKind::kMobile:
      return "mobile";
    case IdentifierKind::kBankCard:
      return "bankCard";
    case IdentifierKind::kTalentCard:
      return "cardNumber";
  }
  assert(false && "IdentifierKindFromWire let an unknown kind through");
  return "*";
}

// The most talents one lookupTalent returns: a number is one person's, so more is a data fault
// (the page's total says how many hold it).
constexpr std::size_t kMaxLookupHits = 10;

bool MayKind(const AgencyRights* rights, std::string_view kind) {
  return rights == nullptr || Has(rights->kinds, "*") || Has(rights->kinds, kind);
}

Status PositiveId(std::int64_t id, std::string_view field, std::string_view what) {
  if (id > 0) return Status::Ok();
  return Status::InvalidArgument(std::string(field) + ": " + std::to_string(id) + " is not a " +
                                 std::string(what) + " id; ids are positive");
}

constexpr size_t kMaxRecordsPerBatch = 1000;
constexpr std::int32_t kMaxChangesPerPage = 10000;
constexpr size_t kMaxMattersPerRequest = 20;

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
    } else if (const auto wait = limiter_ != nullptr && !always && !agency.empty()
                                     ? limiter_->Take(agency)
                                     : std::chrono::milliseconds(0);
               wait.count() > 0) {
      status = Status::ResourceExhausted(
          "agency \"" + agency + "\" is over its request rate (" +
          std::to_string(rights != nullptr ? rights->rate_per_second : 0.0) +
          " a second); retry in " + std::to_string(wait.count()) + " ms");
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
      KeepFields(out, rights, fields_);
    } else {
      fields_ = {"*"};
    }
    return Status::Ok();
  });
}

// The search runs inside the agency's regions (hits, totals and facets alike); each hit is
// checked again and shown with the agency's fields only.
Status HubHandler::SearchTalentsFor(TalentSearch search, wire::TalentPage& page) {
  bool denied = false;
  const AgencyRights* rights = Rights(denied);
  if (rights != nullptr) search.allowed_regions = rights->regions;
  HUICAI_ASSIGN_OR_RETURN(TalentSearchPage found, backend_.SearchTalents(search));
  std::vector<TalentSearchHit> hits;
  for (TalentSearchHit& hit : found.hits) {
    if (rights != nullptr && !InRegions(*rights, hit.talent.region_code)) continue;
    hits.push_back(std::move(hit));
  }
  found.hits = std::move(hits);
  page = ToThrift(found);
  // The snippet quotes the specialties: only for an agency that sees them whole.
  const bool specialties = DisclosureOf(rights, "specialties") == Disclose::kWhole;
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < page.hits.size(); ++i) {
    shown.clear();
    KeepFields(page.hits[i].talent, rights, shown);
    if (!specialties) page.hits[i].snippet.clear();
    subjects_.push_back("person:" + std::to_string(found.hits[i].talent.person_id));
  }
  if (!page.hits.empty()) fields_ = std::move(shown);
  return Status::Ok();
}

void HubHandler::searchTalents(std::vector<wire::TalentHit>& out, const wire::TalentQuery& query) {
  Run("searchTalents", [&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(TalentSearch search, FromThrift(query));
    search.facets = false;  // 1.0's call returns hits only
    wire::TalentPage page;
    HUICAI_RETURN_IF_ERROR(SearchTalentsFor(std::move(search), page));
    out = std::move(page.hits);
    return Status::Ok();
  });
}

void HubHandler::searchTalentPage(wire::TalentPage& out, const wire::TalentQuery& query) {
  Run("searchTalentPage", [&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(TalentSearch search, FromThrift(query));
    return SearchTalentsFor(std::move(search), out);
  });
}

// Whether a number belongs to a talent is itself what the number reveals, so only an agency
// that sees numbers of the kind whole may ask (masked is not enough: it could test guesses).
// The number goes to the backend only: no subject, field or message here holds it.
void HubHandler::lookupTalent(wire::TalentPage& out, wire::IdentifierKind::type kind,
                              const std::string& number) {
  Run("lookupTalent", [&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(const IdentifierKind by, IdentifierKindFromWire(kind, "kind"));
    const std::string by_name(IdentifierKindName(by));
    subjects_.push_back("lookup:" + by_name);
    bool denied = false;
    const AgencyRights* rights = Rights(denied);
    const std::string_view field = LookupField(by);
    if (DisclosureOf(rights, field) != Disclose::kWhole) {
      const std::string agency = Agency();
      return Status::PermissionDenied("agency \"" + agency + "\" may not call lookupTalent by " +
                                      by_name + ": it does not see " + std::string(field) +
                                      " whole; the hub operators grant fields in [access." +
                                      agency + "] of huicai.toml");
    }
    TalentSearch exact;
    exact.lookup = search::TalentQuery::Lookup{by, number};
    exact.limit = kMaxLookupHits;
    return SearchTalentsFor(std::move(exact), out);
  });
}

void HubHandler::searchNeeds(wire::NeedPage& out, const wire::NeedQuery& query) {
  Run("searchNeeds", [&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(search::NeedQuery q, FromThrift(query));
    bool denied = false;
    const AgencyRights* rights = Rights(denied);
    if (rights != nullptr) q.region_any = rights->regions;
    HUICAI_ASSIGN_OR_RETURN(search::NeedResults results, backend_.SearchNeeds(q));
    std::vector<search::NeedHit> hits;
    for (search::NeedHit& hit : results.hits) {
      if (rights != nullptr && !InRegions(*rights, hit.region_code)) continue;
      subjects_.push_back("need:" + std::to_string(hit.need_id));
      hits.push_back(std::move(hit));
    }
    results.hits = std::move(hits);
    out = ToThrift(results);
    return Status::Ok();
  });
}

// As searchNeeds: the search runs inside the agency's regions. Stations are public places and
// their snippets quote descriptions, not personal data, so no field rights apply.
void HubHandler::searchStations(wire::StationPage& out, const wire::StationQuery& query) {
  Run("searchStations", [&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(search::StationQuery q, FromThrift(query));
    bool denied = false;
    const AgencyRights* rights = Rights(denied);
    if (rights != nullptr) q.region_any = rights->regions;
    HUICAI_ASSIGN_OR_RETURN(search::StationResults results, backend_.SearchStations(q));
    std::vector<search::StationHit> hits;
    for (search::StationHit& hit : results.hits) {
      if (rights != nullptr && !InRegions(*rights, hit.region_code)) continue;
      subjects_.push_back("station:" + std::to_string(hit.station_id));
      hits.push_back(std::move(hit));
    }
    results.hits = std::move(hits);
    out = ToThrift(results);
    return Status::Ok();
  });
}

std::int64_t HubHandler::postNeed(const wire::Need& need) {
  NeedId id = 0;
  Run("postNeed", [&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(Need core_need, FromThrift(need));
    HUICAI_RETURN_IF_ERROR(CheckRegion(core_need.region_code, "a need in region"));
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
    HUICAI_RETURN_IF_ERROR(CheckNeed(need_id));
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

std::string HubHandler::Agency() const { return tls_ ? tls_->agency() : std::string(); }

Status HubHandler::CheckRegion(const std::string& region, const std::string& what) const {
  bool denied = false;
  const AgencyRights* rights = Rights(denied);
  if (rights == nullptr || InRegions(*rights, region)) return Status::Ok();
  return Status::PermissionDenied(what + " " + (region.empty() ? "(none)" : region) +
                                  " is outside the regions granted to agency \"" + Agency() + "\"");
}

Status HubHandler::CheckNeed(NeedId id) {
  bool denied = false;
  const AgencyRights* rights = Rights(denied);
  if (rights == nullptr || rights->regions.empty()) return Status::Ok();
  HUICAI_ASSIGN_OR_RETURN(Need stored, backend_.GetNeed(id));
  return CheckRegion(stored.region_code, "need " + std::to_string(id) + " in region");
}

Status HubHandler::CheckPerson(PersonId id) {
  bool denied = false;
  const AgencyRights* rights = Rights(denied);
  if (rights == nullptr || rights->regions.empty()) return Status::Ok();
  HUICAI_ASSIGN_OR_RETURN(PersonRecord record, backend_.GetPerson(id));
  if (InRegions(*rights, record.person.region_code) ||
      (record.talent && InRegions(*rights, record.talent->region_code))) {
    return Status::Ok();
  }
  return Status::PermissionDenied("person " + std::to_string(id) +
                                  " lives and works outside the regions granted to agency \"" +
                                  Agency() + "\"");
}

void HubHandler::getPerson(wire::Person& out, std::int64_t person_id) {
  Run("getPerson", [&]() -> Status {
    HUICAI_RETURN_IF_ERROR(PositiveId(person_id, "personId", "person"));
    subjects_.push_back("person:" + std::to_string(person_id));
    HUICAI_ASSIGN_OR_RETURN(PersonRecord record, backend_.GetPerson(person_id));
    bool denied = false;
    const AgencyRights* rights = Rights(denied);
    if (rights != nullptr && !rights->regions.empty() &&
        !InRegions(*rights, record.person.region_code) &&
        !(record.talent && InRegions(*rights, record.talent->region_code))) {
      return Status::PermissionDenied("person " + std::to_string(person_id) +
                                      " lives and works outside the regions granted to agency \"" +
                                      Agency() + "\"");
    }
    out = ToThrift(record);
    // Whether the field stays; a masked one is named in out.masked.
    auto text = [&](std::string_view field, std::string& value) {
      const bool kept = DiscloseText(rights, field, value, fields_);
      if (kept && DisclosureOf(rights, field) == Disclose::kMasked) out.masked.emplace_back(field);
      return kept;
    };
    out.__isset.name = text("name", out.name);
    out.__isset.idNumber = text("idNumber", out.idNumber);
    out.__isset.birthDate = text("birthDate", out.birthDate);
    out.__isset.regionCode = text("regionCode", out.regionCode);
    out.__isset.nationality = text("nationality", out.nationality);
    out.__isset.passport = text("passport", out.passport);
    out.__isset.mobile = text("mobile", out.mobile);
    if (DisclosureOf(rights, "gender") == Disclose::kWhole) {
      fields_.emplace_back("gender");
    } else {
      out.__isset.gender = false;
      out.gender = wire::Gender::UNKNOWN;
    }
    if (out.__isset.talent) {
      if (SeesTalent(rights)) {
        std::vector<std::string> talent_fields;
        KeepFields(out.talent, rights, talent_fields);
        fields_.push_back("talent");
      } else {
        out.__isset.talent = false;
        out.talent = wire::Talent();
      }
    }
    return Status::Ok();
  });
}

void HubHandler::submitRecords(std::vector<wire::RecordReceipt>& out,
                               const std::vector<wire::PartnerRecord>& records) {
  Run("submitRecords", [&]() -> Status {
    const std::string agency = Agency();
    if (agency.empty()) {
      return Status::PermissionDenied(
          "submitRecords needs a mutual TLS connection: records are filed under the sending "
          "agency's certificate name; connect with the agency's certificate");
    }
    if (records.empty()) return Status::InvalidArgument("records is empty: send 1 to 1000 records");
    if (records.size() > kMaxRecordsPerBatch) {
      return Status::InvalidArgument("records: " + std::to_string(records.size()) +
                                     " records in one call; send at most 1000 a call");
    }
    bool denied = false;
    const AgencyRights* rights = Rights(denied);
    std::vector<Record> core;
    core.reserve(records.size());
    for (size_t i = 0; i < records.size(); ++i) {
      HUICAI_ASSIGN_OR_RETURN(Record record, FromThrift(records[i], agency, i));
      if (!MayKind(rights, record.kind)) {
        return Status::PermissionDenied(
            "records[" + std::to_string(i) + "]: agency \"" + agency +
            "\" may not send records of kind \"" + record.kind +
            "\" (nothing was stored); the hub operators grant kinds in [access." + agency +
            "] of huicai.toml");
      }
      core.push_back(std::move(record));
    }
    HUICAI_ASSIGN_OR_RETURN(std::vector<RecordReceipt> receipts,
                            backend_.SubmitRecords(agency, std::move(core)));
    out.clear();
    out.reserve(receipts.size());
    for (const RecordReceipt& receipt : receipts) {
      out.push_back(ToThrift(receipt));
      if (receipt.person_id != 0) {
        std::string subject = "person:" + std::to_string(receipt.person_id);
        if (!Has(subjects_, subject)) subjects_.push_back(std::move(subject));
      }
    }
    return Status::Ok();
  });
}

void HubHandler::changesSince(wire::ChangePage& out, std::int64_t cursor, std::int32_t limit) {
  Run("changesSince", [&]() -> Status {
    if (cursor < 0) {
      return Status::InvalidArgument(
          "cursor: " + std::to_string(cursor) +
          " is negative; start with 0 and send back the cursor returned");
    }
    if (limit < 1 || limit > kMaxChangesPerPage) {
      return Status::InvalidArgument("limit: " + std::to_string(limit) +
                                     " is out of range; ask for 1..10000 changes");
    }
    HUICAI_ASSIGN_OR_RETURN(ChangeBatch batch,
                            backend_.ChangesSince(cursor, static_cast<size_t>(limit)));
    bool denied = false;
    const AgencyRights* rights = Rights(denied);
    out = wire::ChangePage();
    for (const ChangeEntry& change : batch.changes) {
      if (!MayKind(rights, change.entity)) continue;
      if (rights != nullptr && !InRegions(*rights, change.region)) continue;
      out.changes.push_back(ToThrift(change));
    }
    out.cursor = std::max(cursor, batch.last_seq);
    out.more = batch.more;
    return Status::Ok();
  });
}

void HubHandler::updateNeed(const wire::Need& need) {
  Run("updateNeed", [&]() -> Status {
    HUICAI_RETURN_IF_ERROR(PositiveId(need.id, "need.id", "need"));
    subjects_.push_back("need:" + std::to_string(need.id));
    HUICAI_ASSIGN_OR_RETURN(Need changed, FromThrift(need));
    HUICAI_RETURN_IF_ERROR(CheckNeed(need.id));
    HUICAI_RETURN_IF_ERROR(CheckRegion(changed.region_code, "a need in region"));
    return backend_.UpdateNeed(changed);
  });
}

Status HubHandler::Answer(wire::ProposalAnswer& out, std::int64_t need_id, std::int64_t person_id,
                          ProposalAnswerKind kind, int days_served, std::string_view note) {
  HUICAI_RETURN_IF_ERROR(PositiveId(need_id, "needId", "need"));
  HUICAI_RETURN_IF_ERROR(PositiveId(person_id, "personId", "person"));
  subjects_.push_back("need:" + std::to_string(need_id));
  subjects_.push_back("person:" + std::to_string(person_id));
  HUICAI_RETURN_IF_ERROR(CheckNeed(need_id));
  HUICAI_ASSIGN_OR_RETURN(ProposalAnswerResult answer,
                          backend_.AnswerProposal(need_id, person_id, kind, days_served, note));
  for (const Proposal& p : answer.rematched) {
    subjects_.push_back("person:" + std::to_string(p.person_id));
  }
  out = ToThrift(answer);
  return Status::Ok();
}

void HubHandler::acceptProposal(wire::ProposalAnswer& out, std::int64_t need_id,
                                std::int64_t person_id) {
  Run("acceptProposal", [&]() -> Status {
    return Answer(out, need_id, person_id, ProposalAnswerKind::kAccept, 0, {});
  });
}

void HubHandler::declineProposal(wire::ProposalAnswer& out, std::int64_t need_id,
                                 std::int64_t person_id, const std::string& reason) {
  Run("declineProposal", [&]() -> Status {
    if (reason.empty()) {
      return Status::InvalidArgument(
          "reason is empty: say why the expert is declined (it is kept with the proposal)");
    }
    return Answer(out, need_id, person_id, ProposalAnswerKind::kDecline, 0, reason);
  });
}

void HubHandler::completeProposal(wire::ProposalAnswer& out, std::int64_t need_id,
                                  std::int64_t person_id, std::int32_t days_served) {
  Run("completeProposal", [&]() -> Status {
    if (days_served < 1 || days_served > 365) {
      return Status::InvalidArgument("daysServed: " + std::to_string(days_served) +
                                     " is out of range; send the days served, 1..365");
    }
    return Answer(out, need_id, person_id, ProposalAnswerKind::kComplete, days_served, {});
  });
}

void HubHandler::getMatchReport(wire::MatchReport& out, const std::string& round) {
  Run("getMatchReport", [&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(MatchSummary report, backend_.GetMatchReport(round));
    out = ToThrift(report);
    return Status::Ok();
  });
}

void HubHandler::submitServiceRequest(wire::ServiceRequest& out, std::int64_t person_id,
                                      const std::vector<std::string>& matters,
                                      const std::string& note) {
  Run("submitServiceRequest", [&]() -> Status {
    HUICAI_RETURN_IF_ERROR(PositiveId(person_id, "personId", "person"));
    subjects_.push_back("person:" + std::to_string(person_id));
    if (matters.empty() || matters.size() > kMaxMattersPerRequest) {
      return Status::InvalidArgument("matters: " + std::to_string(matters.size()) +
                                     " matters; send 1 to 20 (the configured matter keys)");
    }
    HUICAI_RETURN_IF_ERROR(CheckPerson(person_id));
    HUICAI_ASSIGN_OR_RETURN(ServiceRequest request,
                            backend_.SubmitServiceRequest(person_id, matters, Agency(), note));
    subjects_.push_back("request:" + std::to_string(request.id));
    out = ToThrift(request);
    return Status::Ok();
  });
}

void HubHandler::updateItem(wire::ServiceItem& out, std::int64_t item_id,
                            wire::ServiceItemStatus::type status, const std::string& reason,
                            const std::string& new_date) {
  Run("updateItem", [&]() -> Status {
    HUICAI_RETURN_IF_ERROR(PositiveId(item_id, "itemId", "service item"));
    subjects_.push_back("item:" + std::to_string(item_id));
    HUICAI_ASSIGN_OR_RETURN(ServiceItemStatus to, ServiceStatusFromWire(status, "status"));
    if (to == ServiceItemStatus::kSubmitted) {
      return Status::InvalidArgument(
          "status: SUBMITTED is where an item starts; report RECEIVED, DONE or DELAYED");
    }
    HUICAI_ASSIGN_OR_RETURN(std::optional<Date> date, OptionalDateFromWire(new_date, "newDate"));
    HUICAI_ASSIGN_OR_RETURN(ServiceItem item,
                            backend_.UpdateServiceItem(item_id, Agency(), to, reason, date));
    out = ToThrift(item);
    return Status::Ok();
  });
}

void HubHandler::getServiceRequest(wire::ServiceRequest& out, std::int64_t request_id) {
  Run("getServiceRequest", [&]() -> Status {
    HUICAI_RETURN_IF_ERROR(PositiveId(request_id, "requestId", "service request"));
    subjects_.push_back("request:" + std::to_string(request_id));
    HUICAI_ASSIGN_OR_RETURN(ServiceRequest request, backend_.GetServiceRequest(request_id));
    subjects_.push_back("person:" + std::to_string(request.person_id));
    // The window that took it and the departments it went to see it; others by region.
    const std::string agency = Agency();
    const bool involved =
        !agency.empty() &&
        (request.window == agency ||
         std::any_of(request.items.begin(), request.items.end(),
                     [&](const ServiceItem& item) { return item.department == agency; }));
    if (!involved) HUICAI_RETURN_IF_ERROR(CheckPerson(request.person_id));
    out = ToThrift(request);
    return Status::Ok();
  });
}

void HubHandler::getServiceArchive(std::vector<wire::ServiceEvent>& out, std::int64_t person_id) {
  Run("getServiceArchive", [&]() -> Status {
    HUICAI_RETURN_IF_ERROR(PositiveId(person_id, "personId", "person"));
    subjects_.push_back("person:" + std::to_string(person_id));
    HUICAI_RETURN_IF_ERROR(CheckPerson(person_id));
    HUICAI_ASSIGN_OR_RETURN(std::vector<ServiceEvent> events, backend_.ServiceArchive(person_id));
    out.clear();
    out.reserve(events.size());
    for (const ServiceEvent& event : events) out.push_back(ToThrift(event));
    return Status::Ok();
  });
}

void HubHandler::searchPolicies(wire::PolicyPage& out, const wire::PolicyQuery& query) {
  Run("searchPolicies", [&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(search::PolicyQuery q, FromThrift(query));
    HUICAI_ASSIGN_OR_RETURN(search::PolicyResults results, backend_.SearchPolicies(q));
    // Published documents: no region or field rights apply; the audit names the documents.
    for (const search::PolicyHit& hit : results.hits) {
      const std::string subject = "policy:" + std::to_string(hit.document_id);
      if (std::find(subjects_.begin(), subjects_.end(), subject) == subjects_.end()) {
        subjects_.push_back(subject);
      }
    }
    out = ToThrift(results);
    return Status::Ok();
  });
}

HandlerFactory::HandlerFactory(Backend& backend, CallHook hook,
                               const std::map<std::string, AgencyRights>* rights)
    : backend_(backend), hook_(std::move(hook)), rights_(rights), limiter_(rights) {}

wire::HubServiceIf* HandlerFactory::getHandler(const apache::thrift::TConnectionInfo& info) {
  std::string peer = "unknown";
  if (auto socket = std::dynamic_pointer_cast<apache::thrift::transport::TSocket>(info.transport)) {
    try {
      peer = socket->getPeerAddress() + ":" + std::to_string(socket->getPeerPort());
    } catch (...) {  // the peer may already be gone; the call will fail on its own
    }
  }
  return new HubHandler(backend_, hook_, std::move(peer),
                        std::dynamic_pointer_cast<AgencySocket>(info.transport), rights_,
                        &limiter_);
}

void HandlerFactory::releaseHandler(wire::HubServiceIf* handler) { delete handler; }

}  // namespace huicai::exchange::internal
