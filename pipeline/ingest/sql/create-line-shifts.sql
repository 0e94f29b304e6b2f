-- Maps CSV record ordinals to file lines. The j-th skipped line s_j (header, blank or
-- rejected, in order) has s_j - j records before it, so record k sits on line k + j where j
-- is the largest with s_j - j < k. {{fixed_skipped}} = header and blank lines.
CREATE OR REPLACE TEMP TABLE line_shifts AS
SELECT line - nth AS records_before, max(nth) AS shift
FROM (
  SELECT line, row_number() OVER (ORDER BY line) AS nth
  FROM (
    SELECT unnest({{fixed_skipped}}::BIGINT[]) AS line
    UNION
    SELECT DISTINCT line FROM {{rejects_table}}
  )
)
GROUP BY records_before;
