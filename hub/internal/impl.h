#pragma once
// hub internal: the state behind a Hub, shared by the use-case files of this folder.
#include <optional>

#include "connectors/partner.h"
#include "hub/hub.h"
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

  Result<search::Index*> Reader() {
    if (!reader_) {
      auto index = search::Index::Open({.directory = config_.index_dir, .writable = false});
      if (!index.has_value()) {
        if (index.error().code() == StatusCode::kNotFound) {
          return Status::NotFound("no search index at " + config_.index_dir.string() +
                                  ": run `huicai index` first");
        }
        return index.error();
      }
      reader_.emplace(std::move(index).value());
    }
    return &*reader_;
  }

  SyncReport SyncOne(const connectors::PartnerConfig& partner, const ProgressFn& progress);
};

}  // namespace huicai::hub
