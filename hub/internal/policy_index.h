#pragma once
// hub internal: bringing one policy document's articles in the index up to the store.
#include <cstdint>

#include "core/status.h"
#include "search/index.h"
#include "store/store.h"

namespace huicai::hub {

// Replaces the document's articles in `index` by the stored ones (removes them when the
// document is gone). Errors: the store's and the index's.
Status IndexPolicy(store::Store& store, search::Index& index, std::int64_t id);

}  // namespace huicai::hub
