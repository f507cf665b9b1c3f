// search/search.cpp
//
// Index::Build writes a Glass database (terms, positions, spelling table) and
// opens the handle pool; Index::Search folds the query, parses it, adds the
// synonym groups it mentions, runs it, and retries with a spelling-corrected
// query when the original finds (almost) nothing. See docs/search.md.
#include "search/search.h"

#include <stdlib.h>  // mkdtemp
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <utility>

#include "search/synonyms.h"
#include "search/text.h"

namespace search {
namespace {

using detail::Word;

// Term prefixes (Xapian conventions): Z = stem, K = kind (boolean filter),
// XM = the municipality of a local document, and XL on every local document.
constexpr std::string_view kStemPrefix = "Z";
constexpr std::string_view kKindPrefix = "K";
constexpr std::string_view kMunicipalityPrefix = "XM";
constexpr std::string_view kLocalTerm = "XL";
constexpr size_t kMaxMunicipalityKeyBytes = 200;  // Xapian terms are at most 245 bytes

// Within-document frequency added per occurrence: the ranking weight of a field.
constexpr Xapian::termcount kTitleWdf = 5;
constexpr Xapian::termcount kTagWdf = 2;
constexpr Xapian::termcount kTextWdf = 1;

// Extra weight of the synonym variant the user typed, relative to its group.
constexpr double kTypedVariantWeight = 0.5;

constexpr size_t kMaxQueryBytes = 512;
constexpr size_t kMaxQueryWords = 32;
constexpr size_t kMaxLimit = 1000;
constexpr Xapian::doccount kCheckAtLeast = 100;  // makes estimated_total exact for small indexes
constexpr Xapian::termcount kMaxPartialExpansion = 50;
constexpr size_t kSnippetBytes = 220;
// Not SNIPPET_EXHAUSTIVE: a good-enough window at about half the cost (docs/search.md).
constexpr unsigned kSnippetFlags = Xapian::MSet::SNIPPET_BACKGROUND_MODEL;

// Spelling correction: words shorter than this are never corrected; words up
// to kShortWord letters allow one edit, longer ones two.
constexpr size_t kMinCorrectableLetters = 4;
constexpr size_t kShortWord = 5;
constexpr size_t kMaxCorrectedWords = 16;
// The corrected query replaces the original when the original finds nothing,
// or fewer than kFewHits while the correction finds kCorrectionGain times more.
constexpr Xapian::doccount kFewHits = 3;
constexpr Xapian::doccount kCorrectionGain = 4;

constexpr unsigned kParserFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_PARTIAL;

// Frequent Dutch function words: dropped from queries (not from the index,
// so phrases still match). Spelling correction leaves them alone.
constexpr std::string_view kDutchStopwords[] = {
    "aan",  "al",  "als",   "bij",    "dan", "dat",  "de",    "den",    "der", "des",  "die",  "dit",
    "door", "een", "en",    "er",     "het", "hoe",  "ik",    "in",     "is",  "je",   "maar", "met",
    "mijn", "na",  "naar",  "niet",   "nog", "of",   "om",    "ook",    "op",  "over", "te",   "tot",
    "u",    "uit", "van",   "voor",   "wat", "wie",  "welke", "waar",   "wij", "ze",   "zij",  "zo",
    "zijn", "heb", "heeft", "hebben", "ben", "bent", "wordt", "worden", "kan", "mag",  "moet", "uw",
};

std::string KindTerm(std::string_view kind) { return std::string(kKindPrefix) + std::string(kind); }
std::string MunicipalityTerm(std::string_view municipality) {
  return std::string(kMunicipalityPrefix) +
         std::string(detail::TruncateUtf8(detail::Fold(municipality), kMaxMunicipalityKeyBytes));
}
std::string StemTerm(const std::string& stem) { return std::string(kStemPrefix) + stem; }

// The stemmed words of a synonym variant: a term, or a phrase of terms.
Xapian::Query StemsQuery(const std::vector<std::string>& stems) {
  if (stems.size() == 1) return Xapian::Query(StemTerm(stems.front()));
  std::vector<Xapian::Query> terms;
  for (const std::string& stem : stems) terms.emplace_back(StemTerm(stem));
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(terms.size()));
}

// Xapian's snippets are HTML-escaped; the API promises plain text.
std::string UnescapeHtml(std::string_view html) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {{"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
                                                                    {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
  std::string out;
  out.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    bool replaced = false;
    if (html[i] == '&') {
      for (const auto& [entity, ch] : kEntities) {
        if (html.substr(i, entity.size()) == entity) {
          out += ch;
          i += entity.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += html[i++];
  }
  return out;
}

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

size_t CountCodePoints(std::string_view text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// One search handle: everything a query needs that Xapian does not allow to
// be shared between threads. Used by one thread at a time (see Index::Impl).
struct Searcher {
  explicit Searcher(const std::string& path) : db(path), stemmer(detail::MakeDutchStemmer()) {
    for (std::string_view word : kDutchStopwords) stopper.add(std::string(word));
    parser.set_database(db);
    parser.set_stemmer(stemmer);
    // Stem phrase terms too, so "verhoogde tegemoetkomingen" matches the phrase.
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME_FULL_POS);
    parser.set_stopper(&stopper);
    parser.set_default_op(Xapian::Query::OP_OR);
    parser.set_max_expansion(kMaxPartialExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                             Xapian::QueryParser::FLAG_PARTIAL);
  }

  Xapian::Database db;
  Xapian::Stem stemmer;
  Xapian::SimpleStopper stopper;
  Xapian::QueryParser parser;
};

// A query run: one part per group of the scope (own municipality, none,
// others), in that order. Each Enquire must outlive its MSet for MSet::snippet.
struct Part {
  Xapian::Enquire enquire;
  Xapian::MSet mset;
};
struct Run {
  std::vector<Part> parts;
  Xapian::doccount total = 0;  // the sum of the parts' estimates
};

std::string MakeTempDirectory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "rechtop-search-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::filesystem::filesystem_error("cannot create a temporary directory", pattern,
                                            std::error_code(errno, std::generic_category()));
  }
  return pattern;
}

}  // namespace

struct Index::Impl {
  std::vector<Document> documents;  // by Xapian docid - 1
  std::optional<detail::SynonymMatcher> synonyms;

