-- Per-user features of one period (see compute-features.sql for what each column means).
-- One row per (period, user_id): computing a period again replaces all of its rows, whatever
-- the time zone they were computed in. No key is declared (no ART index), as for `trips`;
-- computeFeatures alone writes this table and keeps the rows unique.
CREATE TABLE IF NOT EXISTS features (
  period           VARCHAR NOT NULL,
  time_zone        VARCHAR NOT NULL,
  user_id          VARCHAR NOT NULL,
  active_days      INTEGER NOT NULL,
  trips            INTEGER NOT NULL,
  km               BIGINT NOT NULL,
  adas_km          BIGINT NOT NULL,
  night_km         BIGINT NOT NULL,
  distinct_regions INTEGER NOT NULL,
  tenure_days      INTEGER NOT NULL,
  computed_at      TIMESTAMPTZ NOT NULL
);
