// household/json_schema_test.cpp — the generated JSON Schema matches the
// checked-in docs/household.schema.json and covers every schema-table field.
#include "household/json_schema.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "household/json_reader.h"
#include "household/schema.h"

namespace household {
namespace {

const std::string kSchemaPath = std::string(RECHTOP_SOURCE_DIR) + "/docs/household.schema.json";
const std::string kDocsPath = std::string(RECHTOP_SOURCE_DIR) + "/docs/household.md";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// With RECHTOP_UPDATE_SCHEMA=1 in the environment the test rewrites the file
// instead: RECHTOP_UPDATE_SCHEMA=1 ./build/src/unit_tests --gtest_filter='JsonSchema.*'
TEST(JsonSchema, MatchesTheCheckedInFile) {
  std::string generated = HouseholdJsonSchema();
  const char* update = std::getenv("RECHTOP_UPDATE_SCHEMA");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(kSchemaPath, std::ios::binary) << generated;
  }
  std::string checked_in = ReadFile(kSchemaPath);
  ASSERT_FALSE(checked_in.empty()) << "cannot read " << kSchemaPath;
  EXPECT_TRUE(checked_in == generated) << kSchemaPath << " is stale; regenerate it with "
                                       << "build/rechtop schema > docs/household.schema.json and review the diff";
}

// The schema node of a dotted `name` below `properties`.
const nlohmann::json* Find(const nlohmann::json& object, std::string_view name) {
  const nlohmann::json* node = &object;
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    std::string step(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!node->contains("properties") || !(*node)["properties"].contains(step)) return nullptr;
    node = &(*node)["properties"][step];
    if (dot == std::string_view::npos) return node;
    start = dot + 1;
  }
}

TEST(JsonSchema, DescribesEveryFieldWithItsDutchLabel) {
  auto schema = nlohmann::json::parse(HouseholdJsonSchema());
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  for (const FieldSpec& field : Fields(Entity::kHousehold)) {
    const nlohmann::json* node = Find(schema, field.name);
    ASSERT_NE(node, nullptr) << field.name;
    EXPECT_EQ((*node)["description"], std::string(field.label)) << field.name;
  }
  for (const FieldSpec& field : Fields(Entity::kPerson)) {
    const nlohmann::json* node = Find(schema["$defs"]["person"], field.name);
    ASSERT_NE(node, nullptr) << field.name;
    EXPECT_TRUE((*node)["description"].get<std::string>().starts_with(field.label)) << field.name;
  }
}

TEST(JsonSchema, WritesMoneyAsCentExactNonNegativeNumbers) {
  auto schema = nlohmann::json::parse(HouseholdJsonSchema());
  const nlohmann::json& rent = *Find(schema, "housing.rent_monthly");
  EXPECT_EQ(rent["type"], nlohmann::json::array({"number", "null"}));
  EXPECT_EQ(rent["minimum"], 0);
  EXPECT_EQ(rent["multipleOf"], 0.01);
  EXPECT_EQ(schema["$defs"]["income"]["required"], nlohmann::json::array({"kind", "amount", "period", "basis"}));
}

TEST(JsonSchema, ClosesEveryObject) {
  auto schema = nlohmann::json::parse(HouseholdJsonSchema());
  int objects = 0;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& node) {
    if (node.is_object()) {
      if (node.contains("properties")) {
        ++objects;
        EXPECT_EQ(node.value("additionalProperties", true), false) << node.dump().substr(0, 80);
      }
      for (const auto& [key, child] : node.items()) walk(child);
    } else if (node.is_array()) {
      for (const auto& child : node) walk(child);
    }
  };
  walk(schema);
  EXPECT_GT(objects, 10);
}

// The schema node of the field or list member a synonym row names.
const nlohmann::json* SynonymNode(const nlohmann::json& schema, Entity entity, std::string_view field) {
  static const std::vector<std::pair<std::string_view, std::string_view>> lists = {
      {"incomes[].", "income"}, {"statuses[].", "status"}, {"housing.owned_real_estate[].", "real_estate"}};
  for (const auto& [prefix, def] : lists) {
    if (field.starts_with(prefix)) return Find(schema["$defs"][std::string(def)], field.substr(prefix.size()));
  }
  return Find(entity == Entity::kPerson ? schema["$defs"]["person"] : schema, field);
}

// The enum list of a scalar's schema (inside anyOf when a prefix pattern is present).
nlohmann::json EnumOf(const nlohmann::json& node) {
  if (node.contains("enum")) return node["enum"];
  if (node.contains("anyOf")) return node["anyOf"][0]["enum"];
  return nlohmann::json::array();
}

