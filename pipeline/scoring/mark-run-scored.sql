-- A run's totals once every user is scored; the remainder is carried to the next period.
UPDATE runs
SET status = 'scored', award_root = $award_root, total_noisy = $total_noisy::UBIGINT,
    remainder = $remainder::UBIGINT, draw_total = $draw_total::HUGEINT,
    draw_offset = $draw_offset::HUGEINT, scored_at = now()
WHERE run_id = $run_id;
