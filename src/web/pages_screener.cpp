// web/pages_screener.cpp — the rights check: one question per page, a
// check-your-answers page, results with the reason and the derivation on
// demand, and a one-page expert form. The answers travel in hidden form
// fields (POST, so they stay out of URLs and logs); the server keeps nothing.
#include <algorithm>
#include <functional>

#include "screener/screener.h"
#include "web/layout.h"
#include "web/pages.h"

namespace web {
namespace {

using screener::Answers;
using screener::InputKind;
using screener::Question;

constexpr size_t kMaxAnswers = 200;

Answers ReadAnswers(const Params& form) {
  Answers answers;
  for (const auto& encoded : form.GetAll("a")) {
    size_t eq = encoded.find('=');
    if (eq == std::string::npos || answers.values.size() >= kMaxAnswers) continue;
    answers.Set(encoded.substr(0, eq), encoded.substr(eq + 1));
  }
  for (const auto& path : form.GetAll("skip")) {
    if (answers.skipped.size() < kMaxAnswers) answers.skipped.push_back(path);
  }
  return answers;
}

std::string HiddenState(const Answers& answers, const catalog::Municipality* m, std::string_view except = "") {
  std::string out;
  for (const auto& [path, value] : answers.values) {
    if (path == except) continue;
    out += "<input type=\"hidden\" name=\"a\" value=\"" + Escape(path + "=" + value) + "\">\n";
  }
  for (const auto& path : answers.skipped) {
    if (path == except) continue;
    out += "<input type=\"hidden\" name=\"skip\" value=\"" + Escape(path) + "\">\n";
  }
  if (m) out += "<input type=\"hidden\" name=\"gemeente_id\" value=\"" + Escape(m->id) + "\">\n";
  return out;
}

std::vector<std::string> MunicipalityNames(const Site& site) {
  std::vector<std::string> names;
  for (const auto& m : site.directory.municipalities) names.push_back(m.name);
  return names;
}

std::string InputHtml(const Question& q, const std::string& current) {
  std::string out;
  switch (q.kind) {
    case InputKind::kBool:
    case InputKind::kChoice: {
      std::vector<screener::Option> options = q.options;
      if (q.kind == InputKind::kBool) options = {{"ja", "ja"}, {"nee", "nee"}};
      out += "<fieldset><legend>" + Escape(q.text) + "</legend>\n";
      for (size_t i = 0; i < options.size(); ++i) {
        std::string id = "v" + std::to_string(i);
        out += "<label class=\"choice\" for=\"" + id + "\"><input type=\"radio\" id=\"" + id + "\" name=\"v\" value=\"" +
               Escape(options[i].value) + "\"" + (current == options[i].value ? " checked" : "") + (i == 0 ? " required" : "") +
               ">" + Escape(options[i].label) + "</label>\n";
      }
      return out + "</fieldset>\n";
    }
    case InputKind::kStatuses: {
      out += "<fieldset><legend>" + Escape(q.text) + "</legend>\n<p class=\"hint\">Duid alles aan wat past. Niets van "
             "dit? Laat alles leeg en klik op Volgende.</p>\n<input type=\"hidden\" name=\"v\" value=\"\">\n";
      for (size_t i = 0; i < q.options.size(); ++i) {
        std::string id = "v" + std::to_string(i);
        bool checked = ("," + current + ",").find("," + q.options[i].value + ",") != std::string::npos;
        out += "<label class=\"choice\" for=\"" + id + "\"><input type=\"checkbox\" id=\"" + id + "\" name=\"v\" value=\"" +
               Escape(q.options[i].value) + "\"" + (checked ? " checked" : "") + ">" + Escape(q.options[i].label) +
               "</label>\n";
      }
      return out + "</fieldset>\n";
    }
    case InputKind::kDate:
      return "<p><label for=\"v\"><strong>" + Escape(q.text) + "</strong></label><br><span class=\"hint\" id=\"v-hint\">"
             "bijvoorbeeld 12/04/1991</span><br><input type=\"text\" id=\"v\" name=\"v\" inputmode=\"numeric\" "
             "autocomplete=\"off\" aria-describedby=\"v-hint\" value=\"" + Escape(current) + "\" required></p>\n";
    case InputKind::kMoney:
    case InputKind::kIncome:
      return "<p><label for=\"v\"><strong>" + Escape(q.text) + "</strong></label><br><span class=\"hint\" id=\"v-hint\">"
             "in euro, bijvoorbeeld 1250,50</span><br><input type=\"text\" id=\"v\" name=\"v\" inputmode=\"decimal\" "
             "aria-describedby=\"v-hint\" value=\"" + Escape(current) + "\" required></p>\n";
    case InputKind::kInt:
      return "<p><label for=\"v\"><strong>" + Escape(q.text) + "</strong></label><br><input type=\"number\" id=\"v\" "
             "name=\"v\" min=\"0\" max=\"999\" value=\"" + Escape(current) + "\" required></p>\n";
    case InputKind::kText:
      return "<p><label for=\"v\"><strong>" + Escape(q.text) + "</strong></label><br><input type=\"text\" id=\"v\" "
             "name=\"v\" maxlength=\"200\" value=\"" + Escape(current) + "\" required></p>\n";
  }
  return out;
}

Response QuestionPage(const Site& site, const catalog::Municipality* m, const Answers& answers, const Question& q,
                      const std::string& error, bool composition) {
  std::string body = "<h1>Rechtencheck</h1>\n<p class=\"progress\">Vraag " + std::to_string(answers.values.size() + 1) +
                     (q.decides > 0 ? " · deze vraag helpt voor " + std::to_string(q.decides) + " recht" +
                                          (q.decides == 1 ? "" : "en")
                                    : std::string()) +
                     "</p>\n";
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + Escape(error) + "</p>\n";
  body += "<form action=\"/check\" method=\"post\">\n" + HiddenState(answers, m, q.path) +
          "<input type=\"hidden\" name=\"q\" value=\"" + Escape(q.path) + "\">\n" +
          InputHtml(q, answers.Get(q.path).value_or("")) + "<div class=\"actions\">\n"
          "<button type=\"submit\" name=\"do\" value=\"answer\">Volgende</button>\n";
  if (!composition) {
    body += "<button type=\"submit\" name=\"do\" value=\"skip\" class=\"secondary\" formnovalidate>Weet ik niet</button>\n"
            "<button type=\"submit\" name=\"do\" value=\"overview\" class=\"secondary\" formnovalidate>Naar het "
            "overzicht</button>\n";
  }
  body += "</div>\n</form>\n";
  return Response::Html(Page(site, m, "Rechtencheck", body));
}

std::string AnswersList(const screener::Evaluation& evaluation, const Answers& answers,
                        const std::vector<std::string>& municipalities) {
  std::string out = "<dl class=\"answers\">\n";
  for (const auto& [path, value] : answers.values) {
    std::optional<Question> q = screener::QuestionFor(evaluation, path);
    if (!q) q = screener::NextCompositionQuestion(Answers{}, municipalities);  // fall back to composition wording
    std::string label = q && q->path == path ? q->label : path;
    std::string shown = q && q->path == path ? screener::DisplayAnswer(*q, value) : value;
    if (path == screener::kPartner) label = "samen met een partner", shown = value;
    if (path == screener::kChildren) label = "aantal kinderen", shown = value;
    if (path == screener::kOtherAdults) label = "andere volwassenen", shown = value;
    if (path == screener::kMunicipality) label = "gemeente", shown = value;
    out += "<dt>" + Escape(Humanize(label)) + "</dt><dd>" + Escape(shown) +
           " <button type=\"submit\" name=\"edit\" value=\"" + Escape(path) + "\" class=\"secondary\">Wijzig<span "
           "class=\"skip\"> " + Escape(label) + "</span></button></dd>\n";
  }
  return out + "</dl>\n";
}

// What the results take for granted without asking, each with a button that
// asks it after all: the person confirms by leaving it, or corrects it.
std::string AssumptionsToConfirm(const Site& site, const screener::Evaluation& evaluation) {
  const std::vector<screener::Assumed> assumed = screener::Assumptions(site.rules, evaluation);
  if (assumed.empty()) return "";
  std::string out =
      "<h2>Wat we aannemen</h2>\n<p>Dit vroegen we niet: we gaan ervan uit dat het klopt, en de dienst "
      "kijkt het na. Klopt het, dan hoeft u niets te doen. Klopt het niet, pas het dan aan.</p>\n"
      "<ul class=\"assumptions\">\n";
  for (const auto& a : assumed) {
    std::string rights;
    for (uint32_t r : a.rights) rights += (rights.empty() ? "" : ", ") + site.rules.program.rights[r].name;
    out += "<li><p>" + Escape(a.sentence) + "</p>\n<p class=\"for\">Voor: " + Escape(rights) + "</p>\n";
    if (a.path) {
      out += "<button type=\"submit\" name=\"edit\" value=\"" + Escape(*a.path) +
             "\" class=\"secondary\">Klopt niet: pas aan</button>\n";
    }
    out += "</li>\n";
  }
  return out + "</ul>\n";
}

Response OverviewPage(const Site& site, const catalog::Municipality* m, const Answers& answers,
                      const screener::Evaluation& evaluation) {
  std::string body = "<h1>Controleer uw antwoorden</h1>\n<form action=\"/check\" method=\"post\">\n" +
                     HiddenState(answers, m) + AnswersList(evaluation, answers, MunicipalityNames(site)) +
                     AssumptionsToConfirm(site, evaluation);
  if (!answers.skipped.empty()) {
    body += "<p>U sloeg " + std::to_string(answers.skipped.size()) + " vraag" + (answers.skipped.size() == 1 ? "" : "en") +
            " over. Die rechten blijven ‘misschien’.</p>\n";
  }
  body += "<div class=\"actions\"><button type=\"submit\" name=\"do\" value=\"results\">Bekijk het resultaat</button>"
          "<button type=\"submit\" name=\"do\" value=\"continue\" class=\"secondary\">Verder met vragen</button></div>\n"
          "</form>\n";
  return Response::Html(Page(site, m, "Controleer uw antwoorden", body));
}

std::string ResultsHtml(const Site& site, const catalog::Municipality* m, const screener::Evaluation& evaluation,
                        const Answers& answers, bool open_trees) {
  using rules::eval::RightOutcome;
  using rules::eval::Status;
  // One group per kind of answer; a right already received is in the first
  // only, whatever else it is.
  struct Group {
    const char* heading;
    const char* intro;
    std::function<bool(const RightOutcome&)> holds;
  };
  const Group groups[] = {
      {"U ontvangt dit al", "Volgens uw antwoorden krijgt u dit al. Kijk na of uw bedrag klopt.",
       [](const RightOutcome& o) { return o.granted; }},
      {"Waarschijnlijk recht", "Op deze rechten hebt u waarschijnlijk recht.",
       [](const RightOutcome& o) { return !o.granted && o.status == Status::kEligible; }},
      {"Misschien: nog te bekijken", "Hiervoor ontbreekt nog informatie, of beslist de dienst na een gesprek.",
       [](const RightOutcome& o) { return !o.granted && o.status == Status::kUndetermined; }},
      {"Geen recht", "Op deze rechten hebt u volgens uw antwoorden geen recht.",
       [](const RightOutcome& o) { return !o.granted && o.status == Status::kNotEligible; }},
  };
  std::string out;
  for (const Group& group : groups) {
    std::string items;
    int count = 0;
    for (const auto& o : evaluation.outcomes) {
      if (!group.holds(o)) continue;
      const auto& r = site.rules.program.rights[o.right];
      if (!r.municipality.empty() && (!m || m->name != r.municipality) && o.status == Status::kNotEligible) continue;
      ++count;
      std::string status_name = rules::eval::StatusName(o.status);
      const std::string right_href = "/recht/" + UrlEncode(r.id) + KeepMunicipality(m);
      items += "<li class=\"status-" + status_name + "\"><h3><a href=\"" + right_href + "\">" + Escape(r.name) +
               "</a></h3>\n";
      items += "<p>" + Escape(o.sentence) + "</p>\n";
      if (o.granted && r.amount) {
        // The sentence gives the amount the answers lead to; the right's page
        // shows what it is made of, to compare with what is paid.
        items += "<p><a href=\"" + right_href + "#bedrag\">Kijk uw bedrag na<span class=\"skip\"> voor " +
                 Escape(r.name) + "</span></a></p>\n";
      }
      if (!o.assumptions.empty() && o.status != Status::kNotEligible) {
        items += std::string("<div class=\"assumed\"><p><strong>") +
                 (o.status == Status::kEligible ? "Waarschijnlijk recht, als dit klopt:" : "We nemen aan:") +
                 "</strong></p>\n<ul>\n";
        for (const auto& a : o.assumptions) {
          items += "<li>" + Escape(site.rules.program.assumptions[a.assumption].sentence) + "</li>\n";
        }
        items += "</ul></div>\n";
      }
      if (o.status != Status::kNotEligible && !o.granted) {
        // The personal card is asked for by POST with the answers, so that
        // nothing personal lands in a URL, and the server words the reason itself.
        items += "<p>Aanvragen: " + Escape(r.apply_text) + "</p>\n<form class=\"card\" action=\"/recht/" +
                 UrlEncode(r.id) + "/kaart.pdf\" method=\"post\">\n" + HiddenState(answers, m) +
                 "<button type=\"submit\" class=\"secondary\">Doorverwijskaart (PDF)<span class=\"skip\"> voor " +
                 Escape(r.name) + "</span></button>\n</form>\n";
      }
      if (o.derivation) {
        items += std::string("<details") + (open_trees ? " open" : "") + "><summary>Waarom? Toon de volledige "
                 "redenering</summary>\n<pre class=\"tree\">" + Escape(rules::eval::RenderTree(*o.derivation)) +
                 "</pre></details>\n";
      }
      items += "</li>\n";
    }
    if (count == 0) continue;
    out += "<h2>" + std::string(group.heading) + " (" + std::to_string(count) + ")</h2>\n<p>" + group.intro +
           "</p>\n<ul class=\"cards\">\n" + items + "</ul>\n";
  }
  return out;
}

Response ResultsPage(const Site& site, const catalog::Municipality* m, const Answers& answers,
                     const screener::Evaluation& evaluation) {
  std::string body = "<h1>Uw resultaat</h1>\n<p>Dit is een inschatting op basis van uw antwoorden, op " +
                     Escape(evaluation.reference_date.ToDutch()) +
                     ". De bevoegde dienst beslist.</p>\n<form action=\"/check\" method=\"post\">" + HiddenState(answers, m) +
                     "<p><button type=\"submit\" name=\"do\" value=\"overview\" class=\"secondary\">Antwoorden "
                     "wijzigen</button></p></form>\n" +
                     ResultsHtml(site, m, evaluation, answers, false);
  return Response::Html(Page(site, m, "Uw resultaat", body));
}

const catalog::Municipality* MunicipalityFromAnswers(const Site& site, const Answers& answers,
                                                     const catalog::Municipality* fallback) {
  if (auto name = answers.Get(screener::kMunicipality)) {
    for (const auto& m : site.directory.municipalities) {
      if (m.name == *name) return &m;
    }
  }
  return fallback;
}

}  // namespace

std::optional<std::string> CardReason(const Site& site, const Params& form, const std::string& right_id) {
  Answers answers = ReadAnswers(form);
  if (answers.values.empty()) return std::nullopt;
  screener::Evaluation evaluation = screener::Evaluate(site.rules, answers, site.today(), true, true);
  for (const auto& o : evaluation.outcomes) {
    if (site.rules.program.rights[o.right].id == right_id && o.status != rules::eval::Status::kNotEligible) {
      return o.sentence;
    }
  }
  return std::nullopt;
}

Response ScreenerPage(const Site& site, const Request& request) {
  const catalog::Municipality* chosen = ChosenMunicipality(site, request);
  Params form = request.method == "POST" ? request.Form() : Params{};
  Answers answers = ReadAnswers(form);
  if (chosen && !answers.Get(screener::kMunicipality)) answers.Set(std::string(screener::kMunicipality), chosen->name);
  const screener::Input input{form.Get("do"), form.Get("q"), form.GetAll("v"), form.Get("edit")};
  screener::Screen screen =
      screener::Step(site.rules, std::move(answers), input, MunicipalityNames(site), site.today());
  const catalog::Municipality* m = MunicipalityFromAnswers(site, screen.answers, chosen);
  switch (screen.kind) {
    case screener::ScreenKind::kQuestion:
      return QuestionPage(site, m, screen.answers, *screen.question, screen.error, screen.composition);
    case screener::ScreenKind::kResults:
      return ResultsPage(site, m, screen.answers, *screen.evaluation);
    case screener::ScreenKind::kOverview:
      break;
  }
  return OverviewPage(site, m, screen.answers, *screen.evaluation);
}

Response ExpertPage(const Site& site, const Request& request) {
  const catalog::Municipality* chosen = ChosenMunicipality(site, request);
  // Household facts travel only in POST bodies; a GET may carry the
  // municipality, which is not personal.
  Params params;
  if (request.method == "POST") {
    params = request.Form();
  } else if (request.query.Has("gemeente")) {
    params.Add("gemeente", request.query.Get("gemeente"));
  }
  const bool calculate = request.method == "POST" && params.Get("stap") != "samenstelling";
  std::vector<std::string> names = MunicipalityNames(site);
  // The composition comes first, then the whole form for that household.
  Answers composition;
  for (std::string_view key : {screener::kMunicipality, screener::kPartner, screener::kChildren, screener::kOtherAdults}) {
    std::string value = params.Get(key);
    if (!value.empty()) composition.Set(std::string(key), value);
  }
  // ?gemeente= carries the municipality's id site-wide; the answer is its name.
  if (auto value = composition.Get(screener::kMunicipality)) {
    if (const auto* by_id = site.directory.FindMunicipality(*value)) {
      composition.Set(std::string(screener::kMunicipality), by_id->name);
    }
  }
  if (chosen && !composition.Get(screener::kMunicipality)) {
    composition.Set(std::string(screener::kMunicipality), chosen->name);
  }
  if (screener::NextCompositionQuestion(composition, names)) {
    std::string body = "<h1>Expertmodus</h1>\n<p>Voor maatschappelijk werkers: vul de gezinssamenstelling in en "
                       "daarna alle gegevens op één pagina.</p>\n<form action=\"/expert\" method=\"post\">\n"
                       "<input type=\"hidden\" name=\"stap\" value=\"samenstelling\">\n"
                       "<p><label for=\"gemeente\">Gemeente</label><br><select id=\"gemeente\" name=\"gemeente\">\n";
    for (const auto& name : names) {
      body += "<option value=\"" + Escape(name) + "\"" +
              (composition.Get(screener::kMunicipality) == name ? " selected" : "") + ">" + Escape(name) + "</option>\n";
    }
    body += "<option value=\"andere\">een andere gemeente</option></select></p>\n"
            "<p><label for=\"partner\">Partner in het gezin</label><br><select id=\"partner\" name=\"partner\">"
            "<option value=\"nee\">nee</option><option value=\"ja\">ja</option></select></p>\n"
            "<p><label for=\"kinderen\">Aantal kinderen</label><br><input type=\"number\" id=\"kinderen\" "
            "name=\"kinderen\" min=\"0\" max=\"12\" value=\"0\"></p>\n"
            "<p><label for=\"andere\">Andere volwassenen</label><br><input type=\"number\" id=\"andere\" "
            "name=\"andere_volwassenen\" min=\"0\" max=\"6\" value=\"0\"></p>\n"
            "<p><button type=\"submit\">Verder</button></p>\n</form>\n";
    return Response::Html(Page(site, chosen, "Expertmodus", body));
  }
  // Every askable input for this household, on one page.
  Answers answers = composition;
  for (const auto& [name, value] : params.items()) {
    if (name.rfind("household.", 0) == 0 || name.rfind("housing.", 0) == 0 || name.rfind("income_history.", 0) == 0 ||
        name.rfind("municipality.", 0) == 0 || name.rfind("connection.", 0) == 0 ||
        name.rfind("heating_delivery.", 0) == 0 || name == "tax_year") {
      if (value.empty()) continue;
      // A multiple select sends one value per chosen status.
      auto previous = answers.Get(name);
      bool list = name.ends_with(".statuses");
      answers.Set(name, list && previous ? *previous + "," + value : value);
    }
  }
  const catalog::Municipality* m = MunicipalityFromAnswers(site, answers, chosen);
  screener::Evaluation evaluation = screener::Evaluate(site.rules, answers, site.today(), calculate);
  std::vector<std::string> paths;
  for (size_t p = 0; p < evaluation.household.persons.size(); ++p) {
    paths.push_back(household::PersonPath(p, household::kStatuses));
    paths.push_back(household::PersonPath(p, household::kIncomes));
    for (const auto& f : household::Fields(household::Entity::kPerson)) {
      paths.push_back(household::PersonPath(p, f.name));
    }
  }
  for (const auto& f : household::Fields(household::Entity::kHousehold)) paths.emplace_back(f.name);
  paths.emplace_back(household::kOwnedRealEstate);

  std::string body = "<h1>Expertmodus</h1>\n";
  if (calculate) {
    for (const auto& e : evaluation.errors) {
      body += "<p class=\"error\" role=\"alert\">" + Escape(e.path) + ": " + Escape(e.message) + "</p>\n";
    }
    body += ResultsHtml(site, m, evaluation, answers, true) + "<h2>Gegevens aanpassen</h2>\n";
  }
  body += "<form action=\"/expert\" method=\"post\">\n";
  for (std::string_view key : {screener::kMunicipality, screener::kPartner, screener::kChildren, screener::kOtherAdults}) {
    body += "<input type=\"hidden\" name=\"" + std::string(key) + "\" value=\"" +
            Escape(composition.Get(key).value_or("")) + "\">\n";
  }
  body += "<table class=\"expert\">\n";
  int row = 0;
  for (const auto& path : paths) {
    auto q = screener::QuestionFor(evaluation, path);
    if (!q) continue;
    std::string id = "f" + std::to_string(row++);
    std::string current = answers.Get(path).value_or("");
    body += "<tr><th scope=\"row\"><label for=\"" + id + "\">" + Escape(Humanize(q->label)) + "</label></th><td>";
    if (q->kind == InputKind::kBool || q->kind == InputKind::kChoice || q->kind == InputKind::kStatuses) {
      std::vector<screener::Option> options = q->options;
      if (q->kind == InputKind::kBool) options = {{"ja", "ja"}, {"nee", "nee"}};
      body += "<select id=\"" + id + "\" name=\"" + Escape(path) + "\"" +
              (q->kind == InputKind::kStatuses ? " multiple size=\"4\"" : "") + "><option value=\"\">onbekend</option>";
      for (const auto& o : options) {
        bool selected = q->kind == InputKind::kStatuses ? ("," + current + ",").find("," + o.value + ",") != std::string::npos
                                                        : current == o.value;
        body += "<option value=\"" + Escape(o.value) + "\"" + (selected ? " selected" : "") + ">" + Escape(o.label) +
                "</option>";
      }
      body += "</select>";
    } else {
      body += "<input type=\"text\" id=\"" + id + "\" name=\"" + Escape(path) + "\" value=\"" + Escape(current) + "\">";
    }
    body += "</td></tr>\n";
  }
  body += "</table>\n<p><button type=\"submit\">Bereken alle rechten</button></p>\n</form>\n";
  return Response::Html(Page(site, m, "Expertmodus", body));
}

}  // namespace web
