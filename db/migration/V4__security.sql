-- Authentication, authorisation and audit. Every secret is stored only as the hex SHA-256 of its full text;
-- the secrets themselves are random (256 bits), so a plain hash is enough to make a stolen table useless.

-- Operator API keys.
CREATE TABLE api_keys (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role         text        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    key_hash     text        NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    -- The first characters of the key, so a person can tell keys apart in a listing.
    key_prefix   text        NOT NULL CHECK (length(key_prefix) <= 16),
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text        CHECK (length(created_by) <= 128),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- A device's token (shown once, at registration or rotation).
ALTER TABLE devices
    ADD COLUMN token_hash       text UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    ADD COLUMN token_rotated_at timestamptz;

-- Keys that let devices register themselves (fleet provisioning).
CREATE TABLE provisioning_keys (
    id         uuid        PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    key_hash   text        NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    key_prefix text        NOT NULL CHECK (length(key_prefix) <= 16),
    max_uses   integer     CHECK (max_uses > 0),
    uses       integer     NOT NULL DEFAULT 0,
    expires_at timestamptz,
    groups     text[]      NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text        CHECK (length(created_by) <= 128),
    revoked_at timestamptz,
    CHECK (max_uses IS NULL OR uses <= max_uses)
);

-- Who changed what, from where. Never holds a secret.
CREATE TABLE audit_log (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    actor          text        NOT NULL,
    actor_kind     text        NOT NULL CHECK (actor_kind IN ('operator', 'device', 'provisioning', 'system')),
    actor_role     text,
    action         text        NOT NULL,
    resource_type  text        NOT NULL,
    resource_id    text,
    source_address text,
    status_code    integer,
    details        jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object')
);
CREATE INDEX audit_log_time_idx ON audit_log (occurred_at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, occurred_at DESC);
