#pragma once
// hub: the synthetic data behind `huicai gen` and `huicai demo`: six partner databases
// (registry, police, education, tax, bank, insurance) as docs/data-formats.md describes them,
// with a few per cent of dirty rows, the gold file saying what the hub must do with each row,
// and grassroots needs in the province's real counties.
// Deterministic: the same options give the same data with any standard library.
// Thread-safety: the functions keep no state between calls; call them from any thread.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace huicai::hub {

struct SynthOptions {
  int talents = 20000;  // talents to generate (each one row in registry and police)
  int needs = 500;      // grassroots needs for SynthesiseNeeds
  std::uint64_t seed = 20261124;
  double dirt_rate = 0.03;      // share of partner rows made dirty, 0..1
  int year = 2026;              // the current year: ages, tax years, days served so far
  std::string province = "37";  // GB/T 2260 province code (2 digits); 37 Shandong
  size_t chunk_rows = 10000;    // most rows in one chunk handed to on_chunk
};

// Partners in the order SynthesisePartners emits them.
inline constexpr std::string_view kSynthPartners[] = {"registry", "police", "education",
                                                      "tax",      "bank",   "insurance"};

// Calls on_chunk with successive chunks of each partner's table, partner by partner in the
// order of kSynthPartners: the partner name, then a RowTable whose name, columns and
// column_types follow docs/data-formats.md (the watermark is the last column and never
// decreases along the rows; several rows may share one value). Chunks of one partner are
// consecutive and hold 1..chunk_rows rows (a partner without rows gets one empty chunk, so
// the table can still be created). Then the gold table, partner name "gold", table "gold",
// columns partner,source_key,expected,reason: one line per distinct (partner, source_key);
// expected is "load" or "quarantine"; reason is the validator's reason code for a quarantined
// row (bad_id_check, bad_id_birth_date, bad_id_region, bad_credit_code, bad_bank_card,
// bad_name, bad_region), "duplicate" for a row stored twice (expected load), else empty.
// A few talents per thousand are foreign experts: Latin name, nationality not CHN, a 2023
// permanent residence card number ("9" + province + ISO numeric nationality ...) as ID
// number, no household region (NULL); they appear in registry and police only.
// source_key is the key column(s) exactly as stored, joined with '|' (tax: taxpayer_id|
// tax_year, insurance: sfzh|xzlx); key columns never carry dirt that normalisation would
// change. Exact duplicate rows make the tables unfit for a primary key on the key columns.
// Errors: InvalidArgument for bad options (talents or needs < 0, dirt_rate outside 0..1,
// chunk_rows 0, year outside 1990..2100, a province without in-force counties); any error
// on_chunk returns stops the run and is returned with the partner as context.
[[nodiscard]] Status SynthesisePartners(
    const SynthOptions& options,
    const std::function<Status(std::string_view partner, RowTable&& chunk)>& on_chunk);

// options.needs grassroots needs (id 0, status open) posted by units in the province's
// in-force counties, weighted toward rural counties and old revolutionary areas; for
// Shandong about a third are in Linyi (3713xx, the Yimeng old revolutionary area). Windows
// lie within the year after <year>-11-24 and are long enough for the days asked.
// Bad options give an empty vector (same rules as SynthesisePartners).
std::vector<Need> SynthesiseNeeds(const SynthOptions& options);

// The talent stations and expert service bases named as hosts by SynthesiseNeeds(options)'s
// projects and activities: one per host, in its county, with the fields of what it hosts, a
// host unit, a type (003 第五条) and a description. Bad options give an empty vector.
std::vector<Station> SynthesiseStations(const SynthOptions& options);

}  // namespace huicai::hub
