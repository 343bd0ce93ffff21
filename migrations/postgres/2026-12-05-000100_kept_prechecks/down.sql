DROP TRIGGER dashboard_challenge_datasets ON challenge_datasets;
DROP TRIGGER dashboard_dataset_cards_update ON dataset_cards;
DROP TRIGGER dashboard_dataset_cards ON dataset_cards;
DROP TRIGGER dashboard_profiles_proof ON profiles;
DROP TRIGGER dashboard_datasets_fitness ON datasets;
