-- The tables every stage relies on. Names and columns are a published contract
-- (see ../shared/ARCHITECTURE.md): change them only with a migration note in the README.

CREATE SEQUENCE IF NOT EXISTS load_id_seq START 1;

-- One row per input file ever loaded. A file is identified by its content: loading the same
-- bytes again (same sha256) is a no-op whatever its path. `kind` says what the file held,
-- told from its columns: 'trips' (rows in `trips`), 'owners' (an enrolment file, rows in
-- `owners`) or 'crystals' (a crystal event file, rows in `crystal_events`).
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
  kind             VARCHAR DEFAULT 'trips',   -- trips | owners | crystals; every load sets it
  CHECK (rows_read = rows_accepted + rows_quarantined)
);

-- A database made before enrolment files existed gets `kind` in place; its loads were all
-- trips files, which the default fills in (DuckDB adds no NOT NULL column in place). On a new
-- database this does nothing.
ALTER TABLE loads ADD COLUMN IF NOT EXISTS kind VARCHAR DEFAULT 'trips';

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

-- Enrolled owners, from enrolment files (loads.kind = 'owners'): every owner a period scores,
-- whether they drove in it or not. user_id is unique by construction (ingest quarantines a
-- user_id already enrolled as duplicate_owner), like trips' trip_id; no index, for the same
-- reason. enrolled_on lies in 2000-01-01 ... 2099-12-31.
CREATE TABLE IF NOT EXISTS owners (
  user_id     VARCHAR NOT NULL,
  enrolled_on DATE NOT NULL,
  load_id     BIGINT NOT NULL,
  line        BIGINT NOT NULL
);

-- Accepted crystal events, from crystal event files (loads.kind = 'crystals'): the app's
-- ledger of crystals earned and spent on entries to a draw. event_id is unique by construction
-- (ingest quarantines repeats as duplicate_event_id), no index, as for trips. `at` of the
-- input is occurred_at here (AT is reserved in SQL). kind is 'earned' (draw NULL) or 'spent'
-- (draw the period entered, 'YYYY-MM'); amount is 1 ... 2^31-1. Every owner's running balance
-- over these events, ordered by (occurred_at, event_id), is never negative: ingest refuses a
-- spend that would make it so (insufficient_crystals). A database made before crystal events
-- existed gains the table as it opens.
CREATE TABLE IF NOT EXISTS crystal_events (
  event_id    VARCHAR NOT NULL,
  user_id     VARCHAR NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  kind        VARCHAR NOT NULL,
  amount      INTEGER NOT NULL,
  draw        VARCHAR,
  load_id     BIGINT NOT NULL,
  line        BIGINT NOT NULL
);

-- Rejected rows of any kind of file, with the first rule they broke. `line` is the 1-based
-- line of the file (the header is line 1) for CSV and JSONL, the 1-based row for Parquet and Arrow.
CREATE TABLE IF NOT EXISTS quarantine (
  source  VARCHAR NOT NULL,
  line    BIGINT NOT NULL,
  reason  VARCHAR NOT NULL,
  raw     VARCHAR,
  load_id BIGINT NOT NULL
);

-- Runs, their commitments and their results. Field elements are stored as 0x-hex text
-- (254 bits fit no DuckDB integer); scores fit BIGINT, awards (below 2^64) UBIGINT.

