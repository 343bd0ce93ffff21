//! Rebuild when embedded files change: locales, migrations, templates and
//! static files are compiled into the binary.
fn main() {
    for dir in ["locales", "migrations", "templates", "static", "assets"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
