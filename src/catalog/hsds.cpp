// catalog/hsds.cpp — HSDS 3.0 JSON reader and writer (mapping in docs/hsds.md).
#include "catalog/hsds.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "geo/geo.h"

namespace catalog {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::array<std::string_view, 7> kByDay = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
constexpr std::string_view kRightsTaxonomy = "rechtop-rights";
constexpr int kMaxExceptionRangeDays = 366;

// Thrown only inside this file and caught in FromHsds: a problem at a JSON path.
struct Failure {
  std::string path;
  std::string message;
};

[[noreturn]] void Fail(std::string path, std::string message) { throw Failure{std::move(path), std::move(message)}; }

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string TypeName(const json& value) { return value.is_null() ? "null" : std::string(value.type_name()); }

// The member `key` of `object`, or nullptr when absent or null.
const json* Member(const json& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string Child(const std::string& path, std::string_view key) { return path + "." + std::string(key); }
std::string Index(const std::string& path, size_t index) { return path + "[" + std::to_string(index) + "]"; }

void ExpectObject(const json& value, const std::string& path) {
  if (!value.is_object()) Fail(path, "expected an object, got " + TypeName(value));
}

std::string String(const json& object, const std::string& path, std::string_view key, bool required) {
  const json* value = Member(object, key);
  if (value == nullptr) {
    if (required) Fail(Child(path, key), "missing");
    return "";
  }
  if (!value->is_string()) Fail(Child(path, key), "expected a string, got " + TypeName(*value));
  return value->get<std::string>();
}

std::string RequiredId(const json& object, const std::string& path) {
  std::string id = String(object, path, "id", true);
  if (id.empty()) Fail(Child(path, "id"), "empty id");
  return id;
}

// The array `key` of `object`; empty when absent or null.
const json& Array(const json& object, const std::string& path, std::string_view key) {
  static const json kEmpty = json::array();
  const json* value = Member(object, key);
  if (value == nullptr) return kEmpty;
  if (!value->is_array()) Fail(Child(path, key), "expected an array, got " + TypeName(*value));
  return *value;
}

// Rejects members of an extension object that we do not know.
void OnlyMembers(const json& object, const std::string& path, std::initializer_list<std::string_view> allowed) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
      std::string list;
      for (std::string_view name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
      Fail(Child(path, it.key()), "unknown member (expected one of: " + list + ")");
    }
  }
}

// "HH:MM" or "HH:MM:00" (local time, no zone suffix) -> "HH:MM".
std::string Time(const json& object, const std::string& path, std::string_view key) {
  std::string text = String(object, path, key, false);
  if (text.empty()) return text;
  std::string hhmm = text.size() == 8 && text.compare(5, 3, ":00") == 0 ? text.substr(0, 5) : text;
  bool digits = hhmm.size() == 5 && hhmm[2] == ':' &&
                std::all_of(hhmm.begin(), hhmm.end(), [](char c) { return c == ':' || (c >= '0' && c <= '9'); });
  int hours = digits ? (hhmm[0] - '0') * 10 + (hhmm[1] - '0') : 99;
  int minutes = digits ? (hhmm[3] - '0') * 10 + (hhmm[4] - '0') : 99;
  if (!digits || minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) {
    Fail(Child(path, key), Quoted(text) + " is not HH:MM local time (time zone suffixes are not supported)");
  }
  return hhmm;
}

std::optional<base::Date> DateMember(const json& object, const std::string& path, std::string_view key) {
  std::string text = String(object, path, key, false);
  if (text.empty()) return std::nullopt;
  std::optional<base::Date> date = base::Date::Parse(text);
  if (!date) Fail(Child(path, key), Quoted(text) + " is not a date YYYY-MM-DD");
  return date;
}

