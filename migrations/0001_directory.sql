-- The service directory: municipalities, organisations, locations with their
-- hours and phones, and services with the rights they handle. `position`
-- keeps each list in the order it was imported. (Version 1 of the SQLite
-- store, which recorded it as PRAGMA user_version = 1.)
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
