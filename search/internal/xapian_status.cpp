#include "search/internal/xapian_status.h"

#include <string>
#include <string_view>

namespace huicai::search::internal {

Status FromXapian(const Xapian::Error& error, std::string_view what) {
  std::string detail = std::string(what) + ": " + error.get_type() + ": " + error.get_msg();
  if (!error.get_context().empty()) detail += " (" + error.get_context() + ")";
  // Xapian::Error is not polymorphic (no dynamic_cast): branch on the class name it reports.
  const std::string_view type = error.get_type();
  if (type == "DatabaseLockError") {
    return Status::Unavailable(detail + "; another process is writing this index, retry later");
  }
  if (type == "DatabaseModifiedError") {
    return Status::Unavailable(detail + "; the index changed under the reader, Reopen() and retry");
  }
  if (type == "DatabaseCorruptError" || type == "DatabaseVersionError") {
    return Status::DataError(detail + "; rebuild the index (huicai index --rebuild)");
  }
  if (type == "DatabaseNotFoundError") {
    return Status::NotFound(detail + "; build the index first or open it writable");
  }
  if (type == "QueryParserError" || type == "InvalidArgumentError") {
    return Status::InvalidArgument(detail);
  }
  if (type.starts_with("Database") || type.starts_with("Network")) {
    return Status::Unavailable(detail + "; check the disk or server, then retry");
  }
  return Status::Internal(detail + "; unexpected search library failure, report it");
}

}  // namespace huicai::search::internal
