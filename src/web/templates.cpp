// web/templates.cpp — the render interface over kainjow::mustache.
#include "web/templates.h"

#include <map>
#include <memory>
#include <stdexcept>

#include "web/http.h"

namespace web {
namespace {

using Template = kainjow::mustache::mustache;

// Parsed once per thread, on first use: a template object keeps state while
// it renders, so threads never share one.
std::map<std::string_view, std::unique_ptr<Template>, std::less<>>& Parsed() {
  thread_local auto parsed = [] {
    std::map<std::string_view, std::unique_ptr<Template>, std::less<>> out;
    for (const auto& [name, text] : EmbeddedTemplates()) {
      auto t = std::make_unique<Template>(std::string(text));
      if (!t->is_valid()) throw std::logic_error("template " + std::string(name) + ": " + t->error_message());
      t->set_custom_escape([](const std::string& s) { return Escape(s); });
      out.emplace(name, std::move(t));
    }
    return out;
  }();
  return parsed;
}

}  // namespace

std::string Render(std::string_view name, const View& view) {
  auto& parsed = Parsed();
  auto it = parsed.find(name);
  if (it == parsed.end()) throw std::logic_error("no template " + std::string(name));
  // Every template is also a partial ({{> name}}) of every other.
  View with_partials = view;
  for (const auto& [partial, text] : EmbeddedTemplates()) {
    if (!with_partials.get(std::string(partial))) {
      with_partials.set(std::string(partial), kainjow::mustache::partial([text] { return std::string(text); }));
    }
  }
  std::string out = it->second->render(with_partials);
  if (!it->second->is_valid()) {
    throw std::logic_error("template " + std::string(name) + ": " + it->second->error_message());
  }
  return out;
}

}  // namespace web
