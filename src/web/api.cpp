// web/api.cpp — the JSON API (docs in web/static/openapi.yaml): check a
// household, list and describe rights, search, list services.
#include <nlohmann/json.hpp>

#include "catalog/hsds.h"
#include "household/json_reader.h"
#include "web/layout.h"
#include "web/pages.h"

namespace web {
namespace {

Response JsonError(int status, const std::string& message) { return Response::JsonError(status, message); }

nlohmann::json RightSummary(const rules::ir::Right& r) {
  return {{"id", r.id},
          {"spec_id", r.spec_id},
          {"name", r.name},
          {"level", rules::ir::LevelName(r.level)},
          {"authority", r.authority},
          {"themes", r.themes},
          {"targets", r.targets},
          {"grant_mode", rules::ir::ApplyModeName(r.apply_mode)},
          {"municipality", r.municipality_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.municipality_name)},
          {"municipality_nis", r.municipality_nis.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.municipality_nis)},
          {"summary", r.summary},
          {"url", "/recht/" + r.id}};
}

nlohmann::json ServiceJson(const Site& site, const catalog::Service& s) {
  nlohmann::json locations = nlohmann::json::array();
  for (const auto& id : s.location_ids) {
    const catalog::Location* loc = site.directory.FindLocation(id);
    if (!loc) continue;
    nlohmann::json phones = nlohmann::json::array();
    for (const auto& p : loc->phones) phones.push_back({{"number", p.number}, {"description", p.description}});
    locations.push_back({{"id", loc->id},
                         {"name", loc->name},
                         {"address", {{"street", loc->address.street}, {"postcode", loc->address.postcode},
                                      {"city", loc->address.city}}},
                         {"phones", phones},
                         {"opening_hours", catalog::OpeningHoursDutch(*loc, site.today(), 14)}});
  }
  const catalog::Organization* org = site.directory.FindOrganization(s.organization_id);
  return {{"id", s.id},
          {"name", s.name},
          {"description", s.description},
          {"organization", org ? nlohmann::json{{"id", org->id}, {"name", org->name}, {"email", org->email}}
                               : nlohmann::json(nullptr)},
          {"municipality", s.municipality_id},
          {"rights", s.right_ids},
          {"documents", s.documents},
          {"demo", s.demo},
          {"locations", locations}};
}

}  // namespace

Response ApiCheck(const Site& site, const Request& request) {
  if (request.method != "POST") return JsonError(405, "use POST with a household JSON body (docs/household.md)");
  // The body may ask for lenient reading itself: "lenient": true (docs/household.md).
  household::ReadReport read;
  auto hh = household::ReadHousehold(request.body, "body", {household::Leniency::kAsDocument}, &read);
  if (!hh.ok()) return JsonError(400, hh.error().message());
  std::optional<base::Date> date;
  if (std::string text = request.query.Get("date"); !text.empty()) {
    date = base::Date::Parse(text);
    if (!date) return JsonError(400, "query parameter date: '" + text + "' is not a date (YYYY-MM-DD)");
  }
  base::Date ref = rules::ReferenceDate(*hh, date, site.today());
  if (auto dates = household::CheckDatesAgainst(*hh, ref, "body"); !dates.ok()) {
    return JsonError(400, dates.error().message());
  }
  rules::eval::Evaluator evaluator(site.rules.program);
  rules::eval::Options options;
  options.explain = true;
  options.tree = request.query.Get("tree") == "1" || request.query.Get("tree") == "true";
  // Another town's rights only with "all_municipalities": true in the body.
  auto outcomes = rules::ListedOutcomes(site.rules, *hh, evaluator.EvaluateAll(*hh, ref, options), read.all_municipalities);
  Response response = Response::Json(rules::CheckToJson(site.rules, *hh, ref, outcomes, &read));
  return response;
}

