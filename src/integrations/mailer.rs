//! Sends one message over SMTP (lettre). The outbox worker decides when.

use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use crate::config::{SmtpConfig, SmtpSecurity};

pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

impl Mailer {
    pub fn new(cfg: &SmtpConfig, from: &str) -> anyhow::Result<Mailer> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("MAIL_FROM: {e}"))?;
        let builder = match cfg.security {
            SmtpSecurity::None => SmtpTransport::builder_dangerous(&cfg.host),
            SmtpSecurity::StartTls => SmtpTransport::builder_dangerous(&cfg.host)
                .tls(Tls::Required(TlsParameters::new(cfg.host.clone())?)),
            SmtpSecurity::Tls => SmtpTransport::builder_dangerous(&cfg.host)
                .tls(Tls::Wrapper(TlsParameters::new(cfg.host.clone())?)),
        };
        let mut builder = builder
            .port(cfg.port)
            .timeout(Some(std::time::Duration::from_secs(20)));
        if let (Some(u), Some(p)) = (&cfg.username, &cfg.password) {
            builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
        })
    }

    /// Connects, greets, secures and signs in as a send would, then says
    /// goodbye (blocking; `check-config`).
    pub fn check(&self) -> Result<(), String> {
        match self.transport.test_connection() {
            Ok(true) => Ok(()),
            Ok(false) => Err("the server did not answer NOOP".into()),
            Err(e) => Err(format!("SMTP: {e}")),
        }
    }

    /// Blocking: call from a blocking thread.
    pub fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        let to: Mailbox = to
            .parse()
            .map_err(|e| format!("bad recipient {to:?}: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| format!("cannot build message: {e}"))?;
        self.transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| format!("SMTP: {e}"))
    }
}
