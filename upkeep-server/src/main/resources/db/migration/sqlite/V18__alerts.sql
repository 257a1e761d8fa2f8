-- Release health alerts (issue 21), SQLite dialect.
--   alert_rules:      a project's rules; spec is the rule as JSON (what it watches, its thresholds,
--                     where its alerts go, whether it flags the version), read by the collector.
--   alerts:           what a rule found, per version ('' for a rule of the whole project): firing,
--                     acknowledged by a maintainer, or resolved when it no longer holds. At most one
--                     open (not resolved) alert per rule and version, even with several collectors
--                     evaluating at once: the one whose insert wins delivers it.
--                     flag_reason: the reason the rule flagged the version with, or null; the
--                     flag is lifted when the alert resolves if the version still has it.
--   alert_deliveries: every attempt to deliver an alert to a destination (a redacted label).
CREATE TABLE alert_rules (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id),
  spec       TEXT   NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX alert_rules_project ON alert_rules (project_id);

CREATE TABLE alerts (
  id          INTEGER PRIMARY KEY,
  rule_id     INTEGER NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  project_id  INTEGER NOT NULL REFERENCES projects (id),
  version     TEXT   NOT NULL,
  state       TEXT   NOT NULL CHECK (state IN ('firing', 'acknowledged', 'resolved')),
  fired_at    INTEGER NOT NULL,
  acked_at    INTEGER,
  resolved_at INTEGER,
  summary     TEXT   NOT NULL,
  evidence    TEXT   NOT NULL,
  flag_reason TEXT
);
CREATE UNIQUE INDEX alerts_open ON alerts (rule_id, version) WHERE state <> 'resolved';
CREATE INDEX alerts_project ON alerts (project_id, fired_at);

CREATE TABLE alert_deliveries (
  alert_id    INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  delivery_id TEXT    NOT NULL,
  destination TEXT    NOT NULL,
  attempt     INTEGER NOT NULL,
  at          INTEGER  NOT NULL,
  outcome     TEXT    NOT NULL,
  http_status INTEGER NOT NULL,
  error       TEXT,
  PRIMARY KEY (alert_id, delivery_id, attempt)
);
