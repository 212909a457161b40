#pragma once
// core: Status and Result<T>, the error values every folder returns at its public edge.
// No exception crosses a public header below exchange/ and app/; expected failures are values.
// Thread-safety: plain values; copy freely.
#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace huicai {

// Few codes, each one a caller branches on.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,    // the caller's input is wrong; retrying the same call fails again
  kNotFound,           // the thing asked for does not exist
  kUnavailable,        // a partner, database or server is down or busy; safe to retry
  kDataError,          // stored or received data is malformed or inconsistent
  kInternal,           // a bug or an unexpected library failure
  kPermissionDenied,   // the caller (an agency) may not make this call or see this data
  kResourceExhausted,  // the caller is over its request rate; retry after the time the message says
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status DataError(std::string m) { return {StatusCode::kDataError, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status PermissionDenied(std::string m) {
    return {StatusCode::kPermissionDenied, std::move(m)};
  }
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Prefixes the message with where the failure happened: "partner tax: ...".
  Status WithContext(std::string_view context) const&;
  Status WithContext(std::string_view context) &&;

  // "InvalidArgument: message", or "OK".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none. Close to std::expected:
// has_value(), value(), error(); moving to std::expected later is mechanical.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(data_).ok() && "a Result holds an error Status, never OK");
  }

  bool has_value() const { return std::holds_alternative<T>(data_); }
  bool ok() const { return has_value(); }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<T>(data_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<T>(std::move(data_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Status& error() const {
    assert(!has_value());
    return std::get<Status>(data_);
  }
  // The error, or OK when there is a value.
  Status status() const { return has_value() ? Status::Ok() : std::get<Status>(data_); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace huicai

#define HUICAI_CONCAT_INNER_(a, b) a##b
#define HUICAI_CONCAT_(a, b) HUICAI_CONCAT_INNER_(a, b)

// Returns the Status from the enclosing function when `expr` is not OK.
#define HUICAI_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::huicai::Status huicai_status_ = (expr);        \
    if (!huicai_status_.ok()) return huicai_status_; \
  } while (false)

// Declares or assigns `lhs` from a Result, or returns its error from the enclosing function.
#define HUICAI_ASSIGN_OR_RETURN(lhs, expr) \
  HUICAI_ASSIGN_OR_RETURN_IMPL_(HUICAI_CONCAT_(huicai_result_, __LINE__), lhs, expr)
#define HUICAI_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                                  \
  if (!result.has_value()) return result.error();        \
  lhs = std::move(result).value()
