//! The command line: help, configuration errors in one line, migrate and
//! create-admin.

use std::process::{Command, Stdio};

fn bin() -> Command {
    // As tests/common's `portal_bin`: CONTEST_PORTAL_BIN names another build.
    let mut c = Command::new(
        std::env::var("CONTEST_PORTAL_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_contest-portal").to_string()),
    );
    for key in contest_portal::config::ENV_KEYS {
        c.env_remove(key);
    }
    c.env_remove("CONFIG_FILE");
    c
}

#[test]
fn help_documents_every_command() {
    let out = bin().arg("--help").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for cmd in ["serve", "migrate", "create-admin"] {
        assert!(text.contains(cmd), "{cmd} in --help");
    }
}

#[test]
fn invalid_configuration_is_one_line_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    for (k, v) in [
        ("DATABASE_URL", "mysql://localhost/x"),
        ("BIND", "not an address"),
        ("SECRET_KEY", "short"),
    ] {
        let out = bin()
            .current_dir(dir.path())
            .env(k, v)
            .arg("migrate")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{k}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(k) && !err.contains("panicked"), "{err}");
    }
    std::fs::write(dir.path().join("bad.toml"), "bind = [1, 2]").unwrap();
    let out = bin()
        .current_dir(dir.path())
        .env("CONFIG_FILE", "bad.toml")
        .arg("migrate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn config_file_is_read_and_env_wins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("contest-portal.toml"),
        "database_url = \"sqlite://from-file.db\"\n",
    )
    .unwrap();
    let out = bin()
        .current_dir(dir.path())
        .arg("migrate")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("from-file.db").exists());
    let out = bin()
        .current_dir(dir.path())
        .env("DATABASE_URL", "sqlite://from-env.db")
        .arg("migrate")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("from-env.db").exists());
}

#[test]
fn create_admin_reads_the_password_from_stdin_or_generates_one() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = bin()
        .current_dir(dir.path())
        .args([
            "create-admin",
            "--email",
            "Chief@MOL.gov.tw",
            "--name",
            "資訊處管理員",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"short\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success(), "a weak password is refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10"));

    let mut child = bin()
        .current_dir(dir.path())
        .args([
            "create-admin",
            "--email",
            "Chief@MOL.gov.tw",
            "--name",
            "資訊處管理員",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long admin passphrase\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("chief@mol.gov.tw is an administrator"));

    let out = bin()
        .current_dir(dir.path())
        .args([
            "create-admin",
            "--email",
            "second@mol.gov.tw",
            "--generate-password",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Password: "));

    let url = contest_portal::db::DatabaseUrl::parse(&format!(
        "sqlite://{}",
        dir.path().join("data/contest-portal.db").display()
    ))
    .unwrap();
    let mut conn = contest_portal::db::connect(&url).unwrap();
    let user = contest_portal::store::users::find_by_email(&mut conn, "chief@mol.gov.tw")
        .unwrap()
        .unwrap();
    assert!(contest_portal::security::verify_password(
        "a long admin passphrase",
        Some(&user.password_hash)
    ));
    let roles = contest_portal::store::users::roles_of(&mut conn, user.id).unwrap();
    assert!(roles.iter().any(|g| g.role.as_str() == "admin"));
}
