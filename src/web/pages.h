// web/pages.h — the handlers behind each route (router.cpp maps paths here).
#pragma once

#include <optional>
#include <string>

#include "cards/card.h"
#include "web/site.h"
#include "web/templates.h"

namespace web {

Response HomePage(const Site& site, const Request& request);
Response RightsPage(const Site& site, const Request& request);
Response SearchPage(const Site& site, const Request& request);
Response RightPage(const Site& site, const Request& request, const std::string& id);
Response ServicePage(const Site& site, const Request& request, const std::string& id);
Response CardPdf(const Site& site, const Request& request, const std::string& id);
Response ScreenerPage(const Site& site, const Request& request);
Response ExpertPage(const Site& site, const Request& request);

Response ApiCheck(const Site& site, const Request& request);
Response ApiRights(const Site& site, const Request& request);
Response ApiRight(const Site& site, const Request& request, const std::string& id);
Response ApiSearch(const Site& site, const Request& request);
Response ApiServices(const Site& site, const Request& request);

// The referral card for right `id`, or nullopt for an unknown right. A GET
// gives the generic card; a POST with the screener's answers adds the reason.
std::optional<cards::Card> CardFor(const Site& site, const Request& request, const std::string& id);

// The reason a personal referral card gives for `right_id`: the sentence of
// the evaluation of the answers in `form` (the screener's hidden fields), or
// nullopt when there are no answers or they do not point to the right.
std::optional<std::string> CardReason(const Site& site, const Params& form, const std::string& right_id);

// The values of the contact_points template: the services that handle
// `right_id` where the municipality is, with their locations (shared by the
// right page and the service page).
View ContactPoints(const Site& site, const catalog::Municipality* m, const std::string& right_id);

}  // namespace web
