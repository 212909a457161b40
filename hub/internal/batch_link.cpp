// hub internal: BatchLinker, the probabilistic linkage of a sync batch's records without ID
// number or passport against the stored persons (matcher/'s Fellegi-Sunter model).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "hub/internal/link.h"
#include "matcher/linkage.h"

namespace huicai::hub {

namespace {

std::string RecordName(const Record& r) { return r.partner + "/" + r.kind + "/" + r.source_key; }

std::string EvidenceJson(const matcher::PairEvidence& e, const std::string& with) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : e.fields) fields.push_back({f.field, f.level, f.weight, f.detail});
  nlohmann::json j = {{"with", with},
                      {"total", e.total},
                      {"prior", e.match_weight - e.total},
                      {"probability", e.probability},
                      {"fields", std::move(fields)}};
  return j.dump();
}

std::string Fixed(double value, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, value);
  return buf;
}

}  // namespace

// Term-frequency adjustment of exact name agreement (Winkler's frequency-based matching): the
// hand-set u of "exact" is what a random pair shares on average; for one name it is that
// name's share of the stored persons. Every namesake is among the candidates (the store lists
// them up to its cap), so the count of candidates bearing the name is that share's numerator.
// A rare name (李璐静, once in a province) then weighs far more than 王伟.
void BatchLinker::AdjustForNameFrequency(std::span<const Person> stored,
                                         std::span<const matcher::FieldParameters> fields,
                                         matcher::LinkageResult& result) const {
  double m_exact = 0, u_exact = 0;
  for (const auto& f : fields) {
    if (f.field != "name") continue;
    for (const auto& l : f.levels) {
      if (l.level == "exact") m_exact = l.m, u_exact = l.u;
    }
  }
  if (m_exact <= 0 || u_exact <= 0) return;
  std::unordered_map<std::string, int> bearers;
  for (const Person& p : stored) ++bearers[p.name];
  const double persons = static_cast<double>(std::max<std::int64_t>(persons_, 1000));
  for (auto* list : {&result.links, &result.reviews}) {
    for (auto& e : *list) {
      for (auto& f : e.fields) {
        if (f.field != "name" || f.level != "exact") continue;
        // The name as the stored side bears it (both sides agree exactly).
        const size_t person = e.left < stored.size() ? e.left : e.right;
        if (person >= stored.size()) continue;
        const double share =
            std::max(1.0, static_cast<double>(bearers[stored[person].name])) / persons;
        const double delta = std::log2(u_exact / share);
        if (delta <= 0) continue;  // a common name keeps the average
        f.weight += delta;
        f.detail = "tf " + std::to_string(bearers[stored[person].name]) + " of " +
                   std::to_string(static_cast<std::int64_t>(persons));
        e.total += delta;
        e.match_weight += delta;
        e.probability = 1 / (1 + std::exp2(-e.match_weight));
      }
    }
  }
}

Result<matcher::LinkageOptions> BatchLinker::Options() {
  if (persons_ < 0) {
    HUICAI_ASSIGN_OR_RETURN(persons_, store_.CountPersons());
  }
  matcher::LinkageOptions options;
  options.em_iterations = 0;  // the stored persons are candidates, not a sample to fit on
  options.term_frequency = false;
  options.threads = 1;
  options.link_probability = settings_.link_probability;
  options.review_probability = settings_.review_probability;
  matcher::ModelParameters model = matcher::DefaultModelParameters();
  // A record is about one of the stored persons (or a new one): 1 / persons is the prior that
  // it is a given one of them.
  model.prior = 1.0 / static_cast<double>(std::max<std::int64_t>(persons_, 1000));
  options.model = std::move(model);
  return options;
}

matcher::LinkRecord ToLinkRecord(const Person& p, std::string key) {
  matcher::LinkRecord r;
  r.key = std::move(key);
  r.id_number = p.id_number;
  r.passport = p.passport;
  r.nationality = p.nationality;
  r.name = p.name;
  r.birth_date = p.birth_date;
  r.gender = p.gender;
  r.region_code = p.region_code;
  return r;
}

