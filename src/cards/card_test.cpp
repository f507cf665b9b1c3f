// cards/card_test.cpp — the referral card PDF: structure, text (via pdftotext),
// logo fallback, colour errors, literal user text and very long input.
#include "cards/card.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cards/colour.h"

namespace cards {
namespace {

Card SampleCard() {
  Card card;
  card.branding = {.municipality_name = "Stad Aalst",
                   .logo_path = std::string(RECHTOP_SOURCE_DIR) + "/data/demo/aalst/logo.png",
                   .primary_colour = "#b71c1c",
                   .accent_colour = "#f9a825"};
  card.right_name = "Verhoogde tegemoetkoming";
  card.right_summary =
      "U betaalt minder voor dokter, ziekenhuis en apotheek, en krijgt korting op het openbaar vervoer.";
  card.reason = "Uw gezinsinkomen ligt onder € 26.000 per jaar.";
  card.next_step = "Vraag het aan bij uw ziekenfonds.";
  card.documents = {"Uw identiteitskaart", "Uw laatste aanslagbiljet", "Loonbrieven van de laatste 3 maanden"};
  card.contact = {.name = "Sociaal Huis Aalst",
                  .address_lines = {"Werf 9", "9300 Aalst"},
                  .opening_hours = {"ma–vr 9.00–12.00", "di en do ook 13.30–16.00"},
                  .phone = "053 72 32 07",
                  .email = "welzijn@aalst.be",
                  .demo = true};
  card.qr_url = "https://rechtop.example/rechten/verhoogde-tegemoetkoming";
  card.issued_on = "3 maart 2025";
  card.for_whom = "Zoë Naïma";
  return card;
}

// A scratch file named after the running test, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(std::string_view suffix) {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("rechtop_" + std::string(info->test_suite_name()) + "_" + info->name() + std::string(suffix));
  }
  ~TempFile() { std::filesystem::remove(path_); }
  const std::filesystem::path& path() const { return path_; }
  void Write(const std::string& bytes) const { std::ofstream(path_, std::ios::binary) << bytes; }

 private:
  std::filesystem::path path_;
};

// What a poppler-utils command prints about `pdf` ("pdftotext -enc UTF-8 FILE -").
std::string PopplerOutput(const std::string& pdf, const std::string& command_with_file) {
  const TempFile file(".pdf");
  file.Write(pdf);
  std::string command = command_with_file;
  command.replace(command.find("FILE"), 4, "'" + file.path().string() + "'");
  std::string out;
  if (FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r")) {
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    pclose(pipe);
  }
  return out;
}

// The PDF's text as pdftotext reads it, with every whitespace run collapsed to
// one space so that wrapped lines still match.
std::string PdfText(const std::string& pdf) {
  const std::string raw = PopplerOutput(pdf, "pdftotext -enc UTF-8 FILE -");
  std::string text;
  for (char c : raw) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
    if (!space) {
      text += c;
    } else if (!text.empty() && text.back() != ' ') {
      text += ' ';
    }
  }
  return text;
}

bool LooksLikePdf(const std::string& pdf) {
  const size_t end = pdf.find_last_not_of("\r\n");
  return pdf.rfind("%PDF-", 0) == 0 && end != std::string::npos && end >= 4 && pdf.compare(end - 4, 5, "%%EOF") == 0;
}

TEST(Card, RendersACompletePdfDocument) {
  base::Result<std::string> pdf = RenderPdf(SampleCard());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  EXPECT_TRUE(LooksLikePdf(*pdf));
  EXPECT_LT(pdf->size(), 200u * 1024);
}

