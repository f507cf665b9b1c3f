// store/sqlite/queries.h
//
// Every SQL statement the SQLite store runs, as named constants: the schema
// migrations (index i upgrades PRAGMA user_version i to i + 1) and the
// directory queries. Add a migration by appending to kMigrations; never edit
// one that has shipped.
#pragma once

#include <array>
#include <string_view>

namespace store::sqlite {

// Version 1: the service directory. `position` keeps each list's order.
inline constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE municipality (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  logo_path TEXT NOT NULL,
  primary_colour TEXT NOT NULL,
  accent_colour TEXT NOT NULL
);
CREATE TABLE municipality_postcode (
  municipality_id TEXT NOT NULL REFERENCES municipality(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  postcode TEXT NOT NULL UNIQUE,
  PRIMARY KEY (municipality_id, position)
);
CREATE TABLE organization (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  url TEXT NOT NULL,
  email TEXT NOT NULL
);
CREATE TABLE location (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  street TEXT NOT NULL,
  postcode TEXT NOT NULL,
  city TEXT NOT NULL
);
CREATE TABLE opening_slot (
  location_id TEXT NOT NULL REFERENCES location(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens TEXT NOT NULL,
  closes TEXT NOT NULL,
  PRIMARY KEY (location_id, position)
);
CREATE TABLE schedule_exception (
  location_id TEXT NOT NULL REFERENCES location(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  date TEXT NOT NULL,
  closed INTEGER NOT NULL CHECK (closed IN (0, 1)),
  opens TEXT NOT NULL,
  closes TEXT NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (location_id, position)
);
CREATE TABLE phone (
  location_id TEXT NOT NULL REFERENCES location(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  number TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (location_id, position)
);
CREATE TABLE service (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  organization_id TEXT NOT NULL REFERENCES organization(id),
  municipality_id TEXT REFERENCES municipality(id),
  demo INTEGER NOT NULL CHECK (demo IN (0, 1))
);
CREATE TABLE service_location (
  service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  location_id TEXT NOT NULL REFERENCES location(id),
  PRIMARY KEY (service_id, position)
);
CREATE TABLE service_right (
  service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  right_id TEXT NOT NULL,
  PRIMARY KEY (service_id, position)
);
CREATE INDEX service_right_by_right ON service_right(right_id);
CREATE TABLE service_document (
  service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (service_id, position)
);
)sql";

inline constexpr std::array<std::string_view, 1> kMigrations = {kMigration1};

// Connection set-up, run on every open (file databases).
inline constexpr std::string_view kPragmas = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";
inline constexpr std::string_view kJournalWal = "PRAGMA journal_mode = WAL;";
inline constexpr std::string_view kGetUserVersion = "PRAGMA user_version;";
// PRAGMA takes no bound parameters: the version number is appended.
inline constexpr std::string_view kSetUserVersionPrefix = "PRAGMA user_version = ";

inline constexpr std::string_view kBegin = "BEGIN IMMEDIATE;";  // writers take the lock up front
inline constexpr std::string_view kBeginRead = "BEGIN;";
inline constexpr std::string_view kCommit = "COMMIT;";
inline constexpr std::string_view kRollback = "ROLLBACK;";

// Children go first so that foreign keys hold at every step.
inline constexpr std::string_view kDeleteDirectory = R"sql(
DELETE FROM service_document;
DELETE FROM service_right;
DELETE FROM service_location;
DELETE FROM service;
DELETE FROM phone;
DELETE FROM schedule_exception;
DELETE FROM opening_slot;
DELETE FROM location;
DELETE FROM organization;
DELETE FROM municipality_postcode;
DELETE FROM municipality;
)sql";

inline constexpr std::string_view kInsertMunicipality =
    "INSERT INTO municipality (id, position, name, logo_path, primary_colour, accent_colour) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6);";
inline constexpr std::string_view kInsertPostcode =
    "INSERT INTO municipality_postcode (municipality_id, position, postcode) VALUES (?1, ?2, ?3);";
inline constexpr std::string_view kInsertOrganization =
    "INSERT INTO organization (id, position, name, description, url, email) VALUES (?1, ?2, ?3, ?4, ?5, ?6);";
inline constexpr std::string_view kInsertLocation =
    "INSERT INTO location (id, position, name, street, postcode, city) VALUES (?1, ?2, ?3, ?4, ?5, ?6);";
inline constexpr std::string_view kInsertOpeningSlot =
    "INSERT INTO opening_slot (location_id, position, weekday, opens, closes) VALUES (?1, ?2, ?3, ?4, ?5);";
inline constexpr std::string_view kInsertException =
    "INSERT INTO schedule_exception (location_id, position, date, closed, opens, closes, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);";
inline constexpr std::string_view kInsertPhone =
    "INSERT INTO phone (location_id, position, number, description) VALUES (?1, ?2, ?3, ?4);";
inline constexpr std::string_view kInsertService =
    "INSERT INTO service (id, position, name, description, organization_id, municipality_id, demo) "
    "VALUES (?1, ?2, ?3, ?4, ?5, NULLIF(?6, ''), ?7);";
inline constexpr std::string_view kInsertServiceLocation =
    "INSERT INTO service_location (service_id, position, location_id) VALUES (?1, ?2, ?3);";
inline constexpr std::string_view kInsertServiceRight =
    "INSERT INTO service_right (service_id, position, right_id) VALUES (?1, ?2, ?3);";
inline constexpr std::string_view kInsertServiceDocument =
    "INSERT INTO service_document (service_id, position, document) VALUES (?1, ?2, ?3);";

inline constexpr std::string_view kSelectMunicipalities =
    "SELECT id, name, logo_path, primary_colour, accent_colour FROM municipality ORDER BY position;";
inline constexpr std::string_view kSelectPostcodes =
    "SELECT municipality_id, postcode FROM municipality_postcode ORDER BY municipality_id, position;";
inline constexpr std::string_view kSelectOrganizations =
    "SELECT id, name, description, url, email FROM organization ORDER BY position;";
inline constexpr std::string_view kSelectLocations =
    "SELECT id, name, street, postcode, city FROM location ORDER BY position;";
inline constexpr std::string_view kSelectOpeningSlots =
    "SELECT location_id, weekday, opens, closes FROM opening_slot ORDER BY location_id, position;";
inline constexpr std::string_view kSelectExceptions =
    "SELECT location_id, date, closed, opens, closes, note FROM schedule_exception "
    "ORDER BY location_id, position;";
inline constexpr std::string_view kSelectPhones =
    "SELECT location_id, number, description FROM phone ORDER BY location_id, position;";
inline constexpr std::string_view kSelectServices =
    "SELECT id, name, description, organization_id, COALESCE(municipality_id, ''), demo FROM service "
    "ORDER BY position;";
inline constexpr std::string_view kSelectServiceLocations =
    "SELECT service_id, location_id FROM service_location ORDER BY service_id, position;";
inline constexpr std::string_view kSelectServiceRights =
    "SELECT service_id, right_id FROM service_right ORDER BY service_id, position;";
inline constexpr std::string_view kSelectServiceDocuments =
    "SELECT service_id, document FROM service_document ORDER BY service_id, position;";

}  // namespace store::sqlite
