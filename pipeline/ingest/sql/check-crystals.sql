-- Types and checks every staged row of a crystal event file in one pass: the same source
-- relation as check-rows.sql (ordinal, raw, malformed, in_<column>), the typing expressions
-- from column-expressions.ts (crystalCheckExpressions). The CASE gives each row the FIRST
-- rule it breaks, in the order of CRYSTAL_QUARANTINE_REASONS (quarantine-reasons.ts);
-- duplicate_event_id is marked afterwards (mark-duplicates.sql) and insufficient_crystals
-- last (crystal-balances.ts), over the rows still valid. {{max_amount}} is MAX_CRYSTAL_AMOUNT.
-- `at` is a reserved word in DuckDB: the typed value is occurred_at.
CREATE OR REPLACE TEMP TABLE checked_rows_stored AS
WITH typed AS (
  SELECT
    source.*,
    {{event_id}}       AS event_id,
    {{user_id}}        AS user_id,
    {{kind}}           AS kind,
    {{draw}}           AS draw,
    {{at_present}}     AS at_present,
    {{at}}             AS occurred_at,
    {{amount_present}} AS amount_present,
    {{amount}}         AS amount
  FROM {{source}} AS source
),
judged AS (
  SELECT
    *,
    CASE
      WHEN malformed THEN 'malformed_row'
      WHEN event_id IS NULL OR user_id IS NULL OR kind IS NULL OR NOT at_present OR NOT amount_present THEN 'missing_field'
      WHEN occurred_at IS NULL THEN 'bad_timestamp'
      WHEN kind NOT IN ('earned', 'spent') THEN 'bad_kind'
      WHEN amount IS NULL OR amount < 1 OR amount > {{max_amount}} THEN 'bad_amount'
      WHEN kind = 'spent' AND draw IS NULL THEN 'missing_draw'
      WHEN kind = 'earned' AND draw IS NOT NULL THEN 'unexpected_draw'
      WHEN kind = 'spent' AND NOT regexp_full_match(draw, '\d{4}-(0[1-9]|1[0-2])') THEN 'bad_draw'
      -- A scored run of the period fixed its entries at commit: a later spend could never enter.
      WHEN kind = 'spent' AND draw IN (SELECT period FROM runs WHERE award_root IS NOT NULL) THEN 'draw_closed'
    END AS reason
  FROM typed
)
SELECT
  {{ordinal}} AS source_ordinal, event_id, user_id, occurred_at, kind, amount, draw, reason,
  CASE WHEN reason IS NOT NULL THEN coalesce(raw, {{original}}) END AS raw
FROM judged;
