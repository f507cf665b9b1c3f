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
  // The shell is two templates around the body: the body is markup this
  // program built, and the templates have no unescaped tag to carry it.
  View view;
  view.set("title", title);
  view.set("keep", KeepMunicipality(m));
  if (m) {
    // The house colour comes from a style sheet: the content security policy allows no inline style.
    View municipality;
    municipality.set("id", UrlEncode(m->id));
    municipality.set("name", m->name);
    municipality.set("logo", View(!m->logo_path.empty()));
    view.set("municipality", municipality);
  }
  std::string out = Render("layout_top", view);
  // Amounts never break between the euro sign and the number.
  std::string kept = body;
  for (size_t at = kept.find("€ "); at != std::string::npos; at = kept.find("€ ", at)) {
    kept.replace(at + 3, 1, "&nbsp;");
  }
  out += kept;
  out += Render("layout_bottom", View{});
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
