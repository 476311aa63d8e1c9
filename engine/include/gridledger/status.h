// Errors as values: every fallible GridLedger call returns a Status or a
// Result<T>. Nothing throws through the public API.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "gridledger/export.h"

namespace gridledger {

// What went wrong, in terms a caller can act on.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,    // the request itself is malformed: fix it, do not retry
  kNotFound,           // the thing asked for does not exist
  kRejected,           // a business rule refused it; message() is for people
  kConflict,           // expected version mismatch: re-read and retry
  kCorruption,         // stored bytes are damaged; message names where
  kIOError,            // the disk or file system failed (full disk, EIO)
  kUnavailable,        // closed, shutting down, or data directory in use
  kPermissionDenied,   // the actor may not do this here
  kResourceExhausted,  // rate limit or lockout; try again later
  kInternal,           // a bug in GridLedger
};

// Stable English name of a code ("Conflict", "NotFound", ...).
GRIDLEDGER_EXPORT std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] GRIDLEDGER_EXPORT Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status Rejected(std::string m) { return {StatusCode::kRejected, std::move(m)}; }
  static Status Conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status PermissionDenied(std::string m) {
    return {StatusCode::kPermissionDenied, std::move(m)};
  }
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  bool IsConflict() const { return code_ == StatusCode::kConflict; }
  bool IsCorruption() const { return code_ == StatusCode::kCorruption; }
  bool IsRejected() const { return code_ == StatusCode::kRejected; }

  // "Conflict: stream case-1 is at version 3, expected 2"
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or an error, shaped like std::expected<T, Status> so it can become
// an alias for it later. Accessing value() of an error is a bug (asserts).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}        // NOLINT
  Result(Status status) : v_(std::in_place_index<1>, std::move(status)) {  // NOLINT
    assert(!std::get<1>(v_).ok() && "Result built from an OK status");
  }

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  bool has_value() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The error; Status::Ok() when this holds a value.
  Status status() const { return ok() ? Status::Ok() : std::get<1>(v_); }
  const Status& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Status> v_;
};

}  // namespace gridledger

// Propagate an error Status from an expression returning Status.
#define GL_RETURN_IF_ERROR(expr)          \
  do {                                    \
    ::gridledger::Status _gl_st = (expr); \
    if (!_gl_st.ok()) return _gl_st;      \
  } while (0)

#define GL_CONCAT_INNER(a, b) a##b
#define GL_CONCAT(a, b) GL_CONCAT_INNER(a, b)
// `GL_ASSIGN_OR_RETURN(auto x, Foo());` unwraps a Result or returns its error.
#define GL_ASSIGN_OR_RETURN(lhs, expr)                                               \
  auto GL_CONCAT(_gl_r_, __LINE__) = (expr);                                         \
  if (!GL_CONCAT(_gl_r_, __LINE__).ok()) return GL_CONCAT(_gl_r_, __LINE__).error(); \
  lhs = std::move(GL_CONCAT(_gl_r_, __LINE__)).value()
