// web/templates_test.cpp — every template escapes every value it shows,
// inside sections, lists and partials too.
#include "web/templates.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <regex>
#include <set>

#include "web/http.h"

namespace web {
namespace {

// What a template shows, read from its text: the values ({{x}}, and {{{x}}}
// or {{&x}} should one slip in), and the sections ({{#x}}, {{^x}}) with what
// they show inside. A partial's names count where the partial stands.
struct Shown {
  std::set<std::string> values;
  std::map<std::string, Shown> sections;  // {{#x}} and {{^x}} of one name together
  std::set<std::string> inverted;         // the names used as {{^x}}
};

using Texts = std::map<std::string, std::string, std::less<>>;

Texts AllTemplates() {
  Texts out;
  for (const auto& [name, text] : EmbeddedTemplates()) out.emplace(name, text);
  return out;
}

void Read(std::string_view text, const Texts& partials, Shown& into, int depth = 0) {
  ASSERT_LT(depth, 10) << "partials nest too deep (a cycle?)";
  static const std::regex tag(R"(\{\{\s*([#^/>!&{]?)\s*([^}]*?)\s*\}?\}\})");
  std::vector<Shown*> open{&into};
  const std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::string kind = (*it)[1], name = (*it)[2];
    Shown& here = *open.back();
    if (kind == "#" || kind == "^") {
      if (kind == "^") here.inverted.insert(name);
      open.push_back(&here.sections[name]);
    } else if (kind == "/") {
      ASSERT_GT(open.size(), 1u) << "{{/" << name << "}} closes nothing";
      open.pop_back();
    } else if (kind == ">") {
      auto partial = partials.find(name);
      ASSERT_NE(partial, partials.end()) << "{{> " << name << "}}: no such template";
      Read(partial->second, partials, here, depth + 1);
    } else if (kind != "!") {
      here.values.insert(name);
    }
  }
  EXPECT_EQ(open.size(), 1u) << "a section is not closed";
}

std::string Poison(const std::string& name) { return "<script>" + name + "</script>\"'&"; }
std::string Escaped(const std::string& name) { return "&lt;script&gt;" + name + "&lt;/script&gt;&quot;&#39;&amp;"; }

// A view that shows every value as Poison(name). With `inverted_false`, the
// sections used as {{^x}} are false, so that what they hold shows; otherwise
// every section is a list of one item.
void Fill(const Shown& shown, bool inverted_false, View& view) {
  for (const auto& value : shown.values) view.set(value, Poison(value));
  for (const auto& [name, inside] : shown.sections) {
    if (inverted_false && shown.inverted.count(name)) {
      Fill(inside, inverted_false, view);  // a false section looks its names up here
      view.set(name, View(false));
      continue;
    }
    View item;
    Fill(inside, inverted_false, item);
    ViewList list;
    list.push_back(item);
    view.set(name, list);
  }
}

void AllValues(const Shown& shown, std::set<std::string>& out) {
  out.insert(shown.values.begin(), shown.values.end());
  for (const auto& [name, inside] : shown.sections) AllValues(inside, out);
}

// What is wrong with how template `text` shows its values when `render`
// renders it: a value that is not escaped, or one the views never reach.
std::vector<std::string> EscapeProblems(std::string_view text, const Texts& partials,
                                        const std::function<std::string(const View&)>& render) {
  Shown shown;
  Read(text, partials, shown);
  std::set<std::string> values;
  AllValues(shown, values);
  std::vector<std::string> problems;
  std::string seen;
  for (bool inverted_false : {false, true}) {
    View view;
    Fill(shown, inverted_false, view);
    std::string out = render(view);
    if (out.find("<script>") != std::string::npos) problems.push_back("a value is not escaped:\n" + out);
    seen += out;
  }
  for (const auto& value : values) {
    if (seen.find(Escaped(value)) == std::string::npos) problems.push_back("{{" + value + "}} never shows");
  }
  return problems;
}

TEST(Templates, NoTemplateHasAnUnescapedTag) {
  ASSERT_FALSE(EmbeddedTemplates().empty());
  for (const auto& [name, text] : EmbeddedTemplates()) {
    EXPECT_EQ(text.find("{{{"), std::string_view::npos) << name;
    EXPECT_EQ(text.find("{{&"), std::string_view::npos) << name;
  }
}

TEST(Templates, AScriptInAnyValueOfAnyTemplateIsEscaped) {
  const Texts partials = AllTemplates();
  size_t values_checked = 0;
  for (const auto& [name, text] : EmbeddedTemplates()) {
    Shown shown;
    Read(text, partials, shown);
    std::set<std::string> values;
    AllValues(shown, values);
    values_checked += values.size();
    if (values.empty()) {  // fixed text (a layout's closing part): it renders, and nothing is there to escape
      const std::string out = Render(name, View{});
      EXPECT_FALSE(out.empty()) << name;
      EXPECT_EQ(out.find("{{"), std::string::npos) << name;
      continue;
    }
    for (const auto& problem :
         EscapeProblems(text, partials, [&name](const View& view) { return Render(name, view); })) {
      ADD_FAILURE() << name << ": " << problem;
    }
  }
  // The pages' templates show far more than the shell's few values.
  EXPECT_GT(values_checked, 100u);
}

// Renders `text` as Render does (escaping with web::Escape), with `partials`.
std::function<std::string(const View&)> RenderWith(const std::string& text, const Texts& partials) {
  return [text, partials](const View& view) {
    kainjow::mustache::mustache t(text);
    t.set_custom_escape([](const std::string& s) { return Escape(s); });
    View with_partials = view;
    for (const auto& [name, body] : partials) {
      with_partials.set(name, kainjow::mustache::partial([body] { return body; }));
    }
    return t.render(with_partials);
  };
}

// The check above must be able to fail: here it is shown an unescaped value
// deep inside sections and a partial, and a value behind an inverted section.
TEST(Templates, TheEscapeCheckFindsAnUnescapedValueDeepInsideSections) {
  const std::string text = "<ul>{{#items}}<li>{{name}} {{> item}}</li>{{/items}}{{^items}}{{none}}{{/items}}</ul>";
  const Texts raw = {{"item", "<b>{{#inner}}{{{deep}}}{{/inner}}</b>"}};
  const auto problems = EscapeProblems(text, raw, RenderWith(text, raw));
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].find("not escaped"), std::string::npos) << problems[0];

  const Texts escaped = {{"item", "<b>{{#inner}}{{deep}}{{/inner}}</b>"}};
  const auto none = EscapeProblems(text, escaped, RenderWith(text, escaped));
  EXPECT_TRUE(none.empty()) << none.front();

  // A value the views never reach is a problem too.
  const auto unreached = EscapeProblems(text, escaped, [](const View&) { return std::string("<ul></ul>"); });
  EXPECT_EQ(unreached.size(), 3u);
}

