//! A local fake SMTP server for the tests that send mail: it records what
//! it is given.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A minimal SMTP server: records each message, or answers 451 to every
/// MAIL FROM when `fail` is set.
pub struct FakeSmtp {
    pub port: u16,
    pub received: Arc<Mutex<Vec<(String, String)>>>,
}

pub fn fake_smtp(fail: bool) -> FakeSmtp {
    fake_smtp_taking(fail, Duration::ZERO)
}

/// [`fake_smtp`], taking `delay` to accept each message, as a busy server
/// does: a sender stopped meanwhile holds a message half sent.
pub fn fake_smtp_taking(fail: bool, delay: Duration) -> FakeSmtp {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let store = store.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let _ = stream.write_all(b"220 fake ESMTP\r\n");
                let (mut rcpt, mut data, mut in_data) = (String::new(), String::new(), false);
                let mut line = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if in_data {
                        if line == ".\r\n" {
                            in_data = false;
                            std::thread::sleep(delay);
                            store.lock().unwrap().push((rcpt.clone(), data.clone()));
                            let _ = stream.write_all(b"250 queued\r\n");
                        } else {
                            data.push_str(&line);
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") {
                        b"250-fake\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("MAIL FROM") {
                        if fail {
                            b"451 try again later\r\n"
                        } else {
                            b"250 ok\r\n"
                        }
                    } else if upper.starts_with("RCPT TO") {
                        rcpt = line.trim().to_string();
                        b"250 ok\r\n"
                    } else if upper.starts_with("DATA") {
                        in_data = true;
                        data.clear();
                        b"354 go ahead\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = stream.write_all(b"221 bye\r\n");
                        return;
                    } else {
                        b"250 ok\r\n"
                    };
                    let _ = stream.write_all(reply);
                }
            });
        }
    });
    FakeSmtp { port, received }
}
