// search/synonyms.h
//
// Internal to search/: the synonym table (defined in synonyms.cpp, the one
// place to edit it) and the matcher that finds its phrases in a query.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace search::detail {

// Words and phrases people use for the same right or thing. A query that
// contains any variant also searches for every other variant of its group.
struct SynonymGroup {
  std::string_view name;                   // for documentation and tests
  std::vector<std::string_view> variants;  // as people write them; folded and stemmed before use
};

// The synonym table. Never empty; every group has at least two variants.
const std::vector<SynonymGroup>& SynonymTable();

// Finds variants of the synonym table in a query by comparing word stems, so
// "huurtoelagen" finds the group of "huurtoelage". Immutable after
// construction, so one matcher may be shared by any number of threads.
class SynonymMatcher {
 public:
  // Folds, splits and stems every variant of SynonymTable() with `stemmer`.
  explicit SynonymMatcher(const Xapian::Stem& stemmer);

  // A variant found in a query: words [first_word, first_word + word_count)
  // of the query are variant `variant` of group `group` of SynonymTable().
  struct Match {
    size_t group = 0;
    size_t variant = 0;
    size_t first_word = 0;
    size_t word_count = 0;
  };

  // Returns the variants that occur in the word stems `stems`, in order.
  // Scans left to right and takes the longest variant at each position, so
  // "juridische bijstand" is legal aid, not "bijstand" (social assistance).
  std::vector<Match> Find(const std::vector<std::string>& stems) const;

  // The stemmed words of each variant of group `group`.
  // REQUIRES: group < SynonymTable().size().
  const std::vector<std::vector<std::string>>& VariantStems(size_t group) const { return variant_stems_[group]; }

  // Every folded word used in the table ("ocmw", "steun", "bim", ...): known
  // vocabulary that spelling correction leaves alone and can correct towards.
  const std::set<std::string>& Vocabulary() const { return vocabulary_; }

 private:
  struct Entry {
    std::vector<std::string> stems;
    size_t group;
    size_t variant;
  };
  std::vector<std::vector<std::vector<std::string>>> variant_stems_;
  // First stem → entries starting with it, longest first.
  std::unordered_map<std::string, std::vector<Entry>> by_first_stem_;
  std::set<std::string> vocabulary_;
};

}  // namespace search::detail
