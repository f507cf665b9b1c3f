// search/synonyms.cpp
//
// THE synonym table of the search module, and its matcher. To add a synonym,
// add a variant to a group (or a new group) below and a line to the table in
// docs/search.md. Variants are written as people write them: case, accents
// and hyphens do not matter ("OCMW-steun" = "ocmw steun"), and inflections
// match through the stemmer ("huurtoelagen" finds "huurtoelage"). A variant
// of several words matches as a phrase, in the query and in the documents.
#include "search/synonyms.h"

#include <algorithm>

#include "search/text.h"

namespace search::detail {

const std::vector<SynonymGroup>& SynonymTable() {
  static const std::vector<SynonymGroup> table = {
      {"leefloon",
       {"leefloon", "OCMW-steun", "bijstand", "minimuminkomen", "integratie-inkomen", "maatschappelijke integratie"}},
      {"verhoogde tegemoetkoming",
       {"verhoogde tegemoetkoming", "VT", "BIM", "OMNIO", "voorkeurtarief", "voorkeurstarief", "voorkeurregeling"}},
      {"inkomensgarantie voor ouderen",
       {"IGO", "inkomensgarantie", "inkomensgarantie voor ouderen", "pensioenaanvulling", "pensioen aanvulling",
        "gewaarborgd inkomen"}},
      {"huurpremie", {"huurpremie", "huursubsidie", "huurtoelage", "huur", "huren", "huurder", "huurprijs"}},
      {"Groeipakket", {"kinderbijslag", "Groeipakket", "kindergeld", "gezinsbijslag"}},
      {"mantelzorg", {"mantelzorg", "mantelzorgpremie", "mantelzorger", "mantelzorgtoelage"}},
      {"verwarmingstoelage",
       {"stookolie", "verwarmingstoelage", "stookoliepremie", "verwarmingsfonds", "sociaal verwarmingsfonds", "mazout",
        "stookolietoelage", "verwarming"}},
      {"juridische bijstand",
       {"advocaat", "pro deo", "juridische bijstand", "juridische tweedelijnsbijstand", "tweedelijnsbijstand",
        "rechtsbijstand", "gratis advocaat"}},
      {"sociaal tarief energie",
       {"energie", "gas", "aardgas", "elektriciteit", "stroom", "sociaal tarief", "energiefactuur", "energiehulp",
        "energiefonds", "sociaal energiefonds", "Fonds Gas en Elektriciteit"}},
      {"telecom", {"internet", "telefoon", "gsm", "telecom", "sociaal telefoontarief"}},
      {"OCMW", {"OCMW", "sociaal huis", "sociale dienst"}},
      // Issue 21: words people use that the rights and services do not.
      {"schuldhulp",
       {"schulden", "schuld", "schuldhulp", "schuldhulpverlening", "schuldbemiddeling", "schuldbemiddelaar",
        "budgetbeheer", "budgetbegeleiding", "collectieve schuldenregeling", "schuldenregeling", "schuldeisers"}},
      {"hulp thuis",
       {"boodschappen", "boodschap", "hulp thuis", "thuishulp", "buurthulp", "burenhulp", "Leuven Helpt",
        "hulp in het huishouden", "gezinszorg"}},
      {"gezondheidskosten",
       {"dokter", "huisarts", "doktersbezoek", "ziekenfonds", "mutualiteit", "mutualiteiten", "ziekenhuis",
        "ziektekosten", "medische kosten", "gezondheidskosten", "remgeld"}},
      {"school en studie",
       {"school", "schoolkosten", "studietoelage", "schooltoelage", "schooltoeslag", "studiebeurs",
        "studiefinanciering"}},
      {"kinderopvang",
       {"kinderopvang", "kinderdagverblijf", "creche", "kribbe", "onthaalouder", "opvang", "kinderopvangtoeslag"}},
      {"vervoer", {"vervoer", "openbaar vervoer", "bus", "tram", "De Lijn", "trein", "NMBS"}},
      {"handicap", {"handicap", "beperking", "gehandicapt", "mindervalide", "invaliditeit"}},
  };
  return table;
}

SynonymMatcher::SynonymMatcher(const Xapian::Stem& stemmer) {
  const std::vector<SynonymGroup>& table = SynonymTable();
  variant_stems_.resize(table.size());
  for (size_t group = 0; group < table.size(); ++group) {
    for (std::string_view variant : table[group].variants) {
      std::vector<std::string> stems;
      for (Word& word : SplitWords(Fold(variant))) {
        stems.push_back(stemmer(word.text));
        vocabulary_.insert(std::move(word.text));
      }
      if (stems.empty()) continue;
      by_first_stem_[stems.front()].push_back({stems, group, variant_stems_[group].size()});
      variant_stems_[group].push_back(std::move(stems));
    }
  }
  for (auto& [first, entries] : by_first_stem_) {
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.stems.size() > b.stems.size(); });
  }
}

std::vector<SynonymMatcher::Match> SynonymMatcher::Find(const std::vector<std::string>& stems) const {
  std::vector<Match> matches;
  size_t i = 0;
  while (i < stems.size()) {
    size_t matched_length = 0;
    if (auto found = by_first_stem_.find(stems[i]); found != by_first_stem_.end()) {
      for (const Entry& entry : found->second) {
        const size_t n = entry.stems.size();
        if (i + n > stems.size() || !std::equal(entry.stems.begin(), entry.stems.end(), stems.begin() + i)) continue;
        matches.push_back({entry.group, entry.variant, i, n});
        matched_length = n;
        break;  // entries are longest first
      }
    }
    i += matched_length > 0 ? matched_length : 1;
  }
  return matches;
}

}  // namespace search::detail
