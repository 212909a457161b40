#pragma once
// hub internal: the state behind a Hub, shared by the use-case files of this folder.
#include <cstdlib>
#include <optional>
#include <vector>

#include "connectors/partner.h"
#include "hub/hub.h"
#include "hub/internal/lookup_key.h"
#include "search/index.h"
#include "store/store.h"

namespace huicai::hub {

class Hub::Impl {
 public:
  Impl(HubConfig config, store::Store store)
      : config_(std::move(config)), store_(std::move(store)) {}

  HubConfig config_;
  store::Store store_;
  std::optional<search::Index> reader_;  // opened on first search; dropped after indexing

  // The index as configured: [search] shards when listed, else the one folder index_dir; the
  // lookup key from its file, made there by a writer when missing (a reader without it refuses
  // number lookups, saying why). DataError / Unavailable: as LoadLookupKey.
  Result<search::IndexOptions> IndexOptions(bool writable) const {
    search::IndexOptions options;
    options.directory = config_.index_dir;
    options.writable = writable;
    options.shards = config_.index_shards;
    options.segmentation = config_.index_segmentation;
    HUICAI_ASSIGN_OR_RETURN(options.lookup_key, LoadLookupKey(config_.lookup_key_file, writable));
    return options;
  }

  // The index as last committed: a long-running process (huicai serve) sees what another
  // process's `huicai index` committed since the previous search (a cheap check when nothing
  // changed); a reader that cannot move on is opened afresh.
  Result<search::Index*> Reader() {
    if (reader_ && !reader_->Reopen().ok()) reader_.reset();
    if (!reader_) {
      HUICAI_ASSIGN_OR_RETURN(const search::IndexOptions options, IndexOptions(false));
      auto index = search::Index::Open(options);
      if (!index.has_value()) {
        if (index.error().code() == StatusCode::kNotFound) {
          return Status::NotFound(index.error().message() + ": run `huicai index` first");
        }
        return index.error();
      }
      reader_.emplace(std::move(index).value());
    }
    return &*reader_;
  }

  // The partner mappings; their connection strings name the data folder through
  // ${HUICAI_PARTNER_DIR}, set here from the config ([partners] data) before every read.
  Result<std::vector<connectors::PartnerConfig>> PartnerConfigs() {
    ::setenv("HUICAI_PARTNER_DIR", config_.partner_data.c_str(), 1);
    return connectors::LoadPartnerConfigs(config_.partner_mappings);
  }

  SyncReport SyncOne(const connectors::PartnerConfig& partner, const ProgressFn& progress);
};

}  // namespace huicai::hub
