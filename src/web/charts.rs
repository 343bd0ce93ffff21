//! Accessible charts drawn on the server as SVG: `role="img"` with a
//! `<title>` and `<desc>`, every value also written as text, dark ink on
//! white (contrast above 7:1), and a `viewBox` so the drawing scales down
//! to a 360 px phone. Pages show each chart beside a table of its data.

use std::fmt::Write;

/// Dark blue bars and line, near-black text: both well above 4.5:1 on white.
const BAR: &str = "#0b4f8a";
const LINE: &str = "#b3261e";
const INK: &str = "#1a1a1a";
/// The previous year's bars: outlined on white, so print in black and white tells them apart.
const PAPER: &str = "#ffffff";
const WIDTH: f64 = 320.0;

/// Text made safe for SVG (labels hold school names and such).
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn open(out: &mut String, id: &str, height: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        r#"<svg role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" font-family="sans-serif" font-size="11"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(title),
        esc(desc)
    );
}

/// Horizontal bars, one row per (label, value, shown value): the label above
/// its bar, the shown value at the bar's end; a full bar is `full` (the
/// largest value when that is larger). Suits a funnel and shares.
pub fn bars(
    id: &str,
    title: &str,
    desc: &str,
    rows: &[(String, f64, String)],
    full: f64,
) -> String {
    let row_h = 30.0;
    let height = (rows.len() as f64 * row_h).max(row_h);
    let most = rows.iter().map(|r| r.1).fold(full, f64::max).max(1.0);
    let mut out = String::new();
    open(&mut out, id, height, title, desc);
    for (i, (label, value, shown)) in rows.iter().enumerate() {
        let y = i as f64 * row_h;
        let w = (value.max(0.0) / most * (WIDTH - 60.0)).round();
        let _ = write!(
            out,
            r#"<text x="0" y="{:.0}" fill="{INK}">{}</text><rect x="0" y="{:.0}" width="{w:.0}" height="12" fill="{BAR}"></rect><text x="{:.0}" y="{:.0}" fill="{INK}">{}</text>"#,
            y + 11.0,
            esc(label),
            y + 14.0,
            w + 4.0,
            y + 24.0,
            esc(shown)
        );
    }
    out.push_str("</svg>");
    out
}

/// Columns per day (new registrations) with a line of the running total,
/// each on its own scale; the first and last day and both maxima labelled.
/// `days`: (day, new that day, total so far).
pub fn columns_with_total(
    id: &str,
    title: &str,
    desc: &str,
    days: &[(String, u64, u64)],
) -> String {
    let (top, plot_h) = (14.0, 100.0);
    let height = top + plot_h + 16.0;
    let most_new = days.iter().map(|d| d.1).max().unwrap_or(1).max(1) as f64;
    let most_total = days.iter().map(|d| d.2).max().unwrap_or(1).max(1) as f64;
    let step = WIDTH / days.len().max(1) as f64;
    let width = (step - 2.0).clamp(1.0, 22.0);
    let mut out = String::new();
    open(&mut out, id, height, title, desc);
    let mut points = Vec::new();
    for (i, (day, new, total)) in days.iter().enumerate() {
        let x = i as f64 * step;
        let h = (*new as f64 / most_new * plot_h).round();
        let _ = write!(
            out,
            r#"<rect x="{x:.0}" y="{:.0}" width="{width:.0}" height="{h:.0}" fill="{BAR}"><title>{}: {new}</title></rect>"#,
            top + plot_h - h,
            esc(day)
        );
        let cy = top + plot_h - (*total as f64 / most_total * plot_h);
        points.push(format!("{:.0},{cy:.0}", x + width / 2.0));
    }
    if points.len() > 1 {
        let _ = write!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{LINE}" stroke-width="2"></polyline>"#,
            points.join(" ")
        );
    }
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        let _ = write!(
            out,
            r#"<text x="0" y="{:.0}" fill="{INK}">{}</text><text x="{WIDTH}" y="{:.0}" fill="{INK}" text-anchor="end">{}</text><text x="{WIDTH}" y="10" fill="{LINE}" text-anchor="end">{}</text>"#,
            height - 3.0,
            esc(&first.0),
            height - 3.0,
            esc(&last.0),
            last.2
        );
    }
    out.push_str("</svg>");
    out
}

/// One row of [`pairs`]: its label, this year's value and shown value, and
/// the previous year's if there is one.
pub type PairRow = (String, (f64, String), Option<(f64, String)>);

