-- The tables every stage relies on. Names and columns are a published contract
-- (see ../shared/ARCHITECTURE.md): change them only with a migration note in the README.

CREATE SEQUENCE IF NOT EXISTS load_id_seq START 1;

-- One row per input file ever loaded. A file is identified by its content: loading the same
-- bytes again (same sha256) is a no-op whatever its path.
CREATE TABLE IF NOT EXISTS loads (
  load_id          BIGINT PRIMARY KEY,
  path             VARCHAR NOT NULL,
  sha256           VARCHAR NOT NULL UNIQUE,
  bytes            BIGINT NOT NULL,
  format           VARCHAR NOT NULL,
  rows_read        BIGINT NOT NULL,
  rows_accepted    BIGINT NOT NULL,
  rows_quarantined BIGINT NOT NULL,
  ignored_columns  VARCHAR[] NOT NULL,
  loaded_at        TIMESTAMPTZ NOT NULL,
  CHECK (rows_read = rows_accepted + rows_quarantined)
);

-- Accepted trips. trip_id is unique by construction (ingest quarantines duplicates); no
-- index is declared because an ART index would cost more than the whole validation.
CREATE TABLE IF NOT EXISTS trips (
  trip_id     VARCHAR NOT NULL,
  user_id     VARCHAR NOT NULL,
  vehicle_id  VARCHAR NOT NULL,
  started_at  TIMESTAMPTZ NOT NULL,
  ended_at    TIMESTAMPTZ NOT NULL,
  distance_km DOUBLE NOT NULL,
  energy_kwh  DOUBLE,
  adas_km     DOUBLE,
  region      VARCHAR,
  load_id     BIGINT NOT NULL,
  line        BIGINT NOT NULL
);

-- Rejected rows, with the first rule they broke. `line` is the 1-based line of the file
-- (the header is line 1) for CSV and JSONL, the 1-based row for Parquet and Arrow.
CREATE TABLE IF NOT EXISTS quarantine (
  source  VARCHAR NOT NULL,
  line    BIGINT NOT NULL,
  reason  VARCHAR NOT NULL,
  raw     VARCHAR,
  load_id BIGINT NOT NULL
);
