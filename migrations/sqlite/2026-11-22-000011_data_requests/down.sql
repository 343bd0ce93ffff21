DROP TABLE request_reasons;
DROP TABLE data_request_comments;
DROP TABLE data_request_followers;
DROP TABLE data_request_spans;
DROP TABLE data_request_events;
DROP TABLE data_requests;
DROP TABLE calendar_imports;
DROP TABLE office_calendar;
