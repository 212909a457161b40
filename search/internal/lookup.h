#pragma once
// search internal: keyed hashes of the numbers a talent may be looked up by exactly (ID number,
// mobile, bank card, talent card). The index holds only HMAC-SHA256 of "kind:value" under the
// index's lookup key (IndexOptions::lookup_key), as a boolean term: without the key the terms
// reveal nothing, and nobody holding a copy of the index can test guessed numbers against it.
// OpenSSL is used here only. Thread-safety: pure functions.
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace huicai::search::internal {

inline constexpr std::string_view kLookupPrefix = "XH";  // XH<16 hex>: a keyed hash

// "XH" and the first 64 bits of HMAC-SHA256(key, kind name + ":" + value), in hex: short, as
// every talent adds four or more such terms of its own (each a posting list of one document),
// yet two of a province's few million numbers share one with a chance near 1e-7. `key` must not
// be empty (asserted).
std::string LookupTerm(std::string_view key, IdentifierKind kind, std::string_view value);

// Every lookup term of a talent: its talent card and the person's numbers.
std::vector<std::string> LookupTerms(std::string_view key, const Talent& talent,
                                     const PersonIdentifiers& numbers);

// A short public name of a key (16 hex of HMAC(key, a fixed label)), kept in the index's
// metadata so a process with another key is told to rebuild instead of finding nothing.
// "" for an empty key.
std::string LookupKeyId(std::string_view key);

}  // namespace huicai::search::internal
