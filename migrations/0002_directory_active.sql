-- An HSDS re-import updates records by their HSDS id and marks the ones that
-- are gone as inactive instead of deleting them, so that what later refers to
-- an organisation, a location or a service (users, referrals, help requests)
-- is never orphaned. Only active records are part of the directory.
ALTER TABLE municipality ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
ALTER TABLE organization ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
ALTER TABLE location ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
ALTER TABLE service ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
