// catalog/catalog.h
//
// The service directory: municipalities, organisations, services and the
// contact points (locations) where they are delivered, with opening hours.
// Pure domain: no I/O here (HSDS reading and writing is catalog/hsds.h).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/result.h"

namespace catalog {

struct Address {
  std::string street;    // street and number, "Werf 9"
  std::string postcode;  // four digits, "9300"
  std::string city;

  friend bool operator==(const Address&, const Address&) = default;
};

// A weekly opening period. Times are local (Europe/Brussels) "HH:MM", 24-hour.
struct OpeningSlot {
  int weekday = 1;  // 1 = maandag ... 7 = zondag
  std::string opens;
  std::string closes;

  friend bool operator==(const OpeningSlot&, const OpeningSlot&) = default;
};

// An exception for one date: it replaces that date's weekly hours entirely.
// Several open exceptions on one date give several periods on that day.
struct ScheduleException {
  base::Date date;
  bool closed = true;  // when true, opens and closes are empty
  std::string opens;
  std::string closes;
  std::string note;  // "Kerstmis"; may be empty

  friend bool operator==(const ScheduleException&, const ScheduleException&) = default;
};

struct Phone {
  std::string number;       // as dialled in Belgium, "053 72 32 07"
  std::string description;  // "onthaal"; may be empty

  friend bool operator==(const Phone&, const Phone&) = default;
};

// A contact point: a place people can go to (or phone).
struct Location {
  std::string id;
  std::string name;
  Address address;
  std::vector<OpeningSlot> hours;
  std::vector<ScheduleException> exceptions;
  std::vector<Phone> phones;

  friend bool operator==(const Location&, const Location&) = default;
};

struct Organization {
  std::string id;
  std::string name;
  std::string description;
  std::string url;    // may be empty
  std::string email;  // may be empty

  friend bool operator==(const Organization&, const Organization&) = default;
};

struct Service {
  std::string id;
  std::string name;
  std::string description;
  std::string organization_id;
  std::vector<std::string> location_ids;
  std::vector<std::string> right_ids;   // rule-base right ids handled here, "leefloon"
  std::vector<std::string> documents;   // what to bring
  std::string municipality_id;          // empty = regional or national service
  bool demo = false;                    // true when contact data is illustrative

  friend bool operator==(const Service&, const Service&) = default;
};

struct Municipality {
  std::string id;    // slug, "dendermonde"
  std::string name;  // "Dendermonde"
  std::vector<std::string> postcodes;
  std::string logo_path;       // PNG, relative to the data directory; may be empty
  std::string primary_colour;  // "#rrggbb", dark: white text on it has contrast >= 4.5:1
  std::string accent_colour;   // "#rrggbb"
  // The NIS code, "42006": the one municipality id (geo/), by which the site
  // matches local rights. Empty only in a database imported before it.
  std::string nis;

  friend bool operator==(const Municipality&, const Municipality&) = default;
};

// The whole directory. Lookups are linear scans: a directory holds hundreds
// of records, not millions. Safe to read from several threads at once.
struct Directory {
  std::vector<Municipality> municipalities;
  std::vector<Organization> organizations;
  std::vector<Location> locations;
  std::vector<Service> services;

  // Each returns nullptr when there is no such record. Pointers stay valid
  // until the directory is modified.
  const Municipality* FindMunicipality(std::string_view id) const;
  const Municipality* MunicipalityForPostcode(std::string_view postcode) const;
  const Location* FindLocation(std::string_view id) const;
  const Organization* FindOrganization(std::string_view id) const;
  const Service* FindService(std::string_view id) const;

  // The services handling `right_id` for residents of `municipality_id`: that
  // municipality's own services first, then regional/national ones (empty
  // municipality_id), each group in directory order. An empty
  // `municipality_id` gives only the regional/national services.
  std::vector<const Service*> ServicesFor(std::string_view right_id, std::string_view municipality_id) const;