-- One row per run of a period. The data root is recorded, with its time, before any score
-- is drawn; the beacon, fixed after the data root, is recorded when scoring starts.
CREATE TABLE IF NOT EXISTS runs (
  run_id                VARCHAR PRIMARY KEY,
  period                VARCHAR NOT NULL,
  time_zone             VARCHAR NOT NULL,
  status                VARCHAR NOT NULL,          -- committed | scored | published | failed
  created_at            TIMESTAMPTZ NOT NULL,
  formula_id            VARCHAR NOT NULL,
  formula_version       INTEGER NOT NULL,
  formula_sha256        VARCHAR NOT NULL,
  formula_poseidon      VARCHAR NOT NULL,
  pool                  UBIGINT NOT NULL,          -- the formula's pool plus the remainder carried in
  carried_in            UBIGINT NOT NULL,
  batch_size            INTEGER NOT NULL,
  users                 INTEGER NOT NULL,
  batches               INTEGER NOT NULL,
  data_root             VARCHAR NOT NULL,
  data_root_recorded_at TIMESTAMPTZ NOT NULL,
  beacon                VARCHAR,
  beacon_recorded_at    TIMESTAMPTZ,
  demo_beacon           BOOLEAN,
  award_root            VARCHAR,
  total_noisy           UBIGINT,                   -- S
  remainder             UBIGINT,                   -- carried to the next period
  scored_at             TIMESTAMPTZ,
  output_dir            VARCHAR,
  published_at          TIMESTAMPTZ,
  started_by            VARCHAR,                   -- who or what committed it: 'cli:run alice@host', 'cli:commit ...'; NULL before history existed
  failed_stage          VARCHAR,                   -- with status 'failed': the stage that threw (run_stages.stage)
  failure               VARCHAR                    -- with status 'failed': its one-line reason
);

-- A database made before run history existed gets the history columns in place (DuckDB adds
-- them as NULL to existing rows); on a new database these do nothing.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS started_by VARCHAR;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS failed_stage VARCHAR;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS failure VARCHAR;
-- The chain of periods: the run whose remainder this one carries (fixed at commit, with
-- carried_in; NULL for the first period), and the SHA-256 of this run's published record (its
-- manifest without the proofs section, canonical JSON), which the next period's manifest names.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS previous_run_id VARCHAR;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS record_sha256 VARCHAR;
-- The draw's public numbers, fixed at score: W (the sum of entries * noisy score) and the
-- offset U drawn from the beacon; NULL before the score stage or before the draw existed.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS draw_total HUGEINT;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS draw_offset HUGEINT;
-- The authenticated beacon: the chain transaction that anchored the data root before the beacon
-- was asked for (JSON: chain_id, registry, transaction, block_number, block_time), and the drand
-- round the beacon is (JSON: chain_hash, round, randomness, signature); NULL for a demo beacon.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS data_root_anchor VARCHAR;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS beacon_drand VARCHAR;

-- The history of each run: one row per stage each time it runs (pipeline/history/README.md).
-- `attempt` counts the invocations that worked on the run (1 for the run that committed it,
-- 2 for the first resume or re-run, ...). ingest, features and commit run before the run id
-- exists: their rows are written right after commit, with the times measured while they ran.
-- A row stays 'running' if the process died in that stage.
CREATE TABLE IF NOT EXISTS run_stages (
  run_id      VARCHAR NOT NULL,
  attempt     INTEGER NOT NULL,
  stage       VARCHAR NOT NULL,    -- ingest | features | commit | score | statistics | publish | prove | verify
  status      VARCHAR NOT NULL,    -- running | done | failed
  started_by  VARCHAR,
  started_at  TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  counts      VARCHAR,             -- JSON object of the stage's counts (rows, users, batches, proofs kept, ...)
  error       VARCHAR              -- with status 'failed': the one-line reason
);

