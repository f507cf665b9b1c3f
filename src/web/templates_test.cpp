// web/templates_test.cpp — every template escapes every value it shows.
#include "web/templates.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace web {
namespace {

// The names a template shows: {{name}} (not sections, comments or partials).
std::set<std::string> ShownNames(std::string_view text) {
  std::set<std::string> names;
  static const std::regex tag(R"(\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\})");
  const std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), tag); it != std::sregex_iterator(); ++it) {
    names.insert((*it)[1]);
  }
  return names;
}

TEST(Templates, NoTemplateHasAnUnescapedTag) {
  ASSERT_FALSE(EmbeddedTemplates().empty());
  for (const auto& [name, text] : EmbeddedTemplates()) {
    EXPECT_EQ(text.find("{{{"), std::string_view::npos) << name;
    EXPECT_EQ(text.find("{{&"), std::string_view::npos) << name;
  }
}

TEST(Templates, AScriptInAnyValueOfAnyTemplateIsEscaped) {
  const std::string script = "<script>alert('x')</script>\"&";
  for (const auto& [name, text] : EmbeddedTemplates()) {
    View view;
    const std::set<std::string> names = ShownNames(text);
    if (names.empty()) {  // fixed text (a layout's closing part): it renders, and nothing is there to escape
      EXPECT_EQ(Render(name, view), text) << name;
      continue;
    }
    for (const std::string& value : names) view.set(value, script);
    const std::string out = Render(name, view);
    EXPECT_EQ(out.find("<script>"), std::string::npos) << name;
    EXPECT_NE(out.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;"), std::string::npos)
        << name << ":\n"
        << out;
  }
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

TEST(Templates, AnUnknownTemplateIsADefectNotAPage) { EXPECT_THROW(Render("bestaat-niet", View{}), std::logic_error); }

}  // namespace
}  // namespace web
