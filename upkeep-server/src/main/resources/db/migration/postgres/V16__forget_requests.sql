-- Upkeep collector schema, PostgreSQL dialect: users' own requests to be forgotten in a project
-- (issue 18), as their client sends them from disable(); carried out, and deleted, by the
-- collector's hourly maintenance. One row per project and user id however often it is asked.
CREATE TABLE forget_requests (
  project_id   BIGINT NOT NULL REFERENCES projects (id),
  user_id      TEXT   NOT NULL,
  requested_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, user_id)
);
