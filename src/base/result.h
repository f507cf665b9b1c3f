// base/result.h
//
// Errors as values at module boundaries: Error names what went wrong and
// where; Result<T> holds either a value or an Error. Exceptions never cross
// a module boundary.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace base {

class [[nodiscard]] Error {
 public:
  enum class Code { kInvalidInput, kNotFound, kIo, kInternal };

  static Error InvalidInput(std::string message) { return Error(Code::kInvalidInput, std::move(message)); }
  static Error NotFound(std::string message) { return Error(Code::kNotFound, std::move(message)); }
  static Error Io(std::string message) { return Error(Code::kIo, std::move(message)); }
  static Error Internal(std::string message) { return Error(Code::kInternal, std::move(message)); }

  Code code() const { return code_; }
  // The full message, already naming the place (file:line:col or JSON path).
  const std::string& message() const { return message_; }

 private:
  Error(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  Code code_;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}        // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok().
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !ok().
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// The value of an operation that returns nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

}  // namespace base
