// web/pages_rights.cpp — the rights explorer: home, lists by theme and
// target group, search, a page per right and per service, referral cards.
// Each handler builds the values of its template (web/templates/).
#include <algorithm>
#include <map>
#include <set>

#include "cards/card.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/templates.h"

namespace web {
namespace {

using rules::ir::Right;

bool AppliesHere(const Right& r, const catalog::Municipality* m) {
  if (r.municipality_nis.empty()) return true;
  return m && !m->nis.empty() && m->nis == r.municipality_nis;
}

// {value, label, count} per theme or target group, for a list of links.
ViewList CountedLinks(const std::map<std::string, int>& counts, const catalog::Municipality* m) {
  ViewList out;
  out.reserve(counts.size());
  for (const auto& [value, count] : counts) {
    View link;
    Put(link, "value", UrlEncode(value));

    Put(link, "label", Humanize(value));

    Put(link, "count", std::to_string(count));

    Put(link, "keep_amp", KeepMunicipality(m, '&'));

    out.push_back(std::move(link));
  }
  return out;
}

// The values of the search_form template.
void SetSearchForm(View& view, const std::string& query, const catalog::Municipality* m, bool others = false) {
  Put(view, "query", query);

  Put(view, "municipality_id", m ? View(m->id) : View(false));

  Put(view, "other_municipalities", View(others));
}

// Counts a search that found nothing in the search log, normalised, with the
// town's id only. A failure never fails the search: it goes to the server's
// log through `response`, without the query (the store's messages hold none).
void LogMiss(const Site& site, const catalog::Municipality* m, std::string_view query, Response& response) {
  if (!site.search_log) return;
  const std::string normalised = search::NormalizeQuery(query);
  if (normalised.empty()) return;
  base::Status logged = site.search_log->RecordMiss(m ? m->id : "", normalised, site.today());
  if (!logged.ok()) response.internal_error = "search log: not counted: " + logged.error().message();
}

// {id, name} of the right_link template.
View RightLink(const Right& r) {
  View link;
  Put(link, "id", UrlEncode(r.id));

  Put(link, "name", r.name);

  return link;
}

// The values of the location template: address, phones, opening hours.
View LocationView(const catalog::Location& loc, base::Date today) {
  View view;
  Put(view, "name", loc.name);

  Put(view, "street", loc.address.street);

  Put(view, "postcode", loc.address.postcode);

  Put(view, "city", loc.address.city);

  ViewList phones;
  for (const auto& phone : loc.phones) {
    std::string dial;  // tel: links take no spaces
    for (char c : phone.number) {
      if (c != ' ' && c != '/' && c != '.') dial += c;
    }
    View p;
    Put(p, "dial", dial);

    Put(p, "number", phone.number);

    Put(p, "description", OptionalText(phone.description));

    phones.push_back(std::move(p));
  }
  Put(view, "phones", std::move(phones));
  auto hours = catalog::OpeningHoursDutch(loc, today, 14);
  Put(view, "has_hours", View(!hours.empty()));

  Put(view, "hours", TextItems(hours));
  // By the day, not the hour: the page is cached for the day (Route::cache_by).
  const std::string today_hours = catalog::HoursOnDutch(loc, today);
  Put(view, "today", today_hours.empty() ? View(false) : View(catalog::DayDutch(today) + ": " + today_hours));

  std::optional<base::Date> next = catalog::NextOpenDay(loc, today, 60);
  Put(view, "next_opening",
      next ? View(catalog::DayDutch(*next) + ": " + catalog::HoursOnDutch(loc, *next)) : View(false));

  return view;
}

// The values of one service in the contact_points template.
View ServiceView(const Site& site, const catalog::Service& s, base::Date today) {
  View service;
  Put(service, "name", s.name);

  Put(service, "organization", View(false));
  if (const auto* org = site.directory.FindOrganization(s.organization_id)) {
    View organization;
    Put(organization, "name", org->name);

    Put(organization, "email", OptionalText(org->email));

    Put(service, "organization", std::move(organization));
  }
  Put(service, "demo", View(s.demo));

  ViewList locations;
  locations.reserve(s.location_ids.size());
  for (const auto& location_id : s.location_ids) {
    if (const catalog::Location* loc = site.directory.FindLocation(location_id)) {
      locations.push_back(LocationView(*loc, today));
    }
  }
  Put(service, "locations", std::move(locations));
  Put(service, "has_documents", View(!s.documents.empty()));

  Put(service, "documents", TextItems(s.documents));
  return service;
}

// The values of the contact_points template for one service: its own
// addresses, phones, e-mail and hours, whether or not it handles a right.
View ServiceContact(const Site& site, const catalog::Service& s) {
  View view;
  Put(view, "none_for", View(false));

  Put(view, "choose_municipality", View(false));

  ViewList list;
  list.push_back(ServiceView(site, s, site.today()));
  Put(view, "services", std::move(list));
  return view;
}

}  // namespace

View ContactPoints(const Site& site, const catalog::Municipality* m, const std::string& right_id) {
  auto services = site.directory.ServicesFor(right_id, m ? m->id : "");
  View view;
  Put(view, "none_for", services.empty() && m ? View(m->name) : View(false));

  Put(view, "choose_municipality", View(services.empty() && !m));

  ViewList list;
  list.reserve(services.size());
  base::Date today = site.today();
  for (const catalog::Service* s : services) list.push_back(ServiceView(site, *s, today));
  Put(view, "services", std::move(list));
  return view;
}

Response HomePage(const Site& site, const Request& request) {
  const catalog::Municipality* m = ChosenMunicipality(site, request);
  std::map<std::string, int> themes, targets;
  for (const auto& r : site.rules.program.rights) {
    if (!AppliesHere(r, m)) continue;
    for (const auto& t : r.themes) ++themes[t];
    for (const auto& t : r.targets) ++targets[t];
  }
  View view;
  SetSearchForm(view, "", m);
  Put(view, "keep", KeepMunicipality(m));

  ViewList municipalities;
  municipalities.reserve(site.directory.municipalities.size());
  for (const auto& mun : site.directory.municipalities) {
    View option;
    Put(option, "value", mun.id);

    Put(option, "label", mun.name);

    Put(option, "selected", View(m && m->id == mun.id));

    municipalities.push_back(std::move(option));
  }
  Put(view, "municipalities", std::move(municipalities));
  Put(view, "themes", CountedLinks(themes, m));
  Put(view, "targets", CountedLinks(targets, m));
  return Response::Html(Page(site, m, "Waar hebt u recht op?", "home", view));
}

Response RightsPage(const Site& site, const Request& request) {
  const catalog::Municipality* m = ChosenMunicipality(site, request);
  std::string theme = request.query.Get("thema"), target = request.query.Get("doelgroep");
  std::string title = !theme.empty() ? "Rechten: " + Humanize(theme) : !target.empty() ? "Rechten voor " + Humanize(target)
                                                                                       : "Alle rechten";
  ViewList rights;
  for (const auto& r : site.rules.program.rights) {
    if (!AppliesHere(r, m)) continue;
    if (!theme.empty() && std::find(r.themes.begin(), r.themes.end(), theme) == r.themes.end()) continue;
    if (!target.empty() && std::find(r.targets.begin(), r.targets.end(), target) == r.targets.end()) continue;
    View item;
    SetRightSummary(item, r);
    rights.push_back(std::move(item));
  }
  View view;
  Put(view, "title", title);

  Put(view, "count", std::to_string(rights.size()));

  Put(view, "municipality_name", m ? View(m->name) : View(false));

  Put(view, "keep", KeepMunicipality(m));

  Put(view, "rights", std::move(rights));
  return Response::Html(Page(site, m, title, "rights", view));
}

Response SearchPage(const Site& site, const Request& request) {
  const catalog::Municipality* m = ChosenMunicipality(site, request);
  const bool others = m && OtherMunicipalities(request);
  std::string q = request.query.Get("q");
  if (q.size() > 200) q.resize(200);
  View view;
  SetSearchForm(view, q, m, others);
  Put(view, "keep", KeepMunicipality(m));

  // Links from this page keep the town and the choice of other towns.
  Put(view, "keep_amp", KeepMunicipality(m, '&') + (others ? "&andere=1" : ""));

  Put(view, "searched", View(!q.empty()));

  bool found = false;
  if (!q.empty()) {
    search::Results results = site.index->Search(q, 20, SearchScope(m, others));
    Put(view, "corrected", View(results.used_correction));

    Put(view, "suggested", View(!results.used_correction && !results.corrected_query.empty()));

    Put(view, "corrected_query", results.corrected_query);

    Put(view, "suggestion_url", UrlEncode(results.corrected_query));

    found = !results.hits.empty();
    Put(view, "found", View(found));

    ViewList hits;
    hits.reserve(results.hits.size());
    for (const auto& hit : results.hits) {
      View item;
      Put(item, "href", (hit.kind == "service" ? "/dienst/" : "/recht/") + UrlEncode(hit.id) + KeepMunicipality(m));

      Put(item, "title", hit.title);

      Put(item, "snippet", hit.snippet);

      Put(item, "town", OptionalText(HitTown(site, hit)));

      hits.push_back(std::move(item));
    }
    Put(view, "hits", std::move(hits));
    Put(view, "town_name", m ? View(m->name) : View(false));

    Put(view, "others_url",
        m && !others ? View("/zoeken?q=" + UrlEncode(q) + KeepMunicipality(m, '&') + "&andere=1") : View(false));
  }
  Response response = Response::Html(Page(site, m, q.empty() ? "Zoeken" : "Zoeken: " + q, "search", view));
  if (!q.empty() && !found) LogMiss(site, m, q, response);
  return response;
}

Response RightPage(const Site& site, const Request& request, const std::string& id) {
  auto index = site.rules.program.FindRight(id);
  if (!index) return ErrorPage(site, 404, "Dit recht bestaat niet (meer). Zoek het op de startpagina.");
  const catalog::Municipality* m = ChosenMunicipality(site, request);
  const Right& r = site.rules.program.rights[*index];
  base::Date today = site.today();
  View view;
  SetRightSummary(view, r);
  Put(view, "keep", KeepMunicipality(m));

  Put(view, "authority", OptionalText(r.authority));

  Put(view, "conditions", TextItems(rules::ConditionTexts(site.rules, *index, today)));
  Put(view, "has_amount", View(r.amount.has_value()));

  ViewList amounts;
  for (const auto& a : rules::AmountParameters(site.rules, *index, today)) {
    View amount;
    Put(amount, "label", Humanize(a.label));

    Put(amount, "known", View(!a.value.empty()));

    Put(amount, "value", a.value);

    Put(amount, "valid_from", a.valid_from);

    amounts.push_back(std::move(amount));
  }
  Put(view, "amounts", std::move(amounts));
  Put(view, "apply_text", r.apply_text);

  Put(view, "contact", ContactPoints(site, m, r.id));
  ViewList related;
  for (uint32_t dep : r.depends_on) related.push_back(RightLink(site.rules.program.rights[dep]));
  Put(view, "has_related", View(!related.empty()));

  Put(view, "related", std::move(related));
  ViewList sources;
  for (const auto& s : r.sources) {
    View source;
    Put(source, "text", s.citation.empty() ? s.url : s.citation);

    Put(source, "url", OptionalText(s.url));

    sources.push_back(std::move(source));
  }
  Put(view, "sources", std::move(sources));
  return Response::Html(Page(site, m, r.name, "right", view));
}

Response ServicePage(const Site& site, const Request& request, const std::string& id) {
  const catalog::Service* s = site.directory.FindService(id);
  if (!s) return ErrorPage(site, 404, "Deze dienst staat niet in de gids.");
  const catalog::Municipality* m = ChosenMunicipality(site, request);
  if (!m && !s->municipality_id.empty()) m = site.directory.FindMunicipality(s->municipality_id);
  View view;
  Put(view, "name", s->name);

  Put(view, "description", s->description);

  Put(view, "keep", KeepMunicipality(m));

  ViewList rights;
  for (const auto& right_id : s->right_ids) {
    auto index = site.rules.program.FindRight(right_id);
    if (index) rights.push_back(RightLink(site.rules.program.rights[*index]));
  }
  Put(view, "rights", std::move(rights));
  Put(view, "has_rights", View(!s->right_ids.empty()));

  Put(view, "contact", ServiceContact(site, *s));

  return Response::Html(Page(site, m, s->name, "service", view));
}
std::optional<cards::Card> CardFor(const Site& site, const Request& request, const std::string& id) {
  auto index = site.rules.program.FindRight(id);
  if (!index) return std::nullopt;
  const catalog::Municipality* m = ChosenMunicipality(site, request);
  const Right& r = site.rules.program.rights[*index];
  cards::Card card;
  if (m) {
    auto logo = LogoFile(site, *m);
    card.branding = {m->name, logo ? logo->string() : "", m->primary_colour, m->accent_colour};
  } else {
    card.branding = {"Rechtop", "", "#1d4f7a", "#f5a300"};
  }
  card.right_name = r.name;
  card.right_summary = r.summary;
  // A GET gives the right's generic card: no text from the URL is ever printed
  // on it. A POST carries the answers, and the reason is worded from them here.
  if (request.method == "POST") card.reason = CardReason(site, request.Form(), r.id).value_or("");
  card.next_step = r.apply_text;
  // The address comes from the configuration only, never from the request.
  if (!site.public_url.empty()) {
    card.qr_url = site.public_url + "/recht/" + UrlEncode(r.id) + KeepMunicipality(m);
  } else {
    card.search_site = "Rechtop, de rechtenverkenner van uw OCMW";
  }
  card.issued_on = site.today().ToDutch();
  auto services = site.directory.ServicesFor(r.id, m ? m->id : "");
  if (!services.empty()) {
    const catalog::Service* s = services.front();
    card.documents = s->documents;
    card.contact.demo = s->demo;
    card.contact.name = s->name;
    if (const auto* org = site.directory.FindOrganization(s->organization_id)) card.contact.email = org->email;
    if (!s->location_ids.empty()) {
      if (const catalog::Location* loc = site.directory.FindLocation(s->location_ids.front())) {
        card.contact.name = loc->name;
        card.contact.address_lines = {loc->address.street, loc->address.postcode + " " + loc->address.city};
        card.contact.opening_hours = catalog::OpeningHoursDutch(*loc, site.today(), 14);
        if (!loc->phones.empty()) card.contact.phone = loc->phones.front().number;
      }
    }
  }
  return card;
}

Response CardPdf(const Site& site, const Request& request, const std::string& id) {
  std::optional<cards::Card> card = CardFor(site, request, id);
  if (!card) return ErrorPage(site, 404, "Dit recht bestaat niet (meer).");
  auto pdf = cards::RenderPdf(*card);
  if (!pdf.ok()) return ErrorPage(site, 500, "De kaart kon niet gemaakt worden: " + pdf.error().message());
  Response response;
  response.headers.emplace_back("Cache-Control", "no-store");
  response.content_type = "application/pdf";
  response.body = std::move(pdf).value();
  response.headers.emplace_back("Content-Disposition", "inline; filename=\"doorverwijskaart-" + id + ".pdf\"");
  return response;
}

}  // namespace web
