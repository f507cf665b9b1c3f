// web/layout.cpp — page shell: header with the municipality's colours, skip
// link, main landmark, footer.
#include "web/layout.h"

#include "web/templates.h"

namespace web {

const catalog::Municipality* ChosenMunicipality(const Site& site, const Request& request) {
  std::string id = request.query.Get("gemeente");
  if (id.empty() && request.method == "POST") id = request.Form().Get("gemeente_id");
  return id.empty() ? nullptr : site.directory.FindMunicipality(id);
}

std::string KeepMunicipality(const catalog::Municipality* municipality, char first) {
  if (!municipality) return "";
  return std::string(1, first) + "gemeente=" + UrlEncode(municipality->id);
}

std::string Page(const Site& site, const catalog::Municipality* m, const std::string& title, const std::string& body) {
  (void)site;
  // The house colour comes from a style sheet: the content security policy allows no inline style.
  std::string house_style;
  if (m) house_style = "<link rel=\"stylesheet\" href=\"/static/huisstijl/" + UrlEncode(m->id) + ".css\">\n";
  std::string keep = KeepMunicipality(m);
  std::string out;
  out.reserve(body.size() + 2048);
  out += "<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out += Escape(title) + " – Rechtop</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n" + house_style +
         "</head>\n<body>\n<a class=\"skip\" href=\"#inhoud\">Naar de inhoud</a>\n<header class=\"site\">\n";
  if (m && !m->logo_path.empty()) {
    out += "<img class=\"logo\" src=\"/logo/" + UrlEncode(m->id) + ".png\" alt=\"\">";
  }
  out += "<a href=\"/" + keep + "\">Rechtop" + (m ? " " + Escape(m->name) : std::string()) + "</a>\n";
  out += "<nav aria-label=\"Hoofdmenu\"><a href=\"/rechten" + keep + "\">Alle rechten</a><a href=\"/check" + keep +
         "\">Rechtencheck</a><a href=\"/expert" + keep + "\">Voor hulpverleners</a></nav>\n</header>\n";
  // Amounts never break between the euro sign and the number.
  std::string kept = body;
  for (size_t at = kept.find("€ "); at != std::string::npos; at = kept.find("€ ", at)) {
    kept.replace(at + 3, 1, "&nbsp;");
  }
  out += "<main id=\"inhoud\">\n" + kept + "\n</main>\n";
  out += "<footer><p>Rechtop toont waar u waarschijnlijk recht op hebt. Alleen de bevoegde dienst beslist. "
         "Bronnen staan bij elk recht.</p></footer>\n</body>\n</html>\n";
  return out;
}

Response ErrorPage(const Site& site, int status, const std::string& message) {
  std::string title = status == 400   ? "Ongeldige aanvraag"
                      : status == 404 ? "Niet gevonden"
                      : status == 405 ? "Niet toegelaten"
                                      : "Er ging iets mis";
  View view;
  view.set("title", title);
  view.set("message", message);
  return Response::Html(Page(site, nullptr, title, Render("error", view)), status);
}

std::string LevelBadge(const rules::ir::Right& right) {
  using rules::ir::Level;
  const char* text = right.level == Level::kFederal      ? "federaal"
                     : right.level == Level::kFlemish    ? "Vlaams"
                     : right.level == Level::kProvincial ? "provinciaal"
                                                         : "lokaal";
  return "<span class=\"badge " + std::string(rules::ir::LevelName(right.level)) + "\">" + text + "</span>";
}

std::string ApplyModeText(rules::ir::ApplyMode mode) {
  switch (mode) {
    case rules::ir::ApplyMode::kAutomatic: return "automatisch";
    case rules::ir::ApplyMode::kOnRequest: return "op aanvraag";
    case rules::ir::ApplyMode::kOnRequestCourt: return "aanvraag bij de rechtbank";
  }
  return "";
}

std::string Humanize(std::string_view identifier) {
  std::string out(identifier);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

}  // namespace web
