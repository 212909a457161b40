// huicai quarantine ... and huicai person show: what the hub refused and what it knows.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/output.h"
#include "core/mask.h"
#include "core/regions.h"
#include "hub/hub.h"
#include "hub/link_files.h"

namespace huicai::app {

using nlohmann::json;

namespace {

Result<std::unique_ptr<hub::Hub>> Open(const Globals& g) {
  HUICAI_ASSIGN_OR_RETURN(hub::HubConfig config, LoadHubConfig(g));
  return hub::Hub::Open(config);
}

// Masks a value by what it is: identifiers by their pattern, other text by MaskSensitive.
std::string Shown(std::string_view field, std::string_view value, const MaskPatterns& mask,
                  bool unmasked) {
  if (unmasked) return std::string(value);
  if (field == "id_number") return MaskIdNumber(value, mask);
  if (field == "mobile") return MaskMobile(value, mask);
  if (field == "card_number" || field == "card_no" || field == "passport") {
    return MaskBankCard(value, mask);
  }
  if (field == "name") return MaskName(value, mask);
  return MaskSensitive(value, mask);
}

// A raw value as shown: masked by the hub field its column feeds (names, identifiers), and
// by MaskSensitive in any case.
std::string ShownRaw(const std::map<std::string, std::string>& targets, const std::string& column,
                     const std::string& value, const MaskPatterns& mask) {
  auto target = targets.find(column);
  return Shown(target == targets.end() ? column : target->second, value, mask, false);
}

json ItemJson(const hub::QuarantineItem& item, const std::map<std::string, std::string>& targets,
              const MaskPatterns& mask) {
  json raw = json::object();
  for (const auto& [column, value] : item.rejection.raw) {
    raw[column] = ShownRaw(targets, column, value, mask);
  }
  return {{"id", item.id},
          {"partner", item.rejection.partner},
          {"source_key", MaskSensitive(item.rejection.source_key, mask)},
          {"reason", item.rejection.reason_code},
          {"message", MaskSensitive(item.rejection.message, mask)},
          {"created_at", item.created_at},
          {"raw", raw}};
}

}  // namespace

int RunQuarantineList(const Globals& g, const QuarantineArgs& args) {
  auto hub = Open(g);
  if (!hub.has_value()) return Fail(hub.error());
  const MaskPatterns& mask = (*hub)->config().mask;
  auto items = (*hub)->ListQuarantine(args.partner, args.reason, args.limit, args.offset);
  if (!items.has_value()) return Fail(items.error());
  if (g.json) {
    json out = json::array();
    std::map<std::string, std::map<std::string, std::string>> targets;
    for (const auto& item : *items) {
      const std::string& partner = item.rejection.partner;
      if (!targets.count(partner)) {
        auto t = (*hub)->ColumnTargets(partner);
        targets[partner] = t.has_value() ? *t : std::map<std::string, std::string>{};
      }
      out.push_back(ItemJson(item, targets[partner], mask));
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table table({"id", "partner", "source key", "reason", "message"});
  for (const auto& item : *items) {
    table.AddRow({std::to_string(item.id), item.rejection.partner,
                  Ellipsize(MaskSensitive(item.rejection.source_key, mask), 28),
                  item.rejection.reason_code,
                  Ellipsize(MaskSensitive(item.rejection.message, mask), 70)});
  }
  std::cout << table.Render();
  auto counts = (*hub)->QuarantineCounts(args.partner);
  if (counts.has_value()) {
    std::int64_t total = 0;
    for (const auto& [reason, n] : *counts) total += n;
    std::cout << items->size() << " shown of " << FormatCount(total)
              << " in quarantine; `huicai quarantine show ID` for one row\n";
  }
  return 0;
}

int RunQuarantineShow(const Globals& g, std::int64_t id) {
  auto hub = Open(g);
  if (!hub.has_value()) return Fail(hub.error());
  const MaskPatterns& mask = (*hub)->config().mask;
  auto item = (*hub)->GetQuarantineItem(id);
  if (!item.has_value()) return Fail(item.error());
  auto found = (*hub)->ColumnTargets(item->rejection.partner);
  const std::map<std::string, std::string> targets =
      found.has_value() ? *found : std::map<std::string, std::string>{};
  if (g.json) {
    std::cout << ItemJson(*item, targets, mask).dump(2) << "\n";
    return 0;
  }
  const Rejection& r = item->rejection;
  std::cout << "quarantine #" << item->id << "  " << r.partner << " row "
            << MaskSensitive(r.source_key, mask) << "  (" << item->created_at << ")\n"
            << "reason:  " << r.reason_code << "\n"
            << "message: " << MaskSensitive(r.message, mask) << "\n\n";
  Table raw({"column", "value as the partner sent it"});
  for (const auto& [column, value] : r.raw) {
    raw.AddRow({column, ShownRaw(targets, column, value, mask)});
  }
  std::cout << raw.Render();
  return 0;
}

int RunQuarantineRetry(const Globals& g, const std::string& partner) {
  auto hub = Open(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto report = (*hub)->RetryQuarantine(partner);
  if (!report.has_value()) return Fail(report.error());
  if (g.json) {
    std::cout << json{{"examined", report->examined},
                      {"loaded", report->loaded},
                      {"still_refused", report->still_refused},
                      {"reason_changed", report->reason_changed},
                      {"reasons", report->reasons}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << "re-validated " << FormatCount(report->examined)
            << " quarantined rows: " << FormatCount(report->loaded) << " now pass and were loaded, "
            << FormatCount(report->still_refused) << " stay in quarantine";
  if (report->reason_changed > 0) {
    std::cout << " (" << FormatCount(report->reason_changed)
              << " of them now fail for another reason, recorded)";
  }
  std::cout << "\n";
  if (!report->reasons.empty()) {
    Table why({"still refused because", "rows"});
    for (const auto& [reason, n] : report->reasons) why.AddRow({reason, FormatCount(n)});
    std::cout << why.Render();
  }
  return 0;
}

int RunQuarantineResolve(const Globals& g, std::int64_t id, std::int64_t person, bool new_person) {
  if ((person != 0) == new_person) {
    return Fail(Status::InvalidArgument(
        "say where the record belongs: --person ID (see `huicai person show ID` and `huicai "
        "person why A B`) or --new-person"));
  }
  auto hub = Open(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto resolved =
      (*hub)->ResolveQuarantine(id, new_person ? std::nullopt : std::optional<PersonId>(person));
  if (!resolved.has_value()) return Fail(resolved.error());
  if (g.json) {
    std::cout << json{{"entry", id}, {"person_id", *resolved}, {"new_person", new_person}}.dump(2)
              << "\n";
    return 0;
  }
  std::cout << "quarantine #" << id << " loaded onto " << (new_person ? "new " : "") << "person #"
            << *resolved << " (linked by review); `huicai person show " << *resolved
            << "` shows it\n";
  return 0;
}

int RunLinkFiles(const Globals& g, const std::string& left, const std::string& right,
                 const std::string& mapping, const std::string& out) {
  hub::LinkFilesOptions options;
  options.left = left;
  options.right = right;
  options.mapping = mapping;
  options.out = out;
  auto report = hub::LinkFiles(options);
  if (!report.has_value()) return Fail(report.error());
  const auto& r = *report;
  json model = json::array();
  for (const auto& f : r.model) {
    json levels = json::array();
    for (const auto& l : f.levels) {
      levels.push_back({{"level", l.level}, {"m", l.m}, {"u", l.u}, {"weight", l.weight}});
    }
    model.push_back({{"field", f.field}, {"levels", levels}});
  }
  if (g.json) {
    json out_json = {{"left_records", r.left_records},
                     {"right_records", r.right_records},
                     {"candidate_pairs", r.candidate_pairs},
                     {"links", r.links},
                     {"reviews", r.reviews},
                     {"fitted", r.fitted},
                     {"prior", r.prior},
                     {"model", model},
                     {"skipped_blocks", r.skipped_blocks},
                     {"seconds", r.seconds}};
    if (r.quality) {
      out_json["true_pairs"] = r.quality->true_pairs;
      out_json["precision"] = r.quality->precision;
      out_json["recall"] = r.quality->recall;
      out_json["f1"] = r.quality->f1;
    }
    std::cout << out_json.dump(2) << "\n";
    return 0;
  }
  std::cout << left << " (" << FormatCount(static_cast<std::int64_t>(r.left_records))
            << " records) × " << right << " ("
            << FormatCount(static_cast<std::int64_t>(r.right_records))
            << "): " << FormatCount(static_cast<std::int64_t>(r.links)) << " pairs linked, "
            << FormatCount(static_cast<std::int64_t>(r.reviews)) << " for review, "
            << FormatCount(static_cast<std::int64_t>(r.candidate_pairs)) << " candidate pairs, "
            << Fixed(r.seconds, 1) << " s\n";
  Table table({"field", "level", "m", "u", "weight"});
  for (const auto& f : r.model) {
    for (const auto& l : f.levels) {
      table.AddRow({f.field, l.level, Fixed(l.m, 4), Fixed(l.u, 6), Fixed(l.weight, 2)});
    }
  }
  std::cout << (r.fitted ? "model fitted by EM:\n" : "too few candidate pairs to fit: defaults:\n")
            << table.Render();
  for (const auto& b : r.skipped_blocks) std::cout << "skipped block (too large): " << b << "\n";
  if (r.quality) {
    std::cout << "judged by the mapping's truth ("
              << FormatCount(static_cast<std::int64_t>(r.quality->true_pairs))
              << " true pairs): precision " << Fixed(r.quality->precision, 4) << ", recall "
              << Fixed(r.quality->recall, 4) << ", F1 " << Fixed(r.quality->f1, 4) << "\n";
  }
  if (!out.empty()) std::cout << "pairs written to " << out << "\n";
  return 0;
}

int RunPersonShow(const Globals& g, std::int64_t id, bool unmasked) {
  auto hub = Open(g);
  if (!hub.has_value()) return Fail(hub.error());
  const hub::HubConfig& config = (*hub)->config();
  if (unmasked && !config.allow_unmasked) {
    return Fail(Status::InvalidArgument(
        "--unmasked is not allowed by this configuration; set [mask] allow_unmasked = true "
        "where a duty needs full identifiers"));
  }
  auto view = (*hub)->ShowPerson(id);
  if (!view.has_value()) return Fail(view.error());
  const MaskPatterns& mask = config.mask;
  const Person& p = view->person;
  if (g.json) {
    json sources = json::array();
    for (const auto& s : view->sources) {
      sources.push_back(
          {{"field", s.field},
           {"value", Shown(s.field, s.value, mask, unmasked)},
           {"partner", s.partner},
           {"source_key", unmasked ? s.source_key : MaskSensitive(s.source_key, mask)},
           {"watermark", s.watermark}});
    }
    json links = json::array();
    for (const auto& l : view->links) {
      links.push_back({{"partner", l.partner},
                       {"kind", l.kind},
                       {"source_key", unmasked ? l.source_key : MaskSensitive(l.source_key, mask)},
                       {"method", l.method},
                       {"probability", l.probability},
                       {"evidence", l.evidence}});
    }
    std::cout << json{{"person_id", p.id},
                      {"id_number", Shown("id_number", p.id_number, mask, unmasked)},
                      {"name", Shown("name", p.name, mask, unmasked)},
                      {"gender", static_cast<int>(p.gender)},
                      {"birth_date", p.birth_date ? FormatDate(*p.birth_date) : ""},
                      {"region_code", p.region_code},
                      {"mobile", Shown("mobile", p.mobile, mask, unmasked)},
                      {"talent", view->talent.has_value()},
                      {"sources", sources},
                      {"links", links},
                      {"conflicting_fields", view->conflicting_fields}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << "person #" << p.id << "  " << Shown("name", p.name, mask, unmasked) << "  "
            << Shown("id_number", p.id_number, mask, unmasked) << "\n"
            << "born " << (p.birth_date ? FormatDate(*p.birth_date) : "?") << ", household "
            << (p.region_code.empty() ? "?" : RegionTable::Default().FullName(p.region_code))
            << (p.mobile.empty() ? "" : ", mobile " + Shown("mobile", p.mobile, mask, unmasked))
            << "\n";
  if (view->talent) {
    const Talent& t = *view->talent;
    std::cout << "talent: tier " << TalentTierName(t.tier) << ", " << t.title << ", " << t.employer
              << "; " << t.grassroots_days_served << " of " << t.days_available
              << " grassroots days this year" << (t.in_programme ? " (in the programme)" : "")
              << "\n";
  }
  std::cout << "\nWhat each partner says:\n";
  Table table({"field", "value", "partner", "row", "conflict"});
  for (const auto& s : view->sources) {
    const bool conflict =
        std::find(view->conflicting_fields.begin(), view->conflicting_fields.end(), s.field) !=
        view->conflicting_fields.end();
    table.AddRow({s.field, Ellipsize(Shown(s.field, s.value, mask, unmasked), 40), s.partner,
                  Ellipsize(unmasked ? s.source_key : MaskSensitive(s.source_key, mask), 28),
                  conflict ? "≠" : ""});
  }
  std::cout << table.Render();
  if (!view->conflicting_fields.empty()) {
    std::cout << "partners disagree on:";
    for (const auto& f : view->conflicting_fields) std::cout << " " << f;
    std::cout << " (all values are kept; none was overwritten)\n";
  }
  std::cout << "\nHow each record was linked to this person:\n";
  Table links({"partner", "row", "by", "probability"});
  for (const auto& l : view->links) {
    links.AddRow(
        {l.partner, Ellipsize(unmasked ? l.source_key : MaskSensitive(l.source_key, mask), 28),
         l.method, l.method == "id" || l.method == "passport" ? "-" : Fixed(l.probability, 4)});
  }
  std::cout << links.Render();
  for (const auto& l : view->links) {
    if (l.evidence.empty()) continue;
    std::cout << "\n"
              << l.partner << " row "
              << (unmasked ? l.source_key : MaskSensitive(l.source_key, mask)) << " (" << l.method
              << ") " << l.evidence;
  }
  return 0;
}

}  // namespace huicai::app

namespace huicai::app {

int RunOutbound(const Globals& g, const OutboundArgs& args) {
  auto hub = Open(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto report = args.what == "payments"
                    ? (*hub)->WriteAllowancePayments(args.period, args.out, args.key)
                    : (*hub)->WriteWithholdingReport(args.period, args.out, args.key);
  if (!report.has_value()) {
    if (!std::filesystem::exists(args.key)) {
      std::cerr << "hint: make a signing key with `huicai outbound keygen` (writes " << args.key
                << ")\n";
    }
    return Fail(report.error());
  }
  if (g.json) {
    std::cout << json{{"file", report->file},      {"signature", report->signature},
                      {"sha256", report->sha256},  {"already_existed", report->already_existed},
                      {"lines", report->lines},    {"total_fen", report->total_fen},
                      {"skipped", report->skipped}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << (report->already_existed ? "unchanged (already written): " : "written: ")
            << report->file << "\n  signature " << report->signature << "\n  "
            << FormatCount(report->lines) << " lines, total " << report->total_fen / 100 << "."
            << (report->total_fen % 100 < 10 ? "0" : "") << report->total_fen % 100 << " yuan; "
            << FormatCount(report->skipped) << " talents left out (no card account or ID on file)\n"
            << "  sha256 " << report->sha256 << "\n";
  return 0;
}

int RunOutboundKeygen(const std::string& private_pem, const std::string& public_pem) {
  if (auto s = hub::GenerateOutboundKey(private_pem, public_pem); !s.ok()) return Fail(s);
  std::cout << "private key " << private_pem << " (owner-only), public key " << public_pem
            << ": give the public key to the bank and the tax bureau\n";
  return 0;
}

int RunOutboundVerify(const std::string& file, const std::string& public_pem) {
  if (auto s = hub::VerifyOutbound(file, public_pem); !s.ok()) return Fail(s);
  std::cout << file << ": signature good\n";
  return 0;
}

int RunLink(const Globals& g, const std::string& left, const std::string& right,
            const std::string& out, bool no_id) {
  auto hub = Open(g);
  if (!hub.has_value()) return Fail(hub.error());
  hub::LinkSourcesOptions options;
  options.use_id = !no_id;
  options.out = out;
  auto report = (*hub)->LinkSources(left, right, options);
  if (!report.has_value()) return Fail(report.error());
  const auto& r = *report;
  if (g.json) {
    std::cout << json{{"left_records", r.left_records},
                      {"right_records", r.right_records},
                      {"pairs", r.pairs},
                      {"reviews", r.reviews},
                      {"candidate_pairs", r.candidate_pairs},
                      {"judged", r.judged},
                      {"true_pairs", r.true_pairs},
                      {"precision", r.precision},
                      {"recall", r.recall},
                      {"f1", r.f1},
                      {"seconds", r.seconds}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << left << " (" << FormatCount(r.left_records) << " records) × " << right << " ("
            << FormatCount(r.right_records) << "): " << FormatCount(r.pairs) << " pairs linked, "
            << FormatCount(r.reviews) << " for review, " << FormatCount(r.candidate_pairs)
            << " candidate pairs compared in " << r.seconds << " s\n";
  if (r.judged) {
    char buf[128];
    std::snprintf(buf, sizeof buf,
                  "judged by the ID numbers held back: precision %.4f, recall %.4f, F1 %.4f\n",
                  r.precision, r.recall, r.f1);
    std::cout << buf;
  }
  if (!out.empty()) std::cout << "pairs written to " << out << "\n";
  return 0;
}

int RunPersonWhy(const Globals& g, std::int64_t a, std::int64_t b) {
  auto hub = Open(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto text = (*hub)->ExplainPersons(a, b);
  if (!text.has_value()) return Fail(text.error());
  std::cout << "person #" << a << " and person #" << b << ":\n"
            << MaskSensitive(*text, (*hub)->config().mask);
  return 0;
}

}  // namespace huicai::app
