// catalog/catalog.cpp — directory lookups, integrity checks and Dutch opening hours.
#include "catalog/catalog.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include "base/diagnostics.h"
#include "geo/geo.h"

namespace catalog {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"maandag",  "dinsdag", "woensdag", "donderdag",
                                                       "vrijdag",  "zaterdag", "zondag"};
constexpr std::array<std::string_view, 12> kMonths = {"januari", "februari", "maart",     "april",
                                                      "mei",     "juni",     "juli",      "augustus",
                                                      "september", "oktober", "november", "december"};
constexpr std::string_view kEnDash = "\u2013";

template <typename T>
const T* FindById(const std::vector<T>& items, std::string_view id) {
  for (const T& item : items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// Minutes since midnight of a strict "HH:MM" (00:00 to 24:00), or -1.
int MinutesOf(std::string_view time) {
  if (time.size() != 5 || time[2] != ':') return -1;
  for (size_t i : {0u, 1u, 3u, 4u}) {
    if (time[i] < '0' || time[i] > '9') return -1;
  }
  int hours = (time[0] - '0') * 10 + (time[1] - '0');
  int minutes = (time[3] - '0') * 10 + (time[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return -1;
  return hours * 60 + minutes;
}

// Error text for an opens/closes pair, or "" when it is a valid period.
std::string PeriodProblem(std::string_view opens, std::string_view closes) {
  int from = MinutesOf(opens);
  int to = MinutesOf(closes);
  if (from < 0) return "opening time " + Quoted(opens) + " is not HH:MM";
  if (to < 0) return "closing time " + Quoted(closes) + " is not HH:MM";
  if (from >= to) return "opens at " + std::string(opens) + " but closes at " + std::string(closes);
  return "";
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// WCAG 2.1 relative luminance. REQUIRES: IsColour(colour).
double Luminance(std::string_view colour) {
  double linear[3];
  for (int i = 0; i < 3; ++i) {
    double channel = (HexDigit(colour[1 + 2 * i]) * 16 + HexDigit(colour[2 + 2 * i])) / 255.0;
    linear[i] = channel <= 0.03928 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
  }
  return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
}

base::Error Invalid(std::string message) { return base::Error::InvalidInput(std::move(message)); }

// Ids must be non-empty and unique within their kind.
template <typename T>
std::optional<base::Error> CheckIds(const std::vector<T>& items, std::string_view kind) {
  std::set<std::string_view> seen;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].id.empty()) return Invalid(std::string(kind) + " #" + std::to_string(i + 1) + ": empty id");
    if (!seen.insert(items[i].id).second) {
      return Invalid(std::string(kind) + " " + Quoted(items[i].id) + ": duplicate id");
    }
  }
  return std::nullopt;
}

std::optional<base::Error> CheckMunicipality(const Municipality& m, std::map<std::string, std::string>& postcodes) {
  std::string where = "municipality " + Quoted(m.id) + ": ";
  if (m.name.empty()) return Invalid(where + "empty name");
  for (const std::string& postcode : m.postcodes) {
    if (postcode.size() != 4 || !std::all_of(postcode.begin(), postcode.end(), [](char c) {
          return c >= '0' && c <= '9';
        })) {
      return Invalid(where + "postcode " + Quoted(postcode) + " is not four digits");
    }
    auto [it, inserted] = postcodes.emplace(postcode, m.id);
    if (!inserted && it->second != m.id) {
      return Invalid(where + "postcode " + postcode + " also belongs to municipality " + Quoted(it->second));
    }
  }
  if (!m.nis.empty() && geo::ByNis(m.nis) == nullptr) {
    return Invalid(where + "NIS code " + Quoted(m.nis) + " is not a municipality of Flanders or Brussels");
  }
  if (!IsSlug(m.id)) {
    return Invalid("municipality " + Quoted(m.id) +
                   ": the id is not a slug (lower-case letters, digits and '-', at most 64): it names URLs and files");
  }
  if (!m.logo_path.empty()) {
    if (std::string problem = DataPathProblem(m.logo_path, {".png"}); !problem.empty()) {
      return Invalid(where + "logo_path " + Quoted(m.logo_path) + ": " + problem);
    }
  }
  if (!IsColour(m.primary_colour)) {
    return Invalid(where + "primary_colour " + Quoted(m.primary_colour) + " is not #rrggbb");
  }
  if (!IsColour(m.accent_colour)) {
    return Invalid(where + "accent_colour " + Quoted(m.accent_colour) + " is not #rrggbb");
  }
  double contrast = *ContrastRatio(m.primary_colour, "#ffffff");
  if (contrast < 4.5) {
    char ratio[16];
    std::snprintf(ratio, sizeof ratio, "%.2f", contrast);
    return Invalid(where + "white text on primary_colour " + m.primary_colour + " has contrast " + ratio +
                   ":1, below 4.5:1");
  }
  return std::nullopt;
}

std::optional<base::Error> CheckLocation(const Location& location) {
  std::string where = "location " + Quoted(location.id) + ": ";
  if (location.name.empty()) return Invalid(where + "empty name");
  for (size_t i = 0; i < location.hours.size(); ++i) {
    const OpeningSlot& slot = location.hours[i];
    std::string at = where + "hours[" + std::to_string(i) + "]: ";
    if (slot.weekday < 1 || slot.weekday > 7) {
      return Invalid(at + "weekday " + std::to_string(slot.weekday) + " is not 1 (maandag) to 7 (zondag)");
    }
    if (std::string problem = PeriodProblem(slot.opens, slot.closes); !problem.empty()) {
      return Invalid(at + problem);
    }
  }
  for (size_t i = 0; i < location.exceptions.size(); ++i) {
    const ScheduleException& exception = location.exceptions[i];
    std::string at = where + "exceptions[" + std::to_string(i) + "] (" + exception.date.ToString() + "): ";
    if (exception.closed) {
      if (!exception.opens.empty() || !exception.closes.empty()) {
        return Invalid(at + "a closed day has no opening or closing time");
      }
      for (const ScheduleException& other : location.exceptions) {
        if (&other != &exception && other.date == exception.date) {
          return Invalid(at + "closed, but the same date has another exception");
        }
      }
    } else if (std::string problem = PeriodProblem(exception.opens, exception.closes); !problem.empty()) {
      return Invalid(at + problem);
    }
  }
  for (size_t i = 0; i < location.phones.size(); ++i) {
    if (location.phones[i].number.empty()) {
      return Invalid(where + "phones[" + std::to_string(i) + "]: empty number");
    }
  }
  return std::nullopt;
}

std::optional<base::Error> CheckService(const Service& service, const Directory& directory) {
  std::string where = "service " + Quoted(service.id) + ": ";
  if (service.name.empty()) return Invalid(where + "empty name");
  if (directory.FindOrganization(service.organization_id) == nullptr) {
    return Invalid(where + "unknown organization " + Quoted(service.organization_id));
  }
  for (const std::string& location_id : service.location_ids) {
    if (directory.FindLocation(location_id) == nullptr) {
      return Invalid(where + "unknown location " + Quoted(location_id));
    }
  }
  if (!service.municipality_id.empty() && directory.FindMunicipality(service.municipality_id) == nullptr) {
    return Invalid(where + "unknown municipality " + Quoted(service.municipality_id));
  }
  for (const std::string& right_id : service.right_ids) {
    if (right_id.empty()) return Invalid(where + "empty right id");
  }
  return std::nullopt;
}

}  // namespace

bool IsColour(std::string_view colour) {
  if (colour.size() != 7 || colour[0] != '#') return false;
  return std::all_of(colour.begin() + 1, colour.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

bool IsSlug(std::string_view id) {
  if (id.empty() || id.size() > 64 || id.front() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::string DataPathProblem(std::string_view path, std::initializer_list<std::string_view> extensions) {
  if (path.empty()) return "empty path";
  if (path.size() > 200) return "longer than 200 characters";
  if (path.front() == '/') return "must be relative to the data folder, not absolute";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty()) return "has an empty segment";
    if (segment == "." || segment == "..") return "must not contain '.' or '..' segments";
    if (segment.front() == '.') return "must not name a hidden file";
    for (char c : segment) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.')) {
        return "may hold only letters, digits, '-', '_', '.' and '/'";
      }
    }
    start = end + 1;
  }
  for (std::string_view extension : extensions) {
    if (path.size() > extension.size() && path.ends_with(extension)) return "";
  }
  std::string allowed;
  for (std::string_view extension : extensions) allowed += (allowed.empty() ? "" : ", ") + std::string(extension);
  return "must end in " + allowed;
}

const Municipality* Directory::FindMunicipality(std::string_view id) const { return FindById(municipalities, id); }
const Location* Directory::FindLocation(std::string_view id) const { return FindById(locations, id); }
const Organization* Directory::FindOrganization(std::string_view id) const { return FindById(organizations, id); }
const Service* Directory::FindService(std::string_view id) const { return FindById(services, id); }

const Municipality* Directory::MunicipalityForPostcode(std::string_view postcode) const {
  for (const Municipality& municipality : municipalities) {
    for (const std::string& candidate : municipality.postcodes) {
      if (candidate == postcode) return &municipality;
    }
  }
  return nullptr;
}

std::vector<const Service*> Directory::ServicesFor(std::string_view right_id,
                                                   std::string_view municipality_id) const {
  std::vector<const Service*> local;
  std::vector<const Service*> regional;
  for (const Service& service : services) {
    if (std::find(service.right_ids.begin(), service.right_ids.end(), right_id) == service.right_ids.end()) {
      continue;
    }
    if (service.municipality_id.empty()) {
      regional.push_back(&service);
    } else if (!municipality_id.empty() && service.municipality_id == municipality_id) {
      local.push_back(&service);
    }
  }
  local.insert(local.end(), regional.begin(), regional.end());
  return local;
}

base::Status Validate(const Directory& directory) {
  if (auto error = CheckIds(directory.municipalities, "municipality")) return *error;
  if (auto error = CheckIds(directory.organizations, "organization")) return *error;
  if (auto error = CheckIds(directory.locations, "location")) return *error;
  if (auto error = CheckIds(directory.services, "service")) return *error;
  std::map<std::string, std::string> postcodes;
  std::map<std::string, std::string> nis_codes;
  for (const Municipality& municipality : directory.municipalities) {
    if (auto error = CheckMunicipality(municipality, postcodes)) return *error;
    if (municipality.nis.empty()) continue;
    auto [it, inserted] = nis_codes.emplace(municipality.nis, municipality.id);
    if (!inserted) {
      return Invalid("municipality " + Quoted(municipality.id) + ": NIS code " + municipality.nis +
                     " is also municipality " + Quoted(it->second) + "'s");
    }
  }
  for (const Organization& organization : directory.organizations) {
    if (organization.name.empty()) return Invalid("organization " + Quoted(organization.id) + ": empty name");
  }
  for (const Location& location : directory.locations) {
    if (auto error = CheckLocation(location)) return *error;
  }
  for (const Service& service : directory.services) {
    if (auto error = CheckService(service, directory)) return *error;
  }
  return base::Ok{};
}

namespace {

template <typename T>
std::optional<base::Error> MergeKind(std::vector<T>& target, const std::vector<T>& source, std::string_view kind,
                                     std::vector<T>& added) {
  for (const T& record : source) {
    const T* existing = FindById(target, record.id);
    if (existing == nullptr) existing = FindById(added, record.id);
    if (existing == nullptr) {
      added.push_back(record);
    } else if (!(*existing == record)) {
      return Invalid(std::string(kind) + " " + Quoted(record.id) + " is defined twice, differently");
    }
  }
  return std::nullopt;
}

}  // namespace

base::Status MergeInto(Directory& target, const Directory& source) {
  Directory added;
  if (auto error = MergeKind(target.municipalities, source.municipalities, "municipality", added.municipalities)) {
    return *error;
  }
  if (auto error = MergeKind(target.organizations, source.organizations, "organization", added.organizations)) {
    return *error;
  }
  if (auto error = MergeKind(target.locations, source.locations, "location", added.locations)) return *error;
  if (auto error = MergeKind(target.services, source.services, "service", added.services)) return *error;
  auto append = [](auto& into, auto& from) { into.insert(into.end(), from.begin(), from.end()); };
  append(target.municipalities, added.municipalities);
  append(target.organizations, added.organizations);
  append(target.locations, added.locations);
  append(target.services, added.services);
  return base::Ok{};
}

base::Status CheckRightIds(const Directory& directory, const std::vector<std::string>& known_right_ids) {
  std::set<std::string_view> known(known_right_ids.begin(), known_right_ids.end());
  for (const Service& service : directory.services) {
    for (const std::string& right_id : service.right_ids) {
      if (known.count(right_id) != 0) continue;
      std::string message = "service " + Quoted(service.id) + ": unknown right " + Quoted(right_id);
      return Invalid(message + base::DidYouMean(base::ClosestMatches(right_id, known_right_ids, 1)));
    }
  }
  return base::Ok{};
}

std::string_view WeekdayDutch(int weekday) {
  if (weekday < 1 || weekday > 7) return "";
  return kWeekdays[static_cast<size_t>(weekday - 1)];
}

int WeekdayOf(base::Date date) {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  int offset = (date.days() + 3) % 7;
  if (offset < 0) offset += 7;
  return offset + 1;
}

std::optional<double> ContrastRatio(std::string_view colour_a, std::string_view colour_b) {
  if (!IsColour(colour_a) || !IsColour(colour_b)) return std::nullopt;
  double a = Luminance(colour_a);
  double b = Luminance(colour_b);
  return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

std::vector<std::string> OpeningHoursDutch(const Location& location, base::Date from, int days) {
  std::vector<std::string> lines;
  std::vector<OpeningSlot> hours = location.hours;
  std::stable_sort(hours.begin(), hours.end(), [](const OpeningSlot& a, const OpeningSlot& b) {
    return a.weekday != b.weekday ? a.weekday < b.weekday : a.opens < b.opens;
  });
  for (int weekday = 1; weekday <= 7; ++weekday) {
    std::string line;
    for (const OpeningSlot& slot : hours) {
      if (slot.weekday != weekday) continue;
      line += line.empty() ? std::string(WeekdayDutch(weekday)) + " " : ", ";
      line += slot.opens + std::string(kEnDash) + slot.closes;
    }
    if (!line.empty()) lines.push_back(std::move(line));
  }

  base::Date until = from.PlusDays(days);
  std::map<base::Date, std::vector<const ScheduleException*>> by_date;
  for (const ScheduleException& exception : location.exceptions) {
    if (exception.date >= from && exception.date < until) by_date[exception.date].push_back(&exception);
  }
  for (auto& [date, exceptions] : by_date) {
    std::stable_sort(exceptions.begin(), exceptions.end(),
                     [](const ScheduleException* a, const ScheduleException* b) { return a->opens < b->opens; });
    std::string line = std::string(WeekdayDutch(WeekdayOf(date))) + " " + std::to_string(date.day()) + " " +
                       std::string(kMonths[date.month() - 1]) + ": ";
    bool closed = std::any_of(exceptions.begin(), exceptions.end(),
                              [](const ScheduleException* e) { return e->closed; });
    std::vector<std::string> notes;
    if (closed) {
      line += "gesloten";
    } else {
      for (size_t i = 0; i < exceptions.size(); ++i) {
        if (i > 0) line += ", ";
        line += exceptions[i]->opens + std::string(kEnDash) + exceptions[i]->closes;
      }
    }
    for (const ScheduleException* exception : exceptions) {
      if (!exception->note.empty() &&
          std::find(notes.begin(), notes.end(), exception->note) == notes.end()) {
        notes.push_back(exception->note);
      }
    }
    if (!notes.empty()) {
      line += " (";
      for (size_t i = 0; i < notes.size(); ++i) line += (i > 0 ? "; " : "") + notes[i];
      line += ")";
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

namespace {

// The periods of `location` on `date` ("HH:MM" opens, closes), sorted, and
// the notes of that date's exceptions; `excepted` tells whether exceptions
// decided the day.
struct DayPeriods {
  std::vector<std::pair<std::string, std::string>> periods;
  std::vector<std::string> notes;
  bool excepted = false;
};

DayPeriods PeriodsOn(const Location& location, base::Date date) {
  DayPeriods day;
  bool closed = false;
  for (const ScheduleException& exception : location.exceptions) {
    if (exception.date != date) continue;
    day.excepted = true;
    if (exception.closed) {
      closed = true;
    } else {
      day.periods.emplace_back(exception.opens, exception.closes);
    }
    if (!exception.note.empty() && std::find(day.notes.begin(), day.notes.end(), exception.note) == day.notes.end()) {
      day.notes.push_back(exception.note);
    }
  }
  if (closed) day.periods.clear();
  if (!day.excepted) {
    const int weekday = WeekdayOf(date);
    for (const OpeningSlot& slot : location.hours) {
      if (slot.weekday == weekday) day.periods.emplace_back(slot.opens, slot.closes);
    }
  }
  std::sort(day.periods.begin(), day.periods.end());
  return day;
}

}  // namespace

std::string HoursOnDutch(const Location& location, base::Date date) {
  if (location.hours.empty() && location.exceptions.empty()) return "";
  DayPeriods day = PeriodsOn(location, date);
  std::string line;
  for (const auto& [opens, closes] : day.periods) {
    line += (line.empty() ? "" : ", ") + opens + std::string(kEnDash) + closes;
  }
  if (line.empty()) line = "gesloten";
  if (!day.notes.empty()) {
    line += " (";
    for (size_t i = 0; i < day.notes.size(); ++i) line += (i > 0 ? "; " : "") + day.notes[i];
    line += ")";
  }
  return line;
}

std::optional<base::Date> NextOpenDay(const Location& location, base::Date date, int days) {
  for (int i = 1; i <= days; ++i) {
    base::Date next = date.PlusDays(i);
    if (!PeriodsOn(location, next).periods.empty()) return next;
  }
  return std::nullopt;
}

std::string DayDutch(base::Date date) {
  return std::string(WeekdayDutch(WeekdayOf(date))) + " " + std::to_string(date.day()) + " " +
         std::string(kMonths[date.month() - 1]);
}

}  // namespace catalog