std::vector<int> ByDay(const json& object, const std::string& path) {
  std::string text = String(object, path, "byday", false);
  std::vector<int> days;
  size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    size_t comma = text.find(',', start);
    std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    auto it = std::find(kByDay.begin(), kByDay.end(), part);
    if (it == kByDay.end()) {
      Fail(Child(path, "byday"), Quoted(part) + " is not a weekday code (MO, TU, WE, TH, FR, SA, SU)");
    }
    days.push_back(static_cast<int>(it - kByDay.begin()) + 1);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return days;
}

void ReadSchedule(const json& schedule, const std::string& path, Location& location) {
  ExpectObject(schedule, path);
  std::string freq = String(schedule, path, "freq", false);
  if (!freq.empty() && freq != "WEEKLY") {
    Fail(Child(path, "freq"), Quoted(freq) + " is not supported (only WEEKLY)");
  }
  if (const json* interval = Member(schedule, "interval")) {
    if (!interval->is_number() || interval->get<double>() != 1.0) {
      Fail(Child(path, "interval"), "only interval 1 (every week) is supported");
    }
  }
  std::string opens = Time(schedule, path, "opens_at");
  std::string closes = Time(schedule, path, "closes_at");
  if (opens.empty() != closes.empty()) {
    Fail(Child(path, opens.empty() ? "opens_at" : "closes_at"), "missing (opens_at and closes_at go together)");
  }
  std::vector<int> days = ByDay(schedule, path);
  std::optional<base::Date> valid_from = DateMember(schedule, path, "valid_from");
  std::optional<base::Date> valid_to = DateMember(schedule, path, "valid_to");

  if (!valid_from && !valid_to) {
    if (days.empty()) Fail(Child(path, "byday"), "missing (a weekly schedule needs its days)");
    if (opens.empty()) Fail(Child(path, "opens_at"), "missing (a weekly schedule needs its times)");
    for (int day : days) location.hours.push_back(OpeningSlot{day, opens, closes});
    return;
  }
  // A dated schedule is an exception: it replaces the weekly hours on its dates.
  if (!valid_from) Fail(Child(path, "valid_from"), "missing (valid_to is given)");
  base::Date last = valid_to.value_or(*valid_from);
  if (last < *valid_from) Fail(Child(path, "valid_to"), "is before valid_from");
  if (last.days() - valid_from->days() >= kMaxExceptionRangeDays) {
    Fail(Child(path, "valid_to"), "an exception may span at most " + std::to_string(kMaxExceptionRangeDays) + " days");
  }
  if (opens.empty() && !days.empty()) {
    Fail(Child(path, "byday"), "a closed period cannot name weekdays");
  }
  std::string note = String(schedule, path, "notes", false);
  for (base::Date date = *valid_from; date <= last; date = date.PlusDays(1)) {
    if (!days.empty() && std::find(days.begin(), days.end(), WeekdayOf(date)) == days.end()) continue;
    location.exceptions.push_back(ScheduleException{date, opens.empty(), opens, closes, note});
  }
}

Location ReadLocation(const json& object, const std::string& path) {
  ExpectObject(object, path);
  Location location;
  location.id = RequiredId(object, path);
  location.name = String(object, path, "name", true);
  const json& addresses = Array(object, path, "addresses");
  if (!addresses.empty()) {
    // The first physical address, else the first one.
    size_t chosen = 0;
    for (size_t i = 0; i < addresses.size(); ++i) {
      ExpectObject(addresses[i], Index(Child(path, "addresses"), i));
      if (String(addresses[i], Index(Child(path, "addresses"), i), "address_type", false) == "physical") {
        chosen = i;
        break;
      }
    }
    std::string at = Index(Child(path, "addresses"), chosen);
    location.address.street = String(addresses[chosen], at, "address_1", false);
    location.address.postcode = String(addresses[chosen], at, "postal_code", false);
    location.address.city = String(addresses[chosen], at, "city", false);
  }
  const json& phones = Array(object, path, "phones");
  for (size_t i = 0; i < phones.size(); ++i) {
    std::string at = Index(Child(path, "phones"), i);
    ExpectObject(phones[i], at);
    location.phones.push_back(Phone{String(phones[i], at, "number", true), String(phones[i], at, "description", false)});
  }
  const json& schedules = Array(object, path, "schedules");
  for (size_t i = 0; i < schedules.size(); ++i) ReadSchedule(schedules[i], Index(Child(path, "schedules"), i), location);
  std::stable_sort(location.hours.begin(), location.hours.end(), [](const OpeningSlot& a, const OpeningSlot& b) {
    return std::tie(a.weekday, a.opens, a.closes) < std::tie(b.weekday, b.opens, b.closes);
  });
  std::stable_sort(location.exceptions.begin(), location.exceptions.end(),
                   [](const ScheduleException& a, const ScheduleException& b) {
                     return std::tie(a.date, a.opens) < std::tie(b.date, b.opens);
                   });
  return location;
}

