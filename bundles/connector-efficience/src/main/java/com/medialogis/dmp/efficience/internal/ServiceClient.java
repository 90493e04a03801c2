package com.medialogis.dmp.efficience.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HTTP client both transports use, made at the first call: it loads a few hundred classes,
 * which would otherwise slow the container's start. Over TLS it trusts the system's
 * certificate authorities, or only the certificates of a configured PEM file (the service's own,
 * issued for {@code localhost.icanopee.net}, or its authority); host names are always verified.
 */
final class ServiceClient {

    private final Duration connectTimeout;
    private final Optional<Path> trusted;
    private volatile HttpClient client;

    /**
     * @param trusted a PEM file of the certificates to trust instead of the system's, checked by {@link #trust}
     */
    ServiceClient(Duration connectTimeout, Optional<Path> trusted) {
        this.connectTimeout = connectTimeout;
        this.trusted = trusted;
    }

    HttpClient get() throws IOException {
        HttpClient made = client;
        if (made == null) {
            synchronized (this) {
                made = client;
                if (made == null) {
                    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
                    if (trusted.isPresent()) {
                        builder.sslContext(trust(trusted.get()));
                    }
                    made = builder.build();
                    client = made;
                }
            }
        }
        return made;
    }

    /**
     * @return a TLS context trusting the file's certificates only
     * @throws IOException when the file cannot be read or holds no certificate
     */
    static SSLContext trust(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException(pem + " holds no certificate (PEM, -----BEGIN CERTIFICATE-----)");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("trusted-" + index++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + " cannot be read as PEM certificates: " + e.getMessage(), e);
        }
    }
}