TEST(Templates, AValueInsideASectionIsEscapedToo) {
  View municipality;
  municipality.set("id", "x\"><script>");
  municipality.set("name", "<b>Aalst</b>");
  municipality.set("logo", View(true));
  View view;
  view.set("title", "t");
  view.set("keep", "");
  view.set("municipality", municipality);
  const std::string out = Render("layout_top", view);
  EXPECT_EQ(out.find("<script>"), std::string::npos);
  EXPECT_EQ(out.find("<b>"), std::string::npos);
  EXPECT_NE(out.find("Rechtop &lt;b&gt;Aalst&lt;/b&gt;"), std::string::npos) << out;
}

TEST(Templates, ALineWithOnlyASectionTagLeavesNoEmptyLine) {
  View item;
  item.set("value", "a");
  item.set("label", "A");
  item.set("selected", View(false));
  ViewList items;
  items.push_back(item);
  View view;
  view.set("municipalities", items);
  const std::string out = Render("expert_composition", view);
  EXPECT_NE(out.find("name=\"gemeente\">\n<option value=\"a\">A</option>\n<option value=\"andere\">"),
            std::string::npos)
      << out;
  view.set("municipalities", ViewList{});
  EXPECT_NE(Render("expert_composition", view).find("name=\"gemeente\">\n<option value=\"andere\">"),
            std::string::npos);
}

TEST(Templates, APartialWorksInsideALineAndOnALineOfItsOwn) {
  View view;
  view.set("level", "federal");
  view.set("level_text", "federaal");
  view.set("apply_mode", "op aanvraag");
  view.set("id", "leefloon");
  view.set("keep", "");
  view.set("name", "Leefloon");
  view.set("summary", "S");
  EXPECT_EQ(Render("right_item", view),
            "<li><h3><a href=\"/recht/leefloon\">Leefloon</a></h3>\n"
            "<p><span class=\"badge federal\">federaal</span> <span class=\"badge\">op aanvraag</span></p>\n"
            "<p>S</p></li>\n");
}

TEST(Templates, AValueNeverStandsInForAPartial) {
  View view;
  view.set("query", "q");
  view.set("municipality_id", View(false));
  view.set("search_form", "<i>not a partial</i>");
  const std::string out = Render("search", view);
  EXPECT_NE(out.find("<form class=\"search\""), std::string::npos) << out;
  EXPECT_EQ(out.find("not a partial"), std::string::npos);
}

TEST(Templates, AnUnknownTemplateIsADefectNotAPage) { EXPECT_THROW(Render("bestaat-niet", View{}), std::logic_error); }

}  // namespace
}  // namespace web
