#pragma once
// Outcome<T, E>: a value or a typed error. core's Result<T> carries a Status, which holds only a
// code and a message; the SQL model needs its errors to keep SQL Server's error number (3906,
// 18456, 40613...) so the Databricks fake, probes and reports can surface exactly what a JDBC
// client would have seen. Outcome<void, E> is the error-or-nothing form.

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace drdrill::sql {

template <typename T, typename E>
class [[nodiscard]] Outcome {
  static_assert(!std::is_same_v<T, E>, "value and error types must differ");

 public:
  Outcome(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Outcome(E error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(state_); }
  const T& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const& { assert(!ok()); return std::get<1>(state_); }
  E&& error() && { assert(!ok()); return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, E> state_;
};

template <typename E>
class [[nodiscard]] Outcome<void, E> {
 public:
  Outcome() = default;  // success
  Outcome(E error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  static Outcome Ok() { return {}; }

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const E& error() const& { assert(!ok()); return *error_; }
  E&& error() && { assert(!ok()); return std::move(*error_); }

 private:
  std::optional<E> error_;
};

}  // namespace drdrill::sql

// Returns the error of an Outcome (any T) from the calling function, whose return type must be
// constructible from that error type.
#define DRDRILL_RETURN_IF_FAILED(expr)                                 \
  do {                                                                  \
    auto&& drdrill_outcome_ = (expr);                                   \
    if (!drdrill_outcome_.ok()) return std::move(drdrill_outcome_).error(); \
  } while (false)
