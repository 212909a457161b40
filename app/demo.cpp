// huicai demo: the whole hub on the embedded default, end to end, with a summary a planner reads.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.h"
#include "app/output.h"
#include "core/config_dir.h"
#include "core/mask.h"
#include "core/regions.h"
#include "hub/generate.h"
#include "hub/hub.h"

namespace huicai::app {

namespace {

// Counts gold.csv lines by expected outcome ("load" / "quarantine").
std::map<std::string, std::int64_t> GoldExpectations(const std::filesystem::path& gold) {
  std::map<std::string, std::int64_t> counts;
  std::ifstream in(gold);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.find(",quarantine,") != std::string::npos) {
      counts["quarantine"]++;
    } else if (line.find(",load,") != std::string::npos || line.ends_with(",load")) {
      counts["load"]++;
    }
  }
  return counts;
}

// A TOML basic string: quotes and backslashes escaped, control characters as \uXXXX.
std::string TomlString(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The demo's own configuration file, so later commands (search, serve) can point at its data.
Status WriteDemoConfig(const std::filesystem::path& file, const hub::HubConfig& config) {
  std::ofstream out(file, std::ios::trunc);
  out << "# Written by `huicai demo`: the demo's data under " << file.parent_path().string() << "\n"
      << "[store]\nconnection = " << TomlString(config.store_connection) << "\n\n"
      << "[partners]\nmappings = " << TomlString(config.partner_mappings.string()) << "\n"
      << "data = " << TomlString(config.partner_data.string()) << "\n\n"
      << "[search]\nindex = " << TomlString(config.index_dir.string()) << "\n"
      << "lookup_key = " << TomlString(config.lookup_key_file.string()) << "\n\n"
      << "[serve]\nhost = " << TomlString(config.serve_host) << "\nport = " << config.serve_port
      << "\n";
  // The green channel's calendar and matters as loaded, so `huicai service` works on the demo.
  auto list = [&](const std::vector<std::string>& items) {
    out << "[";
    for (size_t i = 0; i < items.size(); ++i) out << (i ? ", " : "") << TomlString(items[i]);
    out << "]\n";
  };
  out << "\n[service]\nholidays = ";
  list(config.service.holidays);
  out << "workdays = ";
  list(config.service.workdays);
  for (const auto& [key, matter] : config.service.matters) {
    out << "\n[service.matters." << TomlString(key) << "]\ntitle = " << TomlString(matter.title)
        << "\ndepartment = " << TomlString(matter.department) << "\ndays = " << matter.days << "\n";
  }
  return out ? Status::Ok() : Status::Unavailable("cannot write " + file.string());
}

}  // namespace