Organization ReadOrganization(const json& object, const std::string& path) {
  ExpectObject(object, path);
  Organization organization;
  organization.id = RequiredId(object, path);
  organization.name = String(object, path, "name", true);
  organization.description = String(object, path, "description", false);
  organization.url = String(object, path, "website", false);
  organization.email = String(object, path, "email", false);
  return organization;
}

Service ReadService(const json& object, const std::string& path) {
  ExpectObject(object, path);
  Service service;
  service.id = RequiredId(object, path);
  service.name = String(object, path, "name", true);
  service.description = String(object, path, "description", false);
  service.organization_id = String(object, path, "organization_id", true);
  std::string status = String(object, path, "status", false);
  if (!status.empty() && status != "active" && status != "inactive" && status != "defunct" &&
      status != "temporarily closed") {
    Fail(Child(path, "status"), Quoted(status) + " is not active, inactive, defunct or temporarily closed");
  }
  const json& links = Array(object, path, "service_at_locations");
  for (size_t i = 0; i < links.size(); ++i) {
    std::string at = Index(Child(path, "service_at_locations"), i);
    ExpectObject(links[i], at);
    std::string service_id = String(links[i], at, "service_id", false);
    if (!service_id.empty() && service_id != service.id) {
      Fail(Child(at, "service_id"), Quoted(service_id) + " is not the enclosing service " + Quoted(service.id));
    }
    service.location_ids.push_back(String(links[i], at, "location_id", true));
  }
  const json& attributes = Array(object, path, "attributes");
  for (size_t i = 0; i < attributes.size(); ++i) {
    std::string at = Index(Child(path, "attributes"), i);
    ExpectObject(attributes[i], at);
    const json* term = Member(attributes[i], "taxonomy_term");
    if (term == nullptr) continue;
    std::string term_path = Child(at, "taxonomy_term");
    ExpectObject(*term, term_path);
    if (String(*term, term_path, "taxonomy", false) != kRightsTaxonomy) continue;
    std::string right = String(*term, term_path, "code", true);
    if (right.empty()) Fail(Child(term_path, "code"), "empty right id");
    service.right_ids.push_back(std::move(right));
  }
  const json& documents = Array(object, path, "required_documents");
  for (size_t i = 0; i < documents.size(); ++i) {
    std::string at = Index(Child(path, "required_documents"), i);
    ExpectObject(documents[i], at);
    service.documents.push_back(String(documents[i], at, "document", true));
  }
  if (const json* extension = Member(object, "x-rechtop")) {
    std::string at = Child(path, "x-rechtop");
    ExpectObject(*extension, at);
    OnlyMembers(*extension, at, {"municipality", "demo"});
    service.municipality_id = String(*extension, at, "municipality", false);
    if (const json* demo = Member(*extension, "demo")) {
      if (!demo->is_boolean()) Fail(Child(at, "demo"), "expected a boolean, got " + TypeName(*demo));
      service.demo = demo->get<bool>();
    }
  }
  return service;
}

