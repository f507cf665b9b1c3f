// web/pages_rights.cpp — the rights explorer: home, lists by theme and
// target group, search, a page per right and per service, referral cards.
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

std::string RightListItem(const Right& r, const catalog::Municipality* m) {
  return "<li><h3><a href=\"/recht/" + UrlEncode(r.id) + KeepMunicipality(m) + "\">" + Escape(r.name) +
         "</a></h3>\n<p>" + LevelBadge(r) + " <span class=\"badge\">" + ApplyModeText(r.apply_mode) + "</span></p>\n<p>" +
         Escape(r.summary) + "</p></li>\n";
}

bool AppliesHere(const Right& r, const catalog::Municipality* m) {
  if (r.municipality.empty()) return true;
  return m && m->name == r.municipality;
}

// {value, label, count} per theme or target group, for a list of links.
ViewList CountedLinks(const std::map<std::string, int>& counts, const catalog::Municipality* m) {
  ViewList out;
  for (const auto& [value, count] : counts) {
    View link;
    link.set("value", UrlEncode(value));
    link.set("label", Humanize(value));
    link.set("count", std::to_string(count));
    link.set("keep_amp", KeepMunicipality(m, '&'));
    out.push_back(link);
  }
  return out;
}

// The values of the search_form template.
void SetSearchForm(View& view, const std::string& query, const catalog::Municipality* m) {
  view.set("query", query);
  if (m) view.set("municipality_id", m->id);
}

std::string SearchForm(const std::string& query, const catalog::Municipality* m) {
  View view;
  SetSearchForm(view, query, m);
  return Render("search_form", view);
}

}  // namespace

std::string ServicesHtml(const Site& site, const catalog::Municipality* m, const std::string& right_id) {
  auto services = site.directory.ServicesFor(right_id, m ? m->id : "");
  if (services.empty()) {
    return m ? "<p>Voor " + Escape(m->name) + " staat nog geen contactpunt in de gids. Vraag raad aan het Sociaal Huis.</p>\n"
             : "<p>Kies uw gemeente om te zien waar u terechtkunt.</p>\n";
  }
  std::string out;
  base::Date today = site.today();
  for (const catalog::Service* s : services) {
    out += "<section class=\"service\"><h3>" + Escape(s->name) + "</h3>\n";
    if (const auto* org = site.directory.FindOrganization(s->organization_id)) {
      out += "<p>" + Escape(org->name) + "</p>\n";
      if (!org->email.empty()) out += "<p>E-mail: <a href=\"mailto:" + Escape(org->email) + "\">" + Escape(org->email) + "</a></p>\n";
    }
    if (s->demo) out += "<p><span class=\"demo\">voorbeeldgegevens</span></p>\n";
    for (const auto& location_id : s->location_ids) {
      const catalog::Location* loc = site.directory.FindLocation(location_id);
      if (!loc) continue;
      out += "<p><strong>" + Escape(loc->name) + "</strong><br>" + Escape(loc->address.street) + "<br>" +
             Escape(loc->address.postcode + " " + loc->address.city) + "</p>\n";
      for (const auto& phone : loc->phones) {
        std::string dial;  // tel: links take no spaces
        for (char c : phone.number) {
          if (c != ' ' && c != '/' && c != '.') dial += c;
        }
        out += "<p>Telefoon: <a href=\"tel:" + Escape(dial) + "\">" + Escape(phone.number) + "</a>" +
               (phone.description.empty() ? "" : " (" + Escape(phone.description) + ")") + "</p>\n";
      }
      auto hours = catalog::OpeningHoursDutch(*loc, today, 14);
      if (!hours.empty()) {
        out += "<p>Openingsuren:</p><ul>\n";
        for (const auto& line : hours) out += "<li>" + Escape(line) + "</li>\n";
        out += "</ul>\n";
      }
    }
    if (!s->documents.empty()) {
      out += "<p>Breng mee:</p><ul>\n";
      for (const auto& d : s->documents) out += "<li>" + Escape(d) + "</li>\n";
      out += "</ul>\n";
    }
    out += "</section>\n";
  }
  return out;
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
  view.set("keep", KeepMunicipality(m));
  ViewList municipalities;
  for (const auto& mun : site.directory.municipalities) {
    View option;
    option.set("id", mun.id);
    option.set("name", mun.name);
    option.set("selected", View(m && m->id == mun.id));
    municipalities.push_back(option);
  }
  view.set("municipalities", municipalities);
  view.set("themes", CountedLinks(themes, m));
  view.set("targets", CountedLinks(targets, m));
  return Response::Html(Page(site, m, "Waar hebt u recht op?", Render("home", view)));
}

