-- The search log (issue 21): searches that found nothing, per municipality,
-- so that editors see what residents look for and do not find. Only the
-- normalised query, a count and the first and last day: no person, address,
-- request id or time of day. `municipality` is the directory id of the town
-- chosen ('' for none); it is no foreign key, so the log outlives a
-- re-import that leaves a town out. Bounded by the store (query length,
-- rows per municipality).
CREATE TABLE search_miss (
  municipality TEXT NOT NULL,
  query TEXT NOT NULL CHECK (length(query) BETWEEN 1 AND 100),
  searches BIGINT NOT NULL CHECK (searches >= 1),
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  PRIMARY KEY (municipality, query)
);
