// web/templates.h
//
// Pages are rendered from mustache templates (web/templates/NAME.mustache,
// compiled in), through this one interface over kainjow::mustache. Every
// {{value}} is escaped with web::Escape; the templates use no unescaped
// tags ({{{ }}} or {{& }}), which the template tests check, so a value from
// a request or the data can never become markup. web/templates/README.md
// lists the templates and the values each one shows.
#pragma once

#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace web {

// A template's values: strings, booleans, lists and objects (kainjow's data
// type). A section {{#x}} shows for a string, even an empty one, and a name
// missing from a list item is looked up in the enclosing views: set every
// name a section tests in every item, with OptionalText or a boolean.
using View = kainjow::mustache::data;
using ViewList = kainjow::mustache::list;

// The body `name` renders for `view`. Every template is also a partial
// ({{> name}}) of every other, looked up among the templates only. A template
// that does not exist or does not parse is a defect of the build, not of a
// request: it throws, and Handle turns that into a 500 that the server logs.
std::string Render(std::string_view name, const View& view);

// Sets `name` in `view` to `value` (a string, a boolean, an object or a
// list), moved in. Views are built with Put only: View::set copies its value
// and copying a page's nested lists item by item was most of the cost of a
// page. For the same reason a list is reserved before items are added:
// kainjow's move constructor is not noexcept, so a growing ViewList copies
// every item it holds.
void Put(View& view, const std::string& name, View value);
void Put(View& view, const std::string& name, ViewList list);

// `text`, or false when it is empty: for {{#x}}...{{x}}...{{/x}}.
View OptionalText(const std::string& text);

// One {text} item per line, for {{#x}}<li>{{text}}</li>{{/x}}.
ViewList TextItems(const std::vector<std::string>& lines);

// Every template, by name, as compiled in (generated from web/templates/).
const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedTemplates();

}  // namespace web