  std::mutex mutex;
  std::condition_variable handle_returned;
  std::vector<std::unique_ptr<Searcher>> idle;  // guarded by mutex

  // Borrows a Searcher from the pool for the lifetime of the lease.
  class Lease {
   public:
    explicit Lease(Impl& impl) : impl_(impl) {
      std::unique_lock lock(impl_.mutex);
      impl_.handle_returned.wait(lock, [&] { return !impl_.idle.empty(); });
      searcher_ = std::move(impl_.idle.back());
      impl_.idle.pop_back();
    }
    ~Lease() {
      {
        std::lock_guard lock(impl_.mutex);
        impl_.idle.push_back(std::move(searcher_));
      }
      impl_.handle_returned.notify_one();
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Searcher& operator*() { return *searcher_; }

   private:
    Impl& impl_;
    std::unique_ptr<Searcher> searcher_;
  };

  Results Search(std::string_view query, size_t limit, const Scope& scope);
  Xapian::Query BuildQuery(Searcher& searcher, const std::string& folded, const std::vector<Word>& words) const;
  Run Execute(Searcher& searcher, const std::string& folded, const std::vector<Word>& words, size_t limit,
              const Scope& scope) const;
  std::string Correct(Searcher& searcher, const std::string& folded, const std::vector<Word>& words) const;
  std::string Suggest(Searcher& searcher, const std::string& word, bool is_last) const;
  std::vector<Hit> ToHits(Searcher& searcher, const Run& run) const;
};

Xapian::Query Index::Impl::BuildQuery(Searcher& searcher, const std::string& folded,
                                      const std::vector<Word>& words) const {
  std::vector<std::string> stems;
  stems.reserve(words.size());
  for (const Word& word : words) stems.push_back(searcher.stemmer(word.text));
  const std::vector<detail::SynonymMatcher::Match> matches = synonyms->Find(stems);

  // Words that name a synonym group are searched as that group, not on
  // their own: "ocmw steun" must not rank documents about any "steun" first.
  std::string free_text = folded;
  std::vector<Xapian::Query> parts;
  std::vector<size_t> groups;
  for (const detail::SynonymMatcher::Match& match : matches) {
    const Word& first = words[match.first_word];
    const Word& last = words[match.first_word + match.word_count - 1];
    std::fill(free_text.begin() + static_cast<std::ptrdiff_t>(first.begin),
              free_text.begin() + static_cast<std::ptrdiff_t>(last.end), ' ');
    if (std::find(groups.begin(), groups.end(), match.group) == groups.end()) {
      groups.push_back(match.group);
      std::vector<Xapian::Query> variants;
      for (const std::vector<std::string>& variant : synonyms->VariantStems(match.group)) {
        variants.push_back(StemsQuery(variant));
      }
      parts.emplace_back(Xapian::Query::OP_SYNONYM, variants.begin(), variants.end());
    }
    // The words as typed count a little extra, so "gas" ranks gas above electricity.
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, StemsQuery(synonyms->VariantStems(match.group)[match.variant]),
                       kTypedVariantWeight);
  }

