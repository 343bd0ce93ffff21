DROP TABLE consults;