TEST(Card, PrintsTheEssentialsAsText) {
  base::Result<std::string> pdf = RenderPdf(SampleCard());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  const std::string text = PdfText(*pdf);
  for (const char* expected :
       {"Doorverwijskaart", "Stad Aalst", "Verhoogde tegemoetkoming", "Vraag het aan bij uw ziekenfonds.",
        "Wat moet u doen?", "Breng mee:", "Uw laatste aanslagbiljet", "Neem deze kaart mee naar", "Sociaal Huis Aalst", "Werf 9",
        "ma–vr 9.00–12.00", "053 72 32 07", "welzijn@aalst.be", "voorbeeldgegevens", "€ 26.000", "Zoë Naïma",
        "3 maart 2025", "rechtop.example/rechten/", "verhoogde-tegemoetkoming"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing \"" << expected << "\" in: " << text;
  }
}

TEST(Card, LeavesOutTheDemoMarkForRealContactData) {
  Card card = SampleCard();
  card.contact.demo = false;
  base::Result<std::string> pdf = RenderPdf(card);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  EXPECT_EQ(PdfText(*pdf).find("voorbeeldgegevens"), std::string::npos);
}

TEST(Card, EmbedsTheLogoWhenItIsReadable) {
  base::Result<std::string> with_logo = RenderPdf(SampleCard());
  Card card = SampleCard();
  card.branding.logo_path.clear();
  base::Result<std::string> without_logo = RenderPdf(card);
  ASSERT_TRUE(with_logo.ok() && without_logo.ok());
  EXPECT_NE(with_logo->find("/Subtype /Image"), std::string::npos);
  EXPECT_EQ(without_logo->find("/Subtype /Image"), std::string::npos);
}

TEST(Card, FallsBackToInitialsWhenTheLogoIsMissingOrBroken) {
  const TempFile broken(".png");
  broken.Write("this is not a PNG");
  for (const std::string& logo : {std::string(), std::string("/nonexistent/logo.png"), broken.path().string(),
                                  std::filesystem::temp_directory_path().string()}) {
    Card card = SampleCard();
    card.branding.municipality_name = "Gemeente Sint-Truiden";
    card.branding.logo_path = logo;
    base::Result<std::string> pdf = RenderPdf(card);
    ASSERT_TRUE(pdf.ok()) << logo << ": " << pdf.error().message();
    EXPECT_EQ(pdf->find("/Subtype /Image"), std::string::npos) << logo;
    EXPECT_NE(PdfText(*pdf).find("ST"), std::string::npos) << logo;
  }
}

TEST(Card, RejectsABadColourNamingTheField) {
  Card card = SampleCard();
  card.branding.primary_colour = "red";
  base::Result<std::string> pdf = RenderPdf(card);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code(), base::Error::Code::kInvalidInput);
  EXPECT_EQ(pdf.error().message(), "branding.primary_colour: expected a colour \"#rrggbb\", got \"red\"");

  card = SampleCard();
  card.branding.accent_colour = "#12345g";
  pdf = RenderPdf(card);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().message(), "branding.accent_colour: expected a colour \"#rrggbb\", got \"#12345g\"");

  card.branding.accent_colour = "";
  pdf = RenderPdf(card);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().message(), "branding.accent_colour: expected a colour \"#rrggbb\", got \"\"");
}

TEST(Card, RequiresARightName) {
  Card card = SampleCard();
  card.right_name = "  \n ";
  base::Result<std::string> pdf = RenderPdf(card);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().message(), "right_name: must not be empty");
}

TEST(Card, PrintsUserTextLiterallyNotAsMarkup) {
  Card card = SampleCard();
  card.right_name = "Korting <b>& meer</b>";
  card.next_step = "Bel <i>nu</i> & vraag naar &amp; Jan";
  card.contact.name = "<i>Loket</i> & co";
  base::Result<std::string> pdf = RenderPdf(card);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  const std::string text = PdfText(*pdf);
  EXPECT_NE(text.find("Korting <b>& meer</b>"), std::string::npos) << text;
  EXPECT_NE(text.find("Bel <i>nu</i> & vraag naar &amp; Jan"), std::string::npos) << text;
  EXPECT_NE(text.find("<i>Loket</i> & co"), std::string::npos) << text;
}

int PageCount(const std::string& pdf) {
  const std::string out = PopplerOutput(pdf, "pdfinfo FILE");
  const size_t at = out.find("Pages:");
  return at == std::string::npos ? -1 : std::stoi(out.substr(at + 6));
}

