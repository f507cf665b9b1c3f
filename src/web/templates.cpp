// web/templates.cpp — the render interface over kainjow::mustache.
#include "web/templates.h"

#include <map>
#include <memory>
#include <stdexcept>

#include "web/http.h"

namespace web {
namespace {

using Template = kainjow::mustache::mustache;

// Whether `line` holds one section tag ({{#x}}, {{^x}}, {{/x}}) or comment
// ({{! ...}}) and nothing else but spaces.
bool IsStandaloneTag(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
  if (line.size() < 5 || !line.starts_with("{{") || !line.ends_with("}}")) return false;
  if (line.find("}}") != line.size() - 2) return false;  // one tag only
  return line[2] == '#' || line[2] == '^' || line[2] == '/' || line[2] == '!';
}

// Mustache's standalone rule, which kainjow keeps only for sections that
// render: a line holding just a section tag or a comment leaves no line of
// its own in the page, whether the section shows or not.
std::string Standalone(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (IsStandaloneTag(line)) {
      size_t open = line.find("{{");
      out += line.substr(open, line.rfind("}}") + 2 - open);
    } else {
      out += line;
      if (end != std::string_view::npos) out += '\n';
    }
  }
  return out;
}

// Parsed once per thread, on first use: a template object keeps state while
// it renders, so threads never share one.
std::map<std::string_view, std::unique_ptr<Template>, std::less<>>& Parsed() {
  thread_local auto parsed = [] {
    std::map<std::string_view, std::unique_ptr<Template>, std::less<>> out;
    for (const auto& [name, text] : EmbeddedTemplates()) {
      auto t = std::make_unique<Template>(Standalone(text));
      if (!t->is_valid()) throw std::logic_error("template " + std::string(name) + ": " + t->error_message());
      t->set_custom_escape([](const std::string& s) { return Escape(s); });
      out.emplace(name, std::move(t));
    }
    return out;
  }();
  return parsed;
}

// Every template as a partial ({{> name}}), without its final line break: a
// partial alone on its line then gives its lines and that line's break once,
// and one inside a line (a badge) breaks nothing. Read-only after start.
const std::map<std::string, View, std::less<>>& Partials() {
  static const auto partials = [] {
    std::map<std::string, View, std::less<>> out;
    for (const auto& [name, text] : EmbeddedTemplates()) {
      std::string body = Standalone(text);
      if (body.ends_with('\n')) body.pop_back();
      out.emplace(std::string(name), View(body));
    }
    return out;
  }();
  return partials;
}

// The values come from the view, the partials only from the templates: a
// value never stands in for a partial, and a partial's name is never a value.
class PageContext : public kainjow::mustache::basic_context<std::string> {
 public:
  explicit PageContext(const View& view) : values_(&view) {}
  void push(const View* data) override { values_.push(data); }
  void pop() override { values_.pop(); }
  const View* get(const std::string& name) const override { return values_.get(name); }
  const View* get_partial(const std::string& name) const override {
    auto it = Partials().find(name);
    return it == Partials().end() ? nullptr : &it->second;
  }

 private:
  kainjow::mustache::context<std::string> values_;
};

}  // namespace

std::string Render(std::string_view name, const View& view) {
  auto& parsed = Parsed();
  auto it = parsed.find(name);
  if (it == parsed.end()) throw std::logic_error("no template " + std::string(name));
  PageContext context(view);
  std::string out = it->second->render(context);
  if (!it->second->is_valid()) {
    throw std::logic_error("template " + std::string(name) + ": " + it->second->error_message());
  }
  return out;
}

View OptionalText(const std::string& text) { return text.empty() ? View(false) : View(text); }

ViewList TextItems(const std::vector<std::string>& lines) {
  ViewList out;
  for (const auto& line : lines) {
    View item;
    item.set("text", line);
    out.push_back(item);
  }
  return out;
}

}  // namespace web
