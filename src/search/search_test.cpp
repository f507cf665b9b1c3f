// search/search_test.cpp — the Dutch search index on a small catalogue of
// rights and services: stemming, accents, synonyms, typos, prefixes, filters,
// ranking, snippets, hostile input and concurrent use.
#include "search/search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "search/synonyms.h"
#include "search/text.h"

namespace search {
namespace {

std::vector<Document> Catalogue() {
  return {
      {"leefloon",
       "right",
       "Leefloon",
       "Het leefloon is een minimuminkomen voor wie geen of te weinig inkomsten heeft. Het OCMW betaalt het "
       "leefloon na een sociaal onderzoek. Het bedrag wordt jaarlijks geïndexeerd.",
       {"inkomen", "armoede"}},
      {"verhoogde-tegemoetkoming",
       "right",
       "Verhoogde tegemoetkoming",
       "Met de verhoogde tegemoetkoming betaal je minder voor een doktersbezoek, geneesmiddelen en een verblijf in "
       "het ziekenhuis. Het ziekenfonds kent ze toe op basis van het gezinsinkomen.",
       {"gezondheid"}},
      {"verwarmingstoelage",
       "right",
       "Verwarmingstoelage",
       "Het Sociaal Verwarmingsfonds geeft een toelage aan wie verwarmt met stookolie, lamppetroleum of bulkpropaan "
       "en een beperkt inkomen heeft.",
       {"energie", "wonen"}},
      {"groeipakket",
       "right",
       "Groeipakket",
       "Het Groeipakket ondersteunt gezinnen met kinderen in Vlaanderen: een startbedrag bij de geboorte, een "
       "basisbedrag per maand en sociale toeslagen.",
       {"gezin", "kinderen"}},
      {"huurpremie",
       "right",
       "Vlaamse huurpremie",
       "Wie lang op een sociale woning wacht en intussen privé huurt, kan elke maand een huurpremie krijgen.",
       {"wonen"}},
      {"igo",
       "right",
       "Inkomensgarantie voor ouderen",
       "De IGO is een financiële steun voor 65-plussers met een laag pensioen en weinig andere inkomsten.",
       {"ouderen", "pensioen"}},
      {"tweedelijnsbijstand",
       "right",
       "Juridische tweedelijnsbijstand",
       "Een pro-Deo-advocaat helpt gratis of tegen een verminderd tarief wie een laag inkomen heeft.",
       {"justitie"}},
      {"sociaal-tarief",
       "right",
       "Sociaal tarief voor energie",
       "Het sociaal tarief is een voordelige prijs voor gas & elektriciteit, voor wie <recht> heeft op bepaalde "
       "uitkeringen.",
       {"energie"}},
      {"ocmw-gent",
       "service",
       "OCMW Gent",
       "De sociale dienst helpt bij de aanvraag van het leefloon, de huurpremie en de verwarmingstoelage.",
       {"Gent", "armoede"}},
      {"ziekenfonds-antwerpen",
       "service",
       "Ziekenfonds Antwerpen",
       "Het ziekenfonds regelt de verhoogde tegemoetkoming en de terugbetaling van zorg.",
       {"Antwerpen", "gezondheid"}},
  };
}

const Index& TheIndex() {
  static const Index index = [] {
    base::Result<Index> built = Index::Build(Catalogue());
    EXPECT_TRUE(built.ok()) << built.error().message();
    return std::move(built).value();
  }();
  return index;
}

std::vector<std::string> Ids(const Results& results) {
  std::vector<std::string> ids;
  for (const Hit& hit : results.hits) ids.push_back(hit.id);
  return ids;
}

std::string TopId(std::string_view query, std::string_view kind = "") {
  Results results = TheIndex().Search(query, 10, kind);
  return results.hits.empty() ? "" : results.hits.front().id;
}

bool Finds(std::string_view query, std::string_view id) {
  std::vector<std::string> ids = Ids(TheIndex().Search(query, 10));
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(SearchIndex, FindsTitleWords) {
  EXPECT_EQ(TopId("leefloon"), "leefloon");
  EXPECT_EQ(TopId("Groeipakket"), "groeipakket");
  EXPECT_EQ(TheIndex().size(), 10u);
}

TEST(SearchIndex, StemsQueryAndDocuments) {
  EXPECT_EQ(TopId("huurpremies"), "huurpremie");
  EXPECT_EQ(TopId("verhoogde tegemoetkomingen"), "verhoogde-tegemoetkoming");
  EXPECT_EQ(TopId("leeflonen"), "leefloon");
}

TEST(SearchIndex, MatchesRegardlessOfAccentsAndCase) {
  EXPECT_EQ(TopId("financiele"), "igo");
  EXPECT_EQ(TopId("FINANCIËLE"), "igo");
  EXPECT_EQ(TopId("geindexeerd"), "leefloon");
  EXPECT_EQ(TopId("geïndexeerd"), "leefloon");
  EXPECT_TRUE(Finds("prive", "huurpremie"));
}

TEST(SearchIndex, ExpandsSingleWordSynonyms) {
  EXPECT_EQ(TopId("BIM"), "verhoogde-tegemoetkoming");
  EXPECT_EQ(TopId("OMNIO"), "verhoogde-tegemoetkoming");
  EXPECT_EQ(TopId("kinderbijslag"), "groeipakket");
  EXPECT_EQ(TopId("huursubsidie"), "huurpremie");
  EXPECT_EQ(TopId("pensioenaanvulling"), "igo");
  EXPECT_EQ(TopId("stookoliepremie"), "verwarmingstoelage");
  EXPECT_TRUE(Finds("elektriciteit", "sociaal-tarief"));
  EXPECT_TRUE(Finds("advocaat", "tweedelijnsbijstand"));
}

TEST(SearchIndex, ExpandsMultiWordSynonymsBothWays) {
  EXPECT_EQ(TopId("OCMW-steun"), "leefloon");
  EXPECT_EQ(TopId("ocmw steun"), "leefloon");
  EXPECT_EQ(TopId("integratie-inkomen"), "leefloon");
  EXPECT_EQ(TopId("VT"), "verhoogde-tegemoetkoming");
  // "pro deo" in the query finds the "juridische tweedelijnsbijstand" title, and back.
  EXPECT_EQ(TopId("pro deo"), "tweedelijnsbijstand");
  EXPECT_EQ(TopId("juridische bijstand"), "tweedelijnsbijstand");
}

TEST(SearchIndex, SearchesTags) {
  EXPECT_EQ(TopId("Antwerpen"), "ziekenfonds-antwerpen");
  EXPECT_EQ(TopId("gent"), "ocmw-gent");
}

TEST(SearchIndex, CorrectsTyposWhenTheQueryFindsTooLittle) {
  Results results = TheIndex().Search("leeflon", 10);
  EXPECT_EQ(results.corrected_query, "leefloon");
  ASSERT_FALSE(results.hits.empty());
  EXPECT_EQ(results.hits.front().id, "leefloon");

  results = TheIndex().Search("kinderbijslg", 10);
  EXPECT_TRUE(results.used_correction);
  EXPECT_EQ(results.corrected_query, "kinderbijslag");
  ASSERT_FALSE(results.hits.empty());
  EXPECT_EQ(results.hits.front().id, "groeipakket");

  results = TheIndex().Search("huurpremi gent", 10);
  EXPECT_EQ(results.corrected_query, "huurpremie gent");
  ASSERT_FALSE(results.hits.empty());

  EXPECT_EQ(TopId("verwarmingstoelaag"), "verwarmingstoelage");
  EXPECT_EQ(TopId("Verhoogde tegemoetkomming"), "verhoogde-tegemoetkoming");
}

TEST(SearchIndex, DoesNotSuggestCorrectWordsOrInflections) {
  EXPECT_EQ(TheIndex().Search("leefloon", 10).corrected_query, "");
  EXPECT_EQ(TheIndex().Search("huurpremies", 10).corrected_query, "");
  EXPECT_EQ(TheIndex().Search("BIM", 10).corrected_query, "");
  EXPECT_FALSE(TheIndex().Search("leefloon", 10).used_correction);
}

TEST(SearchIndex, MatchesTheLastWordAsAPrefix) {
  EXPECT_EQ(TopId("verwarm"), "verwarmingstoelage");
  EXPECT_EQ(TopId("huurpr"), "huurpremie");
  EXPECT_EQ(TopId("sociaal tar"), "sociaal-tarief");
}

TEST(SearchIndex, FiltersByKind) {
  Results results = TheIndex().Search("leefloon", 10, "service");
  EXPECT_EQ(Ids(results), std::vector<std::string>{"ocmw-gent"});
  for (const Hit& hit : TheIndex().Search("leefloon", 10, "right").hits) EXPECT_EQ(hit.kind, "right");
  EXPECT_TRUE(TheIndex().Search("leefloon", 10, "nothing-of-this-kind").hits.empty());
}

TEST(SearchIndex, ReturnsNothingForEmptyQueries) {
  for (std::string_view query : {"", "   ", "\t\n ", "?!,.", "\"\""}) {
    Results results = TheIndex().Search(query, 10);
    EXPECT_TRUE(results.hits.empty()) << query;
    EXPECT_EQ(results.estimated_total, 0u) << query;
    EXPECT_EQ(results.corrected_query, "") << query;
  }
}

TEST(SearchIndex, SurvivesHostileQueries) {
  const std::string long_query(100000, 'a');
  std::string many_words;
  for (int i = 0; i < 2000; ++i) many_words += "leefloon OR huur AND NOT ";
  const std::vector<std::string> queries = {
      long_query,
      many_words,
      "\"leefloon",
      "leefloon\"",
      "((( AND OR NOT",
      "leefloon AND -huur NEAR/3 +gas",
      "title:leefloon",
      "*",
      "le*",
      "~leefloon",
      "^$.*+?[]{}|\\",
      std::string("leef\0loon", 9),
      "\xff\xfe\xfd leefloon \xc3",
      "<script>alert(1)</script>",
      "leefloon..huur",
      "\"a\" \"b\" \"c\" \"",
  };
  for (const std::string& query : queries) {
    EXPECT_NO_THROW({
      Results results = TheIndex().Search(query, 10);
      EXPECT_LE(results.hits.size(), 10u);
    }) << query.substr(0, 40);
  }
  EXPECT_EQ(TopId("\"leefloon"), "leefloon");
  EXPECT_EQ(TopId("\xff\xfe\xfd leefloon \xc3"), "leefloon");
}

TEST(SearchIndex, RanksTitleMatchesAboveBodyMatches) {
  // Both mention the huurpremie; only one has it in its title.
  std::vector<std::string> ids = Ids(TheIndex().Search("huurpremie", 10));
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(ids[0], "huurpremie");
  EXPECT_NE(std::find(ids.begin(), ids.end(), "ocmw-gent"), ids.end());

  ids = Ids(TheIndex().Search("verwarmingstoelage", 10));
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(ids[0], "verwarmingstoelage");
}

TEST(SearchIndex, NumbersHitsFromOneAndHonoursTheLimit) {
  Results results = TheIndex().Search("inkomen", 3);
  ASSERT_EQ(results.hits.size(), 3u);
  EXPECT_GT(results.estimated_total, 3u);
  for (size_t i = 0; i < results.hits.size(); ++i) EXPECT_EQ(results.hits[i].rank, static_cast<int>(i + 1));
  EXPECT_TRUE(TheIndex().Search("inkomen", 0).hits.empty());
}

TEST(SearchIndex, CutsPlainTextSnippetsAroundTheMatch) {
  Results results = TheIndex().Search("huurpremie", 10);
  ASSERT_FALSE(results.hits.empty());
  EXPECT_NE(results.hits.front().snippet.find("huurpremie"), std::string::npos) << results.hits.front().snippet;
  EXPECT_NE(results.hits.front().snippet.find("privé"), std::string::npos) << "keeps the accents of the text";

  results = TheIndex().Search("sociaal tarief", 10);
  ASSERT_FALSE(results.hits.empty());
  const std::string& snippet = results.hits.front().snippet;
  EXPECT_NE(snippet.find("gas & elektriciteit"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<recht>"), std::string::npos) << "no HTML escaping: " << snippet;
  EXPECT_EQ(snippet.find("&amp;"), std::string::npos) << snippet;
}

TEST(SearchIndex, CanBeSearchedFromManyThreadsAtOnce) {
  const std::vector<std::string> expected = Ids(TheIndex().Search("energie", 10));
  ASSERT_FALSE(expected.empty());
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (Ids(TheIndex().Search("energie", 10)) != expected) ++mismatches[t];
        if (Ids(TheIndex().Search("leeflon", 10)).empty()) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

TEST(SearchIndex, RejectsDuplicateAndEmptyIds) {
  std::vector<Document> documents = Catalogue();
  documents.push_back(documents.front());
  base::Result<Index> built = Index::Build(documents);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code(), base::Error::Code::kInvalidInput);
  EXPECT_EQ(built.error().message(), "search document 'leefloon': duplicate id");

  built = Index::Build({{"", "right", "Zonder id", "tekst", {}}});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().message(), "search document 0: empty id");
}

TEST(SearchIndex, BuildsAnEmptyIndexAndAMovedFromIndexFindsNothing) {
  base::Result<Index> built = Index::Build({});
  ASSERT_TRUE(built.ok()) << built.error().message();
  EXPECT_TRUE(built->Search("leefloon", 10).hits.empty());

  base::Result<Index> other = Index::Build(Catalogue());
  ASSERT_TRUE(other.ok());
  Index moved = std::move(other).value();
  EXPECT_EQ(moved.Search("leefloon", 10).hits.front().id, "leefloon");
}

TEST(SearchText, FoldsAccentsLigaturesAndCase) {
  EXPECT_EQ(detail::Fold("Financiële GEÏNDEXEERD"), "financiele geindexeerd");
  EXPECT_EQ(detail::Fold("Œuvre Straße ĳs"), "oeuvre strasse ijs");
  EXPECT_EQ(detail::Fold("pensioen\u00ADaanvulling"), "pensioenaanvulling");
  EXPECT_EQ(detail::Fold("e\u0301te\u0301"), "ete");  // decomposed accents
  EXPECT_EQ(detail::Fold("\xe9t\xe9"), "ete");        // Latin-1 bytes
  EXPECT_EQ(detail::Fold("a\tb\u00A0c"), "a b c");
}

TEST(SearchText, StemsInflectionsAndAccentsTogether) {
  Xapian::Stem stem = detail::MakeDutchStemmer();
  EXPECT_EQ(stem("huurpremies"), stem("huurpremie"));
  EXPECT_EQ(stem("financiële"), stem("financiele"));
  EXPECT_EQ(stem("leeflonen"), stem("leefloon"));
  EXPECT_EQ(stem("ocmw's"), stem("ocmw"));
}

TEST(SearchText, TruncatesWithoutSplittingCharacters) {
  EXPECT_EQ(detail::TruncateUtf8("é", 1), "");
  EXPECT_EQ(detail::TruncateUtf8("aé", 2), "a");
  EXPECT_EQ(detail::TruncateUtf8("abc", 10), "abc");
}

TEST(SearchSynonyms, EveryGroupHasAtLeastTwoVariants) {
  for (const detail::SynonymGroup& group : detail::SynonymTable()) {
    EXPECT_GE(group.variants.size(), 2u) << group.name;
  }
}

TEST(SearchSynonyms, PrefersTheLongestVariant) {
  Xapian::Stem stem = detail::MakeDutchStemmer();
  detail::SynonymMatcher matcher(stem);
  auto group_names = [&](std::vector<std::string> words) {
    for (std::string& word : words) word = stem(word);
    std::vector<std::string_view> names;
    for (const auto& match : matcher.Find(words)) names.push_back(detail::SynonymTable()[match.group].name);
    return names;
  };
  EXPECT_EQ(group_names({"juridische", "bijstand"}), std::vector<std::string_view>{"juridische bijstand"});
  EXPECT_EQ(group_names({"bijstand"}), std::vector<std::string_view>{"leefloon"});
  EXPECT_EQ(group_names({"huurtoelagen", "en", "gas"}),
            (std::vector<std::string_view>{"huurpremie", "sociaal tarief energie"}));
}

// Issue 21: local rights and services of three towns beside general ones.
std::vector<Document> TownCatalogue() {
  auto doc = [](std::string id, std::string kind, std::string title, std::string text, std::string municipality) {
    Document d{std::move(id), std::move(kind), std::move(title), std::move(text), {}, std::move(municipality)};
    if (!d.municipality.empty()) d.tags.push_back(d.municipality);
    return d;
  };
  return {
      doc("uitpas-pelt", "right", "UiTPAS met kansentarief Pelt",
          "Korting op vrije tijd voor wie in schuldbemiddeling is.", "Pelt"),
      doc("uitpas-oostende", "right", "UiTPAS met kansentarief Oostende", "Korting op vrije tijd en cultuur.",
          "Oostende"),
      doc("uitpas-dendermonde", "right", "UiTPAS Dendermonde",
          "Korting op vrije tijd voor gezinnen met een laag inkomen.", "Dendermonde"),
      doc("vrije-tijd-vlaanderen", "right", "Vrijetijdsparticipatie", "Vrije tijd voor iedereen in Vlaanderen.", ""),
      doc("collectieve-schuldenregeling", "right", "Collectieve schuldenregeling",
          "De rechter stelt een schuldbemiddelaar aan die uw inkomen beheert en afspraken maakt met de schuldeisers.",
          ""),
      doc("schuldbemiddeling-dendermonde", "service", "Schuldbemiddeling Sociaal Huis Dendermonde",
          "Budgetbegeleiding en budgetbeheer door het Sociaal Huis.", "Dendermonde"),
      doc("leuven-helpt", "service", "Leuven Helpt",
          "Eén plek voor al je vragen naar ondersteuning; vrijwilligers voor burenhulp.", "Leuven"),
      doc("gezinszorg-herent", "service", "Gezinszorg", "Hulp in het huishouden en verzorging thuis.", "Herent"),
      doc("maximumfactuur", "right", "Sociale maximumfactuur",
          "Uw ziekenfonds betaalt de kosten voor geneeskundige zorg terug boven een grens.", ""),
      doc("studietoelage", "right", "Studietoelage hoger onderwijs", "Een toelage voor studenten met een laag inkomen.",
          ""),
      doc("groeipakket-participatie", "right", "Participatietoeslagen Groeipakket",
          "De kinderopvangtoeslag voor een kind in de kinderopvang, de kleutertoeslag en de schooltoeslag.", ""),
      doc("de-lijn", "right", "Verminderd tarief De Lijn", "Een goedkoper abonnement bij De Lijn.", ""),
      doc("nmbs", "right", "NMBS-kortingkaart", "Korting op de treinen van de NMBS.", ""),
      doc("huurpremie", "right", "Vlaamse huurpremie",
          "Een premie voor wie privé huurt en wacht op een sociale woning.", ""),
      doc("energiefonds", "right", "Fonds Gas en Elektriciteit", "Hulp om openstaande facturen te betalen.", ""),
      doc("ivt", "right", "Inkomensvervangende tegemoetkoming", "Voor een persoon met een handicap.", ""),
  };
}

const Index& TownIndex() {
  static const Index index = [] {
    base::Result<Index> built = Index::Build(TownCatalogue());
    EXPECT_TRUE(built.ok()) << built.error().message();
    return std::move(built).value();
  }();
  return index;
}

std::vector<std::string> TownIds(std::string_view query, const Scope& scope, size_t limit = 20) {
  return Ids(TownIndex().Search(query, limit, scope));
}

Scope InTown(std::string municipality, bool others = false) {
  Scope scope;
  scope.municipality = std::move(municipality);
  scope.other_municipalities = others;
  return scope;
}

bool Has(const std::vector<std::string>& ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(SearchScope, WithoutATownEveryTownsLocalDocumentsAreFound) {
  std::vector<std::string> ids = TownIds("uitpas", Scope{});
  EXPECT_TRUE(Has(ids, "uitpas-pelt"));
  EXPECT_TRUE(Has(ids, "uitpas-oostende"));
  EXPECT_TRUE(Has(ids, "uitpas-dendermonde"));
}

TEST(SearchScope, WithATownItsOwnComeFirstAndOtherTownsAreLeftOut) {
  std::vector<std::string> ids = TownIds("vrije tijd", InTown("Dendermonde"));
  EXPECT_EQ(ids, (std::vector<std::string>{"uitpas-dendermonde", "vrije-tijd-vlaanderen"}));
  Results results = TownIndex().Search("vrije tijd", 20, InTown("Dendermonde"));
  EXPECT_EQ(results.estimated_total, 2u);
  EXPECT_EQ(results.hits[0].rank, 1);
  EXPECT_EQ(results.hits[0].municipality, "Dendermonde");
  EXPECT_EQ(results.hits[1].municipality, "");
}

TEST(SearchScope, TheTownIsMatchedWhateverItsCaseAndAccents) {
  EXPECT_EQ(TownIds("vrije tijd", InTown("DENDERMONDE")).front(), "uitpas-dendermonde");
}

TEST(SearchScope, OtherTownsComeLastWhenAskedFor) {
  std::vector<std::string> ids = TownIds("vrije tijd", InTown("Dendermonde", true));
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(ids[0], "uitpas-dendermonde");
  EXPECT_EQ(ids[1], "vrije-tijd-vlaanderen");
  EXPECT_TRUE(Has(ids, "uitpas-pelt"));
  EXPECT_TRUE(Has(ids, "uitpas-oostende"));
}

TEST(SearchScope, TheOwnTownGoesFirstEvenWhenItMatchesLess) {
  // The federal right says "schuldbemiddelaar" and "schuldeisers"; the town's service only budget words.
  std::vector<std::string> ids = TownIds("schulden", InTown("Dendermonde"));
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(ids[0], "schuldbemiddeling-dendermonde");
  EXPECT_EQ(ids[1], "collectieve-schuldenregeling");
  EXPECT_FALSE(Has(ids, "uitpas-pelt")) << "another town's UiTPAS is no debt help for Dendermonde";
}

TEST(SearchScope, HonoursTheLimitAcrossTheGroupsAndTheKind) {
  EXPECT_EQ(TownIds("vrije tijd", InTown("Dendermonde", true), 1), std::vector<std::string>{"uitpas-dendermonde"});
  Scope services = InTown("Dendermonde");
  services.kind = "service";
  EXPECT_EQ(TownIds("schulden", services), std::vector<std::string>{"schuldbemiddeling-dendermonde"});
}

TEST(SearchScope, ATownWithoutLocalDocumentsGetsTheGeneralOnes) {
  EXPECT_EQ(TownIds("vrije tijd", InTown("Balen")), std::vector<std::string>{"vrije-tijd-vlaanderen"});
}

// Each synonym group of issue 21: a word people use finds a document that does not contain it.
TEST(SearchSynonyms, FindsWhatPeopleCallIt) {
  struct Case {
    const char* query;
    const char* town;
    const char* expected;
  };
  const Case cases[] = {
      {"schulden", "", "collectieve-schuldenregeling"},
      {"schulden", "Dendermonde", "schuldbemiddeling-dendermonde"},
      {"schuldhulp", "", "collectieve-schuldenregeling"},
      {"budgetbeheer", "", "collectieve-schuldenregeling"},
      {"boodschappen", "Leuven", "leuven-helpt"},
      {"buurthulp", "Leuven", "leuven-helpt"},
      {"hulp thuis", "Herent", "gezinszorg-herent"},
      {"boodschappen", "Herent", "gezinszorg-herent"},
      {"dokter", "", "maximumfactuur"},
      {"huisarts", "", "maximumfactuur"},
      {"school", "", "studietoelage"},
      {"studiebeurs", "", "studietoelage"},
      {"creche", "", "groeipakket-participatie"},
      {"kinderdagverblijf", "", "groeipakket-participatie"},
      {"bus", "", "de-lijn"},
      {"vervoer", "", "de-lijn"},
      {"vervoer", "", "nmbs"},
      {"trein", "", "nmbs"},
      {"huur", "", "huurpremie"},
      {"huurprijs", "", "huurpremie"},
      {"energiefactuur", "", "energiefonds"},
      {"elektriciteit", "", "energiefonds"},
      {"beperking", "", "ivt"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> ids = TownIds(c.query, InTown(c.town));
    EXPECT_TRUE(Has(ids, c.expected)) << c.query << " in '" << c.town << "' does not find " << c.expected;
  }
  EXPECT_EQ(TownIds("boodschappen", InTown("Leuven")).front(), "leuven-helpt");
  EXPECT_FALSE(Has(TownIds("boodschappen", InTown("Leuven")), "gezinszorg-herent"));
}

TEST(SearchSynonyms, TheWordsOfEveryVariantAreNotAlsoAnotherGroupsWholeVariant) {
  // A single-word variant in two groups would silently belong to the first only.
  Xapian::Stem stem = detail::MakeDutchStemmer();
  std::map<std::string, std::string_view> owner;
  for (const detail::SynonymGroup& group : detail::SynonymTable()) {
    for (std::string_view variant : group.variants) {
      std::string stems;
      for (detail::Word& word : detail::SplitWords(detail::Fold(variant))) stems += stem(word.text) + " ";
      auto [it, inserted] = owner.emplace(stems, group.name);
      EXPECT_TRUE(inserted || it->second == group.name)
          << "'" << variant << "' is in '" << it->second << "' and '" << group.name << "'";
    }
  }
}

TEST(SearchLogQuery, NormalisesAndKeepsNothingThatSaysWhoSearched) {
  EXPECT_EQ(NormalizeQuery("  Schulden,  HULP! "), "schulden hulp");
  EXPECT_EQ(NormalizeQuery("Financiële   steun"), "financiele steun");
  EXPECT_EQ(NormalizeQuery("rijksregister 85.07.30-123.45 leefloon"), "rijksregister leefloon");
  EXPECT_EQ(NormalizeQuery("BE68 5390 0754 7034"), "");
  EXPECT_EQ(NormalizeQuery("jan.peeters@example.org hulp"), "");
  EXPECT_EQ(NormalizeQuery("?!"), "");
  EXPECT_EQ(NormalizeQuery(""), "");
  std::string many;
  for (int i = 0; i < 40; ++i) many += "woord ";
  std::string normalised = NormalizeQuery(many);
  EXPECT_LE(normalised.size(), kMaxLoggedQueryBytes);
  EXPECT_EQ(normalised.size(), 95u);  // 16 words of 5 letters and 15 spaces, not cut inside a word
  EXPECT_EQ(NormalizeQuery(std::string(300, 'a')), std::string(kMaxLoggedQueryBytes, 'a'));
  EXPECT_EQ(NormalizeQuery(std::string(150, 'a') + "\xC3\xA9").size(), kMaxLoggedQueryBytes);
}

}  // namespace
}  // namespace search