Response RightsPage(const Site& site, const Request& request) {
  const catalog::Municipality* m = ChosenMunicipality(site, request);
  std::string theme = request.query.Get("thema"), target = request.query.Get("doelgroep");
  std::string title = !theme.empty() ? "Rechten: " + Humanize(theme) : !target.empty() ? "Rechten voor " + Humanize(target)
                                                                                       : "Alle rechten";
  std::string list;
  int count = 0;
  for (const auto& r : site.rules.program.rights) {
    if (!AppliesHere(r, m)) continue;
    if (!theme.empty() && std::find(r.themes.begin(), r.themes.end(), theme) == r.themes.end()) continue;
    if (!target.empty() && std::find(r.targets.begin(), r.targets.end(), target) == r.targets.end()) continue;
    list += RightListItem(r, m);
    ++count;
  }
  std::string body = "<h1>" + Escape(title) + "</h1>\n<p>" + std::to_string(count) + " rechten" +
                     (m ? " voor inwoners van " + Escape(m->name) : std::string()) + ".</p>\n<ul class=\"cards\">\n" +
                     list + "</ul>\n";
  return Response::Html(Page(site, m, title, body));
}

Response SearchPage(const Site& site, const Request& request) {
  const catalog::Municipality* m = ChosenMunicipality(site, request);
  std::string q = request.query.Get("q");
  if (q.size() > 200) q.resize(200);
  std::string body = "<h1>Zoeken</h1>\n" + SearchForm(q, m);
  if (!q.empty()) {
    search::Results results = site.index->Search(q, 20);
    if (results.used_correction) {
      body += "<p>Weinig of geen resultaten voor <strong>" + Escape(q) + "</strong>. We tonen resultaten voor <strong>" +
              Escape(results.corrected_query) + "</strong>.</p>\n";
    } else if (!results.corrected_query.empty()) {
      body += "<p>Bedoelde u <a href=\"/zoeken?q=" + UrlEncode(results.corrected_query) + KeepMunicipality(m, '&') +
              "\">" + Escape(results.corrected_query) + "</a>?</p>\n";
    }
    if (results.hits.empty()) {
      body += "<p>Niets gevonden. Probeer een ander woord, of <a href=\"/rechten" + KeepMunicipality(m) +
              "\">bekijk alle rechten</a>.</p>\n";
    } else {
      body += "<ul class=\"cards\">\n";
      for (const auto& hit : results.hits) {
        if (hit.kind == "service" && m) {
          // Another municipality's services do not help this resident.
          const catalog::Service* s = site.directory.FindService(hit.id);
          if (s && !s->municipality_id.empty() && s->municipality_id != m->id) continue;
        }
        std::string href = (hit.kind == "service" ? "/dienst/" : "/recht/") + UrlEncode(hit.id) + KeepMunicipality(m);
        body += "<li><h3><a href=\"" + href + "\">" + Escape(hit.title) + "</a></h3>\n<p>" + Escape(hit.snippet) +
                "</p></li>\n";
      }
      body += "</ul>\n";
    }
  }
  return Response::Html(Page(site, m, q.empty() ? "Zoeken" : "Zoeken: " + q, body));
}

