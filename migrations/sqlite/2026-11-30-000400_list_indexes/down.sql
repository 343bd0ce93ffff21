DROP INDEX audit_log_object_idx;
DROP INDEX audit_log_actor_id_idx;
DROP INDEX audit_log_action_id_idx;