Municipality ReadMunicipality(const json& object, const std::string& path) {
  ExpectObject(object, path);
  OnlyMembers(object, path, {"id", "nis", "name", "postcodes", "logo_path", "primary_colour", "accent_colour"});
  Municipality municipality;
  municipality.id = RequiredId(object, path);
  municipality.name = String(object, path, "name", true);
  const json& postcodes = Array(object, path, "postcodes");
  for (size_t i = 0; i < postcodes.size(); ++i) {
    if (!postcodes[i].is_string()) {
      Fail(Index(Child(path, "postcodes"), i), "expected a string, got " + TypeName(postcodes[i]));
    }
    municipality.postcodes.push_back(postcodes[i].get<std::string>());
  }
  municipality.logo_path = String(object, path, "logo_path", false);
  municipality.primary_colour = String(object, path, "primary_colour", true);
  municipality.accent_colour = String(object, path, "accent_colour", true);
  // The NIS code: as given, else the table's for the slug (geo/).
  municipality.nis = String(object, path, "nis", false);
  if (municipality.nis.empty()) {
    if (const geo::Municipality* known = geo::BySlug(municipality.id)) {
      municipality.nis = known->nis;
    } else {
      Fail(Child(path, "nis"), "missing, and " + Quoted(municipality.id) +
                                   " is not the slug of a municipality of Flanders or Brussels: give its NIS code");
    }
  } else if (geo::ByNis(municipality.nis) == nullptr) {
    Fail(Child(path, "nis"), Quoted(municipality.nis) + " is not the NIS code of a municipality of Flanders or Brussels");
  }
  return municipality;
}

// Nesting depth of the JSON text, counting brackets outside strings; lets us
// refuse absurd nesting before the recursive parser sees it.
int NestingDepth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

