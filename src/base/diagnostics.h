// base/diagnostics.h
//
// Source positions and collected diagnostics. Compiler stages append to a
// Diagnostics list and keep going; callers print them in GNU format
// ("file:line:col: error: message") sorted by position.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace base {

struct SourceSpan {
  std::string file;  // path as given to the loader
  int line = 0;      // 1-based
  int column = 0;    // 1-based, in bytes
  auto operator<=>(const SourceSpan&) const = default;
  std::string ToString() const;  // "file:line:col"
};

enum class Severity { kError, kWarning };

struct Diagnostic {
  SourceSpan span;
  Severity severity = Severity::kError;
  std::string message;
  std::vector<std::string> suggestions;  // "did you mean" candidates
};

class Diagnostics {
 public:
  void Error(SourceSpan span, std::string message, std::vector<std::string> suggestions = {});
  void Warning(SourceSpan span, std::string message);

  bool HasErrors() const;
  const std::vector<Diagnostic>& all() const { return items_; }
  void Append(const Diagnostics& other);

  // One diagnostic per line, sorted by position:
  // "file:line:col: error: message (did you mean 'x'?)".
  std::string Format() const;

 private:
  std::vector<Diagnostic> items_;
};

// Up to `limit` candidates within a small edit distance of `word`, closest first.
std::vector<std::string> ClosestMatches(std::string_view word, const std::vector<std::string>& candidates,
                                        size_t limit = 3);

// " (did you mean 'a', 'b' or 'c'?)", or "" when `close` is empty: the one
// wording of a suggestion, in diagnostics, reader errors and the CLI.
std::string DidYouMean(const std::vector<std::string>& close);

}  // namespace base
