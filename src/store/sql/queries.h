// store/sql/queries.h
//
// Every statement the SQL store runs, as named constants, in the one dialect
// both engines accept (db/db.h turns `?N` into PostgreSQL's `$N`). The schema
// itself is in migrations/.
#pragma once

#include <string_view>

namespace store::sql {

// A re-import first marks everything inactive; each record it brings is then
// upserted active again, so what it leaves out stays, inactive. Nothing is
// deleted, so nothing that refers to a record is ever orphaned.
inline constexpr std::string_view kDeactivateMunicipalities = "UPDATE municipality SET active = 0";
inline constexpr std::string_view kDeactivateOrganizations = "UPDATE organization SET active = 0";
inline constexpr std::string_view kDeactivateLocations = "UPDATE location SET active = 0";
inline constexpr std::string_view kDeactivateServices = "UPDATE service SET active = 0";

// A postcode resolves to one current municipality: the claims of every
// municipality are replaced by the import's.
inline constexpr std::string_view kDeletePostcodes = "DELETE FROM municipality_postcode";

// A record's own lists (hours, phones, rights, ...) are values, not records:
// the import replaces them for each record it brings.
inline constexpr std::string_view kDeleteOpeningSlots = "DELETE FROM opening_slot WHERE location_id = ?1";
inline constexpr std::string_view kDeleteExceptions = "DELETE FROM schedule_exception WHERE location_id = ?1";
inline constexpr std::string_view kDeletePhones = "DELETE FROM phone WHERE location_id = ?1";
inline constexpr std::string_view kDeleteServiceLocations = "DELETE FROM service_location WHERE service_id = ?1";
inline constexpr std::string_view kDeleteServiceRights = "DELETE FROM service_right WHERE service_id = ?1";
inline constexpr std::string_view kDeleteServiceDocuments = "DELETE FROM service_document WHERE service_id = ?1";

inline constexpr std::string_view kUpsertMunicipality =
    "INSERT INTO municipality (id, position, name, logo_path, primary_colour, accent_colour, nis, active) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1) ON CONFLICT (id) DO UPDATE SET position = excluded.position, "
    "name = excluded.name, logo_path = excluded.logo_path, primary_colour = excluded.primary_colour, "
    "accent_colour = excluded.accent_colour, nis = excluded.nis, active = 1";
inline constexpr std::string_view kInsertPostcode =
    "INSERT INTO municipality_postcode (municipality_id, position, postcode) VALUES (?1, ?2, ?3)";
inline constexpr std::string_view kUpsertOrganization =
    "INSERT INTO organization (id, position, name, description, url, email, active) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1) ON CONFLICT (id) DO UPDATE SET position = excluded.position, "
    "name = excluded.name, description = excluded.description, url = excluded.url, email = excluded.email, "
    "active = 1";
inline constexpr std::string_view kUpsertLocation =
    "INSERT INTO location (id, position, name, street, postcode, city, active) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1) ON CONFLICT (id) DO UPDATE SET position = excluded.position, "
    "name = excluded.name, street = excluded.street, postcode = excluded.postcode, city = excluded.city, "
    "active = 1";
inline constexpr std::string_view kInsertOpeningSlot =
    "INSERT INTO opening_slot (location_id, position, weekday, opens, closes) VALUES (?1, ?2, ?3, ?4, ?5)";
inline constexpr std::string_view kInsertException =
    "INSERT INTO schedule_exception (location_id, position, date, closed, opens, closes, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
inline constexpr std::string_view kInsertPhone =
    "INSERT INTO phone (location_id, position, number, description) VALUES (?1, ?2, ?3, ?4)";
inline constexpr std::string_view kUpsertService =
    "INSERT INTO service (id, position, name, description, organization_id, municipality_id, demo, active) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1) ON CONFLICT (id) DO UPDATE SET position = excluded.position, "
    "name = excluded.name, description = excluded.description, organization_id = excluded.organization_id, "
    "municipality_id = excluded.municipality_id, demo = excluded.demo, active = 1";
inline constexpr std::string_view kInsertServiceLocation =
    "INSERT INTO service_location (service_id, position, location_id) VALUES (?1, ?2, ?3)";
inline constexpr std::string_view kInsertServiceRight =
    "INSERT INTO service_right (service_id, position, right_id) VALUES (?1, ?2, ?3)";
inline constexpr std::string_view kInsertServiceDocument =
    "INSERT INTO service_document (service_id, position, document) VALUES (?1, ?2, ?3)";

// The directory is the active records, each list in import order.
inline constexpr std::string_view kSelectMunicipalities =
    "SELECT id, name, logo_path, primary_colour, accent_colour, nis FROM municipality WHERE active = 1 "
    "ORDER BY position";
inline constexpr std::string_view kSelectPostcodes =
    "SELECT p.municipality_id, p.postcode FROM municipality_postcode p "
    "JOIN municipality m ON m.id = p.municipality_id WHERE m.active = 1 ORDER BY p.municipality_id, p.position";
inline constexpr std::string_view kSelectOrganizations =
    "SELECT id, name, description, url, email FROM organization WHERE active = 1 ORDER BY position";
inline constexpr std::string_view kSelectLocations =
    "SELECT id, name, street, postcode, city FROM location WHERE active = 1 ORDER BY position";
inline constexpr std::string_view kSelectOpeningSlots =
    "SELECT s.location_id, s.weekday, s.opens, s.closes FROM opening_slot s "
    "JOIN location l ON l.id = s.location_id WHERE l.active = 1 ORDER BY s.location_id, s.position";
inline constexpr std::string_view kSelectExceptions =
    "SELECT e.location_id, e.date, e.closed, e.opens, e.closes, e.note FROM schedule_exception e "
    "JOIN location l ON l.id = e.location_id WHERE l.active = 1 ORDER BY e.location_id, e.position";
inline constexpr std::string_view kSelectPhones =
    "SELECT p.location_id, p.number, p.description FROM phone p "
    "JOIN location l ON l.id = p.location_id WHERE l.active = 1 ORDER BY p.location_id, p.position";
inline constexpr std::string_view kSelectServices =
    "SELECT id, name, description, organization_id, COALESCE(municipality_id, ''), demo FROM service "
    "WHERE active = 1 ORDER BY position";
inline constexpr std::string_view kSelectServiceLocations =
    "SELECT x.service_id, x.location_id FROM service_location x "
    "JOIN service s ON s.id = x.service_id WHERE s.active = 1 ORDER BY x.service_id, x.position";
inline constexpr std::string_view kSelectServiceRights =
    "SELECT x.service_id, x.right_id FROM service_right x "
    "JOIN service s ON s.id = x.service_id WHERE s.active = 1 ORDER BY x.service_id, x.position";
inline constexpr std::string_view kSelectServiceDocuments =
    "SELECT x.service_id, x.document FROM service_document x "
    "JOIN service s ON s.id = x.service_id WHERE s.active = 1 ORDER BY x.service_id, x.position";

// The search log (search_log.h). A miss is counted by one upsert, atomic on
// both engines, so several processes may count the same query at once.
inline constexpr std::string_view kUpsertSearchMiss =
    "INSERT INTO search_miss (municipality, query, searches, first_seen, last_seen) VALUES (?1, ?2, 1, ?3, ?3) "
    "ON CONFLICT (municipality, query) DO UPDATE SET searches = search_miss.searches + 1, "
    "first_seen = CASE WHEN excluded.first_seen < search_miss.first_seen THEN excluded.first_seen "
    "ELSE search_miss.first_seen END, "
    "last_seen = CASE WHEN excluded.last_seen > search_miss.last_seen THEN excluded.last_seen "
    "ELSE search_miss.last_seen END";
inline constexpr std::string_view kCountSearchMisses = "SELECT COUNT(*) FROM search_miss WHERE municipality = ?1";
// Keeps a municipality's ?2 most recently seen queries (the most searched on a tie).
inline constexpr std::string_view kTrimSearchMisses =
    "DELETE FROM search_miss WHERE municipality = ?1 AND query NOT IN (SELECT query FROM search_miss "
    "WHERE municipality = ?1 ORDER BY last_seen DESC, searches DESC, query LIMIT ?2)";
// Sorted by the store in C++: the engines order text by different collations.
inline constexpr std::string_view kSelectSearchMisses =
    "SELECT municipality, query, searches, first_seen, last_seen FROM search_miss";
inline constexpr std::string_view kSelectSearchMissesOf =
    "SELECT municipality, query, searches, first_seen, last_seen FROM search_miss WHERE municipality = ?1";

}  // namespace store::sql
