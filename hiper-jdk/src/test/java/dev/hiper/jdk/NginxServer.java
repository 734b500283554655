package dev.hiper.jdk;

import dev.hiper.testkit.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's nginx (installed by {@code bin/setup}) run by a test on 127.0.0.1, on a free port: plain
 * HTTP/1.1 and, when the test gives a certificate, a second port with TLS and HTTP/2. The
 * {@code server} block's extra lines come from the test; files are served from {@link #www}.
 */
final class NginxServer implements AutoCloseable {
    final Path www;
    final int port;
    final int tlsPort;
    private final ServerProcess process;

    private NginxServer(Path www, int port, int tlsPort, ServerProcess process) {
        this.www = www;
        this.port = port;
        this.tlsPort = tlsPort;
        this.process = process;
    }

    /**
     * Starts nginx in {@code dir}; {@code files} are written under {@code www} first.
     *
     * @param locations lines inside each {@code server} block (locations, settings)
     * @param certChain a PEM chain for the TLS port, or null for no TLS port
     * @param key its PEM key
     */
    static NginxServer start(Path dir, int workerConnections, String locations, String certChain, String key,
            java.util.Map<String, byte[]> files) throws IOException, InterruptedException {
        Path bin = ServerProcess.executable("/usr/sbin/nginx", "nginx");
        Path www = Files.createDirectories(dir.resolve("www"));
        for (var f : files.entrySet()) {
            Path file = www.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, f.getValue());
        }
        Files.createDirectories(dir.resolve("tmp"));
        int port = ServerProcess.freePort();
        int tlsPort = certChain == null ? -1 : ServerProcess.freePort();
        String p = dir.toString();
        StringBuilder conf = new StringBuilder()
                .append("daemon off;\nmaster_process off;\nworker_processes 1;\nworker_rlimit_nofile ")
                .append(workerConnections * 2 + 64).append(";\npid ").append(p).append("/nginx.pid;\n")
                .append("error_log ").append(p).append("/error.log warn;\n")
                .append("events { worker_connections ").append(workerConnections).append("; }\n")
                .append("http {\n access_log off;\n client_body_temp_path ").append(p).append("/tmp;\n")
                .append(" proxy_temp_path ").append(p).append("/tmp;\n fastcgi_temp_path ").append(p)
                .append("/tmp;\n uwsgi_temp_path ").append(p).append("/tmp;\n scgi_temp_path ").append(p)
                .append("/tmp;\n types { text/plain txt; text/html html; }\n default_type application/octet-stream;\n")
                .append(" keepalive_requests 1000000;\n")
                .append(" server {\n  listen 127.0.0.1:").append(port).append(";\n  root ").append(www)
                .append(";\n").append(locations).append(" }\n");
        if (certChain != null) {
            conf.append(" server {\n  listen 127.0.0.1:").append(tlsPort).append(" ssl http2;\n")
                    .append("  ssl_certificate ").append(certChain).append(";\n  ssl_certificate_key ").append(key)
                    .append(";\n  root ").append(www).append(";\n").append(locations).append(" }\n");
        }
        conf.append("}\n");
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        List<String> command = List.of(bin.toString(), "-p", p, "-c", confFile.toString(), "-e", p + "/error.log");
        ServerProcess process = certChain == null
                ? ServerProcess.start(dir, "nginx", command, port)
                : ServerProcess.start(dir, "nginx", command, port, tlsPort);
        return new NginxServer(www, port, tlsPort, process);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        process.close();
    }
}
