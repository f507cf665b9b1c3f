// web/pages_screener.cpp — the rights check: one question per page, a
// check-your-answers page, results with the reason and the derivation on
// demand, and a one-page expert form. The answers travel in hidden form
// fields (POST, so they stay out of URLs and logs); the server keeps nothing.
// Each handler builds the values of its template (web/templates/).
#include <algorithm>
#include <functional>

#include "screener/screener.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/templates.h"

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

// {name, value} per hidden field that carries the answers (hidden_fields).
ViewList HiddenState(const Answers& answers, const catalog::Municipality* m, std::string_view except = "") {
  ViewList out;
  auto add = [&out](std::string name, std::string value) {
    View field;
    Put(field, "name", std::move(name));

    Put(field, "value", std::move(value));

    out.push_back(std::move(field));
  };
  for (const auto& [path, value] : answers.values) {
    if (path != except) add("a", path + "=" + value);
  }
  for (const auto& path : answers.skipped) {
    if (path != except) add("skip", path);
  }
  if (m) add("gemeente_id", m->id);
  return out;
}

std::vector<std::string> MunicipalityNames(const Site& site) {
  std::vector<std::string> names;
  for (const auto& m : site.directory.municipalities) names.push_back(m.name);
  return names;
}

// Whether `value` is one of the comma-separated values in `list`.
bool ListHas(const std::string& list, const std::string& value) {
  return ("," + list + ",").find("," + value + ",") != std::string::npos;
}

// The question template's input: one of radio, checkbox, date, money, count
// or free_text is true, with the options and the current answer.
void SetInput(View& view, const Question& q, const std::string& current) {
  const bool radio = q.kind == InputKind::kBool || q.kind == InputKind::kChoice;
  Put(view, "radio", View(radio));

  Put(view, "checkbox", View(q.kind == InputKind::kStatuses || q.kind == InputKind::kMembers));

  Put(view, "date", View(q.kind == InputKind::kDate));

  Put(view, "money", View(q.kind == InputKind::kMoney || q.kind == InputKind::kIncome));

  Put(view, "count", View(q.kind == InputKind::kInt));

  Put(view, "free_text", View(q.kind == InputKind::kText));

  Put(view, "text", q.text);

  Put(view, "current", current);

  std::vector<screener::Option> options = q.options;
  if (q.kind == InputKind::kBool) options = {{"ja", "ja"}, {"nee", "nee"}};
  ViewList items;
  for (size_t i = 0; i < options.size(); ++i) {
    View option;
    Put(option, "id", "v" + std::to_string(i));

    Put(option, "value", options[i].value);

    Put(option, "label", options[i].label);

    Put(option, "checked", View(radio ? current == options[i].value : ListHas(current, options[i].value)));

    Put(option, "first", View(i == 0));

    items.push_back(std::move(option));
  }
  Put(view, "options", std::move(items));
}

Response QuestionPage(const Site& site, const catalog::Municipality* m, const Answers& answers, const Question& q,
                      const std::string& error, bool composition) {
  View view;
  // How many questions are left, from the inputs still worth asking; the
  // composition comes before that is known.
  Put(view, "remaining", composition        ? View(false)
                         : q.remaining == 0 ? View(std::string("dit is de laatste vraag"))
                         : q.remaining == 1 ? View(std::string("nog ongeveer 1 vraag na deze"))
                                            : View("nog ongeveer " + std::to_string(q.remaining) + " vragen na deze"));
  if (q.kind == InputKind::kComposition) {
    View household;
    Put(household, "partner_yes", View(answers.Get(screener::kPartner) == "ja"));
    Put(household, "partner_no", View(answers.Get(screener::kPartner) == "nee"));
    Put(household, "children", answers.Get(screener::kChildren).value_or(""));
    Put(household, "other_adults", answers.Get(screener::kOtherAdults).value_or(""));
    Put(view, "household", std::move(household));
  }

  Put(view, "decides",
           q.decides > 0 ? View(std::to_string(q.decides) + (q.decides == 1 ? " recht" : " rechten")) : View(false));
  Put(view, "error", OptionalText(error));

  Put(view, "hidden", HiddenState(answers, m, q.path));
  Put(view, "path", q.path);

  SetInput(view, q, answers.Get(q.path).value_or(""));
  Put(view, "composition", View(composition));

  return Response::Html(Page(site, m, "Rechtencheck", "question", view));
}