TEST(JsonSchema, AdmitsEveryOtherSpelling) {
  auto schema = nlohmann::json::parse(HouseholdJsonSchema());
  for (const ValueSynonym& s : ValueSynonyms()) {
    const nlohmann::json* node = SynonymNode(schema, s.entity, s.field);
    ASSERT_NE(node, nullptr) << s.field;
    nlohmann::json values = EnumOf(*node);
    EXPECT_NE(std::find(values.begin(), values.end(), std::string(s.spelling)), values.end())
        << s.field << ": " << s.spelling;
    if (s.also_number) {
      EXPECT_NE(std::find(values.begin(), values.end(), std::stoll(std::string(s.spelling))), values.end())
          << s.field << ": the number " << s.spelling;
    }
  }
  for (const NameSynonym& s : NameSynonyms()) {
    std::string field = std::string(s.object) + "." + std::string(s.spelling);
    EXPECT_NE(SynonymNode(schema, s.entity, field), nullptr) << field;
  }
  // A required member with another spelling: exactly one of the two.
  EXPECT_EQ(schema["$defs"]["real_estate"]["required"], nlohmann::json::array({"type"}));
  EXPECT_EQ(schema["$defs"]["real_estate"]["allOf"][0]["oneOf"].size(), 2u);
  EXPECT_EQ(schema["$defs"]["status"]["properties"]["category"]["type"],
            nlohmann::json::array({"string", "integer", "null"}));
  EXPECT_EQ((*Find(schema, "income_history.household_gross_taxable_income_prev_month"))["type"],
            nlohmann::json::array({"number", "object", "null"}));
  EXPECT_EQ((*Find(schema, "income_history.household_gross_taxable_income_annual"))["type"],
            nlohmann::json::array({"object", "number", "null"}));
  EXPECT_EQ(schema["properties"]["lenient"]["type"], nlohmann::json::array({"boolean", "null"}));
}

// docs/household.md documents the input by hand; this keeps it complete.
TEST(HouseholdDocs, NameEveryFieldAndValue) {
  std::string docs = ReadFile(kDocsPath);
  ASSERT_FALSE(docs.empty()) << "cannot read " << kDocsPath;
  auto documented = [&](std::string_view name) {
    return docs.find("`" + std::string(name) + "`") != std::string::npos;
  };
  for (Entity entity : {Entity::kHousehold, Entity::kPerson}) {
    for (const FieldSpec& field : Fields(entity)) {
      EXPECT_TRUE(documented(field.name)) << field.name << " is missing from docs/household.md";
      for (std::string_view value : field.values) EXPECT_TRUE(documented(value)) << field.name << ": " << value;
    }
  }
  for (std::string_view kind : IncomeKinds()) EXPECT_TRUE(documented(kind)) << "income kind " << kind;
  for (std::string_view status : StatusValues()) EXPECT_TRUE(documented(status)) << "status " << status;
  for (std::string_view type : RealEstateTypes()) EXPECT_TRUE(documented(type)) << "real estate type " << type;
  for (const ValueSynonym& s : ValueSynonyms()) EXPECT_TRUE(documented(s.spelling)) << s.field << ": " << s.spelling;
  for (const NameSynonym& s : NameSynonyms()) EXPECT_TRUE(documented(s.spelling)) << s.object << ": " << s.spelling;
  // Each numbered category on its status' row: "| `leefloon` | 1 → `cat1`, 2 → `cat2`, ... |".
  for (const CategoryNumber& c : CategoryNumbers()) {
    size_t row = docs.find("\n| `" + std::string(c.status) + "` |");
    ASSERT_NE(row, std::string::npos) << "no row for the categories of " << c.status;
    std::string line = docs.substr(row + 1, docs.find('\n', row + 1) - row - 1);
    EXPECT_NE(line.find(std::to_string(c.number) + " → `" + std::string(c.code) + "`"), std::string::npos)
        << c.status << " " << c.number;
  }
}

TEST(HouseholdDocs, ExampleDocumentReads) {
  std::string docs = ReadFile(kDocsPath);
  size_t start = docs.find("```json\n");
  ASSERT_NE(start, std::string::npos);
  start += 8;
  size_t end = docs.find("```", start);
  ASSERT_NE(end, std::string::npos);
  auto household = ReadHousehold(docs.substr(start, end - start), "docs/household.md example");
  ASSERT_TRUE(household.ok()) << household.error().message();
  EXPECT_EQ(household->persons.size(), 2u);
}

}  // namespace
}  // namespace household
