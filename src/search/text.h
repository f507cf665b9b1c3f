// search/text.h
//
// Internal to search/: the text normalisation shared by indexing, query
// parsing, synonym matching and snippets — accent/case folding, word
// splitting and the accent-folding Dutch stemmer. Other modules use search.h.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace search::detail {

// Returns `text` lowercased with accents and ligatures folded to ASCII
// ("Financiële" → "financiele", "ĳ" → "ij", "ß" → "ss", "œ" → "oe"). Soft
// hyphens, zero-width characters and combining marks are dropped; control
// characters and exotic spaces become ' '; typographic quotes and dashes
// become their ASCII forms; other characters are lowercased. Invalid UTF-8
// bytes are read as Latin-1, so the result is always valid UTF-8. Never throws
// except std::bad_alloc.
std::string Fold(std::string_view text);

// A word of folded text: its byte range [begin, end) and its text.
struct Word {
  size_t begin = 0;
  size_t end = 0;
  std::string text;
};

// Splits (folded) text into words: maximal runs of Unicode word characters,
// as Xapian's term generator sees them, except that an apostrophe always
// separates ("ocmw's" → "ocmw", "s").
std::vector<Word> SplitWords(std::string_view text);

// Returns the longest prefix of `text` of at most `max_bytes` bytes that does
// not end inside a UTF-8 sequence.
std::string_view TruncateUtf8(std::string_view text, size_t max_bytes);

// Returns a new Dutch stemmer for Xapian: Fold, strip a possessive/plural
// "'s", turn the plural "-ies" into "-ie" (Snowball leaves "premies" alone),
// then Snowball "dutch". So "Huurpremies" and "huurpremie" share a stem, and
// so do "financiële" and "financiele". Each returned Stem is independent; a
// Stem must not be used by two threads at once (Snowball keeps state).
Xapian::Stem MakeDutchStemmer();

}  // namespace search::detail
