// web/layout.h — the page shell and the values shared by several pages.
#pragma once

#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "web/site.h"
#include "web/templates.h"

namespace web {

// The municipality chosen with ?gemeente=<id>, or nullptr.
const catalog::Municipality* ChosenMunicipality(const Site& site, const Request& request);

// Whether a search asks for other towns' local rights and services too
// (?andere=1, the "ook andere gemeenten" box).
bool OtherMunicipalities(const Request& request);

// What a search in municipality `m` (nullptr: none chosen) may find: with a
// town, its own local rights and services first, other towns' only when
// `others`; `kind` "right", "service" or "" for both.
search::Scope SearchScope(const catalog::Municipality* m, bool others, std::string kind = "");

// The name of the town a search hit belongs to ("Pelt"), or "" for a right
// or service of no town.
std::string HitTown(const Site& site, const search::Hit& hit);

// "?gemeente=<id>" (or "") to keep the municipality in links.
std::string KeepMunicipality(const catalog::Municipality* municipality, char first = '?');

// A complete Dutch HTML page in the municipality's colours: the shell
// (layout_top, layout_bottom) around the template `body_template` rendered
// for `body`. Only templates make markup, so every value is escaped.
std::string Page(const Site& site, const catalog::Municipality* municipality, const std::string& title,
                 std::string_view body_template, const View& body);

Response ErrorPage(const Site& site, int status, const std::string& message);

// The values of the right_badges and right_item templates: id, name,
// summary, level, level_text, apply_mode.
void SetRightSummary(View& view, const rules::ir::Right& right);

std::string LevelText(rules::ir::Level level);  // "federaal", "Vlaams", ...
std::string ApplyModeText(rules::ir::ApplyMode mode);
std::string Humanize(std::string_view identifier);  // "sociaal_tarief" -> "Sociaal tarief"

}  // namespace web
