-- Removes every row of one period (whatever its time zone) before it is computed again.
DELETE FROM features WHERE period = $period;
