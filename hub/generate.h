#pragma once
// hub: writes generated data where the hub reads it: the six partner databases as SQLite files
// (through connectors/) and gold.csv, for the demo, tests and benchmarks.
// Thread-safety: free functions; one call at a time per output folder.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "hub/hub.h"
#include "hub/synth.h"

namespace huicai::hub {

struct GenReport {
  std::map<std::string, std::int64_t> rows;  // partner -> rows written
  std::int64_t gold_rows = 0;
  double seconds = 0;
};

// Writes <out_dir>/<partner>.db for each partner and <out_dir>/gold.csv, replacing old files.
// Unavailable: the folder cannot be written.
Result<GenReport> GeneratePartners(const SynthOptions& options,
                                   const std::filesystem::path& out_dir,
                                   const ProgressFn& progress = {});

// The same into any databases: each partner's table goes to connection_for(partner) (e.g. one
// PostgreSQL database for all), replacing a table of the same name; gold lines to gold_file.
using ConnectionFor = std::function<std::string(std::string_view partner)>;
Result<GenReport> GeneratePartnersTo(const SynthOptions& options,
                                     const ConnectionFor& connection_for,
                                     const std::filesystem::path& gold_file,
                                     const ProgressFn& progress = {});

// What PostSyntheticNeeds stored.
struct PostedNeeds {
  int needs = 0;
  int stations = 0;                  // stations and service bases added or already there
  std::vector<std::string> refused;  // "need \"title\": why" / "station \"name\": why"
};

// Posts SynthesiseNeeds(options) through Hub::PostNeed and registers SynthesiseStations(options)
// (the hosts of their projects and activities) through Hub::UpsertStation. A refused item is
// listed in `refused` and the rest go on.
PostedNeeds PostSyntheticNeeds(Hub& hub, const SynthOptions& options);

// The SQLite connection string of a generated partner database.
std::string PartnerConnection(const std::filesystem::path& out_dir, std::string_view partner);

}  // namespace huicai::hub