int RunDemo(const Globals& g, int talents, int needs, const std::string& dir_text) {
  auto base = LoadHubConfig(g);
  if (!base.has_value()) return Fail(base.error());
  const std::filesystem::path dir = std::filesystem::absolute(dir_text);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail(Status::Unavailable("cannot create " + dir.string() + ": " + ec.message()));

  hub::HubConfig config = *base;
  config.store_connection =
      "DRIVER=SQLite3;Database=" + (dir / "hub.db").string() + ";Timeout=10000";
  config.partner_data = dir / "partners";
  config.index_dir = dir / "index";
  config.lookup_key_file = dir / "lookup.key";
  const MaskPatterns& mask = config.mask;

  std::cout << "huicai demo: synthetic Shandong data, " << FormatCount(talents) << " talents, "
            << FormatCount(needs) << " grassroots needs, in " << dir.string() << "\n\n";

  // 1. The partner databases.
  Progress bar;
  hub::SynthOptions options;
  options.talents = talents;
  options.needs = needs;
  auto gen = hub::GeneratePartners(
      options, config.partner_data,
      [&](std::string_view s, std::uint64_t d, std::uint64_t t) { bar.Update(s, d, t); });
  bar.Finish();
  if (!gen.has_value()) return Fail(gen.error());
  std::cout << "1. Partner databases written (SQLite, each with its own schema; "
            << Fixed(gen->seconds, 1) << " s)\n";
  {
    Table table({"partner", "rows"});
    for (const auto& [partner, rows] : gen->rows) table.AddRow({partner, FormatCount(rows)});
    std::cout << table.Render() << "\n";
  }

  // 2. Sync.
  auto opened = hub::Hub::Open(config);
  if (!opened.has_value()) return Fail(opened.error());
  hub::Hub& hub = **opened;
  auto reports = hub.Sync(
      "", [&](std::string_view s, std::uint64_t d, std::uint64_t t) { bar.Update(s, d, t); });
  bar.Finish();
  if (!reports.has_value()) return Fail(reports.error());
  std::cout << "2. Sync over ODBC: rows validated, linked to persons (by ID number, passport, or\n"
               "   name, birth date and gender for rows without either), stored with checkpoints\n";
  Table sync({"partner", "read", "stored", "duplicates", "quarantined", "linked w/o ID",
              "for review", "seconds"});
  std::int64_t quarantined = 0, reviews = 0, without_id = 0;
  for (const auto& r : *reports) {
    if (!r.status.ok()) return Fail(r.status);
    sync.AddRow({r.partner, FormatCount(r.rows_read), FormatCount(r.inserted + r.updated),
                 FormatCount(r.unchanged + r.duplicates), FormatCount(r.quarantined - r.reviews),
                 FormatCount(r.linked_probabilistic + r.persons_founded), FormatCount(r.reviews),
                 Fixed(r.seconds, 1)});
    quarantined += r.quarantined - r.reviews;
    reviews += r.reviews;
    without_id += r.linked_probabilistic + r.persons_founded;
  }
  std::cout << sync.Render();
  auto reasons = hub.QuarantineCounts();
  if (!reasons.has_value()) return Fail(reasons.error());
  std::cout << "\nQuarantine by reason (every refused row is kept with its raw values):\n";
  Table why({"reason", "rows"});
  for (const auto& [reason, n] : *reasons) why.AddRow({reason, FormatCount(n)});
  std::cout << why.Render();
  const auto gold = GoldExpectations(config.partner_data / "gold.csv");
  const auto expected = gold.count("quarantine") ? gold.at("quarantine") : 0;
  std::cout << "gold truth expects " << FormatCount(expected)
            << " rows quarantined; the hub quarantined " << FormatCount(quarantined)
            << (expected == quarantined ? " (agrees)" : " (DIFFERS: see gold.csv)") << "\n";
  std::cout << FormatCount(without_id)
            << " rows without ID number were linked by name, birth date and gender; "
            << FormatCount(reviews)
            << " wait in the review queue (reason link_review: `huicai quarantine resolve`)\n";
  auto sample = hub.QuarantineSample("", 3);
  if (sample.has_value()) {
    for (const auto& s : *sample) {
      std::cout << "  e.g. " << s.partner << " row " << MaskSensitive(s.source_key, mask) << ": "
                << s.reason_code << " — " << MaskSensitive(s.message, mask) << "\n";
    }
  }
  std::cout << "\n";

  // 3. Needs, index, match.
  const hub::PostedNeeds posted = hub::PostSyntheticNeeds(hub, options);
  auto indexed = hub.Index(
      false, [&](std::string_view s, std::uint64_t d, std::uint64_t t) { bar.Update(s, d, t); });
  bar.Finish();
  if (!indexed.has_value()) return Fail(indexed.error());
  std::cout << "3. Search index (Xapian, CJK n-grams): "
            << FormatCount(static_cast<std::int64_t>(indexed->documents)) << " documents, "
            << FormatBytes(indexed->size_bytes) << ", " << Fixed(indexed->seconds, 1) << " s; "
            << posted.needs << " grassroots needs and " << posted.stations
            << " stations and service bases posted\n\n";

  auto matched = hub.Match(
      "demo", [&](std::string_view s, std::uint64_t d, std::uint64_t t) { bar.Update(s, d, t); });
  bar.Finish();
  if (!matched.has_value()) return Fail(matched.error());
  std::cout << "4. Matching round: candidates nearest first, Eigen scores, one global "
               "assignment under the policy rules\n";
  PrintMatchReport(hub, *matched, false);
  std::cout << "\n";

  // A few needs with their proposals and reasons, priority areas first.
  auto all_needs = hub.ListNeeds();
  auto proposals = hub.ListProposals();
  if (!all_needs.has_value()) return Fail(all_needs.error());
  if (!proposals.has_value()) return Fail(proposals.error());
  std::cout << "5. Proposals for a few needs, with their reasons\n";
  int shown = 0;
  for (int pass = 0; pass < 2 && shown < 3; ++pass) {
    for (const Need& need : *all_needs) {
      if (shown >= 3) break;
      const bool linyi = need.region_code.starts_with("3713");
      if ((pass == 0) != linyi) continue;
      std::vector<const Proposal*> mine;
      for (const auto& p : *proposals) {
        if (p.need_id == need.id) mine.push_back(&p);
      }
      if (mine.empty()) continue;
      ++shown;
      std::cout << "\n  need #" << need.id << " 「" << need.title << "」 " << need.unit << ", "
                << RegionTable::Default().FullName(need.region_code) << ", " << need.headcount
                << " × " << need.days << " days\n";
      for (const Proposal* p : mine) {
        auto talent = hub.GetTalent(p->person_id);
        std::string who =
            talent.has_value() ? MaskName(talent->name, mask) + " " + talent->title : "?";
        std::cout << "    → " << who << " (#" << p->person_id << "), score " << Fixed(p->score, 3)
                  << "\n";
        for (const auto& part : p->parts) {
          const double v = std::abs(part.value) < 5e-4 ? 0.0 : part.value;
          std::cout << "        " << part.name << " " << (v >= 0 ? "+" : "") << Fixed(v, 3) << "  "
                    << part.detail << "\n";
        }
      }
    }
  }

  const std::filesystem::path demo_config = dir / "huicai.toml";
  if (auto s = WriteDemoConfig(demo_config, config); !s.ok()) return Fail(s);
  std::cout << "\nNext: the demo's data stays in " << dir.string() << ". Try\n"
            << "  huicai -c " << demo_config.string() << " search 果树 --region 临沂\n"
            << "  huicai -c " << demo_config.string() << " proposals "
            << (all_needs->empty() ? 1 : all_needs->front().id) << "\n"
            << "  huicai -c " << demo_config.string() << " match report\n"
            << "  huicai -c " << demo_config.string() << " match explain NEED EXPERT\n"
            << "  huicai -c " << demo_config.string() << " serve        # Thrift API on "
            << config.serve_host << ":" << config.serve_port << "\n"
            << "and query the server from any Thrift language: docs/api.md has a Python client\n"
            << "(thrift --gen py exchange/idl/huicai.thrift; python3-thrift is installed).\n";
  return 0;
}

}  // namespace huicai::app