-- One secret salt per user and period, drawn once: a re-run of the period reuses it, so the
-- same data gives the same leaves and roots. (period, user_id) is unique by construction: no
-- index, which would cost more than the hashing at a million users.
CREATE TABLE IF NOT EXISTS salts (
  period     VARCHAR NOT NULL,
  user_id    VARCHAR NOT NULL,
  salt       VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

-- Each owner's pseudonymous tag, Poseidon(user id, pepper), computed once: it does not change
-- from period to period. pepper_id is a hash of the pepper (commit-period.ts pepperId): tags
-- made under another pepper are never reused. (user_id, pepper_id) is unique by construction.
CREATE TABLE IF NOT EXISTS owner_tags (
  user_id   VARCHAR NOT NULL,
  pepper_id VARCHAR NOT NULL,
  user_tag  VARCHAR NOT NULL
);

-- Each user of a run: the committed features (a snapshot: later loads do not change a run),
-- where the leaf sits, and after scoring the score, noise and award.
CREATE TABLE IF NOT EXISTS run_users (
  run_id           VARCHAR NOT NULL,
  user_id          VARCHAR NOT NULL,
  user_tag         VARCHAR NOT NULL,
  batch            INTEGER NOT NULL,
  leaf_index       INTEGER NOT NULL,
  active_days      BIGINT NOT NULL,
  trips            BIGINT NOT NULL,
  km               BIGINT NOT NULL,
  adas_km          BIGINT NOT NULL,
  night_km         BIGINT NOT NULL,
  distinct_regions BIGINT NOT NULL,
  tenure_days      BIGINT NOT NULL,
  data_leaf        VARCHAR NOT NULL,
  score            BIGINT,
  coins            INTEGER,
  noisy_score      BIGINT,
  award            UBIGINT,
  award_leaf       VARCHAR
);

-- The period's draw (formula version 3), per owner: crystals spent on the period's draw and
-- the entries they bought, fixed at commit (the entries are packed into the data leaf), and
-- at score the draw count c at the end of the owner's weight interval and the stones won.
-- A database made before the draw gets the columns in place; its runs had no entries.
ALTER TABLE run_users ADD COLUMN IF NOT EXISTS crystals_spent BIGINT DEFAULT 0;
ALTER TABLE run_users ADD COLUMN IF NOT EXISTS entries BIGINT DEFAULT 0;
ALTER TABLE run_users ADD COLUMN IF NOT EXISTS draw_count UBIGINT;
ALTER TABLE run_users ADD COLUMN IF NOT EXISTS draw_wins UBIGINT;

-- The root of each batch's trees, as computed at commit (data) and score (award) time: the
-- proofs and the manifest are built from these.
CREATE TABLE IF NOT EXISTS run_batches (
  run_id     VARCHAR NOT NULL,
  batch      INTEGER NOT NULL,
  data_root  VARCHAR NOT NULL,
  award_root VARCHAR
);

-- The privacy ledger (a published contract name, ../shared/ARCHITECTURE.md): every release of
-- fleet statistics, one row per statistic, and every release of a period's scores, one row
-- (mechanism 'binomial', statistic 'score_noise', release_id '<period>-scores-<run id hex>',
-- data_fingerprint the run's data root), written by the score stage with the scores. Rows are
-- only ever inserted, all rows of a release in one transaction. A period's statistics spend
-- its zCDP budget: the sum of `rho` over its rows other than 'binomial' (whatever their time
-- zone); the score releases are (epsilon, delta)-DP and spend the formula's
-- release.period_epsilon. A run over data already released (same data_fingerprint)
-- republishes `released` and adds no row (pipeline/statistics/README.md).
CREATE TABLE IF NOT EXISTS privacy_ledger (
  release_id             VARCHAR NOT NULL,    -- <period>-stats-<12 hex digits of the fingerprint>
  run_id                 VARCHAR NOT NULL,
  period                 VARCHAR NOT NULL,
  time_zone              VARCHAR NOT NULL,
  data_fingerprint       VARCHAR NOT NULL,    -- hex SHA-256 of the data released (data-fingerprint.ts)
  statistic              VARCHAR NOT NULL,    -- active_users, total_km, ..., or score_noise
  mechanism              VARCHAR NOT NULL,    -- discrete_gaussian | discrete_laplace | binomial
  sensitivity_l1         BIGINT NOT NULL,     -- to one user-day
  sensitivity_l2_squared BIGINT NOT NULL,
  scale                  VARCHAR NOT NULL,    -- exact: sigma, b, or k of the binomial
  rho                    VARCHAR,             -- exact fraction spent (zCDP); NULL for binomial
  rho_value              DOUBLE,
  epsilon                VARCHAR,             -- exact pure epsilon (Laplace), NULL (Gaussian), the theorem's (binomial)
  epsilon_value          DOUBLE,
  delta                  DOUBLE,              -- binomial only
  released               VARCHAR NOT NULL,    -- JSON: the statistic as stats.json publishes it
  recorded_at            TIMESTAMPTZ NOT NULL
);