  friend bool operator==(const Directory&, const Directory&) = default;
};

// Checks the directory's integrity. Returns the first problem as
// Error::InvalidInput naming the record, e.g.
//   "service 'sh-leefloon': unknown location 'loc-x'"
//   "location 'loc-1': hours[2]: weekday 8 is not 1 (maandag) to 7 (zondag)"
// Checked: non-empty unique ids per kind, dangling references (organisation,
// location, municipality), weekdays, "HH:MM" times with opens < closes,
// exception consistency, four-digit postcodes claimed by one municipality
// only, NIS codes of the table (geo/) claimed by one municipality
// only, municipality ids that are slugs, logo paths (DataPathProblem),
// "#rrggbb" colours, and white text on the primary colour >= 4.5:1.
[[nodiscard]] base::Status Validate(const Directory& directory);

// "#rrggbb".
bool IsColour(std::string_view colour);
// A municipality id: lower-case letters, digits and '-', at most 64 bytes. It
// names URLs (/logo/<id>.png) and files (/static/huisstijl/<id>.css).
bool IsSlug(std::string_view id);

// Why `path`, a file that data names under the data folder, is not
// acceptable, or "" when it is: relative, segments of letters, digits, '-',
// '_' and '.' (no empty, '.', '..' or hidden segment), at most 200 bytes,
// ending in one of `extensions` (".png"). The server still resolves it
// against the canonical data folder before opening it.
std::string DataPathProblem(std::string_view path, std::initializer_list<std::string_view> extensions);

// Adds the records of `source` to `target`. A record whose id is already
// present is skipped when it is equal to the existing one and an error
// ("location 'x' is defined twice, differently") otherwise; on error `target` is left
// unchanged. Does not validate the result.
[[nodiscard]] base::Status MergeInto(Directory& target, const Directory& source);

// Returns an error naming the first service that lists a right id not in
// `known_right_ids` (the rule base's ids), with a did-you-mean when close.
[[nodiscard]] base::Status CheckRightIds(const Directory& directory, const std::vector<std::string>& known_right_ids);

// The opening hours of `location` in plain Dutch, for the `days` days from
// `from` (inclusive): first one line per weekday that has hours, in order
// maandag..zondag ("maandag 09:00–12:00, 13:30–16:00"), then one line per
// date in the window that has exceptions ("donderdag 25 december: gesloten
// (Kerstmis)", "woensdag 24 december: 09:00–12:00 (Kerstavond)"). Empty
// when the location has neither. REQUIRES: days >= 0.
std::vector<std::string> OpeningHoursDutch(const Location& location, base::Date from, int days);

// The hours of `location` on `date` in plain Dutch: that date's exceptions
// when it has any ("09:00–11:00 (Kerstavond)", "gesloten (Kerstmis)"), else
// its weekly hours of that weekday ("09:00–12:00, 13:30–16:00"), else
// "gesloten". Empty when the location has no hours and no exceptions at all
// (it says nothing about when it is open).
std::string HoursOnDutch(const Location& location, base::Date date);

// The first day after `date`, at most `days` days later, on which `location`
// is open (exceptions included), or nullopt when there is none.
std::optional<base::Date> NextOpenDay(const Location& location, base::Date date, int days);

// "maandag 7 december": the weekday, day and month of `date` in Dutch.
std::string DayDutch(base::Date date);

// Dutch weekday name for 1..7 ("maandag".."zondag"); "" for anything else.
std::string_view WeekdayDutch(int weekday);

// ISO weekday of `date`: 1 = maandag ... 7 = zondag.
int WeekdayOf(base::Date date);

// WCAG 2.1 contrast ratio between two "#rrggbb" colours (1.0 to 21.0), or
// nullopt when either is not a valid "#rrggbb" colour.
std::optional<double> ContrastRatio(std::string_view colour_a, std::string_view colour_b);

}  // namespace catalog