/// Two bars per row, this year's (solid) above the previous year's
/// (outlined, so that print in black and white tells them apart), each with
/// its shown value; a small key names the two. `rows`: (label, this year's
/// value and shown value, the previous year's if there is one).
pub fn pairs(
    id: &str,
    title: &str,
    desc: &str,
    key: (&str, Option<&str>),
    rows: &[PairRow],
) -> String {
    let row_h = 44.0;
    let top = 18.0;
    let height = top + (rows.len() as f64 * row_h).max(row_h);
    let most = rows
        .iter()
        .flat_map(|r| [Some(r.1 .0), r.2.as_ref().map(|b| b.0)])
        .flatten()
        .fold(1.0, f64::max);
    let scale = |v: f64| (v.max(0.0) / most * (WIDTH - 70.0)).round();
    let mut out = String::new();
    open(&mut out, id, height, title, desc);
    let _ = write!(
        out,
        r#"<rect x="0" y="2" width="10" height="8" fill="{BAR}"></rect><text x="14" y="10" fill="{INK}">{}</text>"#,
        esc(key.0)
    );
    if let Some(before) = key.1 {
        let _ = write!(
            out,
            r#"<rect x="120.5" y="2.5" width="9" height="7" fill="{PAPER}" stroke="{INK}"></rect><text x="134" y="10" fill="{INK}">{}</text>"#,
            esc(before)
        );
    }
    for (i, (label, (now, now_shown), before)) in rows.iter().enumerate() {
        let y = top + i as f64 * row_h;
        let w = scale(*now);
        let _ = write!(
            out,
            r#"<text x="0" y="{:.0}" fill="{INK}">{}</text><rect x="0" y="{:.0}" width="{w:.0}" height="10" fill="{BAR}"></rect><text x="{:.0}" y="{:.0}" fill="{INK}">{}</text>"#,
            y + 11.0,
            esc(label),
            y + 15.0,
            w + 4.0,
            y + 24.0,
            esc(now_shown)
        );
        if let Some((b, b_shown)) = before {
            let wb = scale(*b);
            let _ = write!(
                out,
                r#"<rect x="0.5" y="{:.1}" width="{wb:.0}" height="9" fill="{PAPER}" stroke="{INK}"></rect><text x="{:.0}" y="{:.0}" fill="{INK}">{}</text>"#,
                y + 27.5,
                wb + 4.0,
                y + 36.0,
                esc(b_shown)
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_labelled_escaped_and_scaled() {
        let svg = bars(
            "funnel",
            "Funnel",
            "From teams to winners",
            &[
                ("Teams".into(), 10.0, "10".into()),
                ("A<b>".into(), 5.0, "5 (50%)".into()),
            ],
            0.0,
        );
        assert!(svg.starts_with("<svg role=\"img\""));
        assert!(svg.contains("viewBox=\"0 0 320 60\"") && svg.contains("width=\"100%\""));
        assert!(svg.contains("<title id=\"funnel-title\">Funnel</title>"));
        assert!(svg.contains("<desc id=\"funnel-desc\">From teams to winners</desc>"));
        assert!(svg.contains("A&lt;b&gt;") && !svg.contains("A<b>"));
        assert!(svg.contains(">5 (50%)</text>"));
        assert!(
            svg.contains("width=\"260\"") && svg.contains("width=\"130\""),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
        // Shares are drawn against 100%.
        let half = bars("s", "t", "d", &[("x".into(), 50.0, "50%".into())], 100.0);
        assert!(half.contains("width=\"130\""), "{half}");
    }

    #[test]
    fn pairs_draw_both_years_with_a_key() {
        let svg = pairs(
            "teams",
            "Teams per track",
            "2026 against 2025",
            ("2026", Some("2025")),
            &[
                ("A&B".into(), (10.0, "10".into()), Some((5.0, "5".into()))),
                ("C".into(), (2.0, "2".into()), None),
            ],
        );
        assert!(svg.starts_with("<svg role=\"img\"") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"teams-title\">Teams per track</title>"));
        assert!(svg.contains("A&amp;B") && svg.contains(">2025</text>"));
        // The largest value fills the width less room for its label.
        assert!(
            svg.contains("width=\"250\"") && svg.contains("width=\"125\""),
            "{svg}"
        );
        // Three filled bars (the key's and two rows'), two outlined (key and one row).
        assert_eq!(svg.matches("stroke=").count(), 2, "{svg}");
        let alone = pairs(
            "t",
            "t",
            "d",
            ("2026", None),
            &[("x".into(), (1.0, "1".into()), None)],
        );
        assert!(!alone.contains("stroke="));
    }

    #[test]
    fn registrations_draw_columns_and_a_running_total() {
        let svg = columns_with_total(
            "reg",
            "Registrations",
            "d",
            &[("2026-11-01".into(), 2, 2), ("2026-11-02".into(), 1, 3)],
        );
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("<polyline"));
        assert!(svg.contains(">2026-11-01</text>") && svg.contains(">2026-11-02</text>"));
        assert!(svg.contains("<title>2026-11-02: 1</title>"));
        // One day: a column, no line; no days: an empty drawing.
        let one = columns_with_total("r", "t", "d", &[("d".into(), 1, 1)]);
        assert!(!one.contains("<polyline"));
        assert!(columns_with_total("r", "t", "d", &[]).ends_with("</svg>"));
    }
}
