#pragma once
// Result<T>: a value or the Status explaining why there is none. (std::expected is C++23.)

#include <cassert>
#include <optional>
#include <utility>

#include "core/status.h"

namespace drdrill {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok() && "a Result built from a Status must carry an error");
  }

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  // The error; Status::Ok() when a value is present.
  const Status& status() const { return status_; }

  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  template <typename U>
  T value_or(U&& fallback) const& { return ok() ? *value_ : T(std::forward<U>(fallback)); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace drdrill

// Propagates an error Status out of the calling function (which returns Status or Result<U>).
#define DRDRILL_RETURN_IF_ERROR(expr)              \
  do {                                             \
    ::drdrill::Status drdrill_status_ = (expr);    \
    if (!drdrill_status_.ok()) return drdrill_status_; \
  } while (false)
