// screener/screener.cpp — answers → household → evaluation → next question.
#include "screener/screener.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "base/dutch.h"
#include "geo/geo.h"
#include "household/json_reader.h"
#include "household/schema.h"

namespace screener {
namespace {

using household::Entity;
using household::FieldSpec;
using household::FieldType;

constexpr int kMaxChildren = 12;
constexpr int kMaxOtherAdults = 6;

const std::map<std::string, std::string, std::less<>>& ValueLabels() {
  static const std::map<std::string, std::string, std::less<>> labels = {
      {"household.living_situation=alone", "alleen"},
      {"household.living_situation=couple", "met mijn partner, zonder kinderen"},
      {"household.living_situation=couple_with_children", "met mijn partner en kinderen"},
      {"household.living_situation=single_parent", "alleen met mijn kinderen"},
      {"household.living_situation=cohabiting_shared_household_costs", "samen met anderen, we delen de kosten"},
      {"household.living_situation=cohabiting_non_family", "samen met anderen die geen familie zijn"},
      {"household.living_situation=with_adult_child", "bij of met een volwassen kind"},
      {"household.living_situation=care_home", "in een woonzorgcentrum"},
      {"municipality.region=flanders", "Vlaanderen"},
      {"municipality.region=brussels", "Brussel"},
      {"municipality.region=wallonia", "Wallonië"},
      {"housing.tenure=owner", "eigenaar"},
      {"housing.tenure=tenant", "huurder (private huur)"},
      {"housing.tenure=social_tenant", "huurder van een sociale woning"},
      {"housing.tenure=homeless", "geen vaste woning"},
      {"housing.tenure=care_home", "woonzorgcentrum"},
      {"housing.tenure=other", "anders"},
      {"housing.landlord=private", "een private verhuurder"},
      {"housing.landlord=shm", "een woonmaatschappij (sociale huisvesting)"},
      {"housing.landlord=svk", "een sociaal verhuurkantoor"},
      {"housing.landlord=ocmw", "het OCMW"},
      {"housing.landlord=relative_same_address", "een familielid dat op hetzelfde adres woont"},
      {"housing.landlord=other", "anders"},
      {"housing.heating_fuel=heating_oil_bulk", "stookolie (levering aan huis)"},
      {"housing.heating_fuel=heating_oil_pump", "stookolie (aan de pomp)"},
      {"housing.heating_fuel=heating_paraffin_c", "verwarmingspetroleum"},
      {"housing.heating_fuel=bulk_propane", "propaangas in bulk"},
      {"housing.heating_fuel=natural_gas", "aardgas"},
      {"housing.heating_fuel=electricity", "elektriciteit"},
      {"housing.heating_fuel=bottled_gas", "gas in flessen"},
      {"housing.heating_fuel=heat_pump", "warmtepomp"},
      {"housing.heating_fuel=wood", "hout of pellets"},
      {"housing.heating_fuel=other", "anders"},
      {"marital_status=single", "ongehuwd"},
      {"marital_status=married", "gehuwd"},
      {"marital_status=legally_cohabiting", "wettelijk samenwonend"},
      {"marital_status=divorced", "gescheiden"},
      {"marital_status=separated", "feitelijk gescheiden"},
      {"marital_status=widowed", "weduwe of weduwnaar"},
  };
  return labels;
}

// The statuses the "already receiving" step offers, with Dutch labels.
// Who can have them: StatusFits.
const std::vector<Option>& StatusOptions() {
  static const std::vector<Option> options = {
      {"leefloon", "leefloon"},
      {"equivalent_leefloon", "equivalent leefloon (financiële steun van het OCMW)"},
      {"vt", "verhoogde tegemoetkoming van het ziekenfonds"},
      {"igo", "inkomensgarantie voor ouderen (IGO)"},
      {"gib", "gewaarborgd inkomen voor bejaarden"},
      {"ivt", "inkomensvervangende tegemoetkoming (handicap)"},
      {"it", "integratietegemoetkoming (handicap)"},
      {"zoz", "zorgbudget voor ouderen met een zorgnood"},
      {"zzb", "zorgbudget voor zwaar zorgbehoevenden"},
      {"hulp_van_derden", "tegemoetkoming hulp van derden"},
      {"zorgtoeslag_sob", "zorgtoeslag voor een kind met een specifieke ondersteuningsbehoefte"},
      {"groeipakket_sociale_toeslag", "sociale toeslag van het Groeipakket"},
      {"retirement_pension", "rustpensioen"},
      {"survivor_pension", "overlevingspensioen"},
      {"unemployed", "werkloosheidsuitkering (meer dan 3 maanden)"},
      {"incapacitated", "ziekte-uitkering (arbeidsongeschikt)"},
      {"invalid", "invaliditeitsuitkering"},
      {"collectieve_schuldenregeling", "collectieve schuldenregeling"},
      {"schuldbemiddeling", "schuldbemiddeling"},
      {"budgetbeheer", "budgetbeheer"},
      {"budgetbegeleiding", "budgetbegeleiding"},
      {"wzc_resident_flanders", "ik woon in een Vlaams woonzorgcentrum"},
      {"vsb_premium_paid", "ik betaal de zorgpremie (Vlaamse sociale bescherming)"},
  };
  return options;
}

// Whether a person of `age` (nullopt: unknown) can receive `status`: a child
// is not offered a pension or unemployment benefit, a 40-year-old no income
// guarantee for the elderly. The ages are the benefits' own lower bounds
// (IGO, GIB and the care budget for the elderly from 65, the retirement
// pension from 60 at the earliest, the integration and income replacement
// allowances from 21, leefloon and most benefits from 18) and the upper
// bound of the zorgtoeslag (a child under 21).
bool StatusFits(std::string_view status, std::optional<int> age, bool child) {
  const int a = age.value_or(child ? 10 : 40);
  static const std::map<std::string_view, std::pair<int, int>, std::less<>> ages = {
      {"igo", {65, 200}},         {"gib", {65, 200}},
      {"zoz", {65, 200}},         {"retirement_pension", {60, 200}},
      {"ivt", {21, 200}},         {"it", {21, 200}},
      {"leefloon", {18, 200}},    {"equivalent_leefloon", {18, 200}},
      {"survivor_pension", {18, 200}}, {"unemployed", {18, 200}},
      {"incapacitated", {18, 200}},    {"invalid", {18, 200}},
      {"hulp_van_derden", {18, 200}},  {"collectieve_schuldenregeling", {18, 200}},
      {"schuldbemiddeling", {18, 200}}, {"budgetbeheer", {18, 200}},
      {"budgetbegeleiding", {18, 200}}, {"vsb_premium_paid", {25, 200}},
      {"wzc_resident_flanders", {60, 200}}, {"zorgtoeslag_sob", {0, 20}},
  };
  auto it = ages.find(status);
  if (it == ages.end()) return true;
  if (!age && it->second.first >= 60) return false;  // not known to be old: not offered
  return a >= it->second.first && a <= it->second.second;
}

// Applicant-facing wording: "Is deze persoon zwanger?" → "Bent u zwanger?".
std::string ForPerson(std::string text, const std::string& who, bool applicant) {
  static const std::vector<std::pair<std::string, std::string>> second_person = {
      {"de geboortedatum van deze persoon", "uw geboortedatum"},
      {"de burgerlijke staat van deze persoon", "uw burgerlijke staat"},
      {"de nationaliteit van deze persoon", "uw nationaliteit"},
      {"Is deze persoon", "Bent u"},           {"Heeft deze persoon", "Hebt u"},
      {"Verblijft deze persoon", "Verblijft u"}, {"Was deze persoon", "Was u"},
      {"Komt deze persoon", "Komt u"},         {"Kan deze persoon", "Kunt u"},
      {"geeft deze persoon", "geeft u"},       {"woonde deze persoon", "woonde u"},
      {"Hoe oud is deze persoon", "Hoe oud bent u"}, {"van deze persoon", "van u"},
      {"voor de persoon", "voor u"},           {"de persoon", "u"},
      {"deze persoon", "u"}};
  if (applicant) {
    for (const auto& [from, to] : second_person) {
      if (size_t at = text.find(from); at != std::string::npos) {
        text.replace(at, from.size(), to);
        // "of u zwanger is" → "of u zwanger bent": the verb follows the subject.
        if (text.rfind("of u ", 0) == 0) {
          for (auto [third, second] : {std::pair{" is", " bent"}, std::pair{" heeft", " hebt"}}) {
            size_t verb = text.find(third);
            while (verb != std::string::npos) {
              size_t end = verb + std::string_view(third).size();
              if (end == text.size() || text[end] == ' ' || text[end] == ',') {
                text.replace(verb, std::string_view(third).size(), second);
                break;
              }
              verb = text.find(third, end);
            }
          }
        }
        return text;
      }
    }
    return text;
  }
  for (std::string_view from : {"deze persoon", "de persoon"}) {
    if (size_t at = text.find(from); at != std::string::npos) return text.replace(at, from.size(), who);
  }
  return text + " (" + who + ")";
}

struct PersonPath {
  size_t index;
  std::string field;
};

std::optional<PersonPath> SplitPersonPath(std::string_view path) {
  static constexpr std::string_view kPrefix = "household.persons[";
  if (path.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  size_t close = path.find("].", kPrefix.size());
  if (close == std::string_view::npos) return std::nullopt;
  size_t index = 0;
  for (char c : path.substr(kPrefix.size(), close - kPrefix.size())) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<size_t>(c - '0');
    if (index > 100) return std::nullopt;
  }
  return PersonPath{index, std::string(path.substr(close + 2))};
}

std::optional<int> ParseCount(const std::string& text, int max) {
  auto n = base::ParseDutchWholeNumber(text);
  if (!n || *n > max) return std::nullopt;
  return static_cast<int>(*n);
}

std::optional<base::Money> ParseEuro(const std::string& text) { return base::ParseDutchAmount(text); }

std::optional<base::Date> ParseDate(const std::string& text) { return base::ParseDutchDate(text); }

// Converts one typed answer into its JSON value, or explains why not.
std::optional<nlohmann::json> TypedValue(const FieldSpec& spec, const std::string& value, std::string& error) {
  switch (spec.type) {
    case FieldType::kBool:
      if (value == "ja" || value == "true") return nlohmann::json(true);
      if (value == "nee" || value == "false") return nlohmann::json(false);
      error = "kies ja of nee";
      return std::nullopt;
    case FieldType::kInt: {
      auto n = base::ParseDutchWholeNumber(value);
      if (!n) {
        error = "vul een geheel getal in, bijvoorbeeld 3 of 1.350";
        return std::nullopt;
      }
      return nlohmann::json(*n);
    }
    case FieldType::kMoney: {
      auto money = ParseEuro(value);
      if (!money) {
        error = "vul een bedrag in euro in, bijvoorbeeld 1.250,50";
        return std::nullopt;
      }
      return nlohmann::json::parse(money->ToString());
    }
    case FieldType::kDate: {
      auto date = ParseDate(value);
      if (!date) {
        error = "vul een datum in als dag/maand/jaar, bijvoorbeeld 12/04/1991";
        return std::nullopt;
      }
      // The household reader takes no other years (base::kSupportedDates).
      if (!base::IsSupportedYear(date->year())) {
        error = "vul een datum in tussen 01/01/1800 en 31/12/2200";
        return std::nullopt;
      }
      return nlohmann::json(date->ToString());
    }
    case FieldType::kText:
      if (value.empty() || value.size() > 200) {
        error = "vul een korte tekst in";
        return std::nullopt;
      }
      return nlohmann::json(value);
    case FieldType::kEnum:
      if (!household::EnumIndex(spec, value)) {
        error = "kies een van de mogelijkheden";
        return std::nullopt;
      }
      return nlohmann::json(value);
  }
  return std::nullopt;
}

// Sets `value` at a dotted path under `node`, creating objects on the way.
void SetPath(nlohmann::json& node, std::string_view dotted, nlohmann::json value) {
  nlohmann::json* at = &node;
  size_t start = 0;
  while (true) {
    size_t dot = dotted.find('.', start);
    std::string key(dotted.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) {
      (*at)[key] = std::move(value);
      return;
    }
    at = &(*at)[key];
    start = dot + 1;
  }
}

struct Member {
  std::string id;
  std::string relationship;
};

std::vector<Member> Members(const Answers& answers) {
  std::vector<Member> members = {{"u", "self"}};
  if (answers.Get(kPartner) == "ja") members.push_back({"uw partner", "partner"});
  int children = ParseCount(answers.Get(kChildren).value_or("0"), kMaxChildren).value_or(0);
  for (int i = 1; i <= children; ++i) members.push_back({"kind " + std::to_string(i), "child"});
  int adults = ParseCount(answers.Get(kOtherAdults).value_or("0"), kMaxOtherAdults).value_or(0);
  for (int i = 1; i <= adults; ++i) members.push_back({"huisgenoot " + std::to_string(i), "other_family"});
  return members;
}

// The answer at `path` as JSON text ("true", "\"tenant\"", "3"), the form
// the prerequisites compare; nullopt when it is not answered or not usable.
std::optional<std::string> AnswerJson(const Answers& answers, const std::string& path) {
  auto value = answers.Get(path);
  if (!value) return std::nullopt;
  const FieldSpec* spec = nullptr;
  if (auto person = SplitPersonPath(path)) {
    if (auto f = household::FindField(Entity::kPerson, person->field)) spec = &household::Fields(Entity::kPerson)[*f];
  } else if (auto f = household::FindField(Entity::kHousehold, path)) {
    spec = &household::Fields(Entity::kHousehold)[*f];
  }
  if (!spec) return std::nullopt;
  std::string error;
  auto typed = TypedValue(*spec, *value, error);
  if (!typed) return std::nullopt;
  return typed->dump();
}

// The prerequisite of the input at `path`, with the path of the input it requires.
const household::Prerequisite* PrerequisiteOf(const std::string& path, std::string& required_path) {
  const household::Prerequisite* p = nullptr;
  if (auto person = SplitPersonPath(path)) {
    p = household::FindPrerequisite(Entity::kPerson, person->field);
    if (p) required_path = household::PersonPath(person->index, p->requires_field);
  } else {
    p = household::FindPrerequisite(Entity::kHousehold, path);
    if (p) required_path = std::string(p->requires_field);
  }
  return p;
}

// kUnknownPrerequisite: the person did not know the prerequisite ("Weet ik
// niet"), so what depends on it is not asked either, and stays unknown.
enum class Relevance { kAsk, kRuledOut, kAskFirst, kUnknownPrerequisite };

// Whether the input at `path` is worth asking now (kAsk), not at all because
// its prerequisite rules it out or is not known, or only after `ask_first`.
Relevance RelevanceOf(const Answers& answers, const std::string& path, base::Date date, std::string& ask_first,
                      int depth = 0) {
  std::string required;
  const household::Prerequisite* p = PrerequisiteOf(path, required);
  if (!p || depth > 4) return Relevance::kAsk;
  if (p->requires_field == "age") {
    auto person = SplitPersonPath(path);
    if (!person) return Relevance::kAsk;
    const std::string birth_path = household::PersonPath(person->index, "birth_date");
    std::optional<int> age;
    if (auto birth = answers.Get(birth_path)) {
      if (auto day = ParseDate(*birth)) age = base::AgeOn(*day, date);
    } else if (auto given = answers.Get(household::PersonPath(person->index, "age"))) {
      if (auto n = base::ParseDutchWholeNumber(*given)) age = static_cast<int>(*n);
    }
    if (age) return *age >= p->min_age && *age <= p->max_age ? Relevance::kAsk : Relevance::kRuledOut;
    if (answers.IsSkipped(birth_path)) return Relevance::kAsk;  // an age matters too much to give up on
    ask_first = birth_path;
    return Relevance::kAskFirst;
  }
  if (auto value = AnswerJson(answers, required)) {
    return std::find(p->when.begin(), p->when.end(), *value) != p->when.end() ? Relevance::kAsk : Relevance::kRuledOut;
  }
  if (answers.IsSkipped(required)) return Relevance::kUnknownPrerequisite;
  if (answers.Get(required)) return Relevance::kAsk;  // an answer that could not be used
  std::string deeper;
  const Relevance r = RelevanceOf(answers, required, date, deeper, depth + 1);
  if (r == Relevance::kRuledOut || r == Relevance::kUnknownPrerequisite) return r;
  ask_first = r == Relevance::kAskFirst ? deeper : required;
  return Relevance::kAskFirst;
}

// Whether `field` is a yes/no fact of a person, which several members can
// answer on one screen (kMembers).
bool IsYesNoPersonField(std::string_view field) {
  auto id = household::FindField(Entity::kPerson, field);
  return id && household::Fields(Entity::kPerson)[*id].type == FieldType::kBool;
}

// "wie:<field>:<i>,<j>" → the field and the members' indices.
std::optional<std::pair<std::string, std::vector<size_t>>> SplitMembersPath(std::string_view path) {
  if (!path.starts_with(kMembersPrefix)) return std::nullopt;
  path.remove_prefix(kMembersPrefix.size());
  const size_t colon = path.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::vector<size_t> members;
  size_t index = 0;
  bool digits = false;
  for (char c : path.substr(colon + 1)) {
    if (c == ',') {
      if (!digits) return std::nullopt;
      members.push_back(index);
      index = 0;
      digits = false;
    } else if (c >= '0' && c <= '9' && index < 100) {
      index = index * 10 + static_cast<size_t>(c - '0');
      digits = true;
    } else {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  members.push_back(index);
  return std::pair{std::string(path.substr(0, colon)), std::move(members)};
}

}  // namespace

std::optional<std::string> Answers::Get(std::string_view path) const {
  for (auto it = values.rbegin(); it != values.rend(); ++it) {
    if (it->first == path) return it->second;
  }
  return std::nullopt;
}

void Answers::Set(std::string path, std::string value) {
  for (auto& [p, v] : values) {
    if (p == path) {
      v = std::move(value);
      return;
    }
  }
  values.emplace_back(std::move(path), std::move(value));
}

bool Answers::IsSkipped(std::string_view path) const {
  return std::find(skipped.begin(), skipped.end(), path) != skipped.end();
}

std::string ValueLabel(std::string_view field, std::string_view value) {
  std::string key = std::string(field) + "=" + std::string(value);
  auto it = ValueLabels().find(key);
  if (it != ValueLabels().end()) return it->second;
  for (const auto& option : StatusOptions()) {
    if (field == "statuses" && option.value == value) return option.label;
  }
  return std::string(value);
}

Evaluation Evaluate(const rules::RuleBase& rules, const Answers& answers, base::Date date, bool with_tree,
                    bool sentences_list_assumptions) {
  Evaluation out;
  out.reference_date = date;
  nlohmann::json doc;
  doc["reference_date"] = date.ToString();
  std::vector<Member> members = Members(answers);
  nlohmann::json persons = nlohmann::json::array();
  for (const auto& m : members) persons.push_back({{"id", m.id}, {"relationship_to_applicant", m.relationship}});
  doc["household"]["persons"] = persons;
  // The municipalities the screener offers are those of the site's
  // directory, which the table of geo/ knows, with their region; "andere", or
  // a name the table does not know, leaves the municipality to ask.
  if (auto name = answers.Get(kMunicipality); name && !name->empty() && *name != "andere") {
    if (const geo::Municipality* m = geo::ByName(*name)) {
      doc["municipality"]["name"] = m->name;
      doc["municipality"]["nis"] = m->nis;
      doc["municipality"]["region"] = m->region == geo::Region::kBrussels ? "brussels" : "flanders";
    }
  }
  // The living situation follows from the composition when it is unambiguous.
  const bool partner = answers.Get(kPartner) == "ja";
  const int children = ParseCount(answers.Get(kChildren).value_or("0"), kMaxChildren).value_or(0);
  const int others = ParseCount(answers.Get(kOtherAdults).value_or("0"), kMaxOtherAdults).value_or(0);
  if (answers.Get(kOtherAdults) && others == 0) {
    doc["household"]["living_situation"] = partner ? (children > 0 ? "couple_with_children" : "couple")
                                                   : (children > 0 ? "single_parent" : "alone");
  }

  for (const auto& [path, value] : answers.values) {
    if (path == kMunicipality || path == kPartner || path == kChildren || path == kOtherAdults) continue;
    std::string error;
    if (path == household::kOwnedRealEstate) {
      const FieldSpec ki{"ki", Entity::kHousehold, FieldType::kMoney, {}, "", ""};
      auto amount = TypedValue(ki, value, error);
      if (amount) {
        doc["housing"]["owned_real_estate"] =
            amount->get<double>() == 0 ? nlohmann::json::array()
                                       : nlohmann::json::array({{{"type", "other_dwelling"}, {"ki_non_indexed", *amount}}});
      }
    } else if (auto person = SplitPersonPath(path)) {
      if (person->index >= members.size()) continue;  // a member that no longer exists
      nlohmann::json& p = doc["household"]["persons"][person->index];
      if (person->field == household::kIncomes) {
        const FieldSpec money{"income", Entity::kPerson, FieldType::kMoney, {}, "", ""};
        auto amount = TypedValue(money, value, error);
        if (amount) {
          p["incomes"] = amount->get<double>() == 0
                             ? nlohmann::json::array()
                             : nlohmann::json::array(
                                   {{{"kind", "other"}, {"amount", *amount}, {"period", "month"}, {"basis", "net"}}});
        }
      } else if (person->field == household::kStatuses) {
        nlohmann::json list = nlohmann::json::array();
        size_t start = 0;
        while (start < value.size()) {
          size_t comma = value.find(',', start);
          std::string status = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
          bool known = std::any_of(StatusOptions().begin(), StatusOptions().end(),
                                   [&](const Option& o) { return o.value == status; });
          if (known) list.push_back({{"status", status}});
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
        p["statuses"] = list;
      } else if (auto field = household::FindField(Entity::kPerson, person->field)) {
        const FieldSpec& spec = household::Fields(Entity::kPerson)[*field];
        if (person->field == "id" || person->field == "relationship_to_applicant") continue;
        if (auto typed = TypedValue(spec, value, error)) {
          // Nobody is born after the day the check is made for.
          if (person->field == "birth_date" && typed->get<std::string>() > date.ToString()) {
            error = "die datum ligt na " + date.ToDutch() + "; vul de geboortedatum in";
          } else {
            SetPath(p, person->field, *typed);
          }
        }
      } else {
        error = "onbekende vraag";
      }
    } else if (auto field = household::FindField(Entity::kHousehold, path)) {
      if (auto typed = TypedValue(household::Fields(Entity::kHousehold)[*field], value, error)) {
        SetPath(doc, path, *typed);
      }
    } else {
      error = "onbekende vraag";
    }
    if (!error.empty()) out.errors.push_back({path, error});
  }

  // What a prerequisite rules out is not asked; where the schema says what
  // the input is then ("no recognised handicap: no points"), it is that.
  for (const household::Prerequisite& prerequisite : household::Prerequisites()) {
    if (prerequisite.otherwise.empty()) continue;
    const auto apply = [&](const std::string& path, nlohmann::json& node) {
      if (answers.Get(path)) return;
      std::string ignored;
      if (RelevanceOf(answers, path, date, ignored) != Relevance::kRuledOut) return;
      SetPath(node, prerequisite.field, nlohmann::json::parse(prerequisite.otherwise));
    };
    if (prerequisite.entity == Entity::kPerson) {
      for (size_t i = 0; i < members.size(); ++i) {
        apply(household::PersonPath(i, prerequisite.field), doc["household"]["persons"][i]);
      }
    } else {
      apply(std::string(prerequisite.field), doc);
    }
  }

  // Replace, not throw: an answer's text is not trusted to be UTF-8.
  auto hh = household::ReadHousehold(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "antwoorden");
  if (!hh.ok()) {
    // Every answer was validated above; this is a defect, reported, not hidden.
    out.errors.push_back({"", hh.error().message()});
    auto fallback = household::ReadHousehold(R"({"household": {"persons": [{"id": "u"}]}})", "antwoorden");
    out.household = std::move(fallback).value();
  } else {
    out.household = std::move(hh).value();
  }
  rules::eval::Evaluator evaluator(rules.program);
  rules::eval::Options options;
  options.explain = true;
  options.tree = with_tree;
  options.sentence_lists_assumptions = sentences_list_assumptions;
  out.outcomes = evaluator.EvaluateAll(out.household, date, options);
  return out;
}

std::vector<Assumed> Assumptions(const rules::RuleBase& rules, const Evaluation& evaluation) {
  std::vector<Assumed> out;
  for (const auto& outcome : evaluation.outcomes) {
    for (const auto& a : outcome.assumptions) {
      const std::string& sentence = rules.program.assumptions[a.assumption].sentence;
      auto same = std::find_if(out.begin(), out.end(), [&](const Assumed& x) { return x.sentence == sentence; });
      if (same == out.end()) same = out.insert(out.end(), Assumed{sentence, {}, std::nullopt});
      if (std::find(same->rights.begin(), same->rights.end(), outcome.right) == same->rights.end()) {
        same->rights.push_back(outcome.right);
      }
      for (const auto& m : a.missing) {
        if (same->path) break;
        std::string path = rules::eval::MissingPath(m, rules.program);
        if (QuestionFor(evaluation, path)) same->path = std::move(path);
      }
    }
  }
  return out;
}

std::optional<Question> NextCompositionQuestion(const Answers& answers,
                                                const std::vector<std::string>& municipalities) {
  if (!answers.Get(kMunicipality)) {
    Question q{std::string(kMunicipality), InputKind::kChoice, "In welke gemeente woont u?", "uw gemeente", {}, 0};
    for (const auto& m : municipalities) q.options.push_back({m, m});
    q.options.push_back({"andere", "een andere gemeente"});
    return q;
  }
  if (!answers.Get(kPartner) || !answers.Get(kChildren) || !answers.Get(kOtherAdults)) {
    return Question{std::string(kComposition), InputKind::kComposition, "Wie woont er bij u?", "uw gezin", {}, 0};
  }
  return std::nullopt;
}

std::optional<Question> QuestionFor(const Evaluation& evaluation, const std::string& path) {
  Question q;
  q.path = path;
  auto person_name = [&](size_t index) {
    static const auto id = household::FindField(Entity::kPerson, "id");
    if (index < evaluation.household.persons.size()) return evaluation.household.persons[index].facts[*id].text;
    return std::string("iemand");
  };
  if (auto group = SplitMembersPath(path); group && group->first == household::kStatuses) {
    // What the other members already receive, on one screen: "1:vt" for kind 1.
    q.kind = InputKind::kStatuses;
    q.text = "Welke uitkeringen of voordelen krijgen de anderen in uw gezin al?";
    q.label = "wat de anderen al krijgen";
    for (size_t index : group->second) {
      std::optional<Question> own = QuestionFor(evaluation, household::PersonPath(index, household::kStatuses));
      if (!own || index >= evaluation.household.persons.size()) return std::nullopt;
      const std::string who = person_name(index);
      for (const Option& option : own->options) {
        q.options.push_back({std::to_string(index) + ":" + option.value, who + ": " + option.label});
      }
    }
    return q;
  }
  if (auto group = SplitMembersPath(path)) {
    if (!IsYesNoPersonField(group->first)) return std::nullopt;
    const FieldSpec& spec = household::Fields(Entity::kPerson)[*household::FindField(Entity::kPerson, group->first)];
    q.kind = InputKind::kMembers;
    std::string text(spec.question);
    for (std::string_view from : {"deze persoon", "de persoon", "dit kind"}) {
      if (size_t at = text.find(from); at != std::string::npos) {
        text.replace(at, from.size(), "iemand in uw gezin");
        break;
      }
    }
    q.text = text + " Duid aan wie.";
    q.label = std::string(spec.label);
    for (size_t index : group->second) {
      if (index >= evaluation.household.persons.size()) return std::nullopt;
      q.options.push_back({std::to_string(index), person_name(index)});
    }
    return q;
  }
  if (path == household::kOwnedRealEstate) {
    q.kind = InputKind::kMoney;
    q.text = "Wat is het totale niet-geïndexeerde kadastraal inkomen van het onroerend goed dat uw gezin bezit, "
             "buiten uw eigen woning? (0 als u niets anders bezit)";
    q.label = "kadastraal inkomen van ander onroerend goed";
    return q;
  }
  if (auto person = SplitPersonPath(path)) {
    const bool applicant = person->index == 0;
    const std::string who = person_name(person->index);
    if (person->field == household::kIncomes) {
      q.kind = InputKind::kIncome;
      q.text = applicant ? "Hoeveel bedraagt uw netto-inkomen per maand (loon, uitkering, pensioen)? Vul 0 in als u "
                           "geen inkomen hebt."
                         : "Hoeveel bedraagt het netto-inkomen per maand van " + who + "? Vul 0 in als er geen is.";
      q.label = applicant ? "uw netto-inkomen per maand" : "netto-inkomen per maand van " + who;
      return q;
    }
    if (person->field == household::kStatuses) {
      q.kind = InputKind::kStatuses;
      q.text = applicant ? "Welke uitkeringen of voordelen krijgt u al?" : "Welke uitkeringen of voordelen krijgt " +
                                                                                who + " al?";
      q.label = applicant ? "wat u al krijgt" : "wat " + who + " al krijgt";
      std::optional<int> age;
      bool child = false;
      if (person->index < evaluation.household.persons.size()) {
        const auto& facts = evaluation.household.persons[person->index].facts;
        static const auto birth = household::FindField(Entity::kPerson, "birth_date");
        static const auto age_field = household::FindField(Entity::kPerson, "age");
        static const auto role = household::FindField(Entity::kPerson, "relationship_to_applicant");
        if (facts[*birth].present) {
          age = base::AgeOn(base::Date::FromDays(static_cast<int32_t>(facts[*birth].number)), evaluation.reference_date);
        } else if (facts[*age_field].present) {
          age = static_cast<int>(facts[*age_field].number);
        }
        child = facts[*role].text == "child";
      }
      for (const Option& option : StatusOptions()) {
        if (StatusFits(option.value, age, child)) q.options.push_back(option);
      }
      return q;
    }
    auto field = household::FindField(Entity::kPerson, person->field);
    if (!field || person->field == "id" || person->field == "relationship_to_applicant") return std::nullopt;
    const FieldSpec& spec = household::Fields(Entity::kPerson)[*field];
    q.text = ForPerson(std::string(spec.question), who, applicant);
    q.label = ForPerson(std::string(spec.label), who, applicant);
    if (!applicant && q.label.find(who) == std::string::npos) q.label += " van " + who;
    switch (spec.type) {
      case FieldType::kBool: q.kind = InputKind::kBool; break;
      case FieldType::kInt: q.kind = InputKind::kInt; break;
      case FieldType::kMoney: q.kind = InputKind::kMoney; break;
      case FieldType::kDate: q.kind = InputKind::kDate; break;
      case FieldType::kText: q.kind = InputKind::kText; break;
      case FieldType::kEnum: q.kind = InputKind::kChoice; break;
    }
    for (auto v : spec.values) {
      if (!v.empty() && v.back() != '*') q.options.push_back({std::string(v), ValueLabel(spec.name, v)});
    }
    return q;
  }
  auto field = household::FindField(Entity::kHousehold, path);
  if (!field || path == "municipality.name" || path == "municipality.nis") return std::nullopt;
  const FieldSpec& spec = household::Fields(Entity::kHousehold)[*field];
  q.text = std::string(spec.question);
  q.label = std::string(spec.label);
  switch (spec.type) {
    case FieldType::kBool: q.kind = InputKind::kBool; break;
    case FieldType::kInt: q.kind = InputKind::kInt; break;
    case FieldType::kMoney: q.kind = InputKind::kMoney; break;
    case FieldType::kDate: q.kind = InputKind::kDate; break;
    case FieldType::kText: q.kind = InputKind::kText; break;
    case FieldType::kEnum: q.kind = InputKind::kChoice; break;
  }
  for (auto v : spec.values) q.options.push_back({std::string(v), ValueLabel(spec.name, v)});
  return q;
}

std::optional<Question> NextQuestion(const rules::RuleBase& rules, const Evaluation& evaluation,
                                     const Answers& answers, std::string_view last) {
  std::map<std::string, double> worth;
  std::map<std::string, int> decides;
  std::vector<std::string> order;
  for (const auto& outcome : evaluation.outcomes) {
    if (outcome.status != rules::eval::Status::kUndetermined) continue;
    std::vector<std::string> asks;
    for (const auto& m : outcome.missing) {
      std::string path = rules::eval::MissingPath(m, rules.program);
      if (path.rfind("parameter:", 0) == 0) continue;  // not the household's to answer
      if (auto person = SplitPersonPath(path); person && household::DecidedByTheService(person->field)) continue;
      std::string first;
      switch (RelevanceOf(answers, path, evaluation.reference_date, first)) {
        case Relevance::kRuledOut:
        case Relevance::kUnknownPrerequisite: continue;
        case Relevance::kAskFirst: path = std::move(first); break;
        case Relevance::kAsk: break;
      }
      if (answers.IsSkipped(path) || answers.Get(path)) continue;
      if (std::find(asks.begin(), asks.end(), path) == asks.end()) asks.push_back(std::move(path));
    }
    for (const std::string& path : asks) {
      if (decides[path]++ == 0) order.push_back(path);
      worth[path] += 1.0 / static_cast<double>(asks.size());
    }
  }
  std::map<std::string, std::optional<Question>> questions;
  const auto question = [&](const std::string& path) -> const std::optional<Question>& {
    auto it = questions.find(path);
    if (it == questions.end()) it = questions.emplace(path, QuestionFor(evaluation, path)).first;
    return it->second;
  };
  // A fact that can go on one screen for several members is worth what it is
  // worth for all of them together.
  // (What the applicant receives keeps a screen of its own.)
  const auto groupable = [](const std::optional<PersonPath>& person) {
    if (!person) return false;
    if (person->field == household::kStatuses) return person->index > 0;
    return IsYesNoPersonField(person->field);
  };
  std::map<std::string, double> field_worth;
  for (const std::string& path : order) {
    if (auto person = SplitPersonPath(path); groupable(person)) field_worth[person->field] += worth[path];
  }
  std::erase_if(order, [&](const std::string& path) {
    auto person = SplitPersonPath(path);
    const double screen_worth = groupable(person) ? field_worth[person->field] : worth[path];
    return screen_worth < kMinWorth || !question(path);
  });
  if (order.empty()) return std::nullopt;

  // A yes/no fact of a person that other members miss too: one screen for all.
  const auto group_of = [&](const std::string& path) -> std::optional<std::string> {
    auto person = SplitPersonPath(path);
    if (!groupable(person)) return std::nullopt;
    std::string members;
    int count = 0;
    for (size_t i = person->field == household::kStatuses ? 1 : 0; i < evaluation.household.persons.size(); ++i) {
      const std::string other = household::PersonPath(i, person->field);
      if (std::find(order.begin(), order.end(), other) == order.end()) continue;
      members += (members.empty() ? "" : ",") + std::to_string(i);
      ++count;
    }
    if (count < 2) return std::nullopt;
    return std::string(kMembersPrefix) + person->field + ":" + members;
  };
  // The screens still worth showing: each group counts once.
  std::vector<std::string> screens;
  for (const std::string& path : order) {
    std::string screen = group_of(path).value_or(path);
    if (screen.starts_with(kMembersPrefix)) screen = screen.substr(0, screen.rfind(':'));
    if (std::find(screens.begin(), screens.end(), screen) == screens.end()) screens.push_back(screen);
  }

  // What people know and what decides the most comes first: what they already
  // receive and their income; then the most points; the same person's
  // questions stay together while they are worth at least 60 % of the best.
  std::string chosen;
  for (const char* first : {"household.persons[0].statuses", "household.persons[0].incomes"}) {
    if (std::find(order.begin(), order.end(), first) != order.end()) {
      chosen = first;
      break;
    }
  }
  if (chosen.empty()) {
    std::stable_sort(order.begin(), order.end(),
                     [&](const std::string& a, const std::string& b) { return worth[a] > worth[b]; });
    chosen = order.front();
    std::optional<size_t> last_person;
    if (auto person = SplitPersonPath(last)) last_person = person->index;
    if (last_person) {
      for (const std::string& path : order) {
        auto person = SplitPersonPath(path);
        if (person && person->index == *last_person && worth[path] >= 0.6 * worth[chosen]) {
          chosen = path;
          break;
        }
      }
    }
  }
  std::optional<Question> q;
  int decided = decides[chosen];
  if (std::optional<std::string> group = group_of(chosen)) {
    q = QuestionFor(evaluation, *group);
    decided = 0;
    const auto members = SplitMembersPath(*group);
    const std::string field = SplitPersonPath(chosen)->field;
    for (size_t index : members->second) decided += decides[household::PersonPath(index, field)];
  }
  if (!q) q = question(chosen);
  q->decides = decided;
  q->remaining = static_cast<int>(screens.size()) - 1;
  return q;
}

namespace {

void Forget(Answers& answers, const std::string& path) {
  answers.values.erase(std::remove_if(answers.values.begin(), answers.values.end(),
                                      [&](const auto& pair) { return pair.first == path; }),
                       answers.values.end());
}

}  // namespace

Screen Step(const rules::RuleBase& rules, Answers answers, const Input& input,
            const std::vector<std::string>& municipalities, base::Date date) {
  Screen screen;
  const std::string& asked = input.asked;
  const auto record = [&answers](const std::string& path, std::string value) {
    answers.Set(path, std::move(value));
    answers.skipped.erase(std::remove(answers.skipped.begin(), answers.skipped.end(), path), answers.skipped.end());
  };
  if (asked == kComposition && input.action == "answer") {
    // "partner=ja", "kinderen=2", "andere_volwassenen=0": each checked, then all kept.
    std::map<std::string, std::string, std::less<>> given;
    for (const std::string& value : input.values) {
      const size_t eq = value.find('=');
      if (eq != std::string::npos) given[value.substr(0, eq)] = value.substr(eq + 1);
    }
    const auto count = [&](std::string_view key, int max) { return ParseCount(given[std::string(key)], max); };
    if (given[std::string(kPartner)] != "ja" && given[std::string(kPartner)] != "nee") {
      screen.error = "Duid aan of u samenwoont met een partner.";
    } else if (!count(kChildren, kMaxChildren)) {
      screen.error = "Vul het aantal kinderen in als een getal van 0 tot " + std::to_string(kMaxChildren) + ".";
    } else if (!count(kOtherAdults, kMaxOtherAdults)) {
      screen.error =
          "Vul het aantal andere volwassenen in als een getal van 0 tot " + std::to_string(kMaxOtherAdults) + ".";
    } else {
      for (std::string_view key : {kPartner, kChildren, kOtherAdults}) answers.Set(std::string(key), given[std::string(key)]);
    }
  } else if (auto group = SplitMembersPath(asked); group && (input.action == "answer" || input.action == "skip")) {
    // One screen for several members: the ticked ones "ja", the others "nee";
    // for what they receive, each member's ticked statuses ("1:vt").
    for (size_t index : group->second) {
      const std::string path = household::PersonPath(index, group->first);
      if (input.action == "skip") {
        answers.skipped.push_back(path);
        continue;
      }
      if (group->first == household::kStatuses) {
        const std::string prefix = std::to_string(index) + ":";
        std::string list;
        for (const std::string& value : input.values) {
          if (value.starts_with(prefix)) list += (list.empty() ? "" : ",") + value.substr(prefix.size());
        }
        record(path, list);
        continue;
      }
      const bool ticked = std::find(input.values.begin(), input.values.end(), std::to_string(index)) != input.values.end();
      record(path, ticked ? "ja" : "nee");
    }
  } else if (!asked.empty() && input.action == "answer") {
    std::string value;
    for (const auto& v : input.values) {
      if (v.empty()) continue;
      value += (value.empty() ? "" : ",") + v;
    }
    const bool statuses = asked.size() > 9 && asked.ends_with(".statuses");  // ticking none is an answer
    if (value.empty() && !statuses) {
      screen.error = "Geef een antwoord, of kies ‘Weet ik niet’.";
    } else {
      record(asked, value);
    }
  } else if (!asked.empty() && input.action == "skip") {
    answers.skipped.push_back(asked);
  }
  auto ask = [&](Question q, bool composition) {
    screen.kind = ScreenKind::kQuestion;
    screen.question = std::move(q);
    screen.composition = composition;
    screen.answers = std::move(answers);
    return std::move(screen);
  };
  if (input.edit.empty()) {
    if (auto composition = NextCompositionQuestion(answers, municipalities)) return ask(*composition, true);
  }
  Evaluation evaluation = Evaluate(rules, answers, date, input.action == "results");
  for (const auto& e : evaluation.errors) {
    if (e.path == asked) {
      screen.error = "Dat antwoord kunnen we niet gebruiken: " + e.message + ".";
      Forget(answers, asked);
    }
  }
  if (!input.edit.empty()) {
    screen.error.clear();  // the answer to change is shown as it was
    std::optional<Question> q = QuestionFor(evaluation, input.edit);
    if (!q) q = NextCompositionQuestion(Answers{}, municipalities);
    if (q && input.edit != q->path) {
      // A composition answer: ask it again from the start, prefilled with the old answer.
      Answers without = answers;
      Forget(without, input.edit);
      if (auto again = NextCompositionQuestion(without, municipalities)) return ask(*again, true);
    }
    if (q) return ask(*q, false);
  }
  auto show = [&](ScreenKind kind) {
    screen.kind = kind;
    screen.answers = std::move(answers);
    screen.evaluation = std::move(evaluation);
    return std::move(screen);
  };
  if (input.action == "results") return show(ScreenKind::kResults);
  if (input.action == "overview") return show(ScreenKind::kOverview);
  if (!screen.error.empty() && !asked.empty()) {
    if (auto q = QuestionFor(evaluation, asked)) return ask(*q, false);
  }
  if (auto next = NextQuestion(rules, evaluation, answers, asked)) {
    screen.error.clear();
    return ask(*next, false);
  }
  return show(ScreenKind::kOverview);
}

std::string DisplayAnswer(const Question& question, const std::string& value) {
  switch (question.kind) {
    case InputKind::kBool: return value == "ja" || value == "true" ? "ja" : "nee";
    case InputKind::kMoney:
    case InputKind::kIncome:
      if (auto money = ParseEuro(value)) return money->ToDutch();
      return value;
    case InputKind::kDate:
      if (auto date = ParseDate(value)) return date->ToDutch();
      return value;
    case InputKind::kChoice:
      for (const auto& o : question.options) {
        if (o.value == value) return o.label;
      }
      return value;
    case InputKind::kStatuses: {
      if (value.empty()) return "geen";
      std::string out;
      size_t start = 0;
      while (start <= value.size()) {
        size_t comma = value.find(',', start);
        std::string status = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        out += (out.empty() ? "" : ", ") + ValueLabel("statuses", status);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return out;
    }
    case InputKind::kInt:
    case InputKind::kText:
    case InputKind::kMembers:
    case InputKind::kComposition: return value;
  }
  return value;
}

}  // namespace screener
