#pragma once
// app: the JSON envelope of a search page (talents, needs, stations): total, region filter,
// relaxed flag, hits, and the region and field facets every kind counts.
// Thread-safety: pure function.
#include <nlohmann/json.hpp>
#include <utility>

namespace huicai::app {

// `response` is a hub search response (estimated_total, region_prefix, relaxed, optional
// facets with province/city/county/discipline); the caller adds its kind's own facets to
// out["facets"] when response.facets is set.
template <typename Response>
nlohmann::json SearchPageJson(const Response& response, nlohmann::json hits) {
  nlohmann::json out{{"estimated_total", response.estimated_total},
                     {"region_prefix", response.region_prefix},
                     {"relaxed", response.relaxed},
                     {"hits", std::move(hits)}};
  if (response.facets) {
    const auto& f = *response.facets;
    out["facets"] = {{"province", f.province},
                     {"city", f.city},
                     {"county", f.county},
                     {"discipline", f.discipline}};
  }
  return out;
}

}  // namespace huicai::app
