package io.dockmedic.notify;

import static io.dockmedic.notify.Reports.passwordRejected;
import static io.dockmedic.notify.Reports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.dockmedic.config.NotifyTarget;
import io.dockmedic.rules.Lang;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** E-mail targets against a real SMTP server (GreenMail) on loopback: login, envelope, UTF-8 subject and text. */
class SmtpTransportTest {
    private GreenMail smtp;
    private int port;

    @BeforeEach
    void start() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.setUser("ops@example.org", "dockmedic", "s3cret-pass");
        smtp.getManagers().getSmtpManager().getUserManager().setAuthRequired(true);
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private NotifyTarget target(String user) {
        NotifyTarget.Mail mail = new NotifyTarget.Mail("dockmedic@example.org", List.of("ops@example.org", "dba@example.org"), user);
        return new NotifyTarget("mail", NotifyTarget.Type.EMAIL, new NotifyTarget.Endpoint(
                Optional.of(URI.create("smtp://127.0.0.1:" + port)), Optional.empty(), "", "", Optional.of(mail)),
                NotifyTarget.Filter.all(), 20);
    }

    @Test
    void aMessageArrivesWithItsSubjectAndTextInTheConfiguredLanguage() throws Exception {
        NotifyTarget t = target("dockmedic");
        Message m = new MessageText(Lang.ZH, Optional.empty()).diagnosis(report("db", "postgres", passwordRejected(), null), List.of());
        Request r = Channels.of(t, "s3cret-pass").request(m);
        Transport.Response resp = new SmtpTransport(t.endpoint().mail().get(), "s3cret-pass", Duration.ofSeconds(10)).send(r);
        assertTrue(resp.ok());
        MimeMessage[] got = smtp.getReceivedMessages();
        assertEquals(2, got.length, "one copy per recipient");
        assertEquals("[CRITICAL] shop/postgres：PostgreSQL 拒绝了密码", got[0].getSubject());
        assertEquals("dockmedic@example.org", got[0].getFrom()[0].toString());
        assertEquals(2, got[0].getAllRecipients().length);
        String body = GreenMailUtil.getBody(got[0]);
        assertTrue(got[0].getContentType().toLowerCase().contains("utf-8"), got[0].getContentType());
        assertTrue(got[0].getContent().toString().startsWith("数据库拒绝了应用发送的密码。"), body);
        assertTrue(!got[0].getContent().toString().contains("hunter2"), "redacted");
    }

    @Test
    void aRefusedLoginIsAnIoErrorTheLaneRetries() {
        NotifyTarget t = target("dockmedic");
        Message m = new MessageText(Lang.EN, Optional.empty()).diagnosis(report("db", "postgres", passwordRejected(), null), List.of());
        Request r = Channels.of(t, "").request(m);
        assertThrows(IOException.class,
                () -> new SmtpTransport(t.endpoint().mail().get(), "wrong", Duration.ofSeconds(10)).send(r));
        assertEquals(0, smtp.getReceivedMessages().length);
    }
}