  if (!detail::SplitWords(free_text).empty()) {
    try {
      parts.push_back(searcher.parser.parse_query(free_text, kParserFlags));
    } catch (const Xapian::QueryParserError&) {
      // Not expected with our flags; fall back to plain words.
      for (const Word& word : detail::SplitWords(free_text)) parts.emplace_back(StemTerm(searcher.stemmer(word.text)));
    }
  }

  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Run Index::Impl::Execute(Searcher& searcher, const std::string& folded, const std::vector<Word>& words, size_t limit,
                         const Scope& scope) const {
  Xapian::Query query = BuildQuery(searcher, folded, words);
  if (!scope.kind.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(KindTerm(scope.kind)));
  // Without a municipality, one ranking; with one, a ranking per group, own first.
  std::vector<Xapian::Query> groups;
  if (scope.municipality.empty()) {
    groups.push_back(query);
  } else {
    const Xapian::Query own(MunicipalityTerm(scope.municipality));
    const Xapian::Query local{std::string(kLocalTerm)};
    groups.emplace_back(Xapian::Query::OP_FILTER, query, own);
    groups.emplace_back(Xapian::Query::OP_AND_NOT, query, local);
    if (scope.other_municipalities) {
      groups.emplace_back(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_FILTER, query, local), own);
    }
  }
  Run run;
  size_t left = limit;
  for (const Xapian::Query& group : groups) {
    Part part{Xapian::Enquire(searcher.db), Xapian::MSet()};
    part.enquire.set_query(group);
    part.mset = part.enquire.get_mset(0, static_cast<Xapian::doccount>(left), kCheckAtLeast);
    left -= std::min<size_t>(left, part.mset.size());
    run.total += part.mset.get_matches_estimated();
    run.parts.push_back(std::move(part));
  }
  return run;
}

std::string Index::Impl::Suggest(Searcher& searcher, const std::string& word, bool is_last) const {
  const size_t letters = CountCodePoints(word);
  if (letters < kMinCorrectableLetters) return "";
  if (std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) return "";
  if (searcher.db.term_exists(word)) return "";
  if (synonyms->Vocabulary().count(word) > 0 || searcher.stopper(word)) return "";
  // An inflection of an indexed word ("huurpremies"); a word that is its own
  // stem but only exists as a stem ("leeflon") is still a typo.
  const std::string stem = searcher.stemmer(word);
  if (stem != word && searcher.db.term_exists(StemTerm(stem))) return "";
  // The word being typed: a prefix of indexed words.
  if (is_last && searcher.db.allterms_begin(word) != searcher.db.allterms_end(word)) return "";
  return searcher.db.get_spelling_suggestion(word, letters <= kShortWord ? 1 : 2);
}

std::string Index::Impl::Correct(Searcher& searcher, const std::string& folded, const std::vector<Word>& words) const {
  std::string corrected;
  size_t copied = 0;
  const size_t n = std::min(words.size(), kMaxCorrectedWords);
  for (size_t i = 0; i < n; ++i) {
    std::string suggestion = Suggest(searcher, words[i].text, i + 1 == words.size());
    if (suggestion.empty() || suggestion == words[i].text) continue;
    corrected.append(folded, copied, words[i].begin - copied);
    corrected += suggestion;
    copied = words[i].end;
  }
  if (copied == 0) return "";
  corrected.append(folded, copied);
  return corrected;
}

std::vector<Hit> Index::Impl::ToHits(Searcher& searcher, const Run& run) const {
  std::vector<Hit> hits;
  int rank = 0;
  for (const Part& part : run.parts) {
    for (Xapian::MSetIterator it = part.mset.begin(); it != part.mset.end(); ++it) {
      const Xapian::docid docid = *it;
      if (docid == 0 || docid > documents.size()) continue;
      const Document& document = documents[docid - 1];
      Hit hit;
      hit.id = document.id;
      hit.kind = document.kind;
      hit.title = document.title;
      hit.municipality = document.municipality;
      if (!document.text.empty()) {
        hit.snippet =
            UnescapeHtml(part.mset.snippet(document.text, kSnippetBytes, searcher.stemmer, kSnippetFlags, "", "", "…"));
      }
      hit.rank = ++rank;
      hits.push_back(std::move(hit));
    }
  }
  return hits;
}

Results Index::Impl::Search(std::string_view query, size_t limit, const Scope& scope) {
  Results results;
  // A trailing space would switch off prefix matching of the last word.
  std::string folded(TrimRight(detail::Fold(detail::TruncateUtf8(query, kMaxQueryBytes))));
  std::vector<Word> words = detail::SplitWords(folded);
  if (words.empty()) return results;
  if (words.size() > kMaxQueryWords) {
    folded.resize(words[kMaxQueryWords].begin);
    words.resize(kMaxQueryWords);
  }
  limit = std::min(limit, kMaxLimit);

  Lease lease(*this);
  Searcher& searcher = *lease;
  Run run = Execute(searcher, folded, words, limit, scope);
  const Xapian::doccount original_total = run.total;

  try {
    std::string corrected = Correct(searcher, folded, words);
    if (!corrected.empty()) {
      if (original_total < kFewHits) {
        Run retry = Execute(searcher, corrected, detail::SplitWords(corrected), limit, scope);
        const Xapian::doccount retry_total = retry.total;
        if (retry_total > 0 && (original_total == 0 || retry_total >= kCorrectionGain * original_total)) {
          run = std::move(retry);
          results.used_correction = true;
        }
      }
      results.corrected_query = std::move(corrected);
    }
  } catch (const Xapian::Error&) {
    // The correction is a bonus: keep the results of the query as typed.
  }

  results.estimated_total = run.total;
  results.hits = ToHits(searcher, run);
  return results;
}

base::Result<Index> Index::Build(const std::vector<Document>& documents) {
  std::unordered_set<std::string_view> ids;
  for (size_t i = 0; i < documents.size(); ++i) {
    const Document& document = documents[i];
    if (document.id.empty()) return base::Error::InvalidInput("search document " + std::to_string(i) + ": empty id");
    if (!ids.insert(document.id).second) {
      return base::Error::InvalidInput("search document '" + document.id + "': duplicate id");
    }
    if (document.kind.empty()) return base::Error::InvalidInput("search document '" + document.id + "': empty kind");
  }

  std::string directory;
  try {
    auto impl = std::make_unique<Impl>();
    impl->documents = documents;
    const Xapian::Stem stemmer = detail::MakeDutchStemmer();
    impl->synonyms.emplace(stemmer);

    directory = MakeTempDirectory();
    const std::string path = directory + "/glass";
    {
      Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
      Xapian::TermGenerator generator;
      generator.set_stemmer(stemmer);
      generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME_FULL_POS);
      generator.set_database(db);
      generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
      for (size_t i = 0; i < documents.size(); ++i) {
        const Document& document = documents[i];
        Xapian::Document xapian_document;
        generator.set_document(xapian_document);
        generator.index_text(detail::Fold(document.title), kTitleWdf);
        for (const std::string& tag : document.tags) {
          generator.increase_termpos();
          generator.index_text(detail::Fold(tag), kTagWdf);
        }
        generator.increase_termpos();
        generator.index_text(detail::Fold(document.text), kTextWdf);
        xapian_document.add_boolean_term(KindTerm(document.kind));
        if (!document.municipality.empty()) {
          xapian_document.add_boolean_term(MunicipalityTerm(document.municipality));
          xapian_document.add_boolean_term(std::string(kLocalTerm));
        }
        db.replace_document(static_cast<Xapian::docid>(i + 1), xapian_document);
      }
      // So that "kinderbijslg" is corrected even when no document says "kinderbijslag".
      for (const std::string& word : impl->synonyms->Vocabulary()) db.add_spelling(word);
      db.commit();
      db.close();
    }

    const unsigned pool_size = std::clamp(std::thread::hardware_concurrency(), 2U, 16U);
    for (unsigned i = 0; i < pool_size; ++i) impl->idle.push_back(std::make_unique<Searcher>(path));
    // Open handles keep the unlinked files readable; nothing stays on disk.
    std::filesystem::remove_all(directory);
    return Index(std::move(impl));
  } catch (const Xapian::Error& e) {
    std::error_code ignored;
    if (!directory.empty()) std::filesystem::remove_all(directory, ignored);
    return base::Error::Internal("search index: " + e.get_description());
  } catch (const std::filesystem::filesystem_error& e) {
    std::error_code ignored;
    if (!directory.empty()) std::filesystem::remove_all(directory, ignored);
    return base::Error::Io(std::string("search index: ") + e.what());
  } catch (const std::exception& e) {
    std::error_code ignored;
    if (!directory.empty()) std::filesystem::remove_all(directory, ignored);
    return base::Error::Internal(std::string("search index: ") + e.what());
  }
}

