// hub: record linkage across partner sources (`huicai link`) and between stored persons
// (`huicai person why`), on matcher/'s Fellegi-Sunter linkage.
#include "hub/internal/link.h"

#include <chrono>
#include <fstream>
#include <set>
#include <unordered_map>

#include "core/text.h"
#include "core/validate.h"
#include "hub/hub.h"
#include "hub/internal/impl.h"
#include "matcher/linkage.h"

namespace huicai::hub {

namespace {

matcher::LinkRecord FromFields(std::string key, const std::map<std::string, std::string>& fields,
                               bool use_id) {
  auto get = [&](const char* name) {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
  };
  matcher::LinkRecord r;
  r.key = std::move(key);
  if (use_id) r.id_number = get("id_number");
  r.name = get("name");
  r.passport = get("passport");
  r.nationality = get("nationality");
  r.birth_date = ParseIsoDate(get("birth_date"));
  if (auto g = ParseGender(get("gender")); g.has_value()) r.gender = *g;
  r.region_code = get("region");
  return r;
}

}  // namespace

Result<LinkSourcesReport> Hub::LinkSources(std::string_view left, std::string_view right,
                                           const LinkSourcesOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  HUICAI_ASSIGN_OR_RETURN(auto configs, impl_->PartnerConfigs());
  std::vector<matcher::LinkRecord> records;
  std::vector<std::string> truth_ids;  // per record, the ID number when known
  std::vector<int> side;               // 0 left, 1 right
  LinkSourcesReport report;
  for (int s = 0; s < 2; ++s) {
    const std::string_view name = s == 0 ? left : right;
    const connectors::PartnerConfig* config = nullptr;
    for (const auto& c : configs) {
      if (c.name == name) config = &c;
    }
    if (config == nullptr) {
      return Status::NotFound("no partner mapping named \"" + std::string(name) + "\" in " +
                              impl_->config_.partner_mappings.string());
    }
    HUICAI_RETURN_IF_ERROR(
        connectors::ReadPartner(*config, {}, [&](connectors::MappedBatch&& batch) -> Status {
          for (Record& r : batch.records) {
            if (r.deleted) continue;
            auto id = r.fields.find("id_number");
            truth_ids.push_back(id == r.fields.end() ? "" : id->second);
            records.push_back(FromFields(r.partner + ":" + r.source_key, r.fields, options.use_id));
            side.push_back(s);
            (s == 0 ? report.left_records : report.right_records)++;
          }
          return Status::Ok();
        }));
  }
  matcher::LinkageOptions linkage;
  HUICAI_ASSIGN_OR_RETURN(matcher::LinkageResult result, matcher::Link(records, linkage));
  report.candidate_pairs = static_cast<std::int64_t>(result.candidate_pairs);

  // Cross-source pairs: linked directly, or through a cluster (same cluster, different sides).
  std::set<std::pair<size_t, size_t>> linked;
  std::unordered_map<std::int64_t, std::vector<size_t>> clusters;
  for (size_t i = 0; i < records.size(); ++i) {
    if (result.decision[i] != matcher::Decision::kReview)
      clusters[result.cluster_of[i]].push_back(i);
  }
  for (const auto& [cluster, members] : clusters) {
    for (size_t a : members) {
      for (size_t b : members) {
        if (side[a] == 0 && side[b] == 1) linked.insert({a, b});
      }
    }
  }
  std::map<std::pair<size_t, size_t>, double> weight;
  for (const auto& e : result.links)
    weight[{std::min(e.left, e.right), std::max(e.left, e.right)}] = e.total;
  std::ofstream out;
  if (!options.out.empty()) {
    out.open(options.out, std::ios::trunc);
    if (!out) return Status::Unavailable("cannot write " + options.out.string());
    out << "left_key,right_key,weight,decision\n";
  }
  auto weight_of = [&](size_t a, size_t b) {
    auto it = weight.find({std::min(a, b), std::max(a, b)});
    return it == weight.end() ? std::string("cluster") : std::to_string(it->second);
  };
  for (const auto& [a, b] : linked) {
    if (out.is_open()) {
      out << CsvCell(records[a].key) << "," << CsvCell(records[b].key) << "," << weight_of(a, b)
          << ",link\n";
    }
  }
  for (const auto& e : result.reviews) {
    if (side[e.left] == side[e.right]) continue;
    ++report.reviews;
    const size_t a = side[e.left] == 0 ? e.left : e.right;
    const size_t b = side[e.left] == 0 ? e.right : e.left;
    if (out.is_open()) {
      out << CsvCell(records[a].key) << "," << CsvCell(records[b].key) << "," << e.total
          << ",review\n";
    }
  }
  report.pairs = static_cast<std::int64_t>(linked.size());

  // Judge against ID numbers when they were held back from the linkage.
  if (!options.use_id) {
    std::unordered_map<std::string, std::int64_t> left_ids, right_ids;
    for (size_t i = 0; i < records.size(); ++i) {
      if (truth_ids[i].empty()) continue;
      (side[i] == 0 ? left_ids : right_ids)[truth_ids[i]]++;
    }
    for (const auto& [id, n] : left_ids) {
      auto hit = right_ids.find(id);
      if (hit != right_ids.end()) report.true_pairs += n * hit->second;
    }
    std::int64_t correct = 0;
    for (const auto& [a, b] : linked) {
      correct += !truth_ids[a].empty() && truth_ids[a] == truth_ids[b];
    }
    if (report.true_pairs > 0 && report.pairs > 0) {
      report.judged = true;
      report.precision = static_cast<double>(correct) / static_cast<double>(report.pairs);
      report.recall = static_cast<double>(correct) / static_cast<double>(report.true_pairs);
      report.f1 = 2 * report.precision * report.recall / (report.precision + report.recall);
    }
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

Result<std::string> Hub::ExplainPersons(PersonId a, PersonId b) {
  HUICAI_ASSIGN_OR_RETURN(Person left, impl_->store_.GetPerson(a));
  HUICAI_ASSIGN_OR_RETURN(Person right, impl_->store_.GetPerson(b));
  HUICAI_ASSIGN_OR_RETURN(matcher::PairEvidence evidence,
                          matcher::Explain(ToLinkRecord(left, std::to_string(left.id)),
                                           ToLinkRecord(right, std::to_string(right.id)),
                                           matcher::DefaultModelParameters()));
  return matcher::FormatEvidence(evidence);
}

}  // namespace huicai::hub
