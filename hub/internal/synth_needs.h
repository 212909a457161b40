#pragma once
// hub/internal: synthetic grassroots needs posted by units of the province's counties.
// Thread-safety: reads the context only.
#include <vector>

#include "core/types.h"
#include "hub/internal/synth_talent.h"

namespace huicai::hub::internal {

// ctx.options().needs needs, deterministic for the seed (see SynthesiseNeeds in hub/synth.h).
std::vector<Need> MakeNeeds(const SynthContext& ctx);

// The stations and service bases that host the projects and activities of `needs`, one per
// host name, deterministic for the seed (see SynthesiseStations in hub/synth.h).
std::vector<Station> MakeStations(const SynthContext& ctx, const std::vector<Need>& needs);

}  // namespace huicai::hub::internal
