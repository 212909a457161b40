#include "search/internal/xapian_status.h"

#include <string>

namespace huicai::search::internal {

Status FromXapian(const Xapian::Error& error, std::string_view what) {
  std::string detail = std::string(what) + ": " + error.get_type() + ": " + error.get_msg();
  if (!error.get_context().empty()) detail += " (" + error.get_context() + ")";
  if (dynamic_cast<const Xapian::DatabaseLockError*>(&error) != nullptr) {
    return Status::Unavailable(detail + "; another process is writing this index, retry later");
  }
  if (dynamic_cast<const Xapian::DatabaseModifiedError*>(&error) != nullptr) {
    return Status::Unavailable(detail + "; the index changed under the reader, Reopen() and retry");
  }
  if (dynamic_cast<const Xapian::DatabaseCorruptError*>(&error) != nullptr ||
      dynamic_cast<const Xapian::DatabaseVersionError*>(&error) != nullptr) {
    return Status::DataError(detail + "; rebuild the index (huicai index --rebuild)");
  }
  if (dynamic_cast<const Xapian::DatabaseNotFoundError*>(&error) != nullptr) {
    return Status::NotFound(detail + "; build the index first or open it writable");
  }
  if (dynamic_cast<const Xapian::QueryParserError*>(&error) != nullptr ||
      dynamic_cast<const Xapian::InvalidArgumentError*>(&error) != nullptr) {
    return Status::InvalidArgument(detail);
  }
  if (dynamic_cast<const Xapian::DatabaseError*>(&error) != nullptr ||
      dynamic_cast<const Xapian::NetworkError*>(&error) != nullptr) {
    return Status::Unavailable(detail + "; check the disk or server, then retry");
  }
  return Status::Internal(detail + "; unexpected search library failure, report it");
}

}  // namespace huicai::search::internal
