// search/search.h
//
// Dutch full-text search over rights and services: the module's only front
// header. Xapian underneath, with an accent-folding Dutch stemmer, a synonym
// table (synonyms.cpp), prefix matching of the last word, and spelling
// correction. Design and tuning notes: docs/search.md.
//
// Why a Glass database in a temporary directory: Xapian's in-memory backend
// implements neither spelling nor synonyms. Build writes a Glass database
// into a private directory, opens a fixed pool of read-only handles on it and
// deletes the directory at once — the open handles keep the (unlinked) files
// alive, so nothing is left on disk even after a crash.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace search {

// A thing to find. Everything but `id` and `kind` is searchable.
struct Document {
  std::string id;                 // unique, non-empty; returned in Hit::id
  std::string kind;               // "right" or "service"; the filter of Index::Search
  std::string title;              // weighted above `text`
  std::string text;               // Dutch body text; snippets are cut from it
  std::vector<std::string> tags;  // themes, targets, municipality; weighted between title and text
  // The municipality a local right or service belongs to (any key the caller
  // uses consistently, e.g. its name; case and accents do not matter); empty
  // for a federal, Flemish or regional one. Used by Scope, not searched.
  std::string municipality;
};

// Which documents a search may return, and in what order.
struct Scope {
  std::string kind;  // only documents of this kind; empty: every kind
  // Empty: every document, ranked by relevance alone. Otherwise this
  // municipality's local documents come first (ranked among themselves),
  // then the documents of no municipality; other municipalities' local
  // documents are left out unless `other_municipalities`, and then come last.
  std::string municipality;
  bool other_municipalities = false;
};

struct Hit {
  std::string id;
  std::string kind;
  std::string title;
  std::string municipality;  // Document::municipality
  // Plain text (no markup, no HTML escaping: the web layer escapes it), a
  // piece of Document::text around the matched words, with "…" where cut.
  std::string snippet;
  int rank = 0;  // 1 for the best hit, then 2, 3, ...
};

struct Results {
  std::vector<Hit> hits;  // best first, at most `limit`
  // Non-empty when the query was corrected (used_correction) or a spelling
  // suggestion exists ("Bedoelde u …?"). Lowercase, without accents.
  std::string corrected_query;
  // True when `hits` are those of corrected_query, because the query as typed
  // found nothing (or far fewer hits than the correction).
  bool used_correction = false;
  size_t estimated_total = 0;  // Xapian's estimate of all matches (exact for small indexes)
};

// A search index, built once at start-up and immutable afterwards.
//
// Thread safety: Search may be called from any number of threads at once.
// Each call borrows one of a fixed pool of Xapian handles (a Database, query
// parser and stemmer of its own; the pool has one per hardware thread, at
// least 2 and at most 16) under a mutex, and searches without holding it;
// callers beyond the pool size wait for a handle. Move-only; moving or
// destroying an Index while a Search on it runs is undefined.
class Index {
 public:
  // Indexes `documents`. Errors: InvalidInput for an empty or duplicate id or
  // an empty kind; Io or Internal when Xapian cannot create the temporary
  // database (under std::filesystem::temp_directory_path(), i.e. $TMPDIR).
  static base::Result<Index> Build(const std::vector<Document>& documents);

  // Returns at most `limit` (capped at 1000) hits for `query`, only of kind
  // `kind_filter` unless it is empty. Matching is case- and accent-insensitive
  // and stemmed; words are OR-ed and ranked (BM25, title > tags > text);
  // synonyms are added; the last word also matches as a prefix; "quoted
  // phrases" match as phrases. Operators (AND, OR, NOT, +, -) are plain words.
  // Only the first 512 bytes and 32 words count. An empty or whitespace-only
  // query gives no hits. Never throws and never fails: a query Xapian cannot
  // handle gives no hits.
  Results Search(std::string_view query, size_t limit, std::string_view kind_filter = "") const;
  // The same, within `scope` (see Scope): hits of the scope's municipality
  // first, then the others. estimated_total counts only what the scope allows.
  Results Search(std::string_view query, size_t limit, const Scope& scope) const;

  // The number of indexed documents.
  size_t size() const;

  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;
  ~Index();

 private:
  struct Impl;
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// `query` as the search log keeps it, with nothing that says who searched:
// folded (lowercase, no accents), its words joined by single spaces,
// punctuation dropped, words with a digit dropped (a national register, phone
// or account number), cut to at most kMaxLoggedQueryBytes on a word boundary
// (a single longer word on a UTF-8 boundary). "  Schulden,  HULP! " ->
// "schulden hulp". Empty when no word is left or the query holds an '@' (an
// e-mail address): such a query is not logged.
inline constexpr size_t kMaxLoggedQueryBytes = 100;
std::string NormalizeQuery(std::string_view query);

}  // namespace search