// Regression: "Breng mee" items were cut off mid-word and extra items were
// summarised as "+ 3 andere documenten". Every text now flows, whole, onto
// a next page.
TEST(Card, FlowsLongTextsAndListsOntoANextPageWithoutCuttingAnything) {
  Card card = SampleCard();
  std::string long_text;
  for (int i = 0; i < 90; ++i) long_text += "stap" + std::to_string(i) + " van de aanvraag, ";
  long_text += "einde.";
  card.next_step = long_text;
  card.reason = long_text;
  card.documents.clear();
  for (int i = 0; i < 40; ++i) {
    card.documents.push_back("Document " + std::to_string(i) + ": een attest van het ziekenfonds met de datum erop");
  }
  card.contact.opening_hours.assign(20, "ma–vr 9.00–12.00 en 13.30–16.00, behalve op feestdagen");
  card.contact.opening_hours.back() = "laatste regel van de openingsuren";
  base::Result<std::string> pdf = RenderPdf(card);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  EXPECT_GT(PageCount(*pdf), 1);
  const std::string text = PdfText(*pdf);
  for (const std::string& document : card.documents) {
    EXPECT_NE(text.find(document), std::string::npos) << "missing \"" << document << "\"";
  }
  for (int i = 0; i < 90; ++i) {
    EXPECT_NE(text.find("stap" + std::to_string(i) + " van de aanvraag,"), std::string::npos) << i;
  }
  EXPECT_NE(text.find("einde."), std::string::npos);
  EXPECT_NE(text.find("laatste regel van de openingsuren"), std::string::npos);
  EXPECT_NE(text.find("053 72 32 07"), std::string::npos);
  EXPECT_NE(text.find("Breng mee: (vervolg)"), std::string::npos) << text;
  EXPECT_NE(text.find("Lees verder op de volgende bladzijde"), std::string::npos);
  EXPECT_EQ(text.find("…"), std::string::npos) << "nothing is ellipsized";
  EXPECT_EQ(text.find("andere documenten"), std::string::npos);
}

TEST(Card, FitsOnOnePageWhenTheTextsDo) {
  base::Result<std::string> pdf = RenderPdf(SampleCard());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  EXPECT_EQ(PageCount(*pdf), 1);
  EXPECT_EQ(PdfText(*pdf).find("vervolg"), std::string::npos);
}

TEST(Card, RefusesTextsBeyondTheirBoundsNamingTheField) {
  const std::string long_word(3000, 'w');
  const std::string very_long(5000, 'x');
  struct Case {
    std::function<void(Card&)> spoil;
    std::string error;
  };
  const std::vector<Case> cases = {
      {[&](Card& c) { c.right_name = long_word; }, "right_name: at most 200 bytes, got 3000"},
      {[&](Card& c) { c.branding.municipality_name = long_word; }, "branding.municipality_name: at most 200 bytes, got 3000"},
      {[&](Card& c) { c.next_step = very_long; }, "next_step: at most 4000 bytes, got 5000"},
      {[&](Card& c) { c.reason = very_long; }, "reason: at most 4000 bytes, got 5000"},
      {[&](Card& c) { c.documents.assign(41, "x"); }, "documents: at most 40 items, got 41"},
      {[&](Card& c) { c.contact.address_lines = {"Werf 9", long_word}; },
       "contact.address_lines[1]: at most 200 bytes, got 3000"},
      {[&](Card& c) { c.contact.email = long_word; }, "contact.email: at most 200 bytes, got 3000"},
      {[&](Card& c) { c.for_whom = long_word; }, "for_whom: at most 200 bytes, got 3000"},
  };
  for (const Case& c : cases) {
    Card card = SampleCard();
    c.spoil(card);
    base::Result<std::string> pdf = RenderPdf(card);
    ASSERT_FALSE(pdf.ok()) << c.error;
    EXPECT_EQ(pdf.error().code(), base::Error::Code::kInvalidInput);
    EXPECT_EQ(pdf.error().message(), c.error);
  }
}

TEST(Card, SurvivesEveryFieldAtItsBound) {
  Card card = SampleCard();
  const std::string line(200, 'w');  // One word: wrapped by character.
  std::string text;
  while (text.size() < 3990) text += "Aanvraagformulier ";
  card.branding.municipality_name = line;
  card.right_name = line;
  card.right_summary = text;
  card.reason = text;
  card.next_step = text;
  card.documents.assign(40, line);
  card.contact.name = line;
  card.contact.address_lines.assign(40, line);
  card.contact.opening_hours.assign(40, line);
  card.contact.phone = line;
  card.contact.email = line;
  card.for_whom = line;
  card.issued_on = line;
  base::Result<std::string> pdf = RenderPdf(card);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  EXPECT_TRUE(LooksLikePdf(*pdf));
  EXPECT_GT(PageCount(*pdf), 2);
}

