// web/layout.h — the HTML page shell and small shared HTML pieces.
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "web/site.h"

namespace web {

// The municipality chosen with ?gemeente=<id>, or nullptr.
const catalog::Municipality* ChosenMunicipality(const Site& site, const Request& request);

// "?gemeente=<id>" (or "") to keep the municipality in links.
std::string KeepMunicipality(const catalog::Municipality* municipality, char first = '?');

// A complete Dutch HTML page in the municipality's colours.
std::string Page(const Site& site, const catalog::Municipality* municipality, const std::string& title,
                 const std::string& body);

Response ErrorPage(const Site& site, int status, const std::string& message);

std::string LevelBadge(const rules::ir::Right& right);
std::string ApplyModeText(rules::ir::ApplyMode mode);
std::string Humanize(std::string_view identifier);  // "sociaal_tarief" -> "Sociaal tarief"

}  // namespace web
