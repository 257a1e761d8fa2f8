-- Upkeep collector schema, sqlite dialect: idempotent refresh, token-family revocation, purge, and
-- the collector's own secrets.
--
-- successor: the new access and refresh token a rotated refresh token was exchanged for, sealed
-- (AES-256-GCM) under a key derived from the raw rotated refresh token itself, so that only a
-- caller presenting that token can open it; kept for the refresh grace period (setting
-- refresh-grace), then cleared by the purge. revoked_at: when the token was revoked with every
-- token of its install, because a rotated refresh token was reused after the grace period.
ALTER TABLE install_tokens ADD COLUMN successor TEXT;
ALTER TABLE install_tokens ADD COLUMN revoked_at INTEGER;
CREATE INDEX install_tokens_expires ON install_tokens (expires_at);
CREATE INDEX install_tokens_used ON install_tokens (used_at);
CREATE INDEX authorization_codes_expires ON authorization_codes (expires_at);

-- Random keys the collector makes once and every collector sharing the database uses (e.g. the
-- HMAC key of the consent forms' CSRF tokens). value is URL-safe Base64.
CREATE TABLE server_secrets (
  name       TEXT    PRIMARY KEY,
  value      TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);
