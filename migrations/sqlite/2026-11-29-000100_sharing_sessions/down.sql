DROP TABLE sharing_actions;
DROP TABLE sharing_invitations;
DROP TABLE sharing_slots;
DROP TABLE sharing_sessions;
