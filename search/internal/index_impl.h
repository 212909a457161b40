#pragma once
// search internal: what an Index holds (its Xapian handles) and the guard that turns every
// Xapian or standard exception into a Status; shared by index.cpp and policy.cpp.
// Thread-safety: as Index (one thread at a time).
#include <xapian.h>

#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "search/index.h"
#include "search/internal/xapian_status.h"

namespace huicai::search {
namespace internal {

// Matches counted exactly before Xapian estimates the total (exact for small result sets).
inline constexpr Xapian::doccount kCheckAtLeast = 200;

inline Status FromStd(const std::exception& e, std::string_view what) {
  return Status::Internal(std::string(what) + ": " + e.what() + "; unexpected failure, report it");
}

// Runs `body` (returning Status or Result<T>) and maps every exception Xapian can throw.
template <typename F>
auto Guarded(std::string_view what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const Xapian::Error& e) {
    return FromXapian(e, what);
  } catch (const std::exception& e) {
    return FromStd(e, what);
  }
}

}  // namespace internal

class Index::Impl {
 public:
  std::filesystem::path directory;
  std::optional<Xapian::WritableDatabase> writer;  // set when opened writable
  Xapian::Database reader;                         // shares the writer's handle when writable
  Xapian::TermGenerator generator;

  Status RequireWritable(std::string_view what) const {
    if (writer) return Status::Ok();
    return Status::InvalidArgument(std::string(what) + ": search index " + directory.string() +
                                   " is open read-only; open it with writable = true");
  }
  std::string Where(std::string_view what) const {
    return std::string(what) + " (search index " + directory.string() + ")";
  }

  Result<Xapian::Query> BuildQuery(const TalentQuery& q) const;
  TalentResults Run(const Xapian::Query& query, const TalentQuery& q) const;
};

}  // namespace huicai::search
