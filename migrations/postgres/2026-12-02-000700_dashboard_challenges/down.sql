DROP TRIGGER dashboard_entries_challenge ON entries;
DROP TRIGGER dashboard_challenges_update ON challenges;
DROP TRIGGER dashboard_challenges ON challenges;
