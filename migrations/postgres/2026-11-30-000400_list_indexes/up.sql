-- Issue 18: the audit log is paged and filtered in SQL, newest first; each
-- filter finds its rows by an index already in id order.
CREATE INDEX audit_log_action_id_idx ON audit_log (action, id);
CREATE INDEX audit_log_actor_id_idx ON audit_log (actor_id, id);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id, id);
