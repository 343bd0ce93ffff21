DROP TABLE rubric_criteria;
DROP TABLE rubrics;
