#pragma once
// hub internal: turns a mapped partner record into a linked record (person, talent, fingerprint)
// or a rejection. Deterministic linkage by normalised national ID number, or by (nationality,
// passport); records with neither are linked by BatchLinker against the stored persons with
// matcher/'s Fellegi-Sunter model (docs/linkage.md).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/types.h"
#include "hub/config.h"
#include "matcher/linkage.h"
#include "store/store.h"

namespace huicai::hub {

struct LinkOutcome {
  std::optional<store::LinkedRecord> linked;
  Rejection rejection;  // set when linked is empty
  // linked is set but names no person yet (no ID number, no passport): BatchLinker decides.
  bool needs_linkage = false;
};

LinkOutcome LinkRecord(Record record);

// A stable 64-bit FNV-1a fingerprint of a record's kind and fields, as 16 hex digits.
std::string Fingerprint(const Record& record);

// Probabilistic linkage of one sync's records that LinkRecord could not key, batch by batch.
// Candidates are the stored persons born on the same day or bearing the same name; the prior is
// one over the number of stored persons (a record is about one of them). Not thread-safe.
class BatchLinker {
 public:
  BatchLinker(store::Store& store, const LinkSettings& settings)
      : store_(store), settings_(settings) {}

  // Resolves `pending` (LinkOutcome::needs_linkage records of one batch): each is appended to
  // `linked` (joined to a person: person.id set; or founding one: founder set) or to
  // `rejected` (review band: "link_review"; no candidate and create_persons off: "no_match").
  // Errors: the store's (Unavailable, ...), or matcher's (Internal: ICU missing).
  [[nodiscard]] Status Resolve(std::vector<store::LinkedRecord> pending,
                               std::vector<store::LinkedRecord>& linked,
                               std::vector<Rejection>& rejected);

  // Keyed records of the batch (with an ID number) that are a person founded earlier without
  // one (an ID-less record synced before its person's ID records): sets LinkedRecord::adopt, so
  // the store gives that person the ID number instead of making a second person.
  [[nodiscard]] Status Adopt(std::vector<store::LinkedRecord>& linked);

 private:
  store::Store& store_;
  LinkSettings settings_;
  // Linkage options for a batch: the hand-set model, prior one over the stored persons.
  Result<matcher::LinkageOptions> Options();
  // Raises the weight of exact name agreement on rare names (see the .cpp).
  void AdjustForNameFrequency(std::span<const Person> stored,
                              std::span<const matcher::FieldParameters> fields,
                              matcher::LinkageResult& result) const;

  std::int64_t persons_ = -1;     // counted once per sync, at the first batch that needs it
  std::int64_t without_id_ = -1;  // persons without ID number, likewise
  std::int64_t founded_ = 0;      // persons founded by this sync (Adopt looks for them too)
};

// A person's fields as matcher/ compares them, under the caller's key.
matcher::LinkRecord ToLinkRecord(const Person& person, std::string key);

// Evidence as stored on a partner record (JSON) printed as a waterfall, one field a line;
// "" when the text is empty or not evidence.
std::string FormatStoredEvidence(const std::string& json);

}  // namespace huicai::hub
