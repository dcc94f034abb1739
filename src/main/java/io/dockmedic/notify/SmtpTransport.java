package io.dockmedic.notify;

import io.dockmedic.config.NotifyTarget;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;

/**
 * E-mail over SMTP with Jakarta Mail (Eclipse Angus): the request's URI names the server
 * ({@code smtp://} uses STARTTLS when the server offers it, {@code smtps://} TLS from the start), its
 * {@code Subject} header the subject, its body the text (UTF-8). Sender, recipients and login come
 * from the target's config; the password from its token file. Any failure is an {@link IOException},
 * retried by the lane like an HTTP 5xx.
 */
final class SmtpTransport implements Transport {
    private final NotifyTarget.Mail mail;
    private final String password;
    private final Duration timeout;

    SmtpTransport(NotifyTarget.Mail mail, String password, Duration timeout) {
        this.mail = mail;
        this.password = password;
        this.timeout = timeout;
    }

    @Override
    public Response send(Request request) throws IOException {
        boolean tls = "smtps".equals(request.uri().getScheme());
        String p = tls ? "mail.smtps." : "mail.smtp.";
        Properties props = new Properties();
        props.put(p + "host", request.uri().getHost());
        props.put(p + "port", String.valueOf(request.uri().getPort() > 0 ? request.uri().getPort() : tls ? 465 : 25));
        props.put(p + "connectiontimeout", String.valueOf(timeout.toMillis()));
        props.put(p + "timeout", String.valueOf(timeout.toMillis()));
        props.put(p + "writetimeout", String.valueOf(timeout.toMillis()));
        props.put(p + "auth", String.valueOf(!mail.username().isEmpty()));
        if (!tls) {
            props.put("mail.smtp.starttls.enable", "true");
        }
        Session session = Session.getInstance(props, mail.username().isEmpty() ? null : new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(mail.username(), password);
            }
        });
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(mail.from(), true));
            for (String to : mail.to()) {
                m.addRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(to, true));
            }
            m.setSubject(request.headers().getOrDefault("Subject", "dockmedic"), "UTF-8");
            m.setText(request.body(), "UTF-8");
            m.setSentDate(new Date());
            try (jakarta.mail.Transport t = session.getTransport(tls ? "smtps" : "smtp")) {
                t.connect();
                t.sendMessage(m, m.getAllRecipients());
            }
            return new Response(200, Optional.empty()); // the server took it (250)
        } catch (MessagingException e) {
            throw new IOException("SMTP: " + e.getClass().getSimpleName(), e); // the server's reply may quote addresses
        }
    }
}
