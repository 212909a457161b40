#include "hub/generate.h"

#include <chrono>
#include <fstream>

#include "connectors/writer.h"
#include "core/text.h"

namespace huicai::hub {

namespace {

std::string CsvOptional(const std::optional<std::string>& cell) {
  return cell ? CsvCell(*cell) : std::string();
}

}  // namespace

std::string PartnerConnection(const std::filesystem::path& out_dir, std::string_view partner) {
  return "DRIVER=SQLite3;Database=" + (out_dir / (std::string(partner) + ".db")).string() +
         ";Timeout=10000";
}

Result<GenReport> GeneratePartnersTo(const SynthOptions& options,
                                     const ConnectionFor& connection_for,
                                     const std::filesystem::path& gold_file,
                                     const ProgressFn& progress) {
  const auto start = std::chrono::steady_clock::now();
  GenReport report;
  std::ofstream gold;
  std::string current;
  // About nine partner rows a talent (docs/data-formats.md); the bar ends at 100 % either way.
  const std::uint64_t expected_rows = static_cast<std::uint64_t>(options.talents) * 9;
  std::uint64_t written = 0;
  Status status =
      SynthesisePartners(options, [&](std::string_view partner, RowTable&& chunk) -> Status {
        if (partner == "gold") {
          if (!gold.is_open()) {
            gold.open(gold_file, std::ios::trunc);
            if (!gold) return Status::Unavailable("cannot write " + gold_file.string());
            for (size_t c = 0; c < chunk.columns.size(); ++c)
              gold << (c ? "," : "") << chunk.columns[c];
            gold << "\n";
          }
          for (const auto& row : chunk.rows) {
            for (size_t c = 0; c < row.size(); ++c) gold << (c ? "," : "") << CsvOptional(row[c]);
            gold << "\n";
          }
          report.gold_rows += static_cast<std::int64_t>(chunk.rows.size());
          return gold ? Status::Ok()
                      : Status::Unavailable("write to " + gold_file.string() +
                                            " failed (disk full?)");
        }
        const bool first = partner != current;
        if (first) current = std::string(partner);
        HUICAI_RETURN_IF_ERROR(connectors::WriteTable(connection_for(partner), chunk, first)
                                   .WithContext("writing partner " + current));
        report.rows[current] += static_cast<std::int64_t>(chunk.rows.size());
        written += chunk.rows.size();
        if (progress) progress("generate partners", written, std::max(written, expected_rows));
        return Status::Ok();
      });
  HUICAI_RETURN_IF_ERROR(status);
  if (progress) progress("generate partners", written, written);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

Result<GenReport> GeneratePartners(const SynthOptions& options,
                                   const std::filesystem::path& out_dir,
                                   const ProgressFn& progress) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return Status::Unavailable("cannot create " + out_dir.string() + ": " + ec.message());
  for (std::string_view partner : kSynthPartners) {
    std::filesystem::remove(out_dir / (std::string(partner) + ".db"), ec);
  }
  return GeneratePartnersTo(
      options, [&](std::string_view partner) { return PartnerConnection(out_dir, partner); },
      out_dir / "gold.csv", progress);
}

PostedNeeds PostSyntheticNeeds(Hub& hub, const SynthOptions& options) {
  PostedNeeds posted;
  for (const Need& need : SynthesiseNeeds(options)) {
    auto id = hub.PostNeed(need);
    if (id.has_value()) {
      ++posted.needs;
    } else {
      posted.refused.push_back("need \"" + need.title + "\": " + id.error().message());
    }
  }
  for (const Station& station : SynthesiseStations(options)) {
    auto stored = hub.UpsertStation(station);
    if (stored.has_value()) {
      ++posted.stations;
    } else {
      posted.refused.push_back("station \"" + station.name + "\": " + stored.error().message());
    }
  }
  return posted;
}

}  // namespace huicai::hub
