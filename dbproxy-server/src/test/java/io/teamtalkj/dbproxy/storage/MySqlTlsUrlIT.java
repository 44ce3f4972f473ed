package io.teamtalkj.dbproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS to MySQL is the driver's: its parameters in --db-url reach it untouched (the dbproxy only
 * appends its own defaults), and the pools' connections are then encrypted.
 */
@Timeout(180)
class MySqlTlsUrlIT {
    @Test
    void driverTlsParametersInTheUrlArePassedThrough() {
        String url = "jdbc:mysql://db:3306/teamtalk?sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:/etc/tt/ca.p12"
                + "&trustCertificateKeyStorePassword=s3cret";
        String withDefaults = Storage.withDefaults(url);
        assertThat(withDefaults).startsWith(url + "&").contains("&rewriteBatchedStatements=true");
    }

    @Test
    void sslModeRequiredGivesEncryptedConnections() throws Exception {
        DbProxyConfig cfg = EmbeddedStorage.freshConfig();
        cfg.dbUrl = cfg.dbUrl.replace("sslMode=DISABLED", "sslMode=REQUIRED");
        assertThat(cfg.dbUrl).contains("sslMode=REQUIRED");
        try (Storage storage = Storage.open(cfg); Connection c = storage.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_version'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).as("TLS version of the dbproxy's MySQL session").startsWith("TLS");
        }
    }
}
