ALTER TABLE profiles DROP COLUMN verified_at;
ALTER TABLE profiles DROP COLUMN verified_by;
ALTER TABLE profiles DROP COLUMN student_verified;
ALTER TABLE profiles DROP COLUMN department_verified;
ALTER TABLE profiles DROP COLUMN school_verified;
DROP TABLE oidc_links;
DROP TABLE oidc_logins;
DROP TABLE user_identities;