Response RightPage(const Site& site, const Request& request, const std::string& id) {
  auto index = site.rules.program.FindRight(id);
  if (!index) return ErrorPage(site, 404, "Dit recht bestaat niet (meer). Zoek het op de startpagina.");
  const catalog::Municipality* m = ChosenMunicipality(site, request);
  const Right& r = site.rules.program.rights[*index];
  base::Date today = site.today();
  std::string body = "<h1>" + Escape(r.name) + "</h1>\n<p>" + LevelBadge(r) + " <span class=\"badge\">" +
                     ApplyModeText(r.apply_mode) + "</span>" +
                     (r.authority.empty() ? "" : " Toegekend door: " + Escape(r.authority)) + "</p>\n<p>" +
                     Escape(r.summary) + "</p>\n";
  body += "<h2>Voorwaarden</h2>\n<ul>\n";
  for (const auto& text : rules::ConditionTexts(site.rules, *index, today)) body += "<li>" + Escape(text) + "</li>\n";
  body += "</ul>\n";
  auto amounts = rules::AmountParameters(site.rules, *index, today);
  if (r.amount) {
    body += "<h2 id=\"bedrag\">Bedrag</h2>\n";
    if (amounts.empty()) body += "<p>Het bedrag hangt af van uw situatie.</p>\n";
    body += "<ul>\n";
    for (const auto& a : amounts) {
      body += "<li>" + Escape(Humanize(a.label)) + ": " +
              (a.value.empty() ? std::string("voor vandaag niet gekend") : Escape(a.value) + " (sinds " + Escape(a.valid_from) + ")") +
              "</li>\n";
    }
    body += "</ul>\n";
  }
  body += "<h2>Hoe aanvragen?</h2>\n<p>" + Escape(r.apply_text) + "</p>\n";
  body += "<p><a class=\"button\" href=\"/check" + KeepMunicipality(m) + "\">Check of u er recht op hebt</a></p>\n";
  body += "<h2>Waar kunt u terecht?</h2>\n" + ServicesHtml(site, m, r.id);
  body += "<h2>Doorverwijskaart</h2>\n<p><a href=\"/recht/" + UrlEncode(r.id) + "/kaart.pdf" + KeepMunicipality(m) +
          "\">Download de doorverwijskaart (PDF)</a> om mee te nemen naar de dienst.</p>\n";
  if (!r.depends_on.empty()) {
    body += "<h2>Hangt samen met</h2>\n<ul>\n";
    for (uint32_t dep : r.depends_on) {
      const Right& d = site.rules.program.rights[dep];
      body += "<li><a href=\"/recht/" + UrlEncode(d.id) + KeepMunicipality(m) + "\">" + Escape(d.name) + "</a></li>\n";
    }
    body += "</ul>\n";
  }
  body += "<h2>Wettelijke bron</h2>\n<ul>\n";
  for (const auto& s : r.sources) {
    std::string text = s.citation.empty() ? s.url : s.citation;
    body += "<li>" + (s.url.empty() ? Escape(text) : "<a href=\"" + Escape(s.url) + "\">" + Escape(text) + "</a>") +
            "</li>\n";
  }
  body += "</ul>\n";
  return Response::Html(Page(site, m, r.name, body));
}

Response ServicePage(const Site& site, const Request& request, const std::string& id) {
  const catalog::Service* s = site.directory.FindService(id);
  if (!s) return ErrorPage(site, 404, "Deze dienst staat niet in de gids.");
  const catalog::Municipality* m = ChosenMunicipality(site, request);
  if (!m && !s->municipality_id.empty()) m = site.directory.FindMunicipality(s->municipality_id);
  std::string body = "<h1>" + Escape(s->name) + "</h1>\n<p>" + Escape(s->description) + "</p>\n";
  body += "<h2>Voor deze rechten</h2>\n<ul>\n";
  for (const auto& right_id : s->right_ids) {
    auto index = site.rules.program.FindRight(right_id);
    if (!index) continue;
    body += "<li><a href=\"/recht/" + UrlEncode(right_id) + KeepMunicipality(m) + "\">" +
            Escape(site.rules.program.rights[*index].name) + "</a></li>\n";
  }
  body += "</ul>\n";
  if (!s->right_ids.empty()) body += "<h2>Contact</h2>\n" + ServicesHtml(site, m, s->right_ids.front());
  return Response::Html(Page(site, m, s->name, body));
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
  card.qr_url = site.public_url + "/recht/" + UrlEncode(r.id) + KeepMunicipality(m);
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
