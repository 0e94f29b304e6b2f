-- Types and checks every staged row of an enrolment file in one pass: the same source relation
-- as check-rows.sql (ordinal, raw, malformed, in_user_id, in_enrolled_on), the typing
-- expressions from column-expressions.ts (ownerCheckExpressions). The CASE gives each row the
-- FIRST rule it breaks, in the order of OWNER_QUARANTINE_REASONS (quarantine-reasons.ts);
-- duplicate_owner is marked afterwards (mark-duplicates.sql), over the rows still valid.
-- The date range is ENROLLED_ON_RANGE (owner-columns.ts): tenure in days fits 16 bits.
CREATE OR REPLACE TEMP TABLE checked_rows_stored AS
WITH typed AS (
  SELECT
    source.*,
    {{user_id}}             AS user_id,
    {{enrolled_on_present}} AS enrolled_on_present,
    {{enrolled_on}}         AS enrolled_on
  FROM {{source}} AS source
),
judged AS (
  SELECT
    *,
    CASE
      WHEN malformed THEN 'malformed_row'
      WHEN user_id IS NULL OR NOT enrolled_on_present THEN 'missing_field'
      WHEN enrolled_on IS NULL THEN 'bad_date'
      WHEN enrolled_on < DATE '2000-01-01' OR enrolled_on > DATE '2099-12-31' THEN 'date_out_of_range'
    END AS reason
  FROM typed
)
SELECT
  {{ordinal}} AS source_ordinal, user_id, enrolled_on, reason,
  CASE WHEN reason IS NOT NULL THEN coalesce(raw, {{original}}) END AS raw
FROM judged;