TEST(Card, SurvivesInvalidUtf8AndControlCharacters) {
  Card card = SampleCard();
  card.right_name = std::string("Huur\xff\xfe premie\0\x01\x1b[31m", 19);
  card.next_step = "Lijn 1\nLijn 2\r\n\tLijn 3";
  base::Result<std::string> pdf = RenderPdf(card);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  EXPECT_NE(PdfText(*pdf).find("premie"), std::string::npos);
}

TEST(Card, LeavesOutTheQrCodeWithoutAUrl) {
  Card card = SampleCard();
  card.qr_url.clear();
  base::Result<std::string> pdf = RenderPdf(card);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  EXPECT_EQ(PdfText(*pdf).find("Scan"), std::string::npos);
  EXPECT_EQ(PdfText(*pdf).find("Zoek"), std::string::npos);
  // With a site to name, the card says what to search for there.
  card.search_site = "de website van uw gemeente";
  pdf = RenderPdf(card);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  EXPECT_NE(PdfText(*pdf).find("Zoek „Verhoogde tegemoetkoming” op de website van uw gemeente."), std::string::npos)
      << PdfText(*pdf);
}

TEST(Card, SaysWhereToGoWhenNoContactPointIsKnown) {
  Card card = SampleCard();
  card.contact = {};
  card.qr_url.clear();
  base::Result<std::string> pdf = RenderPdf(card);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  const std::string text = PdfText(*pdf);
  EXPECT_NE(text.find("Neem deze kaart mee naar het OCMW of het Sociaal Huis van uw gemeente."), std::string::npos)
      << text;
  EXPECT_EQ(text.find("wie u deze kaart gaf"), std::string::npos);
}

TEST(Card, RejectsAUrlTooLongForAQrCode) {
  Card card = SampleCard();
  card.qr_url = "https://rechtop.example/" + std::string(4000, 'x');
  base::Result<std::string> pdf = RenderPdf(card);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().message(), "qr_url: too long for a QR code (4024 bytes)");
}

TEST(Card, RendersOnSeveralThreadsAtOnce) {
  std::vector<std::string> pdfs(4);
  std::vector<std::thread> threads;
  for (std::string& pdf : pdfs) {
    threads.emplace_back([&pdf] {
      base::Result<std::string> result = RenderPdf(SampleCard());
      if (result.ok()) pdf = *result;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& pdf : pdfs) EXPECT_TRUE(LooksLikePdf(pdf));
}

TEST(CardColour, ParsesOnlyHashAndSixHexDigits) {
  const std::optional<detail::Rgb> colour = detail::ParseHexColour("#FF8000");
  ASSERT_TRUE(colour.has_value());
  EXPECT_DOUBLE_EQ(colour->r, 1.0);
  EXPECT_NEAR(colour->g, 128 / 255.0, 1e-9);
  EXPECT_DOUBLE_EQ(colour->b, 0.0);
  for (const char* bad : {"", "#fff", "ff8000", "#ff80000", "#ff800g", " #ff8000", "rgb(1,2,3)"}) {
    EXPECT_FALSE(detail::ParseHexColour(bad).has_value()) << bad;
  }
}

TEST(CardColour, DarkensLightColoursUntilWhiteTextIsReadable) {
  EXPECT_NEAR(detail::ContrastRatio(detail::kWhite, detail::kBlack), 21.0, 1e-9);
  const detail::Rgb yellow{1, 1, 0};
  EXPECT_LT(detail::ContrastRatio(yellow, detail::kWhite), 4.5);
  EXPECT_GE(detail::ContrastRatio(detail::DarkenUntilContrast(yellow, 4.5), detail::kWhite), 4.5);
  const detail::Rgb navy{0, 0, 0.5};
  const detail::Rgb kept = detail::DarkenUntilContrast(navy, 4.5);
  EXPECT_DOUBLE_EQ(kept.b, 0.5);
}

}  // namespace
}  // namespace cards
