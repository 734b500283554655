package dev.hiper.cli.run;

import static dev.hiper.curl.Curl.*;

import dev.hiper.cli.Messages;
import dev.hiper.cli.Text;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.EasyInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code -w}: curl's write-out format. {@code %{name}} variables (the {@code curl_easy_getinfo}
 * values and the tool's own), {@code %{json}}, {@code %{header_json}}, {@code %header{name}},
 * {@code %output{file}} / {@code %output{>>file}}, {@code %{stdout}}, {@code %{stderr}},
 * {@code %{onerror}}, {@code %%}, and the escapes {@code \n \r \t}.
 */
final class WriteOut {
    private WriteOut() {
    }

    enum Kind { STRING, LONG, OFFSET, TIME }

    /** A variable: its kind and how to get it from a finished transfer. */
    private record Var(Kind kind, Getter getter) {
    }

    @FunctionalInterface
    private interface Getter {
        /** The value (String, Long) or null when unavailable. */
        Object get(ToolTransfer t, CurlCode result);
    }

    private static final Map<String, Var> VARS = new TreeMap<>();

    private static void v(String name, Kind k, Getter g) {
        VARS.put(name, new Var(k, g));
    }

    private static Getter info(EasyInfo<?> i) {
        return (t, r) -> t.easy.getinfo(i);
    }

    private static final String[] URL_PARTS = {"fragment", "host", "options", "password", "path", "port", "query",
        "scheme", "user", "zoneid"};
    private static final int[] URL_PART_IDS = {CURLUPART_FRAGMENT, CURLUPART_HOST, CURLUPART_OPTIONS,
        CURLUPART_PASSWORD, CURLUPART_PATH, CURLUPART_PORT, CURLUPART_QUERY, CURLUPART_SCHEME, CURLUPART_USER,
        CURLUPART_ZONEID};

    static {
        v("certs", Kind.STRING, (t, r) -> "");
        v("conn_id", Kind.OFFSET, (t, r) -> t.connectionId());
        v("content_type", Kind.STRING, info(CURLINFO_CONTENT_TYPE));
        v("errormsg", Kind.STRING, (t, r) -> r == CurlCode.CURLE_OK ? null : t.errorText(r));
        v("exitcode", Kind.LONG, (t, r) -> (long) r.code());
        v("filename_effective", Kind.STRING, (t, r) -> t.outs.filename);
        v("ftp_entry_path", Kind.STRING, (t, r) -> null);
        v("http_code", Kind.LONG, info(CURLINFO_RESPONSE_CODE));
        v("http_connect", Kind.LONG, info(CURLINFO_HTTP_CONNECTCODE));
        v("http_version", Kind.STRING, (t, r) -> httpVersion(t.easy));
        v("local_ip", Kind.STRING, info(CURLINFO_LOCAL_IP));
        v("local_port", Kind.LONG, info(CURLINFO_LOCAL_PORT));
        v("method", Kind.STRING, (t, r) -> t.effectiveMethod());
        v("num_certs", Kind.LONG, (t, r) -> 0L);
        v("num_connects", Kind.LONG, info(CURLINFO_NUM_CONNECTS));
        v("num_headers", Kind.LONG, (t, r) -> (long) t.numHeaders);
        v("num_redirects", Kind.LONG, info(CURLINFO_REDIRECT_COUNT));
        v("num_retries", Kind.LONG, (t, r) -> (long) t.numRetries);
        v("proxy_ssl_verify_result", Kind.LONG, info(CURLINFO_PROXY_SSL_VERIFYRESULT));
        v("proxy_used", Kind.LONG, (t, r) -> 0L);
        v("redirect_url", Kind.STRING, info(CURLINFO_REDIRECT_URL));
        v("referer", Kind.STRING, (t, r) -> t.referer());
        v("remote_ip", Kind.STRING, info(CURLINFO_PRIMARY_IP));
        v("remote_port", Kind.LONG, info(CURLINFO_PRIMARY_PORT));
        v("response_code", Kind.LONG, info(CURLINFO_RESPONSE_CODE));
        v("scheme", Kind.STRING, (t, r) -> scheme(t));
        v("size_delivered", Kind.OFFSET, (t, r) -> t.outs.bytes + t.deliveredBefore);
        v("size_download", Kind.OFFSET, info(CURLINFO_SIZE_DOWNLOAD_T));
        v("size_header", Kind.LONG, info(CURLINFO_HEADER_SIZE));
        v("size_request", Kind.LONG, info(CURLINFO_REQUEST_SIZE));
        v("size_upload", Kind.OFFSET, info(CURLINFO_SIZE_UPLOAD_T));
        v("speed_download", Kind.OFFSET, info(CURLINFO_SPEED_DOWNLOAD_T));
        v("speed_upload", Kind.OFFSET, info(CURLINFO_SPEED_UPLOAD_T));
        v("ssl_verify_result", Kind.LONG, info(CURLINFO_SSL_VERIFYRESULT));
        v("time_appconnect", Kind.TIME, info(CURLINFO_APPCONNECT_TIME_T));
        v("time_connect", Kind.TIME, info(CURLINFO_CONNECT_TIME_T));
        v("time_namelookup", Kind.TIME, info(CURLINFO_NAMELOOKUP_TIME_T));
        v("time_posttransfer", Kind.TIME, info(CURLINFO_PRETRANSFER_TIME_T));
        v("time_pretransfer", Kind.TIME, info(CURLINFO_PRETRANSFER_TIME_T));
        v("time_queue", Kind.TIME, (t, r) -> 0L);
        v("time_redirect", Kind.TIME, info(CURLINFO_REDIRECT_TIME_T));
        v("time_starttransfer", Kind.TIME, info(CURLINFO_STARTTRANSFER_TIME_T));
        v("time_total", Kind.TIME, info(CURLINFO_TOTAL_TIME_T));
        v("tls_earlydata", Kind.OFFSET, (t, r) -> 0L);
        v("url", Kind.STRING, (t, r) -> t.url);
        v("url_effective", Kind.STRING, (t, r) -> t.effectiveUrl());
        for (int i = 0; i < URL_PARTS.length; i++) {
            String part = URL_PARTS[i];
            int id = URL_PART_IDS[i];
            v("url." + part, Kind.STRING, (t, r) -> TransferFactory.urlPart(t.url, id));
            v("urle." + part, Kind.STRING, (t, r) -> TransferFactory.urlPart(t.effectiveUrl(), id));
        }
        v("urlnum", Kind.LONG, (t, r) -> (long) t.urlNum);
        v("xfer_id", Kind.OFFSET, (t, r) -> t.xferId);
    }

