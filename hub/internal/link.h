#pragma once
// hub internal: turns a mapped partner record into a linked record (person, talent, fingerprint)
// or a rejection. Deterministic linkage by normalised national ID number; probabilistic
// linkage for records without one comes with matcher/'s linkage (a later issue).
#include <optional>
#include <string>

#include "core/types.h"
#include "store/store.h"

namespace huicai::hub {

struct LinkOutcome {
  std::optional<store::LinkedRecord> linked;
  Rejection rejection;  // set when linked is empty
};

LinkOutcome LinkRecord(Record record);

// A stable 64-bit FNV-1a fingerprint of a record's kind and fields, as 16 hex digits.
std::string Fingerprint(const Record& record);

}  // namespace huicai::hub
