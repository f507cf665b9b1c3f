-- One municipality id: each municipality of the directory carries its NIS
-- code (Statbel REFNIS, "42006" for Dendermonde), by which the site matches
-- local rights to the chosen town; the slug (id) stays for URLs. Rows imported
-- before this migration have no code (''): the server warns that the
-- directory needs a re-import (rechtop import-hsds), which fills it in.
ALTER TABLE municipality ADD COLUMN nis TEXT NOT NULL DEFAULT '' CHECK (nis = '' OR length(nis) = 5);
