//! A fake university identity provider on this machine, for trying
//! university sign-in locally (README: "University sign-in"):
//!
//!     cargo run --example fake-oidc            # port 9000
//!     cargo run --example fake-oidc -- 9100    # another port
//!
//! It prints the settings to start the portal with. Its sign-in page lets
//! you be anyone (subject, e-mail, name, school, department, student or
//! not). It is the provider the tests use (tests/common/fake_oidc.rs).

#[path = "../tests/common/fake_oidc.rs"]
mod fake_oidc;

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port = match std::env::args().nth(1) {
        Some(p) => match p.parse::<u16>() {
            Ok(p) => p,
            Err(_) => {
                eprintln!("usage: cargo run --example fake-oidc [-- PORT]");
                std::process::exit(2);
            }
        },
        None => 9000,
    };
    let provider = fake_oidc::FakeProvider::start(port, "contest-portal", "fake-secret")?;
    println!(
        "A fake university identity provider listens at {}",
        provider.issuer
    );
    println!("Start the portal with these settings (another terminal):\n");
    let settings = provider.settings("fake", "示範大學帳號", "Demo university account");
    let mut line = vec!["OIDC_PROVIDERS=fake".to_string()];
    for (k, v) in &settings {
        line.push(format!("{k}='{v}'"));
    }
    println!(
        "    {} \\\n      cargo run --release -- serve --demo\n",
        line.join(" \\\n    ")
    );
    println!("Then open http://127.0.0.1:8080/signin and press 「以示範大學帳號登入」.");
    println!("Stop with Ctrl-C.");
    actix_web::rt::signal::ctrl_c().await?;
    Ok(())
}