ViewList AnswersList(const screener::Evaluation& evaluation, const Answers& answers,
                     const std::vector<std::string>& municipalities) {
  ViewList out;
  for (const auto& [path, value] : answers.values) {
    std::optional<Question> q = screener::QuestionFor(evaluation, path);
    if (!q) q = screener::NextCompositionQuestion(Answers{}, municipalities);  // fall back to composition wording
    std::string label = q && q->path == path ? q->label : path;
    std::string shown = q && q->path == path ? screener::DisplayAnswer(*q, value) : value;
    if (path == screener::kPartner) label = "samen met een partner", shown = value;
    if (path == screener::kChildren) label = "aantal kinderen", shown = value;
    if (path == screener::kOtherAdults) label = "andere volwassenen", shown = value;
    if (path == screener::kMunicipality) label = "gemeente", shown = value;
    View answer;
    Put(answer, "label", Humanize(label));

    Put(answer, "shown", shown);

    Put(answer, "path", path);

    Put(answer, "button_label", label);

    out.push_back(std::move(answer));
  }
  return out;
}

// What the results take for granted without asking, each with a button that
// asks it after all: the person confirms by leaving it, or corrects it.
ViewList AssumptionsToConfirm(const Site& site, const screener::Evaluation& evaluation) {
  ViewList out;
  for (const auto& a : screener::Assumptions(site.rules, evaluation)) {
    std::string rights;
    for (uint32_t r : a.rights) rights += (rights.empty() ? "" : ", ") + site.rules.program.rights[r].name;
    View item;
    Put(item, "sentence", a.sentence);

    Put(item, "rights", rights);

    Put(item, "edit", a.path ? View(*a.path) : View(false));

    out.push_back(std::move(item));
  }
  return out;
}

Response OverviewPage(const Site& site, const catalog::Municipality* m, const Answers& answers,
                      const screener::Evaluation& evaluation) {
  View view;
  Put(view, "hidden", HiddenState(answers, m));
  Put(view, "answers", AnswersList(evaluation, answers, MunicipalityNames(site)));
  ViewList assumptions = AssumptionsToConfirm(site, evaluation);
  Put(view, "has_assumptions", View(!assumptions.empty()));

  Put(view, "assumptions", std::move(assumptions));
  const size_t skipped = answers.skipped.size();
  Put(view, "skipped",
           skipped == 0 ? View(false) : View(std::to_string(skipped) + (skipped == 1 ? " vraag" : " vragen")));
  return Response::Html(Page(site, m, "Controleer uw antwoorden", "overview", view));
}

// The values of the result_groups template: the rights by kind of answer,
// each with its reason, and the answers for the referral card forms.
View ResultsView(const Site& site, const catalog::Municipality* m, const screener::Evaluation& evaluation,
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
  ViewList shown_groups;
  for (const Group& group : groups) {
    ViewList items;
    for (const auto& o : evaluation.outcomes) {
      if (!group.holds(o)) continue;
      const auto& r = site.rules.program.rights[o.right];
      if (!r.municipality_nis.empty() && (!m || m->nis != r.municipality_nis) && o.status == Status::kNotEligible) {
        continue;
      }
      View item;
      Put(item, "status", std::string(rules::eval::StatusName(o.status)));

      Put(item, "href", "/recht/" + UrlEncode(r.id) + KeepMunicipality(m));

      Put(item, "id", UrlEncode(r.id));

      Put(item, "name", r.name);

      Put(item, "sentence", o.sentence);

      // The sentence gives the amount the answers lead to; the right's page
      // shows what it is made of, to compare with what is paid.
      Put(item, "check_amount", View(o.granted && r.amount.has_value()));

      Put(item, "has_assumptions", View(!o.assumptions.empty() && o.status != Status::kNotEligible));

      Put(item, "eligible", View(o.status == Status::kEligible));

      std::vector<std::string> assumed;
      for (const auto& a : o.assumptions) assumed.push_back(site.rules.program.assumptions[a.assumption].sentence);
      Put(item, "assumptions", TextItems(assumed));
      // The personal card is asked for by POST with the answers, so that
      // nothing personal lands in a URL, and the server words the reason itself.
      Put(item, "card", View(o.status != Status::kNotEligible && !o.granted));

      Put(item, "apply_text", r.apply_text);

      Put(item, "derivation", o.derivation ? View(rules::eval::RenderTree(*o.derivation)) : View(false));

      items.push_back(std::move(item));
    }
    if (items.empty()) continue;
    View shown;
    Put(shown, "heading", group.heading);

    Put(shown, "count", std::to_string(items.size()));

    Put(shown, "intro", group.intro);

    Put(shown, "items", std::move(items));
    shown_groups.push_back(std::move(shown));
  }
  View view;
  Put(view, "groups", std::move(shown_groups));
  Put(view, "hidden", HiddenState(answers, m));
  Put(view, "open_trees", View(open_trees));

  return view;
}

