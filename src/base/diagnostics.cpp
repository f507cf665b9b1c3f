// base/diagnostics.cpp — diagnostic collection, formatting and suggestions.
#include "base/diagnostics.h"

#include <algorithm>

namespace base {

std::string SourceSpan::ToString() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

void Diagnostics::Error(SourceSpan span, std::string message, std::vector<std::string> suggestions) {
  items_.push_back({std::move(span), Severity::kError, std::move(message), std::move(suggestions)});
}

void Diagnostics::Warning(SourceSpan span, std::string message) {
  items_.push_back({std::move(span), Severity::kWarning, std::move(message), {}});
}

bool Diagnostics::HasErrors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::string Diagnostics::Format() const {
  std::vector<const Diagnostic*> sorted;
  for (const auto& d : items_) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Diagnostic* a, const Diagnostic* b) { return a->span < b->span; });
  std::string out;
  for (const Diagnostic* d : sorted) {
    out += d->span.ToString();
    out += d->severity == Severity::kError ? ": error: " : ": warning: ";
    out += d->message;
    out += DidYouMean(d->suggestions);
    out += '\n';
  }
  return out;
}

std::string DidYouMean(const std::vector<std::string>& close) {
  if (close.empty()) return "";
  std::string out = " (did you mean ";
  for (size_t i = 0; i < close.size(); ++i) {
    if (i > 0) out += i + 1 == close.size() ? " or " : ", ";
    out += "'" + close[i] + "'";
  }
  return out + "?)";
}

namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<std::string> ClosestMatches(std::string_view word, const std::vector<std::string>& candidates,
                                        size_t limit) {
  size_t budget = std::max<size_t>(2, word.size() / 3);
  std::vector<std::pair<size_t, std::string>> scored;
  for (const auto& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d <= budget) scored.emplace_back(d, c);
  }
  std::sort(scored.begin(), scored.end());
  scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && out.size() < limit; ++i) {
    if (std::find(out.begin(), out.end(), scored[i].second) == out.end()) out.push_back(scored[i].second);
  }
  return out;
}

}  // namespace base
