-- Fails (Unknown TimeZone) when DuckDB's ICU does not know $time_zone.
SELECT timezone($time_zone, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS local_time;