Response ResultsPage(const Site& site, const catalog::Municipality* m, const Answers& answers,
                     const screener::Evaluation& evaluation) {
  View view;
  Put(view, "date", evaluation.reference_date.ToDutch());

  Put(view, "hidden", HiddenState(answers, m));
  Put(view, "outcomes", ResultsView(site, m, evaluation, answers, false));
  return Response::Html(Page(site, m, "Uw resultaat", "results", view));
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
  screener::Input input{form.Get("do"), form.Get("q"), form.GetAll("v"), form.Get("edit")};
  if (input.asked == screener::kComposition) {
    // The composition screen's fields each carry their own name.
    input.values.clear();
    for (std::string_view key : {screener::kPartner, screener::kChildren, screener::kOtherAdults}) {
      input.values.push_back(std::string(key) + "=" + form.Get(std::string(key)));
    }
  }
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
    View view;
    ViewList municipalities;
    for (const auto& name : names) {
      View option;
      Put(option, "value", name);

      Put(option, "label", name);

      Put(option, "selected", View(composition.Get(screener::kMunicipality) == name));

      municipalities.push_back(std::move(option));
    }
    Put(view, "municipalities", std::move(municipalities));
    return Response::Html(Page(site, chosen, "Expertmodus", "expert_composition", view));
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

  View view;
  Put(view, "calculated", View(calculate));

  if (calculate) {
    ViewList errors;
    for (const auto& e : evaluation.errors) {
      View error;
      Put(error, "path", e.path);

      Put(error, "message", e.message);

      errors.push_back(std::move(error));
    }
    Put(view, "errors", std::move(errors));
    Put(view, "outcomes", ResultsView(site, m, evaluation, answers, true));
  }
  ViewList hidden;
  for (std::string_view key : {screener::kMunicipality, screener::kPartner, screener::kChildren, screener::kOtherAdults}) {
    View field;
    Put(field, "name", std::string(key));

    Put(field, "value", composition.Get(key).value_or(""));

    hidden.push_back(std::move(field));
  }
  Put(view, "hidden", std::move(hidden));
  ViewList fields;
  for (const auto& path : paths) {
    auto q = screener::QuestionFor(evaluation, path);
    if (!q) continue;
    std::string current = answers.Get(path).value_or("");
    View field;
    Put(field, "id", "f" + std::to_string(fields.size()));

    Put(field, "label", Humanize(q->label));

    Put(field, "name", path);

    Put(field, "current", current);

    const bool select = q->kind == InputKind::kBool || q->kind == InputKind::kChoice || q->kind == InputKind::kStatuses;
    Put(field, "select", View(select));

    Put(field, "multiple", View(q->kind == InputKind::kStatuses));

    std::vector<screener::Option> options = q->options;
    if (q->kind == InputKind::kBool) options = {{"ja", "ja"}, {"nee", "nee"}};
    ViewList items;
    for (const auto& o : options) {
      View option;
      Put(option, "value", o.value);

      Put(option, "label", o.label);

      Put(option, "selected", View(q->kind == InputKind::kStatuses ? ListHas(current, o.value) : current == o.value));

      items.push_back(std::move(option));
    }
    Put(field, "options", std::move(items));
    fields.push_back(std::move(field));
  }
  Put(view, "fields", std::move(fields));
  return Response::Html(Page(site, m, "Expertmodus", "expert", view));
}

}  // namespace web
