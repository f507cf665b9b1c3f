// household/schema_test.cpp — the prerequisites table names real fields and
// values, so a typo cannot silently stop the rights check asking something.
#include "household/schema.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace household {
namespace {

TEST(Prerequisites, NameFieldsAndValuesOfTheTable) {
  for (const Prerequisite& p : Prerequisites()) {
    const std::string where = std::string(p.field) + " requires " + std::string(p.requires_field);
    auto field = FindField(p.entity, p.field);
    ASSERT_TRUE(field) << where << ": no such field";
    const FieldSpec& spec = Fields(p.entity)[*field];
    if (!p.otherwise.empty()) {
      const nlohmann::json otherwise = nlohmann::json::parse(p.otherwise, nullptr, false);
      ASSERT_FALSE(otherwise.is_discarded()) << where << ": otherwise is not JSON";
      switch (spec.type) {
        case FieldType::kBool: EXPECT_TRUE(otherwise.is_boolean()) << where; break;
        case FieldType::kInt: EXPECT_TRUE(otherwise.is_number_integer()) << where; break;
        case FieldType::kEnum:
          ASSERT_TRUE(otherwise.is_string()) << where;
          EXPECT_TRUE(EnumIndex(spec, otherwise.get<std::string>())) << where;
          break;
        default: ADD_FAILURE() << where << ": otherwise for a field of this type is not read";
      }
    }
    if (p.requires_field == "age") {
      EXPECT_EQ(p.entity, Entity::kPerson) << where;
      EXPECT_TRUE(p.when.empty()) << where;
      EXPECT_LT(p.min_age, p.max_age) << where;
      continue;
    }
    auto required = FindField(p.entity, p.requires_field);
    ASSERT_TRUE(required) << where << ": no such field";
    const FieldSpec& gate = Fields(p.entity)[*required];
    ASSERT_FALSE(p.when.empty()) << where;
    for (std::string_view value : p.when) {
      const nlohmann::json v = nlohmann::json::parse(value, nullptr, false);
      ASSERT_FALSE(v.is_discarded()) << where << ": " << value;
      if (gate.type == FieldType::kBool) {
        EXPECT_TRUE(v.is_boolean()) << where << ": " << value;
      } else {
        ASSERT_EQ(gate.type, FieldType::kEnum) << where;
        ASSERT_TRUE(v.is_string()) << where;
        EXPECT_TRUE(EnumIndex(gate, v.get<std::string>())) << where << ": " << value;
      }
    }
    EXPECT_EQ(FindPrerequisite(p.entity, p.field), &p) << where << ": listed twice";
  }
}

}  // namespace
}  // namespace household
