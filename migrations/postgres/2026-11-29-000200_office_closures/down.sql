DROP TABLE office_closures;