Results Index::Search(std::string_view query, size_t limit, std::string_view kind_filter) const {
  Scope scope;
  scope.kind = std::string(kind_filter);
  return Search(query, limit, scope);
}

Results Index::Search(std::string_view query, size_t limit, const Scope& scope) const {
  if (!impl_) return Results();
  try {
    return impl_->Search(query, limit, scope);
  } catch (...) {
    return Results();  // Xapian errors, std::bad_alloc: the contract is "no hits", never an exception
  }
}

std::string NormalizeQuery(std::string_view query) {
  const std::string folded = detail::Fold(detail::TruncateUtf8(query, kMaxQueryBytes));
  if (folded.find('@') != std::string::npos) return "";  // an e-mail address says who searched
  std::string out;
  for (const Word& word : detail::SplitWords(folded)) {
    // A national register, phone or account number says who searched.
    if (std::any_of(word.text.begin(), word.text.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    const size_t needed = out.empty() ? word.text.size() : out.size() + 1 + word.text.size();
    if (needed > kMaxLoggedQueryBytes) {
      if (out.empty()) out = std::string(detail::TruncateUtf8(word.text, kMaxLoggedQueryBytes));
      break;
    }
    if (!out.empty()) out += ' ';
    out += word.text;
  }
  return out;
}

size_t Index::size() const { return impl_ ? impl_->documents.size() : 0; }

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;
Index::~Index() = default;

}  // namespace search
