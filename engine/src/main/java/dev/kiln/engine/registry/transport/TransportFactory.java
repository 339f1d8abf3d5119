package dev.kiln.engine.registry.transport;

import dev.kiln.engine.registry.auth.RegistryAuthenticator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the standard registry transport: HTTP clients for a {@link ConnectionSecurity}, and the interceptor
 * chain user agent, retry, auth, redirect, logging, exchange.
 *
 * <p>Stateless. Reading PEM files is blocking, so {@link #httpClient} does it on a worker thread and answers
 * with a future; nothing here blocks an event loop.
 */
public final class TransportFactory {

    private TransportFactory() {
    }

    /**
     * An HTTP/1.1 client for one registry's security settings: plain or TLS, the JDK's CAs plus
     * {@code security.caFiles()}, verification of certificate and host name unless skipped, a client
     * certificate if given, no response decompression.
     *
     * @return a future failing with an {@link IOException} naming the file when a PEM file is unreadable or
     *         holds no certificate or key
     */
    public static Future<HttpClient> httpClient(Vertx vertx, ConnectionSecurity security, TransportSettings settings) {
        return vertx.executeBlocking(() -> {
            HttpClientOptions options = new HttpClientOptions()
                    .setProtocolVersion(HttpVersion.HTTP_1_1)
                    .setDecompressionSupported(false)
                    .setKeepAlive(true)
                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                    .setSsl(!security.plainHttp());
            if (!security.plainHttp()) {
                if (security.skipVerify()) {
                    options.setTrustAll(true).setVerifyHost(false);
                } else {
                    options.setVerifyHost(true);
                    if (!security.caFiles().isEmpty()) {
                        options.setTrustOptions(TrustOptions.wrap(trustWithExtraCas(security.caFiles())));
                    }
                }
                if (security.clientCert() != null) {
                    options.setKeyCertOptions(new PemKeyCertOptions()
                            .setCertValue(Buffer.buffer(readPem(security.clientCert(), "client certificate")))
                            .setKeyValue(Buffer.buffer(readPem(security.clientKey(), "client key"))));
                }
            }
            PoolOptions pool = new PoolOptions().setHttp1MaxSize(settings.maxConnections());
            return (HttpClient) vertx.createHttpClient(options, pool);
        }, false);
    }

    /**
     * The chain for one registry: {@link UserAgentInterceptor}, {@link RetryInterceptor},
     * {@link AuthInterceptor} (when {@code authenticator} is not null), {@link RedirectInterceptor},
     * {@link LoggingInterceptor}, {@link HttpExchange}. Retries sit above auth so each attempt gets a current
     * token; redirects below auth so a storage hop never gets the registry's credentials; logging next to the
     * wire so every attempt and hop is one line.
     */
    public static Transport transport(Vertx vertx, HttpClient client, RegistryAuthenticator authenticator,
                                      TransportSettings settings) {
        List<Interceptor> chain = new ArrayList<>();
        chain.add(new UserAgentInterceptor(settings.userAgent()));
        chain.add(new RetryInterceptor(vertx, settings.retryPolicy()));
        if (authenticator != null) {
            chain.add(new AuthInterceptor(authenticator));
        }
        chain.add(new RedirectInterceptor());
        chain.add(new LoggingInterceptor());
        chain.add(new HttpExchange(vertx, client, settings.connectTimeout(), settings.idleTimeout()));
        return new Transport(chain);
    }

    /** A trust manager factory trusting the JDK's default CAs and every certificate in {@code pemFiles}. */
    static TrustManagerFactory trustWithExtraCas(List<Path> pemFiles) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        int n = 0;
        for (TrustManager tm : jdk.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                for (X509Certificate c : x509.getAcceptedIssuers()) {
                    store.setCertificateEntry("jdk-" + n++, c);
                }
            }
        }
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (Path pem : pemFiles) {
            List<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(pem)) {
                certs = new ArrayList<>(x509.generateCertificates(in));
            } catch (java.security.cert.CertificateException e) {
                throw new IOException("read CA certificates from " + pem + ": not PEM or DER X.509 ("
                        + e.getMessage() + ")", e);
            }
            if (certs.isEmpty()) {
                throw new IOException("read CA certificates from " + pem + ": no certificate in the file");
            }
            for (Certificate c : certs) {
                store.setCertificateEntry("extra-" + n++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }

    private static byte[] readPem(Path file, String what) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("read " + what + " " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        if (!new String(bytes, java.nio.charset.StandardCharsets.US_ASCII).contains("-----BEGIN ")) {
            throw new IOException("read " + what + " " + file + ": not a PEM file");
        }
        return bytes;
    }
}
