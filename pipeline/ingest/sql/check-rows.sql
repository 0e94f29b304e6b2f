-- Types and checks every staged row of a trips file in one pass. The source is a relation with
--   ordinal BIGINT (1-based position of the record in its file, or NULL for CSV: see
--   checked-rows-view.sql, run right after), raw VARCHAR (the original
--   text where the reader keeps it, else NULL), malformed BOOLEAN,
-- and the in_<column> input columns; the typing expressions are built per source column type by
-- column-expressions.ts (a VARCHAR column is parsed, a typed Parquet/Arrow column is used as is).
-- The CASE gives each row the FIRST rule it breaks, in the order of quarantine-reasons.ts.
-- (Enrolment files have their own checks: check-owners.sql.)
CREATE OR REPLACE TEMP TABLE checked_rows_stored AS
WITH typed AS (
  SELECT
    source.*,
    {{trip_id}}            AS trip_id,
    {{user_id}}            AS user_id,
    {{vehicle_id}}         AS vehicle_id,
    {{region}}             AS region,
    {{started_at_present}} AS started_at_present,
    {{started_at}}         AS started_at,
    {{ended_at_present}}   AS ended_at_present,
    {{ended_at}}           AS ended_at,
    {{distance_km_present}} AS distance_km_present,
    {{distance_km}}        AS distance_km,
    {{energy_kwh_present}} AS energy_kwh_present,
    {{energy_kwh}}         AS energy_kwh,
    {{adas_km_present}}    AS adas_km_present,
    {{adas_km}}            AS adas_km
  FROM {{source}} AS source
),
timed AS (
  -- Durations in integer microseconds: TIMESTAMPTZ arithmetic goes through ICU calendars
  -- and costs more than the whole CSV parse.
  SELECT *, epoch_us(ended_at) - epoch_us(started_at) AS duration_us
  FROM typed
),
judged AS (
  SELECT
    *,
    CASE
      WHEN malformed THEN 'malformed_row'
      WHEN trip_id IS NULL OR user_id IS NULL OR vehicle_id IS NULL
        OR NOT started_at_present OR NOT ended_at_present OR NOT distance_km_present THEN 'missing_field'
      WHEN started_at IS NULL OR ended_at IS NULL THEN 'bad_timestamp'
      WHEN distance_km IS NULL OR NOT isfinite(distance_km)
        OR (energy_kwh_present AND (energy_kwh IS NULL OR NOT isfinite(energy_kwh)))
        OR (adas_km_present AND (adas_km IS NULL OR NOT isfinite(adas_km))) THEN 'bad_number'
      WHEN duration_us < 0 THEN 'end_before_start'
      WHEN duration_us > 86400000000 THEN 'duration_too_long'
      WHEN distance_km < 0 OR distance_km > 1500 THEN 'distance_out_of_range'
      -- average speed above 250 km/h, written without a division so a zero duration is caught too
      WHEN distance_km * 3600000000 > 250 * duration_us THEN 'speed_implausible'
      WHEN energy_kwh < 0 OR adas_km < 0 THEN 'negative_value'
      WHEN adas_km > distance_km THEN 'adas_exceeds_distance'
    END AS reason
  FROM timed
)
SELECT
  {{ordinal}} AS source_ordinal, trip_id, user_id, vehicle_id, started_at, ended_at, distance_km, energy_kwh, adas_km, region, reason,
  -- the original text is built only for the rows that go to quarantine
  CASE WHEN reason IS NOT NULL THEN coalesce(raw, {{original}}) END AS raw
FROM judged;
