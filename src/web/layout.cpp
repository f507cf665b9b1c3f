// web/layout.cpp — page shell: header with the municipality's colours, skip
// link, main landmark, footer; and the values several pages show.
#include "web/layout.h"

namespace web {

const catalog::Municipality* ChosenMunicipality(const Site& site, const Request& request) {
  std::string id = request.query.Get("gemeente");
  if (id.empty() && request.method == "POST") id = request.Form().Get("gemeente_id");
  return id.empty() ? nullptr : site.directory.FindMunicipality(id);
}

bool OtherMunicipalities(const Request& request) {
  const std::string value = request.query.Get("andere");
  return value == "1" || value == "ja" || value == "true";
}

search::Scope SearchScope(const catalog::Municipality* m, bool others, std::string kind) {
  search::Scope scope;
  scope.kind = std::move(kind);
  if (m) scope.municipality = SearchKey(*m);
  scope.other_municipalities = others;
  return scope;
}

std::string HitTown(const Site& site, const search::Hit& hit) {
  if (hit.municipality.empty()) return "";
  if (hit.kind == "right") {
    if (auto index = site.rules.program.FindRight(hit.id)) return site.rules.program.rights[*index].municipality_name;
    return "";
  }
  const catalog::Service* service = site.directory.FindService(hit.id);
  const catalog::Municipality* m = service ? site.directory.FindMunicipality(service->municipality_id) : nullptr;
  return m ? m->name : "";
}

std::string KeepMunicipality(const catalog::Municipality* municipality, char first) {
  if (!municipality) return "";
  return std::string(1, first) + "gemeente=" + UrlEncode(municipality->id);
}

std::string Page(const Site& site, const catalog::Municipality* m, const std::string& title,
                 std::string_view body_template, const View& body) {
  (void)site;
  View view;
  Put(view, "title", title);

  Put(view, "keep", KeepMunicipality(m));

  if (m) {
    // The house colour comes from a style sheet: the content security policy allows no inline style.
    View municipality;
    Put(municipality, "id", UrlEncode(m->id));

    Put(municipality, "name", m->name);

    Put(municipality, "logo", View(!m->logo_path.empty()));

    Put(view, "municipality", std::move(municipality));
  }
  std::string main = Render(body_template, body);
  // Amounts never break between the euro sign and the number.
  for (size_t at = main.find("€ "); at != std::string::npos; at = main.find("€ ", at)) {
    main.replace(at + 3, 1, "&nbsp;");
  }
  return Render("layout_top", view) + main + Render("layout_bottom", View{});
}

Response ErrorPage(const Site& site, int status, const std::string& message) {
  std::string title = status == 400   ? "Ongeldige aanvraag"
                      : status == 404 ? "Niet gevonden"
                      : status == 405 ? "Niet toegelaten"
                                      : "Er ging iets mis";
  View view;
  Put(view, "title", title);

  Put(view, "message", message);

  return Response::Html(Page(site, nullptr, title, "error", view), status);
}

void SetRightSummary(View& view, const rules::ir::Right& right) {
  Put(view, "id", UrlEncode(right.id));

  Put(view, "name", right.name);

  Put(view, "summary", right.summary);

  Put(view, "level", std::string(rules::ir::LevelName(right.level)));

  Put(view, "level_text", LevelText(right.level));

  Put(view, "apply_mode", ApplyModeText(right.apply_mode));
}

std::string LevelText(rules::ir::Level level) {
  using rules::ir::Level;
  return level == Level::kFederal      ? "federaal"
         : level == Level::kFlemish    ? "Vlaams"
         : level == Level::kProvincial ? "provinciaal"
                                       : "lokaal";
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
