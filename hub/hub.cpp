#include "hub/hub.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <set>
#include <thread>
#include <unordered_map>

#include "connectors/partner.h"
#include "core/codes.h"
#include "core/mask.h"
#include "core/regions.h"
#include "core/text.h"
#include "core/validate.h"
#include "hub/internal/fault.h"
#include "hub/internal/impl.h"
#include "hub/internal/link.h"
#include "hub/internal/policy_index.h"
#include "hub/internal/region_prefix.h"
#include "hub/query_syntax.h"
#include "hub/synonyms.h"
#include "search/index.h"
#include "store/store.h"

namespace huicai::hub {

namespace {

constexpr std::string_view kIndexCheckpointKey = "changelog_seq";
constexpr size_t kChangeChunk = 5000;

SyncRunView ToView(const store::SyncRun& r) {
  return {r.id,          r.partner,         r.status,        r.started_at,
          r.finished_at, r.checkpoint_from, r.checkpoint_to, r.batches,
          r.rows_read,   r.inserted,        r.updated,       r.unchanged,
          r.quarantined, r.deleted,         r.message};
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Date Today() {
  if (const char* fixed = std::getenv("HUICAI_TODAY")) {
    if (auto d = ParseIsoDate(fixed)) return *d;
  }
  const std::time_t now = std::time(nullptr) + 8 * 3600;  // China Standard Time
  std::tm tm{};
  gmtime_r(&now, &tm);
  return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

Status ValidateNeed(const Need& need, const Date& today) {
  if (need.title.empty()) {
    return Status::InvalidArgument("need has no title: give a short title of the work wanted");
  }
  if (need.unit.empty()) {
    return Status::InvalidArgument("need has no posting unit: give the unit's name");
  }
  if (need.disciplines.empty()) {
    return Status::InvalidArgument(
        "need \"" + need.title +
        "\" has no discipline: give at least one GB/T 13745 code (e.g. 210 农学)");
  }
  for (const auto& code : need.disciplines) {
    if (!DisciplineTable::Default().Known(code)) {
      return Status::InvalidArgument("need \"" + need.title + "\": discipline code \"" + code +
                                     "\" is not a GB/T 13745 code");
    }
  }
  if (need.headcount < 1 || need.headcount > 50) {
    return Status::InvalidArgument("need \"" + need.title + "\": headcount must be 1..50, got " +
                                   std::to_string(need.headcount));
  }
  if (need.days < 1 || need.days > 365) {
    return Status::InvalidArgument("need \"" + need.title + "\": days must be 1..365, got " +
                                   std::to_string(need.days));
  }
  if (!IsValidDate(need.window_start) || !IsValidDate(need.window_end)) {
    return Status::InvalidArgument("need \"" + need.title +
                                   "\": the date window is not a real date range");
  }
  if (need.window_end < need.window_start) {
    return Status::InvalidArgument("need \"" + need.title + "\": window ends (" +
                                   FormatDate(need.window_end) + ") before it starts (" +
                                   FormatDate(need.window_start) + ")");
  }
  if (need.window_end < today) {
    return Status::InvalidArgument("need \"" + need.title + "\": window ended on " +
                                   FormatDate(need.window_end) + ", before today " +
                                   FormatDate(today));
  }
  const Region* region = RegionTable::Default().Find(need.region_code);
  if (region == nullptr || !region->in_force()) {
    return Status::InvalidArgument("need \"" + need.title + "\": region code \"" +
                                   need.region_code + "\" is not a GB/T 2260 code in force");
  }
  if (need.kind != NeedKind::kNeed && need.host.empty()) {
    return Status::InvalidArgument(
        "need \"" + need.title + "\" is a " + std::string(NeedKindName(need.kind)) +
        " without a host: name the expert service base or talent station that hosts it");
  }
  return Status::Ok();
}

Hub::Hub(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Hub::~Hub() = default;

const HubConfig& Hub::config() const { return impl_->config_; }

Result<std::unique_ptr<Hub>> Hub::Open(const HubConfig& config) {
  if (auto pos = config.store_connection.find("Database=");
      pos != std::string::npos && config.store_connection.find("SQLite") != std::string::npos) {
    auto end = config.store_connection.find(';', pos);
    std::filesystem::path db = config.store_connection.substr(
        pos + 9, end == std::string::npos ? std::string::npos : end - pos - 9);
    std::error_code ec;
    if (db.has_parent_path()) std::filesystem::create_directories(db.parent_path(), ec);
  }
  HUICAI_ASSIGN_OR_RETURN(store::Store store,
                          store::Store::Open({.connection_string = config.store_connection}));
  HUICAI_RETURN_IF_ERROR(store.Migrate());
  return std::unique_ptr<Hub>(new Hub(std::make_unique<Impl>(config, std::move(store))));
}

Status Hub::Init() { return impl_->store_.Migrate(); }

SyncReport Hub::Impl::SyncOne(const connectors::PartnerConfig& partner,
                              const ProgressFn& progress) {
  SyncReport report;
  report.partner = partner.name;
  const auto start = std::chrono::steady_clock::now();
  const std::string checkpoint_name = store::Store::PartnerCheckpoint(partner.name);
  long batches = 0;
  BatchLinker linker(store_, config_.link);
  // The run's record, started with the first attempt (retries belong to the same run).
  auto begin = [&](const std::string& from) -> Status {
    HUICAI_ASSIGN_OR_RETURN(auto started, store_.BeginSyncRun(partner.name, from));
    report.run_id = started.first;
    for (const auto& run : started.second) {
      report.interrupted.push_back(ToView(run));
      spdlog::warn(
          "sync {}: run {} started {} was interrupted after {} batches ({} rows read, "
          "{} stored); resuming from its last commit",
          partner.name, run.id, run.started_at, run.batches, run.rows_read,
          run.inserted + run.updated);
    }
    return Status::Ok();
  };
  auto run = [&]() -> Status {
    HUICAI_ASSIGN_OR_RETURN(std::string text, store_.GetCheckpoint(checkpoint_name));
    if (report.run_id == 0) HUICAI_RETURN_IF_ERROR(begin(text));
    HUICAI_ASSIGN_OR_RETURN(connectors::Checkpoint from, connectors::DecodeCheckpoint(text));
    report.checkpoint = text;
    return connectors::ReadPartner(partner, from, [&](connectors::MappedBatch&& batch) -> Status {
      store::SyncBatch sync;
      sync.partner = partner.name;
      sync.run_id = report.run_id;
      sync.checkpoint = connectors::EncodeCheckpoint(batch.last);
      sync.rejections = std::move(batch.rejections);
      report.duplicates += batch.duplicates;
      sync.rows_read = static_cast<std::int64_t>(batch.records.size() + sync.rejections.size()) +
                       batch.duplicates;
      report.rows_read += sync.rows_read;
      std::vector<store::LinkedRecord> pending;
      for (auto& record : batch.records) {
        LinkOutcome outcome = LinkRecord(std::move(record));
        if (outcome.needs_linkage) {
          pending.push_back(std::move(*outcome.linked));
        } else if (outcome.linked) {
          sync.records.push_back(std::move(*outcome.linked));
        } else {
          sync.rejections.push_back(std::move(outcome.rejection));
        }
      }
      HUICAI_RETURN_IF_ERROR(linker.Resolve(std::move(pending), sync.records, sync.rejections));
      HUICAI_RETURN_IF_ERROR(linker.Adopt(sync.records));
      for (const auto& rejection : sync.rejections) report.reasons[rejection.reason_code]++;
      MaybeCrash(partner.name, ++batches, "before");
      HUICAI_ASSIGN_OR_RETURN(store::SyncBatchResult result, store_.ApplySyncBatch(sync));
      MaybeCrash(partner.name, batches, "after");
      report.inserted += result.inserted;
      report.updated += result.updated;
      report.unchanged += result.unchanged;
      report.quarantined += result.quarantined;
      std::set<std::string_view> founders;
      for (const auto& lr : sync.records) {
        report.linked_probabilistic += lr.link_method == "probabilistic";
        report.persons_founded += lr.link_method == "new" && founders.insert(lr.founder).second;
        report.ids_adopted += lr.adopt != 0;
      }
      for (const auto& rejection : sync.rejections)
        report.reviews += rejection.reason_code == "link_review";
      report.checkpoint = sync.checkpoint;
      if (progress)
        progress("sync " + partner.name, static_cast<std::uint64_t>(report.rows_read), 0);
      return Status::Ok();
    });
  };
  // connectors/ names the partner in its errors. Each batch commits with its checkpoint, so a
  // retry after a transient failure resumes where the last commit left off.
  report.status = run();
  for (int attempt = 1;
       attempt <= config_.sync.retries && report.status.code() == StatusCode::kUnavailable;
       ++attempt) {
    const int wait_ms = config_.sync.backoff_ms << (attempt - 1);
    spdlog::warn("sync {}: {}; retry {} of {} in {:.2f} s", partner.name, report.status.message(),
                 attempt, config_.sync.retries, wait_ms / 1000.0);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    report.status = run();
  }
  report.seconds = SecondsSince(start);
  if (report.run_id != 0) {
    const Status finished =
        store_.FinishSyncRun(report.run_id, report.status.ok() ? "finished" : "failed",
                             MaskSensitive(report.status.ok() ? "" : report.status.ToString()));
    if (!finished.ok()) {
      spdlog::warn("sync {}: could not record the end of run {}: {}", partner.name, report.run_id,
                   finished.ToString());
    }
  }
  if (!report.status.ok()) {
    // The caller reports the failure; the log keeps it for operators.
    spdlog::info("sync {} failed: {}", partner.name, report.status.ToString());
  } else {
    spdlog::info(
        "sync {}: {} rows read, {} new, {} updated, {} unchanged, {} quarantined in {:.1f}s",
        partner.name, report.rows_read, report.inserted, report.updated, report.unchanged,
        report.quarantined, report.seconds);
  }
  return report;
}

Result<std::vector<SyncRunView>> Hub::SyncRuns(std::string_view partner, size_t limit) {
  HUICAI_ASSIGN_OR_RETURN(auto runs, impl_->store_.ListSyncRuns(partner, limit));
  std::vector<SyncRunView> out;
  for (const auto& run : runs) out.push_back(ToView(run));
  return out;
}

Result<std::vector<SyncReport>> Hub::Sync(std::string_view partner, const ProgressFn& progress) {
  HUICAI_ASSIGN_OR_RETURN(auto configs, impl_->PartnerConfigs());
  std::vector<SyncReport> reports;
  for (const auto& config : configs) {
    if (!partner.empty() && config.name != partner) continue;
    reports.push_back(impl_->SyncOne(config, progress));
  }
  if (reports.empty()) {
    std::string names;
    for (const auto& config : configs) names += (names.empty() ? "" : ", ") + config.name;
    return Status::NotFound("no partner mapping named \"" + std::string(partner) + "\" in " +
                            impl_->config_.partner_mappings.string() + " (known: " + names + ")");
  }
  return reports;
}

Result<IndexReport> Hub::Index(bool rebuild, const ProgressFn& progress) {
  const auto start = std::chrono::steady_clock::now();
  impl_->reader_.reset();
  HUICAI_ASSIGN_OR_RETURN(search::IndexOptions options, impl_->IndexOptions(true));
  bool remote = false;
  if (rebuild) {
    // Local folders go whole (fast); remote shards are emptied through their server.
    std::vector<std::filesystem::path> local;
    for (const search::ShardSpec& shard : options.shards) {
      if (shard.host.empty()) local.push_back(shard.directory);
      remote = remote || !shard.host.empty();
    }
    if (options.shards.empty()) local.push_back(options.directory);
    for (const std::filesystem::path& folder : local) {
      std::error_code ec;
      std::filesystem::remove_all(folder, ec);
      if (ec) return Status::Unavailable("cannot remove " + folder.string() + ": " + ec.message());
    }
  }
  options.will_clear = rebuild && remote;  // remote shards may hold another key or segmentation
  HUICAI_ASSIGN_OR_RETURN(search::Index index, search::Index::Open(options));
  if (rebuild && remote) {
    HUICAI_RETURN_IF_ERROR(index.Clear());
    HUICAI_RETURN_IF_ERROR(index.Commit());
  }
  HUICAI_ASSIGN_OR_RETURN(std::string seq_text, index.GetMetadata(kIndexCheckpointKey));
  IndexReport report;
  std::int64_t seq = seq_text.empty() ? 0 : std::stoll(seq_text);
  store::Store& store = impl_->store_;
  if (rebuild) {
    // From empty, every entity as it is now rather than the log's history: each talent once,
    // documents built on all cores. Changes made meanwhile are past `last` and applied below
    // (an upsert of the same state is the same document).
    HUICAI_ASSIGN_OR_RETURN(const std::int64_t last, store.LastChangeSeq());
    std::vector<Talent> page;
    std::map<PersonId, PersonIdentifiers> numbers;  // of the page's persons
    std::size_t at = 0;
    PersonId after = 0;
    Status failed;
    HUICAI_RETURN_IF_ERROR(index.BuildTalents([&](Talent& talent, PersonIdentifiers& held) {
      if (at == page.size()) {
        auto next = store.ListTalentsAfter(after, kChangeChunk);
        if (!next.has_value()) {
          failed = next.error();
          return false;
        }
        page = std::move(next).value();
        at = 0;
        if (page.empty()) return false;
        auto read = store.ListPersonIdentifiers(page.front().person_id, page.back().person_id);
        if (!read.has_value()) {
          failed = read.error();
          return false;
        }
        numbers = std::move(read).value();
        after = page.back().person_id;
      }
      talent = std::move(page[at++]);
      if (auto it = numbers.find(talent.person_id); it != numbers.end()) {
        held = std::move(it->second);
      }
      if (++report.talents_indexed % 10000 == 0 && progress) {
        progress("index", static_cast<std::uint64_t>(report.talents_indexed), 0);
      }
      return true;
    }));
    HUICAI_RETURN_IF_ERROR(failed);
    HUICAI_ASSIGN_OR_RETURN(const std::vector<Need> needs, store.ListNeeds());
    for (const Need& need : needs) HUICAI_RETURN_IF_ERROR(index.UpsertNeed(need));
    report.needs_indexed += static_cast<std::int64_t>(needs.size());
    HUICAI_ASSIGN_OR_RETURN(const std::vector<Station> stations, store.ListStations());
    for (const Station& station : stations) HUICAI_RETURN_IF_ERROR(index.UpsertStation(station));
    report.stations_indexed += static_cast<std::int64_t>(stations.size());
    HUICAI_ASSIGN_OR_RETURN(const auto policies, store.ListPolicies());
    for (const auto& policy : policies) {
      HUICAI_RETURN_IF_ERROR(IndexPolicy(store, index, policy.id));
      ++report.policies_indexed;
    }
    seq = last;
    HUICAI_RETURN_IF_ERROR(index.SetMetadata(kIndexCheckpointKey, std::to_string(seq)));
    HUICAI_RETURN_IF_ERROR(index.Commit());
  }
  for (;;) {
    HUICAI_ASSIGN_OR_RETURN(auto changes, store.ChangesSince(seq, kChangeChunk));
    if (changes.empty()) break;
    // Only the latest state matters: apply each entity once per chunk.
    std::set<std::pair<std::string, std::int64_t>> seen;
    std::set<std::int64_t> talents;  // ids with a talent change in this chunk
    for (const store::Change& change : changes) {
      if (change.entity == "talent") talents.insert(change.entity_id);
    }
    for (auto it = changes.rbegin(); it != changes.rend(); ++it) {
      if (!seen.insert({it->entity, it->entity_id}).second) continue;
      // A person's numbers (ID, mobile, bank cards) are hashed into their talent document: a
      // change of the person re-indexes the talent, unless the talent's own change does.
      const bool talent_change = it->entity == "talent";
      if (talent_change || (it->entity == "person" && talents.count(it->entity_id) == 0)) {
        auto talent = store.GetTalent(it->entity_id);
        if (talent.has_value()) {
          HUICAI_ASSIGN_OR_RETURN(auto numbers,
                                  store.ListPersonIdentifiers(it->entity_id, it->entity_id));
          HUICAI_RETURN_IF_ERROR(index.UpsertTalent(
              *talent, numbers.empty() ? PersonIdentifiers{} : std::move(numbers.begin()->second)));
          ++report.talents_indexed;
        } else if (talent.error().code() != StatusCode::kNotFound) {
          return talent.error();
        } else if (talent_change) {
          HUICAI_RETURN_IF_ERROR(index.RemoveTalent(it->entity_id));
        }
      } else if (it->entity == "policy") {
        HUICAI_RETURN_IF_ERROR(IndexPolicy(store, index, it->entity_id));
        ++report.policies_indexed;
      } else if (it->entity == "need") {
        auto need = store.GetNeed(it->entity_id);
        if (need.has_value()) {
          HUICAI_RETURN_IF_ERROR(index.UpsertNeed(*need));
          ++report.needs_indexed;
        } else if (need.error().code() == StatusCode::kNotFound) {
          HUICAI_RETURN_IF_ERROR(index.RemoveNeed(it->entity_id));
        } else {
          return need.error();
        }
      } else if (it->entity == "station") {
        auto station = store.GetStation(it->entity_id);
        if (station.has_value()) {
          HUICAI_RETURN_IF_ERROR(index.UpsertStation(*station));
          ++report.stations_indexed;
        } else if (station.error().code() == StatusCode::kNotFound) {
          HUICAI_RETURN_IF_ERROR(index.RemoveStation(it->entity_id));
        } else {
          return station.error();
        }
      }
    }
    report.changes_applied += static_cast<std::int64_t>(changes.size());
    seq = changes.back().seq;
    HUICAI_RETURN_IF_ERROR(index.SetMetadata(kIndexCheckpointKey, std::to_string(seq)));
    HUICAI_RETURN_IF_ERROR(index.Commit());
    if (progress) progress("index", static_cast<std::uint64_t>(report.changes_applied), 0);
  }
  report.last_seq = seq;
  report.documents = index.DocCount();
  report.size_bytes = index.SizeOnDiskBytes();
  report.seconds = SecondsSince(start);
  spdlog::info("index: {} changes applied up to seq {}, {} documents, {} bytes",
               report.changes_applied, seq, report.documents, report.size_bytes);
  return report;
}

namespace {

// A number to look up, normalised by the check core applies where the hub takes it in (the
// kinds id_number, mobile and bank_card are those checks' names). InvalidArgument: not a valid
// number of its kind (the message names the failed check, never the number).
Result<search::TalentQuery::Lookup> NormaliseLookup(const search::TalentQuery::Lookup& raw) {
  search::TalentQuery::Lookup out{raw.kind, ""};
  if (raw.kind == IdentifierKind::kTalentCard) {  // issued by the hub: no check of its own
    out.value = Trim(FullWidthToHalfWidth(raw.value));
    if (out.value.empty()) return Status::InvalidArgument("the talent card number is empty");
    return out;
  }
  FieldCheck check = CheckField(IdentifierKindName(raw.kind), raw.value);
  if (!check.ok()) {
    // The ID number's check names the field itself ("ID number: ..."); the others do not.
    if (raw.kind == IdentifierKind::kIdNumber) return Status::InvalidArgument(check.message);
    const std::string field = raw.kind == IdentifierKind::kMobile ? "mobile" : "bank card";
    return Status::InvalidArgument(field + ": " + check.message);
  }
  out.value = std::move(check.value);
  return out;
}

}  // namespace

Result<SearchResponse> Hub::Search(const SearchRequest& given) {
  // Field prefixes typed into the text (地区:临沂 等级:A 学科:210) fill the filters not given.
  HUICAI_ASSIGN_OR_RETURN(QueryFields fields, ParseQueryFields(given.text));
  if (fields.kind == "policy") {
    return Status::InvalidArgument(
        "类型:政策 asks for policy articles: search them with "
        "`huicai search --kind policy` (searchPolicies)");
  }
  if (fields.kind == "station" || fields.kind == "base") {
    return Status::InvalidArgument("类型:" + fields.kind +
                                   " asks for talent stations and service bases: search them "
                                   "with `huicai search --kind station`");
  }
  if (!fields.kind.empty() && fields.kind != "talent") {
    return Status::InvalidArgument("类型:" + fields.kind +
                                   " asks for needs: search them with `huicai search --kind " +
                                   fields.kind + "`");
  }
  SearchRequest request = given;
  request.text = SynonymTable::Default().Expand(fields.text);  // 大棚 finds 设施农业 too
  HUICAI_RETURN_IF_ERROR(TakeTypedField(request.region, fields.region, "the region"));
  HUICAI_RETURN_IF_ERROR(TakeTypedField(request.discipline, fields.discipline, "the field"));
  if (fields.tier) {
    if (request.tier && *request.tier != *fields.tier) {
      return Status::InvalidArgument("the tier is given twice; keep one");
    }
    request.tier = fields.tier;
  }
  SearchResponse response;
  HUICAI_ASSIGN_OR_RETURN(response.region_prefix, ResolveRegionPrefix(request.region));
  HUICAI_ASSIGN_OR_RETURN(search::Index * index, impl_->Reader());
  search::TalentQuery query;
  query.text = request.text;
  query.region_prefix = response.region_prefix;
  query.region_any = request.allowed_regions;
  query.tier = request.tier;
  query.discipline_prefix = request.discipline;
  query.programme_only = request.programme_only;
  query.offset = request.offset;
  query.limit = request.limit;
  query.facets = request.facets;
  query.sort = request.sort;
  if (request.lookup) {
    HUICAI_ASSIGN_OR_RETURN(query.lookup, NormaliseLookup(*request.lookup));
  }
  HUICAI_ASSIGN_OR_RETURN(search::TalentResults results, index->FindTalents(query));
  response.estimated_total = results.estimated_total;
  response.facets = std::move(results.facets);
  response.relaxed = results.relaxed;
  response.suggestion = std::move(results.suggestion);
  for (auto& hit : results.hits) {
    auto talent = impl_->store_.GetTalent(hit.person_id);
    if (!talent.has_value()) {
      if (talent.error().code() == StatusCode::kNotFound) continue;  // removed since indexing
      return talent.error();
    }
    response.hits.push_back({std::move(talent).value(), hit.relevance, std::move(hit.matched_terms),
                             std::move(hit.snippet)});
  }
  return response;
}

Result<NeedSearchResponse> Hub::SearchNeeds(const NeedSearchRequest& given) {
  HUICAI_ASSIGN_OR_RETURN(QueryFields fields, ParseQueryFields(given.text));
  if (fields.kind == "talent" || fields.kind == "policy" || fields.kind == "station" ||
      fields.kind == "base" || fields.tier) {
    return Status::InvalidArgument(
        "类型:" + (fields.tier ? std::string("talent (等级:)") : fields.kind) +
        " does not apply to needs; search talents with `huicai search`, stations with --kind "
        "station, policies with --kind policy");
  }
  NeedSearchRequest request = given;
  request.text = SynonymTable::Default().Expand(fields.text);
  HUICAI_RETURN_IF_ERROR(TakeTypedField(request.region, fields.region, "the region"));
  HUICAI_RETURN_IF_ERROR(TakeTypedField(request.discipline, fields.discipline, "the field"));
  if (!fields.kind.empty()) {
    const std::optional<NeedKind> typed = ParseNeedKind(fields.kind);
    if (request.kind && typed && *request.kind != *typed) {
      return Status::InvalidArgument("the kind is given twice; keep one");
    }
    request.kind = typed;
  }
  NeedSearchResponse response;
  HUICAI_ASSIGN_OR_RETURN(response.region_prefix, ResolveRegionPrefix(request.region));
  HUICAI_ASSIGN_OR_RETURN(search::Index * index, impl_->Reader());
  search::NeedQuery query;
  query.text = request.text;
  query.region_prefix = response.region_prefix;
  query.region_any = request.allowed_regions;
  query.discipline_prefix = request.discipline;
  query.kind = request.kind;
  query.status = request.status;
  query.sort = request.sort;
  query.offset = request.offset;
  query.limit = request.limit;
  query.facets = request.facets;
  HUICAI_ASSIGN_OR_RETURN(search::NeedResults results, index->FindNeeds(query));
  response.hits = std::move(results.hits);
  response.estimated_total = results.estimated_total;
  response.facets = std::move(results.facets);
  response.relaxed = results.relaxed;
  return response;
}

Result<Talent> Hub::GetTalent(PersonId id) { return impl_->store_.GetTalent(id); }
Result<Person> Hub::GetPerson(PersonId id) { return impl_->store_.GetPerson(id); }

Result<std::optional<Talent>> Hub::FindTalentByCard(std::string_view card_number) {
  return impl_->store_.FindTalentByCard(card_number);
}

Result<NeedId> Hub::PostNeed(const Need& need) {
  HUICAI_RETURN_IF_ERROR(ValidateNeed(need, Today()));
  return impl_->store_.InsertNeed(need);
}

Result<Need> Hub::GetNeed(NeedId id) { return impl_->store_.GetNeed(id); }
Result<std::vector<Need>> Hub::ListNeeds() { return impl_->store_.ListNeeds(); }

Result<std::vector<Proposal>> Hub::ListProposals(std::optional<NeedId> need) {
  return impl_->store_.ListProposals(need);
}

Result<std::map<std::string, std::int64_t>> Hub::QuarantineCounts(std::string_view partner) {
  return impl_->store_.QuarantineCountsByReason(partner);
}

Result<std::vector<Rejection>> Hub::QuarantineSample(std::string_view partner, size_t limit) {
  HUICAI_ASSIGN_OR_RETURN(auto entries, impl_->store_.ListQuarantine(partner, limit));
  std::vector<Rejection> out;
  for (auto& e : entries) out.push_back(std::move(e.rejection));
  return out;
}

Result<std::int64_t> Hub::TalentCount() {
  HUICAI_ASSIGN_OR_RETURN(auto talents, impl_->store_.ListTalents());
  return static_cast<std::int64_t>(talents.size());
}

}  // namespace huicai::hub