std::string LineColumn(std::string_view text, size_t byte) {
  int line = 1;
  int column = 1;
  for (size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

// Belgian province (Dutch name) from the postcode; HSDS requires state_province.
std::string Province(std::string_view postcode) {
  int code = 0;
  for (char c : postcode) {
    if (c < '0' || c > '9') return "";
    code = code * 10 + (c - '0');
  }
  if (postcode.size() != 4) return "";
  if (code < 1300) return "Brussels Hoofdstedelijk Gewest";
  if (code < 1500) return "Waals-Brabant";
  if (code < 2000) return "Vlaams-Brabant";
  if (code < 3000) return "Antwerpen";
  if (code < 3500) return "Vlaams-Brabant";
  if (code < 4000) return "Limburg";
  if (code < 5000) return "Luik";
  if (code < 6000) return "Namen";
  if (code < 6600) return "Henegouwen";
  if (code < 7000) return "Luxemburg";
  if (code < 8000) return "Henegouwen";
  if (code < 9000) return "West-Vlaanderen";
  return "Oost-Vlaanderen";
}

ordered_json WriteLocation(const Location& location) {
  ordered_json out;
  out["id"] = location.id;
  out["name"] = location.name;
  out["location_type"] = "physical";
  out["addresses"] = ordered_json::array();
  const Address& address = location.address;
  if (!address.street.empty() || !address.postcode.empty() || !address.city.empty()) {
    ordered_json a;
    a["id"] = location.id + "-address";
    a["location_id"] = location.id;
    a["address_1"] = address.street;
    a["city"] = address.city;
    a["state_province"] = Province(address.postcode);
    a["postal_code"] = address.postcode;
    a["country"] = "BE";
    a["address_type"] = "physical";
    out["addresses"].push_back(std::move(a));
  }
  out["phones"] = ordered_json::array();
  for (size_t i = 0; i < location.phones.size(); ++i) {
    ordered_json phone;
    phone["id"] = location.id + "-phone-" + std::to_string(i + 1);
    phone["location_id"] = location.id;
    phone["number"] = location.phones[i].number;
    phone["type"] = "voice";
    if (!location.phones[i].description.empty()) phone["description"] = location.phones[i].description;
    out["phones"].push_back(std::move(phone));
  }
  out["schedules"] = ordered_json::array();
  int count = 0;
  auto next_id = [&] { return location.id + "-schedule-" + std::to_string(++count); };
  // Weekly slots with the same times share one schedule ("MO,TU,WE").
  std::vector<bool> done(location.hours.size(), false);
  for (size_t i = 0; i < location.hours.size(); ++i) {
    if (done[i]) continue;
    const OpeningSlot& slot = location.hours[i];
    std::string byday;
    for (size_t j = i; j < location.hours.size(); ++j) {
      const OpeningSlot& other = location.hours[j];
      if (done[j] || other.opens != slot.opens || other.closes != slot.closes) continue;
      done[j] = true;
      if (other.weekday >= 1 && other.weekday <= 7) {
        byday += (byday.empty() ? "" : ",") + std::string(kByDay[static_cast<size_t>(other.weekday - 1)]);
      }
    }
    ordered_json schedule;
    schedule["id"] = next_id();
    schedule["location_id"] = location.id;
    schedule["freq"] = "WEEKLY";
    schedule["byday"] = byday;
    schedule["opens_at"] = slot.opens;
    schedule["closes_at"] = slot.closes;
    out["schedules"].push_back(std::move(schedule));
  }
  for (const ScheduleException& exception : location.exceptions) {
    ordered_json schedule;
    schedule["id"] = next_id();
    schedule["location_id"] = location.id;
    schedule["valid_from"] = exception.date.ToString();
    schedule["valid_to"] = exception.date.ToString();
    std::string description;
    if (exception.closed) {
      description = "Gesloten op " + exception.date.ToDutch();
    } else {
      schedule["opens_at"] = exception.opens;
      schedule["closes_at"] = exception.closes;
      description = "Open op " + exception.date.ToDutch() + " van " + exception.opens + " tot " + exception.closes;
    }
    if (!exception.note.empty()) description += " (" + exception.note + ")";
    schedule["description"] = description;
    if (!exception.note.empty()) schedule["notes"] = exception.note;
    out["schedules"].push_back(std::move(schedule));
  }
  return out;
}

ordered_json WriteService(const Service& service) {
  ordered_json out;
  out["id"] = service.id;
  out["organization_id"] = service.organization_id;
  out["name"] = service.name;
  out["description"] = service.description;
  out["status"] = "active";
  out["service_at_locations"] = ordered_json::array();
  for (size_t i = 0; i < service.location_ids.size(); ++i) {
    ordered_json link;
    link["id"] = service.id + "-at-" + std::to_string(i + 1);
    link["service_id"] = service.id;
    link["location_id"] = service.location_ids[i];
    out["service_at_locations"].push_back(std::move(link));
  }
  out["required_documents"] = ordered_json::array();
  for (size_t i = 0; i < service.documents.size(); ++i) {
    ordered_json document;
    document["id"] = service.id + "-document-" + std::to_string(i + 1);
    document["service_id"] = service.id;
    document["document"] = service.documents[i];
    out["required_documents"].push_back(std::move(document));
  }
  out["attributes"] = ordered_json::array();
  for (size_t i = 0; i < service.right_ids.size(); ++i) {
    const std::string& right = service.right_ids[i];
    ordered_json term;
    term["id"] = "rechtop-right-" + right;
    term["code"] = right;
    term["name"] = right;
    term["description"] = "Recht '" + right + "' uit de Rechtop-regelbank";
    term["taxonomy"] = kRightsTaxonomy;
    ordered_json attribute;
    attribute["id"] = service.id + "-right-" + std::to_string(i + 1);
    attribute["link_id"] = service.id;
    attribute["link_type"] = "rechtop_right";
    attribute["link_entity"] = "service";
    attribute["taxonomy_term_id"] = term["id"];
    attribute["taxonomy_term"] = std::move(term);
    out["attributes"].push_back(std::move(attribute));
  }
  ordered_json extension;
  extension["municipality"] = service.municipality_id;
  extension["demo"] = service.demo;
  out["x-rechtop"] = std::move(extension);
  return out;
}

}  // namespace

base::Result<Directory> FromHsds(std::string_view json_text, std::string_view source_name) {
  std::string source(source_name);
  if (NestingDepth(json_text) > kMaxHsdsDepth) {
    return base::Error::InvalidInput(source + ": JSON nested deeper than " + std::to_string(kMaxHsdsDepth) +
                                     " levels");
  }
  json document;
  try {
    document = json::parse(json_text);
  } catch (const json::parse_error& error) {
    std::string what = error.what();
    // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 2: ".
    size_t colon = what.find(": ");
    std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
    return base::Error::InvalidInput(source + ":" + LineColumn(json_text, error.byte) + ": malformed JSON: " +
                                     detail);
  } catch (const json::exception& error) {  // e.g. a number too large for a double
    return base::Error::InvalidInput(source + ": malformed JSON: " + error.what());
  }
  Directory directory;
  try {
    const std::string root = "$";
    ExpectObject(document, root);
    const json& municipalities = Array(document, root, "x-rechtop-municipalities");
    for (size_t i = 0; i < municipalities.size(); ++i) {
      directory.municipalities.push_back(ReadMunicipality(municipalities[i], Index("$.x-rechtop-municipalities", i)));
    }
    const json& organizations = Array(document, root, "organizations");
    for (size_t i = 0; i < organizations.size(); ++i) {
      directory.organizations.push_back(ReadOrganization(organizations[i], Index("$.organizations", i)));
    }
    const json& locations = Array(document, root, "locations");
    for (size_t i = 0; i < locations.size(); ++i) {
      directory.locations.push_back(ReadLocation(locations[i], Index("$.locations", i)));
    }
    const json& services = Array(document, root, "services");
    for (size_t i = 0; i < services.size(); ++i) {
      directory.services.push_back(ReadService(services[i], Index("$.services", i)));
    }
  } catch (const Failure& failure) {
    return base::Error::InvalidInput(source + ": " + failure.path + ": " + failure.message);
  } catch (const json::exception& error) {
    return base::Error::InvalidInput(source + ": " + error.what());
  }
  base::Status valid = Validate(directory);
  if (!valid.ok()) return base::Error::InvalidInput(source + ": " + valid.error().message());
  return directory;
}

std::string ToHsds(const Directory& directory) {
  ordered_json out;
  out["organizations"] = ordered_json::array();
  for (const Organization& organization : directory.organizations) {
    ordered_json o;
    o["id"] = organization.id;
    o["name"] = organization.name;
    o["description"] = organization.description;
    if (!organization.url.empty()) o["website"] = organization.url;
    if (!organization.email.empty()) o["email"] = organization.email;
    out["organizations"].push_back(std::move(o));
  }
  out["locations"] = ordered_json::array();
  for (const Location& location : directory.locations) out["locations"].push_back(WriteLocation(location));
  out["services"] = ordered_json::array();
  for (const Service& service : directory.services) out["services"].push_back(WriteService(service));
  out["x-rechtop-municipalities"] = ordered_json::array();
  for (const Municipality& municipality : directory.municipalities) {
    ordered_json m;
    m["id"] = municipality.id;
    if (!municipality.nis.empty()) m["nis"] = municipality.nis;
    m["name"] = municipality.name;
    m["postcodes"] = municipality.postcodes;
    m["logo_path"] = municipality.logo_path;
    m["primary_colour"] = municipality.primary_colour;
    m["accent_colour"] = municipality.accent_colour;
    out["x-rechtop-municipalities"].push_back(std::move(m));
  }
  // Replace rather than throw on invalid UTF-8: ToHsds never throws.
  return out.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace catalog
