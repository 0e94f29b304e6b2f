-- Scores, noise, awards and draw outcomes of a run's users, from the temp table scored_users.
UPDATE run_users AS u
SET score = s.score, coins = s.coins, noisy_score = s.noisy_score, award = s.award, award_leaf = s.award_leaf,
    draw_count = s.draw_count, draw_wins = s.draw_wins
FROM scored_users AS s
WHERE u.run_id = $run_id AND u.user_id = s.user_id;
