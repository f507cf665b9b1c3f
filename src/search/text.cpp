// search/text.cpp
//
// Accent folding by table (Latin-1 and Latin Extended-A cover Dutch, French
// and German text in our catalogue), word splitting, and the Dutch stemmer.
#include "search/text.h"

#include <string_view>

namespace search::detail {
namespace {

// U+00C0..U+00FF, one byte each. '1' = "ae", '2' = "th", '3' = "ss"; ' ' for
// the multiplication and division signs.
constexpr std::string_view kLatin1 =
    "aaaaaa1ceeeeiiiidnooooo ouuuuy23"
    "aaaaaa1ceeeeiiiidnooooo ouuuuy2y";
static_assert(kLatin1.size() == 0x40);

// U+0100..U+017F, one byte each. '#' = "ij" (the Dutch ĳ), '%' = "oe".
constexpr std::string_view kLatinExtendedA =
    "aaaaaa"
    "cccccccc"
    "dddd"
    "eeeeeeeeee"
    "gggggggg"
    "hhhh"
    "iiiiiiiiii"
    "##"
    "jj"
    "kkk"
    "llllllllll"
    "nnnnnnnnn"
    "oooooo"
    "%%"
    "rrrrrr"
    "ssssssss"
    "tttttt"
    "uuuuuuuuuuuu"
    "ww"
    "yyy"
    "zzzzzz"
    "s";
static_assert(kLatinExtendedA.size() == 0x80);

void AppendFolded(std::string& out, char code) {
  switch (code) {
    case '1':
      out += "ae";
      return;
    case '2':
      out += "th";
      return;
    case '3':
      out += "ss";
      return;
    case '#':
      out += "ij";
      return;
    case '%':
      out += "oe";
      return;
    default:
      out += code;
  }
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

class DutchStemmer : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    std::string folded = Fold(word);
    if (EndsWith(folded, "'s")) folded.resize(folded.size() - 2);
    // "premies", "subsidies": Snowball only strips -s after a consonant.
    if (folded.size() > 5 && EndsWith(folded, "ies")) folded.pop_back();
    return snowball_(folded);
  }
  std::string get_description() const override { return "dutch (accent-folding)"; }

 private:
  Xapian::Stem snowball_{"dutch"};
};

}  // namespace

std::string Fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (Xapian::Utf8Iterator it(text.data(), text.size()), end; it != end; ++it) {
    const unsigned ch = *it;
    if (ch < 0x80) {
      if (ch < 0x20 || ch == 0x7f) {
        out += ' ';
      } else if (ch >= 'A' && ch <= 'Z') {
        out += static_cast<char>(ch - 'A' + 'a');
      } else {
        out += static_cast<char>(ch);
      }
      continue;
    }
    if (ch >= 0xC0 && ch <= 0xFF) {
      AppendFolded(out, kLatin1[ch - 0xC0]);
      continue;
    }
    if (ch >= 0x100 && ch <= 0x17F) {
      AppendFolded(out, kLatinExtendedA[ch - 0x100]);
      continue;
    }
    if ((ch >= 0x300 && ch <= 0x36F) || ch == 0xAD || (ch >= 0x200B && ch <= 0x200D) || ch == 0x2060 || ch == 0xFEFF) {
      continue;  // combining marks, soft hyphen, zero-width characters
    }
    if (ch < 0xA0 || ch == 0xA0 || (ch >= 0x2000 && ch <= 0x200A) || ch == 0x202F || ch == 0x205F || ch == 0x3000 ||
        ch == 0x2028 || ch == 0x2029) {
      out += ' ';  // C1 controls and exotic spaces
      continue;
    }
    if ((ch >= 0x2018 && ch <= 0x201B) || ch == 0x2032) {
      out += '\'';
      continue;
    }
    if ((ch >= 0x201C && ch <= 0x201F) || ch == 0x2033) {
      out += '"';
      continue;
    }
    if ((ch >= 0x2010 && ch <= 0x2015) || ch == 0x2212) {
      out += '-';
      continue;
    }
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(ch));
  }
  return out;
}

std::vector<Word> SplitWords(std::string_view text) {
  std::vector<Word> words;
  const char* const base = text.data();
  Xapian::Utf8Iterator it(text.data(), text.size());
  const Xapian::Utf8Iterator end;
  while (it != end) {
    if (!Xapian::Unicode::is_wordchar(*it)) {
      ++it;
      continue;
    }
    Word word;
    word.begin = static_cast<size_t>(it.raw() - base);
    while (it != end && Xapian::Unicode::is_wordchar(*it)) {
      Xapian::Unicode::append_utf8(word.text, *it);
      ++it;
    }
    word.end = it == end ? text.size() : static_cast<size_t>(it.raw() - base);
    words.push_back(std::move(word));
  }
  return words;
}

std::string_view TruncateUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  // Back off over continuation bytes (10xxxxxx) to the start of a sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

Xapian::Stem MakeDutchStemmer() { return Xapian::Stem(new DutchStemmer()); }

}  // namespace search::detail
