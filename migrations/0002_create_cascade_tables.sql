-- The cascade document (DOMAIN §2), one table per section. `position` keeps the document's array order;
-- nested lists that are never queried on their own (milestones, capacity, keyResultIds, dropped, a
-- key result's source) are JSON columns. Optional fields are NULL when absent.
CREATE TABLE cycles (
  workspace_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  name TEXT,
  start TEXT NOT NULL,
  "end" TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE teams (
  workspace_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  name TEXT,
  capacity TEXT,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE imperatives (
  workspace_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  title TEXT NOT NULL,
  owner TEXT,
  weight REAL,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE goals (
  workspace_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  title TEXT NOT NULL,
  imperative_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  owner TEXT,
  weight REAL,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE objectives (
  workspace_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  title TEXT NOT NULL,
  cycle_id TEXT NOT NULL,
  team TEXT,
  owner TEXT,
  goal_id TEXT,
  parent_id TEXT,
  weight REAL,
  wig INTEGER,
  perspective TEXT,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE key_results (
  workspace_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  objective_id TEXT NOT NULL,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  start REAL,
  target REAL,
  low REAL,
  high REAL,
  milestones TEXT,
  current REAL,
  unit TEXT,
  weight REAL,
  measure TEXT,
  owner TEXT,
  source TEXT,
  -- 1 when the document had a `checkIns` array (even an empty one).
  has_check_ins INTEGER NOT NULL DEFAULT 0,
  -- The workspace revision of the key result's last change (its ETag).
  version INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, id)
);

-- `seq` orders the check-ins (the document's array order, then arrival) and is the list cursor.
CREATE TABLE check_ins (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id TEXT NOT NULL,
  key_result_id TEXT NOT NULL,
  date TEXT NOT NULL,
  value REAL,
  confidence REAL,
  note TEXT,
  source TEXT
);

CREATE INDEX check_ins_by_key_result ON check_ins (workspace_id, key_result_id, seq);

CREATE TABLE initiatives (
  workspace_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  title TEXT NOT NULL,
  type TEXT NOT NULL,
  team TEXT NOT NULL,
  cycle_id TEXT NOT NULL,
  key_result_ids TEXT,
  size REAL NOT NULL,
  value REAL NOT NULL,
  time_criticality REAL NOT NULL,
  risk_reduction REAL NOT NULL,
  committed INTEGER,
  budget REAL,
  owner TEXT,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE trade_offs (
  workspace_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  cycle_id TEXT NOT NULL,
  team TEXT NOT NULL,
  admitted TEXT NOT NULL,
  dropped TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  date TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE dependencies (
  workspace_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  from_id TEXT NOT NULL,
  to_id TEXT NOT NULL,
  note TEXT,
  PRIMARY KEY (workspace_id, position)
);

CREATE TABLE health_metrics (
  workspace_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  title TEXT NOT NULL,
  area TEXT NOT NULL,
  direction TEXT NOT NULL,
  green REAL NOT NULL,
  red REAL NOT NULL,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE health_values (
  workspace_id TEXT NOT NULL,
  metric_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  date TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (workspace_id, metric_id, position)
);

CREATE TABLE reallocations (
  workspace_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  date TEXT NOT NULL,
  from_id TEXT NOT NULL,
  to_id TEXT NOT NULL,
  amount REAL NOT NULL,
  approved_by TEXT,
  PRIMARY KEY (workspace_id, id)
);
