DROP TABLE score_history;
DROP TABLE scores;