    private static String scheme(ToolTransfer t) {
        Object s = t.easy.getinfo(CURLINFO_SCHEME);
        return s == null ? null : ((String) s).toLowerCase(java.util.Locale.ROOT);
    }

    private static String httpVersion(CurlEasy e) {
        Long v = e.getinfo(CURLINFO_HTTP_VERSION);
        if (v == null) {
            return null;
        }
        if (v == CURL_HTTP_VERSION_1_0) {
            return "1";
        }
        if (v == CURL_HTTP_VERSION_1_1) {
            return "1.1";
        }
        if (v == CURL_HTTP_VERSION_2_0) {
            return "2";
        }
        if (v == CURL_HTTP_VERSION_3) {
            return "3";
        }
        return "0";
    }

    private static String format(Kind k, Object value) {
        if (value == null) {
            return null;
        }
        switch (k) {
            case TIME: {
                long us = (Long) value;
                return (us / 1_000_000) + "." + String.format("%06d", us % 1_000_000);
            }
            default:
                return String.valueOf(value);
        }
    }

    /** Writes the format for a finished transfer; the body's stream is standard output. */
    static void write(String format, ToolTransfer t, CurlCode result, Streams s) {
        OutputStream stream = s.stdout;
        OutputStream opened = null;
        StringBuilder pending = new StringBuilder();
        int i = 0;
        int n = format.length();
        try {
            outer:
            while (i < n) {
                char c = format.charAt(i);
                if (c == '%' && i + 1 < n) {
                    char d = format.charAt(i + 1);
                    if (d == '%') {
                        pending.append('%');
                        i += 2;
                    } else if (d == '{') {
                        int end = format.indexOf('}', i);
                        i += 2;
                        if (end < 0) {
                            pending.append("%{");
                            continue;
                        }
                        String name = format.substring(i, end);
                        i = end + 1;
                        switch (name) {
                            case "onerror":
                                if (result == CurlCode.CURLE_OK) {
                                    break outer;
                                }
                                break;
                            case "stdout":
                                flush(stream, pending);
                                closeIf(opened);
                                opened = null;
                                stream = s.stdout;
                                break;
                            case "stderr":
                                flush(stream, pending);
                                closeIf(opened);
                                opened = null;
                                stream = s.stderr;
                                break;
                            case "json":
                                pending.append(json(t, result));
                                break;
                            case "header_json":
                                pending.append(headerJson(t));
                                break;
                            default: {
                                Var var = VARS.get(name);
                                if (var == null) {
                                    flush(stream, pending);
                                    s.err(Messages.ERROR_PREFIX + "unknown --write-out variable: '" + name + "'\n");
                                } else {
                                    String val = format(var.kind, var.getter.get(t, result));
                                    if (val != null) {
                                        pending.append(val);
                                    }
                                }
                            }
                        }
                    } else if (format.startsWith("header{", i + 1)) {
                        int end = format.indexOf('}', i + 8);
                        while (end > 0 && format.charAt(end - 1) == '\\') {
                            end = format.indexOf('}', end + 1); // "\}" belongs to a separator
                        }
                        if (end < 0) {
                            pending.append("%header{");
                            i += 8;
                            continue;
                        }
                        String value = t.headers.writeOut(format.substring(i + 8, end));
                        if (value != null) {
                            pending.append(value);
                        }
                        i = end + 1;
                    } else if (format.startsWith("output{", i + 1)) {
                        int from = i + 8;
                        boolean append = format.startsWith(">>", from);
                        if (append) {
                            from += 2;
                        }
                        int end = format.indexOf('}', from);
                        if (end < 0) {
                            pending.append("%output{");
                            i += 8;
                            continue;
                        }
                        String file = format.substring(from, end);
                        try {
                            OutputStream o = Files.newOutputStream(s.env.path(file), StandardOpenOption.CREATE,
                                    StandardOpenOption.WRITE,
                                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
                            flush(stream, pending);
                            closeIf(opened);
                            opened = o;
                            stream = o;
                        } catch (IOException e) {
                            // curl keeps the current stream when the open fails
                        }
                        i = end + 1;
                    } else {
                        pending.append('%').append(d);
                        i += 2;
                    }
                } else if (c == '\\' && i + 1 < n) {
                    char d = format.charAt(i + 1);
                    switch (d) {
                        case 'r' -> pending.append('\r');
                        case 'n' -> pending.append('\n');
                        case 't' -> pending.append('\t');
                        default -> pending.append(c).append(d);
                    }
                    i += 2;
                } else {
                    pending.append(c);
                    i++;
                }
            }
            flush(stream, pending);
            closeIf(opened);
            s.stdout.flush();
        } catch (IOException e) {
            // output gone: nothing to report it to
        }
    }

    private static void flush(OutputStream out, StringBuilder pending) throws IOException {
        if (pending.length() > 0) {
            out.write(Messages.bytes(pending.toString()));
            pending.setLength(0);
            out.flush();
        }
    }

    private static void closeIf(OutputStream o) throws IOException {
        if (o != null) {
            o.close();
        }
    }

    /** curl's JSON string, quoted. */
    static String jsonString(String s, boolean lower) {
        return '"' + Text.json(s, lower) + '"';
    }

    private static String json(ToolTransfer t, CurlCode result) {
        List<String> items = new ArrayList<>();
        for (Map.Entry<String, Var> e : VARS.entrySet()) {
            Var var = e.getValue();
            Object raw = var.getter.get(t, result);
            String val;
            if (raw == null) {
                val = "null";
            } else if (var.kind == Kind.STRING) {
                val = jsonString((String) raw, false);
            } else {
                val = format(var.kind, raw);
            }
            items.add("\"" + e.getKey() + "\":" + val);
        }
        items.add("\"curl_version\":" + jsonString(dev.hiper.cli.Hiper.versionLine(), false));
        return "{" + String.join(",", items) + "}";
    }

    private static String headerJson(ToolTransfer t) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, List<String>> e : t.headers.grouped().entrySet()) {
            if (!first) {
                sb.append(",\n");
            }
            first = false;
            sb.append(jsonString(e.getKey(), true)).append(":[");
            List<String> values = e.getValue();
            for (int k = 0; k < values.size(); k++) {
                if (k > 0) {
                    sb.append(',');
                }
                sb.append(jsonString(values.get(k), false));
            }
            sb.append(']');
        }
        return sb.append("\n}").toString();
    }
}