Status BatchLinker::Resolve(std::vector<store::LinkedRecord> pending,
                            std::vector<store::LinkedRecord>& linked,
                            std::vector<Rejection>& rejected) {
  if (pending.empty()) return Status::Ok();

  std::vector<Date> dates;
  std::vector<std::string> names;
  std::set<std::string> seen_dates, seen_names;
  for (const auto& lr : pending) {
    if (lr.person.birth_date && seen_dates.insert(FormatDate(*lr.person.birth_date)).second) {
      dates.push_back(*lr.person.birth_date);
    }
    if (seen_names.insert(lr.person.name).second) names.push_back(lr.person.name);
  }
  HUICAI_ASSIGN_OR_RETURN(std::vector<Person> stored, store_.FindLinkCandidates(dates, names));

  // The records compared: stored persons (one representative each), the batch's keyed records
  // that could be the same people (persons not stored yet), then the pending records.
  std::vector<matcher::LinkRecord> records;
  records.reserve(stored.size() + pending.size());
  for (const Person& p : stored) {
    records.push_back(ToLinkRecord(p, "person:" + std::to_string(p.id)));
    records.back().person_id = p.id;
  }
  std::set<std::string> stored_ids;
  for (const Person& p : stored) {
    if (!p.id_number.empty()) stored_ids.insert(p.id_number);
  }
  std::vector<const store::LinkedRecord*> keyed;
  {
    std::set<std::string> added;
    for (const auto& lr : linked) {
      const Person& p = lr.person;
      if (lr.deleted || p.id_number.empty() || stored_ids.contains(p.id_number)) continue;
      const bool near = (p.birth_date && seen_dates.contains(FormatDate(*p.birth_date))) ||
                        seen_names.contains(p.name);
      if (!near || !added.insert(p.id_number).second) continue;
      keyed.push_back(&lr);
      records.push_back(ToLinkRecord(p, "record:" + RecordName(lr.record)));
    }
  }
  const size_t first = records.size();
  for (const auto& lr : pending) records.push_back(ToLinkRecord(lr.person, RecordName(lr.record)));

  HUICAI_ASSIGN_OR_RETURN(matcher::LinkageOptions options, Options());
  // Pairs well below the review band come back too: the name adjustment below may lift them.
  options.review_probability = 0.001;
  HUICAI_ASSIGN_OR_RETURN(matcher::LinkageResult result, matcher::Link(records, options));
  AdjustForNameFrequency(stored, options.model->fields, result);

  // Decisions are made here rather than on matcher's clusters: a pending record is about one
  // of the known persons (stored, or keyed in this batch) or a new one, so the probability that
  // it is person A is odds(A) / (1 + sum of odds over the persons it was compared with), with
  // odds = 2^match_weight of its best pair with each person. It joins the best person when that
  // reaches link_probability and waits for review when it reaches review_probability. Pending
  // records that match no known person form new persons among themselves.
  struct Best {
    const matcher::PairEvidence* pair = nullptr;  // the best pair with the best person
    size_t other = 0;
    std::string who;  // the best person ("person 12" or a record of this batch)
    std::map<std::string, double> weight;  // person -> best match_weight with it
    double probability = 0;                // of the best person, against all the others
    double known = 0;                      // that it is one of the compared persons, whichever
    std::string runner_up;                 // the second person, when plausible
  };
  std::vector<Best> best(pending.size());
  std::vector<size_t> parent(pending.size());
  for (size_t k = 0; k < parent.size(); ++k) parent[k] = k;
  auto root = [&](size_t k) {
    while (parent[k] != k) k = parent[k] = parent[parent[k]];
    return k;
  };
  auto who_of = [&](size_t i) {
    return i < stored.size() ? "person " + std::to_string(stored[i].id)
                             : "record " + records[i].key;
  };
  std::vector<const matcher::PairEvidence*> new_pairs(pending.size(), nullptr);
  for (const auto* list : {&result.links, &result.reviews}) {
    for (const auto& e : *list) {
      const bool left_pending = e.left >= first, right_pending = e.right >= first;
      if (left_pending && right_pending) {
        if (e.probability < settings_.link_probability) continue;
        for (size_t side : {e.left - first, e.right - first}) {
          if (new_pairs[side] == nullptr || e.probability > new_pairs[side]->probability)
            new_pairs[side] = &e;
        }
        parent[root(e.left - first)] = root(e.right - first);
        continue;
      }
      if (!left_pending && !right_pending) continue;
      const size_t k = (left_pending ? e.left : e.right) - first;
      const size_t other = left_pending ? e.right : e.left;
      Best& b = best[k];
      const std::string who = who_of(other);
      auto [it, added] = b.weight.try_emplace(who, e.match_weight);
      if (!added) it->second = std::max(it->second, e.match_weight);
      if (b.pair == nullptr || e.match_weight > b.pair->match_weight) {
        b.pair = &e;
        b.other = other;
        b.who = who;
      }
    }
  }
  for (Best& b : best) {
    if (b.pair == nullptr) continue;
    // In odds relative to the best person, to stay finite: P = 1 / (2^-w + sum 2^(wi - w)).
    const double w = b.weight.at(b.who);
    double sum = std::exp2(-w);
    double second = -1;
    for (const auto& [who, wi] : b.weight) {
      sum += std::exp2(wi - w);
      if (who != b.who && wi > second) {
        second = wi;
        b.runner_up = who;
      }
    }
    b.probability = 1 / sum;
    b.known = (sum - std::exp2(-w)) / sum;  // P(one of the compared persons) = 1 - P(new)
  }
  // A pending group whose member matches a known person is not new: its members decide alone.
  std::vector<bool> group_known(pending.size(), false);
  for (size_t k = 0; k < pending.size(); ++k) {
    if (best[k].known >= settings_.review_probability) group_known[root(k)] = true;
  }
  std::map<size_t, std::string> founders;  // group root -> founder
  for (size_t k = 0; k < pending.size(); ++k) {
    store::LinkedRecord& lr = pending[k];
    const Best& b = best[k];
    auto note = [&](std::string method, const matcher::PairEvidence* e) {
      lr.link_method = std::move(method);
      if (e != nullptr) {
        lr.link_probability = e->probability;
        const size_t other = e->left == first + k ? e->right : e->left;
        lr.link_evidence = EvidenceJson(*e, records[other].key);
      } else {
        lr.link_probability = 0;
      }
    };
    const double p = b.probability;
    if (p >= settings_.link_probability) {
      if (b.other < stored.size()) {
        lr.person.id = stored[b.other].id;
      } else {
        lr.person.id_number = keyed[b.other - stored.size()]->person.id_number;
      }
      note("probabilistic", b.pair);
      linked.push_back(std::move(lr));
      continue;
    }
    if (b.known >= settings_.review_probability) {  // someone known, unclear who or too weak
      Rejection r;
      r.partner = lr.record.partner;
      r.source_key = lr.record.source_key;
      r.reason_code = "link_review";
      r.message = "may be " + b.who + " (match probability " + Fixed(p, 3) + ", link needs " +
                  Fixed(settings_.link_probability, 2) + ")";
      if (!b.runner_up.empty()) r.message += " or " + b.runner_up;
      r.message += ": decide with `huicai quarantine resolve ENTRY --person ID` or `--new-person`";
      r.raw = lr.record.fields;
      rejected.push_back(std::move(r));
      continue;
    }
    if (!settings_.create_persons) {
      Rejection r;
      r.partner = lr.record.partner;
      r.source_key = lr.record.source_key;
      r.reason_code = "no_match";
      r.message =
          "no stored person matches this record (it has no ID number or passport) and [link] "
          "create_persons is off; it waits for its person: run `huicai quarantine retry` after "
          "the next sync";
      r.raw = lr.record.fields;
      rejected.push_back(std::move(r));
      continue;
    }
    // A new person, shared with the pending records it links with (those matching no one).
    const size_t group = group_known[root(k)] ? k : root(k);
    auto [it, added] = founders.try_emplace(group, RecordName(lr.record));
    lr.founder = it->second;
    note("new", new_pairs[k]);
    founded_ += added ? 1 : 0;
    linked.push_back(std::move(lr));
  }
  return Status::Ok();
}