Response ApiRights(const Site& site, const Request& request) {
  std::string theme = request.query.Get("theme"), target = request.query.Get("target");
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : site.rules.program.rights) {
    if (!theme.empty() && std::find(r.themes.begin(), r.themes.end(), theme) == r.themes.end()) continue;
    if (!target.empty() && std::find(r.targets.begin(), r.targets.end(), target) == r.targets.end()) continue;
    list.push_back(RightSummary(r));
  }
  return Response::Json(nlohmann::json{{"rights", list}});
}

Response ApiRight(const Site& site, const Request& request, const std::string& id) {
  auto index = site.rules.program.FindRight(id);
  if (!index) return JsonError(404, "unknown right '" + id + "'");
  const auto& r = site.rules.program.rights[*index];
  nlohmann::json j = RightSummary(r);
  base::Date today = site.today();
  j["conditions"] = rules::ConditionTexts(site.rules, *index, today);
  j["apply"] = r.apply_text;
  nlohmann::json amounts = nlohmann::json::array();
  for (const auto& a : rules::AmountParameters(site.rules, *index, today)) {
    amounts.push_back({{"label", a.label}, {"value", a.value}, {"valid_from", a.valid_from}, {"source", a.source}});
  }
  j["amount_parameters"] = amounts;
  j["period"] = r.amount ? nlohmann::json(rules::ir::AmountPeriodName(r.amount->period)) : nlohmann::json(nullptr);
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& s : r.sources) sources.push_back({{"citation", s.citation}, {"url", s.url}});
  j["sources"] = sources;
  nlohmann::json depends = nlohmann::json::array();
  for (uint32_t d : r.depends_on) depends.push_back(site.rules.program.rights[d].id);
  j["depends_on"] = depends;
  const catalog::Municipality* m = ChosenMunicipality(site, request);
  nlohmann::json services = nlohmann::json::array();
  for (const catalog::Service* s : site.directory.ServicesFor(r.id, m ? m->id : "")) {
    services.push_back(ServiceJson(site, *s));
  }
  j["services"] = services;
  return Response::Json(j);
}

Response ApiSearch(const Site& site, const Request& request) {
  std::string q = request.query.Get("q");
  if (q.size() > 200) return JsonError(400, "query parameter q: at most 200 characters");
  std::string kind = request.query.Get("kind");
  if (!kind.empty() && kind != "right" && kind != "service") {
    return JsonError(400, "query parameter kind: 'right' or 'service', not '" + kind + "'");
  }
  const catalog::Municipality* m = ChosenMunicipality(site, request);
  if (!request.query.Get("gemeente").empty() && !m) {
    return JsonError(404, "unknown municipality '" + request.query.Get("gemeente") + "'");
  }
  search::Results results = site.index->Search(q, 20, SearchScope(m, m && OtherMunicipalities(request), kind));
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& h : results.hits) {
    hits.push_back(
        {{"id", h.id},
         {"kind", h.kind},
         {"title", h.title},
         {"snippet", h.snippet},
         {"rank", h.rank},
         {"municipality", h.municipality.empty() ? nlohmann::json(nullptr) : nlohmann::json(HitTown(site, h))}});
  }
  return Response::Json(nlohmann::json{{"query", q},
                                       {"corrected_query", results.corrected_query},
                                       {"used_correction", results.used_correction},
                                       {"estimated_total", results.estimated_total},
                                       {"hits", hits}});
}

Response ApiServices(const Site& site, const Request& request) {
  if (request.query.Get("format") == "hsds") {
    return Response::JsonText(catalog::ToHsds(site.directory));
  }
  std::string right = request.query.Get("right");
  const catalog::Municipality* m = ChosenMunicipality(site, request);
  if (!request.query.Get("gemeente").empty() && !m) {
    return JsonError(404, "unknown municipality '" + request.query.Get("gemeente") + "'");
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : site.directory.services) {
    if (!right.empty() && std::find(s.right_ids.begin(), s.right_ids.end(), right) == s.right_ids.end()) continue;
    if (m && !s.municipality_id.empty() && s.municipality_id != m->id) continue;
    list.push_back(ServiceJson(site, s));
  }
  return Response::Json(nlohmann::json{{"services", list}});
}

}  // namespace web
