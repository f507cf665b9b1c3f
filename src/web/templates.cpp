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

// Every template's text as a partial ({{> name}}): standalone lines applied,
// without its final line break, so that a partial alone on its line gives
// its lines and that line's break once, and one inside a line (a badge)
// breaks nothing.
const std::map<std::string, std::string, std::less<>>& PartialTexts() {
  static const auto partials = [] {
    std::map<std::string, std::string, std::less<>> out;
    for (const auto& [name, text] : EmbeddedTemplates()) {
      std::string body = Standalone(text);
      if (body.ends_with('\n')) body.pop_back();
      out.emplace(std::string(name), std::move(body));
    }
    return out;
  }();
  return partials;
}

// `text` with every {{> name}} replaced by that template's partial text, so
// that a page is parsed once, not once more for every partial it shows (kainjow
// parses a partial each time it meets one). Throws for an unknown partial.
std::string ExpandPartials(std::string_view owner, const std::string& text, int depth = 0) {
  if (depth > 8) throw std::logic_error("template " + std::string(owner) + ": partials nest too deep");
  std::string out;
  size_t at = 0;
  for (size_t open = text.find("{{>"); open != std::string::npos; open = text.find("{{>", at)) {
    size_t close = text.find("}}", open);
    if (close == std::string::npos) break;
    std::string name = text.substr(open + 3, close - open - 3);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    auto partial = PartialTexts().find(name);
    if (partial == PartialTexts().end()) {
      throw std::logic_error("template " + std::string(owner) + ": no partial " + name);
    }
    out += text.substr(at, open - at);
    out += ExpandPartials(owner, partial->second, depth + 1);
    at = close + 2;
  }
  return out + text.substr(at);
}

// Parsed once per thread, on first use: a template object keeps state while
// it renders, so threads never share one.
std::map<std::string_view, std::unique_ptr<Template>, std::less<>>& Parsed() {
  thread_local auto parsed = [] {
    std::map<std::string_view, std::unique_ptr<Template>, std::less<>> out;
    for (const auto& [name, text] : EmbeddedTemplates()) {
      auto t = std::make_unique<Template>(ExpandPartials(name, Standalone(text)));
      if (!t->is_valid()) throw std::logic_error("template " + std::string(name) + ": " + t->error_message());
      t->set_custom_escape([](const std::string& s) { return Escape(s); });
      out.emplace(name, std::move(t));
    }
    return out;
  }();
  return parsed;
}

// The values come from the view only; the partials were expanded when the
// templates were parsed, so a value never stands in for a partial.
class PageContext : public kainjow::mustache::basic_context<std::string> {
 public:
  explicit PageContext(const View& view) : values_(&view) {}
  void push(const View* data) override { values_.push(data); }
  void pop() override { values_.pop(); }
  const View* get(const std::string& name) const override { return values_.get(name); }
  const View* get_partial(const std::string&) const override { return nullptr; }

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

void Put(View& view, const std::string& name, View value) { view[name] = std::move(value); }

void Put(View& view, const std::string& name, ViewList list) {
  view.set(name, View(View::type::list));
  if (const View* slot = view.get(name)) const_cast<ViewList&>(slot->list_value()).swap(list);
}

View OptionalText(const std::string& text) { return text.empty() ? View(false) : View(text); }

ViewList TextItems(const std::vector<std::string>& lines) {
  ViewList out;
  out.reserve(lines.size());
  for (const auto& line : lines) {
    View item;
    Put(item, "text", line);
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace web