Status BatchLinker::Adopt(std::vector<store::LinkedRecord>& linked) {
  if (without_id_ < 0) {
    HUICAI_ASSIGN_OR_RETURN(without_id_, store_.CountPersons(true));
  }
  if (without_id_ + founded_ == 0) return Status::Ok();
  std::vector<Date> dates;
  std::vector<std::string> names;
  std::set<std::string> seen_dates, seen_names;
  for (const auto& lr : linked) {
    if (lr.deleted || lr.person.id_number.empty()) continue;
    if (lr.person.birth_date && seen_dates.insert(FormatDate(*lr.person.birth_date)).second) {
      dates.push_back(*lr.person.birth_date);
    }
    if (seen_names.insert(lr.person.name).second) names.push_back(lr.person.name);
  }
  HUICAI_ASSIGN_OR_RETURN(std::vector<Person> founded,
                          store_.FindLinkCandidates(dates, names, /*without_id_only=*/true));
  if (founded.empty()) return Status::Ok();
  // A person founded by a passport is that passport's holder: a record bringing the same
  // passport adopts it outright, any other record never does.
  std::map<std::string, PersonId> by_passport;
  std::erase_if(founded, [&](const Person& p) {
    if (p.passport.empty() || p.nationality.empty()) return false;
    by_passport.emplace(p.nationality + '\x1f' + p.passport, p.id);
    return true;
  });
  std::set<size_t> decided;
  for (size_t i = 0; i < linked.size(); ++i) {
    const Person& p = linked[i].person;
    if (linked[i].deleted || p.id_number.empty() || p.passport.empty()) continue;
    if (auto hit = by_passport.find(p.nationality + '\x1f' + p.passport);
        hit != by_passport.end()) {
      linked[i].adopt = hit->second;
      decided.insert(i);
    }
  }
  if (founded.empty()) return Status::Ok();
  std::set<std::string> near_dates, near_names;
  for (const Person& p : founded) {
    if (p.birth_date) near_dates.insert(FormatDate(*p.birth_date));
    near_names.insert(p.name);
  }
  std::vector<matcher::LinkRecord> records;
  for (const Person& p : founded) {
    records.push_back(ToLinkRecord(p, "person:" + std::to_string(p.id)));
    records.back().person_id = p.id;
  }
  const size_t first = records.size();
  std::vector<size_t> which;  // records[first + j] is linked[which[j]]
  for (size_t i = 0; i < linked.size(); ++i) {
    const Person& p = linked[i].person;
    if (linked[i].deleted || p.id_number.empty() || decided.contains(i)) continue;
    if (!(p.birth_date && near_dates.contains(FormatDate(*p.birth_date))) &&
        !near_names.contains(p.name))
      continue;
    which.push_back(i);
    matcher::LinkRecord r = ToLinkRecord(p, RecordName(linked[i].record));
    r.id_number.clear();  // compared on what the founded person has: name, birth, gender
    records.push_back(std::move(r));
  }
  if (which.empty()) return Status::Ok();
  HUICAI_ASSIGN_OR_RETURN(matcher::LinkageOptions options, Options());
  HUICAI_ASSIGN_OR_RETURN(matcher::LinkageResult result, matcher::Link(records, options));
  // Adopt only when one founded person is a clear match and no other is plausible.
  std::map<size_t, std::pair<PersonId, double>> best;  // record -> (person, probability)
  std::set<size_t> ambiguous;
  for (const auto* list : {&result.links, &result.reviews}) {
    for (const auto& e : *list) {
      if ((e.left >= first) == (e.right >= first)) continue;
      const size_t rec = e.left >= first ? e.left : e.right;
      const PersonId person = records[e.left >= first ? e.right : e.left].person_id;
      auto [it, added] = best.try_emplace(rec, person, e.probability);
      if (added) continue;
      if (it->second.first != person &&
          std::min(it->second.second, e.probability) >= settings_.review_probability) {
        ambiguous.insert(rec);
      }
      if (e.probability > it->second.second) it->second = {person, e.probability};
    }
  }
  for (const auto& [rec, hit] : best) {
    if (ambiguous.contains(rec) || hit.second < settings_.link_probability) continue;
    store::LinkedRecord& lr = linked[which[rec - first]];
    lr.adopt = hit.first;
  }
  return Status::Ok();
}

std::string FormatStoredEvidence(const std::string& json) {
  if (json.empty()) return "";
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("fields")) return "";
  matcher::PairEvidence e;
  try {
    for (const auto& f : j.at("fields")) {
      e.fields.push_back({f.at(0).get<std::string>(), f.at(1).get<std::string>(),
                          f.at(2).get<double>(), f.at(3).get<std::string>()});
    }
    e.total = j.at("total").get<double>();
    e.match_weight = e.total + j.at("prior").get<double>();
    e.probability = j.at("probability").get<double>();
    return "with " + j.at("with").get<std::string>() + "\n" + matcher::FormatEvidence(e);
  } catch (const nlohmann::json::exception&) {
    return "";
  }
}

}  // namespace huicai::hub
