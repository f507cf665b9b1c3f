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
