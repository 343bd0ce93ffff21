DROP TABLE ranking_lines;
DROP TABLE ranking_rounds;
