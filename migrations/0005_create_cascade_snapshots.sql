-- A compressed copy of a workspace's whole cascade document at one revision, so that reading a cascade
-- the isolate does not hold costs a few rows instead of every normalized row (a 10k key-result cascade
-- is ~90k rows). The normalized tables stay the truth: a reader takes the newest snapshot and replays on
-- top of it the key results whose version is newer (with all their check-ins), which is everything a
-- check-in or a key-result edit changes. Any other write must write a new snapshot in its own batch, as
-- `PUT /cascade` does.
CREATE TABLE cascade_snapshots (
  workspace_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  -- The data is split into parts below D1's 2 MB limit on a value.
  part INTEGER NOT NULL,
  -- base64 of the gzip of the JSON `{ format, doc, versions? }` (see worker/db/snapshot.ts).
  data TEXT NOT NULL,
  PRIMARY KEY (workspace_id, revision, part)
);

-- The key results changed since a snapshot, without reading the others.
CREATE INDEX key_results_by_version ON key_results (workspace_id, version);
