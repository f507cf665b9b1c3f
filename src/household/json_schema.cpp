// household/json_schema.cpp — JSON Schema generation from the schema table.
#include "household/json_schema.h"

#include <nlohmann/json.hpp>

#include "household/json_reader.h"
#include "household/schema.h"

namespace household {
namespace {

using detail::MemberKind;
using detail::ObjectLayout;
using nlohmann::ordered_json;

constexpr std::string_view kDatePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

// `type`, or [type, "null"] when the member is optional.
ordered_json Type(std::string_view type, bool nullable) {
  if (!nullable) return std::string(type);
  return ordered_json::array({std::string(type), "null"});
}

// The schema of one scalar of `spec.type`; an enum also admits the synonyms
// of `synonym_field` (ValueSynonyms()).
ordered_json Scalar(const FieldSpec& spec, bool nullable, std::string_view synonym_field) {
  ordered_json out = ordered_json::object();
  if (!spec.label.empty()) out["description"] = std::string(spec.label);
  switch (spec.type) {
    case FieldType::kBool:
      out["type"] = Type("boolean", nullable);
      break;
    case FieldType::kInt:
      out["type"] = Type("integer", nullable);
      out["minimum"] = 0;
      break;
    case FieldType::kMoney:
      out["type"] = Type("number", nullable);
      out["minimum"] = 0;
      out["multipleOf"] = 0.01;
      break;
    case FieldType::kDate:
      out["type"] = Type("string", nullable);
      out["format"] = "date";
      out["pattern"] = std::string(kDatePattern);
      break;
    case FieldType::kText:
      out["type"] = Type("string", nullable);
      break;
    case FieldType::kEnum: {
      ordered_json values = ordered_json::array();
      ordered_json any_of = ordered_json::array();
      for (std::string_view v : spec.values) {
        if (v.ends_with('*')) {
          // A prefix pattern: "carer_*" admits "carer_" followed by anything.
          any_of.push_back({{"type", "string"}, {"pattern", "^" + std::string(v.substr(0, v.size() - 1)) + "."}});
        } else {
          values.push_back(std::string(v));
        }
      }
      for (const ValueSynonym& synonym : ValueSynonyms()) {
        if (synonym.entity != spec.entity || synonym.field != synonym_field) continue;
        values.push_back(std::string(synonym.spelling));
        if (synonym.also_number) values.push_back(std::stoll(std::string(synonym.spelling)));
      }
      if (nullable) values.push_back(nullptr);
      if (any_of.empty()) {
        out["enum"] = values;
      } else {
        any_of.insert(any_of.begin(), ordered_json{{"enum", values}});
        out["anyOf"] = any_of;
      }
      break;
    }
  }
  return out;
}

ordered_json ObjectSchema(std::string_view description, bool nullable) {
  ordered_json out = ordered_json::object();
  if (!description.empty()) out["description"] = std::string(description);
  out["type"] = Type("object", nullable);
  out["additionalProperties"] = false;
  return out;
}

ordered_json ListSchema(std::string_view description, std::string_view item_ref) {
  ordered_json out = ordered_json::object();
  out["description"] = std::string(description);
  out["type"] = Type("array", true);
  out["items"] = {{"$ref", "#/$defs/" + std::string(item_ref)}};
  return out;
}

std::string_view ItemDefName(MemberKind list) {
  switch (list) {
    case MemberKind::kIncomes:
      return "income";
    case MemberKind::kStatuses:
      return "status";
    case MemberKind::kOwnedRealEstate:
      return "real_estate";
    case MemberKind::kField:
    case MemberKind::kObject:
    case MemberKind::kReferenceDate:
    case MemberKind::kPersons:
    case MemberKind::kOption:
      return "";
  }
  return "";
}

// The other spellings of member `name` of the object at `object` (NameSynonyms()).
std::vector<std::string> NameSpellings(Entity entity, std::string_view object, std::string_view name) {
  std::vector<std::string> out;
  for (const NameSynonym& s : NameSynonyms()) {
    if (s.entity == entity && s.object == object && s.name == name) out.emplace_back(s.spelling);
  }
  return out;
}

// A money field of income_history, which may also be written {amount, year | month}.
ordered_json AmountEntry(const FieldSpec& spec) {
  ordered_json out = Scalar(spec, true, spec.name);
  out["type"] = ordered_json::array({"number", "object", "null"});
  out["additionalProperties"] = false;
  ordered_json amount = Scalar(spec, false, spec.name);
  amount.erase("description");
  ordered_json month = ordered_json::object();
  month["type"] = ordered_json::array({"string", "integer", "null"});
  month["pattern"] = "^[0-9]{4}-[0-9]{2}$";
  month["minimum"] = 1;
  month["maximum"] = 12;
  out["properties"] = {
      {"amount", amount},
      {"year", {{"type", ordered_json::array({"integer", "null"})}, {"minimum", 1800}, {"maximum", 2200}}},
      {"month", month}};
  out["required"] = ordered_json::array({"amount"});
  out["not"] = {{"type", "object"}, {"required", ordered_json::array({"year", "month"})}};
  return out;
}

ordered_json ItemSchema(MemberKind list, std::string_view description) {
  ordered_json out = ObjectSchema(description, false);
  ordered_json properties = ordered_json::object();
  ordered_json required = ordered_json::array();
  ordered_json one_of_names = ordered_json::array();  // a required member with other spellings: exactly one
  std::string entry(detail::ListEntryPath(list));
  for (const detail::ItemMember& m : detail::ItemMembers(list)) {
    std::string name(m.spec.name);
    ordered_json schema = Scalar(m.spec, !m.required, entry + "." + name);
    if (m.status_name) {
      schema["pattern"] = "^[a-z][a-z0-9_]*$";
      ordered_json examples = ordered_json::array();
      for (std::string_view s : StatusValues()) examples.push_back(std::string(s));
      schema["examples"] = examples;
    }
    if (m.numbered_category) {
      schema["description"] = std::string(m.spec.label) + " (tekst, of een nummer: docs/household.md)";
      schema["type"] = ordered_json::array({"string", "integer", "null"});
      schema["minimum"] = 1;
    }
    properties[name] = schema;
    std::vector<std::string> spellings = NameSpellings(m.spec.entity, entry, name);
    for (const std::string& spelling : spellings) properties[spelling] = schema;
    if (!m.required) continue;
    if (spellings.empty()) {
      required.push_back(name);
      continue;
    }
    ordered_json choices = ordered_json::array({{{"required", ordered_json::array({name})}}});
    for (const std::string& spelling : spellings) choices.push_back({{"required", ordered_json::array({spelling})}});
    one_of_names.push_back({{"oneOf", choices}});
  }
  out["properties"] = properties;
  if (!required.empty()) out["required"] = required;
  if (!one_of_names.empty()) out["allOf"] = one_of_names;
  return out;
}

// The properties of `layout`; `required` collects the members that must be present.
ordered_json Properties(const ObjectLayout& layout, ordered_json& required) {
  ordered_json properties = ordered_json::object();
  const auto& fields = Fields(layout.entity);
  for (const detail::Member& m : layout.members) {
    ordered_json schema;
    switch (m.kind) {
      case MemberKind::kField: {
        const FieldSpec& spec = fields[m.field];
        if (detail::IsAmountEntry(layout, m)) {
          schema = AmountEntry(spec);
          break;
        }
        bool is_id = layout.entity == Entity::kPerson && spec.name == "id";
        schema = Scalar(spec, !is_id, spec.name);
        if (is_id) {
          schema["minLength"] = 1;
          schema["description"] = std::string(spec.label) + " (uniek binnen het gezin)";
          required.push_back(m.name);
        }
        break;
      }
      case MemberKind::kObject: {
        bool is_household = &layout == &detail::DocumentLayout() && m.name == "household";
        schema = ObjectSchema(m.label, !is_household);
        ordered_json inner_required = ordered_json::array();
        schema["properties"] = Properties(*m.object, inner_required);
        if (!inner_required.empty()) schema["required"] = inner_required;
        if (is_household) required.push_back(m.name);
        if (detail::IsAmountEntry(layout, m)) {
          // {year, amount} may also be written as the amount alone.
          schema["type"] = ordered_json::array({"object", "number", "null"});
          schema["minimum"] = 0;
          schema["multipleOf"] = 0.01;
        }
        break;
      }
      case MemberKind::kReferenceDate:
        schema = Scalar(FieldSpec{m.name, Entity::kHousehold, FieldType::kDate, {}, m.label, {}}, true, "");
        break;
      case MemberKind::kOption:
        schema["description"] = std::string(m.label);
        schema["type"] = Type("boolean", true);
        break;
      case MemberKind::kPersons:
        schema["description"] = std::string(m.label);
        schema["type"] = "array";
        schema["minItems"] = 1;
        schema["items"] = {{"$ref", "#/$defs/person"}};
        required.push_back(m.name);
        break;
      case MemberKind::kIncomes:
      case MemberKind::kStatuses:
      case MemberKind::kOwnedRealEstate:
        schema = ListSchema(m.label, ItemDefName(m.kind));
        break;
    }
    properties[m.name] = schema;
    for (const std::string& spelling : NameSpellings(layout.entity, layout.path, m.name)) properties[spelling] = schema;
  }
  return properties;
}

}  // namespace

std::string HouseholdJsonSchema() {
  ordered_json root = ordered_json::object();
  root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  root["title"] = "Rechtop-gezin";
  root["description"] =
      "Een gezin zoals Rechtop het leest (docs/household.md). Een ontbrekend veld of null betekent: onbekend. "
      "Gegenereerd uit src/household/schema.cpp; niet met de hand bewerken.";
  root["type"] = "object";
  root["additionalProperties"] = false;
  ordered_json required = ordered_json::array();
  root["properties"] = Properties(detail::DocumentLayout(), required);
  root["required"] = required;

  ordered_json defs = ordered_json::object();
  ordered_json person = ObjectSchema("een persoon van het gezin", false);
  ordered_json person_required = ordered_json::array();
  person["properties"] = Properties(detail::PersonLayout(), person_required);
  person["required"] = person_required;
  defs["person"] = person;
  defs["income"] = ItemSchema(MemberKind::kIncomes, "een inkomen van de persoon");
  defs["status"] = ItemSchema(MemberKind::kStatuses, "een uitkering of statuut dat de persoon al heeft");
  defs["real_estate"] = ItemSchema(MemberKind::kOwnedRealEstate, "een onroerend goed van het gezin");
  root["$defs"] = defs;
  return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace household
